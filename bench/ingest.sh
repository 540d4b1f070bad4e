#!/usr/bin/env bash
# ingest.sh - durable report submissions per second over HTTP, against a
# baseline measured in the same run on the same machine.
#
# Builds observa (release) and bench/static_server.c, creates a national-
# scale mission (100,000 polling stations in 20 regions, 30,000 observers,
# the shipped forms), starts "observa serve" and has wrk POST new opening
# checklists (bench/ingest_post.lua: a unique id per request) over 64
# keep-alive connections.  Every 201 is sent only once the report is
# committed with synchronous=FULL.  Then it checks through the API that
# what is stored matches the 2xx answers, and measures, with the same wrk
# script and the same server threads:
#   - the baseline: libmicrohttpd answering a fixed document (static_server);
#   - the same reports refused at validation (422): HTTP, JSON parsing and
#     validation without the writer.
# It prints figures, never pass or fail on time (docs/performance.md).
#
#   bench/ingest.sh                  defaults below
#   DURATION=30s THREADS=4 bench/ingest.sh
set -euo pipefail

DURATION=${DURATION:-10s}       # each wrk run
CONNECTIONS=${CONNECTIONS:-64}  # keep-alive connections
WRK_THREADS=${WRK_THREADS:-2}   # wrk's threads
THREADS=${THREADS:-2}           # server worker threads (observa and baseline)
STATIONS=${STATIONS:-100000}
OBSERVERS=${OBSERVERS:-30000}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

if ! command -v wrk >/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y wrk >/dev/null
	else
		echo "ingest.sh: wrk is missing: apt-get install wrk (as root)" >&2
		exit 1
	fi
fi

make --no-print-directory observa >/dev/null
mkdir -p build/bench
cc -O2 -Wall -Wextra -o build/bench/static_server bench/static_server.c \
	$(pkg-config --cflags --libs libmicrohttpd) -lpthread

work=$(mktemp -d /var/tmp/observa-bench-XXXXXX)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:$work/bench.db"
obs() { ./observa "$@" --db "$db"; }

echo "== a mission of $STATIONS stations and $OBSERVERS observers"
obs init >/dev/null
obs mission create bench --name "Ingest benchmark" --election-type mazhilis \
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
obs import locations "$work/locations.csv" --mission bench >/dev/null
obs import observers "$work/observers.csv" --mission bench >/dev/null
# The API needs a signed-in user or a token (docs/security.md).
obs user add bench --role admin >/dev/null 2>&1
token=$(obs token create --user bench 2>/dev/null | tail -1)

# Start a server whose banner names its port; sets server and port.
start() {
	"$@" 2>"$work/server.log" &
	server=$!
	for _ in $(seq 100); do
		port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -1 |
			cut -d: -f3 || true)
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	echo "ingest.sh: the server did not start:" >&2
	cat "$work/server.log" >&2
	exit 1
}

stop() {
	kill -TERM "$server"
	wait "$server" || true
	server=
}

# load NAME URL DURATION [VAR=value...]: wrk with the report script, its
# output in $work/NAME.out.
load() {
	local name=$1 url=$2 duration=$3
	shift 3
	env MISSION=bench STATIONS="$STATIONS" OBSERVERS="$OBSERVERS" TOKEN="$token" "$@" \
		wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$duration" --latency \
		-s bench/ingest_post.lua "$url" >"$work/$name.out"
}

field() { grep "^$2" "$work/$1.out" | head -1 | awk '{print $2}'; }
rps() { grep '^Requests/sec' "$work/$1.out" | awk '{printf "%.0f", $2}'; }
p99() { grep -E '^ +99%' "$work/$1.out" | awk '{print $2}'; }
stored() {
	curl -sf -H "Authorization: Bearer $token" \
		"http://127.0.0.1:$port/api/v1/missions/bench/submissions?limit=0" |
		sed 's/.*"total":\([0-9]*\).*/\1/'
}

echo "== observa serve, $THREADS worker threads: durable reports"
start ./observa serve --db "$db" --port 0 --threads "$THREADS"
load warmup "http://127.0.0.1:$port" 2s RUN=w
before=$(stored)
load durable "http://127.0.0.1:$port" "$DURATION" RUN=d
after=$(stored)
load refused "http://127.0.0.1:$port" "$DURATION" RUN=v INVALID=1
stop
writes=$(grep -o '([0-9]* writes committed in [0-9]* transactions)' "$work/server.log" || true)

echo "== static_server, $THREADS worker threads: the baseline"
start build/bench/static_server 0 "$THREADS"
load baseline "http://127.0.0.1:$port" "$DURATION" RUN=b
stop

ok=$(field durable ok_2xx)
sent=$(field durable sent)
new=$((after - before))
durable=$(rps durable)
baseline=$(rps baseline)
refused=$(rps refused)

echo
echo "== results ($(nproc) cores, wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION)"
printf '%-42s %8s req/s   p99 %s\n' "baseline (static libmicrohttpd)" "$baseline" "$(p99 baseline)"
printf '%-42s %8s req/s   p99 %s\n' "reports refused at validation (422)" "$refused" "$(p99 refused)"
printf '%-42s %8s req/s   p99 %s\n' "durable reports (201, synchronous=FULL)" "$durable" "$(p99 durable)"
awk -v d="$durable" -v b="$baseline" 'BEGIN { printf "durable / baseline: %.3f\n", d / b }'
echo "writer: $writes (warm-up and measured runs)"
echo "$(grep '^statuses' "$work/durable.out")"
echo "stored during the run: $new; 2xx answers: $ok; requests sent: $sent"
if [ "$ok" -le "$new" ] && [ "$new" -le "$sent" ] && [ "$((new - ok))" -le "$CONNECTIONS" ] &&
	! grep '^statuses' "$work/durable.out" | grep -qv ' 201=[0-9]*$'; then
	echo "check: every 2xx is stored; the $((new - ok)) more were in flight when wrk stopped"
else
	echo "check: FAILED: stored and answered do not match" >&2
	exit 1
fi
