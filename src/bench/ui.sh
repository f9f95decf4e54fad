#!/usr/bin/env bash
# UI benchmark of jtop's full-screen UI against htop, in one run (see README.md here): both run in
# the same private tmux server at the same sizes, with 200 of jtop's containers running `sleep`.
#   first frame   - launch (a timestamp taken just before exec) to the first screen that shows the
#                   table header and a row; median of 5 launches
#   bytes/refresh - what the program writes to its terminal at steady state (tmux pipe-pane), per refresh
#   CPU           - utime+stime of the UI process at steady state, as % of one core
#
# usage: sudo src/bench/ui.sh            run everything, print a summary
#        sudo src/bench/ui.sh --cleanup  only remove what an interrupted run may have left
#
# Prints figures and PASS/FAIL against the targets; it never fails on a figure (it is not a test).
# Exit status is non-zero only when the benchmark itself could not run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"   # REPO, JAR, LAUNCHER; cleanup, traps, tmux and /proc helpers
# The UI measured: the launcher without arguments, unless given (split on spaces); its UI
# process is the first "java" in the pane.
read -r -a UI_COMMAND <<<"${JTOP_BENCH_UI_COMMAND:-$LAUNCHER}"

COUNT=${JTOP_BENCH_UI_COUNT:-200}          # containers running sleep
SIZES=${JTOP_BENCH_UI_SIZES:-"160x48 80x24"}
LAUNCHES=${JTOP_BENCH_UI_LAUNCHES:-5}      # first-frame launches per program and size
WARMUP=${JTOP_BENCH_UI_WARMUP:-10}         # seconds after the first frame before measuring
WINDOW=${JTOP_BENCH_UI_WINDOW:-30}         # seconds of steady state measured
INTERVAL=1                                 # seconds per refresh: jtop's default and `htop -d 10`

PREFIX=bench-ui-
IMAGE=jtop-bench-ui-busybox:latest
SOCKET=jtop-bench-ui                       # a private tmux server: `tmux -L jtop-bench-ui attach` to watch
CLK_TCK=$(getconf CLK_TCK)
# UTF-8 for both programs (htop falls back to ASCII line drawing otherwise), "." in $EPOCHREALTIME.
export LC_ALL=C.UTF-8

log() { printf '[bench-ui %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (jtop's runtime creates containers): sudo $0"
command -v tmux >/dev/null || die "tmux not found (apt-get install tmux)"
command -v htop >/dev/null || die "htop not found (apt-get install htop)"
[ -x "$LAUNCHER" ] || die "$LAUNCHER is missing or not executable"
[ -x /bin/busybox ] || die "/bin/busybox not found (apt-get install busybox-static)"

# ---------------------------------------------------------------------------------------------
# Cleanup: the tmux server is private to this script, and its containers are named $PREFIX<n>;
# the EXIT trap removes them whatever the exit path (failure, Ctrl-C, TERM, HUP).

WORK=$(mktemp -d /tmp/jtop-bench-ui.XXXXXX)

bench_containers() { # names of jtop's containers named $PREFIX<number>, running or not
    "$LAUNCHER" ps -a --json 2>/dev/null | grep -o "\"name\" *: *\"$PREFIX[0-9]*\"" | sed 's/.*"\([^"]*\)"$/\1/' || true
}

remove_containers() {
    local names n
    names=$(bench_containers)
    [ -n "$names" ] || return 0
    log "removing $(wc -w <<<"$names") containers $PREFIX*"
    # One JVM for all; rm stops at a name that fails, so what is left then goes one by one.
    # shellcheck disable=SC2086
    "$LAUNCHER" rm -f $names >/dev/null 2>"$WORK/rm.err" && return
    log "note: jtop rm -f: $(head -c 300 "$WORK/rm.err")"
    for n in $(bench_containers); do
        "$LAUNCHER" rm -f "$n" >/dev/null 2>&1 || log "WARNING: could not remove $n"
    done
}

start_run "$@"   # traps, --cleanup, the jar and its start-up archive

# ---------------------------------------------------------------------------------------------
# Image, containers.

if ! "$LAUNCHER" image inspect "$IMAGE" >/dev/null 2>&1; then
    log "importing $IMAGE from the host's busybox (kept for the next run)"
    busybox_rootfs "$WORK/rootfs"
    "$LAUNCHER" image import "$WORK/rootfs" "$IMAGE" >"$WORK/import.log" 2>&1 \
        || die "jtop image import failed: $(tail -c 500 "$WORK/import.log")"
fi

