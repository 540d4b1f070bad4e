#!/usr/bin/env bash
# import.sh - how long importing a national registry takes: $STATIONS
# polling stations in 20 regions, $OBSERVERS observers and election
# day's assignment of each observer to a station, from generated CSV
# files, with "observa import locations", "observa import observers" and
# "observa import assignments" into a fresh database, then the same files
# again (nothing changes, nothing is written), $RUNS times; prints each
# run's figures, never pass or fail on time (docs/performance.md).
#
#   bench/import.sh                          100,000 stations, 30,000 observers
#   STATIONS=200000 RUNS=1 bench/import.sh
#   PG=1 bench/import.sh                     into PostgreSQL: a throwaway
#                                            cluster (scripts/pg-cluster.sh,
#                                            durable), a database per run
#   OBSERVA=/path/to/observa bench/import.sh another build (to compare)
#   WHAT=locations bench/import.sh           one of the imports only (the
#                                            assignments need the other two)
set -euo pipefail

STATIONS=${STATIONS:-100000}
OBSERVERS=${OBSERVERS:-30000}
RUNS=${RUNS:-3}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ -n "${OBSERVA:-}" ]; then
	bin=$OBSERVA
else
	make --no-print-directory deps # the build's libraries, as make test installs them
	make --no-print-directory observa >/dev/null
	bin="$repo/observa"
fi
work=$(mktemp -d /var/tmp/observa-bench-import-XXXXXX)
pg=
cleanup() {
	[ -n "$pg" ] && scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
if [ -n "${PG:-}" ]; then
	chmod 755 "$work" # the cluster runs as "postgres" when this runs as root
	pg=$(scripts/pg-cluster.sh start "$work/pg")
	echo "PostgreSQL: $pg"
fi

awk -v n="$STATIONS" 'BEGIN {
	print "code,name,level,parent,registered_voters"; print "KZ,Kazakhstan,country,,"
	for (r = 1; r <= 20; r++) printf "R%02d,Region %d,region,KZ,\n", r, r
	for (i = 1; i <= n; i++) printf "S-%06d,Station %d,station,R%02d,%d\n", i, i, i % 20 + 1, 500 + i % 2500
}' >"$work/locations.csv"
awk -v n="$OBSERVERS" 'BEGIN {
	print "code,full_name,phone,organisation"
	for (i = 1; i <= n; i++) printf "O-%05d,Observer %d,+7701%07d,Organisation %d\n", i, i, i, i % 12 + 1
}' >"$work/observers.csv"
awk -v n="$OBSERVERS" -v s="$STATIONS" 'BEGIN {
	print "observer,station,day"
	for (i = 1; i <= n; i++) printf "O-%05d,S-%06d,2023-03-19\n", i, (i * 7) % s + 1
}' >"$work/assignments.csv"

ms() { echo $((($2 - $1) / 1000000)); }

best_new=() best_again=()
for run in $(seq "$RUNS"); do
	if [ -n "$pg" ]; then
		psql -X -q -d "$pg" -c "CREATE DATABASE import_$run"
		db="${pg%/*}/import_$run"
	else
		db="sqlite:$work/import-$run.db"
	fi
	"$bin" init --db "$db" >/dev/null
	"$bin" mission create bench --db "$db" --name "Import benchmark" --election-type mazhilis \
		--election-date 2023-03-19 --country KZ >/dev/null
	for what in ${WHAT:-locations observers assignments}; do
		t0=$(date +%s%N)
		"$bin" import "$what" "$work/$what.csv" --db "$db" --mission bench >/dev/null
		t1=$(date +%s%N)
		"$bin" import "$what" "$work/$what.csv" --db "$db" --mission bench >/dev/null
		t2=$(date +%s%N)
		echo "  run $run: import $what: $(ms "$t0" "$t1") ms new, $(ms "$t1" "$t2") ms again"
	done
done
