#!/usr/bin/env bash
# Prints the environment one app gets from `make run` (or `make test` with TT_PROFILE=test) as `export` lines,
# so an IDE or a test can run that app against the rest of the stack:
#   eval "$(deploy/local/app-env.sh tickets)"
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# -eq 1 ]] || { echo "usage: $0 <app>   (one of: ${APPS[*]})" >&2; exit 2; }
pairs=$(app_env_pairs "$1")
while IFS= read -r line; do
  printf 'export %s=%q\n' "${line%%=*}" "${line#*=}"
done <<<"$pairs"