STARTED=1
remove_containers   # of an earlier, killed run
log "starting $COUNT containers ${PREFIX}1..$COUNT (sleep)"
# Two at a time: each is a JVM start.
seq -f "$PREFIX%.0f" 1 "$COUNT" | xargs -P 2 -I{} "$LAUNCHER" run -d --name {} "$IMAGE" sleep 1000000 \
    >/dev/null 2>"$WORK/run.err" || die "jtop run failed: $(head -c 500 "$WORK/run.err")"
running_count() { "$LAUNCHER" ps 2>/dev/null | grep -c " $PREFIX[0-9]" || true; }
for try in 1 2 3; do
    running=$(running_count)
    [ "$running" -lt "$COUNT" ] || break
    sleep 2
done
[ "$running" -gt 0 ] || die "none of the $COUNT containers runs"
if [ "$running" -lt "$COUNT" ]; then
    log "WARNING: only $running of $COUNT containers run; the others:"
    "$LAUNCHER" ps -a 2>/dev/null | grep " $PREFIX[0-9]" | grep -v " running " | head -n 10 >&2 || true
fi
log "$running containers running"

# ---------------------------------------------------------------------------------------------
# The terminal (lib.sh's start_tmux), with htop's settings file in $WORK: its defaults, not the
# user's, and root's left alone.

start_tmux HTOPRC="$WORK/htoprc"
HOST=$(hostname)

launch_prog() { # name size program
    case $3 in
        jtop) launch "$1" "$2" "${UI_COMMAND[@]}" ;;
        htop) launch "$1" "$2" htop -d $((INTERVAL * 10)) ;;
    esac
}

# Whether SCREEN is a full frame of PROGRAM: the table header and a row under it.
full_frame() { # program screen
    local line header=0 host=0
    while IFS= read -r line; do
        case $1 in
            jtop)
                [[ $line == *" $HOST "* ]] && host=1
                [[ $line == *NAME* && $line == *STATE* ]] && header=1
                [[ $header == 1 && $host == 1 && $line == *"$PREFIX"[0-9]* ]] && return 0
                ;;
            htop)
                [[ $line == *"PID USER"* ]] && header=1
                [[ $header == 1 && $line =~ ^\ *[0-9]+\ +[a-z] ]] && host=1
                [[ $host == 1 && $line == *F10Quit* ]] && return 0
                ;;
        esac
    done <<<"$2"
    return 1
}

# Polls session NAME until a full frame (lib.sh's await_screen): the ms from launch, or "exited" / "timeout".
await_frame() { # name program
    await_screen "$1" "full_frame $2"
}

declare -A R
JTOP_NOTE=""

# ---------------------------------------------------------------------------------------------
# Is there a UI to measure? jtop without arguments, once, in the terminal.

launch_prog probe 80x24 jtop
probe=$(await_frame probe jtop)
case $probe in
    exited)
        if grep -qi "not built yet" "$WORK/screen"; then
            JTOP_NOTE="jtop's UI is not built yet: '${UI_COMMAND[*]}' printed \"$(grep -i -m1 'not built yet' "$WORK/screen" | sed 's/^ *//')\" and exited. No jtop figures."
        else
            JTOP_NOTE="jtop exited before its first frame; its screen was: $(grep . "$WORK/screen" | head -5 | tr '\n' '|')"
        fi
        ;;
    timeout) JTOP_NOTE="jtop showed no full frame (header with $HOST, NAME/STATE header, a $PREFIX row) within 30 s" ;;
esac
[ -n "$JTOP_NOTE" ] && log "$JTOP_NOTE"
tmux_ kill-session -t probe 2>/dev/null || true
PROGRAMS=(htop)
[ -z "$JTOP_NOTE" ] && PROGRAMS=(jtop htop)

# ---------------------------------------------------------------------------------------------
# The figures, per size and program.

comm_of() { case $1 in jtop) echo java ;; *) echo "$1" ;; esac; }

