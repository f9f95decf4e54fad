#!/usr/bin/env bash
# Start benchmark: start to exit of `true` in the same busybox image through seven paths, side by side
# in one run (see README.md here):
#   a  jtop's engine in a warm JVM (java/StartBench.java): run, wait for the exit, remove
#   b  jtop's full-screen UI, warm, in tmux: from Enter on the start form's Start button to the screen
#      that shows the container exited
#   c  `jtop run --rm` through packaging/jtop: a new JVM each time, with the start-up archive
#   d  conmon + runc driven by this script as jtop drives them (floor_once): the floor of a
#   e  `runc run` of the same bundle over a plain root directory
#   f  `podman run --rm`
#   g  `docker run --rm`
# Interleaved rounds (a to g, each round starting one further along), after warm-up rounds that do
# not count; medians, and ratios against peers measured in the same run.
#
# usage: sudo src/bench/start.sh            run everything, print a summary
#        sudo src/bench/start.sh --cleanup  only remove what an interrupted run left (never while one runs)
#
# Prints figures and PASS/MISS against the targets; it never fails on a figure (it is not a test).
# Exit status is non-zero only when the benchmark itself could not run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"   # REPO, JAR, LAUNCHER; cleanup, traps, tmux and /proc helpers

ROUNDS=${JTOP_BENCH_START_ROUNDS:-15}       # measured rounds
WARMUP=${JTOP_BENCH_START_WARMUP:-3}        # rounds before them that do not count (the warm JVMs' warm-up)
SIZE=160x48                                 # the UI's terminal

PREFIX=bench-start-                         # every container of this script is named $PREFIX<peer><round>
IMAGE=jtop-bench-start-busybox:latest       # the same root file system in jtop's store, Podman and Docker
SOCKET=jtop-bench-start                     # a private tmux server: `tmux -L jtop-bench-start attach` to watch
PODMAN_FLAGS=(--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network none)
export LC_ALL=C.UTF-8                       # "." in $EPOCHREALTIME

