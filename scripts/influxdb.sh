#!/usr/bin/env bash
# A private InfluxDB 1.x server for Polystore's InfluxDB tests, on Debian or Ubuntu without Docker.
#
#   scripts/influxdb.sh start    install Debian's influxdb package when influxd is missing, then start
#                                influxd on 127.0.0.1 with a config of its own and print the export line
#   scripts/influxdb.sh stop     stop the server that "start" started (by its pid file)
#   scripts/influxdb.sh status   succeed when that server runs (exit status 3 when it does not)
#
# The server listens on 127.0.0.1 only: HTTP on $POLYSTORE_INFLUXDB_PORT (default 8086), the RPC
# service (backup/restore) on that port + 2. Its config, data, log (influxd.log) and pid file
# (influxd.pid) live in $POLYSTORE_INFLUXDB_DIR (default ${TMPDIR:-/tmp}/polystore-influxdb); the data
# stays there between runs. Progress goes to stderr, the export line to stdout, so this works:
#
#   eval "$(scripts/influxdb.sh start)"
#
# Safe to run again: "start" does nothing when its server already runs, "stop" nothing when none does.
# It never uses the package's own service or /etc/influxdb/influxdb.conf, which listen on every
# interface, and never stops a server it did not start: when something else answers on the port, it
# fails and says so. Root (or sudo) is needed only to install the package; influxd runs as the caller.
# Authentication is off: this server is for tests on a developer's or CI machine.
set -euo pipefail

readonly HOST=127.0.0.1
readonly PORT=${POLYSTORE_INFLUXDB_PORT:-8086}
readonly DIR=${POLYSTORE_INFLUXDB_DIR:-${TMPDIR:-/tmp}/polystore-influxdb}
readonly CONF=$DIR/influxdb.conf
readonly LOG=$DIR/influxd.log
readonly PID_FILE=$DIR/influxd.pid
readonly START_SECONDS=30
readonly STOP_SECONDS=15

quiet=0
command=

usage() {
  cat <<EOF
Usage: scripts/influxdb.sh start [--env]
       scripts/influxdb.sh stop
       scripts/influxdb.sh status
       scripts/influxdb.sh --help

start  installs Debian's influxdb package when influxd is missing (apt-get, as root or with sudo),
       starts influxd on $HOST:$PORT with its own config, data, log and pid file in
       $DIR, waits until GET /ping answers 204 and prints on stdout
         export POLYSTORE_TEST_INFLUXDB_URL='influxdb:?url=http://$HOST:$PORT'
       Does nothing (but print that line) when the server it started earlier still runs; fails when
       something else uses the port.
stop   stops the server that start started (SIGTERM, SIGKILL after ${STOP_SECONDS}s) and removes its pid
       file; does nothing when it is not running.
status succeeds (exit status 0) when the server that start started runs, and exits with 3 when not.

  --env    report only what changes or goes wrong (for: eval "\$(scripts/influxdb.sh start --env)")
  --help   show this text

Environment: POLYSTORE_INFLUXDB_PORT (HTTP port, default 8086; the RPC service uses the port + 2),
POLYSTORE_INFLUXDB_DIR (state directory, default \${TMPDIR:-/tmp}/polystore-influxdb).
EOF
}

for arg in "$@"; do
  case "$arg" in
    start|stop|status)
      [ -z "$command" ] || { usage >&2; exit 2; }
      command=$arg
      ;;
    --env) quiet=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ -n "$command" ] || { usage >&2; exit 2; }

# ---- output ------------------------------------------------------------------------------------

log() { printf 'influxdb: %s\n' "$*" >&2; }
# Something that is already as it should be; silent with --env.
ok() { if [ "$quiet" = 0 ]; then log "$*"; fi; }
die() { log "ERROR: $*"; exit 1; }

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65533 ]; then
  die "POLYSTORE_INFLUXDB_PORT must be a port number from 1 to 65533, not '$PORT'"
fi
readonly RPC_PORT=$((PORT + 2))

# ---- privileges --------------------------------------------------------------------------------

is_root() { [ "$(id -u)" = 0 ]; }

as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "root is needed for: $* (run as root or install sudo)"
  fi
}

# ---- installation ------------------------------------------------------------------------------

readonly POLICY_RC_D=/usr/sbin/policy-rc.d
policy_added=0

remove_policy() {
  if [ "$policy_added" = 1 ]; then
    as_root rm -f "$POLICY_RC_D"
    policy_added=0
  fi
}

# Installs the influxdb package without letting it start its service (which would listen on every
# interface): a policy-rc.d that refuses every start is in place while apt-get runs, unless the
# machine already has one. The service is then disabled, so it does not start at boot either.
install_influxdb() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install InfluxDB 1.x (influxd) yourself (this script supports Debian/Ubuntu)"
  if [ ! -e "$POLICY_RC_D" ]; then
    trap remove_policy EXIT
    printf '#!/bin/sh\n# added by Polystore scripts/influxdb.sh while it installs influxdb\nexit 101\n' \
      | as_root tee "$POLICY_RC_D" >/dev/null
    as_root chmod 0755 "$POLICY_RC_D"
    policy_added=1
  fi
  log "running apt-get update"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  log "installing influxdb with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q influxdb >&2
  remove_policy
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    log "disabling the package's influxdb service (it would listen on every interface)"
    as_root systemctl disable --now --quiet influxdb.service >&2 || true
  fi
  command -v influxd >/dev/null 2>&1 || die "influxd is still not on the PATH after installing influxdb"
}

# ---- helpers -----------------------------------------------------------------------------------

