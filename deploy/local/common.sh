# shellcheck shell=bash disable=SC2034  # most variables here are used by the scripts that source this file
# Shared by every script in deploy/local: profile, paths, ports, the app table, secrets, the apps' environment
# and small helpers. Sourced, never run.
#
# TT_PROFILE=run (make run, the default) or test (make test). The test profile adds 1000 to every port
# (ARCHITECTURE.md §2) and keeps its own state folder, RabbitMQ node and Erlang epmd, so both profiles can run
# at the same time without touching each other. TT_TEST_PORT_OFFSET moves a test profile elsewhere (e.g. 2000), so
# two checkouts can run `make test` side by side.

TT_PROFILE=${TT_PROFILE:-run}
case $TT_PROFILE in
  run) PORT_OFFSET=0 ;;
  test) PORT_OFFSET=${TT_TEST_PORT_OFFSET:-1000} ;;
  *) echo "error: TT_PROFILE must be 'run' or 'test', not '$TT_PROFILE'" >&2; exit 2 ;;
esac
export TT_PROFILE
# Both profiles run the apps as the droplet does (ARCHITECTURE.md §10); `make run-dev` sets Development (detailed
# gRPC errors, readable one-line logs instead of JSON).
DOTNET_ENV_NAME=${TT_DOTNET_ENVIRONMENT:-Production}
case $DOTNET_ENV_NAME in
  Production | Development) ;;
  *) echo "error: TT_DOTNET_ENVIRONMENT must be Production or Development, not '$DOTNET_ENV_NAME'" >&2; exit 2 ;;
esac
# The variables below are plain shell variables, not exported: child processes (RabbitMQ reads an unprefixed
# LOGS, for one) must not pick them up by accident. Scripts that need them source this file.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=$REPO/.state/$TT_PROFILE # git-ignored; kept between runs so data survives
LOGS=$STATE/logs
PIDS=$STATE/pids

# Infrastructure ports (run profile values; test = +1000 on each).
PG_PORT=$((55432 + PORT_OFFSET))
RMQ_AMQP_PORT=$((5673 + PORT_OFFSET))
RMQ_MGMT_PORT=$((15673 + PORT_OFFSET))
RMQ_EPMD_PORT=$((4370 + PORT_OFFSET))  # own epmd per profile: `epmd -kill` stops every node registered on it
RMQ_DIST_PORT=$((25673 + PORT_OFFSET))
NGINX_PORT=$((8080 + PORT_OFFSET))
SMTP_PORT=$((2525 + PORT_OFFSET))      # the SMTP sink (smtp4dev): where Notifications sends mail
SMTP_API_PORT=$((5080 + PORT_OFFSET))  # its web UI and /api/messages
SMTP_IMAP_PORT=$((1143 + PORT_OFFSET)) # smtp4dev always serves IMAP and POP3 too: keep them off the standard ports
SMTP_POP3_PORT=$((1110 + PORT_OFFSET))

# Where each infrastructure component keeps its files (all under $STATE).
PG_DIR=$STATE/postgres         # owned by the postgres user when we run as root; also the Unix socket directory
# True when every folder from / down to $1 lets other users through (o+x), as the postgres user needs.
world_searchable() {
  local dir=$1 mode
  while [[ -n $dir && $dir != / ]]; do
    mode=$(stat -c %A "$dir" 2>/dev/null) || return 1
    [[ ${mode: -1} == [xt] ]] || return 1
    dir=$(dirname "$dir")
  done
}
# As root, PostgreSQL runs as the postgres user, which cannot reach a checkout inside a private folder (a mode-700
# home or temporary folder). Then the cluster lives in /var/lib/tickettracking, one folder per checkout and profile.
if ((EUID == 0)) && ! world_searchable "$REPO"; then
  PG_DIR=/var/lib/tickettracking/$(printf '%s' "$REPO" | sha256sum | cut -c1-12)-$TT_PROFILE
