#!/usr/bin/env bash
# `make run`: the whole system on this machine. Starts PostgreSQL and RabbitMQ, builds the solution, migrates
# and starts the eight apps and nginx, prints the URL and a status table, then waits. Ctrl-C (or `make stop`
# from another terminal, which sends SIGTERM) stops everything it started; data stays in .state/<profile>/ for
# the next run. Also stops everything when start-up fails, so nothing is left half-running.
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$here/common.sh"

if pid=$(live_pid "$PIDS/run.pid" run.sh); then
  die "already running (pid $pid): press Ctrl-C in its terminal, or run make stop"
fi
echo $$ >"$PIDS/run.pid" # lets stop.sh find us

sleeper=
shutdown() {
  trap '' INT TERM # a second Ctrl-C must not cut the orderly stop short
  if [[ -n $sleeper ]]; then kill "$sleeper" 2>/dev/null || true; fi
  say "stopping"
  bash "$here/apps.sh" down || true
  bash "$here/infra.sh" down || true
  rm -f "$PIDS/run.pid"
}
trap 'echo; shutdown; exit 0' INT TERM
trap 'rc=$?; if ((rc != 0)); then say "start-up failed (logs in $LOGS); stopping what was started"; shutdown; fi' EXIT

bash "$here/infra.sh" up
say "building (dotnet build TicketTracking.sln -c Release)"
(cd "$REPO" && dotnet build TicketTracking.sln -c Release -nologo -v q)
bash "$here/apps.sh" up

echo
say "TicketTracking is running: http://127.0.0.1:$NGINX_PORT"
say "logs: $LOGS/<app>.log; stop with Ctrl-C or, from another terminal, make stop"

# Wait for a signal; stdin is not read, so this works the same without a terminal (CI). Every few seconds,
# report an app that has died so it does not go unnoticed behind a healthy-looking front door.
declare -A reported=()
while true; do
  sleep 5 &
  sleeper=$!
  wait "$sleeper" || true
  sleeper=
  for app in "${APPS[@]}"; do
    if [[ -z ${reported[$app]:-} ]] && ! live_pid "$PIDS/$app.pid" "$(app_dll "$app")" >/dev/null; then
      say "warning: $app is no longer running (log: $LOGS/$app.log)"
      reported[$app]=1
    fi
  done
done
