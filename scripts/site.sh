#!/usr/bin/env bash
# Builds the documentation site with the javadoc of the library's modules under apidocs/, then checks it:
# internal links and anchors (into the javadoc too), the build date, and headless Chromium
# screenshots of the front page and a long page (target/site-check/*.png).
#
#   scripts/site.sh [extra Maven arguments, e.g. -o]
#
# The site is target/site/index.html. Needs Chromium (Debian's chromium) for the screenshots;
# without it they are skipped, unless CI is set.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf target/site target/site-check
# "Last Published" shows the build's date; jars keep the fixed, reproducible timestamp of the POM.
./mvnw -B -q "$@" -N site -Dproject.build.outputTimestamp="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
# The aggregate javadoc cannot mix named and unnamed modules: it covers the library's modules (all
# named); the Spring Boot starters (class path only, as Spring is) publish their own javadoc jars.
./mvnw -B -q "$@" javadoc:aggregate -Dcertwright.pebble.skip=true \
  -pl .,acme-core,acme-challenges,acme-testkit,acme-store-testkit,acme-dns-testkit,acme-dns-providers,acme-dns-route53
rm -rf target/site/apidocs
cp -r target/reports/apidocs target/site/apidocs
java scripts/SiteCheck.java target/site
