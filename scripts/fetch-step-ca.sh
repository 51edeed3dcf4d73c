#!/usr/bin/env bash
# Builds smallstep's step-ca (the CA that many companies run as their private ACME server) from
# Debian bookworm's sources, for the integration tests: installs golang-go and
# golang-github-smallstep-certificates-dev (0.19.0) with apt-get (as root, or through sudo) when they
# are missing, then compiles scripts/step-ca/main.go in GOPATH mode against Debian's Go packages.
# The package no longer ships the cmd/step-ca program, hence the project's own small main.
#
#   scripts/fetch-step-ca.sh [--force] [DEST]
#
# DEST defaults to <repo root>/target/step-ca. Afterwards the binary is DEST/step-ca and DEST/VERSION
# holds the Debian version of the sources. Nothing is built when the binary is newer than both
# main.go and the installed sources (use --force to rebuild). No network access besides apt.
#
# Exit status: 0 step-ca is in place; 1 it could not be built; 2 wrong usage.
set -euo pipefail

readonly SOURCE_PACKAGE=golang-github-smallstep-certificates-dev

log() {
  printf 'fetch-step-ca: %s\n' "$*" >&2
}

die() {
  log "$1"
  exit "${2:-1}"
}

force=0
dest=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --force) force=1 ;;
    -h | --help) sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) die "unknown option: $1" 2 ;;
    *)
      [ -z "$dest" ] || die "only one DEST may be given (got '$dest' and '$1')" 2
      dest=$1
      ;;
  esac
  shift
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$script_dir")
main_go=$script_dir/step-ca/main.go
dest=${dest:-$repo_root/target/step-ca}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# shellcheck source=scripts/prerequisites.sh
. "$script_dir/prerequisites.sh"
ensure_prerequisites step-ca

# dpkg rewrites the package's file list on every install or upgrade, so its time stamp is the
# sources' age.
sources_stamp=/var/lib/dpkg/info/$SOURCE_PACKAGE.list
[ -f "$sources_stamp" ] || die "$SOURCE_PACKAGE is not installed (apt-get install $SOURCE_PACKAGE)"
version=$(dpkg-query -W -f='${Version}' "$SOURCE_PACKAGE")

up_to_date() {
  [ -x "$dest/step-ca" ] && [ -f "$dest/VERSION" ] \
    && [ "$dest/step-ca" -nt "$main_go" ] && [ "$dest/step-ca" -nt "$sources_stamp" ]
}

if [ "$force" -eq 0 ] && up_to_date; then
  printf 'step-ca %s -> %s/step-ca (up to date)\n' "$version" "$dest"
  exit 0
fi

# Serialise concurrent runs on the same DEST; re-check once we hold the lock.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$dest/.build.lock"
  flock -w 600 9 || die "timed out waiting for another build into $dest"
  if [ "$force" -eq 0 ] && up_to_date; then
    printf 'step-ca %s -> %s/step-ca (up to date)\n' "$version" "$dest"
    exit 0
  fi
fi

work=$(mktemp -d "$dest/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/certwright/step-ca"
cp "$main_go" "$work/src/certwright/step-ca/main.go"

log "building step-ca from $SOURCE_PACKAGE $version"
start=$(date +%s)
# GOPATH mode: Debian's Go libraries live in /usr/share/gocode/src; no module download happens.
# The build cache stays in DEST so that a rebuild after editing main.go takes seconds.
if ! (cd "$work/src/certwright/step-ca" \
    && env GO111MODULE=off GOFLAGS= GOPROXY=off GOPATH="$work:/usr/share/gocode" \
      GOCACHE="$dest/.gocache" CGO_ENABLED=1 \
      go build -trimpath -o "$work/step-ca" .) >"$work/build.log" 2>&1; then
  grep -v -e 'cgo-gcc-prolog' -e 'deprecated' "$work/build.log" | tail -n 20 >&2
  die "go build failed"
fi
mv "$work/step-ca" "$dest/step-ca"
printf 'version=%s\nsource=%s\n' "$version" "$SOURCE_PACKAGE" >"$dest/VERSION"
log "built in $(($(date +%s) - start)) s"
printf 'step-ca %s -> %s/step-ca\n' "$version" "$dest"
