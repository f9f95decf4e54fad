#!/usr/bin/env bash
# Logs benchmark: jtop's logs beside Docker's, in one run (see README.md here).
#   tail        - launch to exit of `jtop logs --tail 5` of a 1 GB log (a container of jtop's runtime)
#                 beside `docker logs --tail 5` of a Docker container (json-file driver) that wrote the
#                 same output; median of 5 each, and jtop's peak RSS
#   follow RSS  - peak RSS (VmHWM) of `jtop logs -f` following a container that runs `yes` for 30 s
#                 under the default log options (conmon replaces the file at 10 MiB), and the bytes it printed
#   UI          - the full-screen UI's logs view of the 1 GB log: from the key `l` to the screen that
#                 shows the log's last line, in tmux at 160x48; median of 5 launches
#
# usage: sudo src/bench/logs.sh            run everything, print a summary
#        sudo src/bench/logs.sh --cleanup  only remove what an interrupted run may have left
#
# Prints figures and PASS/FAIL against the targets; it never fails on a figure (it is not a test).
# Exit status is non-zero only when the benchmark itself could not run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"   # REPO, JAR, LAUNCHER; cleanup, traps, tmux and /proc helpers

RUNS=${JTOP_BENCH_LOGS_RUNS:-5}               # launches of each tail, and of the UI
LINES=${JTOP_BENCH_LOGS_LINES:-10000000}      # output lines: 10M lines of 55 bytes make jtop's log 1.0 GB
FLOOD=${JTOP_BENCH_LOGS_FLOOD:-30}            # seconds of `yes` followed
SIZE=160x48
UI_TARGET_MS=300
RSS_TARGET_MB=100
TEXT="the quick brown fox jumps over the lazy dog 0123456789"   # 54 bytes and a newline
LAST="end of the log"

PREFIX=bench-logs-
JNAME=${PREFIX}jtop                           # jtop's container with the 1 GB log
DNAME=${PREFIX}docker                         # Docker's, with the same output
FNAME=${PREFIX}flood                          # jtop's container running yes
IMAGE=jtop-bench-logs-busybox:latest          # the same root file system in both runtimes
SOCKET=jtop-bench-logs                        # a private tmux server: `tmux -L jtop-bench-logs attach` to watch
export LC_ALL=C.UTF-8                         # "." in $EPOCHREALTIME

log() { printf '[bench-logs %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (jtop's runtime and Docker create containers): sudo $0"
command -v tmux >/dev/null || die "tmux not found (apt-get install tmux)"
command -v docker >/dev/null || die "docker not found"
docker info >/dev/null 2>&1 || die "dockerd does not answer (docker info failed); start it first"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
[ -x "$LAUNCHER" ] || die "$LAUNCHER is missing or not executable"
[ -x /bin/busybox ] || die "/bin/busybox not found (apt-get install busybox-static)"

# ---------------------------------------------------------------------------------------------
# Cleanup: a store of the run's own in its work directory (so `jtop` lists only this run's
# containers), the private tmux server, and the Docker containers named $PREFIX*.

WORK=$(mktemp -d /tmp/jtop-bench-logs.XXXXXX)
export JTOP_ROOT=$WORK/root JTOP_RUN=$WORK/run

