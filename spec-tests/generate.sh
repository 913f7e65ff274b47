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
# The reference comes from /tmp/refenv.sh (see /work/wt/TEAM.md). See spec-tests/README.md for the format.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cases=$(cd "${SPEC_CASES:-$here/cases}" && pwd)
root=/tmp/jbake-spec
reserved=(args env stdin compare NOTE MANUAL expected.stdout expected.stderr expected.exit expected.excerpt)

eval "$(cat /tmp/refenv.sh)"
DOCKER_HOST=${SPEC_DOCKER_HOST:-$DOCKER_HOST}
expected_version=$(cat "$here/REFERENCE")
actual_version=$(docker buildx version | awk '{print $2}' | sed 's/+.*//')
if [ "$actual_version" != "$expected_version" ]; then
  echo "generate.sh: reference is buildx $actual_version, spec-tests/REFERENCE says $expected_version" >&2
  exit 1
fi

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

  mapfile -t args < "$dir/args"
  envs=(HOME=/home/spec "PATH=$PATH" "DOCKER_HOST=$DOCKER_HOST" "DOCKER_CONFIG=$DOCKER_CONFIG")
  if [ -f "$dir/env" ]; then
    while IFS= read -r line; do
      [[ -z ${line// /} || $line == \#* ]] && continue
      envs+=("$line")
    done < "$dir/env"
  fi
  stdin=/dev/null
  [ -f "$dir/stdin" ] && stdin=$dir/stdin

  set +e
  (cd "$work" && env -i "${envs[@]}" docker buildx bake "${args[@]}" \
      < "$stdin" > "$dir/expected.stdout" 2> "$errfile")
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
  printf '%-60s exit %s\n' "$id" "$exit_code"
done < <(find "$cases" -name args -type f | sort)

echo "generated $count case(s) with buildx $actual_version" >&2
