#!/usr/bin/env bash
# Boots a cgroup v2 guest under qemu (software emulation, TCG) and runs one job in it.
#
#   src/test/v2/lane.sh RESULTS_DIR          runs $JTOP_V2_JOB in the guest
#   src/test/v2/lane.sh --shell RESULTS_DIR  an interactive shell in the same guest instead
#
# The guest is Debian 12's standard kernel (linux-image-amd64, fetched with `apt-get download` and
# unpacked; nothing is installed on the host) booted with cgroup_no_v1=all, a busybox initramfs,
# the host's / read-only over virtio-9p (the guest binds its /usr and /etc: Java, runc, conmon,
# crun, podman, tmux are the host's), tmpfs for /, /run, /tmp and /var, and RESULTS_DIR shared
# writable at /results. The guest's init (src/test/v2/init) sources RESULTS_DIR/job.env, which
# this script writes, runs the job and writes its exit status to RESULTS_DIR/status. The serial
# console goes to RESULTS_DIR/console.log.
#
# Environment:
#   JTOP_V2_JOB      shell command line the guest runs as root (cwd /tmp)
#   JTOP_V2_BINDS    host directories the guest sees read-only at their own paths (space-separated)
#   JTOP_V2_TIMEOUT  seconds before the guest is killed (default 900)
#   JTOP_V2_CACHE    kernel and initramfs cache (default /var/cache/jtop-v2)
#   JTOP_V2_MODULES  kernel modules to load, their dependencies first (default: virtio-pci, 9p, overlay, loop)
#   JTOP_V2_MEMORY, JTOP_V2_CPUS  guest memory (MiB, default 2048) and CPUs (default 2)
# Every JTOP_V2_* variable and CI are passed on to the job's environment.
#
# Exit status: the job's, or 124 if the guest did not finish in time, or 125 if it ended without
# reporting one (see console.log).
set -euo pipefail