fi
PGDATA=$PG_DIR/data
PG_LOG=$PG_DIR/postgres.log  # beside the cluster: the postgres user writes it
RMQ_DIR=$STATE/rabbitmq
RMQ_NODENAME=tt-$TT_PROFILE@localhost
RMQ_PID_FILE=$RMQ_DIR/rabbit.pid  # written by RabbitMQ itself: the beam.smp pid
RMQ_USER=tickettracking
SMTP_DIR=$STATE/smtp4dev
SMTP_PID_FILE=$SMTP_DIR/smtp4dev.pid
# .NET tools the scripts install (smtp4dev). Beside the profiles, not in one: `reset` keeps them.
TOOLS=$REPO/.state/tools
NGINX_DIR=$STATE/nginx
NGINX_PID_FILE=$NGINX_DIR/nginx.pid

# Debian 12 ships PostgreSQL 15 only; on another release take the newest server that is installed.
PGBIN=/usr/lib/postgresql/15/bin
if [[ ! -x $PGBIN/initdb ]]; then
  for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x $candidate/initdb ]] && PGBIN=$candidate
  done
fi
RMQ_BIN=/usr/lib/rabbitmq/bin  # called directly: /usr/sbin/rabbitmq-* su to the rabbitmq user and log to /var/log
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)  # /usr/sbin is not on a normal user's PATH

# The app table (ARCHITECTURE.md §2). gRPC port 0 = the app serves HTTP only (the workers).
APPS=(auth tickets workflow messaging notifications bff workflow-worker notification-worker)
SERVICES=(auth tickets workflow messaging notifications)  # the apps that own a database and have `migrate`
declare -gA APP_PROJECT=(
  [auth]=TicketTracking.Auth [tickets]=TicketTracking.Tickets [workflow]=TicketTracking.Workflow
  [messaging]=TicketTracking.Messaging [notifications]=TicketTracking.Notifications [bff]=TicketTracking.Bff
  [workflow-worker]=TicketTracking.WorkflowWorker [notification-worker]=TicketTracking.NotificationWorker
)
declare -gA APP_GRPC=(
  [auth]=7101 [tickets]=7102 [workflow]=7103 [messaging]=7104 [notifications]=7105 [bff]=7100
  [workflow-worker]=0 [notification-worker]=0
)
declare -gA APP_HTTP=(
  [auth]=7201 [tickets]=7202 [workflow]=7203 [messaging]=7204 [notifications]=7205 [bff]=7200
  [workflow-worker]=7206 [notification-worker]=7207
)
declare -gA APP_DB=(
  [auth]=auth_db [tickets]=ticket_db [workflow]=workflow_db [messaging]=messaging_db [notifications]=notification_db
)
for _app in "${APPS[@]}"; do
  ((APP_GRPC[$_app] == 0)) || APP_GRPC[$_app]=$((APP_GRPC[$_app] + PORT_OFFSET))
  APP_HTTP[$_app]=$((APP_HTTP[$_app] + PORT_OFFSET))
done
unset _app

say() { printf '[tt:%s] %s\n' "$TT_PROFILE" "$*"; }
die() { printf '[tt:%s] error: %s\n' "$TT_PROFILE" "$*" >&2; exit 1; }
is_app() { [[ -n ${APP_PROJECT[${1:-}]+x} ]]; }
is_service() { [[ -n ${APP_DB[${1:-}]+x} ]]; }

# Built output of `dotnet build TicketTracking.sln -c Release` with UseArtifactsOutput. TT_ARTIFACTS points the
# scripts at another build output (a copy, or a stand-in when testing these scripts).
ARTIFACTS=${TT_ARTIFACTS:-$REPO/artifacts}
app_dll() { printf '%s/bin/%s/release/%s.dll\n' "$ARTIFACTS" "${APP_PROJECT[$1]}" "${APP_PROJECT[$1]}"; }

