#!/usr/bin/env bash
# Soak test of the badNonce retry: issues certificates at concurrency 8 against a local Pebble
# started with PEBBLE_WFE_NONCEREJECT=30 (30% of good nonces rejected) and prints one JSON line,
# including how many issuances failed ("failed") and the exception types of the failures. Exits
# non-zero if any issuance failed. Not part of the default test run: 1,000 certificates take
# many minutes.
#
#   scripts/nonce-soak.sh [--count N] [--concurrency C] [--reject-percent P] [--bad-nonce-retries R]
#                         [--timeout-minutes M]
#
# Without arguments: 1,000 certificates at concurrency 8 with 30% of nonces rejected and the
# default RetryPolicy. --bad-nonce-retries 5 shows the budget before 0.2.0.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh

ensure_prerequisites jdk
bash scripts/fetch-pebble.sh >&2
./mvnw -B -q -pl acme-examples -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
java -Dcertwright.pebble.dir="$PWD/target/pebble" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "acme-examples/target/classes:$(cat acme-examples/target/classpath.txt)" \
  org.certwright.acme.examples.NonceSoak "$@"
