#!/bin/sh
# Runs the *V2IT tests inside the cgroup v2 guest: one JVM, JUnit's console launcher, reports in
# /results/run1. A JVM that died of SIGILL during the run (an emulation fault of qemu's TCG, told
# by its hs_err report) spoils the run: the classes that did not pass (all of them when the
# launcher itself died) run once more, in /results/run2, and /results/faults lists the reports.
#
# From job.env (V2LaneIT sets them): JTOP_V2_CLASSPATH (the test class path), JTOP_V2_TEST_CLASSES
# (the directory scanned for tests), JTOP_V2_TESTS (a regular expression on class names),
# JTOP_V2_JAR (target/jtop.jar), JTOP_V2_BASEDIR (the project, read-only here; the tests' cwd);
# JTOP_V2_RESULTS, where the results go, defaults to the guest's /results.
set -u
R=${JTOP_V2_RESULTS:-/results}

say() { echo "suite.sh: $*"; }

# run N SELECTOR...: one launcher JVM; its output, reports and any JVM's hs_err file in $R/runN.
run() {
    n=$1
    shift
    out=$R/run$n
    mkdir -p "$out"
    say "run $n: $*"
    started=$(date +%s)
    cd "$JTOP_V2_BASEDIR" || return 1
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Duser.timezone=UTC \
        -XX:ErrorFile="$out/hs_err_pid%p.log" \
        -Djtop.jar="$JTOP_V2_JAR" -Dbasedir="$JTOP_V2_BASEDIR" \
        -cp "$JTOP_V2_CLASSPATH" org.junit.platform.console.ConsoleLauncher execute \
        --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
        --reports-dir="$out" "$@" >"$out/launcher.log" 2>&1
    echo $? >"$out/exit"
    say "run $n: exit $(cat "$out/exit") after $(($(date +%s) - started)) s"
    # JVMs the tests started write theirs in their cwd, or /tmp where that is read-only.
    for f in /tmp/hs_err_pid*.log; do
        [ -f "$f" ] && mv "$f" "$out/"
    done
}

# Classes with a failed or erroneous test case in the legacy JUnit XML reports of $1.
failed_classes() {
    cat "$1"/TEST-*.xml 2>/dev/null | awk '
        /<testcase / { match($0, /classname="[^"]*"/); c = substr($0, RSTART + 11, RLENGTH - 12) }
        /<(failure|error)[ >]/ { if (c != "") bad[c] = 1 }
        END { for (c in bad) print c }'
}

run 1 --scan-classpath "$JTOP_V2_TEST_CLASSES" --include-classname "$JTOP_V2_TESTS"

sigill=$(grep -l 'SIGILL' "$R"/run1/hs_err_pid*.log 2>/dev/null)
if [ -n "$sigill" ]; then
    echo "$sigill" >"$R/faults"
    if ! ls "$R"/run1/TEST-*.xml >/dev/null 2>&1; then
        say "the launcher died of SIGILL (an emulation fault): running every class again"
        run 2 --scan-classpath "$JTOP_V2_TEST_CLASSES" --include-classname "$JTOP_V2_TESTS"
    else
        again=$(failed_classes "$R/run1")
        if [ -n "$again" ]; then
            say "a JVM died of SIGILL (an emulation fault): running again $(echo $again)"
            set --
            for c in $again; do set -- "$@" --select-class "$c"; done
            run 2 "$@"
        fi
    fi
fi
# The launcher's own verdict is in the reports; the job fails only when the last run has none.
last=$R/run1
[ -f "$R/run2/exit" ] && last=$R/run2
ls "$last"/TEST-*.xml >/dev/null 2>&1