# True while process $1 exists and is not a zombie (kill -0 succeeds on a zombie nobody has reaped yet).
alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# Prints the pid stored in $1 when that process is alive and its command line contains $2 (so a pid reused by
# an unrelated process after a crash or reboot is never mistaken for ours). Fails otherwise.
live_pid() {
  local file=$1 pattern=$2 pid args=()
  [[ -r $file ]] || return 1
  read -r pid <"$file" || [[ -n ${pid:-} ]] || return 1
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  mapfile -d '' args 2>/dev/null <"/proc/$pid/cmdline" || return 1
  [[ "${args[*]}" == *"$pattern"* ]] || return 1
  printf '%s\n' "$pid"
}

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp: no extra tools needed).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Last lines of a log, indented, for error messages.
log_tail() {
  if [[ -f $1 ]]; then tail -n "${2:-25}" "$1" | sed 's/^/    | /' >&2; fi
}

# Before a process (re)starts on a log, keep the previous run's log as <log>.1 for a post-mortem.
keep_previous_log() { if [[ -s $1 ]]; then mv -f "$1" "$1.1"; fi; }

# Run a command as the owner of the PostgreSQL files: initdb and postgres refuse to run as root.
as_pg() {
  # From /: the postgres user may not be allowed into the current folder.
  if ((EUID == 0)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

mkdir -p "$LOGS" "$PIDS"
# The postgres user (and nginx workers running as nobody) must be able to pass through the state folders.
chmod 755 "$REPO/.state" "$STATE" 2>/dev/null || true

# Secrets: generated once per profile, kept in $STATE/secrets.env (mode 600) and reused, because the
# PostgreSQL cluster and the RabbitMQ user outlive a single run.
SECRETS_FILE=$STATE/secrets.env
random_secret() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }  # hex: safe in connection strings and URIs
load_secrets() {
  if [[ ! -f $SECRETS_FILE ]]; then
    # A cluster initialised with a password we no longer know cannot be entered: say how to start over.
    [[ ! -e $PGDATA/PG_VERSION ]] ||
      die "$SECRETS_FILE is missing but $PGDATA exists; stop the profile and remove $STATE to start over"
    (
      umask 077 # before the file is opened: it must never exist with wider permissions
      {
        printf '# Generated by deploy/local/common.sh for the %s profile. Keep private.\n' "$TT_PROFILE"
        printf 'TT_PG_PASSWORD=%s\n' "$(random_secret)"
        printf 'TT_RABBITMQ_PASSWORD=%s\n' "$(random_secret)"
      } >"$SECRETS_FILE.new"
    )
    mv "$SECRETS_FILE.new" "$SECRETS_FILE"
  fi
  if [[ $(stat -c %a "$SECRETS_FILE") != 600 ]]; then chmod 600 "$SECRETS_FILE"; fi  # e.g. after a copy
  # Secrets added by later versions are appended to an existing file, so an older state folder keeps working.
  local name
  for name in "${!LATER_SECRETS[@]}"; do
    grep -q "^$name=" "$SECRETS_FILE" || printf '%s=%s\n' "$name" "$(${LATER_SECRETS[$name]})" >>"$SECRETS_FILE"
  done
  # shellcheck source=/dev/null
  . "$SECRETS_FILE"
  [[ -n ${TT_PG_PASSWORD:-} && -n ${TT_RABBITMQ_PASSWORD:-} ]] || die "$SECRETS_FILE is incomplete"
}

# Auth's key-encryption key (32 bytes, base64) and the service accounts' client secrets.
key_secret() { head -c 32 /dev/urandom | base64; }
declare -gA LATER_SECRETS=(
  [TT_AUTH_KEY_ENCRYPTION_KEY]=key_secret
  [TT_SA_BFF_SECRET]=random_secret
  [TT_SA_TICKETS_SECRET]=random_secret
  [TT_SA_WORKFLOW_WORKER_SECRET]=random_secret
  [TT_SA_NOTIFICATION_WORKER_SECRET]=random_secret
  [TT_SA_TOOLING_SECRET]=random_secret
)

# The service accounts `apps.sh up` provisions: client id -> the secrets.env variable holding its secret.
# "tooling" holds Admin, for grpcurl and the system tests; the others are the apps' own, with no roles.
declare -gA SERVICE_ACCOUNTS=(
  [bff]=TT_SA_BFF_SECRET
  [tickets]=TT_SA_TICKETS_SECRET
  [workflow-worker]=TT_SA_WORKFLOW_WORKER_SECRET
  [notification-worker]=TT_SA_NOTIFICATION_WORKER_SECRET
  [tooling]=TT_SA_TOOLING_SECRET
)

pg_connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=postgres;Password=%s\n' "$PG_PORT" "$1" "$TT_PG_PASSWORD"
}
rabbitmq_uri() { printf 'amqp://%s:%s@127.0.0.1:%s/\n' "$RMQ_USER" "$TT_RABBITMQ_PASSWORD" "$RMQ_AMQP_PORT"; }

