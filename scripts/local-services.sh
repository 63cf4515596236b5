#!/usr/bin/env bash
# Local PostgreSQL, MariaDB and InfluxDB for Polystore's server tests, on Debian or Ubuntu without Docker.
#
# Makes sure PostgreSQL and MariaDB are installed (apt-get only when missing), configured to listen on
# 127.0.0.1 only, running and answering, and that each has a database named "test":
#   PostgreSQL  127.0.0.1:5432  user postgres, trust authentication from 127.0.0.1
#   MariaDB     127.0.0.1:3306  user root, no password from 127.0.0.1
# and starts a private InfluxDB 1.x with scripts/influxdb.sh start (see there; scripts/influxdb.sh stop
# stops it), which fails rather than touch another server that holds the port:
#   InfluxDB    127.0.0.1:8086  (or $POLYSTORE_INFLUXDB_PORT), no authentication
# and the replicated PostgreSQL and MariaDB pairs of the read-replica tests with scripts/replicas.sh start (see
# there; scripts/replicas.sh stop stops them):
#   PostgreSQL  primary 127.0.0.1:5433, streaming replica 127.0.0.1:5434, database "replicated"
#   MariaDB     primary 127.0.0.1:3307, binlog replica 127.0.0.1:3308, database "replicated"
# then prints the environment lines the tests read. Progress goes to stderr, the export lines to
# stdout, so this works:
#
#   eval "$(scripts/local-services.sh --env)"
#
# Safe to run again (it changes only what is not yet right) and safe to run as root; as another user
# it uses sudo for the steps that need root. It never makes a server listen on a public address: a
# server found listening on one is restarted bound to 127.0.0.1.
#
# These settings (trust authentication, root without password) are meant for a development or CI
# machine, never for a server that holds anything of value.
set -euo pipefail

readonly HOST=127.0.0.1
readonly PG_PORT=5432
readonly MY_PORT=3306
readonly DB=test
readonly WAIT_SECONDS=60
readonly MARKER="added by Polystore scripts/local-services.sh"

quiet=0

usage() {
  cat <<EOF
Usage: scripts/local-services.sh [--env] [--help]

Installs (when missing), configures, starts and checks PostgreSQL on $HOST:$PG_PORT and MariaDB
on $HOST:$MY_PORT for the Polystore server tests, creates their "$DB" databases, starts InfluxDB
on $HOST:\${POLYSTORE_INFLUXDB_PORT:-8086} (scripts/influxdb.sh start; scripts/influxdb.sh stop stops it),
and prints the POLYSTORE_TEST_* export lines on stdout.

  --env    report only what changes or goes wrong (for: eval "\$(scripts/local-services.sh --env)")
  --help   show this text
EOF
}

for arg in "$@"; do
  case "$arg" in
    --env) quiet=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

# ---- output ------------------------------------------------------------------------------------

log() { printf 'local-services: %s\n' "$*" >&2; }
# Something that is already as it should be; silent with --env.
ok() { if [ "$quiet" = 0 ]; then log "$*"; fi; }
die() { log "ERROR: $*"; exit 1; }

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

# Runs a command as a system user (postgres, mysql).
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
    die "sudo is needed to run as $user: $*"
  fi
}

# ---- helpers -----------------------------------------------------------------------------------

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* yourself (this script supports Debian/Ubuntu)"
  if [ "$apt_updated" = 0 ]; then
    log "running apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    apt_updated=1
  fi
  log "installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

# wait_until <what> <command...>: retries the command once a second for WAIT_SECONDS.
wait_until() {
  local what=$1 i
  shift
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  die "$what did not answer within ${WAIT_SECONDS}s"
}

# serving_on_loopback <name> <port> <hint> <check...>: waits until the check succeeds, then stops with an
# error (ending in <hint>) when the server also listens on an address other than loopback.
serving_on_loopback() {
  local name=$1 port=$2 hint=$3
  shift 3
  wait_until "$name on $HOST:$port" "$@"
  if exposed "$port"; then
    die "$name listens on a non-loopback address on port $port$hint"
  fi
}

