#!/bin/sh
# e2e-both.sh - the end-to-end suite on SQLite and on PostgreSQL at the
# same time: most of its time is spent waiting on servers and clients, so
# the two passes share the cores well.  SQLite's pass prints as it runs;
# PostgreSQL's (in a throwaway cluster, scripts/with-pg.sh) is written to
# build/e2e-pg.log and printed when both are done.  The exit status is
# non-zero when either pass failed.
#
# SQLite's pass runs SQLITE_BINARY (make test gives the ASan+UBSan build),
# PostgreSQL's PG_BINARY (the release build): the sanitizers cover the
# PostgreSQL code in the unit tests' conformance suite (make unit-asan)
# and everything else in SQLite's pass, and a second sanitized pass would
# double the suite's processor time.
#
#   scripts/e2e-both.sh SQLITE_BINARY [PG_BINARY]
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${1:?usage: $0 SQLITE_BINARY [PG_BINARY]}
pgbin=${2:-$bin}
log=$root/build/e2e-pg.log
mkdir -p "$root/build"
# The demo missions the test files share (lib.mjs's demoCopy()), made
# afresh by each run.
rm -rf "$root/build/e2e-demo"
cd "$root/tests/e2e" || exit 1

# Files that open no database at all (commands reading a file and
# printing a table) run once, in SQLite's pass: on PostgreSQL they would
# test nothing more.
no_database="forensics.test.mjs seats.test.mjs"
# Files that test the dashboard's finish in a browser (phones,
# accessibility, Russian, the timeline and statement pages) run in one
# pass only: what they read from the server is the API that
# dashboard.test.mjs and the API's own tests check on both back-ends.
# The finish in SQLite's pass, the record's pages in PostgreSQL's, which
# has less to do.
front_end="dashboard-quality.test.mjs"
pg_front_end="dashboard-record.test.mjs"
pg_files=
sqlite_files=
for f in ./*.test.mjs; do
	case " $no_database $front_end " in
	*" ${f#./} "*) ;;
	*) pg_files="$pg_files $f" ;;
	esac
	case " $pg_front_end " in
	*" ${f#./} "*) ;;
	*) sqlite_files="$sqlite_files $f" ;;
	esac
done

# Three files at a time in each pass: the suite kept the two cores about
# 60% busy at two (servers, browsers and clients wait on one another), and
# make test has a budget of 15 minutes.  At three they are busy throughout
# (vmstat) and four was no faster: what shortens the suite is less work,
# such as the one demo mission each pass makes for the files that only
# read one (demoCopy() in tests/e2e/lib.mjs).
OBSERVA_BIN=$pgbin OBSERVA_E2E_BACKEND=postgres ASAN_OPTIONS=detect_leaks=1 \
	"$here/with-pg.sh" node --test --test-concurrency=3 $pg_files >"$log" 2>&1 &
pg=$!
trap 'kill $pg 2>/dev/null' INT TERM

echo "== end-to-end tests on SQLite (PostgreSQL's run beside them, into $log; not run here, as they" \
	"test the dashboard's pages over the same API: $pg_front_end)"
OBSERVA_BIN=$bin ASAN_OPTIONS=detect_leaks=1 \
	node --test --test-concurrency=3 $sqlite_files
sqlite=$?

wait $pg
postgres=$?
echo
echo "== end-to-end tests on PostgreSQL ($log; not run there, as they open no database: $no_database;" \
	"as they test the dashboard's pages over the same API: $front_end; run here only: $pg_front_end)"
cat "$log"
echo
echo "end-to-end tests: SQLite $( [ $sqlite = 0 ] && echo passed || echo FAILED )," \
	"PostgreSQL $( [ $postgres = 0 ] && echo passed || echo FAILED )"
rm -rf "$root/build/e2e-demo"
[ $sqlite = 0 ] && [ $postgres = 0 ]
