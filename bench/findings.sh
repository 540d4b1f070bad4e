#!/usr/bin/env bash
# findings.sh - how long coverage and findings take to answer, on the demo
# mission and on a generated national-scale one.
#
# Builds observa (release), creates the demo mission (about 10,000
# stations, 3,100 reports), then a mission of $STATIONS polling stations in
# 20 regions and $OBSERVERS observers with $REPORTS reports sent through
# "observa submit" (voting checklists, openings, counts and incidents), and
# times on each, as the best of $RUNS runs:
#   - "observa analyze findings" (json, text, csv) and "analyze coverage":
#     the whole command, starting the process and opening the database
#     included;
#   - GET .../findings and GET .../coverage?limit=0 on a running server
#     (the same computation without the process start).
# It prints figures, never pass or fail on time (docs/performance.md).
#
#   bench/findings.sh                        defaults below
#   REPORTS=2000000 bench/findings.sh         the size of a national election day
#   KEEP=1 bench/findings.sh                  keep the databases (the path is printed)
set -euo pipefail

STATIONS=${STATIONS:-100000}
OBSERVERS=${OBSERVERS:-30000}
REPORTS=${REPORTS:-200000}
RUNS=${RUNS:-5}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
make --no-print-directory observa >/dev/null
bin="$repo/observa"

work=$(mktemp -d /var/tmp/observa-bench-findings-XXXXXX)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# best LABEL CMD...: the shortest wall time of RUNS runs of CMD, in ms.
best() {
	local label=$1 min= t0 t1 ms
	shift
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		ms=$(((t1 - t0) / 1000000))
		if [ -z "$min" ] || [ "$ms" -lt "$min" ]; then min=$ms; fi
	done
	printf '  %-44s %6d ms\n' "$label" "$min"
}

# Start a server on db with a token for its API (docs/security.md); sets
# server, port and auth.
start() {
	"$bin" user add bench --role admin --db "$1" >/dev/null 2>&1 || true
	auth="Authorization: Bearer $("$bin" token create --user bench --db "$1" 2>/dev/null | tail -1)"
	"$bin" serve --db "$1" --port 0 2>"$work/server.log" &
	server=$!
	for _ in $(seq 100); do
		port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -1 |
			cut -d: -f3 || true)
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	echo "findings.sh: the server did not start:" >&2
	cat "$work/server.log" >&2
	exit 1
}

stop() {
	kill -TERM "$server"
	wait "$server" || true
	server=
}

# measure DB MISSION: every timing of one database.
measure() {
	local db=$1 m=$2
	best "analyze findings --format json" "$bin" analyze findings --db "$db" --mission "$m" --format json
	best "analyze findings (text)" "$bin" analyze findings --db "$db" --mission "$m"
	best "analyze findings --format csv" "$bin" analyze findings --db "$db" --mission "$m" --format csv
	best "analyze findings --form VO --format json" "$bin" analyze findings --db "$db" --mission "$m" --form VO --format json
	best "analyze coverage (text)" "$bin" analyze coverage --db "$db" --mission "$m"
	start "$db"
	best "GET /findings" curl -sf -H "$auth" "http://127.0.0.1:$port/api/v1/missions/$m/findings"
	best "GET /findings?form=VO&region=R01" curl -sf -H "$auth" "http://127.0.0.1:$port/api/v1/missions/$m/findings?form=VO&region=R01"
	best "GET /coverage?limit=0" curl -sf -H "$auth" "http://127.0.0.1:$port/api/v1/missions/$m/coverage?limit=0"
	stop
}

echo "== the demo mission ($(nproc) cores, best of $RUNS runs)"
(cd "$work" && "$bin" demo --no-serve >/dev/null)
measure "sqlite:$work/demo.db" kz-2023

echo "== a mission of $STATIONS stations, $OBSERVERS observers, $REPORTS reports"
db="sqlite:$work/bench.db"
"$bin" init --db "$db" >/dev/null
"$bin" mission create bench --db "$db" --name "Findings benchmark" --election-type mazhilis \
	--election-date 2023-03-19 --country KZ >/dev/null
awk -v n="$STATIONS" 'BEGIN {
	print "code,name,level,parent"; print "KZ,Kazakhstan,country,"
	for (r = 1; r <= 20; r++) printf "R%02d,Region %d,region,KZ\n", r, r
	for (i = 1; i <= n; i++) printf "S-%06d,Station %d,station,R%02d\n", i, i, i % 20 + 1
}' >"$work/locations.csv"
awk -v n="$OBSERVERS" 'BEGIN {
	print "code,full_name,phone"
	for (i = 1; i <= n; i++) printf "O-%05d,Observer %d,+7701%07d\n", i, i, i
}' >"$work/observers.csv"
"$bin" import locations "$work/locations.csv" --db "$db" --mission bench >/dev/null
"$bin" import observers "$work/observers.csv" --db "$db" --mission bench >/dev/null
# Of every 20 reports: 14 voting checklists, 2 openings, 2 counts, 1
# incident, and 1 voting checklist by another observer at the station of
# the first (double observation).
awk -v n="$REPORTS" -v st="$STATIONS" -v ob="$OBSERVERS" 'BEGIN {
	srand(2023)
	# Each yes/no question of the forms and its positive answer; answers
	# are negative one time in 12, ratings bad or very bad one in 10.
	split("A B C D E F G H I J K L", vo, " "); split("1 1 0 0 0 0 0 0 1 0 0 1", vop, " ")
	split("A C D E F G H I J K", op, " "); split("1 1 1 1 1 1 0 0 1 0", opp, " ")
	split("A B C D E F G H I J K L M", co, " "); split("1 1 1 1 1 1 1 0 1 1 0 0 0", cop, " ")
	for (i = 0; i < n; i++) {
		k = i % 20; s = i % st + 1; o = i % ob + 1
		if (k == 19) s = (i - 19) % st + 1
		form = k < 14 || k == 19 ? "VO" : k < 16 ? "OP" : k < 18 ? "CO" : "IN"
		printf "{\"id\":\"r%d\",\"form\":\"%s\",\"station\":\"S-%06d\",\"observer\":\"O-%05d\",", i, form, s, o
		printf "\"observed_at\":\"2023-03-19T%02d:%02d:00+06:00\",\"answers\":{", 7 + i % 14, i % 60
		if (form == "IN") {
			printf "\"A\":%d,\"B\":%d,\"C\":\"seen\",\"D\":\"12:00\"}}\n", 1 + int(rand() * 12), 1 + int(rand() * 3)
			continue
		}
		if (form == "VO") for (q = 1; q <= 12; q++) printf "\"%s\":%d,", vo[q], rand() < 1 / 12 ? 1 - vop[q] : vop[q]
		if (form == "OP") for (q = 1; q <= 10; q++) printf "\"%s\":%d,", op[q], rand() < 1 / 12 ? 1 - opp[q] : opp[q]
		if (form == "CO") for (q = 1; q <= 13; q++) printf "\"%s\":%d,", co[q], rand() < 1 / 12 ? 1 - cop[q] : cop[q]
		printf "\"Z\":%d}}\n", rand() < 0.1 ? 1 + int(rand() * 2) : 3 + int(rand() * 2)
	}
}' >"$work/reports.jsonl"
t0=$(date +%s%N)
"$bin" submit "$work/reports.jsonl" --db "$db" --mission bench --format json >/dev/null
t1=$(date +%s%N)
echo "  (submitted in $(((t1 - t0) / 1000000)) ms)"
measure "$db" bench
