#!/usr/bin/env bash
# Runs every test — unit, and integration against a real Pebble CA and BIND 9 — on a fresh
# Debian/Ubuntu machine: installs what is missing (a JDK, BIND 9, PowerDNS) with apt-get, fetches Pebble
# from Debian's archive (scripts/fetch-pebble.sh; a private apt sources list, the machine's apt
# configuration is never edited), builds step-ca from Debian's sources (scripts/fetch-step-ca.sh),
# then runs ./mvnw verify.
#
#   scripts/test.sh [extra Maven arguments]
#
# With CI set (as .ci/run sets it), integration tests fail instead of skipping when Pebble or
# BIND or PostgreSQL or PowerDNS is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh

ensure_prerequisites bind9 postgresql chromium pdns
bash scripts/fetch-pebble.sh
bash scripts/fetch-step-ca.sh
./mvnw -B verify "$@"
bash scripts/site.sh "$@"
