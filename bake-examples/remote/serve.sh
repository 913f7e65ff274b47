#!/usr/bin/env bash
# Makes a git repository of repo/ (one commit, tag v1) and serves it with git daemon on
# git://127.0.0.1:$PORT/remote.git (PORT defaults to 9418) until stopped. DIR is where the repository goes
# (a new temporary directory by default).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
port=${PORT:-9418}
dir=${DIR:-$(mktemp -d)}
rm -rf "$dir/work" "$dir/served"
mkdir -p "$dir/served"
cp -r "$here/repo" "$dir/work"
git -C "$dir/work" init -q -b main
git -C "$dir/work" add -A
git -C "$dir/work" -c user.email=example@jbake.invalid -c user.name=jbake commit -qm "remote example"
git -C "$dir/work" tag v1
git clone -q --bare "$dir/work" "$dir/served/remote.git"
echo "serving git://127.0.0.1:$port/remote.git" >&2
exec git daemon --reuseaddr --export-all --listen=127.0.0.1 --port="$port" --base-path="$dir/served" "$dir/served"
