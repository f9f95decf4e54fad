#!/usr/bin/env bash
# Docker benchmark: jtop beside the docker CLI on a Docker host with 50 containers, in one run (see
# README.md here).
#   CPU        - jtop's full-screen UI beside streaming `docker stats` of the same containers, each in
#                the same private tmux server at 160x48, over the same window: utime+stime of the
#                client process AND of dockerd, containerd and the containers' shims (docker stats
#                makes the daemons work, so they count on both sides), as % of one core; plus an
#                idle baseline of the daemons with neither running
#   jtop ps    - launch to exit of `jtop ps` (a new JVM each time) beside `docker ps`; median of 5
#
# usage: sudo src/bench/docker.sh            run everything, print a summary
#        sudo src/bench/docker.sh --cleanup  only remove what an interrupted run may have left
#
# Prints figures and PASS/FAIL against the targets; it never fails on a figure (it is not a test).
# Exit status is non-zero only when the benchmark itself could not run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"   # REPO, JAR, LAUNCHER; cleanup, traps, tmux and /proc helpers

COUNT=${JTOP_BENCH_DOCKER_COUNT:-50}       # Docker containers running sleep
WARMUP=${JTOP_BENCH_DOCKER_WARMUP:-10}     # seconds after the first full screen before measuring
WINDOW=${JTOP_BENCH_DOCKER_WINDOW:-30}     # seconds measured, for each side and the idle baseline
PS_RUNS=${JTOP_BENCH_DOCKER_PS_RUNS:-5}    # launches of each ps
SIZE=160x48                                # the terminal of both sides
PS_TARGET_MS=400

PREFIX=bench-docker-
IMAGE=jtop-bench-docker-busybox:latest
SOCKET=jtop-bench-docker                   # a private tmux server: `tmux -L jtop-bench-docker attach` to watch
CLK_TCK=$(getconf CLK_TCK)
export LC_ALL=C.UTF-8                      # UTF-8 for both programs, "." in $EPOCHREALTIME

log() { printf '[bench-docker %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it starts Docker containers and reads dockerd's /proc): sudo $0"
command -v tmux >/dev/null || die "tmux not found (apt-get install tmux)"
command -v docker >/dev/null || die "docker not found"
docker info >/dev/null 2>&1 || die "dockerd does not answer (docker info failed); start it first"
[ -x "$LAUNCHER" ] || die "$LAUNCHER is missing or not executable"
[ -x /bin/busybox ] || die "/bin/busybox not found (apt-get install busybox-static)"

# ---------------------------------------------------------------------------------------------
# Cleanup: the tmux server is private to this script, and its containers are named $PREFIX<n>;
# the EXIT trap removes exactly those whatever the exit path (failure, Ctrl-C, TERM, HUP).

WORK=$(mktemp -d /tmp/jtop-bench-docker.XXXXXX)

bench_containers() { # names of the Docker containers named $PREFIX<number>, running or not
    docker ps -a --filter "name=^$PREFIX" --format '{{.Names}}' 2>/dev/null | grep -E "^$PREFIX[0-9]+\$" || true
}

remove_containers() {
    local names
    names=$(bench_containers)
    [ -n "$names" ] || return 0
    log "removing $(wc -w <<<"$names") containers $PREFIX*"
    # shellcheck disable=SC2086
    docker rm -f $names >/dev/null 2>"$WORK/rm.err" || log "WARNING: docker rm -f: $(head -c 300 "$WORK/rm.err")"
}

start_run "$@"   # traps, --cleanup, the jar and its start-up archive

# ---------------------------------------------------------------------------------------------
# Image, containers.

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
    log "importing $IMAGE from the host's busybox (offline; kept for the next run)"
    busybox_rootfs "$WORK/rootfs"
    tar -C "$WORK/rootfs" -c . | docker import - "$IMAGE" >"$WORK/import.log" 2>&1 \
        || die "docker import failed: $(tail -c 500 "$WORK/import.log")"
fi

STARTED=1
remove_containers   # of an earlier, killed run
log "starting $COUNT containers ${PREFIX}1..$COUNT (sleep, --network none)"
seq -f "$PREFIX%.0f" 1 "$COUNT" \
    | xargs -P 2 -I{} docker run -d --network none --name {} "$IMAGE" sleep 1000000 \
        >/dev/null 2>"$WORK/run.err" || die "docker run failed: $(head -c 500 "$WORK/run.err")"
