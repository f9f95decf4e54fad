#!/usr/bin/env bash
# Detail-pane benchmark (see README.md here): what the detail view reads of a container with 1,000
# processes and 500 listening sockets, beside the tools an admin would run instead, in one run.
#   jtop  - java/PaneBench.java wires the Inspector as jtop does and times each read the UI's
#           sampling thread does while the detail view (and a pane of it) is open: the first call in
#           a fresh JVM and the median of the next RUNS calls
#   peers - `nsenter -t PID -n ss -ltnup` (the listeners and their processes) and
#           `ps -o pid,user,pcpu,rss,args` of the container's processes; median of RUNS each
# Target: every read, first call included, within one refresh (1 s, jtop's default interval).
#
# usage: sudo src/bench/panes.sh            run everything, print a summary
#        sudo src/bench/panes.sh --cleanup  only remove what an interrupted run may have left
#
# Prints figures and PASS/MISS against the target; it never fails on a figure (it is not a test).
# Exit status is non-zero only when the benchmark itself could not run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"   # REPO, JAR, LAUNCHER; cleanup, traps

RUNS=${JTOP_BENCH_PANES_RUNS:-20}
LISTENERS=500             # busybox `nc -l`, one process and one socket each
SLEEPERS=499              # with the shell, 1,000 processes
REFRESH_MS=1000
# The JVM flags of packaging/jtop, so the reads are compiled as in the UI.
LAUNCHER_FLAGS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xms8m -Xmx256m -Xss512k -XX:-UsePerfData)
NAME=bench-panes
SOCKET=jtop-bench-panes   # lib.sh's tmux helpers are not used; its cleanup stops this server if any
# Its own store, so the bench's container and image never mix with the host's.
export JTOP_ROOT=/tmp/jtop-bench-panes/root JTOP_RUN=/tmp/jtop-bench-panes/run

log() { printf '[bench-panes %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

remove_containers() {
    "$LAUNCHER" rm -f "$NAME" >/dev/null 2>&1 || true
}

[ "$(id -u)" = 0 ] || die "run as root (jtop's runtime creates the container): sudo $0"
command -v ss >/dev/null || die "ss not found (apt-get install iproute2)"
command -v nsenter >/dev/null || die "nsenter not found (apt-get install util-linux)"
[ -x /bin/busybox ] || die "/bin/busybox not found (apt-get install busybox-static)"

WORK=$(mktemp -d /tmp/jtop-bench-panes.XXXXXX)
start_run "$@"   # traps, --cleanup, the jar

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ms_of() { # command...: wall milliseconds of one run, output discarded
    local t0 t1
    t0=$EPOCHREALTIME
    "$@" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f\n", (b - a) * 1000}'
}

busybox_rootfs "$WORK/rootfs"
"$LAUNCHER" image import "$WORK/rootfs" jtop-bench-panes >/dev/null
remove_containers
STARTED=1
log "starting $NAME: $LISTENERS listeners and $SLEEPERS sleeps"
ID=$("$LAUNCHER" run -d --name "$NAME" --pids-limit 2000 jtop-bench-panes sh -c "
    i=0; while [ \$i -lt $LISTENERS ]; do nc -l -p \$((20000 + i)) & i=\$((i + 1)); done
    i=0; while [ \$i -lt $SLEEPERS ]; do sleep 100000 & i=\$((i + 1)); done
    wait")   # prints the id
[ -n "$ID" ] || die "$NAME did not start"
CGROUP_PROCS=$(find /sys/fs/cgroup -path "*$ID*" -name cgroup.procs 2>/dev/null | head -1)
[ -n "$CGROUP_PROCS" ] || die "no cgroup.procs for $ID"
deadline=$((SECONDS + 120))
until [ "$(wc -l <"$CGROUP_PROCS")" -ge $((LISTENERS + SLEEPERS + 1)) ] \
        && [ "$(nsenter -t "$(head -1 "$CGROUP_PROCS")" -n ss -ltn | tail -n +2 | wc -l)" -ge "$LISTENERS" ]; do
    [ $SECONDS -lt $deadline ] || die "the container did not reach $LISTENERS listeners in 120 s"
    nap 0.2
done
PID=$(head -1 "$CGROUP_PROCS")
PIDS=$(paste -sd, "$CGROUP_PROCS")

log "PaneBench: $RUNS runs per read"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$JAR" "$HERE/java/PaneBench.java"
java "${LAUNCHER_FLAGS[@]}" -cp "$JAR:$WORK/classes" PaneBench "$ID" "$RUNS" | tee "$WORK/pane.txt" | grep -v '^RESULT' >&2

log "peers: ss and ps, $RUNS runs each"
for _ in $(seq "$RUNS"); do ms_of nsenter -t "$PID" -n ss -ltnup; done | median >"$WORK/ss.txt"
for _ in $(seq "$RUNS"); do ms_of ps -o pid,user,pcpu,rss,args -p "$PIDS"; done | median >"$WORK/ps.txt"

result() { awk -v k="$1" -v f="$2" '$1 == "RESULT" && $2 == k {print $f}' "$WORK/pane.txt"; }
verdict() { awk -v a="$1" -v t="$REFRESH_MS" 'BEGIN {print (a <= t ? "PASS" : "MISS")}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }

SS=$(cat "$WORK/ss.txt")
PS=$(cat "$WORK/ps.txt")
echo
echo "================ jtop detail panes — $(date -u +%FT%TZ), $(uname -r), $(nproc) CPUs ================"
echo "load (1 min): $(cut -d' ' -f1 /proc/loadavg)"
echo "container: $(awk '$1 == "RESULT" && $3 == "processes" {print $4}' "$WORK/pane.txt") processes, $(awk '$1 == "RESULT" && $3 == "listeners" {print $4}' "$WORK/pane.txt") listeners (jtop's runtime, cgroup v$([ -f /sys/fs/cgroup/cgroup.controllers ] && echo 2 || echo 1))"
printf '%-10s %12s %12s   %s\n' read "first ms" "median ms" "within one refresh (${REFRESH_MS} ms)"
for k in inspect processes mounts network; do
    first=$(result "$k" 3)
    med=$(result "$k" 4)
    worst=$(awk -v a="$first" -v b="$med" 'BEGIN {print (a > b ? a : b)}')
    printf '%-10s %12s %12s   %s\n' "$k" "$first" "$med" "$(verdict "$worst")"
done
echo "peers (median): ss -ltnup ${SS} ms, ps of the processes ${PS} ms"
echo "network pane / ss: $(ratio "$(result network 4)" "$SS")   processes pane / ps: $(ratio "$(result processes 4)" "$PS")"
