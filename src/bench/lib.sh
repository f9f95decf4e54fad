# Shared by the terminal benchmarks ui.sh and docker.sh (sourced, not run): cleanup and traps, the
# jar and its start-up archive, a busybox root file system, a private tmux server and what they do in
# it (launch, watch the screen, quit), and CPU ticks from /proc.
#
# It sets REPO, JAR (exported as JTOP_JAR) and LAUNCHER for the sourcing script, which sources it
# first; that script sets SOCKET (its tmux server's name) and WORK (its work directory), and defines
# log, die and remove_containers (its own containers, and only those).

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${JTOP_JAR:-$REPO/target/jtop.jar}
export JTOP_JAR=$JAR
LAUNCHER=$REPO/packaging/jtop              # the installed launcher, AppCDS archive and all

CLEANED=0
STARTED=0   # whether containers may have been started: the script sets 1 before it starts any

tmux_() { tmux -L "$SOCKET" "$@"; }

stop_tmux() {
    local socket
    socket=$(tmux_ display -p '#{socket_path}' 2>/dev/null) || return 0
    tmux_ kill-server 2>/dev/null || true
    rm -f "$socket"   # tmux 3.3a leaves it behind
}

cleanup() {
    local rc=$?
    [ "$CLEANED" = 1 ] && return
    CLEANED=1
    set +e
    trap '' INT TERM HUP PIPE   # a second Ctrl-C must not leave containers behind
    stop_tmux
    [ "$STARTED" = 0 ] || remove_containers
    if [ "$rc" = 0 ]; then
        rm -rf "$WORK"
    else
        log "exit $rc; logs kept in $WORK"
    fi
}

# The EXIT trap cleans up on any exit (failure, Ctrl-C, TERM, HUP).
set_traps() {
    trap cleanup EXIT
    # PIPE ignored first: after Ctrl-C on `bench.sh | tee log`, tee is gone and a log line would
    # kill the shell before it could clean up.
    trap 'trap "" PIPE; log "interrupted"; exit 130' INT
    trap 'trap "" PIPE; log "terminated"; exit 143' TERM HUP
}

# Sets the traps; with --cleanup only removes what a SIGKILLed run left (its tmux server and its
# containers, nothing else) and exits; else stops such a server (it would hold our session names),
# goes to $REPO and makes the jar and its archive ready.
start_run() { # "$@" of the script
    set_traps
    if [ "${1:-}" = "--cleanup" ]; then
        stop_tmux
        remove_containers
        exit 0
    fi
    stop_tmux
    cd "$REPO"
    jar_and_archive
}

# Builds $JAR if it is missing or older than a source of this checkout (a stale jar was once measured
# without a word), and writes the AppCDS archive next to it when it is missing or older than the jar
# (the launcher ignores a stale one). Sets ARCHIVE to a line for the summary.
jar_and_archive() {
    local jsa
    if [ ! -f "$JAR" ] || [ -n "$(find "$REPO/pom.xml" "$REPO/src/main" "$REPO/themes" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
        log "building $JAR ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no git"))"
        mvn -B -q -DskipTests package
    fi
    jsa=$(dirname "$JAR")/jtop.jsa
    if [ -f "$jsa" ] && [ "$jsa" -nt "$JAR" ]; then
        ARCHIVE="AppCDS archive $jsa"
    else
        # As packaging/install.sh writes it.
        log "writing the start-up archive $jsa (as packaging/install.sh does)"
        rm -f "$jsa"
        JTOP_JAVA_OPTS="-XX:ArchiveClassesAtExit=$jsa" "$LAUNCHER" --rehearse >/dev/null 2>&1 \
            || log "note: could not write $jsa; jtop is measured without it"
        ARCHIVE=$([ -f "$jsa" ] && echo "AppCDS archive $jsa (written now)" || echo "no AppCDS archive")
    fi
}

