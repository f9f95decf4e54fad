#!/usr/bin/env bash
# Recording benchmark (see README.md here): `jtop record -d 1` beside `atop -w` at 1 s recording the
# same host for the same time, with COUNT idle busybox containers of its own running.
#   jtop - the recording's bytes per container per sample once started (keyframes included) and the
#          recorder's CPU (utime + stime from /proc/PID/stat) over the window, as % of one core
#   atop - the size of its raw file for the same window
# Targets (issue 18): an hour of 200 containers smaller than atop's raw file; under 1 % of a core.
#
# usage: sudo src/bench/record.sh [COUNT [SECONDS]]     default 20 containers, 120 s
# Prints figures; it never fails on a figure (it is not a test).
set -euo pipefail

COUNT=${1:-20}
SECONDS_=${2:-120}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=$REPO/target/jtop.jar
IMAGE=jtop-test-busybox
PREFIX=jtop-bench-record-
WORK=$(mktemp -d /tmp/jtop-bench-record.XXXXXX)
PID=

cleanup() {
    [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null || true
    docker ps -aq --filter "name=^$PREFIX" | xargs -r docker rm -f >/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

command -v atop >/dev/null || { echo "atop is missing: apt-get install atop" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR is missing: mvn -B -q -DskipTests package" >&2; exit 1; }
for i in $(seq 1 "$COUNT"); do
    docker run -d --name "$PREFIX$i" --memory 32m "$IMAGE" sh -c 'while :; do sleep 1; done' >/dev/null
done

JTOP_ROOT=$WORK/root JTOP_RUN=$WORK/run java -jar "$JAR" record -d 1 "$WORK/jtop.rec" 2>"$WORK/err" &
PID=$!
sleep 10   # the JVM started and the first keyframe written
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
s0=$(stat -c %s "$WORK/jtop.rec"); c0=$(ticks)
atop -w "$WORK/atop.raw" 1 "$SECONDS_" >/dev/null 2>&1
s1=$(stat -c %s "$WORK/jtop.rec"); c1=$(ticks)
rows=$(JTOP_ROOT=$WORK/root JTOP_RUN=$WORK/run java -jar "$JAR" replay "$WORK/jtop.rec" \
        --at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" ps -a --json | grep -c '"id"')
hz=$(getconf CLK_TCK)
awk -v b=$((s1 - s0)) -v n="$rows" -v s="$SECONDS_" -v c=$((c1 - c0)) -v hz="$hz" \
    -v a="$(stat -c %s "$WORK/atop.raw")" 'BEGIN {
    printf "containers %d, %d s at 1 s\n", n, s
    printf "jtop record: %d bytes, %.1f bytes per container per sample, %.2f %% of a core\n", b, b / s / n, 100 * c / hz / s
    printf "atop -w:     %d bytes (%.1f times jtop'"'"'s)\n", a, a / b
}'
