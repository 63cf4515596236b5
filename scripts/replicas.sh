#!/usr/bin/env bash
# Replicated PostgreSQL and MariaDB pairs for Polystore's read-replica tests, on Debian or Ubuntu without Docker.
#
#   scripts/replicas.sh start    create (first time) and start both pairs, wait until each replica follows its
#                                primary, print the export lines
#   scripts/replicas.sh stop     stop the four servers that "start" started
#   scripts/replicas.sh status   succeed when all four run and both replicas replicate (exit status 3 when not)
#
# Each pair is a primary of its own and a replica that follows it, all four private to this script (the machine's
# own PostgreSQL and MariaDB on 5432/3306 are never touched), listening on 127.0.0.1 only:
#   PostgreSQL  primary 127.0.0.1:5433, streaming replica (pg_basebackup, hot standby) 127.0.0.1:5434
#   MariaDB     primary 127.0.0.1:3307 (binary log), replica (GTID replication, read_only) 127.0.0.1:3308
# Both primaries hold a database named "replicated"; logins are postgres / root without a password.
# Their data, logs and pid files live in $POLYSTORE_REPLICAS_DIR (default ${TMPDIR:-/tmp}/polystore-replicas) and
# are kept between runs; delete that directory (after "stop") to start afresh. Progress goes to stderr, the
# export lines to stdout, so this works:
#
#   eval "$(scripts/replicas.sh start)"
#
# Needs Debian's postgresql and mariadb-server packages (scripts/local-services.sh installs them) and root or
# sudo: PostgreSQL runs as the postgres user and MariaDB as the mysql user. Safe to run again: "start" does
# nothing to a server that already runs. These servers are for tests: no passwords, no fsync.
set -euo pipefail

readonly HOST=127.0.0.1
readonly PG_PRIMARY_PORT=${POLYSTORE_PG_PRIMARY_PORT:-5433}
readonly PG_REPLICA_PORT=${POLYSTORE_PG_REPLICA_PORT:-5434}
readonly MY_PRIMARY_PORT=${POLYSTORE_MY_PRIMARY_PORT:-3307}
readonly MY_REPLICA_PORT=${POLYSTORE_MY_REPLICA_PORT:-3308}
readonly DIR=${POLYSTORE_REPLICAS_DIR:-${TMPDIR:-/tmp}/polystore-replicas}
readonly DB=replicated
readonly WAIT_SECONDS=60

usage() {
  cat <<EOF
Usage: scripts/replicas.sh start|stop|status [--env]
       scripts/replicas.sh --help

start   creates (the first time) and starts a PostgreSQL primary on $HOST:$PG_PRIMARY_PORT with a streaming
        replica on $HOST:$PG_REPLICA_PORT, and a MariaDB primary on $HOST:$MY_PRIMARY_PORT with a replica on
        $HOST:$MY_REPLICA_PORT, each primary holding a database "$DB"; waits until each replica has caught
        up and prints the POLYSTORE_TEST_*_REPLICATED_URL / *_REPLICA_URL export lines.
stop    stops those four servers.
status  succeeds when all four run and both replicas follow their primaries; exit status 3 when not.

  --env   report only what changes or goes wrong
  --help  show this text

Environment: POLYSTORE_REPLICAS_DIR (state, default \${TMPDIR:-/tmp}/polystore-replicas),
POLYSTORE_PG_PRIMARY_PORT, POLYSTORE_PG_REPLICA_PORT, POLYSTORE_MY_PRIMARY_PORT, POLYSTORE_MY_REPLICA_PORT.
EOF
}

quiet=0
command=
for arg in "$@"; do
  case "$arg" in
    start|stop|status) command=$arg ;;
    --env) quiet=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ -n "$command" ] || { usage >&2; exit 2; }

log() { printf 'replicas: %s\n' "$*" >&2; }
ok() { if [ "$quiet" = 0 ]; then log "$*"; fi; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }
as_user() {
  local user=$1
  shift
  if [ "$(id -un)" = "$user" ]; then
    "$@"
  elif is_root; then
    runuser -u "$user" -- "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -u "$user" "$@"
  else
    die "root or sudo is needed to run as $user: $*"
  fi
}
as_root() {
  if is_root; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else die "root or sudo is needed: $*"; fi
}

