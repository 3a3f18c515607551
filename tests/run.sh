#!/usr/bin/env bash
# `make test`: everything CI runs. Starts a PostgreSQL, RabbitMQ and SMTP sink of its own (the test profile's ports
# and state folder, wiped first), builds, runs the unit and integration tests, then starts the whole stack as
# `make run` does and runs the system tests against it. Whatever it started is stopped at the end, also after a failure.
set -euo pipefail
export TT_PROFILE=test
# shellcheck source=../deploy/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/common.sh"
cd "$REPO"

started=$SECONDS
stop_all() {
  bash deploy/local/apps.sh down >/dev/null 2>&1 || true
  bash deploy/local/infra.sh down >/dev/null 2>&1 || true
}
trap stop_all EXIT

say "fresh test state in $STATE"
bash deploy/local/infra.sh reset
bash deploy/local/infra.sh up

say "building"
dotnet build TicketTracking.sln -c Release -nologo -v q -clp:ErrorsOnly

load_secrets
export TT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$TT_PG_PASSWORD"
TT_TEST_RABBITMQ=$(rabbitmq_uri)
export TT_TEST_RABBITMQ
# The system tests call the services as the "tooling" service account that apps.sh provisions.
export TT_TEST_TOOLING_SECRET=$TT_SA_TOOLING_SECRET
export TT_TEST_SMTP_PORT=$SMTP_PORT TT_TEST_SMTP_API=http://127.0.0.1:$SMTP_API_PORT
export TT_SYSTEM_PORT_OFFSET=$PORT_OFFSET

passed=0 failed=0 broken=()
# Runs one test project's executable (xunit.v3 on Microsoft.Testing.Platform) and adds up its summary line
# ("Total: N, Errors: N, Failed: N, Skipped: N, Not Run: N").
run_project() {
  local project=$1 log=$LOGS/$1.log status=0 summary
  say "running $project"
  "$REPO/artifacts/bin/$project/release/$project" 2>&1 | tee "$log" || status=$?
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E 'Total: [0-9]+, Errors:' | tail -n 1 || true)
  if [[ $summary =~ Total:\ ([0-9]+),\ Errors:\ ([0-9]+),\ Failed:\ ([0-9]+),\ Skipped:\ ([0-9]+),\ Not\ Run:\ ([0-9]+) ]]; then
    local total=${BASH_REMATCH[1]} bad=$((BASH_REMATCH[2] + BASH_REMATCH[3]))
    failed=$((failed + bad)) passed=$((passed + total - bad - BASH_REMATCH[4] - BASH_REMATCH[5]))
  fi
  if ((status != 0)) || [[ -z $summary ]]; then broken+=("$project"); fi
}

for project in ServiceDefaults Eventing Auth AccessControl Tickets Workflow Messaging Notifications Bff NotificationWorker; do
  run_project "TicketTracking.$project.Tests"
done

say "starting the whole stack for the system tests"
bash deploy/local/apps.sh up
# The first administrator apps.sh created, for the system tests that sign in through the front door.
export TT_TEST_ADMIN_EMAIL=${TT_ADMIN_EMAIL:-admin@tickettracking.local} TT_TEST_ADMIN_PASSWORD
TT_TEST_ADMIN_PASSWORD=${TT_ADMIN_PASSWORD:-$(<"$STATE/admin-password")}
run_project TicketTracking.SystemTests

elapsed=$((SECONDS - started))
say "finished in $((elapsed / 60)) min $((elapsed % 60)) s"
echo "tests: $passed passed, $failed failed"
if ((${#broken[@]} > 0)); then
  say "failed: ${broken[*]} (logs in $LOGS)"
  exit 1
fi