# The addresses (as /proc/net/tcp{,6} writes them) of the sockets listening on a TCP port.
listen_addresses() {
  local port_hex
  port_hex=$(printf '%04X' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null \
    | awk -v port="$port_hex" '$4 == "0A" { split($2, a, ":"); if (a[2] == port) print a[1] }'
}

# Succeeds when something listens on the port on an address other than loopback (0.0.0.0, ::, a LAN IP).
exposed() {
  local address
  for address in $(listen_addresses "$1"); do
    case "$address" in
      ??????7F) ;;                                  # 127.x.x.x
      00000000000000000000000001000000) ;;          # ::1
      0000000000000000FFFF0000??????7F) ;;          # ::ffff:127.x.x.x
      *) return 0 ;;
    esac
  done
  return 1
}

# Succeeds when a comma-separated address list names only loopback addresses.
loopback_only() {
  local item
  local IFS=,
  for item in $1; do
    item=${item// /}
    item=${item//\'/}
    case "$item" in
      127.0.0.1|localhost|::1) ;;
      *) return 1 ;;
    esac
  done
  [ -n "$1" ]
}

# ---- PostgreSQL --------------------------------------------------------------------------------

pg_answers() { pg_isready -q -h "$HOST" -p "$PG_PORT"; }
pg_login() { psql -X -q -w -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null \
      || ! command -v psql >/dev/null 2>&1; then
    apt_install postgresql postgresql-client
  else
    ok "PostgreSQL is installed"
  fi

  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  fi
  local conf_dir=/etc/postgresql/$version/main
  if [ ! -f "$conf_dir/postgresql.conf" ]; then
    log "creating PostgreSQL cluster $version/main"
    as_root pg_createcluster "$version" main >&2
  fi

  # Listen on 127.0.0.1:5432 only. postgres -C prints the value the configuration files give.
  local bin=/usr/lib/postgresql/$version/bin/postgres listen port changed=0
  listen=$(as_user postgres "$bin" -D "$conf_dir" -C listen_addresses)
  port=$(as_user postgres "$bin" -D "$conf_dir" -C port)
  if loopback_only "$listen" && [ "$port" = "$PG_PORT" ]; then
    ok "PostgreSQL $version is configured to listen on '$listen' port $port"
  else
    local drop_in=$conf_dir/conf.d/90-polystore-local.conf
    if ! grep -Eq "^[[:space:]]*include_dir[[:space:]]*=?[[:space:]]*'conf\.d'" "$conf_dir/postgresql.conf"; then
      drop_in=$conf_dir/postgresql.conf   # no conf.d: append, the last setting wins
    fi
    log "PostgreSQL is configured to listen on '$listen' port $port; setting '$HOST' port $PG_PORT in $drop_in"
    as_root mkdir -p "$(dirname "$drop_in")"
    printf "# %s\nlisten_addresses = '%s'\nport = %s\n" "$MARKER" "$HOST" "$PG_PORT" \
      | as_root tee -a "$drop_in" >/dev/null
    as_root chown postgres:postgres "$drop_in"
    changed=1
  fi

  # Start it, or restart it when it runs with other settings than the configuration now gives.
  local running=0
  if as_root pg_ctlcluster "$version" main status >/dev/null 2>&1; then
    running=1
  fi
  if [ "$running" = 1 ] && { [ "$changed" = 1 ] || exposed "$PG_PORT" || ! pg_answers; }; then
    log "restarting PostgreSQL $version/main to apply the listen address"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main restart >&2
  elif [ "$running" = 1 ]; then
    ok "PostgreSQL $version/main is running"
  else
    log "starting PostgreSQL $version/main"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
  fi
  serving_on_loopback PostgreSQL "$PG_PORT" "; check $conf_dir" pg_answers

  # Trust authentication for user postgres from 127.0.0.1 (first matching pg_hba.conf line wins).
  if pg_login -c 'select 1' >/dev/null 2>&1; then
    ok "user postgres can log in from $HOST without a password"
  else
    local hba
    hba=$(as_user postgres psql -X -A -t -q -p "$PG_PORT" -c 'show hba_file')
    log "allowing user postgres from $HOST without a password (trust) in $hba"
    as_root sed -i -e "1i # $MARKER" -e '1i host    all             postgres        127.0.0.1/32            trust' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload >&2
    wait_until "PostgreSQL login as postgres from $HOST" pg_login -c 'select 1'
  fi

  if [ "$(pg_login -A -t -c "select 1 from pg_database where datname = '$DB'")" = 1 ]; then
    ok "PostgreSQL database '$DB' exists"
  else
    log "creating PostgreSQL database '$DB'"
    pg_login -c "create database $DB encoding 'UTF8' template template0" >&2
  fi
  ok "PostgreSQL $version ready on $HOST:$PG_PORT"
}