running_count() { docker ps --filter "name=^$PREFIX" --format '{{.Names}}' | grep -cE "^$PREFIX[0-9]+\$" || true; }
running=$(running_count)
[ "$running" -gt 0 ] || die "none of the $COUNT containers runs"
[ "$running" = "$COUNT" ] || log "WARNING: only $running of $COUNT containers run"
log "$running containers running"

# ---------------------------------------------------------------------------------------------
# The processes whose CPU counts. The daemons count on both sides; so do the shims of our
# containers (containerd-shim-runc-v2 -id <id>): docker stats asks containerd, which asks each
# container's shim to read its cgroup, while jtop reads the cgroup files itself.

DOCKERD=$(pgrep -x dockerd | tr '\n' ' ' || true)
CONTAINERD=$(pgrep -x containerd | tr '\n' ' ' || true)
[ -n "$DOCKERD" ] || die "no process named dockerd (is the daemon elsewhere, e.g. rootless or remote?)"
SHIMS=""
ids=$(docker ps -q --no-trunc --filter "name=^$PREFIX")
for pid in $(pgrep -f containerd-shim || true); do
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    for id in $ids; do
        [[ $cmd == *" -id $id "* ]] && { SHIMS+="$pid "; break; }
    done
done
[ -n "$SHIMS" ] || log "note: no containerd-shim names our containers in its command line; shims not counted"
log "dockerd $DOCKERD; containerd ${CONTAINERD:-none}; shims of our containers: $(wc -w <<<"$SHIMS")"

declare -A R

# Measures WINDOW seconds of the client PID (none for the idle baseline), the daemons, the shims
# and, for the reader, the tmux server; each as % of one core in R[KEY.<part>].
measure() { # key [client-pid]
    local key=$1 client=${2:-} tmuxd t0 t1 secs part
    local -A c0 c1
    tmuxd=$(tmux_ display -p '#{pid}' 2>/dev/null || true)
    sample() { # into the array named $1
        local -n into=$1
        # shellcheck disable=SC2086
        into=([client]=$(ticks $client) [dockerd]=$(ticks $DOCKERD) [containerd]=$(ticks $CONTAINERD)
            [shims]=$(ticks $SHIMS) [tmux]=$(ticks $tmuxd))
    }
    t0=${EPOCHREALTIME/./}
    sample c0
    nap "$WINDOW"
    sample c1
    t1=${EPOCHREALTIME/./}
    secs=$(awk -v us=$((t1 - t0)) 'BEGIN { printf "%.3f", us / 1e6 }')
    for part in client dockerd containerd shims tmux; do
        R[$key.$part]=$(awk -v c=$((c1[$part] - c0[$part])) -v t="$CLK_TCK" -v s="$secs" \
            'BEGIN { printf "%.2f", c / t / s * 100 }')
    done
    [ -n "$client" ] || R[$key.client]=-
    R[$key.secs]=$secs
    log "  $key over $secs s, ticks: client $((c1[client] - c0[client])), dockerd $((c1[dockerd] - c0[dockerd])), containerd $((c1[containerd] - c0[containerd])), shims $((c1[shims] - c0[shims])), tmux $((c1[tmux] - c0[tmux]))"
}

# ---------------------------------------------------------------------------------------------
# The terminal (lib.sh's start_tmux), one side after the other.

start_tmux
HOST=$(hostname)

# Whether SCREEN shows PROGRAM's table header (jtop: also its host line), and with "named", one of
# our containers by name under it.
shows() { # program what screen
    local line header=0 host=0
    [ "$1" = jtop ] || host=1
    # docker stats draws its header and then all 50 rows: on a 48-line pane the header has scrolled
    # off, and only docker stats prints rows of our containers' names.
    [ "$1" = docker ] && [ "$2" = named ] && header=1
    while IFS= read -r line; do
        [[ $line == *" $HOST "* ]] && host=1
        case $1 in
            jtop) [[ $line == *NAME* && $line == *STATE* ]] && header=1 ;;
            docker) [[ $line == *"CONTAINER ID"* && $line == *NAME* ]] && header=1 ;;
        esac
        if [[ $header == 1 && $host == 1 ]]; then
            [ "$2" = header ] && return 0
            [[ $line =~ (^|[[:space:]])$PREFIX[0-9]+([[:space:]]|$) ]] && return 0
        fi
    done <<<"$3"
    return 1
}

