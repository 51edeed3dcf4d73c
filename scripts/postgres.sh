#!/usr/bin/env bash
# Runs a private PostgreSQL for trying the JDBC store by hand (the tests start their own):
# Debian's binaries, a data directory under target/postgres, 127.0.0.1 only, a free port, the
# Unix socket in that directory — never the machine's own cluster. As root, the server runs as
# "nobody" (initdb and postgres refuse root).
#
#   scripts/postgres.sh start|stop|env
#
# "env" prints PGHOST, PGPORT, PGUSER, PGDATABASE and a JDBC URL for eval.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=$PWD/target/postgres
user=certwright
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] \
  || { echo "postgres.sh: PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
      echo "already running on 127.0.0.1:$(cat "$dir/port")"; exit 0
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown nobody "$dir"
    [ -d "$dir/data" ] || as_owner "$bin/initdb" -D "$dir/data" -A trust -U "$user" -E UTF8 --no-locale >"$dir/initdb.log"
    as_owner test -w "$dir" \
      || { echo "postgres.sh: $dir is not writable by the server's user (nobody cannot reach the checkout?)" >&2; exit 1; }
    # A port nothing answers on; pg_ctl fails clearly if someone takes it meanwhile.
    for _ in $(seq 1 50); do
      port=$((20000 + RANDOM % 40000))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    as_owner "$bin/pg_ctl" start -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" >/dev/null
    echo "$port" >"$dir/port"
    echo "PostgreSQL on 127.0.0.1:$port (data in $dir/data; stop with: scripts/postgres.sh stop)"
    ;;
  stop)
    [ -d "$dir/data" ] || exit 0
    as_owner "$bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null 2>&1 || true
    rm -f "$dir/port"
    ;;
  env)
    [ -f "$dir/port" ] || { echo "postgres.sh: not running (scripts/postgres.sh start)" >&2; exit 1; }
    port=$(cat "$dir/port")
    echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$user PGDATABASE=postgres"
    echo "export CERTWRIGHT_JDBC_URL='jdbc:postgresql://127.0.0.1:$port/postgres?user=$user'"
    ;;
  *)
    sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
    exit 2
    ;;
esac
