#!/usr/bin/env bash
# The real BuildKit and registry that jbake's integration tests (@Tag("daemon")) run against.
#
#   eval "$(scripts/test-daemon.sh start)"   # start (or reuse) them; prints the export line to eval
#   eval "$(scripts/test-daemon.sh env)"     # only the export line (fails when they are not running)
#   scripts/test-daemon.sh stop              # stop what this script started
#   scripts/test-daemon.sh start-extra SLOT  # start (or reuse) a further private engine; prints its DOCKER_HOST
#   scripts/test-daemon.sh stop-extra SLOT   # stop that engine (after a SIGKILL of its dockerd too)
#
# Exports DOCKER_HOST (Docker Engine with its embedded BuildKit), JBAKE_TEST_REGISTRY (host:port of a
# plain-HTTP distribution registry on 127.0.0.1), JBAKE_TEST_CONTAINERD_DOCKER_HOST (a second, private Docker
# Engine that keeps images in the containerd image store, whose exporter pushes by itself) and PATH (with the
# `docker` CLI first).
#
# A daemon given in JBAKE_TEST_DOCKER_HOST is used when it answers. Otherwise Docker Engine 28.5 and
# containerd come unpacked (not installed) from Debian's unstable suite into $JBAKE_TEST_CACHE, and dockerd
# runs on a private socket, data root, exec root and pidfile under $JBAKE_TEST_RUN, with a bridge of its
# own and no iptables rules, so it leaves any other dockerd on the machine (and its docker0) alone. Not
# --bridge=none: BuildKit's RUN steps then fail with "network bridge not found". The base image `busybox:local`
# is imported from the busybox-static rootfs because tests reach no outside registry. Idempotent: what is
# unpacked and what already runs is reused. Everything it prints on stdout is shell; logs go to stderr.
set -euo pipefail

CACHE=${JBAKE_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jbake-test-daemon}
RUN=${JBAKE_TEST_RUN:-${TMPDIR:-/tmp}/jbake-test-daemon}
REGISTRY_PORT=${JBAKE_TEST_REGISTRY_PORT:-5087}
BRIDGE=jbk0
BRIDGE_CIDR=10.231.0.1/24
CONTAINERD_RUN=$RUN/containerd-store
CONTAINERD_BRIDGE=jbk1
CONTAINERD_BRIDGE_CIDR=10.231.1.1/24
ENGINE_ROOT=$CACHE/engine
REGISTRY_ROOT=$CACHE/registry

log() { echo "test-daemon: $*" >&2; }
die() { log "$*"; exit 1; }

# The Debian mirror this machine already uses, for a given suite.
apt_download() { # suite dir package...
  local suite=$1 dir=$2; shift 2
  local apt uri o
  apt=$(mktemp -d)
  mkdir -p "$apt/lists/partial" "$dir"
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  [ -n "$uri" ] || die "no Debian mirror found in /etc/apt"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main" >"$apt/sources.list"
  o="-o APT::Sandbox::User=root -o Dir::Etc::SourceList=$apt/sources.list -o Dir::Etc::SourceParts=/dev/null"
  o="$o -o Dir::State::Lists=$apt/lists -o Dir::Cache::Archives=$apt"
  # shellcheck disable=SC2086
  apt-get $o update -qq >&2
  # shellcheck disable=SC2086
  (cd "$dir" && apt-get $o download -qq "$@" >&2)
  rm -rf "$apt"
}

