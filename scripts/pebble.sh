#!/usr/bin/env bash
# A local ACME CA for trying Certwright or testing your application: Pebble (Let's Encrypt's test
# CA) with pebble-challtestsrv as its DNS server, which answers every name with 127.0.0.1 (and
# never with an IPv6 address, so responders bound to 127.0.0.1 are reached).
#
#   scripts/pebble.sh start|stop|status|env
#
#   start   fetches Pebble if needed (scripts/fetch-pebble.sh), makes a TLS certificate for it,
#           starts both servers in the background and prints the directory URL and trust PEM
#   stop    stops both servers (state is kept; "start" reuses the TLS certificate)
#   status  exit status 0 when both servers run, 1 otherwise
#   env     prints "export" lines for eval "$(scripts/pebble.sh env)"
#
# Environment (all optional):
#   CERTWRIGHT_PEBBLE_HOME        state: config, TLS certificate, logs, pids (owner-only, 0700)
#                                 (default: ${XDG_STATE_HOME:-~/.local/state}/certwright/pebble)
#   CERTWRIGHT_PEBBLE_DIR         where Pebble is unpacked (default: <repo>/target/pebble)
#   CERTWRIGHT_PEBBLE_ACME_PORT   ACME directory port (default 14000: https://localhost:14000/dir)
#   CERTWRIGHT_PEBBLE_MGMT_PORT   Pebble's management API port, e.g. /roots/0 (default 15000)
#   CERTWRIGHT_PEBBLE_HTTP_PORT   port Pebble connects to for http-01 (default 5002)
#   CERTWRIGHT_PEBBLE_TLS_PORT    port Pebble connects to for tls-alpn-01 (default 5001)
#   CERTWRIGHT_PEBBLE_DNS_PORT    pebble-challtestsrv's DNS port (default 8053)
#   CERTWRIGHT_CHALLTESTSRV_PORT  pebble-challtestsrv's management API port (default 8055)
#   PEBBLE_VA_NOSLEEP             1 (default here): validate at once instead of after 0-15 s
#   PEBBLE_WFE_NONCEREJECT        percent of good nonces rejected as badNonce (Pebble's default 5)
#   PEBBLE_AUTHZREUSE             percent of valid authorizations reused (Pebble's default 50)
#
# Exit status: 0 success; 1 failure (the message says what and shows the log); 2 wrong usage.
set -euo pipefail

usage() {
  sed -n '2,/^# Exit status/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

log() {
  printf 'pebble.sh: %s\n' "$*" >&2
}

die() {
  log "$1"
  exit "${2:-1}"
}

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$script_dir")
home=${CERTWRIGHT_PEBBLE_HOME:-${XDG_STATE_HOME:-$HOME/.local/state}/certwright/pebble}
dist=${CERTWRIGHT_PEBBLE_DIR:-$repo_root/target/pebble}
acme_port=${CERTWRIGHT_PEBBLE_ACME_PORT:-14000}
mgmt_port=${CERTWRIGHT_PEBBLE_MGMT_PORT:-15000}
http_port=${CERTWRIGHT_PEBBLE_HTTP_PORT:-5002}
tls_port=${CERTWRIGHT_PEBBLE_TLS_PORT:-5001}
dns_port=${CERTWRIGHT_PEBBLE_DNS_PORT:-8053}
challtestsrv_port=${CERTWRIGHT_CHALLTESTSRV_PORT:-8055}
for port in "$acme_port" "$mgmt_port" "$http_port" "$tls_port" "$dns_port" "$challtestsrv_port"; do
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] \
    || die "not a port number: '$port' (check the CERTWRIGHT_*_PORT variables)" 2
done

directory_url="https://localhost:$acme_port/dir"
trust_pem="$home/tls/ca.pem"

# Whether the process in pid file $1 is alive and is the program $2 (pids get reused).
running() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null || echo "$2")")" = "$2" ]
}

