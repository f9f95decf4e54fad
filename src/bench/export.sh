#!/usr/bin/env bash
# Cost of `jtop serve` and `jtop record` (issue 18), beside their peers in one run (see README.md here).
#   A. 1,000 cgroups laid out as jtop's runtime lays out its containers (/jtop/<name> in every v1
#      controller, or in the unified hierarchy), one `sleep` in each:
#        scrape - `jtop serve` (through packaging/jtop) scraped back to back with curl: CPU per scrape
#                 and per container, latency p50/p99; then again asking for gzip, as Prometheus does
#        idle   - the same server over a window with no scrape, its threads' CPU; beside it in the
#                 same window a JVM with the same flags that only sleeps, and an idle `prometheus`
#   B. 200 Docker containers (one busybox shell each, waking every second without forking):
#        one window with `jtop record -d 1`, `atop -w` at 1 s and `glances --export prometheus` at 1 s
#        (docker plugin only) all running: the recording's bytes per container per sample and its
#        CPU, atop's raw file, glances' CPU and that of dockerd, containerd and the shims above their
#        idle baseline (glances' per-container streams make them work); then `jtop serve` scraped
#        over the same containers: CPU per container per scrape against glances' per refresh
#
# usage: sudo src/bench/export.sh            run everything, print a summary (about 15 minutes)
#        sudo src/bench/export.sh --cleanup  only remove what an interrupted run left
#
# Prints figures and ratios; it never fails on a figure (it is not a test). Exit status is non-zero
# only when the benchmark itself could not run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"   # REPO, JAR, LAUNCHER; cleanup, traps and /proc helpers

CGROUPS=${JTOP_BENCH_EXPORT_CGROUPS:-1000}   # part A
SCRAPES=${JTOP_BENCH_EXPORT_SCRAPES:-200}    # timed scrapes of the 1,000 (after 30 to warm up)
IDLE=${JTOP_BENCH_EXPORT_IDLE:-60}           # seconds of the idle window
COUNT=${JTOP_BENCH_EXPORT_COUNT:-200}        # part B: Docker containers
WINDOW=${JTOP_BENCH_EXPORT_WINDOW:-300}      # seconds of the recording window
BASELINE=${JTOP_BENCH_EXPORT_BASELINE:-60}   # seconds of the daemons' idle baseline

PREFIX=bench18-                              # cgroups /jtop/bench18-cg-NNNN, containers bench18-dk-NNN
IMAGE=jtop-bench-busybox                     # as run.sh's (imported from the host's busybox if missing)
PORT=19656                                   # jtop serve; +1 glances, +2 prometheus
SOCKET=jtop-bench-export                     # lib.sh's cleanup stops this tmux server; none is started
CONTROLLERS=(cpu cpuacct memory pids blkio freezer)
CLK_TCK=$(getconf CLK_TCK)
export LC_ALL=C.UTF-8