busybox_rootfs() { # dir: a root file system of the host's static busybox and its applet links
    local a
    mkdir -p "$1/bin"
    cp /bin/busybox "$1/bin/busybox"
    for a in $(/bin/busybox --list); do
        [ "$a" = busybox ] || ln -sf busybox "$1/bin/$a"
    done
}

# The terminal: one private tmux server, no user configuration, TERM=xterm-256color, the status
# line off so the pane is the whole window, dead panes kept for their exit status. The server's
# environment is the panes': none of an enclosing tmux, no COLUMNS/LINES (curses would take them
# over the real size), plus the VAR=value given.
start_tmux() { # [VAR=value ...]
    cat >"$WORK/tmux.conf" <<'EOF'
set -g exit-empty off
set -g remain-on-exit on
set -g remain-on-exit-format ''
set -g status off
set -g default-terminal xterm-256color
EOF
    env -u TMUX -u TMUX_PANE -u COLUMNS -u LINES "$@" tmux -L "$SOCKET" -f "$WORK/tmux.conf" start-server
}

exec {NOTHING}<> <(:)          # `read -t` on this is a sleep without a fork
nap() { read -r -t "$1" -u "$NOTHING" || true; }

# Starts session NAME (WxH) running the command; the wrapper writes the launch time just before exec.
launch() { # name size command...
    local name=$1 size=$2 w=${2%x*} h=${2#*x}
    shift 2
    rm -f "$WORK/launched"
    tmux_ new-session -d -s "$name" -x "$w" -y "$h" \
        bash -c 'printf %s "$EPOCHREALTIME" >"$0"; exec "$@"' "$WORK/launched" "$@"
    # Keeps the size should someone attach to watch. Per window: a new session while the global
    # window-size is manual crashes tmux 3.3a.
    tmux_ set -w -t "$name" window-size manual
    [ "$(tmux_ display -p -t "$name" '#{pane_width}x#{pane_height}')" = "$size" ] \
        || die "tmux gave session $name a $(tmux_ display -p -t "$name" '#{pane_width}x#{pane_height}') pane, not $size"
}

# Watches session NAME until MATCH (a command, split on spaces, given the screen as its last
# argument) accepts the screen, or the program ends, or $JTOP_BENCH_AWAIT_SECONDS (default 30) pass:
# a loaded dockerd took 24 s and more to show docker stats' first named row.
#
# The screen is captured when the program has written something, not on a timer: tmux copies the
# pane's output (pipe-pane) to a perl loop that writes one line to a FIFO per read(2); the script
# waits on that FIFO, then captures once for all the lines waiting. Polling every 5 ms kept one of
# the 2 cores busy with tmux clients, which slowed a program that starts on both (a JVM) and not one
# that needs a few ms (htop). A capture after every output also sees a frame at once. Every 0.5 s
# without output it captures anyway, to see a program that ended without a word.
#
# Prints the ms from launch to the accepting capture, or "exited" / "timeout"; the screen is in
# $WORK/screen. The pane's pipe is closed on return.
await_screen() { # name match
    local out screen dead now start= begin=${EPOCHREALTIME/./} captures=0 match wake=$WORK/wake.$1 fd result
    read -r -a match <<<"$2"
    rm -f "$wake"
    mkfifo "$wake"
    exec {fd}<>"$wake"   # read and write: opening it never blocks, and it never sees end of file
    # Attached before the first capture: output written before it is on that capture's screen.
    tmux_ pipe-pane -O -t "$1" "exec perl -e '\$| = 1; print qq(o\\n) while sysread(STDIN, \$_, 65536)' >'$wake'"
    while :; do
        captures=$((captures + 1))
        # One tmux call for the screen and whether the program still runs: each costs a few ms.
        out=$(tmux_ capture-pane -p -t "$1" \; display -p -t "$1" '#{pane_dead}')
        now=${EPOCHREALTIME/./}   # µs
        screen=${out%$'\n'*}
        dead=${out##*$'\n'}
        if [ -z "$start" ] && [ -s "$WORK/launched" ]; then
            start=$(<"$WORK/launched")
            start=${start/./}
        fi
        if [ -n "$start" ] && "${match[@]}" "$screen"; then
            printf '%s\n' "$screen" >"$WORK/screen"
            echo "$captures" >>"$WORK/captures"   # for the summary
            result=$(((now - start + 500) / 1000))
            break
        fi
        if [ "$dead" = 1 ]; then
            tmux_ capture-pane -p -S - -t "$1" >"$WORK/screen"   # with what scrolled off
            result=exited
            break
        fi
        if ((now - begin > ${JTOP_BENCH_AWAIT_SECONDS:-30} * 1000000)); then
            printf '%s\n' "$screen" >"$WORK/screen"
            result=timeout
            break
        fi
        # The next output, then every line already waiting: one capture shows them all.
        read -r -t 0.5 -u "$fd" _ || true
        while read -r -t 0 -u "$fd"; do
            read -r -u "$fd" _
        done
    done
    tmux_ pipe-pane -t "$1" 2>/dev/null || true   # closes the pipe: perl sees end of file
    exec {fd}<&-
    rm -f "$wake"
    echo "$result"
}

# Quits the program with KEY and waits (10 s at most) for its pane to die; prints its exit status.
# With HUP_AFTER, a program still running after that many seconds gets SIGHUP, as when its terminal
# closes, and the status says "after SIGHUP".
quit() { # name key [hup-after-seconds]
    local i st how=""
    tmux_ send-keys -t "$1" "$2"
    for ((i = 0; i < 200; i++)); do
        st=$(tmux_ display -p -t "$1" '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}')
        case $st in
            1:[0-9]*) st=${st#1:}; echo "${st%%:*}$how"; break ;;
            1::[0-9]*) st=${st#1::}; echo "signal ${st%%:*}$how"; break ;;
            # tmux 3.3a sometimes never reaps a dead pane's process: the zombie has the status.
            1:::*) zombie_status "${st##*:}" && { echo "$how"; break; } ;;
        esac
        if [ -n "${3:-}" ] && [ -z "$how" ] && ((i * 5 >= $3 * 100)); then
            kill -HUP "${st##*:}" 2>/dev/null || true
            how=" after SIGHUP"
        fi
        nap 0.05
    done
    [ "$i" -lt 200 ] || echo "did not quit"
    tmux_ kill-session -t "$1" 2>/dev/null || true
}

zombie_status() { # pid: prints the wait status of a zombie as a shell would, without a newline; fails if it is none
    local stat rest w
    { stat=$(<"/proc/$1/stat"); } 2>/dev/null || return 1   # reaped meanwhile: tmux has the status
    rest=${stat##*) }
    # shellcheck disable=SC2086
    set -- $rest
    [ "$1" = Z ] || return 1
    w=${50}   # field 52, exit_code (Linux >= 3.5)
    if (((w & 0x7f) == 0)); then printf %s $(((w >> 8) & 0xff)); else printf 'signal %s' $((w & 0x7f)); fi
}

# The UI process: the pane's process or its first descendant named COMM (java for jtop).
ui_pid() { # pane-pid comm
    local queue=("$1") p c
    while [ "${#queue[@]}" -gt 0 ]; do
        p=${queue[0]}
        queue=("${queue[@]:1}")
        [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$2" ] && { echo "$p"; return; }
        for c in $(pgrep -P "$p" || true); do queue+=("$c"); done
    done
    return 1
}

ticks() { # utime+stime of each PID given (all its threads), summed; a pid that is gone counts 0
    local total=0 pid stat rest
    for pid in "$@"; do
        { stat=$(<"/proc/$pid/stat"); } 2>/dev/null || continue
        rest=${stat##*) }
        # shellcheck disable=SC2086
        set -- $rest
        total=$((total + ${12} + ${13}))   # fields 14 and 15 of the line
    done
    echo "$total"
}
