#!/usr/bin/env bash
# Runs every test (unit, and integration against a real Pebble CA and BIND 9) on a fresh
# Debian/Ubuntu machine: installs what is missing (a JDK, BIND 9, Debian's archive keyring) with
# apt-get, fetches Pebble from Debian's archive through scripts/fetch-pebble.sh (a private apt
# sources list; the machine's apt configuration is never edited), then runs ./mvnw verify.
#
#   scripts/test.sh [extra Maven arguments]
#
# With CI set (as .ci/run sets it), integration tests fail instead of skipping when Pebble or
# BIND is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else "$@"; fi
}

java_ok() {
  command -v javac >/dev/null 2>&1 || return 1
  local major
  major=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
  [ "${major:-0}" -ge 17 ] 2>/dev/null
}

apt_updated=""
apt_update() {
  if [ -z "$apt_updated" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    apt_updated=1
  fi
}

packages=()
if ! java_ok; then
  apt_update
  # Java 17 where the release has it (Debian 12, Ubuntu 22.04), else the release's newer default.
  for jdk in openjdk-17-jdk-headless openjdk-21-jdk-headless default-jdk-headless; do
    if apt-cache show "$jdk" >/dev/null 2>&1; then packages+=("$jdk"); break; fi
  done
fi
command -v named >/dev/null 2>&1 || [ -x /usr/sbin/named ] || packages+=(bind9)
command -v dpkg-deb >/dev/null 2>&1 || packages+=(dpkg)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || packages+=(debian-archive-keyring)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "test.sh: installing ${packages[*]}"
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
fi
# The bind9 package may start a system named on port 53; the tests run their own on free ports.
if command -v systemctl >/dev/null 2>&1; then as_root systemctl stop named bind9 >/dev/null 2>&1 || true; fi

bash scripts/fetch-pebble.sh

./mvnw -B verify "$@"