log() { printf '[bench-export %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it creates cgroups and Docker containers): sudo $0"
for c in curl docker atop glances prometheus; do
    command -v "$c" >/dev/null || die "$c not found (apt-get install curl docker.io atop glances prometheus)"
done
# glances' docker plugin turns itself off, saying so only in its log, without docker and dateutil.
/usr/bin/python3 -c 'import docker, dateutil, prometheus_client' 2>/dev/null \
    || die "glances needs python3-docker, python3-dateutil and python3-prometheus-client (apt-get install them)"
docker info >/dev/null 2>&1 || die "dockerd does not answer (docker info failed); start it first"

WORK=$(mktemp -d /tmp/jtop-bench-export.XXXXXX)
: >"$WORK/pids"   # every process started in the background (sleeps, servers, recorders)
: >"$WORK/dirs"   # every cgroup directory made, in order

# What this script made, and only that: its processes, its cgroups (deepest first), its containers.
remove_containers() {
    local pid d names
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$WORK/pids"
    : >"$WORK/pids"
    for d in /sys/fs/cgroup/*/jtop/"$PREFIX"cg-* /sys/fs/cgroup/jtop/"$PREFIX"cg-*; do
        [ -d "$d" ] && echo "$d" >>"$WORK/dirs"
    done
    if [ -s "$WORK/dirs" ]; then
        log "removing $(sort -u "$WORK/dirs" | wc -l) cgroup directories"
        # Leaves before the parent; a process still dying keeps one busy for a moment. Builtins and
        # one rmdir for them all: a command per directory took minutes on a loaded host.
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            while read -r d; do
                [ -f "$d/cgroup.procs" ] || continue
                while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$d/cgroup.procs"
            done <"$WORK/dirs"
            tac "$WORK/dirs" | xargs -r rmdir 2>/dev/null || true
            left=$(while read -r d; do [ ! -d "$d" ] || echo "$d"; done <"$WORK/dirs" | wc -l)
            [ "$left" = 0 ] && break
            sleep 0.3
        done
        [ "$left" = 0 ] || log "WARNING: $left cgroup directories left (see $WORK/dirs)"
        : >"$WORK/dirs"
    fi
    names=$(docker ps -a --filter "name=^$PREFIX" --format '{{.Names}}' 2>/dev/null | grep -E "^${PREFIX}dk-[0-9]+\$" || true)
    if [ -n "$names" ]; then
        log "removing $(wc -w <<<"$names") containers ${PREFIX}dk-*"
        # shellcheck disable=SC2086
        docker rm -f $names >/dev/null 2>&1 || log "WARNING: docker rm -f failed"
    fi
}

start_run "$@"   # traps, --cleanup, the jar and its start-up archive
STARTED=1
remove_containers   # of an earlier, killed run

declare -A R
load() { cut -d' ' -f1-3 /proc/loadavg; }
pct() { awk -v c="$1" -v t="$CLK_TCK" -v s="$2" 'BEGIN { printf "%.3f", c / t / s * 100 }'; }
now_us() { echo "${EPOCHREALTIME/./}"; }
secs_since() { awk -v a="$1" -v b="$(now_us)" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'; }
bg() { # command...: started in the background, its pid recorded (for cleanup) and in $BG
    "$@" &
    BG=$!
    disown "$BG"   # killed by us: no "Killed" line from the shell
    echo "$BG" >>"$WORK/pids"
}

# `jtop serve` through the launcher, on its own store; waits for its first line. Sets SERVE.
start_serve() {
    bg env JTOP_ROOT="$WORK/root" JTOP_RUN="$WORK/run" "$LAUNCHER" serve --listen "127.0.0.1:$PORT" \
        >"$WORK/serve.out" 2>"$WORK/serve.err"
    SERVE=$BG
    for _ in $(seq 300); do
        grep -q serving "$WORK/serve.out" 2>/dev/null && return
        kill -0 "$SERVE" 2>/dev/null || die "jtop serve exited: $(head -c 300 "$WORK/serve.err")"
        sleep 0.1
    done
    die "jtop serve did not listen within 30 s"
}

# One scrape; its time in s. CURL_OPTS may add --compressed: Prometheus asks for gzip.
CURL_OPTS=()
scrape() { curl -sS "${CURL_OPTS[@]}" -o "${1:-/dev/null}" -w '%{time_total}\n' "http://127.0.0.1:$PORT/metrics"; }

# N scrapes back to back: R[$key.cpu_ms] per scrape (the server's utime+stime), R[$key.p50|p99] ms.
scrapes() { # key n
    local key=$1 n=$2 c0 c1 t0 i
    for i in $(seq 30); do scrape >/dev/null; done   # warm: the JIT and the readers' descriptors
    scrape "$WORK/$key.metrics" >/dev/null
    R[$key.series]=$(grep -c '^container_last_seen{' "$WORK/$key.metrics" || true)
    : >"$WORK/$key.lat"
    t0=$(now_us)
    c0=$(ticks "$SERVE")
    for i in $(seq "$n"); do scrape >>"$WORK/$key.lat"; done
    c1=$(ticks "$SERVE")
    R[$key.secs]=$(secs_since "$t0")
    R[$key.cpu_ms]=$(awk -v c=$((c1 - c0)) -v t="$CLK_TCK" -v n="$n" 'BEGIN { printf "%.2f", c / t / n * 1000 }')
    R[$key.per_container_us]=$(awk -v c=$((c1 - c0)) -v t="$CLK_TCK" -v n="$n" -v k="${R[$key.series]}" \
        'BEGIN { printf "%.1f", k ? c / t / n / k * 1e6 : 0 }')
    read -r R[$key.p50] R[$key.p99] R[$key.max] < <(sort -n "$WORK/$key.lat" | awk '{ v[NR] = $1 * 1000 }
        END { i50 = int(NR * 0.50 + 0.999); i99 = int(NR * 0.99 + 0.999); printf "%.1f %.1f %.1f\n", v[i50], v[i99], v[NR] }')
    log "  $key: $n scrapes of ${R[$key.series]} containers in ${R[$key.secs]} s, $((c1 - c0)) ticks"
}

threads() { # pid: "tid ns comm" per thread (ns of CPU from schedstat, finer than the 10 ms ticks)
    local t s
    for t in /proc/"$1"/task/*; do
        read -r s _ <"$t/schedstat" 2>/dev/null || continue
        echo "${t##*/} $s $(tr ' ' _ <"$t/comm")"
    done | sort
}

