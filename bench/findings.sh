#!/usr/bin/env bash
# findings.sh - how long coverage and findings take to answer, on the demo
# mission and on a generated national-scale one.
#
# Builds observa (release), creates the demo mission (about 10,000
# stations, 3,100 reports), then a mission of $STATIONS polling stations in
# 20 regions and $OBSERVERS observers with $REPORTS reports sent through
# "observa submit" (voting checklists, openings, counts and incidents), a
# ballot, an assignment per observer, a quick-count sample of $SAMPLE
# stations with a results protocol from each, and times on each, as the
# best of $RUNS runs:
#   - "observa analyze findings" (json, text, csv) and "analyze coverage":
#     the whole command, starting the process and opening the database
#     included;
#   - GET .../findings, GET .../coverage?limit=0 (every day, and one day)
#     and GET .../pvt (when the mission has a sample) on a running server
#     (the same computations without the process start).
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
SAMPLE=${SAMPLE:-2000}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
make --no-print-directory deps # the build's libraries, as make test installs them
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
	best "GET /coverage?limit=0&day=2023-03-19" curl -sf -H "$auth" "http://127.0.0.1:$port/api/v1/missions/$m/coverage?limit=0&day=2023-03-19"
	if "$bin" pvt show --db "$db" --mission "$m" >/dev/null 2>&1; then
		best "GET /pvt" curl -sf -H "$auth" "http://127.0.0.1:$port/api/v1/missions/$m/pvt"
	fi
	stop
}

echo "== the demo mission ($(nproc) cores, best of $RUNS runs)"
(cd "$work" && "$bin" demo --no-serve >/dev/null)
measure "sqlite:$work/demo.db" kz-2023

echo "== a mission of $STATIONS stations, $OBSERVERS observers, $REPORTS reports"
db="sqlite:$work/bench.db"
STATIONS=$STATIONS OBSERVERS=$OBSERVERS REPORTS=$REPORTS SAMPLE=$SAMPLE \
	bench/national.sh "$bin" "$db" "$work"
measure "$db" bench
