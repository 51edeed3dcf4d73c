#!/usr/bin/env bash
# Measures the certificate manager (org.certwright.acme.examples.LifecycleBenchmark) and prints one
# JSON line per measurement:
#   - start-up with 10,000 stored certificates, from the file store and from PostgreSQL: time until
#     start() returns and until every certificate has had its first pass, heap after GC, threads;
#   - 100 certificates obtained, then renewed, against a local Pebble (no validation sleeps, no
#     nonce rejection, no authorization reuse): by one manager on files, one on PostgreSQL, and
#     three sharing PostgreSQL (orders must equal 100).
# PostgreSQL is a private server (scripts/postgres.sh), stopped at the end.
#
#   scripts/lifecycle-benchmark.sh [startup-count [renewal-count]]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh

startup_count=${1:-10000}
renewal_count=${2:-100}
ensure_prerequisites jdk postgresql
bash scripts/fetch-pebble.sh >&2
./mvnw -B -q -pl acme-examples -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
bash scripts/postgres.sh start >&2
trap 'bash scripts/postgres.sh stop' EXIT
jdbc="127.0.0.1:$(cat target/postgres/port)"
work=$(mktemp -d)
trap 'bash scripts/postgres.sh stop; rm -rf "$work"' EXIT

run() {
  java -Xmx1g -Dcertwright.pebble.dir="$PWD/target/pebble" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "acme-examples/target/classes:$(cat acme-examples/target/classpath.txt)" \
    org.certwright.acme.examples.LifecycleBenchmark "$@"
}

suffix=$(date +%s)
run --mode populate --count "$startup_count" --dir "$work/startup" >&2
run --mode startup --count "$startup_count" --dir "$work/startup"
run --mode populate --count "$startup_count" --jdbc "$jdbc" --table-prefix "startup_${suffix}_" >&2
run --mode startup --count "$startup_count" --jdbc "$jdbc" --table-prefix "startup_${suffix}_"

run --mode renewals --count "$renewal_count" --managers 1 --dir "$work/renewals"
run --mode renewals --count "$renewal_count" --managers 1 --jdbc "$jdbc" --table-prefix "renew1_${suffix}_"
run --mode renewals --count "$renewal_count" --managers 3 --jdbc "$jdbc" --table-prefix "renew3_${suffix}_"
