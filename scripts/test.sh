#!/usr/bin/env bash
# Runs the whole test suite: starts (or reuses) the real BuildKit the integration tests use, then Maven.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
if [ -x scripts/test-daemon.sh ]; then
  eval "$(scripts/test-daemon.sh start)"
fi
exec mvn -B verify "$@"