# CPU in ns a process's threads used between two `threads` listings: each thread's own difference,
# one started since counted from 0. One that ended in between is left out, its last moments lost:
# a sum over the threads alive at each end went negative when serve's idle pool threads ended.
cpu_between() { # listing0 listing1
    awk 'NR == FNR { was[$1] = $2; next } { d += $2 - ($1 in was ? was[$1] : 0) } END { printf "%d\n", d }' "$1" "$2"
}

# ---------------------------------------------------------------------------------------------
# A. 1,000 cgroups as jtop's runtime lays out its containers, one process each.

MOUNTS=()
if grep -q ' - cgroup2 ' /proc/self/mountinfo && ! grep -q ' - cgroup .*memory' /proc/self/mountinfo; then
    MOUNTS=("$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)")
    V2=1
else
    V2=0
    for c in "${CONTROLLERS[@]}"; do
        mp=$(awk -v c="$c" '$0 ~ / - cgroup / { split($0, a, " - "); split(a[2], b, " "); n = split(b[3], o, ",");
                for (i = 1; i <= n; i++) if (o[i] == c) { print $5; exit } }' /proc/self/mountinfo)
        [ -n "$mp" ] || die "cgroup v1 controller $c is not mounted"
        [[ " ${MOUNTS[*]} " == *" $mp "* ]] || MOUNTS+=("$mp")
    done
fi
R[load.a0]=$(load)
log "part A: $CGROUPS cgroups /jtop/${PREFIX}cg-NNNN with a sleep each (load ${R[load.a0]})"
for mp in "${MOUNTS[@]}"; do
    if [ ! -d "$mp/jtop" ]; then
        mkdir "$mp/jtop"
        echo "$mp/jtop" >>"$WORK/dirs"
    fi
    if [ "$V2" = 1 ]; then
        for c in cpu memory pids io; do echo "+$c" >"$mp/jtop/cgroup.subtree_control" 2>/dev/null || true; done
    fi
done
for i in $(seq -w 1 "$CGROUPS"); do
    for mp in "${MOUNTS[@]}"; do echo "$mp/jtop/${PREFIX}cg-$i"; done
done >"$WORK/cgroups"
cat "$WORK/cgroups" >>"$WORK/dirs"
xargs mkdir <"$WORK/cgroups"   # one command for them all: one per directory took minutes on a loaded host
for i in $(seq -w 1 "$CGROUPS"); do
    sleep 100000 </dev/null >/dev/null 2>&1 &
    pid=$!
    disown "$pid"
    echo "$pid" >>"$WORK/pids"
    for mp in "${MOUNTS[@]}"; do
        echo "$pid" >"$mp/jtop/${PREFIX}cg-$i/cgroup.procs"
    done
done

start_serve
log "scraping jtop serve (pid $SERVE)"
scrapes scrape "$SCRAPES"
CURL_OPTS=(--compressed)
scrapes gzip "$((SCRAPES / 2))"
CURL_OPTS=()

