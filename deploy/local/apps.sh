#!/usr/bin/env bash
# The eight .NET apps and nginx for one profile. Assumes `infra.sh up` ran and the solution is built
# (dotnet build TicketTracking.sln -c Release).
#   apps.sh up       migrate, start the apps and nginx, wait until all are healthy, print the status table
#   apps.sh down     stop nginx, then the apps (only the processes named in our pidfiles)
#   apps.sh status   the status table
#   apps.sh pids     "name pid" per running process of the stack (the apps, postgres, rabbitmq, nginx), for make bench
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$here/common.sh"

HEALTH_TIMEOUT=${TT_HEALTH_TIMEOUT:-60} # seconds, from the first app start

app_pid() { live_pid "$PIDS/$1.pid" "$(app_dll "$1")"; }

# HTTP status of a GET on 127.0.0.1 ("000" when nothing answers).
http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1$2" || true; }

check_build() {
  command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK"
  local app missing=()
  for app in "${APPS[@]}"; do [[ -f $(app_dll "$app") ]] || missing+=("$(app_dll "$app")"); done
  ((${#missing[@]} == 0)) ||
    die "not built (run: dotnet build TicketTracking.sln -c Release): ${missing[*]#"$REPO/"}"
}

# Runs the app in this (sub)shell's place: its environment, from the dll's folder (the content root, where
# appsettings.json is). mode: serve, or an ops command with its arguments (migrate, create-admin, ...).
exec_app() {
  local app=$1 mode=$2 dll
  dll=$(app_dll "$app")
  app_export "$app"
  cd "$(dirname "$dll")"
  if [[ $mode != serve ]]; then exec dotnet "$dll" "${@:2}"; fi
  # setsid: own session, so a Ctrl-C in the terminal of `make run` does not hit the apps directly (run.sh
  # stops them in order). A background subshell is no process-group leader, so setsid execs in place and the
  # subshell's pid ($! in the caller) ends up being the dotnet process itself.
  exec setsid dotnet "$dll"
}

# Each service applies its own migrations to its own database, so the five run side by side.
migrate() {
  local svc failed=() pids=() i
  say "applying migrations"
  for svc in "${SERVICES[@]}"; do
    (exec_app "$svc" migrate) >"$LOGS/$svc.migrate.log" 2>&1 </dev/null &
    pids+=($!)
  done
  for i in "${!SERVICES[@]}"; do
    wait "${pids[$i]}" || failed+=("${SERVICES[$i]}")
  done
  for svc in "${failed[@]}"; do
    echo "--- $svc migrate failed; last lines of $LOGS/$svc.migrate.log:" >&2
    log_tail "$LOGS/$svc.migrate.log" 40
  done
  ((${#failed[@]} == 0)) || die "migrations failed: ${failed[*]}"
}

# Every run, idempotently: the apps' own service accounts (secrets from secrets.env), a "tooling" account holding
# Admin (for grpcurl and the system tests), and the first administrator (TT_ADMIN_EMAIL / TT_ADMIN_PASSWORD; a
# password is generated once and kept in $ADMIN_PASSWORD_FILE when none is given).
ADMIN_PASSWORD_FILE=$STATE/admin-password
provision() {
  local log=$LOGS/auth.provision.log client secret_var roles
  : >"$log"
  for client in "${!SERVICE_ACCOUNTS[@]}"; do
    secret_var=${SERVICE_ACCOUNTS[$client]}
    roles=()
    if [[ $client == tooling ]]; then roles=(--role Admin); fi
    printf '%s\n' "${!secret_var}" | (exec_app auth ensure-service-account --client-id "$client" --name "$client" "${roles[@]}") >>"$log" 2>&1 ||
      { log_tail "$log"; die "could not provision the service account $client"; }
  done

  local email=${TT_ADMIN_EMAIL:-admin@tickettracking.local} password=${TT_ADMIN_PASSWORD:-} output
  if [[ -z $password ]]; then
    if [[ ! -s $ADMIN_PASSWORD_FILE ]]; then (umask 077 && random_secret | cut -c1-20 >"$ADMIN_PASSWORD_FILE"); fi
    password=$(<"$ADMIN_PASSWORD_FILE")
  fi
  output=$(printf '%s\n' "$password" | (exec_app auth create-admin --email "$email" --password-stdin) 2>&1) ||
    { echo "$output" >&2; die "could not create the first administrator $email"; }
  echo "$output" >>"$log"
  if [[ $output == Created* ]]; then
    say "created the first administrator: $email"
    if [[ -z ${TT_ADMIN_PASSWORD:-} ]]; then say "its generated password (shown once; kept in $ADMIN_PASSWORD_FILE): $password"; fi
  else
    say "administrator: $email (it existed; its password was not changed)"
  fi
}

started_apps=()
start_app() {
  local app=$1 pid
  if pid=$(app_pid "$app"); then
    say "$app already running (pid $pid)"
    return
  fi
  keep_previous_log "$LOGS/$app.log"
  started_apps+=("$app")
  (exec_app "$app" serve) >"$LOGS/$app.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$app.pid"
}

# Polls every app's /readyz and the front door until all answer or HEALTH_TIMEOUT passes.
wait_healthy() {
  local started=$1 pending=("${APPS[@]}") still app code nginx_code
  local -A last=()
  while true; do
    still=()
    for app in "${pending[@]}"; do
      if ! app_pid "$app" >/dev/null; then
        echo "--- $app exited; last lines of $LOGS/$app.log:" >&2
        log_tail "$LOGS/$app.log" 40
        die "$app exited during start-up"
      fi
      code=$(http_code "${APP_HTTP[$app]}" /readyz)
      if [[ $code != 200 ]]; then still+=("$app"); last[$app]=$code; fi
    done
    pending=("${still[@]}")
    nginx_code=$(http_code "$NGINX_PORT" /) # any answer will do: the SPA may not be built
    if ((${#pending[@]} == 0)) && [[ $nginx_code != 000 ]]; then return 0; fi
    if (($(elapsed_ms "$started") > HEALTH_TIMEOUT * 1000)); then
      for app in "${pending[@]}"; do
        echo "--- $app not ready: GET http://127.0.0.1:${APP_HTTP[$app]}/readyz -> ${last[$app]}; last lines of $LOGS/$app.log:" >&2
        log_tail "$LOGS/$app.log"
      done
      if [[ $nginx_code == 000 ]]; then
        echo "--- nginx does not answer on http://127.0.0.1:$NGINX_PORT/" >&2
        log_tail "$NGINX_DIR/logs/error.log"
        pending+=(nginx)
      fi
      die "not healthy after ${HEALTH_TIMEOUT} s: ${pending[*]} (apps.sh down stops the rest)"
    fi
    sleep 0.2
  done
}

now_ms() { local t=${EPOCHREALTIME/./}; echo "${t:0:-3}"; }
elapsed_ms() { echo $(($(now_ms) - $1)); }

# --- status table -----------------------------------------------------------------------------------------

# PID and all its descendants (postgres backends, nginx workers, Erlang helpers), one pass over /proc.
proc_tree() {
  local -A kids=()
  local stat line fields
  for stat in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$stat" || continue
    read -ra fields <<<"${line##*) }" # fields[1] is the parent pid
    kids[${fields[1]}]+=" ${stat:6:-5}"
  done
  local queue=("$1") pid
  while ((${#queue[@]})); do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    echo "$pid"
    # shellcheck disable=SC2206  # the children list is a space-separated list of numbers
    queue+=(${kids[$pid]:-})
  done
}

# "RSS PSS" in kB for a process tree: VmRSS from /proc/PID/status (counts shared pages in every process),
# Pss from /proc/PID/smaps_rollup (shares them out, so it adds up; ARCHITECTURE.md §11 budgets PSS).
tree_mem_kb() {
  local rss=0 pss=0 pid key value _
  while read -r pid; do
    while read -r key value _; do
      [[ $key == VmRSS: ]] && rss=$((rss + value))
    done 2>/dev/null <"/proc/$pid/status" || true
    while read -r key value _; do
      [[ $key == Pss: ]] && pss=$((pss + value))
    done 2>/dev/null <"/proc/$pid/smaps_rollup" || true
  done < <(proc_tree "$1")
  echo "$rss $pss"
}

mb() { printf '%d.%d' $(($1 / 1024)) $((($1 % 1024) * 10 / 1024)); }

TABLE_FMT='%-20s %8s %6s %-12s %-12s %8s %8s\n'
total_pss=0
table_row() { # name pid grpc http health
  local rss=0 pss=0
  if [[ $2 != - ]]; then read -r rss pss < <(tree_mem_kb "$2"); fi
  total_pss=$((total_pss + pss))
  # shellcheck disable=SC2059  # the format is a constant above
  printf "$TABLE_FMT" "$1" "$2" "$3" "$4" "$5" "$(mb "$rss")" "$(mb "$pss")"
}

print_table() {
  local app pid health
  # shellcheck disable=SC2059
  printf "$TABLE_FMT" process pid gRPC HTTP/port 'health' 'RSS MB' 'PSS MB'
  for app in "${APPS[@]}"; do
    local grpc=${APP_GRPC[$app]}
    ((grpc != 0)) || grpc=-
    if pid=$(app_pid "$app"); then
      health="$(http_code "${APP_HTTP[$app]}" /healthz)/$(http_code "${APP_HTTP[$app]}" /readyz)"
      table_row "$app" "$pid" "$grpc" "${APP_HTTP[$app]}" "$health"
    else
      table_row "$app" - "$grpc" "${APP_HTTP[$app]}" stopped
    fi
  done
  if pid=$(live_pid "$PGDATA/postmaster.pid" "$PGDATA"); then
    health=$("$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && echo ready || echo "not ready")
    table_row "postgres" "$pid" - "$PG_PORT" "$health"
  else
    table_row "postgres" - - "$PG_PORT" stopped
  fi
  if pid=$(live_pid "$RMQ_PID_FILE" "-home $RMQ_DIR/home"); then
    table_row "rabbitmq" "$pid" - "$RMQ_AMQP_PORT,$RMQ_MGMT_PORT" "$(port_open "$RMQ_AMQP_PORT" && echo up || echo down)"
  else
    table_row "rabbitmq" - - "$RMQ_AMQP_PORT,$RMQ_MGMT_PORT" stopped
  fi
  if pid=$(live_pid "$NGINX_PID_FILE" "$NGINX_DIR/nginx.conf"); then
    table_row "nginx" "$pid" - "$NGINX_PORT" "$(http_code "$NGINX_PORT" /)"
  else
    table_row "nginx" - - "$NGINX_PORT" stopped
  fi
  # shellcheck disable=SC2059
  printf "$TABLE_FMT" total "" "" "" "" "" "$(mb "$total_pss")"
  echo "(health: HTTP status of /healthz and /readyz; memory includes child processes such as postgres backends and nginx workers)"
}

print_pids() {
  local app pid
  for app in "${APPS[@]}"; do
    if pid=$(app_pid "$app"); then echo "$app $pid"; fi
  done
  if pid=$(live_pid "$PGDATA/postmaster.pid" "$PGDATA"); then echo "postgres $pid"; fi
  if pid=$(live_pid "$RMQ_PID_FILE" "-home $RMQ_DIR/home"); then echo "rabbitmq $pid"; fi
  if pid=$(live_pid "$NGINX_PID_FILE" "$NGINX_DIR/nginx.conf"); then echo "nginx $pid"; fi
}

# --- commands ---------------------------------------------------------------------------------------------

up() {
  check_build
  load_secrets
  migrate
  provision
  say "starting ${#APPS[@]} apps"
  local started app
  started=$(now_ms)
  for app in "${APPS[@]}"; do start_app "$app"; done
  bash "$here/nginx.sh" up
  wait_healthy "$started"
  local ms
  ms=$(elapsed_ms "$started")
  if ((${#started_apps[@]} == ${#APPS[@]})); then
    say "all healthy: cold start took $(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10))) s (first app start to every /readyz 200)"
  else
    say "all healthy (started now: ${started_apps[*]:-none}; the rest were already running)"
  fi
  print_table
}

down() {
  bash "$here/nginx.sh" down
  local app pid stopping=()
  for app in "${APPS[@]}"; do
    if pid=$(app_pid "$app"); then
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$app")
    else
      rm -f "$PIDS/$app.pid"
    fi
  done
  local deadline=$((SECONDS + 10)) left
  while true; do
    left=()
    for app in "${stopping[@]}"; do
      if app_pid "$app" >/dev/null; then left+=("$app"); fi
    done
    ((${#left[@]} > 0 && SECONDS < deadline)) || break
    sleep 0.2
  done
  for app in "${left[@]}"; do
    if pid=$(app_pid "$app"); then
      kill -KILL "$pid" 2>/dev/null || true
      say "$app did not stop within 10 s after SIGTERM: killed (pid $pid)"
    fi
  done
  for app in "${stopping[@]}"; do rm -f "$PIDS/$app.pid"; done
  ((${#stopping[@]} == 0)) || say "stopped: ${stopping[*]}"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) print_table ;;
  pids) print_pids ;;
  *) echo "usage: $0 up|down|status|pids   (TT_PROFILE=run|test)" >&2; exit 2 ;;
esac