wait_until() {
  local what=$1 i
  shift
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  die "$what did not happen within ${WAIT_SECONDS}s"
}

# A port some process already listens on (any address).
port_taken() {
  local port_hex
  port_hex=$(printf '%04X' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null \
    | awk -v port="$port_hex" '$4 == "0A" { split($2, a, ":"); if (a[2] == port) found = 1 } END { exit !found }'
}

make_dir() {
  as_root mkdir -p "$1"
  as_root chown "$2" "$1"
  as_root chmod 700 "$1"
}

# ---- PostgreSQL ---------------------------------------------------------------------------------------------

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] || die "PostgreSQL's server programs are missing (run scripts/local-services.sh)"
  printf '%s' "$dir"
}

readonly PG_PRIMARY=$DIR/pg-primary
readonly PG_REPLICA=$DIR/pg-replica

pg_running() { [ -f "$1/postmaster.pid" ] && as_user postgres "$(pg_bin)/pg_ctl" -D "$1" status >/dev/null 2>&1; }
pg_sql() { as_user postgres "$(pg_bin)/psql" -X -q -A -t -h "$HOST" -p "$1" -U postgres -d "${3:-postgres}" -c "$2"; }

pg_start() {
  local data=$1 port=$2 name=$3
  if pg_running "$data"; then
    ok "PostgreSQL $name runs on $HOST:$port"
    return
  fi
  port_taken "$port" && die "port $port is taken by another process: PostgreSQL $name cannot start"
  log "starting PostgreSQL $name on $HOST:$port"
  as_user postgres "$(pg_bin)/pg_ctl" -D "$data" -l "$data/server.log" -w -t "$WAIT_SECONDS" \
    -o "-p $port -c listen_addresses=$HOST -c unix_socket_directories=$DIR/pg-run" start >&2
}

pg_primary() {
  make_dir "$DIR" "$(id -u)"
  as_root chmod 755 "$DIR"
  make_dir "$DIR/pg-run" postgres
  if [ ! -f "$PG_PRIMARY/PG_VERSION" ]; then
    log "creating the PostgreSQL primary in $PG_PRIMARY"
    make_dir "$PG_PRIMARY" postgres
    as_user postgres "$(pg_bin)/initdb" -D "$PG_PRIMARY" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
    as_user postgres tee -a "$PG_PRIMARY/postgresql.conf" >/dev/null <<EOF
# Test server of scripts/replicas.sh: a primary with a streaming replica; nothing of value, no fsync.
wal_level = replica
max_wal_senders = 4
wal_keep_size = 256MB
fsync = off
full_page_writes = off
synchronous_commit = off
timezone = 'UTC'
max_connections = 200
EOF
    as_user postgres tee "$PG_PRIMARY/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all $HOST/32 trust
host replication all $HOST/32 trust
EOF
  fi
  pg_start "$PG_PRIMARY" "$PG_PRIMARY_PORT" primary
  if [ "$(pg_sql "$PG_PRIMARY_PORT" "select count(*) from pg_database where datname = '$DB'")" != 1 ]; then
    log "creating database $DB on the PostgreSQL primary"
    pg_sql "$PG_PRIMARY_PORT" "create database $DB" >&2
  fi
}

pg_replica() {
  if [ ! -f "$PG_REPLICA/PG_VERSION" ]; then
    log "creating the PostgreSQL replica in $PG_REPLICA (pg_basebackup of the primary)"
    make_dir "$PG_REPLICA" postgres
    as_user postgres "$(pg_bin)/pg_basebackup" -h "$HOST" -p "$PG_PRIMARY_PORT" -U postgres -D "$PG_REPLICA" \
      -R -X stream -c fast >&2
  fi
  pg_start "$PG_REPLICA" "$PG_REPLICA_PORT" replica
  wait_until "the PostgreSQL replica's recovery" pg_is_standby
  wait_until "the PostgreSQL replica catching up" pg_caught_up
}

