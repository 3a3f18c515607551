#!/usr/bin/env bash
# `make stop`: stops what `make run` started, from any terminal. When run.sh is still running it is asked to
# stop (SIGTERM), so its terminal returns; then apps and infrastructure are stopped directly, which is a no-op
# when run.sh already did it and the whole job when run.sh is gone (killed, or its terminal closed).
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$here/common.sh"

if pid=$(live_pid "$PIDS/run.pid" run.sh); then
  say "asking make run (pid $pid) to stop"
  kill -TERM "$pid"
  deadline=$((SECONDS + 60))
  while live_pid "$PIDS/run.pid" run.sh >/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
fi
bash "$here/apps.sh" down
bash "$here/infra.sh" down
