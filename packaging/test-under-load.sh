#!/usr/bin/env bash
# Runs jtop's whole test suite (packaging/test.sh, the README's test command) several times in a row
# with `stress-ng --cpu 2` keeping both cores busy beside it, to flush out tests and code that only
# pass on an idle machine: a wait that depends on a sleep, a race between two threads. Every run's
# test reports are kept under target/under-load/run-N/; the summary lists the tests that failed.
#
#   sudo packaging/test-under-load.sh [RUNS]     # RUNS defaults to 10
#
# Exit 0 when every run passed, 1 otherwise.
set -uo pipefail

say() { printf 'test-under-load.sh: %s\n' "$*"; }

runs=${1:-10}
case $runs in
  '' | *[!0-9]* | 0) say "RUNS must be a positive whole number, not '$runs'" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  say "must run as root, as packaging/test.sh does (try: sudo $0)" >&2
  exit 1
fi

cd "$(dirname "$(readlink -f "$0")")/.."
out=target/under-load
mkdir -p "$out"

if ! command -v stress-ng >/dev/null 2>&1; then
  say "installing stress-ng"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends stress-ng </dev/null >/dev/null
fi

stress_pid=
stop_stress() {
  if [ -n "$stress_pid" ]; then
    kill "$stress_pid" 2>/dev/null
    wait "$stress_pid" 2>/dev/null
    stress_pid=
  fi
}
trap stop_stress EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

failed_runs=0
for n in $(seq "$runs"); do
  dir=$out/run-$n
  rm -rf "$dir"
  mkdir -p "$dir"
  # Two CPU hogs, one per core, for the whole run; stress-ng ends them when it is killed.
  stress-ng --cpu 2 --quiet </dev/null >"$dir/stress-ng.log" 2>&1 &
  stress_pid=$!
  say "run $n of $runs (log: $dir/test.log)"
  start=$(date +%s)
  packaging/test.sh >"$dir/test.log" 2>&1
  status=$?
  stop_stress
  took=$(( $(date +%s) - start ))
  cp -r target/surefire-reports target/failsafe-reports "$dir/" 2>/dev/null
  # Each failing or erroring test case, as "Class.method", from the reports' summaries.
  failures=$(grep -h -E '^\[ERROR\] (Tests run:.*<<< (FAILURE|ERROR)!|  [A-Za-z0-9_.]+[.:][A-Za-z0-9_]+)' "$dir/test.log" \
    | grep -v 'Tests run:' | sed 's/^\[ERROR\] *//' | sort -u)
  # The totals of the unit tests and of the integration tests (maven prints them without "-- in").
  summary=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' \
    "$dir/test.log" | sed 's/^\[[A-Z]*\] //' | paste -sd ';' -)
  if [ "$status" -eq 0 ]; then
    say "run $n: passed in ${took} s (${summary:-no test summary})"
  else
    failed_runs=$((failed_runs + 1))
    say "run $n: FAILED (exit $status) in ${took} s (${summary:-no test summary})"
    [ -n "$failures" ] && printf '%s\n' "$failures" | sed 's/^/    /'
  fi
done

say "$((runs - failed_runs)) of $runs runs passed"
[ "$failed_runs" -eq 0 ]