pg_is_standby() { [ "$(pg_sql "$PG_REPLICA_PORT" 'select pg_is_in_recovery()')" = t ]; }
# Replica replayed everything the primary had written when asked.
pg_caught_up() {
  local lsn
  lsn=$(pg_sql "$PG_PRIMARY_PORT" 'select pg_current_wal_lsn()')
  [ "$(pg_sql "$PG_REPLICA_PORT" "select pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ]
}
pg_streaming() { [ "$(pg_sql "$PG_PRIMARY_PORT" "select count(*) from pg_stat_replication where state = 'streaming'")" -ge 1 ]; }

pg_stop() {
  local data=$1 name=$2
  if pg_running "$data"; then
    log "stopping PostgreSQL $name"
    as_user postgres "$(pg_bin)/pg_ctl" -D "$data" -m fast -w stop >&2
  fi
}

# ---- MariaDB ------------------------------------------------------------------------------------------------

readonly MARIADBD=/usr/sbin/mariadbd
readonly MY_PRIMARY=$DIR/mariadb-primary
readonly MY_REPLICA=$DIR/mariadb-replica

my_client() { "$(command -v mariadb || command -v mysql)" "$@"; }
# As root over the server's own socket (unix_socket authentication of the root OS user).
my_socket() { as_root "$(command -v mariadb || command -v mysql)" --protocol=SOCKET --socket="$1/mysqld.sock" -u root -N -B -e "$2"; }
my_tcp() { my_client --protocol=TCP -h "$HOST" -P "$1" -u root -N -B -e "$2"; }
my_running() { [ -f "$1/mysqld.pid" ] && as_root kill -0 "$(cat "$1/mysqld.pid")" 2>/dev/null; }
my_answers() { my_tcp "$1" 'select 1'; }

# Initialises a data directory with a root@127.0.0.1 login without a password, written before the binary log
# exists, so the replica makes the same login itself and never receives it.
my_init() {
  local data=$1 name=$2
  if [ ! -d "$data/data/mysql" ]; then
    log "creating the MariaDB $name in $data"
    make_dir "$data" mysql
    as_root mariadb-install-db --no-defaults --user=mysql --datadir="$data/data" --auth-root-authentication-method=socket \
      --skip-test-db >/dev/null
  fi
}

my_ensure_login() {
  local data=$1
  if ! my_tcp "$2" 'select 1' >/dev/null 2>&1; then
    my_socket "$data" "SET sql_log_bin = 0; CREATE USER IF NOT EXISTS 'root'@'$HOST'; GRANT ALL ON *.* TO 'root'@'$HOST' WITH GRANT OPTION;"
  fi
}

my_primary() {
  my_init "$MY_PRIMARY" primary
  # Until the login exists the TCP check cannot pass: start, then wait on the socket, then make the login.
  if ! my_running "$MY_PRIMARY"; then
    port_taken "$MY_PRIMARY_PORT" && die "port $MY_PRIMARY_PORT is taken by another process: MariaDB primary cannot start"
    log "starting MariaDB primary on $HOST:$MY_PRIMARY_PORT"
    my_daemon "$MY_PRIMARY" "$MY_PRIMARY_PORT" 1 --log-bin="$MY_PRIMARY/data/binlog" --binlog-format=ROW
  else
    ok "MariaDB primary runs on $HOST:$MY_PRIMARY_PORT"
  fi
  wait_until "MariaDB primary's socket" my_socket "$MY_PRIMARY" 'select 1'
  my_ensure_login "$MY_PRIMARY" "$MY_PRIMARY_PORT"
  my_tcp "$MY_PRIMARY_PORT" "CREATE DATABASE IF NOT EXISTS $DB" >&2
}

