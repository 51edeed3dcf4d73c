#!/usr/bin/env bash
# Obtains a real certificate from a local CA: installs a JDK if missing, fetches Pebble from
# Debian's archive, builds the project, starts Pebble, obtains a certificate for
# demo.certwright.test with real http-01 validation, prints where it was written and its subject,
# issuer and expiry, and stops Pebble.
#
#   scripts/demo.sh [domain] [output directory]
#
# The output directory is taken relative to the directory you run the script from (default:
# <repository>/target/demo). CERTWRIGHT_SKIP_BUILD=1 uses the classes an earlier build left in
# acme-examples/target instead of building again.
set -euo pipefail

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# Arguments are checked before anything is installed, fetched or built.
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  -*) usage >&2; printf 'demo.sh: unknown option: %s\n' "$1" >&2; exit 2 ;;
esac
[ "$#" -le 2 ] || { usage >&2; printf 'demo.sh: at most two arguments\n' >&2; exit 2; }
args=("$@")
if [ "$#" -eq 2 ]; then
  case "$2" in
    /*) ;;
    *) args[1]="$PWD/$2" ;;
  esac
fi

cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh

ensure_prerequisites jdk
bash scripts/fetch-pebble.sh
if [ "${CERTWRIGHT_SKIP_BUILD:-}" != 1 ] || [ ! -f acme-examples/target/classpath.txt ]; then
  ./mvnw -B -q -pl acme-examples -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
fi
exec java -Dcertwright.pebble.dir="$PWD/target/pebble" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "acme-examples/target/classes:$(cat acme-examples/target/classpath.txt)" \
  org.certwright.acme.examples.LocalPebbleDemo "${args[@]}"