# ---- MariaDB -----------------------------------------------------------------------------------

readonly MARIADBD=/usr/sbin/mariadbd

my_client() { "$(command -v mariadb || command -v mysql)" "$@"; }
my_admin() { "$(command -v mariadb-admin || command -v mysqladmin)" "$@"; }
# mariadb-admin ping succeeds whenever the server answers, even if the login is refused.
my_answers() { my_admin --protocol=TCP -h "$HOST" -P "$MY_PORT" -u root --connect-timeout=2 ping; }
my_login() { my_client --protocol=TCP -h "$HOST" -P "$MY_PORT" -u root --connect-timeout=5 "$@"; }
# As the operating system's root over the socket: Debian's root@localhost authenticates by unix_socket.
my_socket_root() { as_root "$(command -v mariadb || command -v mysql)" --protocol=SOCKET -u root "$@"; }

# last_option <name>: the value of the last --<name>=value line on stdin (my_print_defaults' output).
last_option() { sed -n "s/^--$1=//p" | tail -n 1; }

my_stop() {
  local pid_file=$1
  log "stopping MariaDB (pid $(cat "$pid_file"))"
  as_root start-stop-daemon --stop --quiet --oknodo --pidfile "$pid_file" --exec "$MARIADBD" --retry TERM/60/KILL/5
}