log() { printf '[bench-start %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (every runtime here creates containers): sudo $0"
for c in tmux runc conmon podman docker javac mount umount; do
    command -v "$c" >/dev/null || die "$c not found"
done
docker info >/dev/null 2>&1 || die "dockerd does not answer (docker info failed); start it first"
[ -x "$LAUNCHER" ] || die "$LAUNCHER is missing or not executable"
[ -x /bin/busybox ] || die "/bin/busybox not found (apt-get install busybox-static)"
RUNC=$(command -v runc)

# ---------------------------------------------------------------------------------------------
# Cleanup. Everything of a run is in its work directory: jtop's store (JTOP_ROOT, JTOP_RUN), the
# floor's snapshots, bundles and runc state. The EXIT trap removes the run's containers on any exit:
# jtop's by id from its own store, the floor's and runc run's from their runc root, Podman's and
# Docker's by the name prefix; then whatever is still mounted in the work directory.

WORK=$(mktemp -d /tmp/jtop-bench-start.XXXXXX)
export JTOP_ROOT=$WORK/root JTOP_RUN=$WORK/run
FLOOR=$WORK/floor                           # d and e: snapshots and bundles; FLOOR/run: runc root, exits, sockets
ENGINE_PID=

clean_work() { # a work directory: its containers, its mounts
    local dir=$1 ids=() d id mounts
    for d in "$dir"/root/containers/*/; do
        [ -d "$d" ] && ids+=("$(basename "$d")")
    done
    [ "${#ids[@]}" = 0 ] || JTOP_ROOT=$dir/root JTOP_RUN=$dir/run "$LAUNCHER" rm -f "${ids[@]}" >/dev/null 2>&1 \
        || log "WARNING: jtop rm -f of ${#ids[@]} containers in $dir failed"
    for d in "$dir"/floor/run/runc/*/; do
        [ -d "$d" ] || continue
        id=$(basename "$d")
        "$RUNC" --root "$dir/floor/run/runc" delete --force "$id" >/dev/null 2>&1 || log "WARNING: runc delete $id failed"
    done
    # Deepest first: the mount points under the directory (field 5 of mountinfo).
    mounts=$(awk -v d="$dir/" 'substr($5, 1, length(d)) == d { print $5 }' /proc/self/mountinfo | sort -r)
    for d in $mounts; do
        umount "$d" 2>/dev/null || log "WARNING: could not unmount $d"
    done
}

remove_containers() {
    local names w
    if [ -n "${ENGINE_PID:-}" ]; then
        kill "$ENGINE_PID" 2>/dev/null || true
        wait "$ENGINE_PID" 2>/dev/null || true
        ENGINE_PID=
    fi
    clean_work "$WORK"
    if [ "$CLEAN_OLD" = 1 ]; then
        for w in /tmp/jtop-bench-start.*; do
            [ "$w" = "$WORK" ] || [ ! -d "$w" ] || { clean_work "$w"; rm -rf "$w"; }
        done
    fi
    names=$(podman ps -a --filter "name=^$PREFIX" --format '{{.Names}}' 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$names" ] || podman rm -f $names >/dev/null 2>&1 || log "WARNING: podman rm -f $names failed"
    names=$(docker ps -a --filter "name=^$PREFIX" --format '{{.Names}}' 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$names" ] || docker rm -f $names >/dev/null 2>&1 || log "WARNING: docker rm -f $names failed"
}

CLEAN_OLD=0
[ "${1:-}" != --cleanup ] || CLEAN_OLD=1   # the work directories of killed runs too
start_run "$@"   # traps, --cleanup, the jar and its start-up archive

ms() { echo $((${EPOCHREALTIME/./} - $1)); }   # µs since a ${EPOCHREALTIME/./}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
new_id() { # ID: 64 hex digits, as jtop's ids, without a fork
    local i x
    ID=
    for ((i = 0; i < 8; i++)); do
        printf -v x '%08x' "$SRANDOM"
        ID+=$x
    done
}

# ---------------------------------------------------------------------------------------------
# The image, and what jtop asks of conmon and runc: a container of jtop's own, kept running while
# its conmon's command line is read, and one that runs `true`, for its bundle's config.json and its
# root file system's mount options. Both are then removed.

STARTED=1
log "importing $IMAGE into jtop's store, Podman and Docker (offline, from the host's busybox)"
busybox_rootfs "$WORK/rootfs"
"$LAUNCHER" image import "$WORK/rootfs" "$IMAGE" >/dev/null 2>&1 || die "jtop image import failed"
podman image exists "$IMAGE" || tar -C "$WORK/rootfs" -c . | podman import - "$IMAGE" >/dev/null 2>&1 \
    || die "podman import failed"
docker image inspect "$IMAGE" >/dev/null 2>&1 || tar -C "$WORK/rootfs" -c . | docker import - "$IMAGE" >/dev/null \
    || die "docker import failed"

CTID=$("$LAUNCHER" run -d --name "${PREFIX}template" "$IMAGE" sleep 1000) || die "jtop run -d failed"
CONMON_PID=$(<"$JTOP_RUN/$CTID/conmon.pid")
TEMPLATE_PID=$(<"$JTOP_RUN/$CTID/container.pid")
mapfile -d '' CONMON_ARGV <"/proc/$CONMON_PID/cmdline"
SECCOMP=$(awk '/^Seccomp:/ { print $2 }' "/proc/$TEMPLATE_PID/status")
[ "$SECCOMP" = 2 ] || die "jtop's container has Seccomp $SECCOMP in /proc/$TEMPLATE_PID/status, not 2 (a filter)"
"$LAUNCHER" rm -f "${PREFIX}template" >/dev/null || die "jtop rm -f failed"
TID=$("$LAUNCHER" run -d --name "${PREFIX}template" "$IMAGE" true) || die "jtop run -d failed"
CONFIG=$(<"$JTOP_ROOT/containers/$TID/bundle/config.json")
MERGED=$JTOP_ROOT/snapshots/$TID/merged
LOWER=$(awk -v m="$MERGED" '$5 == m { print $NF }' /proc/self/mountinfo | tr ',' '\n' | sed -n 's/^lowerdir=//p')
[ -n "$LOWER" ] || die "no overlay mount of jtop's at $MERGED"
[[ $CONFIG == *'"seccomp"'* ]] || die "jtop's config.json has no seccomp section"
[[ $CONFIG == *"$MERGED"* ]] || die "jtop's config.json does not name $MERGED as its root"
"$LAUNCHER" rm -f "${PREFIX}template" >/dev/null || die "jtop rm -f failed"

mkdir -p "$FLOOR/run/exits" "$FLOOR/run/sockets" "$FLOOR/runc-run"

# ---------------------------------------------------------------------------------------------
# The seven ways, each printing the µs from start to exit of one container named $PREFIX<peer><round>.

# a: the engine, in a JVM started once with the flags and start-up archive packaging/jtop gives its
# own (read from what the launcher would exec, through a java that prints its arguments).
mkdir -p "$WORK/classes" "$WORK/argv/bin"
javac -d "$WORK/classes" -cp "$JAR" "$HERE/java/StartBench.java"
printf '#!/bin/sh\nfor a; do printf "%%s\\n" "$a"; done\n' >"$WORK/argv/bin/java"
chmod +x "$WORK/argv/bin/java"
JVM_FLAGS=()
while IFS= read -r a; do
    [ "$a" = -cp ] && break
    JVM_FLAGS+=("$a")
done < <(JAVA_HOME=$WORK/argv "$LAUNCHER" run)
coproc ENGINE { exec java "${JVM_FLAGS[@]}" -cp "$JAR:$WORK/classes" StartBench "$JTOP_ROOT" "$JTOP_RUN" "$RUNC" \
    "$IMAGE" 2>"$WORK/engine.err"; }
peer_a() {
    local status us exit
    echo "${PREFIX}a$1" >&"${ENGINE[1]}"
    read -r status us exit <&"${ENGINE[0]}" || die "the engine's harness ended: $(head -c 600 "$WORK/engine.err")"
    [ "$status" = OK ] || die "engine: $us $exit"
    [ "$exit" = 0 ] || die "engine: the container exited $exit"
    echo "$us"
}

# b: the UI, started once, with -a so that it lists exited containers.
main_screen() { [[ $1 == *NAME* && $1 == *STATE* ]]; }
empty_screen() { [[ $1 == *"filter: ${PREFIX}b"* && $1 == *"nothing matches the filter"* ]]; }
form_screen() { [[ $1 == *"Start a container"* && $1 == *"<Start"* ]]; }
typed_screen() { [[ $2 == *"$1"* && $2 =~ Command\ +true ]]; } # name screen
exited_screen() { # name screen: a row of the container that says it exited 0
    local line
    while IFS= read -r line; do
        [[ $line == *" $1 "*"exited (0)"* ]] && return 0
    done <<<"$2"
    return 1
}
peer_b() {
    local name=${PREFIX}b$1 r
    r=$(await_screen ui empty_screen)   # the last one's row gone
    [[ $r =~ ^[0-9]+$ ]] || die "jtop's UI still lists a container it removed ($r): $(head -c 1500 "$WORK/screen")"
    tmux_ send-keys -t ui s
    r=$(await_screen ui form_screen)
    [[ $r =~ ^[0-9]+$ ]] || die "the UI's start form did not open ($r): $(head -c 1500 "$WORK/screen")"
    # Image (the store's one image, chosen), Name, Command, Memory, CPUs, Pids limit, Cancel, Start.
    tmux_ send-keys -t ui Tab
    tmux_ send-keys -t ui -l "$name"
    tmux_ send-keys -t ui Tab
    tmux_ send-keys -t ui -l true
    r=$(await_screen ui "typed_screen $name")
    [[ $r =~ ^[0-9]+$ ]] || die "the UI's start form does not show what was typed ($r): $(head -c 1500 "$WORK/screen")"
    tmux_ send-keys -t ui Tab Tab Tab Tab Tab
    nap 0.3   # the focus moves to Start (keys are taken in order; this only keeps their work out of the time)
    printf %s "$EPOCHREALTIME" >"$WORK/launched"   # the time await_screen counts from
    tmux_ send-keys -t ui Enter
    r=$(await_screen ui "exited_screen $name")
    [[ $r =~ ^[0-9]+$ ]] || die "the UI did not show $name exited ($r): $(head -c 1500 "$WORK/screen")"
    "$LAUNCHER" rm -f "$name" >/dev/null || die "jtop rm -f $name failed"
    echo $((r * 1000))
}

# c: jtop run --rm, a new JVM through the launcher.
peer_c() {
    local t=${EPOCHREALTIME/./}
    "$LAUNCHER" run --rm --name "${PREFIX}c$1" "$IMAGE" true >"$WORK/c.out" 2>&1 \
        || die "jtop run --rm exited $?: $(head -c 600 "$WORK/c.out")"
    ms "$t"
}

# d: the floor. What jtop's engine does for run, wait and remove, through the same programs with the
# same arguments, and nothing else: mount(8) of the overlay with jtop's options (run in jtop's store, as
# jtop runs it, for its relative lowerdir), jtop's config.json (seccomp and all) with this container's
# id and root, conmon with jtop's command line for this id (its first process exits once the monitor
# is detached), a wait for runc create's pid file, `runc start`, a wait for conmon's exit file, `runc
# delete --force`, umount(8), and the container's directories removed. The waits look every 1 ms.
# jtop's own work (its record, the image lookup, generating the spec, pid and cgroup checks) is not here.
floor_once() {
    local id c d rd=$FLOOR/run argv code i t
    new_id
    id=$ID
    t=${EPOCHREALTIME/./}
    c=$FLOOR/$id
    d=$rd/$id
    mkdir -p "$c/upper" "$c/work" "$c/merged" "$c/bundle" "$d"
    cd "$JTOP_ROOT"
    mount -t overlay overlay -o "lowerdir=$LOWER,upperdir=$c/upper,workdir=$c/work" "$c/merged"
    argv=("${CONMON_ARGV[@]//"$JTOP_RUN"/"$rd"}")
    argv=("${argv[@]//"$JTOP_ROOT/containers/$CTID"/"$c"}")
    argv=("${argv[@]//"$CTID"/"$id"}")
    local config=${CONFIG//"$MERGED"/"$c/merged"}
    printf '%s' "${config//"$TID"/"$id"}" >"$c/bundle/config.json"
    cd "$d"
    "${argv[@]}" </dev/null >"$d/conmon.out" 2>&1 || die "conmon exited $?: $(head -c 600 "$d/conmon.out")"
    cd "$WORK"
    for ((i = 0; i < 10000; i++)); do [ -e "$d/container.pid" ] && break; nap 0.001; done
    [ -e "$d/container.pid" ] || die "runc did not create $id: $(cat "$d/runtime.log" 2>/dev/null | head -c 600)"
    "$RUNC" --root "$rd/runc" --log-format json start "$id"
    for ((i = 0; i < 10000; i++)); do [ -e "$rd/exits/$id" ] && break; nap 0.001; done
    read -r code <"$rd/exits/$id" || true   # no newline at its end
    [ "$code" = 0 ] || die "the floor's container exited $code"
    "$RUNC" --root "$rd/runc" --log-format json delete --force "$id"
    umount "$c/merged"
    rm -rf "$c" "$d" "$rd/exits/$id" "$rd/sockets/$id"
    ms "$t"
}
peer_d() { floor_once; }

# e: runc run of jtop's config.json (seccomp and all) over the plain root directory: create, start,
# wait and delete in one runc process, no overlay, no conmon.
peer_e() {
    local t config=${CONFIG//"$MERGED"/"$WORK/rootfs"}
    new_id
    printf '%s' "${config//"$TID"/"$ID"}" >"$FLOOR/runc-run/config.json"
    t=${EPOCHREALTIME/./}
    "$RUNC" --root "$FLOOR/run/runc" run --bundle "$FLOOR/runc-run" "$ID" </dev/null >/dev/null 2>"$WORK/e.err" \
        || die "runc run exited $?: $(head -c 600 "$WORK/e.err")"
    ms "$t"
}

peer_f() {
    local t=${EPOCHREALTIME/./}
    podman run --rm --name "${PREFIX}f$1" "${PODMAN_FLAGS[@]}" "$IMAGE" true >"$WORK/f.out" 2>&1 \
        || die "podman run --rm exited $?: $(head -c 600 "$WORK/f.out")"
    ms "$t"
}

peer_g() {
    local t=${EPOCHREALTIME/./}
    docker run --rm --name "${PREFIX}g$1" "$IMAGE" true >"$WORK/g.out" 2>&1 \
        || die "docker run --rm exited $?: $(head -c 600 "$WORK/g.out")"
    ms "$t"
}

# ---------------------------------------------------------------------------------------------
# The rounds.

start_tmux JTOP_ROOT="$JTOP_ROOT" JTOP_RUN="$JTOP_RUN" JTOP_JAR="$JAR"
launch ui "$SIZE" "$LAUNCHER" -a
r=$(await_screen ui main_screen)
[[ $r =~ ^[0-9]+$ ]] || die "jtop's UI did not show its table ($r): $(head -c 1500 "$WORK/screen")"
nap 2   # the first sample, off the first frame's path, comes with the first tick
# Filtered to b's containers: with -a the other peers' exited containers are listed too, and `s` on
# a selected exited container starts that one again instead of opening the form.
tmux_ send-keys -t ui /
tmux_ send-keys -t ui -l "${PREFIX}b"
tmux_ send-keys -t ui Enter
r=$(await_screen ui empty_screen)
[[ $r =~ ^[0-9]+$ ]] || die "jtop's UI did not take the filter ($r): $(head -c 1500 "$WORK/screen")"

PEERS=(a b c d e f g)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$WORK/load"
for ((round = 1; round <= WARMUP + ROUNDS; round++)); do
    cut -d' ' -f1 /proc/loadavg >>"$WORK/load"
    for ((k = 0; k < ${#PEERS[@]}; k++)); do
        p=${PEERS[(k + round) % ${#PEERS[@]}]}
        us=$("peer_$p" "$round")
        if ((round > WARMUP)); then
            echo "$us" >>"$WORK/$p.us"
        fi
    done
    log "round $round of $((WARMUP + ROUNDS))$( ((round > WARMUP)) || echo ' (warm-up)')"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
quit ui q >/dev/null

# ---------------------------------------------------------------------------------------------

declare -A NAME=(
    [a]="a  engine in process (warm JVM)"
    [b]="b  UI start form (warm, to the exit shown)"
    [c]="c  jtop run --rm (new JVM, launcher)"
    [d]="d  conmon + runc driven directly"
    [e]="e  runc run"
    [f]="f  podman run --rm"
    [g]="g  docker run --rm"
)
declare -A MED
for p in "${PEERS[@]}"; do MED[$p]=$(median <"$WORK/$p.us"); done
msf() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo MISS; }
runs() { local u out=; while read -r u; do out+="$(msf "$u") "; done <"$WORK/$1.us"; echo "$out"; }

printf '\n================ jtop start benchmark — %s, %s, %s CPUs, %s ================\n' \
    "$(date -u +%FT%TZ)" "$(uname -r)" "$(nproc)" "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
printf 'start to exit of `true` in %s; median of %s interleaved rounds after %s of warm-up\n' "$IMAGE" "$ROUNDS" "$WARMUP"
printf 'jtop: %s (%s)\n' "$JAR" "$ARCHIVE"
printf "jtop's containers: seccomp filter on (Seccomp %s); d and e run jtop's config.json; runc %s, conmon %s, podman %s, docker %s\n" \
    "$SECCOMP" "$("$RUNC" --version | awk 'NR == 1 { print $3 }')" "$(conmon --version | awk 'NR == 1 { print $3 }')" \
    "$(podman version --format '{{.Client.Version}}' 2>/dev/null)" "$(docker version --format '{{.Server.Version}}' 2>/dev/null)"
printf 'load average: %s at the start, %s at the end; 1-minute load at each round: %s\n' "$LOAD_START" "$LOAD_END" \
    "$(tail -n "$ROUNDS" "$WORK/load" | sort -n | awk '{ a[NR] = $1 } END { printf "%s to %s", a[1], a[NR] }')"
printf '\n%-46s %9s %8s %8s\n' "" "median ms" "÷ d" "÷ f"
for p in "${PEERS[@]}"; do
    printf '%-46s %9s %8s %8s\n' "${NAME[$p]}" "$(msf "${MED[$p]}")" "$(ratio "${MED[$p]}" "${MED[d]}")" \
        "$(ratio "${MED[$p]}" "${MED[f]}")"
done
printf '\n%-46s %9s   %s\n' "targets" ratio verdict
printf '%-46s %9s   %s\n' "a <= 1.3 x d (engine against its floor)" "$(ratio "${MED[a]}" "${MED[d]}")" \
    "$(verdict "${MED[a]} <= 1.3 * ${MED[d]}")"
printf '%-46s %9s   %s\n' "b < f (UI start faster than podman run)" "$(ratio "${MED[b]}" "${MED[f]}")" \
    "$(verdict "${MED[b]} < ${MED[f]}")"
printf '%-46s %9s   %s\n' "c <= 2 x f (cold jtop run against podman run)" "$(ratio "${MED[c]}" "${MED[f]}")" \
    "$(verdict "${MED[c]} <= 2 * ${MED[f]}")"
printf '\nruns (ms), in order:\n'
for p in "${PEERS[@]}"; do printf '  %s  %s\n' "$p" "$(runs "$p")"; done
