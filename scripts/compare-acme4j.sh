#!/usr/bin/env bash
# Certwright and acme4j 4.0.0 side by side on one local Pebble (PEBBLE_VA_NOSLEEP=1, no nonce
# rejection, no authorization reuse): 1-name EC P-256 certificates with an existing account, at
# concurrency 1 and 16, each client in its own JVM. Prints one JSON line per client and
# concurrency, then a Markdown table, and writes src/site/resources/images/acme4j-comparison.svg.
#
#   scripts/compare-acme4j.sh [certificates-per-run]     (default 64)
#
# The machine is shared: wall-clock numbers (median, p95, certs/s) are noisy; CPU per certificate
# is process CPU time of the client JVM and the request counts are exact.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh

ensure_prerequisites jdk
bash scripts/fetch-pebble.sh >&2
./mvnw -B -q -pl acme-benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
java -Dcertwright.pebble.dir="$PWD/target/pebble" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "acme-benchmarks/target/classes:$(cat acme-benchmarks/target/classpath.txt)" \
  org.certwright.acme.benchmarks.HeadToHead "${1:-64}" src/site/resources/images/acme4j-comparison.svg
