#!/usr/bin/env bash
# Obtains a real certificate from a local CA: installs a JDK if missing, fetches Pebble from
# Debian's archive, builds the project, starts Pebble, obtains a certificate for
# demo.certwright.test with real http-01 validation, prints where it was written and its subject,
# issuer and expiry, and stops Pebble.
#
#   scripts/demo.sh [domain] [output directory]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh

ensure_prerequisites jdk
bash scripts/fetch-pebble.sh
./mvnw -B -q -pl acme-examples -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
exec java -Dcertwright.pebble.dir="$PWD/target/pebble" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "acme-examples/target/classes:$(cat acme-examples/target/classpath.txt)" \
  org.certwright.acme.examples.LocalPebbleDemo "$@"
