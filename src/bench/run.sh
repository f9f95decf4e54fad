#!/usr/bin/env bash
# Sampling-cost benchmark of jtop's monitor against two peers, in one run (see README.md here):
#   jtop  - SampleBench.java drives the product's Sampler over 1,000 real cgroups with one process each;
#   floor - c/floor.c re-reads the very files jtop keeps open, with pread at offset 0;
#   docker stats - CPU of the CLI, dockerd, containerd and the shims for 10 containers.
# Also: RSS of `jtop top -b -d 1 --json` over the 1,000 cgroups, and `jtop ps` end to end.
#
# usage: sudo src/bench/run.sh            run everything, print a summary
#        sudo src/bench/run.sh --cleanup  only remove what an interrupted run may have left
#
# Prints figures and PASS/MISS against the targets; it never fails on a figure (it is not a test).
# Exit status is non-zero only when the benchmark itself could not run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
JAR=${JTOP_JAR:-$REPO/target/jtop.jar}

COUNT=${JTOP_BENCH_COUNT:-1000}            # cgroups (one process each)
TICKS=${JTOP_BENCH_TICKS:-100}             # timed ticks, reading only
DISC_TICKS=${JTOP_BENCH_DISCOVERY_TICKS:-20}   # timed ticks, with discovery
DOCKER_N=${JTOP_BENCH_DOCKER:-10}          # docker containers
DOCKER_WINDOW=${JTOP_BENCH_DOCKER_WINDOW:-20}  # seconds of docker stats measured
TOP_TICKS=${JTOP_BENCH_TOP_TICKS:-30}      # ticks of `jtop top` for the RSS figure
PS_RUNS=${JTOP_BENCH_PS_RUNS:-5}
SKIP_DOCKER=${JTOP_BENCH_SKIP_DOCKER:-0}

PODS=${JTOP_BENCH_PODS:-100}               # of the COUNT cgroups, 2 per pod are a Kubernetes pod's containers
BEFORE_JAR=${JTOP_BENCH_BEFORE_JAR:-}      # a jar of an earlier jtop, sampled in the same run ("before")
BEFORE_ROUNDS=${JTOP_BENCH_BEFORE_ROUNDS:-3}   # before/after pairs, in turn

PREFIX=jtopbench-
PARENT=jtop                                # jtop's own runtime puts containers at /jtop/<id>
# Pods as the kubelet lays them out with the cgroupfs driver: /kubepods/besteffort/pod<uid>/<id>.
POD_PARENT=kubepods/besteffort
POD_UID_PREFIX=d0c0f1a0-0000-4000-8000-    # + 12 digits: a uid form no real pod has
POD_ID_PREFIX=b0b0b0b0                     # + 56 digits: 64 hex digits
LABEL=jtop-bench=1
IMAGE=jtop-bench-busybox
# The JVM flags of packaging/jtop (the official figure is measured with these).
# The flags packaging/jtop passes (it also sets MALLOC_ARENA_MAX=2).
LAUNCHER_FLAGS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:-UsePerfData -Xshare:auto)
export MALLOC_ARENA_MAX=2
FULL_EVERY=${JTOP_BENCH_FULL_EVERY:-5}   # as Host.CONTINUOUS_FULL_EVERY
CONTROLLERS=(cpu cpuacct memory pids blkio freezer)
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it creates cgroups): sudo $0"

# ---------------------------------------------------------------------------------------------
# Cleanup: everything this script makes is recorded under $WORK as soon as it exists, and the
# EXIT trap removes it whatever the exit path (failure, Ctrl-C, TERM, HUP).

WORK=$(mktemp -d /tmp/jtop-bench.XXXXXX)
: >"$WORK/pids"          # sleep processes we started
: >"$WORK/dirs"          # cgroup directories we created, in creation order
: >"$WORK/bgpids"        # other background processes (docker stats, jtop top)
CLEANED=0

