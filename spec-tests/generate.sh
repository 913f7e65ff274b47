#!/usr/bin/env bash
# Writes the expected.* files of conformance cases by running the reference `docker buildx bake` on them.
#
#   spec-tests/generate.sh                 every case
#   spec-tests/generate.sh hcl/ vars/foo   the cases whose id starts with one of these prefixes
#
# SPEC_CASES=<dir> reads the cases from <dir> instead of spec-tests/cases, and SPEC_DOCKER_HOST=<addr> runs
# the reference against that daemon (for spec-tests/daemon-cases, which build: see README.md).
#
# Each case is copied to /tmp/jbake-spec/<area>/<name> (the path SpecTest maps its own run directory to)
# and run there with exactly HOME, PATH, DOCKER_HOST, DOCKER_CONFIG and the case's `env` lines.
#
# Each case is run by the buildx version it records: its own `REFERENCE` file, else spec-tests/REFERENCE.
# A version's environment script (which puts that `docker buildx` first on PATH; see /work/wt/TEAM.md) is
# $SPEC_REFENV_<version with _ for .> when set, else /tmp/refenv-<major.minor>.sh, else /tmp/refenv.sh for
# 0.29.1. The version the script gives must be the recorded one. See spec-tests/README.md for the format.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cases=$(cd "${SPEC_CASES:-$here/cases}" && pwd)
root=/tmp/jbake-spec
reserved=(args env stdin compare NOTE MANUAL REFERENCE expected.stdout expected.stderr expected.exit expected.excerpt)
default_version=$(cat "$here/REFERENCE")

# Sets refenv to the environment script of one buildx version, checked once: its `docker buildx version`
# must be that one.
declare -A refenv_checked=()
refenv_for() {
  local version=$1 var script
  var=SPEC_REFENV_${version//./_}
  if [ -n "${!var:-}" ]; then
    script=${!var}
  elif [ -f "/tmp/refenv-${version%.*}.sh" ]; then
    script=/tmp/refenv-${version%.*}.sh
  elif [ "$version" = 0.29.1 ]; then
    script=/tmp/refenv.sh
  else
    echo "generate.sh: no reference for buildx $version (set $var to its environment script)" >&2
    return 1
  fi
  if [ -z "${refenv_checked[$version]:-}" ]; then
    local actual
    actual=$(eval "$(cat "$script")"; docker buildx version | awk '{print $2}' | sed 's/^v//; s/+.*//')
    if [ "$actual" != "$version" ]; then
      echo "generate.sh: $script gives buildx $actual, the case records $version" >&2
      return 1
    fi
    refenv_checked[$version]=1
  fi
  refenv=$script
}

selected() {
  local id=$1 prefix
  [ ${#prefixes[@]} -eq 0 ] && return 0
  for prefix in "${prefixes[@]}"; do
    [[ $id == "$prefix"* ]] && return 0
  done
  return 1
}

prefixes=("$@")
count=0
errfile=$(mktemp)
trap 'rm -f "$errfile"' EXIT
while IFS= read -r argsfile; do
  dir=$(dirname "$argsfile")
  id=${dir#"$cases"/}
  selected "$id" || continue
  [ -f "$dir/MANUAL" ] && { printf '%-60s manual, kept\n' "$id"; continue; }

  work=$root/$id
  rm -rf "$work"
  mkdir -p "$work"
  cp -a "$dir/." "$work/"
  for name in "${reserved[@]}"; do rm -f "$work/$name"; done

  version=$default_version
  [ -f "$dir/REFERENCE" ] && version=$(cat "$dir/REFERENCE")
  refenv_for "$version"

  mapfile -t args < "$dir/args"
  stdin=/dev/null
  [ -f "$dir/stdin" ] && stdin=$dir/stdin

  set +e
  (
    eval "$(cat "$refenv")"
    DOCKER_HOST=${SPEC_DOCKER_HOST:-$DOCKER_HOST}
    envs=(HOME=/home/spec "PATH=$PATH" "DOCKER_HOST=$DOCKER_HOST" "DOCKER_CONFIG=$DOCKER_CONFIG")
    if [ -f "$dir/env" ]; then
      while IFS= read -r line; do
        [[ -z ${line// /} || $line == \#* ]] && continue
        envs+=("$line")
      done < "$dir/env"
    fi
    cd "$work" && env -i "${envs[@]}" docker buildx bake "${args[@]}" \
      < "$stdin" > "$dir/expected.stdout" 2> "$errfile"
  )
  exit_code=$?
  set -e

  echo "$exit_code" > "$dir/expected.exit"
  # Only the error messages are kept, and the entitlement report without the command line it suggests:
  # the rest of stderr is progress output with timings, and the source excerpt (kept apart, below).
  # The count buildx appends when it has more than one diagnostic (", and 2 other diagnostic(s)") is
  # dropped: it counts duplicates of buildx's own making.
  if [ "$exit_code" -ne 0 ]; then
    sed -n -e 's/^ERROR: //p' -e '/^Your build is requesting privileges/p' -e '/^ - /p' \
        -e '/^Pass "/p' -e '/^To disable filesystem entitlements/p' "$errfile" |
      sed 's/, and [0-9]* other diagnostic(s)$//' > "$dir/expected.stderr"
  else
    rm -f "$dir/expected.stderr"
  fi
  # The source excerpt buildx prints before a definition error: a "file:line" line, then the lines
  # of the file between two rules of dashes (see README.md). Kept whole, to be compared exactly.
  awk -v rule=-------------------- '
    inside { print; if ($0 == rule) inside = 0; next }
    $0 == rule && NR > 1 { print previous; print; inside = 1; next }
    { previous = $0 }' "$errfile" > "$dir/expected.excerpt"
  [ -s "$dir/expected.excerpt" ] || rm -f "$dir/expected.excerpt"
  count=$((count + 1))
  printf '%-60s exit %s (buildx %s)\n' "$id" "$exit_code" "$version"
done < <(find "$cases" -name args -type f | sort)

echo "generated $count case(s)" >&2