my_replica() {
  my_init "$MY_REPLICA" replica
  if ! my_running "$MY_REPLICA"; then
    port_taken "$MY_REPLICA_PORT" && die "port $MY_REPLICA_PORT is taken by another process: MariaDB replica cannot start"
    log "starting MariaDB replica on $HOST:$MY_REPLICA_PORT"
    my_daemon "$MY_REPLICA" "$MY_REPLICA_PORT" 2 --relay-log="$MY_REPLICA/data/relay" --read-only=1 \
      --log-slave-updates=0
  else
    ok "MariaDB replica runs on $HOST:$MY_REPLICA_PORT"
  fi
  wait_until "MariaDB replica's socket" my_socket "$MY_REPLICA" 'select 1'
  my_ensure_login "$MY_REPLICA" "$MY_REPLICA_PORT"
  if [ -z "$(my_tcp "$MY_REPLICA_PORT" 'SHOW SLAVE STATUS')" ]; then
    log "making the MariaDB replica follow the primary (GTID, from the start of its binary log)"
    my_tcp "$MY_REPLICA_PORT" "CHANGE MASTER TO MASTER_HOST='$HOST', MASTER_PORT=$MY_PRIMARY_PORT,
      MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE;" >&2
  else
    my_tcp "$MY_REPLICA_PORT" 'START SLAVE' >&2
  fi
  wait_until "the MariaDB replica catching up" my_caught_up
}

my_daemon() {
  local data=$1 port=$2 server_id=$3
  shift 3
  as_root start-stop-daemon --start --background --pidfile "$data/mysqld.pid" --exec "$MARIADBD" -- \
    --no-defaults --user=mysql --datadir="$data/data" --port="$port" --bind-address="$HOST" \
    --socket="$data/mysqld.sock" --pid-file="$data/mysqld.pid" --log-error="$data/error.log" \
    --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --default-time-zone=+00:00 --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 \
    --server-id="$server_id" "$@"
}

my_replicating() {
  local status
  status=$(my_client --protocol=TCP -h "$HOST" -P "$MY_REPLICA_PORT" -u root -e 'SHOW SLAVE STATUS\G' 2>/dev/null)
  grep -q 'Slave_IO_Running: Yes' <<< "$status" && grep -q 'Slave_SQL_Running: Yes' <<< "$status"
}
my_caught_up() {
  local position
  my_replicating || return 1
  position=$(my_tcp "$MY_PRIMARY_PORT" 'select @@gtid_binlog_pos')
  [ "$(my_tcp "$MY_REPLICA_PORT" "select master_gtid_wait('$position', 0)")" = 0 ]
}

my_stop() {
  local data=$1 name=$2
  if my_running "$data"; then
    log "stopping MariaDB $name"
    as_root start-stop-daemon --stop --quiet --oknodo --pidfile "$data/mysqld.pid" --exec "$MARIADBD" --retry TERM/60/KILL/5
  fi
}

# ---- commands -----------------------------------------------------------------------------------------------

print_env() {
  echo "export POLYSTORE_TEST_POSTGRES_REPLICATED_URL='jdbc:postgresql://$HOST:$PG_PRIMARY_PORT/$DB?user=postgres'"
  echo "export POLYSTORE_TEST_POSTGRES_REPLICA_URL='jdbc:postgresql://$HOST:$PG_REPLICA_PORT/$DB?user=postgres'"
  echo "export POLYSTORE_TEST_MYSQL_REPLICATED_URL='jdbc:mysql://$HOST:$MY_PRIMARY_PORT/$DB?user=root'"
  echo "export POLYSTORE_TEST_MYSQL_REPLICA_URL='jdbc:mysql://$HOST:$MY_REPLICA_PORT/$DB?user=root'"
}

case "$command" in
  start)
    [ -x "$MARIADBD" ] || die "MariaDB's server is missing (run scripts/local-services.sh)"
    pg_primary
    pg_replica
    my_primary
    my_replica
    ok "PostgreSQL replica $HOST:$PG_REPLICA_PORT follows $HOST:$PG_PRIMARY_PORT;" \
      "MariaDB replica $HOST:$MY_REPLICA_PORT follows $HOST:$MY_PRIMARY_PORT"
    print_env
    ;;
  stop)
    pg_stop "$PG_REPLICA" replica
    pg_stop "$PG_PRIMARY" primary
    my_stop "$MY_REPLICA" replica
    my_stop "$MY_PRIMARY" primary
    ;;
  status)
    if pg_running "$PG_PRIMARY" && pg_running "$PG_REPLICA" && pg_streaming \
        && my_running "$MY_PRIMARY" && my_running "$MY_REPLICA" && my_replicating; then
      ok "both replicated pairs run"
      exit 0
    fi
    log "the replicated pairs are not (all) running"
    exit 3
    ;;
esac