say() { printf 'lane.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 125; }

here=$(dirname "$(readlink -f "$0")")
shell=false
if [ "${1:-}" = --shell ]; then
  shell=true
  shift
fi
[ $# -eq 1 ] || { say "usage: $0 [--shell] RESULTS_DIR"; exit 2; }
results=$(mkdir -p "$1" && cd "$1" && pwd)
cache=${JTOP_V2_CACHE:-/var/cache/jtop-v2}
modules=${JTOP_V2_MODULES:-virtio_pci 9pnet_virtio 9p overlay loop}
timeout_s=${JTOP_V2_TIMEOUT:-900}

for c in qemu-system-x86_64 apt-get dpkg-deb xz flock; do
  command -v "$c" >/dev/null || die "needs $c (apt-get install qemu-system-x86 xz-utils util-linux)"
done
busybox=$(command -v busybox) || die "needs busybox-static"
mkdir -p "$cache"

# The versioned kernel package linux-image-amd64 points to now, and its version.
kernel_package() {
  local pkg ver
  pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  [ -n "$pkg" ] || return 1
  ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | awk '/^Version:/ {print $2; exit}')
  [ -n "$ver" ] || return 1
  echo "${pkg}_${ver}"
}

# Makes $cache/<package>_<version>/ with the .deb and the uncompressed kernel (vmlinux), which
# qemu boots directly through its PVH entry point, skipping the bzImage's own decompression.
fetch_kernel() {
  local key=$1 dir=$cache/$1 tmp off
  [ -f "$dir/ready" ] && return 0
  say "fetching ${key%%_*} ${key#*_} into $dir"
  tmp=$(mktemp -d "$cache/.kernel.XXXXXX")
  (cd "$tmp" && apt-get download -q "${key%%_*}=${key#*_}" >/dev/null 2>&1) \
    || { rm -rf "$tmp"; die "apt-get download ${key%%_*}=${key#*_} failed (run apt-get update?)"; }
  mv "$tmp"/*.deb "$tmp/kernel.deb"
  dpkg-deb --fsys-tarfile "$tmp/kernel.deb" | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
  # Debian compresses the kernel with xz: the payload starts at the first xz stream header.
  off=$( { LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$tmp"/boot/vmlinuz-* || true; } | LC_ALL=C sed -n '1s/:.*//p')
  [ -n "$off" ] || die "no xz stream in $(basename "$tmp"/boot/vmlinuz-*)"
  tail -c +$((off + 1)) "$tmp"/boot/vmlinuz-* >"$tmp/payload.xz"
  xz -dc --single-stream "$tmp/payload.xz" >"$tmp/vmlinux"
  rm -rf "$tmp/boot" "$tmp/payload.xz"
  touch "$tmp/ready"
  rm -rf "$dir"
  mv -T "$tmp" "$dir"
}

# Resolves $modules and their dependencies (from each module's own depends= field), dependencies
# first, into $1/modules with the load order in $1/modules/order.
copy_modules() {
  local kdir=$1 out=$2 tree
  tree=$(mktemp -d "$cache/.modules.XXXXXX")
  dpkg-deb --fsys-tarfile "$kdir/kernel.deb" | tar -x -C "$tree" --wildcards './lib/modules/*/kernel/*'
  declare -A path=() loaded=()
  local f n
  while IFS= read -r f; do
    n=${f##*/}
    n=${n%.ko}
    path[${n//-/_}]=$f
  done < <(find "$tree" -name '*.ko')
  mkdir -p "$out/modules"
  add() {
    local m=${1//-/_} deps d
    [ -n "${loaded[$m]:-}" ] && return 0
    [ -n "${path[$m]:-}" ] || die "no kernel module $m"
    loaded[$m]=1
    deps=$( { grep -ao 'depends=[A-Za-z0-9_,-]*' "${path[$m]}" || true; } | sed -n '1s/^depends=//p')
    for d in ${deps//,/ }; do add "$d"; done
    cp "${path[$m]}" "$out/modules/$m.ko"
    echo "$m" >>"$out/modules/order"
  }
  for f in $modules; do add "$f"; done
  rm -rf "$tree"
}

# The initramfs: busybox, the modules and init. Keyed by everything that goes into it and by
# this script, which builds it.
build_initramfs() {
  local kdir=$1 key out tmp
  key=$( { echo "$kdir $modules"; cat "$here/init" "$here/lane.sh" "$busybox"; } | sha256sum | cut -c1-16)
  out=$cache/initramfs-$key.cpio
  if [ ! -f "$out" ]; then
    say "building $out"
    tmp=$(mktemp -d "$cache/.initramfs.XXXXXX")
    mkdir -p "$tmp/root/bin" "$tmp/root/proc" "$tmp/root/sys" "$tmp/root/dev"
    cp "$busybox" "$tmp/root/bin/busybox"
    for a in $("$busybox" --list); do
      [ "$a" = busybox ] || ln -s busybox "$tmp/root/bin/$a"
    done
    copy_modules "$kdir" "$tmp/root"
    cp "$here/init" "$tmp/root/init"
    (cd "$tmp/root" && find . | "$busybox" cpio -o -H newc 2>/dev/null) >"$tmp/initramfs.cpio"
    mv "$tmp/initramfs.cpio" "$out"
    rm -rf "$tmp"
  fi
  echo "$out"
}

prepare() {
  local key
  if ! key=$(kernel_package); then
    # No package lists: the newest kernel already fetched will do.
    key=$(ls -t "$cache" | sed -n '/^linux-image-/{p;q}')
    [ -n "$key" ] || die "apt-cache cannot resolve linux-image-amd64 and $cache has no kernel (run apt-get update)"
  fi
  fetch_kernel "$key"
  initramfs=$(build_initramfs "$cache/$key")
  kernel=$cache/$key/vmlinux
  # Whatever an older key left.
  find "$cache" -mindepth 1 -maxdepth 1 -name 'linux-image-*' ! -name "$key" -exec rm -rf {} +
  find "$cache" -mindepth 1 -maxdepth 1 -name 'initramfs-*.cpio' ! -path "$initramfs" -delete
  find "$cache" -mindepth 1 -maxdepth 1 -name '.*.??????' -mmin +60 -exec rm -rf {} +
}

# Single quotes for the guest's sh.
quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

write_job() {
  local v
  {
    if $shell; then
      echo "V2_JOB="
    else
      echo "V2_JOB=$(quote "${JTOP_V2_JOB:?JTOP_V2_JOB is not set}")"
    fi
    echo "V2_BINDS=$(quote "${JTOP_V2_BINDS:-}")"
    for v in CI $(compgen -e | grep '^JTOP_V2_' || true); do
      [ -n "${!v+x}" ] && echo "export $v=$(quote "${!v}")"
    done
  } >"$results/job.env"
}

exec 9>"$cache/.lock"
flock 9
prepare
flock -u 9
rm -f "$results/status"
write_job

qemu=(qemu-system-x86_64 -machine pc -accel tcg,thread=multi -cpu max -smp "${JTOP_V2_CPUS:-2}" -m "${JTOP_V2_MEMORY:-2048}"
  -nodefaults -no-user-config -display none -no-reboot
  -kernel "$kernel" -initrd "$initramfs"
  -append "console=ttyS0 quiet panic=-1 cgroup_no_v1=all"
  -virtfs "local,path=/,mount_tag=host,security_model=passthrough,readonly=on,multidevs=remap"
  -virtfs "local,path=$results,mount_tag=results,security_model=passthrough,multidevs=remap")
if $shell; then
  exec "${qemu[@]}" -serial mon:stdio
fi
say "booting the guest (console: $results/console.log, at most $timeout_s s)"
start=$(date +%s)
timeout -k 10 "$timeout_s" "${qemu[@]}" -serial "file:$results/console.log" </dev/null &
guest=$!
# timeout runs qemu in a process group of its own: pass a stop on to it.
trap 'kill -TERM "$guest" 2>/dev/null; wait "$guest"; say "stopped by a signal"; exit 125' TERM INT HUP
status=0
wait "$guest" || status=$?
trap - TERM INT HUP
say "guest ended after $(($(date +%s) - start)) s"
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  say "the guest did not finish within $timeout_s s"
  exit 124
fi
[ -f "$results/status" ] || die "the guest reported no exit status (qemu exited $status); see $results/console.log"
exit "$(cat "$results/status")"