# The HTTP status of GET /ping on the port, or nothing when nothing answers.
ping_status() {
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$HOST:$PORT/ping" 2>/dev/null | grep -v '^000$' || true
  else
    # No curl: speak HTTP/1.0 over bash's /dev/tcp and read the status line.
    (
      exec 3<>"/dev/tcp/$HOST/$PORT" || exit 0
      printf 'GET /ping HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$HOST" "$PORT" >&3
      IFS=' ' read -r -t 2 _ status _ <&3 || exit 0
      printf '%s' "$status"
    ) 2>/dev/null || true
  fi
}

# Succeeds when something listens on the TCP port, on any address (read from /proc/net/tcp{,6}).
listening() {
  local port_hex
  port_hex=$(printf '%04X' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null \
    | awk -v port="$port_hex" '$4 == "0A" { split($2, a, ":"); if (a[2] == port) found = 1 } END { exit !found }'
}

# The pid in our pid file when that process is alive and is the influxd started with our config;
# nothing otherwise (no file, a process that ended, or a pid since reused by another program).
our_pid() {
  local pid cmdline
  [ -s "$PID_FILE" ] || return 0
  pid=$(cat "$PID_FILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 0
  case "$cmdline" in
    *influxd*"$CONF"*) printf '%s' "$pid" ;;
  esac
}

log_tail() {
  if [ -s "$LOG" ]; then
    log "last lines of $LOG:"
    tail -n 20 "$LOG" | sed 's/^/  /' >&2
  fi
}

# wait_for_ping <pid> [keep]: waits until /ping answers 204; fails early when the process ends. On a
# time-out it stops the process, unless told to keep it (a server this run did not start).
wait_for_ping() {
  local pid=$1 keep=${2:-} deadline=$((SECONDS + START_SECONDS))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$(ping_status)" = 204 ]; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail
      rm -f "$PID_FILE"
      die "influxd (pid $pid) ended before it answered on $HOST:$PORT"
    fi
    sleep 0.2
  done
  log_tail
  if [ -n "$keep" ]; then
    die "influxd (pid $pid) did not answer GET http://$HOST:$PORT/ping with 204 within ${START_SECONDS}s"
  fi
  stop_pid "$pid"
  die "influxd (pid $pid) did not answer GET http://$HOST:$PORT/ping with 204 within ${START_SECONDS}s; stopped it"
}

# SIGTERM, then SIGKILL after STOP_SECONDS; removes the pid file.
stop_pid() {
  local pid=$1 deadline=$((SECONDS + STOP_SECONDS))
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "influxd (pid $pid) did not stop within ${STOP_SECONDS}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
      sleep 0.1
    done
  fi
  rm -f "$PID_FILE"
}

write_config() {
  mkdir -p "$DIR"
  cat > "$CONF.tmp" <<EOF
# Written by Polystore scripts/influxdb.sh; rewritten on every start.
# Debian's build reads reporting-enabled, upstream reporting-disabled; both say: no usage reports.
reporting-enabled = false
reporting-disabled = true
bind-address = "$HOST:$RPC_PORT"

[meta]
  dir = "$DIR/meta"

[data]
  dir = "$DIR/data"
  wal-dir = "$DIR/wal"
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "$HOST:$PORT"
  log-enabled = false

[ifql]
  enabled = false
EOF
  mv "$CONF.tmp" "$CONF"
}

# ---- commands ----------------------------------------------------------------------------------

start() {
  if command -v influxd >/dev/null 2>&1; then
    ok "influxd is installed ($(command -v influxd))"
  else
    install_influxdb
  fi

  local pid
  pid=$(our_pid)
  if [ -n "$pid" ]; then
    if ! grep -qF "bind-address = \"$HOST:$PORT\"" "$CONF"; then
      die "the influxd started from $DIR (pid $pid) listens on another port (see $CONF); stop it first (scripts/influxdb.sh stop) or choose another POLYSTORE_INFLUXDB_DIR"
    fi
    wait_for_ping "$pid" keep
    ok "influxd is already running on $HOST:$PORT (pid $pid); leaving it as it is"
  else
    rm -f "$PID_FILE"   # stale: its process has ended
    if listening "$PORT" || [ -n "$(ping_status)" ]; then
      die "something else listens on port $PORT (no influxd of ours: no live pid in $PID_FILE); stop it, or choose another port with POLYSTORE_INFLUXDB_PORT"
    fi
    if listening "$RPC_PORT"; then
      die "something else listens on port $RPC_PORT, which influxd's RPC service needs (HTTP port + 2); choose another port with POLYSTORE_INFLUXDB_PORT"
    fi
    write_config
    log "starting influxd on $HOST:$PORT (state in $DIR, log in $LOG)"
    influxd -config "$CONF" </dev/null >>"$LOG" 2>&1 &
    pid=$!
    echo "$pid" > "$PID_FILE"
    wait_for_ping "$pid"
    ok "$(influxd version 2>/dev/null | awk '{ print "InfluxDB " $2 }') ready on $HOST:$PORT (pid $pid)"
  fi

  echo "export POLYSTORE_TEST_INFLUXDB_URL='influxdb:?url=http://$HOST:$PORT'"
  if [ "$quiet" = 0 ] && [ -t 1 ]; then
    log "to use it in your shell: eval \"\$(scripts/influxdb.sh start --env)\""
  fi
}

stop() {
  local pid
  pid=$(our_pid)
  if [ -z "$pid" ]; then
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping influxd (pid $pid)"
  stop_pid "$pid"
}

status() {
  local pid
  pid=$(our_pid)
  if [ -n "$pid" ]; then
    log "influxd is running (pid $pid, $CONF)"
  else
    log "influxd is not running (no live pid in $PID_FILE)"
    exit 3
  fi
}

"$command"