# Idle: no scrape for IDLE seconds. Beside it, a JVM given the very flags the launcher gives
# `serve` (taken from the launcher itself, through a stand-in java) that only sleeps, and an idle
# prometheus (no scrape target): what any JVM daemon, and a Go daemon that serves HTTP, cost doing
# nothing.
mkdir -p "$WORK/fakejava/bin" "$WORK/idle"
printf '#!/bin/sh\nprintf "%%s\\n" "$@"\n' >"$WORK/fakejava/bin/java"
chmod +x "$WORK/fakejava/bin/java"
mapfile -t FLAGS < <(JAVA_HOME=$WORK/fakejava "$LAUNCHER" serve | sed '/^-cp$/,$d')
printf 'class Idle { public static void main(String[] a) throws Exception { Thread.sleep(Long.MAX_VALUE); } }\n' \
    >"$WORK/idle/Idle.java"
javac -d "$WORK/idle" "$WORK/idle/Idle.java"
bg env MALLOC_ARENA_MAX=2 java "${FLAGS[@]}" -cp "$WORK/idle" Idle
IDLEJVM=$BG
printf 'global:\n  scrape_interval: 15s\n' >"$WORK/prometheus.yml"
bg prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom" \
    --web.listen-address="127.0.0.1:$((PORT + 2))" >"$WORK/prometheus.log" 2>&1
