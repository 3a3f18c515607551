#!/usr/bin/env bash
# PostgreSQL, RabbitMQ and the SMTP sink (smtp4dev) for one profile, on loopback ports, with their files under
# .state/<profile>/.
#   infra.sh up | down | status | env      (TT_PROFILE=run|test, default run)
#   infra.sh reset                         stop this profile (apps too) and delete its state folder
#   infra.sh psql [psql args]              psql as postgres on this profile's cluster
#   infra.sh rabbitmqctl [args]            rabbitmqctl against this profile's node
# Every step is idempotent; `down` stops only what this profile started (pidfiles and its own ports).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# --- packages ---------------------------------------------------------------------------------------------

ensure_packages() {
  local missing=() extra=()
  [[ -x $PGBIN/initdb ]] || missing+=(postgresql)
  [[ -x $RMQ_BIN/rabbitmq-server ]] || missing+=(rabbitmq-server)
  [[ -x $NGINX_BIN ]] || missing+=(nginx)
  command -v envsubst >/dev/null || extra+=(gettext-base)  # renders the nginx template
  command -v curl >/dev/null || extra+=(curl)              # health checks
  ((${#missing[@]} + ${#extra[@]} > 0)) || return 0
  ((${#missing[@]} == 0)) || missing=(postgresql rabbitmq-server nginx)
  local packages=("${missing[@]}" "${extra[@]}")
  if ((EUID != 0)); then
    echo "Missing packages. Run this as root first, then try again:" >&2
    echo "  sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages[*]}'" >&2
    exit 1
  fi
  say "installing ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
  local candidate
  for candidate in /usr/lib/postgresql/*/bin; do  # the version the package brought, when not 15
    [[ -x $PGBIN/initdb || ! -x $candidate/initdb ]] || PGBIN=$candidate
  done
}

# --- PostgreSQL -------------------------------------------------------------------------------------------

pg_pid() { live_pid "$PGDATA/postmaster.pid" "$PGDATA"; }

# psql as the superuser over TCP; the password travels in the environment, never on a command line.
pg_psql() { PGPASSWORD=$TT_PG_PASSWORD "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

pg_init() {
  [[ -f $PGDATA/PG_VERSION ]] && return 0
  say "initialising PostgreSQL cluster in $PGDATA"
  mkdir -p "$PG_DIR"
  chmod 755 "$(dirname "$PG_DIR")"
  chmod 700 "$PG_DIR"
  ((EUID != 0)) || chown postgres:postgres "$PG_DIR"
  as_pg test -w "$PG_DIR" ||
    die "the postgres user cannot write $PG_DIR: a parent folder of the repository is not world-searchable (o+x)"
  local pwfile=$PG_DIR/initdb.pw
  (umask 077 && printf '%s\n' "$TT_PG_PASSWORD" >"$pwfile")
  ((EUID != 0)) || chown postgres:postgres "$pwfile"
  local nosync=()
  [[ $TT_PROFILE != test ]] || nosync=(--no-sync)  # throwaway test data: skip the fsyncs
  if ! as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
    -E UTF8 --locale=C.UTF-8 "${nosync[@]}" >"$LOGS/postgres-initdb.log" 2>&1; then
    rm -f "$pwfile"
    log_tail "$LOGS/postgres-initdb.log"
    die "initdb failed (log: $LOGS/postgres-initdb.log)"
  fi
  rm -f "$pwfile"
}

pg_up() {
  pg_init
  local pid
  if pid=$(pg_pid); then
    say "PostgreSQL already running (pid $pid, port $PG_PORT)"
  else
    ! port_open "$PG_PORT" || die "port $PG_PORT is in use, but not by this profile's PostgreSQL (see: ss -ltnp)"
    # Settings go on the command line so a profile's ports and tuning are always the current ones.
    local opts="-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_DIR' -c shared_buffers=128MB -c max_connections=200"
    # Test data is thrown away: skip the flushes. TT_PG_DURABLE=1 (make bench) keeps them, as production does.
    [[ $TT_PROFILE != test || ${TT_PG_DURABLE:-0} == 1 ]] || opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    touch "$PG_LOG"
    ((EUID != 0)) || chown postgres:postgres "$PG_LOG"  # pg_ctl opens it as postgres
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -o "$opts" -w -t 60 start >/dev/null; then
      log_tail "$PG_LOG"
      die "PostgreSQL did not start (log: $PG_LOG)"
    fi
    say "PostgreSQL started (pid $(pg_pid), port $PG_PORT)"
  fi
  # One database per service; CREATE DATABASE cannot run in a DO block, hence \gexec.
  local dbs
  dbs=$(printf "'%s'," "${APP_DB[@]}")
  pg_psql -d postgres <<SQL
SELECT format('CREATE DATABASE %I', d) FROM unnest(ARRAY[${dbs%,}]) AS d
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d) \gexec
SQL
}

pg_down() {
  local pid
  if pid=$(pg_pid); then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
    say "PostgreSQL stopped (was pid $pid)"
  fi
}

# --- RabbitMQ ---------------------------------------------------------------------------------------------

# Everything RabbitMQ and its CLI tools need to find this profile's node and nothing else: own HOME (Erlang
# cookie), nodename, base folders, epmd and distribution ports, loopback only. Used in subshells only.
rmq_env() {
  export HOME=$RMQ_DIR/home RABBITMQ_NODENAME=$RMQ_NODENAME \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$RMQ_AMQP_PORT RABBITMQ_DIST_PORT=$RMQ_DIST_PORT \
    ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$RMQ_EPMD_PORT \
    RABBITMQ_BASE=$RMQ_DIR RABBITMQ_MNESIA_BASE=$RMQ_DIR/mnesia RABBITMQ_LOG_BASE=$RMQ_DIR/log \
    RABBITMQ_PID_FILE=$RMQ_PID_FILE RABBITMQ_CONFIG_FILE=$RMQ_DIR/rabbitmq.conf \
    RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ_DIR/enabled_plugins ERL_CRASH_DUMP=$RMQ_DIR/erl_crash.dump \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    PATH=$RMQ_BIN:$PATH
}
rmq() { (rmq_env && cd "$RMQ_DIR" && exec "$@"); }

# The node name is not on beam.smp's command line; its HOME (-home) is, and is unique to the profile.
rmq_pid() { live_pid "$RMQ_PID_FILE" "-home $RMQ_DIR/home"; }

# Management API call as our user; credentials go through a curl config on stdin, not the command line.
rmq_api() {
  printf 'user = "%s:%s"\n' "$RMQ_USER" "$TT_RABBITMQ_PASSWORD" |
    curl -fsS -m 5 -K - "http://127.0.0.1:$RMQ_MGMT_PORT/api/$1"
}

rmq_up() {
  mkdir -p "$RMQ_DIR/home" "$RMQ_DIR/log"
  local pid
  if pid=$(rmq_pid); then
    say "RabbitMQ already running (pid $pid, AMQP $RMQ_AMQP_PORT, management $RMQ_MGMT_PORT)"
  else
    local port
    for port in "$RMQ_AMQP_PORT" "$RMQ_MGMT_PORT" "$RMQ_DIST_PORT"; do
      ! port_open "$port" || die "port $port is in use, but not by this profile's RabbitMQ (see: ss -ltnp)"
    done
    cat >"$RMQ_DIR/rabbitmq.conf" <<CONF
# Rendered by deploy/local/infra.sh on every start; edits are lost.
listeners.tcp.default = 127.0.0.1:$RMQ_AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RMQ_MGMT_PORT
CONF
    if ! grep -qs rabbitmq_management "$RMQ_DIR/enabled_plugins"; then
      echo "[]." >"$RMQ_DIR/enabled_plugins"
      rmq rabbitmq-plugins -q enable --offline rabbitmq_management >"$LOGS/rabbitmq-plugins.log" 2>&1 ||
        { log_tail "$LOGS/rabbitmq-plugins.log"; die "could not enable rabbitmq_management"; }
    fi
    keep_previous_log "$LOGS/rabbitmq.log"
    # setsid: its own session, so a Ctrl-C in the terminal of `make run` does not reach it (run.sh stops it).
    # exec all the way down: no shell is left waiting behind the server.
    (rmq_env && cd "$RMQ_DIR" && exec setsid rabbitmq-server) >"$LOGS/rabbitmq.log" 2>&1 </dev/null &
    local wrapper=$! deadline=$((SECONDS + 90))
    until rmq rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1; do
      alive "$wrapper" || { log_tail "$LOGS/rabbitmq.log"; die "RabbitMQ exited (log: $LOGS/rabbitmq.log)"; }
      ((SECONDS < deadline)) || { log_tail "$LOGS/rabbitmq.log"; die "RabbitMQ did not start within 90 s"; }
      sleep 0.5
    done
    pid=$(rmq_pid) || die "RabbitMQ answers but $RMQ_PID_FILE does not name it"
    say "RabbitMQ started (pid $pid, AMQP $RMQ_AMQP_PORT, management $RMQ_MGMT_PORT)"
  fi
  rmq_ensure_user
  # Every topic exchange and subscriber queue exists before any app publishes, so an event published before its
  # subscriber first starts waits in the queue (production loads the same file as RabbitMQ definitions).
  rmq rabbitmqctl -q import_definitions "$REPO/deploy/rabbitmq/definitions.json" >/dev/null ||
    die "RabbitMQ did not accept deploy/rabbitmq/definitions.json"
}

# The apps' user. Skipped when it already logs in as an administrator with the current password.
rmq_ensure_user() {
  local whoami users verb=add_user
  whoami=$(rmq_api whoami 2>/dev/null) || true
  if [[ $whoami == *'"administrator"'* ]]; then return 0; fi
  say "setting up RabbitMQ user $RMQ_USER"
  users=$(rmq rabbitmqctl -q list_users)
  if grep -q "^${RMQ_USER}[[:space:]]" <<<"$users"; then verb=change_password; fi
  # Without a password argument rabbitmqctl reads it from stdin, so it never shows up in `ps`.
  printf '%s\n' "$TT_RABBITMQ_PASSWORD" | rmq rabbitmqctl -q "$verb" "$RMQ_USER" >/dev/null
  rmq rabbitmqctl -q set_user_tags "$RMQ_USER" administrator >/dev/null
  rmq rabbitmqctl -q set_permissions -p / "$RMQ_USER" '.*' '.*' '.*' >/dev/null
  # guest/guest is a well-known administrator login that any local process could use; the apps have their own.
  if grep -q "^guest[[:space:]]" <<<"$users"; then rmq rabbitmqctl -q delete_user guest >/dev/null; fi
  rmq_api whoami >/dev/null || die "RabbitMQ management API does not accept $RMQ_USER on port $RMQ_MGMT_PORT"
}

rmq_down() {
  local pid
  if pid=$(rmq_pid); then
    # With the pid file, stop waits until the Erlang VM has exited. SIGTERM is the fallback when the node
    # does not answer its CLI (RabbitMQ shuts down cleanly on it too).
    if ! rmq rabbitmqctl -q stop "$RMQ_PID_FILE" >/dev/null 2>&1; then
      kill -TERM "$pid" 2>/dev/null || true
      local deadline=$((SECONDS + 30))
      while rmq_pid >/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    fi
    say "RabbitMQ stopped (was pid $pid)"
  fi
  # epmd outlives the node; stop the one on this profile's port (never the system's 4369 or the other profile's).
  if port_open "$RMQ_EPMD_PORT"; then
    epmd -port "$RMQ_EPMD_PORT" -kill >/dev/null 2>&1 || true
  fi
  rm -f "$RMQ_PID_FILE"
}

# --- SMTP sink (smtp4dev) ---------------------------------------------------------------------------------

SMTP4DEV_VERSION=3.15.0

# The tool's apphost runs the server in its own process, so its command line names the tool's path.
smtp_pid() { live_pid "$SMTP_PID_FILE" "$TOOLS/smtp4dev"; }

smtp_up() {
  mkdir -p "$SMTP_DIR"
  if [[ ! -x $TOOLS/smtp4dev ]]; then
    say "installing smtp4dev $SMTP4DEV_VERSION into $TOOLS"
    dotnet tool install Rnwood.Smtp4dev --version "$SMTP4DEV_VERSION" --tool-path "$TOOLS" >"$LOGS/smtp4dev-install.log" 2>&1 ||
      { log_tail "$LOGS/smtp4dev-install.log"; die "could not install smtp4dev (log: $LOGS/smtp4dev-install.log)"; }
  fi
  local pid
  if pid=$(smtp_pid); then
    say "SMTP sink already running (pid $pid, SMTP $SMTP_PORT, http://127.0.0.1:$SMTP_API_PORT)"
    return 0
  fi
  local port
  for port in "$SMTP_PORT" "$SMTP_API_PORT" "$SMTP_IMAP_PORT" "$SMTP_POP3_PORT"; do
    ! port_open "$port" || die "port $port is in use, but not by this profile's SMTP sink (see: ss -ltnp)"
  done
  keep_previous_log "$LOGS/smtp4dev.log"
  # In memory (--db=""), loopback only, no settings from the user's profile; setsid as for RabbitMQ.
  (cd "$SMTP_DIR" && exec setsid "$TOOLS/smtp4dev" --urls="http://127.0.0.1:$SMTP_API_PORT" --bindaddress=127.0.0.1 \
    --smtpport="$SMTP_PORT" --imapport="$SMTP_IMAP_PORT" --pop3port="$SMTP_POP3_PORT" --db="" --nousersettings) \
    >"$LOGS/smtp4dev.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$SMTP_PID_FILE"
  local deadline=$((SECONDS + 60))
  until curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$SMTP_API_PORT/api/messages" 2>/dev/null && port_open "$SMTP_PORT"; do
    alive "$pid" || { log_tail "$LOGS/smtp4dev.log"; die "smtp4dev exited (log: $LOGS/smtp4dev.log)"; }
    ((SECONDS < deadline)) || { log_tail "$LOGS/smtp4dev.log"; die "smtp4dev did not start within 60 s"; }
    sleep 0.3
  done
  say "SMTP sink started (pid $pid, SMTP $SMTP_PORT, http://127.0.0.1:$SMTP_API_PORT)"
}

smtp_down() {
  local pid
  if pid=$(smtp_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while smtp_pid >/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    say "SMTP sink stopped (was pid $pid)"
  fi
  rm -f "$SMTP_PID_FILE"
}

# --- commands ---------------------------------------------------------------------------------------------

row() { printf '  %-20s %-8s %-8s %s\n' "$@"; }

status() {
  local pid
  say "status (state in $STATE)"
  row component state pid where
  if pid=$(pg_pid); then row postgres running "$pid" "127.0.0.1:$PG_PORT"; else row postgres stopped - -; fi
  if pid=$(rmq_pid); then
    row rabbitmq running "$pid" "amqp 127.0.0.1:$RMQ_AMQP_PORT, http://127.0.0.1:$RMQ_MGMT_PORT"
  else
    row rabbitmq stopped - -
  fi
  if port_open "$RMQ_EPMD_PORT"; then row epmd running - "127.0.0.1:$RMQ_EPMD_PORT"; else row epmd stopped - -; fi
  if pid=$(smtp_pid); then
    row smtp4dev running "$pid" "smtp 127.0.0.1:$SMTP_PORT, http://127.0.0.1:$SMTP_API_PORT"
  else
    row smtp4dev stopped - -
  fi
  if pid=$(live_pid "$NGINX_PID_FILE" "$NGINX_DIR/nginx.conf"); then
    row nginx running "$pid" "http://127.0.0.1:$NGINX_PORT"
  else
    row nginx stopped - -
  fi
  local app
  for app in "${APPS[@]}"; do
    if pid=$(live_pid "$PIDS/$app.pid" "$(app_dll "$app")"); then
      row "$app" running "$pid" "http://127.0.0.1:${APP_HTTP[$app]}"
    else
      row "$app" stopped - -
    fi
  done
}

print_env() {
  local db
  for db in "${APP_DB[@]}"; do printf 'ConnectionStrings__Database (%s)=%s\n' "$db" "$(pg_connection_string "$db")"; done
  printf 'RabbitMq__ConnectionString=%s\n' "$(rabbitmq_uri)"
  printf 'RabbitMQ management: http://127.0.0.1:%s (user %s)\n' "$RMQ_MGMT_PORT" "$RMQ_USER"
  printf 'Smtp__Host=127.0.0.1\nSmtp__Port=%s\n' "$SMTP_PORT"
  printf 'SMTP sink (smtp4dev) web UI and API: http://127.0.0.1:%s (/api/messages)\n' "$SMTP_API_PORT"
}

cmd=${1:-}
case $cmd in
  up) ensure_packages; load_secrets; pg_up; rmq_up; smtp_up ;;
  down) smtp_down; rmq_down; pg_down ;;
  reset) # everything of this profile stopped and its state (data, secrets, logs) deleted: `make test` starts clean
    bash "$(dirname "${BASH_SOURCE[0]}")/apps.sh" down
    smtp_down
    rmq_down
    pg_down
    [[ $STATE == "$REPO/.state/$TT_PROFILE" ]] && rm -rf "$STATE"
    [[ $PG_DIR == /var/lib/tickettracking/* ]] && rm -rf "$PG_DIR"
    say "removed $STATE" ;;
  status) status ;;
  env) load_secrets; print_env ;;
  psql) shift; load_secrets; pg_psql "$@" ;;
  rabbitmqctl) shift; rmq rabbitmqctl "$@" ;;
  *) echo "usage: $0 up|down|status|env|reset|psql [args]|rabbitmqctl [args]   (TT_PROFILE=run|test)" >&2; exit 2 ;;
esac
