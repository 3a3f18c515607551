#!/usr/bin/env bash
# `make bench`: the benchmarks of ARCHITECTURE.md §11 that exist so far (ticket search at a million tickets, then the event path), against the test profile's PostgreSQL and
# RabbitMQ (started here when not running, and stopped again if this script started them). Prints Markdown tables;
# record them with the machine in tests/RESULTS.md.
set -euo pipefail
export TT_PROFILE=test
# shellcheck source=../deploy/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/common.sh"
cd "$REPO"

started_infra=0
if ! bash deploy/local/infra.sh status | grep -qE 'postgres +running'; then
  bash deploy/local/infra.sh up
  started_infra=1
fi
stop_infra() { if ((started_infra)); then bash deploy/local/infra.sh down >/dev/null 2>&1 || true; fi; }
trap stop_infra EXIT

dotnet build tests/TicketTracking.Benchmarks -c Release -nologo -v q -clp:ErrorsOnly
load_secrets
export TT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$TT_PG_PASSWORD"
TT_TEST_RABBITMQ=$(rabbitmq_uri)
export TT_TEST_RABBITMQ
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME")"
"$REPO/artifacts/bin/TicketTracking.Benchmarks/release/TicketTracking.Benchmarks"
