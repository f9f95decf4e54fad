#!/usr/bin/env bash
# Runs jtop's whole test suite as root on Debian 12 or Ubuntu: installs what the tests need
# (docker.io for the real dockerd, podman, runc, conmon, busybox-static for test images…), starts
# dockerd and podman's Docker-compatible service if they do not answer, then runs `mvn -B verify`
# (unit tests, then the *IT tests as root, the cgroup v2 lane among them: src/test/v2/README.md).
# .ci/run calls exactly this script.
#
#   packaging/test.sh                  the whole suite
#   packaging/test.sh v2 [MAVEN_ARG…]  the cgroup v2 lane alone (V2LaneIT: a qemu guest on cgroup v2),
#                                      e.g. packaging/test.sh v2 -Dv2.tests=DemoV2IT
set -euo pipefail

say() { printf 'test.sh: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  say "must run as root: the integration tests create cgroups and run containers (try: sudo $0)" >&2
  exit 1
fi

lane_only=false
if [ "${1:-}" = v2 ]; then
  lane_only=true
  shift
fi

cd "$(dirname "$(readlink -f "$0")")/.."

export DEBIAN_FRONTEND=noninteractive
say "installing test packages"
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  openjdk-17-jdk-headless maven runc crun conmon busybox-static util-linux docker.io podman gcc libc6-dev libcap2-bin htop tmux strace \
  docker-compose \
  containerd \
  qemu-system-x86 xz-utils \
  lxc systemd-container \
  </dev/null >/dev/null
# promtool (package prometheus) checks the Grafana dashboard's queries offline. Where systemd runs,
# installing the package starts its server: stop what this install started.
if ! command -v promtool >/dev/null; then
  apt-get install -y -qq --no-install-recommends prometheus </dev/null >/dev/null
  if [ -d /run/systemd/system ]; then systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
fi

if $lane_only; then
  say "running the cgroup v2 lane: mvn -B verify -Dit.test=V2LaneIT $*"
  exec mvn -B verify -Dtest=none -Dit.test=V2LaneIT -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false "$@" </dev/null
fi

dockerd_log=/tmp/jtop-test-dockerd.log
log_tail() {
  if [ -f "$dockerd_log" ]; then
    say "last lines of $dockerd_log:"
    tail -n 40 "$dockerd_log"
  fi
}

if docker info >/dev/null 2>&1; then
  say "dockerd already answers"
else
  say "starting dockerd (log: $dockerd_log)"
  # No iptables and no bridge: the tests need no container networking, and this keeps dockerd
  # off the host's firewall rules.
  nohup dockerd --iptables=false --ip6tables=false --bridge=none </dev/null >"$dockerd_log" 2>&1 &
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    say "dockerd did not answer within 60 s"
    log_tail
    exit 1
  fi
  say "dockerd answers"
fi

# Podman's Docker-compatible service, for the tests of jtop's engine backend on podman. runc, not
# crun: crun refuses a hybrid cgroup layout. Containers the service creates get rlimits within this
# host's hard limits (podman's defaults are above them, which runc refuses) from a containers.conf
# of our own; the tests give the podman command line the same options.
podman_socket=/run/podman/podman.sock
podman_log=/tmp/jtop-test-podman.log
podman_conf=/tmp/jtop-test-containers.conf
podman_answers() { podman --remote --url "unix://$podman_socket" version >/dev/null 2>&1; }
if podman_answers; then
  say "podman's service already answers"
else
  say "starting podman's service on $podman_socket (log: $podman_log)"
  printf '%s\n' '[containers]' 'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]' 'netns = "none"' \
    '[engine]' 'runtime = "runc"' >"$podman_conf"
  mkdir -p "$(dirname "$podman_socket")"
  CONTAINERS_CONF="$podman_conf" nohup podman --runtime runc system service --time=0 "unix://$podman_socket" \
    </dev/null >"$podman_log" 2>&1 &
  for _ in $(seq 30); do
    podman_answers && break
    sleep 1
  done
  if ! podman_answers; then
    say "podman's service did not answer within 30 s; last lines of $podman_log:"
    tail -n 40 "$podman_log"
    exit 1
  fi
  say "podman's service answers"
fi

say "running: mvn -B verify"
status=0
mvn -B verify </dev/null || status=$?
if [ "$status" -ne 0 ]; then
  say "tests failed (exit $status)"
  log_tail
fi
exit "$status"