# Whether the process in pid file $1 is alive.
alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Stops the process in pid file $1 (program $2): TERM, up to 10 s, then KILL.
stop_one() {
  local pidfile=$1 name=$2 pid
  if running "$pidfile" "$name"; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# A CA and a certificate for localhost, 127.0.0.1 and ::1, made once per state directory.
make_tls() {
  [ -s "$home/tls/cert.pem" ] && [ -s "$home/tls/key.pem" ] && [ -s "$trust_pem" ] && return 0
  command -v openssl >/dev/null 2>&1 || die "openssl is needed to make Pebble's TLS certificate (apt-get install openssl)"
  local t="$home/tls"
  mkdir -p "$t"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=Certwright local Pebble TLS CA" -keyout "$t/ca-key.pem" -out "$t/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    >"$t/openssl.log" 2>&1 || { cat "$t/openssl.log" >&2; die "could not make the TLS CA"; }
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$t/key.pem" -out "$t/cert.csr" >>"$t/openssl.log" 2>&1 \
    || { cat "$t/openssl.log" >&2; die "could not make the TLS key"; }
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$t/leaf.ext"
  openssl x509 -req -in "$t/cert.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial \
    -days 825 -extfile "$t/leaf.ext" -out "$t/cert.pem" >>"$t/openssl.log" 2>&1 \
    || { cat "$t/openssl.log" >&2; die "could not sign the TLS certificate"; }
  rm -f "$t/cert.csr" "$t/ca-key.pem"
}

write_config() {
  cat >"$home/pebble-config.json" <<EOF
{
  "pebble": {
    "listenAddress": "127.0.0.1:$acme_port",
    "managementListenAddress": "127.0.0.1:$mgmt_port",
    "certificate": "$home/tls/cert.pem",
    "privateKey": "$home/tls/key.pem",
    "httpPort": $http_port,
    "tlsPort": $tls_port,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF
}

# Waits up to 30 s until $1 answers over TLS with the trust PEM; fails early when a server died.
await() {
  local url=$1
  for _ in $(seq 1 300); do
    # Only "alive" here: right after the fork the process may not have exec'd the server yet.
    alive "$home/challtestsrv.pid" || { tail -n 20 "$home/challtestsrv.log" >&2; return 1; }
    alive "$home/pebble.pid" || { tail -n 20 "$home/pebble.log" >&2; return 1; }
    curl -fsS --max-time 2 --cacert "$trust_pem" -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  tail -n 20 "$home/pebble.log" >&2
  return 1
}

print_env() {
  cat <<EOF
export CERTWRIGHT_PEBBLE_DIRECTORY='$directory_url'
export CERTWRIGHT_PEBBLE_TRUST='$trust_pem'
export CERTWRIGHT_PEBBLE_ROOTS='https://localhost:$mgmt_port/roots/0'
export CERTWRIGHT_PEBBLE_HTTP_PORT='$http_port'
export CERTWRIGHT_PEBBLE_TLS_PORT='$tls_port'
export CERTWRIGHT_CHALLTESTSRV='http://127.0.0.1:$challtestsrv_port'
EOF
}

start() {
  if running "$home/pebble.pid" pebble && running "$home/challtestsrv.pid" pebble-challtestsrv; then
    log "already running"
    print_started
    return 0
  fi
  stop_all
  command -v curl >/dev/null 2>&1 || die "curl is needed to check that Pebble is up (apt-get install curl)"
  bash "$script_dir/fetch-pebble.sh" "$dist" >&2 || die "Pebble is not available in $dist"
  (umask 077 && mkdir -p "$home") || die "cannot create $home"
  chmod 700 "$home"
  (umask 077 && make_tls)
  (umask 077 && write_config)

  # setsid: the servers outlive this script and its terminal's job control.
  setsid "$dist/usr/bin/pebble-challtestsrv" \
    -defaultIPv4 127.0.0.1 -defaultIPv6 "" \
    -dnsserver "127.0.0.1:$dns_port" -management "127.0.0.1:$challtestsrv_port" \
    -http01 "" -https01 "" -tlsalpn01 "" -doh "" \
    </dev/null >"$home/challtestsrv.log" 2>&1 &
  echo $! >"$home/challtestsrv.pid"

  # Pebble's own variables pass through; only NOSLEEP gets a default that suits a local CA.
  PEBBLE_VA_NOSLEEP=${PEBBLE_VA_NOSLEEP:-1} setsid "$dist/usr/bin/pebble" \
    -config "$home/pebble-config.json" -dnsserver "127.0.0.1:$dns_port" \
    </dev/null >"$home/pebble.log" 2>&1 &
  echo $! >"$home/pebble.pid"

  if ! await "$directory_url" || ! await "https://localhost:$mgmt_port/roots/0"; then
    stop_all
    die "Pebble did not start (logs: $home/pebble.log, $home/challtestsrv.log; a port in use? see CERTWRIGHT_*_PORT)"
  fi
  curl -fsS --max-time 5 --cacert "$trust_pem" -o "$home/issuer-root.pem" "https://localhost:$mgmt_port/roots/0" \
    || log "could not save Pebble's issuing root to $home/issuer-root.pem"
  print_started
}

print_started() {
  cat <<EOF
Pebble is running (state in $home).
  directory URL:   $directory_url
  trust PEM:       $trust_pem   (Session.Builder.trustedCertificates, or --trust)
  issuing root:    https://localhost:$mgmt_port/roots/0 (changes on every start)
  http-01 port:    $http_port, tls-alpn-01 port: $tls_port (every name resolves to 127.0.0.1)
  stop it with:    $0 stop
EOF
}

stop_all() {
  stop_one "$home/pebble.pid" pebble
  stop_one "$home/challtestsrv.pid" pebble-challtestsrv
}

case "${1:-}" in
  start) start ;;
  stop) stop_all; log "stopped" ;;
  status) running "$home/pebble.pid" pebble && running "$home/challtestsrv.pid" pebble-challtestsrv ;;
  env) print_env ;;
  -h | --help | help) usage ;;
  "") usage >&2; exit 2 ;;
  *) usage >&2; die "unknown command: $1" 2 ;;
esac
