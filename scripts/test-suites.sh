#!/bin/sh
# test-suites.sh - make test's suites, once everything is built: the
# unit tests (ASan+UBSan build) and the fuzz smoke runs in the background,
# into build/unit-fuzz.log, beside the end-to-end suite on SQLite and on
# PostgreSQL (scripts/e2e-both.sh), which prints as it goes.  The unit
# tests and the fuzzers wait on the disk and on their PostgreSQL cluster
# much of the time, and the end-to-end suite on its servers and browsers:
# side by side they keep the cores busier than one after the other.  The
# unit and fuzz log is printed when both are done; the exit status is
# non-zero when any suite failed.
#
#   scripts/test-suites.sh SQLITE_BINARY PG_BINARY    (from the top directory)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
log=$root/build/unit-fuzz.log
mkdir -p "$root/build"

cd "$root" || exit 1
echo "== unit tests and fuzz smoke runs, beside the end-to-end tests, into $log"
${MAKE:-make} --no-print-directory -j2 --output-sync=target unit-asan fuzz-smoke >"$log" 2>&1 &
units=$!
trap 'kill $units 2>/dev/null' INT TERM

"$here/e2e-both.sh" "$@"
e2e=$?

wait $units
unit=$?
echo
echo "== unit tests and fuzz smoke runs ($log)"
cat "$log"
echo
echo "unit tests and fuzz smoke runs: $( [ $unit = 0 ] && echo passed || echo FAILED );" \
	"end-to-end tests: $( [ $e2e = 0 ] && echo passed || echo FAILED )"
[ $unit = 0 ] && [ $e2e = 0 ]
