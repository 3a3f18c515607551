#!/usr/bin/env bash
# `make bench`: the benchmarks of ARCHITECTURE.md §11 — ticket create through the front door with the whole stack
# running, the event path, ticket search at a million tickets — on the test profile's ports, with PostgreSQL
# flushing every commit as production does (the test profile otherwise skips the flushes) and nginx's rate limits
# raised so the load is measured instead of turned into 429s. Stops a running test-profile stack first and
# everything it started at the end. Prints Markdown tables; record them with the machine in tests/RESULTS.md.
#   tests/bench.sh [create|events|search]     (default: all three)
set -euo pipefail
export TT_PROFILE=test
# shellcheck source=../deploy/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/common.sh"
cd "$REPO"

which=${1:-all}
case $which in all | create | events | search) ;; *) die "usage: $0 [create|events|search]" ;; esac

stop_all() {
  bash deploy/local/apps.sh down >/dev/null 2>&1 || true
  bash deploy/local/infra.sh down >/dev/null 2>&1 || true
}
stop_all # an earlier make test or bench: PostgreSQL must restart with durable settings
trap stop_all EXIT
TT_PG_DURABLE=1 bash deploy/local/infra.sh up

dotnet build TicketTracking.sln -c Release -nologo -v q -clp:ErrorsOnly
load_secrets
export TT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$TT_PG_PASSWORD"
TT_TEST_RABBITMQ=$(rabbitmq_uri)
export TT_TEST_RABBITMQ
bench=$REPO/artifacts/bin/TicketTracking.Benchmarks/release/TicketTracking.Benchmarks
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"

status=0
if [[ $which == all || $which == create ]]; then
  NGINX_AUTH_RATE=100000r/s NGINX_AUTH_BURST=100000 NGINX_API_RATE=100000r/s NGINX_API_BURST=100000 \
    bash deploy/local/apps.sh up
  bash deploy/local/apps.sh pids >"$STATE/bench-pids"
  TT_BENCH_FRONT_DOOR=http://127.0.0.1:$NGINX_PORT TT_BENCH_AUTH_GRPC=http://127.0.0.1:${APP_GRPC[auth]} \
    TT_BENCH_PIDS=$STATE/bench-pids TT_TEST_TOOLING_SECRET=$TT_SA_TOOLING_SECRET "$bench" create || status=$?
  bash deploy/local/apps.sh down
fi
# The other two need only PostgreSQL and RabbitMQ, and a machine the apps no longer share.
if [[ $which == all || $which == events ]]; then "$bench" events || status=$?; fi
if [[ $which == all || $which == search ]]; then "$bench" search || status=$?; fi
exit "$status"