# One side: launch, wait until our containers show by name, warm up, measure, stop.
side() { # key program comm quit-key command...
    local key=$1 prog=$2 comm=$3 key_quit=$4 t pane pid st
    shift 4
    log "$key: ${*##*/} at $SIZE; ${WARMUP} s warm-up after our containers show, then ${WINDOW} s measured"
    launch "$key" "$SIZE" "$@"
    t=$(await_screen "$key" "shows $prog header")
    if [ "$prog" = jtop ] && [[ $t != exited && $t != timeout ]]; then
        R[$key.frame_ms]=$t
        # Only our containers, whatever else runs on the host: jtop's filter (it matches names and
        # images; jtop still samples every container).
        tmux_ send-keys -t "$key" / \; send-keys -t "$key" -l "$PREFIX" \; send-keys -t "$key" Enter
    fi
    [[ $t == exited || $t == timeout ]] || t=$(await_screen "$key" "shows $prog named")
    case $t in
        exited | timeout)
            R[$key.note]="$key: $t before a $PREFIX<n> row showed; its screen: $(grep . "$WORK/screen" | head -n 5 | tr '\n' '|')"
            log "${R[$key.note]}"
            quit "$key" "$key_quit" 3 >/dev/null
            return
            ;;
    esac
    R[$key.names_ms]=$t
    nap "$WARMUP"
    pane=$(tmux_ display -p -t "$key" '#{pane_pid}')
    pid=$(ui_pid "$pane" "$comm") || die "no $comm process under pane pid $pane"
    measure "$key" "$pid"
    st=$(quit "$key" "$key_quit" 3)
    log "  $comm pid $pid, exit status $st"
}

# ---------------------------------------------------------------------------------------------
# CPU: the idle baseline, then jtop's UI, then docker stats of the same containers.

log "idle baseline: ${WARMUP} s settling, then ${WINDOW} s of the daemons with neither client"
nap "$WARMUP"
measure idle
side jtop jtop java q "$LAUNCHER"
mapfile -t NAMES < <(bench_containers)
# The docker CLI catches C-c and goes on streaming: quit() sends SIGHUP after 3 s.
side stats docker docker C-c docker stats "${NAMES[@]}"

# ---------------------------------------------------------------------------------------------
# jtop ps beside docker ps: launch to exit, a new process each time, interleaved.

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
named_rows() { grep -cE "(^|[[:space:]])$PREFIX[0-9]+([[:space:]]|\$)" "$1" || true; }

declare -A PS_CMD=([docker]="docker ps" [jtop0]="$LAUNCHER ps -d 0" [jtop]="$LAUNCHER ps")
PS_KEYS=(docker jtop0 jtop)
log "ps: $PS_RUNS launches each of ${PS_CMD[docker]}, ${PS_CMD[jtop0]##*/}, ${PS_CMD[jtop]##*/} (interleaved)"
for ((n = 1; n <= PS_RUNS; n++)); do
    for k in "${PS_KEYS[@]}"; do
        read -r -a cmd <<<"${PS_CMD[$k]}"
        t0=${EPOCHREALTIME/./}
        st=0
        "${cmd[@]}" >"$WORK/ps.$k.out" 2>"$WORK/ps.$k.err" || st=$?
        t1=${EPOCHREALTIME/./}
        ms=$(((t1 - t0 + 500) / 1000))
        R[$k.ps_all]+="$ms "
        rows=$(named_rows "$WORK/ps.$k.out")
        R[$k.ps_named]=$rows
        [ "$st" = 0 ] || log "  ${cmd[*]##*/}: exit status $st: $(head -c 300 "$WORK/ps.$k.err")"
        log "  launch $n: ${PS_CMD[$k]##*/}: $ms ms, $rows rows named $PREFIX<n>"
    done
done
for k in "${PS_KEYS[@]}"; do
    # shellcheck disable=SC2086
    R[$k.ps_ms]=$(median ${R[$k.ps_all]})
done
# jtop lists an engine's container by id alone when it could not ask the engine for names.
PS_NOTES=()
for k in jtop0 jtop; do
    [ "${R[$k.ps_named]}" -lt "$running" ] || continue
    ids_only=0
    for id in $(docker ps -q --filter "name=^$PREFIX"); do
        if grep -q "$id" "$WORK/ps.$k.out"; then ids_only=$((ids_only + 1)); fi
    done
    PS_NOTES+=("${PS_CMD[$k]##*/} named ${R[$k.ps_named]} of $running containers ($ids_only of ours listed at all, by id); its stderr: $(head -c 300 "$WORK/ps.$k.err" | tr '\n' '|')")
done

# ---------------------------------------------------------------------------------------------
# Summary.