kill_recorded() {
    local f=$1 pid
    while read -r pid; do
        [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    done <"$f"
}

remove_cgroups() {
    [ -s "$WORK/dirs" ] || [ -s "$WORK/pids" ] || return 0
    log "removing $(wc -l <"$WORK/dirs") cgroup directories and $(wc -l <"$WORK/pids") processes"
    kill_recorded "$WORK/pids"
    wait 2>/dev/null || true
    local d try left
    # Deepest first (reverse creation order): leaves before the parent we may have made.
    for try in 1 2 3 4 5 6 7 8 9 10; do
        left=0
        while read -r d; do
            [ -d "$d" ] || continue
            # A process that escaped the list (e.g. forked meanwhile) would keep the cgroup busy.
            if [ -s "$d/cgroup.procs" ]; then
                xargs -r kill -KILL <"$d/cgroup.procs" 2>/dev/null || true
            fi
            rmdir "$d" 2>/dev/null || left=$((left + 1))
        done < <(tac "$WORK/dirs")
        [ "$left" = 0 ] && break
        sleep 0.3
    done
    [ "$left" = 0 ] || log "WARNING: $left cgroup directories could not be removed (see $WORK/dirs)"
    : >"$WORK/pids"
    : >"$WORK/dirs"
}

remove_containers() {
    command -v docker >/dev/null || return 0
    local ids
    ids=$(docker ps -aq --filter "label=$LABEL" 2>/dev/null || true)
    if [ -n "$ids" ]; then
        log "removing bench docker containers: $(echo $ids)"
        # shellcheck disable=SC2086
        docker rm -f $ids >/dev/null 2>&1 || true
    fi
}

cleanup() {
    local rc=$?
    [ "$CLEANED" = 1 ] && return
    CLEANED=1
    set +e
    trap - INT TERM HUP
    kill_recorded "$WORK/bgpids"
    remove_cgroups
    [ "$SKIP_DOCKER" = 1 ] || remove_containers
    if [ "$rc" = 0 ]; then
        rm -rf "$WORK"
    else
        log "exit $rc; logs kept in $WORK"
    fi
}

# Removes what a run killed with SIGKILL (no trap) left: our cgroups and containers, nothing else.
standalone_cleanup() {
    local d
    for d in /sys/fs/cgroup/*/$PARENT/$PREFIX* /sys/fs/cgroup/$PARENT/$PREFIX* \
        /sys/fs/cgroup/*/$POD_PARENT/pod$POD_UID_PREFIX*/* /sys/fs/cgroup/$POD_PARENT/pod$POD_UID_PREFIX*/* \
        /sys/fs/cgroup/*/$POD_PARENT/pod$POD_UID_PREFIX* /sys/fs/cgroup/$POD_PARENT/pod$POD_UID_PREFIX*; do
        [ -d "$d" ] || continue
        [ -s "$d/cgroup.procs" ] && xargs -r kill -KILL <"$d/cgroup.procs" 2>/dev/null
        echo "$d" >>"$WORK/dirs"
    done
    sleep 0.2
    remove_cgroups
    remove_containers
}

trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM HUP

if [ "${1:-}" = "--cleanup" ]; then
    standalone_cleanup
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# Results: "key value" lines collected from every phase.

declare -A R
collect() { # prefix file
    local k v
    while read -r _ k v; do R["$1$k"]=$v; done < <(grep '^RESULT ' "$2")
}
calc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; }
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo MISS; }

# ---------------------------------------------------------------------------------------------
# Build.

cd "$REPO"
if [ ! -f "$JAR" ]; then
    log "building $JAR"
    mvn -B -q -DskipTests package
fi
log "compiling the harness and the C floor"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$JAR" "$HERE/java/SampleBench.java"
if [ -n "$BEFORE_JAR" ]; then
    [ -f "$BEFORE_JAR" ] || die "JTOP_BENCH_BEFORE_JAR=$BEFORE_JAR: no such file"
    mkdir -p "$WORK/classes-before"
    javac -d "$WORK/classes-before" -cp "$BEFORE_JAR" "$HERE/java/SampleBench.java"
fi
gcc -O2 -Wall -o "$WORK/floor" "$HERE/c/floor.c"

for f in "${LAUNCHER_FLAGS[@]}"; do
    grep -q -- "$f" "$REPO/packaging/jtop" 2>/dev/null || log "note: packaging/jtop no longer passes $f"
done
if [ -x "$REPO/packaging/jtop" ]; then
    JTOP=("$REPO/packaging/jtop")
    export JTOP_JAR="$JAR"
else
    JTOP=(java "${LAUNCHER_FLAGS[@]}" -jar "$JAR")
fi

# ---------------------------------------------------------------------------------------------
# docker stats (before the cgroups exist, so dockerd is not disturbed by them).

stop_pid() { # the docker CLI ignores SIGTERM while streaming stats: INT, then KILL
    local pid=$1 i
    kill -INT "$pid" 2>/dev/null || true
    for i in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

proc_ticks() { # utime+stime of each pid given, summed; a pid that is gone counts 0
    local total=0 pid stat rest
    for pid in "$@"; do
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        rest=${stat##*) }
        # shellcheck disable=SC2086
        set -- $rest
        total=$((total + ${12} + ${13}))   # fields 14 and 15 of the whole line
    done
    echo "$total"
}

docker_phase() {
    command -v docker >/dev/null || { log "docker not found: skipping docker stats"; return; }
    docker info >/dev/null 2>&1 || { log "dockerd not answering: skipping docker stats"; return; }
    remove_containers
    if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
        log "importing $IMAGE from the host's busybox (offline)"
        local bb rootfs=$WORK/rootfs a
        bb=$(command -v busybox) || die "busybox not found (apt-get install busybox-static)"
        mkdir -p "$rootfs/bin"
        cp "$bb" "$rootfs/bin/busybox"
        for a in $("$bb" --list); do
            [ "$a" = busybox ] || ln -sf busybox "$rootfs/bin/$a"
        done
        tar -C "$rootfs" -c . | docker import - "$IMAGE" >/dev/null
    fi
    log "starting $DOCKER_N docker containers (label $LABEL)"
    local i ids=()
    for i in $(seq 1 "$DOCKER_N"); do
        ids+=("$(docker run -d --label "$LABEL" --name "jtop-bench-$i" "$IMAGE" sleep 100000)")
    done
    sleep 2

    local daemons shims=() pid
    daemons=$(pgrep -x dockerd; pgrep -x containerd || true)
    for pid in $(pgrep -f containerd-shim || true); do
        for i in "${ids[@]}"; do
            if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$i"; then
                shims+=("$pid")
                break
            fi
        done
    done
    if [ "${#shims[@]}" = 0 ]; then
        log "note: no shim names our containers in its command line; counting every containerd-shim"
        mapfile -t shims < <(pgrep -f containerd-shim || true)
    fi
    log "daemons: $(echo $daemons); shims of our containers: ${#shims[@]}"

    # Idle baseline of the same daemons and shims, without docker stats.
    local b0 b1
    b0=$(proc_ticks $daemons "${shims[@]}")
    sleep "$DOCKER_WINDOW"
    b1=$(proc_ticks $daemons "${shims[@]}")

    docker stats "${ids[@]}" >/dev/null 2>"$WORK/docker-stats.err" &
    local cli=$!
    echo "$cli" >>"$WORK/bgpids"
    sleep 3   # let the stream start: its first sample needs two reads one second apart
    local t0 t1 s0 s1 w0 w1
    t0=$(proc_ticks "$cli" $daemons "${shims[@]}")
    w0=$(date +%s%N)
    sleep "$DOCKER_WINDOW"
    t1=$(proc_ticks "$cli" $daemons "${shims[@]}")
    w1=$(date +%s%N)
    stop_pid "$cli"

    local secs
    secs=$(calc "($w1 - $w0) / 1e9" 2)
    R[docker_window_s]=$secs
    R[docker_ticks_gross]=$((t1 - t0))
    R[docker_ticks_idle]=$((b1 - b0))
    # docker stats refreshes once a second: samples = seconds in the window.
    R[docker_ms_gross]=$(calc "($t1 - $t0) * 1000 / $CLK_TCK / $DOCKER_N / $secs")
    R[docker_ms_net]=$(calc "(($t1 - $t0) - ($b1 - $b0) * $secs / $DOCKER_WINDOW) * 1000 / $CLK_TCK / $DOCKER_N / $secs")
    log "docker stats: $((t1 - t0)) ticks over ${secs}s (idle baseline $((b1 - b0)) ticks over ${DOCKER_WINDOW}s)"
    remove_containers
}

if [ "$SKIP_DOCKER" = 1 ]; then
    log "skipping docker stats (JTOP_BENCH_SKIP_DOCKER=1)"
else
    docker_phase
fi

# ---------------------------------------------------------------------------------------------
# 1,000 cgroups with one process each.

declare -a MOUNTS=()   # directories under which /jtop/<id> is made
V2=0
find_mounts() {
    # mountinfo: ... mount-point(5) ... " - " fstype source super-options
    local c mp seen=" "
    if awk '$0 ~ / - cgroup / { split($0, a, " - "); split(a[2], b, " "); if (b[3] ~ /(^|,)memory(,|$)/) f = 1 } END { exit !f }' /proc/self/mountinfo; then
        for c in "${CONTROLLERS[@]}"; do
            mp=$(awk -v c="$c" '$0 ~ / - cgroup / {
                    split($0, a, " - "); split(a[2], b, " "); n = split(b[3], o, ",");
                    for (i = 1; i <= n; i++) if (o[i] == c) { print $5; exit } }' /proc/self/mountinfo)
            [ -n "$mp" ] || die "cgroup v1 controller $c is not mounted"
            case "$seen" in *" $mp "*) continue ;; esac   # co-mounted, e.g. cpu,cpuacct
            seen="$seen$mp "
            MOUNTS+=("$mp")
        done
    else
        mp=$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
        [ -n "$mp" ] || die "no cgroup filesystem mounted"
        V2=1
        MOUNTS=("$mp")
    fi
}

make_cgroup() { # path [parent]: made in every hierarchy (parents first), recorded; on v2 a parent
                #   hands its controllers down
    local rel=$1 mp dir c
    for mp in "${MOUNTS[@]}"; do
        dir=$mp/$rel
        if [ ! -d "$dir" ]; then
            mkdir "$dir"
            echo "$dir" >>"$WORK/dirs"
        fi
        if [ "$V2" = 1 ] && [ "${2:-}" = parent ]; then
            for c in cpu memory pids io; do
                echo "+$c" >"$dir/cgroup.subtree_control" 2>/dev/null || log "note: cannot enable $c in /$rel"
            done
        fi
    done
}

start_in() { # cgroup path under each mount: one sleeping process in it
    local rel=$1 mp pid
    sleep 100000 </dev/null >/dev/null 2>&1 &
    pid=$!
    echo "$pid" >>"$WORK/pids"
    for mp in "${MOUNTS[@]}"; do
        echo "$pid" >"$mp/$rel/cgroup.procs"
    done
}

# One pod as containerd's CRI leaves it on a node: a sandbox and a container, each with its bundle's
# config.json and the annotations CRI writes, their processes children of one "shim" (a subshell)
# whose working directory is the sandbox's bundle, as containerd's shim runs. jtop names them from
# those files when it first sees them.
BUNDLES=$WORK/state/io.containerd.runtime.v2.task/k8s.io
start_pod() { # pod number, pod uid
    local p=$1 uid=$2 i id sid type name pids mp n
    printf -v sid '%s%052d%04d' "$POD_ID_PREFIX" "$p" 1
    for i in 1 2; do
        printf -v id '%s%052d%04d' "$POD_ID_PREFIX" "$p" "$i"
        make_cgroup "$POD_PARENT/pod$uid/$id"
        mkdir -p "$BUNDLES/$id"
        if [ "$i" = 1 ]; then type=sandbox name=; else type=container name=app; fi
        printf '{"ociVersion":"1.0.2","annotations":{"io.kubernetes.cri.container-type":"%s","io.kubernetes.cri.container-name":"%s","io.kubernetes.cri.sandbox-id":"%s","io.kubernetes.cri.sandbox-name":"jtopbench-pod-%04d","io.kubernetes.cri.sandbox-namespace":"jtopbench","io.kubernetes.cri.sandbox-uid":"%s","io.kubernetes.cri.image-name":"%s"}}\n' \
            "$type" "$name" "$sid" "$p" "$uid" "$IMAGE" >"$BUNDLES/$id/config.json"
    done
    pids=$WORK/pod-$p.pids
    : >"$pids"
    (
        cd "$BUNDLES/$sid"
        for i in 1 2; do
            sleep 100000 </dev/null >/dev/null 2>&1 &
            echo "$!" >>"$pids"
        done
        wait
    ) </dev/null >/dev/null 2>&1 &
    echo "$!" >>"$WORK/pids"
    for n in $(seq 100); do [ "$(wc -l <"$pids")" = 2 ] && break; sleep 0.05; done
    [ "$(wc -l <"$pids")" = 2 ] || die "pod $p: its processes did not start"
    i=1
    while read -r n; do
        echo "$n" >>"$WORK/pids"
        printf -v id '%s%052d%04d' "$POD_ID_PREFIX" "$p" "$i"
        for mp in "${MOUNTS[@]}"; do
            echo "$n" >"$mp/$POD_PARENT/pod$uid/$id/cgroup.procs"
        done
        i=$((i + 1))
    done <"$pids"
}

create_cgroups() {
    find_mounts
    local plain=$((COUNT - 2 * PODS))
    [ "$plain" -ge 0 ] || die "JTOP_BENCH_PODS=$PODS pods need $((2 * PODS)) of the $COUNT cgroups"
    log "cgroup v$([ $V2 = 1 ] && echo 2 || echo 1): creating $plain cgroups /$PARENT/$PREFIX* and $PODS pods of 2 under /$POD_PARENT, under ${MOUNTS[*]}"
    if [ "$V2" = 1 ]; then
        for c in cpu memory pids io; do
            echo "+$c" >"${MOUNTS[0]}/cgroup.subtree_control" 2>/dev/null || log "note: cannot enable $c at the root"
        done
    fi
    make_cgroup "$PARENT" parent
    local i p id uid
    for ((i = 1; i <= plain; i++)); do
        printf -v id '%s%04d' "$PREFIX" "$i"
        make_cgroup "$PARENT/$id"
        start_in "$PARENT/$id"
    done
    if [ "$PODS" -gt 0 ]; then
        make_cgroup "${POD_PARENT%/*}" parent
        make_cgroup "$POD_PARENT" parent
    fi
    for ((p = 1; p <= PODS; p++)); do
        printf -v uid '%s%012d' "$POD_UID_PREFIX" "$p"
        make_cgroup "$POD_PARENT/pod$uid" parent
        start_pod "$p" "$uid"
    done
    log "created $COUNT cgroups, $(wc -l <"$WORK/dirs") directories"
}

create_cgroups

# ---------------------------------------------------------------------------------------------
# jtop: the product's Sampler over those cgroups, with the launcher's flags (official) and with
# the JVM's default JIT.

run_java() { # label, flags...
    run_java_on "$JAR" "$WORK/classes" "$@"
}

run_java_on() { # jar, harness classes, label, flags...
    local jar=$1 classes=$2 label=$3
    shift 3
    log "SampleBench ($label, $jar)"
    java "$@" -cp "$jar:$classes" SampleBench "$WORK/paths-$label.txt" "/$PARENT/$PREFIX,/$POD_PARENT/pod$POD_UID_PREFIX" "$TICKS" "$DISC_TICKS" "$CLK_TCK" "$FULL_EVERY" \
        | tee "$WORK/java-$label.out"
    collect "$label." "$WORK/java-$label.out"
}
run_java launcher "${LAUNCHER_FLAGS[@]}"
run_java tiered "${LAUNCHER_FLAGS[@]}" -XX:TieredStopAtLevel=4
if [ -n "$BEFORE_JAR" ]; then
    # The same harness, compiled against the earlier jar, over the same cgroups, in turn with this
    # jar, BEFORE_ROUNDS times: one pair alone is at the mercy of whatever else the machine did in
    # that minute; the summary gives the median of each side.
    for ((round = 1; round <= BEFORE_ROUNDS; round++)); do
        run_java_on "$BEFORE_JAR" "$WORK/classes-before" "before$round" "${LAUNCHER_FLAGS[@]}"
        run_java "after$round" "${LAUNCHER_FLAGS[@]}"
    done
    for key in discovery_process_cpu_us read_process_cpu_us named containers; do
        for side in before after; do
            R[$side.$key]=$(for ((round = 1; round <= BEFORE_ROUNDS; round++)); do echo "${R[$side$round.$key]}"; done \
                | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
        done
    done
fi

log "C floor: the same $(wc -l <"$WORK/paths-launcher.txt") files, read as often as jtop read them"
"$WORK/floor" "$WORK/paths-launcher.txt" "${R[launcher.discovered]}" "${R[launcher.timed_ticks]}" | tee "$WORK/floor.out"
collect "c." "$WORK/floor.out"

# ---------------------------------------------------------------------------------------------
# RSS of the real CLI sampling the 1,000 cgroups at 1 Hz.

measure_rss() { # key prefix, jar: VmRSS/VmHWM of `jtop top` with that jar
    local key=$1 jar=$2 pid rss h max_rss=0 hwm=0 rc=0
    log "RSS ($key): ${JTOP[*]} top -b -d 1 -n $TOP_TICKS --json with $jar (about $TOP_TICKS s)"
    JTOP_JAR=$jar "${JTOP[@]}" top -b -d 1 -n "$TOP_TICKS" --json >"$WORK/top-$key.json" 2>"$WORK/top-$key.err" &
    pid=$!
    echo "$pid" >>"$WORK/bgpids"
    while kill -0 "$pid" 2>/dev/null; do
        # packaging/jtop execs java, so the pid is the JVM's.
        rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        h=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        [ -n "$rss" ] && [ "$rss" -gt "$max_rss" ] && max_rss=$rss
        [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
        sleep 1
    done
    wait "$pid" || rc=$?
    [ "$rc" = 0 ] || log "WARNING: jtop top exited $rc: $(head -c 500 "$WORK/top-$key.err")"
    R[${key}_max_mb]=$(calc "$max_rss / 1024" 1)
    R[${key}_hwm_mb]=$(calc "$hwm / 1024" 1)
    R[${key}_lines]=$(wc -l <"$WORK/top-$key.json")
    R[${key}_last_containers]=$(tail -n 1 "$WORK/top-$key.json" | grep -o '"id"' | wc -l)
}
measure_rss rss "$JAR"
R[top_lines]=${R[rss_lines]}
R[top_last_containers]=${R[rss_last_containers]}
[ -z "$BEFORE_JAR" ] || measure_rss rss_before "$BEFORE_JAR"

# ---------------------------------------------------------------------------------------------
# jtop ps end to end.

time_cmd() { # key, command... -> R[key] = median ms over PS_RUNS runs
    local key=$1
    shift
    if command -v hyperfine >/dev/null && command -v jq >/dev/null; then
        hyperfine -N --warmup 1 --runs "$PS_RUNS" --export-json "$WORK/hf-$key.json" "$*" >"$WORK/hf-$key.out" 2>&1 \
            || hyperfine --warmup 1 --runs "$PS_RUNS" --export-json "$WORK/hf-$key.json" "$*" >"$WORK/hf-$key.out" 2>&1
        R[$key]=$(jq '.results[0].median * 1000' "$WORK/hf-$key.json" | xargs printf '%.0f')
    else
        local i t0 t1 times=()
        "$@" >/dev/null 2>&1 || true
        for ((i = 0; i < PS_RUNS; i++)); do
            t0=$(date +%s%N)
            "$@" >/dev/null 2>&1 || true
            t1=$(date +%s%N)
            times+=($(((t1 - t0) / 1000000)))
        done
        R[$key]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    fi
    log "$* : median ${R[$key]} ms"
}

R[ps_rows_full]=$("${JTOP[@]}" ps -d 0 2>/dev/null | grep -c -e "$PREFIX" -e "$POD_ID_PREFIX" || true)
time_cmd ps_full "${JTOP[@]}" ps
time_cmd ps_full_d0 "${JTOP[@]}" ps -d 0

remove_cgroups
R[ps_rows_none]=$("${JTOP[@]}" ps -d 0 2>/dev/null | grep -c -e "$PREFIX" -e "$POD_ID_PREFIX" || true)
time_cmd ps_none "${JTOP[@]}" ps
time_cmd ps_none_d0 "${JTOP[@]}" ps -d 0

# ---------------------------------------------------------------------------------------------
# Summary. Official jtop figure: launcher flags, CPU time of the process (all JVM threads).

g() { echo "${R[$1]:-nan}"; }
J_READ=$(g launcher.read_process_cpu_us)
J_DISC=$(g launcher.discovery_process_cpu_us)
C_FLOOR=$(g c.replay_cpu_us)
RATIO_C=$(calc "$J_DISC / $C_FLOOR" 2)
RATIO_C_READ=$(calc "$J_READ / $C_FLOOR" 2)

cat <<EOF

================ jtop sampling benchmark — $(date -u +%FT%TZ), $(uname -r), $(nproc) CPUs ================
containers sampled             ${R[launcher.containers]} cgroups (v$([ $V2 = 1 ] && echo 2 || echo 1)), $(g launcher.open_files) files held open; $(g launcher.reads_per_container_tick) reads per container per tick (counters every tick, the rest every $FULL_EVERY)

jtop µs per container per tick        CPU (process)   wall      [launcher flags: ${LAUNCHER_FLAGS[*]}]
  reading only   sample(list)         $(printf '%8s' "$J_READ")   $(printf '%8s' "$(g launcher.read_wall_us)")
  with discovery sample()             $(printf '%8s' "$J_DISC")   $(printf '%8s' "$(g launcher.discovery_wall_us)")
  optimising JIT, reading only        $(printf '%8s' "$(g tiered.read_process_cpu_us)")   $(printf '%8s' "$(g tiered.read_wall_us)")
  optimising JIT, with discovery      $(printf '%8s' "$(g tiered.discovery_process_cpu_us)")   $(printf '%8s' "$(g tiered.discovery_wall_us)")
C floor: jtop's reads replayed        $(printf '%8s' "$C_FLOOR")   $(printf '%8s' "$(g c.replay_wall_us)")
  C, every file every tick            $(printf '%8s' "$(g c.floor_cpu_us)")   $(printf '%8s' "$(g c.floor_wall_us)")

ratio jtop/C (with discovery, CPU)    $RATIO_C   (reading only: $RATIO_C_READ)   target <= 2      $(verdict "$RATIO_C <= 2")
EOF
if [ -n "$BEFORE_JAR" ]; then
    cat <<EOF
before/after, µs per container/tick   with discovery: before $(g before.discovery_process_cpu_us), after $(g after.discovery_process_cpu_us)   reading only: before $(g before.read_process_cpu_us), after $(g after.read_process_cpu_us)   (medians of $BEFORE_ROUNDS pairs in turn; this jar's first run: $J_DISC)
  before: $BEFORE_JAR; $(g after.containers) containers, $((2 * PODS)) of them in $PODS pods; named by discovery: before $(g before.named), after $(g after.named)
  max RSS of jtop top -d 1: before $(g rss_before_max_mb) MB (VmHWM $(g rss_before_hwm_mb)), after $(g rss_max_mb) MB (VmHWM $(g rss_hwm_mb))
EOF
fi
if [ -n "${R[docker_ms_net]:-}" ]; then
    RATIO_D=$(calc "${R[docker_ms_net]} * 1000 / $J_DISC" 0)
    RATIO_D_READ=$(calc "${R[docker_ms_net]} * 1000 / $J_READ" 0)
    cat <<EOF
docker stats ms per container/sample  ${R[docker_ms_net]} net of idle (gross ${R[docker_ms_gross]}; CLI+dockerd+containerd+shims, $DOCKER_N containers, ${R[docker_window_s]} s)
ratio docker/jtop (jtop with discovery) $RATIO_D x  (vs reading only: $RATIO_D_READ x)   target >= 200   $(verdict "$RATIO_D >= 200")
EOF
else
    echo "docker stats                          not measured"
fi
cat <<EOF
max RSS, jtop top -d 1 over $COUNT    $(g rss_max_mb) MB (VmHWM $(g rss_hwm_mb) MB; $(g top_lines) ticks, $(g top_last_containers) containers in the last)   target < 100 MB   $(verdict "$(g rss_hwm_mb) < 100")
jtop ps end to end (median of $PS_RUNS)  with $COUNT: $(g ps_full) ms (-d 0: $(g ps_full_d0) ms, ${R[ps_rows_full]} rows)   with none: $(g ps_none) ms (-d 0: $(g ps_none_d0) ms)
===========================================================================================================
EOF