# The environment contract of every .NET app, as KEY=VALUE lines (values never contain a newline).
app_env_pairs() {
  local app=$1
  is_app "$app" || die "unknown app '$app' (one of: ${APPS[*]})"
  load_secrets
  printf '%s\n' \
    "DOTNET_ENVIRONMENT=$DOTNET_ENV_NAME" \
    "ASPNETCORE_ENVIRONMENT=$DOTNET_ENV_NAME" \
    "Hosting__BindAddress=127.0.0.1" \
    "Hosting__GrpcPort=${APP_GRPC[$app]}" \
    "Hosting__HttpPort=${APP_HTTP[$app]}"
  if is_service "$app"; then
    printf 'ConnectionStrings__Database=%s\n' "$(pg_connection_string "${APP_DB[$app]}")"
  fi
  if [[ $app == auth ]]; then
    printf '%s\n' "Auth__KeyEncryptionKey=$TT_AUTH_KEY_ENCRYPTION_KEY" "Auth__PublicBaseUrl=http://127.0.0.1:$NGINX_PORT"
  fi
  if [[ $app == tickets ]]; then
    printf '%s\n' "Tickets__MediaPath=$STATE/media"
  fi
  if [[ $app == bff ]]; then
    # Plain HTTP on loopback: the session cookies cannot be Secure-only here (they are in production, behind TLS).
    printf '%s\n' "Bff__DataProtectionKeysPath=$STATE/bff-keys" "Bff__SecureCookies=false"
  fi
  if [[ -n ${SERVICE_ACCOUNTS[$app]:-} ]]; then
    local secret_var=${SERVICE_ACCOUNTS[$app]}
    printf '%s\n' "ServiceAccount__ClientId=$app" "ServiceAccount__ClientSecret=${!secret_var}"
  fi
  printf '%s\n' \
    "EventBus__Transport=rabbitmq" \
    "RabbitMq__ConnectionString=$(rabbitmq_uri)" \
    "Services__Auth=http://127.0.0.1:${APP_GRPC[auth]}" \
    "Services__Tickets=http://127.0.0.1:${APP_GRPC[tickets]}" \
    "Services__Workflow=http://127.0.0.1:${APP_GRPC[workflow]}" \
    "Services__Messaging=http://127.0.0.1:${APP_GRPC[messaging]}" \
    "Services__Notifications=http://127.0.0.1:${APP_GRPC[notifications]}"
  if [[ $app == notifications ]]; then
    # The local SMTP sink: no TLS, no login; production sets Smtp__* (credentials from the secret store).
    printf '%s\n' "Smtp__Host=127.0.0.1" "Smtp__Port=$SMTP_PORT" "Smtp__Tls=None" "Smtp__FromAddress=tickettracking@localhost"
  fi
  # Memory budget (ARCHITECTURE.md §11): a 4 MB gen0 budget keeps idle apps small; the 100 MB hard limit is a
  # guard that turns a leak into an OutOfMemoryException instead of a swapping machine.
  printf '%s\n' "DOTNET_GCgen0size=0x400000" "DOTNET_GCHeapHardLimit=0x6400000"
}

# Exports the app's environment into the current shell (use in a subshell before exec'ing the app).
app_export() {
  local pairs line
  pairs=$(app_env_pairs "$1") || exit 1
  while IFS= read -r line; do
    export "${line?}"
  done <<<"$pairs"
}
