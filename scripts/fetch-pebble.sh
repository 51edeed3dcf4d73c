#!/usr/bin/env bash
# Fetches Pebble and pebble-challtestsrv (Let's Encrypt's test CA and its mock DNS server) as the
# newest .deb that Debian offers and unpacks it, for the integration tests.
#
#   scripts/fetch-pebble.sh [--force] [DEST]
#
# DEST defaults to <repo root>/target/pebble. Afterwards the binaries are DEST/usr/bin/pebble and
# DEST/usr/bin/pebble-challtestsrv, and DEST/VERSION holds the Debian version and the suite.
#
# Suites are tried newest first: sid (Pebble 2.10.x), trixie (2.6.x), bookworm (2.4.0). The
# machine's apt configuration is never touched: every apt-get call uses a private sources list,
# private lists/cache/status directories under DEST, and no lock, so neither root nor sudo is
# needed. apt.conf.d still applies, so a configured proxy is honoured.
#
# Environment (all optional):
#   CERTWRIGHT_PEBBLE_SUITES   suites to try, in order (default: "sid trixie bookworm")
#   CERTWRIGHT_DEBIAN_MIRROR   Debian mirror (default: http://deb.debian.org/debian)
#   CERTWRIGHT_DEBIAN_KEYRING  keyring for the Release files
#                              (default: /usr/share/keyrings/debian-archive-keyring.gpg)
#
# Exit status: 0 Pebble is in place; 1 it could not be fetched; 2 wrong usage.
set -euo pipefail

readonly DEFAULT_SUITES="sid trixie bookworm"
readonly DEFAULT_MIRROR="http://deb.debian.org/debian"
readonly DEFAULT_KEYRING="/usr/share/keyrings/debian-archive-keyring.gpg"

usage() {
  sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

log() {
  printf 'fetch-pebble: %s\n' "$*" >&2
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
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" 2 ;;
    *)
      [ -z "$dest" ] || die "only one DEST may be given (got '$dest' and '$1')" 2
      dest=$1
      ;;
  esac
  shift
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$script_dir")
dest=${dest:-$repo_root/target/pebble}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

suites=${CERTWRIGHT_PEBBLE_SUITES:-$DEFAULT_SUITES}
mirror=${CERTWRIGHT_DEBIAN_MIRROR:-$DEFAULT_MIRROR}
keyring=${CERTWRIGHT_DEBIAN_KEYRING:-$DEFAULT_KEYRING}

# Prints the summary line when DEST holds a complete installation; fails otherwise.
report_installed() {
  [ -f "$dest/VERSION" ] && [ -x "$dest/usr/bin/pebble" ] && [ -x "$dest/usr/bin/pebble-challtestsrv" ] \
    || return 1
  local version suite
  version=$(sed -n 's/^version=//p' "$dest/VERSION")
  suite=$(sed -n 's/^suite=//p' "$dest/VERSION")
  [ -n "$version" ] || return 1
  printf 'pebble %s from %s -> %s\n' "$version" "${suite:-unknown}" "$dest"
}

if [ "$force" -eq 0 ] && report_installed; then
  exit 0
fi

for tool in apt-get apt-cache dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 \
    || die "'$tool' not found: this script needs a Debian-based system (apt and dpkg)"
done
[ -r "$keyring" ] \
  || die "Debian archive keyring '$keyring' is missing (install the debian-archive-keyring package or set CERTWRIGHT_DEBIAN_KEYRING)"

# Serialise concurrent runs on the same DEST (e.g. parallel builds); re-check once we hold the lock.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$dest/.fetch.lock"
  flock -w 600 9 || die "timed out waiting for another fetch into $dest"
  if [ "$force" -eq 0 ] && report_installed; then
    exit 0
  fi
fi

work=$(mktemp -d "$dest/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Downloads and unpacks pebble from one suite into $work/<suite>/root. Prints the version.
fetch_suite() {
  local suite=$1
  local dir="$work/$suite"
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/deb" "$dir/root" || return 1
  printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$suite" >"$dir/sources.list"
  : >"$dir/status"

  local -a opts=(
    -o "Dir::Etc::SourceList=$dir/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::Etc::Preferences=/dev/null"
    -o "Dir::Etc::PreferencesParts=/dev/null"
    -o "Dir::State::Lists=$dir/lists"
    -o "Dir::State::status=$dir/status"
    -o "Dir::Cache=$dir/cache"
    -o "Debug::NoLocking=1"
    -o "Acquire::Languages=none"
    -o "Acquire::Retries=1"
    -o "Acquire::http::Timeout=30"
    -o "APT::Update::Error-Mode=any"
  )
  if [ "$(id -u)" -eq 0 ]; then
    # Root would hand downloads to the _apt user, who cannot write to our private directories.
    opts+=(-o "APT::Sandbox::User=root")
  fi

  if ! apt-get "${opts[@]}" update >"$dir/update.log" 2>&1; then
    log "$suite: apt-get update failed:"
    tail -n 5 "$dir/update.log" | sed 's/^/    /' >&2
    return 1
  fi

  local version
  version=$(apt-cache "${opts[@]}" policy pebble 2>/dev/null | sed -n 's/^ *Candidate: //p')
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    log "$suite: no pebble package"
    return 1
  fi

  if ! (cd "$dir/deb" && apt-get "${opts[@]}" download "pebble=$version") >"$dir/download.log" 2>&1; then
    log "$suite: downloading pebble $version failed:"
    tail -n 5 "$dir/download.log" | sed 's/^/    /' >&2
    return 1
  fi

  local deb
  for deb in "$dir"/deb/pebble_*.deb; do
    dpkg-deb -x "$deb" "$dir/root" || { log "$suite: cannot unpack $deb"; return 1; }
  done
  local bin
  for bin in pebble pebble-challtestsrv; do
    if [ ! -x "$dir/root/usr/bin/$bin" ]; then
      log "$suite: pebble $version does not contain usr/bin/$bin"
      return 1
    fi
  done
  printf '%s\n' "$version"
}

for suite in $suites; do
  log "looking for pebble in Debian $suite"
  if version=$(fetch_suite "$suite"); then
    rm -rf "${dest:?}/VERSION" "${dest:?}/usr"
    mv "$work/$suite/root/usr" "$dest/usr"
    {
      printf 'version=%s\n' "$version"
      printf 'suite=%s\n' "$suite"
      printf 'architecture=%s\n' "$(dpkg --print-architecture 2>/dev/null || echo unknown)"
    } >"$work/VERSION"
    # Written last: a DEST with VERSION is complete.
    mv "$work/VERSION" "$dest/VERSION"
    report_installed
    exit 0
  fi
done

die "could not fetch Pebble from any of the Debian suites: $suites (mirror $mirror).
  Check the network (only the Debian mirror is needed), then run: scripts/fetch-pebble.sh $dest
  Without Pebble the integration tests are skipped, or fail when CI is set."