unpack() { # debs-dir target-dir
  local f
  mkdir -p "$2"
  for f in "$1"/*.deb; do dpkg -x "$f" "$2"; done
}

ensure_machine_packages() {
  local need=()
  command -v runc >/dev/null || need+=(runc)          # the unstable runc needs a newer glibc
  command -v busybox >/dev/null || need+=(busybox-static)
  command -v dpkg-deb >/dev/null || need+=(dpkg)
  command -v ip >/dev/null || need+=(iproute2)
  command -v openssl >/dev/null || need+=(openssl)    # TLS transport tests make their certificates
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  fi
}

ensure_engine() {
  [ -x "$ENGINE_ROOT/usr/sbin/dockerd" ] && [ -x "$ENGINE_ROOT/usr/bin/docker" ] && return
  log "downloading Docker Engine from Debian unstable into $CACHE"
  apt_download sid "$CACHE/debs" docker.io containerd docker-cli
  unpack "$CACHE/debs" "$ENGINE_ROOT"
}

ensure_registry_binary() {
  [ -x "$REGISTRY_ROOT/usr/bin/docker-registry" ] && return
  log "downloading docker-registry into $CACHE"
  local release
  release=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  apt_download "$release" "$CACHE/registry-debs" docker-registry
  unpack "$CACHE/registry-debs" "$REGISTRY_ROOT"
}

docker_up() { # docker-host
  DOCKER_HOST=$1 "$ENGINE_ROOT/usr/bin/docker" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

start_dockerd() { # run-dir bridge bridge-cidr dockerd-options...
  local run=$1 bridge=$2 cidr=$3
  shift 3
  local host=unix://$run/docker.sock
  docker_up "$host" && return
  mkdir -p "$run"
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$cidr" dev "$bridge"
  fi
  ip link set "$bridge" up
  log "starting dockerd on $host (log: $run/dockerd.log)"
  # containerd and the shims come from the unpacked engine; runc and docker-init from the machine. It runs in
  # its own directory: the git it runs for git sources fails when the directory it inherited was removed.
  (cd "$run" || exit; PATH=$ENGINE_ROOT/usr/bin:$ENGINE_ROOT/usr/sbin:$PATH setsid dockerd \
      --data-root "$run/root" --exec-root "$run/exec" --pidfile "$run/dockerd.pid" -H "$host" \
      --iptables=false --ip6tables=false --bridge="$bridge" "$@" \
      </dev/null >"$run/dockerd.log" 2>&1 &)
  local i
  for i in $(seq 120); do docker_up "$host" && return; sleep 0.5; done
  die "dockerd did not start within 60 s: see $run/dockerd.log"
}

# A second engine with the containerd image store (the "containerd-snapshotter" feature), which Docker
# Engine only takes from its configuration file.
start_containerd_store_dockerd() {
  mkdir -p "$CONTAINERD_RUN"
  echo '{"features":{"containerd-snapshotter":true}}' >"$CONTAINERD_RUN/daemon.json"
  start_dockerd "$CONTAINERD_RUN" "$CONTAINERD_BRIDGE" "$CONTAINERD_BRIDGE_CIDR" \
      --config-file "$CONTAINERD_RUN/daemon.json"
}

import_busybox() { # docker-host
  local docker=("$ENGINE_ROOT/usr/bin/docker" -H "$1")
  "${docker[@]}" image inspect busybox:local >/dev/null 2>&1 && return
  log "importing busybox:local"
  local rootfs c
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
  cp "$(command -v busybox)" "$rootfs/bin/busybox"
  for c in $("$rootfs/bin/busybox" --list); do
    [ "$c" = busybox ] || ln -sf busybox "$rootfs/bin/$c"
  done
  tar -C "$rootfs" -c . | "${docker[@]}" import - busybox:local >/dev/null
  rm -rf "$rootfs"
}

registry_up() {
  # the registry answers /v2/ with 200 and an empty JSON object
  (exec 3<>"/dev/tcp/127.0.0.1/$REGISTRY_PORT" && printf 'GET /v2/ HTTP/1.0\r\n\r\n' >&3 &&
    head -c 12 <&3 | grep -q '200') 2>/dev/null
}

start_registry() {
  registry_up && return
  mkdir -p "$RUN/registry"
  cat >"$RUN/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $RUN/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
EOF
  log "starting docker-registry on 127.0.0.1:$REGISTRY_PORT (log: $RUN/registry.log)"
  (cd "$RUN" || exit; setsid "$REGISTRY_ROOT/usr/bin/docker-registry" serve "$RUN/registry/config.yml" \
      </dev/null >"$RUN/registry.log" 2>&1 & echo $! >"$RUN/registry.pid")
  local i
  for i in $(seq 60); do registry_up && return; sleep 0.5; done
  die "docker-registry did not start within 30 s: see $RUN/registry.log"
}

# A further engine, private to the tests that kill or restart their daemon (which must never be done to the
# shared one): slot N (2 to 254) runs under $RUN/extra-N, with bridge jbkN on 10.231.N.1/24, and has
# busybox:local. Its data root is kept between runs, as the shared engine's is.
extra_run() { # slot
  [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge 2 ] && [ "$1" -le 254 ] || die "a slot is a number from 2 to 254, not '$1'"
  echo "$RUN/extra-$1"
}

start_extra() { # slot
  local run
  run=$(extra_run "$1")
  start_dockerd "$run" "jbk$1" "10.231.$1.1/24" --storage-driver=overlay2
  import_busybox "unix://$run/docker.sock"
  echo "unix://$run/docker.sock"
}

stop_extra() { # slot
  local run
  run=$(extra_run "$1")
  stop_pidfile "$run/dockerd.pid"
  # a dockerd that was killed leaves its containerd running (a dockerd started later takes it over) and the
  # processes of its RUN steps, whose root filesystem is in its data root
  stop_pidfile "$run/exec/containerd/containerd.pid"
  local mounts pid
  for mounts in /proc/[0-9]*/mountinfo; do
    pid=${mounts#/proc/}
    pid=${pid%/mountinfo}
    head -n 1 "$mounts" 2>/dev/null | grep -qF "dir=$run/root/" && kill -9 "$pid" 2>/dev/null
  done
  return 0
}

print_env() { # docker-host containerd-store-docker-host
  echo "export PATH=$ENGINE_ROOT/usr/bin:\$PATH DOCKER_HOST=$1 JBAKE_TEST_REGISTRY=127.0.0.1:$REGISTRY_PORT" \
    "JBAKE_TEST_CONTAINERD_DOCKER_HOST=$2"
}

stop_pidfile() { # pidfile
  [ -f "$1" ] || return 0
  local pid
  pid=$(cat "$1")
  if kill "$pid" 2>/dev/null; then
    local i
    for i in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$1"
}

case "${1:-}" in
  start)
    ensure_machine_packages
    ensure_engine
    ensure_registry_binary
    host=
    if [ -n "${JBAKE_TEST_DOCKER_HOST:-}" ] && docker_up "$JBAKE_TEST_DOCKER_HOST"; then
      host=$JBAKE_TEST_DOCKER_HOST
      log "reusing the daemon at $host"
    else
      [ -z "${JBAKE_TEST_DOCKER_HOST:-}" ] || log "$JBAKE_TEST_DOCKER_HOST does not answer; starting a private dockerd"
      start_dockerd "$RUN" "$BRIDGE" "$BRIDGE_CIDR" --storage-driver=overlay2
      host=unix://$RUN/docker.sock
    fi
    import_busybox "$host"
    start_containerd_store_dockerd
    import_busybox "unix://$CONTAINERD_RUN/docker.sock"
    start_registry
    print_env "$host" "unix://$CONTAINERD_RUN/docker.sock"
    ;;
  env)
    host=${JBAKE_TEST_DOCKER_HOST:-unix://$RUN/docker.sock}
    docker_up "$host" || die "no daemon at $host: run '$0 start'"
    containerd_host=unix://$CONTAINERD_RUN/docker.sock
    docker_up "$containerd_host" || die "no daemon at $containerd_host: run '$0 start'"
    print_env "$host" "$containerd_host"
    ;;
  stop)
    stop_pidfile "$RUN/registry.pid"
    stop_pidfile "$CONTAINERD_RUN/dockerd.pid"
    stop_pidfile "$RUN/dockerd.pid"
    ;;
  start-extra)
    ensure_machine_packages
    ensure_engine
    start_extra "${2:-}"
    ;;
  stop-extra)
    stop_extra "${2:-}"
    ;;
  *)
    echo "usage: $0 start|env|stop|start-extra SLOT|stop-extra SLOT" >&2
    exit 2
    ;;
esac