g() { echo "${R[$1]:-n/a}"; }
sum() { awk 'BEGIN { t = 0; for (i = 1; i < ARGC; i++) { if (ARGV[i] == "n/a") { print "n/a"; exit } if (ARGV[i] != "-") t += ARGV[i] } printf "%.2f\n", t }' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.3f\n", a / b }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a") print "n/a"; else printf "%.2f\n", a - b }'; }
verdict() { # figure condition-with-x
    [ "$1" = n/a ] && { echo n/a; return; }
    awk -v x="$1" "BEGIN { exit !($2) }" && echo PASS || echo FAIL
}
total() { sum "$(g "$1.client")" "$(g "$1.dockerd")" "$(g "$1.containerd")" "$(g "$1.shims")"; }
daemons() { sum "$(g "$1.dockerd")" "$(g "$1.containerd")"; }
cpu_row() { # label part
    printf '  %-34s %9s %9s %13s\n' "$1" "$(g "idle.$2")" "$(g "jtop.$2")" "$(g "stats.$2")"
}

for s in idle jtop stats; do
    R[$s.total]=$(total "$s")
    R[$s.no_shims]=$(sum "$(g "$s.client")" "$(daemons "$s")")
done
for s in jtop stats; do
    R[$s.added]=$(minus "$(g "$s.total")" "$(g "idle.total")")
done
CPU_RATIO=$(ratio "$(g jtop.total)" "$(g stats.total)")
CPU_RATIO_NO_SHIMS=$(ratio "$(g jtop.no_shims)" "$(g stats.no_shims)")
running_after=$(running_count)

cat <<EOF

================ jtop Docker benchmark — $(date -u +%FT%TZ), $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) ================
Docker containers ${PREFIX}<n> running sleep: $running at the start, $running_after at the end; docker CLI $(docker version --format '{{.Client.Version}}') / dockerd $(docker version --format '{{.Server.Version}}')
jtop: $LAUNCHER (UI, 1 s interval), $ARCHIVE; docker stats: streaming, the same $running containers by name
both in tmux at $SIZE ($(tmux -V)); ${WINDOW} s measured ${WARMUP} s after the containers showed by name (idle: after ${WARMUP} s of quiet)

CPU, % of one core                       idle      jtop  docker stats
EOF
cpu_row "client (jtop's java | docker CLI)" client
cpu_row "dockerd" dockerd
cpu_row "containerd" containerd
cpu_row "shims of the $running containers" shims
printf '  %-34s %9s %9s %13s\n' "side: client + daemons + shims" "$(g idle.total)" "$(g jtop.total)" "$(g stats.total)"
printf '  %-34s %9s %9s %13s\n' "  added to idle" "" "$(g jtop.added)" "$(g stats.added)"
cpu_row "tmux server (not counted)" tmux
printf '  %-34s %9s %9s %13s\n' "window (s)" "$(g idle.secs)" "$(g jtop.secs)" "$(g stats.secs)"
cat <<EOF
ratio jtop side / docker stats side     $CPU_RATIO   (without the shims: $CPU_RATIO_NO_SHIMS)   target < 0.1   $(verdict "$CPU_RATIO" "x < 0.1")
shown by name after launch (ms)         jtop $(g jtop.names_ms) (its first frame $(g jtop.frame_ms)); docker stats $(g stats.names_ms)   (one launch each)

launch to exit, new process each time    median   launches (ms)                         target
EOF
ps_row() { # label key target verdict
    printf '  %-36s %7s   %-36s  %-10s %s\n' "$1" "$(g "$2.ps_ms")" "$(g "$2.ps_all")" "$3" "$4"
}
ps_row "docker ps" docker "" ""
ps_row "jtop ps -d 0" jtop0 "< $PS_TARGET_MS ms" "$(verdict "$(g jtop0.ps_ms)" "x < $PS_TARGET_MS")"
ps_row "jtop ps (its 0.5 s CPU window)" jtop "" ""
printf '  rows named %s<n> (last launch)      docker ps %s, jtop ps -d 0 %s, jtop ps %s, of %s running\n' \
    "$PREFIX" "$(g docker.ps_named)" "$(g jtop0.ps_named)" "$(g jtop.ps_named)" "$running"
for note in "$(g jtop.note)" "$(g stats.note)" "${PS_NOTES[@]}"; do
    [ "$note" = n/a ] || [ -z "$note" ] || printf 'NOTE: %s\n' "$note"
done
echo "==========================================================================================================="
