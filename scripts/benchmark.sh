#!/usr/bin/env bash
# Measures issuance against a local Pebble (no validation sleeps, no nonce rejection, no
# authorization reuse) and prints one JSON line per run: certificates, concurrency, wall time,
# median and 95th percentile per certificate, HTTP requests the library sent.
#
#   scripts/benchmark.sh [--count N] [--concurrency C] [--names K] [--warmup W]
#
# Without arguments it runs the documented set: 20 and 50 certificates at concurrency 1, 4 and
# 16, then one 10-name certificate.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh

ensure_prerequisites jdk
bash scripts/fetch-pebble.sh >&2
./mvnw -B -q -pl acme-examples -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
run() {
  java -Dcertwright.pebble.dir="$PWD/target/pebble" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "acme-examples/target/classes:$(cat acme-examples/target/classpath.txt)" \
    org.certwright.acme.examples.PebbleBenchmark "$@"
}
if [ "$#" -gt 0 ]; then
  run "$@"
else
  for count in 20 50; do
    for concurrency in 1 4 16; do
      run --count "$count" --concurrency "$concurrency"
    done
  done
  run --count 1 --names 10 --warmup 1
fi