remove_containers() {
    local names
    names=$("$LAUNCHER" ps -a --json 2>/dev/null | grep -o "\"name\" *: *\"$PREFIX[a-z]*\"" \
        | sed 's/.*"\([^"]*\)"$/\1/' || true)
    # shellcheck disable=SC2086
    [ -z "$names" ] || "$LAUNCHER" rm -f $names >/dev/null 2>&1 || log "WARNING: jtop rm -f $names failed"
    names=$(docker ps -a --filter "name=^$PREFIX" --format '{{.Names}}' 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$names" ] || docker rm -f $names >/dev/null 2>&1 || log "WARNING: docker rm -f $names failed"
}

start_run "$@"   # traps, --cleanup, the jar and its start-up archive

ms() { echo $(((${EPOCHREALTIME/./} - $1 + 500) / 1000)); }   # ms since a ${EPOCHREALTIME/./}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

await_exit() { # what (a command that prints "exited" when the container has)
    local i
    for ((i = 0; i < 3000; i++)); do
        [ "$("$@")" = exited ] && return 0
        nap 0.2
    done
    die "$* still running after 600 s"
}

# ---------------------------------------------------------------------------------------------
# The same output in both runtimes.

STARTED=1
remove_containers   # of an earlier, killed run
log "importing $IMAGE into jtop's store and Docker (offline, from the host's busybox)"
busybox_rootfs "$WORK/rootfs"
"$LAUNCHER" image import "$WORK/rootfs" "$IMAGE" >/dev/null 2>&1 || die "jtop image import failed"
docker image inspect "$IMAGE" >/dev/null 2>&1 \
    || tar -C "$WORK/rootfs" -c . | docker import - "$IMAGE" >/dev/null || die "docker import failed"

BYTES=$((LINES * ${#TEXT} + LINES))
SCRIPT="yes '$TEXT' | head -c $BYTES; echo '$LAST'"
log "writing $LINES lines ($((BYTES / 1000000)) MB of output) in both runtimes"
"$LAUNCHER" run -d --name "$JNAME" --log-opt max-size=4g "$IMAGE" /bin/sh -c "$SCRIPT" >/dev/null \
    || die "jtop run failed"
docker run -d --name "$DNAME" --network none --log-driver json-file "$IMAGE" /bin/sh -c "$SCRIPT" >/dev/null \
    || die "docker run failed"
jtop_state() { "$LAUNCHER" ps -a --json -d 0 2>/dev/null | tr -d ' \n' | grep -q "\"name\":\"$1\"[^}]*\"state\":\"exited\"" && echo exited || true; }
docker_state() { docker inspect -f '{{.State.Status}}' "$1"; }
await_exit jtop_state "$JNAME"
await_exit docker_state "$DNAME"
JTOP_LOG=$(find "$JTOP_ROOT/containers" -name ctr.log -size +100M | head -1)
DOCKER_LOG=$(docker inspect -f '{{.LogPath}}' "$DNAME")
JTOP_LOG_MB=$(($(stat -c %s "$JTOP_LOG") / 1000000))
DOCKER_LOG_MB=$(($(stat -c %s "$DOCKER_LOG") / 1000000))
log "logs: jtop's $JTOP_LOG_MB MB (k8s-file), Docker's $DOCKER_LOG_MB MB (json-file)"

# ---------------------------------------------------------------------------------------------
# 1. --tail 5, each a new process, the file in the page cache for both (one read first).

cat "$JTOP_LOG" "$DOCKER_LOG" >/dev/null
expected=$(printf '%s\n' "$TEXT" "$TEXT" "$TEXT" "$TEXT" "$LAST")
: >"$WORK/jtop.ms"; : >"$WORK/docker.ms"; : >"$WORK/jtop.kb"; : >"$WORK/jtop.cpu"; : >"$WORK/docker.cpu"
DOCKERD=$(pgrep -x dockerd | head -1)
CLK_TCK=$(getconf CLK_TCK)
for ((i = 0; i < RUNS; i++)); do
    t=${EPOCHREALTIME/./}
    /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "$LAUNCHER" logs --tail 5 "$JNAME" >"$WORK/jtop.out"
    ms "$t" >>"$WORK/jtop.ms"
    read -r kb user sys <"$WORK/rss"
    echo "$kb" >>"$WORK/jtop.kb"
    awk -v u="$user" -v s="$sys" 'BEGIN { print int((u + s) * 1000 + 0.5) }' >>"$WORK/jtop.cpu"
    [ "$(cat "$WORK/jtop.out")" = "$expected" ] || die "jtop logs --tail 5 printed: $(head -c 400 "$WORK/jtop.out")"
    t=${EPOCHREALTIME/./}
    before=$(ticks "$DOCKERD")
    /usr/bin/time -f '%U %S' -o "$WORK/cli" docker logs --tail 5 "$DNAME" >"$WORK/docker.out"
    ms "$t" >>"$WORK/docker.ms"
    read -r user sys <"$WORK/cli"
    awk -v u="$user" -v s="$sys" -v d=$(($(ticks "$DOCKERD") - before)) -v hz="$CLK_TCK" \
        'BEGIN { print int((u + s + d / hz) * 1000 + 0.5) }' >>"$WORK/docker.cpu"
    [ "$(cat "$WORK/docker.out")" = "$expected" ] || die "docker logs --tail 5 printed: $(head -c 400 "$WORK/docker.out")"
done
JTOP_TAIL=$(median <"$WORK/jtop.ms")
DOCKER_TAIL=$(median <"$WORK/docker.ms")
JTOP_TAIL_MB=$(($(sort -n "$WORK/jtop.kb" | tail -1) / 1024))
log "tail 5: jtop $(tr '\n' ' ' <"$WORK/jtop.ms")ms, docker $(tr '\n' ' ' <"$WORK/docker.ms")ms"

# ---------------------------------------------------------------------------------------------
# 2. Following a flood: `yes` at full speed under the default log options.

log "following $FNAME (yes) for $FLOOD s"
FLOOD_ID=$("$LAUNCHER" run -d --name "$FNAME" "$IMAGE" /bin/yes) || die "jtop run failed"
"$LAUNCHER" logs -f "$FNAME" > >(wc -c >"$WORK/followed") 2>"$WORK/follow.err" &
FOLLOWER=$!
peak=0
start=${EPOCHREALTIME/./}
while (($(ms "$start") < FLOOD * 1000)); do
    rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$FOLLOWER/status" 2>/dev/null || echo 0)
    ((rss > peak)) && peak=$rss
    nap 0.5
done
"$LAUNCHER" kill "$FNAME" >/dev/null
wait "$FOLLOWER" || die "jtop logs -f exited $?: $(head -c 400 "$WORK/follow.err")"
FOLLOW_MB=$((peak / 1024))
for ((i = 0; i < 50; i++)); do [ -s "$WORK/followed" ] && break; nap 0.1; done
FOLLOWED_MB=$(($(cat "$WORK/followed") / 1000000))
FLOOD_DISK=$(du -cb "$JTOP_ROOT/containers/$FLOOD_ID"/ctr.log* | tail -1 | cut -f1)
"$LAUNCHER" rm -f "$FNAME" >/dev/null

# ---------------------------------------------------------------------------------------------
# 3. The UI's logs view of the 1 GB log: from the key to the screen with its last line.

start_tmux JTOP_ROOT="$JTOP_ROOT" JTOP_RUN="$JTOP_RUN" JTOP_JAR="$JAR"
main_screen() { [[ $1 == *NAME* && $1 == *"$JNAME"* ]]; }
logs_screen() { [[ $1 == *"logs of $JNAME"* && $1 == *"$LAST"* ]]; }
: >"$WORK/ui.ms"
for ((i = 0; i < RUNS; i++)); do
    launch "ui$i" "$SIZE" "$LAUNCHER" -a
    r=$(await_screen "ui$i" main_screen)
    [[ $r =~ ^[0-9]+$ ]] || die "the UI did not show $JNAME ($r): $(head -c 1500 "$WORK/screen")"
    tmux_ send-keys -t "ui$i" / "$JNAME" Enter
    nap 0.5
    printf %s "$EPOCHREALTIME" >"$WORK/launched"   # the time await_screen counts from
    tmux_ send-keys -t "ui$i" l
    r=$(await_screen "ui$i" logs_screen)
    [[ $r =~ ^[0-9]+$ ]] || die "the logs view did not show the last line ($r): $(head -c 1500 "$WORK/screen")"
    echo "$r" >>"$WORK/ui.ms"
    quit "ui$i" q >/dev/null
done
UI_MS=$(median <"$WORK/ui.ms")
log "UI: $(tr '\n' ' ' <"$WORK/ui.ms")ms"

# ---------------------------------------------------------------------------------------------

verdict() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n================ jtop logs benchmark — %s, %s, %s CPUs, %s ================\n' \
    "$(date -u +%FT%TZ)" "$(uname -r)" "$(nproc)" "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
printf 'the same output in both: %s lines of %s bytes and "%s": jtop %s MB (k8s-file), Docker %s MB (json-file)\n' \
    "$LINES" "$((${#TEXT} + 1))" "$LAST" "$JTOP_LOG_MB" "$DOCKER_LOG_MB"
printf '%-44s %8s %8s %8s   %s\n' "" jtop docker ratio target
printf '%-44s %8s %8s %8s   %-20s %s\n' "logs --tail 5, ms (median of $RUNS, new process)" "$JTOP_TAIL" "$DOCKER_TAIL" \
    "$(ratio "$JTOP_TAIL" "$DOCKER_TAIL")" "jtop faster" "$(verdict $((JTOP_TAIL < DOCKER_TAIL)))"
printf '  runs (ms): jtop %s| docker %s; jtop peak RSS %s MB\n' "$(tr '\n' ' ' <"$WORK/jtop.ms")" \
    "$(tr '\n' ' ' <"$WORK/docker.ms")" "$JTOP_TAIL_MB"
printf '%-44s %8s %8s %8s\n' "  CPU ms (median; docker: CLI + dockerd)" "$(median <"$WORK/jtop.cpu")" \
    "$(median <"$WORK/docker.cpu")" "$(ratio "$(median <"$WORK/jtop.cpu")" "$(median <"$WORK/docker.cpu")")"
printf '  load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %8s %8s %8s   %-20s %s\n' "logs -f of a $FLOOD s yes flood: peak RSS, MB" "$FOLLOW_MB" - - \
    "< $RSS_TARGET_MB MB" "$(verdict $((FOLLOW_MB < RSS_TARGET_MB)))"
# yes writes "y\n": each line is an entry of 47 bytes in the log (45 of time, stream and tag).
printf '  printed %s MB: %s M lines, so %s MB of log entries read (%s MB/s, what conmon wrote); %s bytes of log left on disk\n' \
    "$FOLLOWED_MB" "$((FOLLOWED_MB / 2))" "$((FOLLOWED_MB * 47 / 2))" "$((FOLLOWED_MB * 47 / 2 / FLOOD))" "$FLOOD_DISK"
printf '%-44s %8s %8s %8s   %-20s %s\n' "UI logs view, key to last line, ms ($SIZE)" "$UI_MS" - - \
    "< $UI_TARGET_MS ms" "$(verdict $((UI_MS < UI_TARGET_MS)))"
printf '  runs (ms): %s\n' "$(tr '\n' ' ' <"$WORK/ui.ms")"
printf '%s\n' "$ARCHIVE"