ensure_mariadb() {
  if [ ! -x "$MARIADBD" ] || ! command -v my_print_defaults >/dev/null 2>&1 \
      || { ! command -v mariadb >/dev/null 2>&1 && ! command -v mysql >/dev/null 2>&1; } \
      || { ! command -v mariadb-admin >/dev/null 2>&1 && ! command -v mysqladmin >/dev/null 2>&1; }; then
    apt_install mariadb-server mariadb-client
  else
    ok "MariaDB is installed"
  fi

  # The configuration should say 127.0.0.1; the server is started with --bind-address either way.
  local defaults bind port
  # One option a line; option names spelled with dashes (bind_address is bind-address).
  defaults=$(my_print_defaults --mysqld 2>/dev/null \
    | awk '{ i = index($0, "="); n = i ? substr($0, 1, i - 1) : $0; gsub(/_/, "-", n); print n (i ? substr($0, i) : "") }')
  bind=$(last_option bind-address <<< "$defaults")
  port=$(last_option port <<< "$defaults")
  local pid_file socket datadir
  datadir=$(last_option datadir <<< "$defaults")
  datadir=${datadir:-/var/lib/mysql}
  pid_file=$(last_option pid-file <<< "$defaults")
  pid_file=${pid_file:-/run/mysqld/mysqld.pid}
  socket=$(last_option socket <<< "$defaults")
  socket=${socket:-/run/mysqld/mysqld.sock}
  if loopback_only "${bind:-}" && [ "${port:-3306}" = "$MY_PORT" ]; then
    ok "MariaDB is configured to listen on $bind port ${port:-3306}"
  else
    local drop_in_dir=/etc/mysql/mariadb.conf.d
    if [ -d "$drop_in_dir" ] && grep -Rqs "^[[:space:]]*!includedir[[:space:]]*$drop_in_dir" /etc/mysql/my.cnf /etc/mysql/mariadb.cnf; then
      log "MariaDB is configured to listen on '${bind:-all addresses}' port ${port:-3306}; setting $HOST port $MY_PORT in $drop_in_dir/99-polystore-local.cnf"
      printf '# %s\n[mysqld]\nbind-address = %s\nport = %s\n' "$MARKER" "$HOST" "$MY_PORT" \
        | as_root tee "$drop_in_dir/99-polystore-local.cnf" >/dev/null
    else
      log "MariaDB is configured to listen on '${bind:-all addresses}' port ${port:-3306}; this script starts it with --bind-address=$HOST --port=$MY_PORT (set bind-address in /etc/mysql/my.cnf to make it permanent)"
    fi
  fi

  local running=0
  if [ -s "$pid_file" ] && as_root kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    running=1
  fi
  if [ "$running" = 1 ] && { exposed "$MY_PORT" || ! my_answers >/dev/null 2>&1; }; then
    log "MariaDB is running but does not answer on $HOST:$MY_PORT only"
    my_stop "$pid_file"
    running=0
  fi
  if [ "$running" = 1 ]; then
    ok "MariaDB is running (pid $(cat "$pid_file"))"
  elif my_answers >/dev/null 2>&1; then
    die "something else answers on $HOST:$MY_PORT (no MariaDB pid file at $pid_file)"
  else
    if [ ! -d "$datadir/mysql" ]; then
      log "initialising the MariaDB data directory $datadir"
      as_root mariadb-install-db --user=mysql --datadir="$datadir" >&2
    fi
    as_root install -d -o mysql -g mysql -m 0755 "$(dirname "$pid_file")" "$(dirname "$socket")"
    log "starting MariaDB on $HOST:$MY_PORT"
    as_root start-stop-daemon --start --oknodo --background --exec "$MARIADBD" \
      -- --user=mysql --bind-address="$HOST" --port="$MY_PORT"
  fi
  serving_on_loopback MariaDB "$MY_PORT" "" my_answers

  # root without a password from 127.0.0.1 (with skip-name-resolve the host is 127.0.0.1, not localhost).
  if my_login -e 'select 1' >/dev/null 2>&1; then
    ok "user root can log in from $HOST without a password"
  else
    log "creating MariaDB user 'root'@'$HOST' without a password"
    my_socket_root -e "CREATE USER IF NOT EXISTS 'root'@'$HOST' IDENTIFIED BY '';
                       GRANT ALL PRIVILEGES ON *.* TO 'root'@'$HOST' WITH GRANT OPTION;" >&2
    my_login -e 'select 1' >/dev/null 2>&1 \
      || die "root still cannot log in from $HOST without a password; 'root'@'$HOST' may have a password set"
  fi

  if [ -n "$(my_login -N -B -e "SHOW DATABASES LIKE '$DB'")" ]; then
    ok "MariaDB database '$DB' exists"
  else
    log "creating MariaDB database '$DB'"
    my_login -e "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4" >&2
  fi
  ok "MariaDB $(my_login -N -B -e 'select version()') ready on $HOST:$MY_PORT"
}

# ---- InfluxDB ----------------------------------------------------------------------------------

# scripts/influxdb.sh start: its progress goes to stderr, its one export line into influx_env.
influx_env=
ensure_influxdb() {
  local args=(start)
  if [ "$quiet" = 1 ]; then
    args+=(--env)
  fi
  influx_env=$("$(dirname "$0")/influxdb.sh" "${args[@]}") || die "scripts/influxdb.sh start failed"
}

# ---- replicated pairs ----------------------------------------------------------------------------

# scripts/replicas.sh start: its progress goes to stderr, its export lines into replicas_env.
replicas_env=
ensure_replicas() {
  local args=(start)
  if [ "$quiet" = 1 ]; then
    args+=(--env)
  fi
  replicas_env=$("$(dirname "$0")/replicas.sh" "${args[@]}") || die "scripts/replicas.sh start failed"
}

# ---- main --------------------------------------------------------------------------------------

ensure_postgres
ensure_mariadb
ensure_influxdb
ensure_replicas

echo "export POLYSTORE_TEST_POSTGRES_URL='jdbc:postgresql://$HOST:$PG_PORT/$DB?user=postgres'"
echo "export POLYSTORE_TEST_MYSQL_URL='jdbc:mysql://$HOST:$MY_PORT/$DB?user=root'"
echo "$influx_env"
echo "$replicas_env"
if [ "$quiet" = 0 ] && [ -t 1 ]; then
  log "to use these in your shell: eval \"\$(scripts/local-services.sh --env)\""
fi
