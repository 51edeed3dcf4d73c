#!/usr/bin/env bash
# Sourced by the other scripts: installs what they need on a fresh Debian/Ubuntu machine with
# apt-get (as root, or through sudo), and nothing when it is already there.
#
#   ensure_prerequisites jdk|bind9|postgresql|step-ca|chromium|pdns...
#
# Always: a JDK of version 17 or newer, and Debian's archive keyring (scripts/fetch-pebble.sh
# verifies Debian's package lists with it). With "bind9": BIND 9, for the RFC 2136 tests. With
# "postgresql": PostgreSQL's server binaries, for the JDBC store's tests (they run their own
# server on a private data directory and a free loopback port, never the machine's cluster). With
# "step-ca": the Go toolchain, a C compiler (one of step-ca's libraries uses cgo) and Debian's
# sources of smallstep certificates, for scripts/fetch-step-ca.sh. With "chromium": headless
# Chromium, for the site's screenshots (scripts/site.sh).
# "pdns": PowerDNS Authoritative with its SQLite backend, for the PowerDNS provider's tests (they
# run their own pdns_server on a private directory and free loopback ports, never the system one).

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else "$@"; fi
}

java_ok() {
  command -v javac >/dev/null 2>&1 || return 1
  local major
  major=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
  [ "${major:-0}" -ge 17 ] 2>/dev/null
}

_apt_updated=""
apt_update() {
  if [ -z "$_apt_updated" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    _apt_updated=1
  fi
}

# Whether the first argument is among the others.
_wants() {
  local wanted=$1 arg
  shift
  for arg in "$@"; do [ "$arg" = "$wanted" ] && return 0; done
  return 1
}

ensure_prerequisites() {
  local packages=()
  if ! java_ok; then
    apt_update
    # Java 17 where the release has it (Debian 12, Ubuntu 22.04), else the release's newer default.
    local jdk
    for jdk in openjdk-17-jdk-headless openjdk-21-jdk-headless default-jdk-headless; do
      if apt-cache show "$jdk" >/dev/null 2>&1; then packages+=("$jdk"); break; fi
    done
  fi
  command -v dpkg-deb >/dev/null 2>&1 || packages+=(dpkg)
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || packages+=(debian-archive-keyring)
  if _wants bind9 "$@"; then
    command -v named >/dev/null 2>&1 || [ -x /usr/sbin/named ] || packages+=(bind9)
  fi
  if _wants chromium "$@"; then
    # Debian's package; Ubuntu's is a snap stub, so there install Chrome or Chromium yourself.
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || packages+=(chromium)
  fi
  if _wants postgresql "$@"; then
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || packages+=(postgresql)
  fi
  if _wants step-ca "$@"; then
    command -v go >/dev/null 2>&1 || packages+=(golang-go)
    command -v gcc >/dev/null 2>&1 || packages+=(gcc libc6-dev)
    [ -d /usr/share/gocode/src/github.com/smallstep/certificates ] \
      || packages+=(golang-github-smallstep-certificates-dev)
  fi
  if _wants pdns "$@"; then
    command -v pdns_server >/dev/null 2>&1 || [ -x /usr/sbin/pdns_server ] || packages+=(pdns-server)
    [ -f /usr/lib/x86_64-linux-gnu/pdns/libgsqlite3backend.so ] || compgen -G '/usr/lib/*/pdns/libgsqlite3backend.so' >/dev/null \
      || packages+=(pdns-backend-sqlite3)
    command -v sqlite3 >/dev/null 2>&1 || packages+=(sqlite3)
  fi
  if [ "${#packages[@]}" -gt 0 ]; then
    echo "installing ${packages[*]}" >&2
    apt_update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
  fi
  if _wants bind9 "$@" && command -v systemctl >/dev/null 2>&1; then
    # The package may start a system named on port 53; the tests run their own on free ports.
    as_root systemctl stop named bind9 >/dev/null 2>&1 || true
  fi
  if _wants pdns "$@" && command -v systemctl >/dev/null 2>&1; then
    # Likewise a system pdns_server: the PowerDNS tests run their own.
    as_root systemctl stop pdns >/dev/null 2>&1 || true
  fi
  if _wants pdns "$@" && command -v systemctl >/dev/null 2>&1; then
    # Likewise the package's pdns service; the tests never use it.
    as_root systemctl stop pdns >/dev/null 2>&1 || true
  fi
}