for size in $SIZES; do
    for prog in "${PROGRAMS[@]}"; do
        key="$prog.$size"
        log "$prog at $size: first frame, $LAUNCHES launches"
        times=()
        for ((n = 1; n <= LAUNCHES; n++)); do
            launch_prog "ff$n" "$size" "$prog"
            t=$(await_frame "ff$n" "$prog")
            st=$(quit "ff$n" q)
            case $t in
                exited | timeout) log "  launch $n: $t (exit: $st); screen:"; head -n 5 "$WORK/screen" >&2 ;;
                *) times+=("$t"); log "  launch $n: $t ms (exit status $st)" ;;
            esac
        done
        if [ "${#times[@]}" -gt 0 ]; then
            R[$key.frame_ms]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
            R[$key.frames]=${times[*]}
        fi

        log "$prog at $size: steady state, ${WARMUP} s warm-up then ${WINDOW} s measured"
        launch_prog steady "$size" "$prog"
        t=$(await_frame steady "$prog")
        case $t in exited | timeout) log "  no first frame ($t)"; quit steady q >/dev/null; continue ;; esac
        nap "$WARMUP"
        pane=$(tmux_ display -p -t steady '#{pane_pid}')
        pid=$(ui_pid "$pane" "$(comm_of "$prog")") || die "no $(comm_of "$prog") process under pane pid $pane"
        : >"$WORK/out.$key"
        tmux_ pipe-pane -t steady -o "cat >>'$WORK/out.$key'"
        t0=${EPOCHREALTIME/./}
        c0=$(ticks "$pid")
        nap "$WINDOW"
        c1=$(ticks "$pid")
        tmux_ pipe-pane -t steady   # closes the pipe
        t1=${EPOCHREALTIME/./}
        nap 0.2                     # cat writes what it still holds
        st=$(quit steady q)
        bytes=$(stat -c %s "$WORK/out.$key")
        secs=$(awk -v us=$((t1 - t0)) 'BEGIN { printf "%.3f", us / 1e6 }')
        R[$key.cpu_pct]=$(awk -v c=$((c1 - c0)) -v t="$CLK_TCK" -v s="$secs" 'BEGIN { printf "%.2f", c / t / s * 100 }')
        R[$key.bytes]=$(awk -v b="$bytes" -v s="$secs" -v i="$INTERVAL" 'BEGIN { printf "%.0f", b / (s / i) }')
        log "  pid $pid: $((c1 - c0)) ticks, $bytes bytes in $secs s (exit status $st)"
        if [ "$prog" = htop ]; then
            log "  htop's header: $(grep -m1 -o 'Tasks:.*running' "$WORK/screen" || true)"
        fi
    done
done

# ---------------------------------------------------------------------------------------------
# Summary.

g() { echo "${R[$1]:-n/a}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f\n", a / b }'; }
verdict() { # jtop-figure condition-with-x
    [ "$1" = n/a ] && { echo n/a; return; }
    awk -v x="$1" "BEGIN { exit !($2) }" && echo PASS || echo FAIL
}
row() { # label jtop htop target verdict
    printf '  %-32s %10s %10s %10s   %-22s %s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$4" "$5"
}

running_after=$(running_count)
cat <<EOF

================ jtop UI benchmark — $(date -u +%FT%TZ), $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) ================
jtop's containers running sleep: $running at the start, $running_after at the end; $(tmux -V) (TERM=xterm-256color, LC_ALL=$LC_ALL), $(htop --version | head -n1);
jtop: ${UI_COMMAND[*]}, $ARCHIVE; htop: htop -d $((INTERVAL * 10)) (1 s, as jtop's default)
first frame: median of $LAUNCHES launches, from just before exec; the screen captured after each output (pipe-pane), $(awk '{ c += $1; n++ } END { printf "%.1f", n ? c / n : 0 }' "$WORK/captures" 2>/dev/null) captures per launch on average
steady state: ${WINDOW} s measured, starting ${WARMUP} s after the first frame

EOF
for size in $SIZES; do
    j=jtop.$size h=htop.$size
    printf '%-34s %10s %10s %10s   %s\n' "terminal $size" jtop htop jtop/htop target
    row "first frame (ms)" "$(g "$j.frame_ms")" "$(g "$h.frame_ms")" "< 250 ms" "$(verdict "$(g "$j.frame_ms")" "x < 250")"
    row "bytes per refresh" "$(g "$j.bytes")" "$(g "$h.bytes")" "< htop's" \
        "$(verdict "$(g "$j.bytes")" "x < $(g "$h.bytes" | sed 's/n\/a/-1/')")"
    row "CPU at idle (% of one core)" "$(g "$j.cpu_pct")" "$(g "$h.cpu_pct")" "< 1 %" "$(verdict "$(g "$j.cpu_pct")" "x < 1")"
    printf '  %-32s %s | %s\n\n' "launches (ms): jtop | htop" "$(g "$j.frames")" "$(g "$h.frames")"
done
[ -z "$JTOP_NOTE" ] || printf 'NOTE: %s\n' "$JTOP_NOTE"
echo "==========================================================================================================="
