#!/usr/bin/env bash
# nginx front door for one profile: renders deploy/nginx/nginx.local.conf.template into $STATE/nginx/nginx.conf
# and runs it in the foreground of its own session under a pidfile.
#   nginx.sh render | test | up | reload | down | status      (TT_PROFILE=run|test)
# Rate limits can be raised for benchmarks (defaults 5r/s burst 10 and 20r/s burst 40):
#   NGINX_AUTH_RATE=1000r/s NGINX_API_RATE=5000r/s NGINX_API_BURST=1000 nginx.sh reload
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TEMPLATE=$REPO/deploy/nginx/nginx.local.conf.template
CONF=$NGINX_DIR/nginx.conf
SPA_ROOT=$REPO/frontend/dist

nginx_pid() { live_pid "$NGINX_PID_FILE" "$CONF"; }
nginx_cmd() { "$NGINX_BIN" -p "$NGINX_DIR" -c "$CONF" -e "$NGINX_DIR/logs/error.log" "$@"; }

# Which user the worker processes run as. Not root: no `user` line (nginx ignores it, workers stay this user).
# Root: nginx would switch the workers to `nobody`, which works when nobody can reach the SPA files (a checkout
# under /work, /srv or /home/x with the usual 755 folders) and fails with 403/404 when it cannot (a checkout
# under /root, mode 700). So: nobody when it can read them, else root, since this is a loopback-only dev server.
user_directive() {
  if ((EUID != 0)); then
    echo "# no user directive: not started as root, so the workers run as $(id -un)"
    return
  fi
  local probe=$SPA_ROOT
  [[ -d $probe ]] || probe=$REPO  # not built yet: the repository must at least be searchable
  if runuser -u nobody -- test -x "$probe" -a -r "$probe"; then
    echo "user nobody nogroup;  # started as root; nobody can read $probe"
  else
    echo "user root;  # started as root and nobody cannot read $probe (a parent folder is not o+rx)"
  fi
}

render() {
  mkdir -p "$NGINX_DIR/logs" "$NGINX_DIR/tmp"
  chmod 755 "$NGINX_DIR"  # the workers write the temp folders inside
  local user_line
  user_line=$(user_directive)
  # Only our placeholders are substituted; nginx's own $variables stay as they are.
  # shellcheck disable=SC2016  # the single-quoted ${...} list is envsubst's argument, not shell expansion
  NGINX_DIR=$NGINX_DIR NGINX_PORT=$NGINX_PORT SPA_ROOT=$SPA_ROOT BFF_HTTP_PORT=${APP_HTTP[bff]} \
    NGINX_USER_DIRECTIVE=$user_line \
    NGINX_AUTH_RATE=${NGINX_AUTH_RATE:-5r/s} NGINX_AUTH_BURST=${NGINX_AUTH_BURST:-10} \
    NGINX_API_RATE=${NGINX_API_RATE:-20r/s} NGINX_API_BURST=${NGINX_API_BURST:-40} \
    envsubst '${NGINX_DIR} ${NGINX_PORT} ${SPA_ROOT} ${BFF_HTTP_PORT} ${NGINX_USER_DIRECTIVE}
      ${NGINX_AUTH_RATE} ${NGINX_AUTH_BURST} ${NGINX_API_RATE} ${NGINX_API_BURST}' \
    <"$TEMPLATE" >"$CONF.new"
  mv "$CONF.new" "$CONF"
}

check() {
  local out
  out=$(nginx_cmd -t -q 2>&1) || { printf '%s\n' "$out" >&2; die "nginx configuration $CONF is invalid"; }
}

up() {
  local pid
  if pid=$(nginx_pid); then
    say "nginx already running (pid $pid, http://127.0.0.1:$NGINX_PORT)"
    return
  fi
  ! port_open "$NGINX_PORT" || die "port $NGINX_PORT is in use, but not by this profile's nginx (see: ss -ltnp)"
  render
  check
  keep_previous_log "$LOGS/nginx.log"
  # setsid: own session, so Ctrl-C in the terminal of `make run` reaches run.sh only, which stops nginx in order.
  setsid "$NGINX_BIN" -p "$NGINX_DIR" -c "$CONF" -e "$NGINX_DIR/logs/error.log" >"$LOGS/nginx.log" 2>&1 </dev/null &
  local deadline=$((SECONDS + 10))
  until pid=$(nginx_pid) && port_open "$NGINX_PORT"; do
    if ((SECONDS >= deadline)) || ! alive $!; then
      log_tail "$NGINX_DIR/logs/error.log"
      die "nginx did not start (logs: $NGINX_DIR/logs/error.log, $LOGS/nginx.log)"
    fi
    sleep 0.1
  done
  say "nginx started (pid $pid, http://127.0.0.1:$NGINX_PORT)"
}

# Re-render and apply without dropping connections, e.g. after changing the rate variables.
reload() {
  local pid
  pid=$(nginx_pid) || die "nginx is not running"
  render
  check
  nginx_cmd -s reload
  say "nginx reloaded (pid $pid)"
}

down() {
  local pid
  pid=$(nginx_pid) || { rm -f "$NGINX_PID_FILE"; return 0; }
  nginx_cmd -s quit 2>/dev/null || kill -QUIT "$pid"  # graceful: finish requests in flight
  local deadline=$((SECONDS + 10))
  while live_pid "$NGINX_PID_FILE" "$CONF" >/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  if live_pid "$NGINX_PID_FILE" "$CONF" >/dev/null; then kill -TERM "$pid"; fi
  say "nginx stopped (was pid $pid)"
}

case ${1:-} in
  render) render && echo "$CONF" ;;
  test) render && check && say "$CONF is valid" ;;
  up) up ;;
  reload) reload ;;
  down) down ;;
  status) if pid=$(nginx_pid); then say "nginx running (pid $pid)"; else say "nginx stopped"; fi ;;
  *) echo "usage: $0 render|test|up|reload|down|status   (TT_PROFILE=run|test)" >&2; exit 2 ;;
esac