PROM=$BG
sleep 15   # the three settle (start-up's JIT and the prometheus TSDB's first work)
threads "$SERVE" >"$WORK/threads0"; threads "$IDLEJVM" >"$WORK/jvm0"; threads "$PROM" >"$WORK/prom0"
sleep "$IDLE"
threads "$SERVE" >"$WORK/threads1"; threads "$IDLEJVM" >"$WORK/jvm1"; threads "$PROM" >"$WORK/prom1"
for k in i:threads j:jvm p:prom; do
    R[idle.${k%%:*}]=$(awk -v d="$(cpu_between "$WORK/${k#*:}0" "$WORK/${k#*:}1")" -v s="$IDLE" \
        'BEGIN { printf "%.3f", d / 1e9 / s * 100 }')
done
R[idle.threads]=$(join "$WORK/threads0" "$WORK/threads1" \
    | awk '{ d = $4 - $2; if (d > 0) printf "%d %s %.1f\n", d, $3, d / 1e6 }' | sort -rn | head -6 \
    | awk '{ printf "%s%s %s ms", (NR > 1 ? ", " : ""), $2, $3 }')
R[idle.flags]="${FLAGS[*]}"
kill -KILL "$SERVE" "$IDLEJVM" "$PROM" 2>/dev/null || true
R[load.a1]=$(load)
remove_containers   # part A's cgroups and processes
log "part A done (load ${R[load.a1]})"

# ---------------------------------------------------------------------------------------------
# B. Docker containers both jtop and glances see.

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
    log "importing $IMAGE from the host's busybox (offline; kept for the next run)"
    busybox_rootfs "$WORK/rootfs"
    tar -C "$WORK/rootfs" -c . | docker import - "$IMAGE" >/dev/null
fi
R[load.b0]=$(load)
log "part B: starting $COUNT containers ${PREFIX}dk-NNN (load ${R[load.b0]})"
# One process each, waking every second without forking (read on a FIFO that never has data): its
# CPU time moves every second, so no sampler can skip it as idle, and it adds no process to atop's.
seq -f "${PREFIX}dk-%03.0f" 1 "$COUNT" | xargs -P 4 -I{} docker run -d --name {} --memory 32m "$IMAGE" \
    sh -c 'mkfifo /p; exec 3<>/p; while :; do read -t 1 x <&3; done' >/dev/null 2>"$WORK/run.err" \
    || die "docker run failed: $(head -c 300 "$WORK/run.err")"
RUNNING=$(docker ps -q --filter "name=^${PREFIX}dk-" | wc -l)
[ "$RUNNING" = "$COUNT" ] || log "WARNING: $RUNNING of $COUNT containers run"

DAEMONS="$(pgrep -x dockerd | tr '\n' ' ')$(pgrep -x containerd | tr '\n' ' ')"
SHIMS=""
ids=$(docker ps -q --no-trunc --filter "name=^${PREFIX}dk-")
for pid in $(pgrep -f containerd-shim || true); do
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    for id in $ids; do [[ $cmd == *" -id $id "* ]] && { SHIMS+="$pid "; break; }; done
done
log "daemons $DAEMONS; shims of our containers: $(wc -w <<<"$SHIMS")"
sleep 10
# shellcheck disable=SC2086
d0=$(ticks $DAEMONS $SHIMS); t0=$(now_us)
sleep "$BASELINE"
# shellcheck disable=SC2086
d1=$(ticks $DAEMONS $SHIMS)
R[base.secs]=$(secs_since "$t0")
R[base.daemons]=$(pct $((d1 - d0)) "${R[base.secs]}")

log "starting jtop record -d 1 and glances (docker plugin, prometheus export, -t 1)"
bg env JTOP_ROOT="$WORK/root" JTOP_RUN="$WORK/run" "$LAUNCHER" record -d 1 "$WORK/jtop.rec" 2>"$WORK/record.err"
RECORD=$BG
printf '[global]\ncheck_update=false\n[prometheus]\nhost=127.0.0.1\nport=%s\nlabels=src:glances\nprefix=glances\n' \
    $((PORT + 1)) >"$WORK/glances.conf"
bg glances -C "$WORK/glances.conf" -q --export prometheus --disable-plugin all --enable-plugin docker -t 1 \
    --disable-history >"$WORK/glances.out" 2>&1
GLANCES=$BG
for _ in $(seq 120); do   # its imports and first refreshes take 10-20 s here
    [ "$(curl -s "http://127.0.0.1:$((PORT + 1))/metrics" | grep -c "^glances_docker_${PREFIX//-/_}dk_.*_cpu_percent")" -ge "$COUNT" ] && break
    kill -0 "$GLANCES" 2>/dev/null || die "glances exited: $(tail -c 300 "$WORK/glances.out")"
    sleep 1
done
R[glances.seen]=$(curl -s "http://127.0.0.1:$((PORT + 1))/metrics" | grep -c "^glances_docker_${PREFIX//-/_}dk_.*_cpu_percent" || true)
[ "${R[glances.seen]}" -gt 0 ] || die "glances exports no container after 120 s (see its log, /tmp/glances-$(id -un).log)"
sleep 10
log "window: $WINDOW s of jtop record, atop -w and glances (glances exports ${R[glances.seen]} containers)"
s0=$(stat -c %s "$WORK/jtop.rec")
# shellcheck disable=SC2086
r0=$(ticks "$RECORD"); g0=$(ticks "$GLANCES"); d0=$(ticks $DAEMONS $SHIMS); t0=$(now_us)
atop -w "$WORK/atop.raw" 1 "$WINDOW" >/dev/null 2>&1
# shellcheck disable=SC2086
r1=$(ticks "$RECORD"); g1=$(ticks "$GLANCES"); d1=$(ticks $DAEMONS $SHIMS)
s1=$(stat -c %s "$WORK/jtop.rec")
R[win.secs]=$(secs_since "$t0")
kill -KILL "$RECORD" "$GLANCES" 2>/dev/null || true
R[rec.rows]=$(JTOP_ROOT=$WORK/root JTOP_RUN=$WORK/run "$LAUNCHER" replay "$WORK/jtop.rec" \
    --at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" ps --json | grep -c '"id"' || true)
R[rec.bytes]=$((s1 - s0))
R[rec.cpu]=$(pct $((r1 - r0)) "${R[win.secs]}")
R[glances.cpu]=$(pct $((g1 - g0)) "${R[win.secs]}")
R[win.daemons]=$(pct $((d1 - d0)) "${R[win.secs]}")
R[atop.bytes]=$(stat -c %s "$WORK/atop.raw")

log "scraping jtop serve over the $COUNT containers"
start_serve
scrapes docker 60
kill -KILL "$SERVE" 2>/dev/null || true
R[load.b1]=$(load)

# ---------------------------------------------------------------------------------------------
# Summary.

w=${R[win.secs]}
echo
echo "================ jtop serve / record cost — $(date -u +%FT%TZ), $(uname -r), $(nproc) CPUs, HEAD $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo -) ================"
echo "load average (1, 5, 15 min): part A ${R[load.a0]} -> ${R[load.a1]}; part B ${R[load.b0]} -> ${R[load.b1]}"
echo
echo "A. jtop serve, $CGROUPS cgroups /jtop/${PREFIX}cg-NNNN (one sleep each), ${R[scrape.series]} containers exported"
printf '  scrape: %s ms CPU per scrape (%s µs per container), latency p50 %s ms, p99 %s ms (max %s; %s scrapes)   target p99 < 100 ms: %s\n' \
    "${R[scrape.cpu_ms]}" "${R[scrape.per_container_us]}" "${R[scrape.p50]}" "${R[scrape.p99]}" "${R[scrape.max]}" \
    "$SCRAPES" "$(awk -v p="${R[scrape.p99]}" 'BEGIN { print (p < 100 ? "PASS" : "MISS") }')"
printf '  the same asking for gzip, as Prometheus does: %s ms CPU per scrape, latency p50 %s ms, p99 %s ms (max %s; %s scrapes)\n' \
    "${R[gzip.cpu_ms]}" "${R[gzip.p50]}" "${R[gzip.p99]}" "${R[gzip.max]}" "$((SCRAPES / 2))"
printf '  idle, %s s without a scrape (%% of one core): jtop serve %s   JVM with the same flags, sleeping %s   prometheus, no target %s\n' \
    "$IDLE" "${R[idle.i]}" "${R[idle.j]}" "${R[idle.p]}"
printf '    ratios: serve / sleeping JVM %s, serve / prometheus %s\n' \
    "$(awk -v a="${R[idle.i]}" -v b="${R[idle.j]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" \
    "$(awk -v a="${R[idle.i]}" -v b="${R[idle.p]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
echo "    serve's threads that ran: ${R[idle.threads]}"
echo "    JVM flags (packaging/jtop serve): ${R[idle.flags]}"
echo
echo "B. $RUNNING Docker containers ${PREFIX}dk-NNN, one window of $w s; jtop record replays ${R[rec.rows]} containers"
awk -v b="${R[rec.bytes]}" -v n="${R[rec.rows]}" -v s="$w" -v a="${R[atop.bytes]}" -v cpu="${R[rec.cpu]}" \
    -v g="${R[glances.cpu]}" -v gn="${R[glances.seen]}" -v dw="${R[win.daemons]}" -v db="${R[base.daemons]}" \
    -v sc="${R[docker.cpu_ms]}" -v sk="${R[docker.series]}" -v sp="${R[docker.per_container_us]}" 'BEGIN {
    per = b / s / n; hour = b / s * 3600; ahour = a / s * 3600
    printf "  jtop record -d 1: %d bytes, %.1f bytes per container per sample; %.1f MB an hour (extrapolated from %d s)\n", b, per, hour / 1e6, s
    printf "  atop -w 1 s:      %d bytes; %.1f MB an hour (extrapolated)   atop / jtop %.1f   target jtop < atop: %s\n", a, ahour / 1e6, a / b, (b < a ? "PASS" : "MISS")
    printf "  jtop record CPU:  %.3f %% of one core (%.1f µs per container per sample)   target < 1 %%: %s\n", cpu, cpu / 100 * 1e6 / n, (cpu < 1 ? "PASS" : "MISS")
    printf "  glances -t 1, docker plugin only, prometheus export of %d containers: %.3f %% of one core (%.1f µs per container per refresh)\n", gn, g, g / 100 * 1e6 / gn
    printf "    dockerd + containerd + shims meanwhile: %.3f %% (idle baseline %.3f %%: %.3f %% more, %.1f µs per container per refresh)\n", dw, db, dw - db, (dw - db) / 100 * 1e6 / gn
    printf "  jtop serve over them: %s ms CPU per scrape of %d containers, %s µs per container\n", sc, sk, sp
    printf "  ratios: glances / jtop record CPU %.1f (with the daemons %.1f); glances per container per refresh / jtop serve per container per scrape %.1f (with the daemons %.1f)   target > 1: %s\n", \
        g / cpu, (g + dw - db) / cpu, (g / 100 * 1e6 / gn) / sp, ((g + dw - db) / 100 * 1e6 / gn) / sp, ((g / 100 * 1e6 / gn) > sp ? "PASS" : "MISS")
}'
echo "==========================================================================================================="
