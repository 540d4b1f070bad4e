#!/usr/bin/env bash
# ingest.sh - durable report submissions per second over HTTP, against a
# baseline measured in the same run on the same machine.
#
# Builds observa (release) and bench/static_server.c, creates a national-
# scale mission (100,000 polling stations in 20 regions, 30,000 observers,
# the shipped forms), starts "observa serve" and has wrk send new opening
# checklists over 64 keep-alive connections through each channel:
#   json  the JSON API (bench/ingest_post.lua: a unique id per request);
#   odk   OpenRosa multipart submissions as ODK Collect sends them, to the
#         token URLs of CREDENTIALS observers (bench/ingest_odk.lua);
#   sms   an SMS gateway's webhook with coded messages from the observers'
#         phones (bench/ingest_sms.lua).
# Every 2xx is sent only once the report is committed with
# synchronous=FULL.  Then it checks through the API that what is stored
# matches the 2xx answers, and measures, with the same wrk script and the
# same server threads:
#   - the baseline: libmicrohttpd answering a fixed document (static_server);
#   - the same reports refused at validation (422): HTTP, JSON parsing and
#     validation without the writer.
# It prints figures, never pass or fail on time (docs/performance.md).
#
#   bench/ingest.sh                  defaults below
#   DURATION=30s THREADS=4 bench/ingest.sh
#   CHANNELS=json bench/ingest.sh    the JSON API only
set -euo pipefail

DURATION=${DURATION:-10s}       # each wrk run
CONNECTIONS=${CONNECTIONS:-64}  # keep-alive connections
WRK_THREADS=${WRK_THREADS:-2}   # wrk's threads
THREADS=${THREADS:-2}           # server worker threads (observa and baseline)
STATIONS=${STATIONS:-100000}
OBSERVERS=${OBSERVERS:-30000}
CHANNELS=${CHANNELS:-json odk sms}
CREDENTIALS=${CREDENTIALS:-64}  # observers with ODK credentials

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

# An account and API token for the JSON API, where observa has accounts.
TOKEN=
if ./observa token --help >/dev/null 2>&1; then
	echo "bench-password-$$-$RANDOM" |
		obs user add bench-admin --role admin --password-stdin >/dev/null
	TOKEN=$(obs token create --user bench-admin | tail -1)
fi
auth=()
[ -n "$TOKEN" ] && auth=(-H "Authorization: Bearer $TOKEN")

# ODK credentials for the first CREDENTIALS observers, the SMS secret.
: >"$work/tokens"
for i in $(seq "$CREDENTIALS"); do
	code=$(printf 'O-%05d' "$i")
	obs observer credentials "$code" --mission bench --format json |
		sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' |
		sed "s/^/$code /" >>"$work/tokens"
done
SECRET=$(obs sms secret --mission bench | tail -1)

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

# load NAME URL DURATION [VAR=value...]: wrk with the report script of
# the channel in SCRIPT (default the JSON API's), its output in
# $work/NAME.out.
load() {
	local name=$1 url=$2 duration=$3
	shift 3
	env MISSION=bench STATIONS="$STATIONS" OBSERVERS="$OBSERVERS" TOKEN="$TOKEN" \
		SECRET="$SECRET" TOKENS="$work/tokens" FORM_ID="$form_id" \
		FORM_VERSION="$form_version" SCRIPT=bench/ingest_post.lua "$@" \
		sh -c 'exec wrk -t"$0" -c"$1" -d"$2" --latency -s "$SCRIPT" "$3"' \
		"$WRK_THREADS" "$CONNECTIONS" "$duration" "$url" >"$work/$name.out"
}
form_id=
form_version=

field() { grep "^$2" "$work/$1.out" | head -1 | awk '{print $2}'; }
rps() { grep '^Requests/sec' "$work/$1.out" | awk '{printf "%.0f", $2}'; }
p99() { grep -E '^ +99%' "$work/$1.out" | awk '{print $2}'; }
stored() {
	curl -sf "${auth[@]}" "http://127.0.0.1:$port/api/v1/missions/bench/submissions?limit=0" |
		sed 's/.*"total":\([0-9]*\).*/\1/'
}

echo "== observa serve, $THREADS worker threads: durable reports ($CHANNELS)"
start ./observa serve --db "$db" --port 0 --threads "$THREADS"
# The opening checklist's XForm id and version, as ODK Collect reads them.
first_token=$(head -1 "$work/tokens" | cut -d' ' -f2)
formlist=$(curl -sf -H 'X-OpenRosa-Version: 1.0' \
	"http://127.0.0.1:$port/openrosa/$first_token/formList")
opening=$(echo "$formlist" | grep -o '<formID>[^<]*_OP</formID><name>[^<]*</name><version>[^<]*</version>')
form_id=$(echo "$opening" | sed 's/.*<formID>\([^<]*\)<.*/\1/')
form_version=$(echo "$opening" | sed 's/.*<version>\([^<]*\)<.*/\1/')
script_of() {
	case $1 in
	json) echo bench/ingest_post.lua ;;
	odk) echo bench/ingest_odk.lua ;;
	sms) echo bench/ingest_sms.lua ;;
	*) echo "ingest.sh: unknown channel $1 (json, odk, sms)" >&2; exit 2 ;;
	esac
}
declare -A new_of
for ch in $CHANNELS; do
	load "warmup-$ch" "http://127.0.0.1:$port" 2s RUN="w$ch" SCRIPT="$(script_of "$ch")"
	sleep 1 # the warm-up's last requests finish
	before=$(stored)
	load "durable-$ch" "http://127.0.0.1:$port" "$DURATION" RUN="d$ch" \
		SCRIPT="$(script_of "$ch")"
	after=$(stored)
	new_of[$ch]=$((after - before))
done
load refused "http://127.0.0.1:$port" "$DURATION" RUN=v INVALID=1
stop
writes=$(grep -o '([0-9]* writes committed in [0-9]* transactions)' "$work/server.log" || true)

echo "== static_server, $THREADS worker threads: the baseline"
start build/bench/static_server 0 "$THREADS"
load baseline "http://127.0.0.1:$port" "$DURATION" RUN=b
stop

baseline=$(rps baseline)
refused=$(rps refused)

echo
echo "== results ($(nproc) cores, wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION)"
printf '%-44s %8s req/s   p99 %s\n' "baseline (static libmicrohttpd)" "$baseline" "$(p99 baseline)"
printf '%-44s %8s req/s   p99 %s\n' "JSON reports refused at validation (422)" "$refused" "$(p99 refused)"
for ch in $CHANNELS; do
	d=$(rps "durable-$ch")
	printf '%-44s %8s req/s   p99 %s   %s\n' "durable reports by $ch (synchronous=FULL)" "$d" \
		"$(p99 "durable-$ch")" "$(awk -v d="$d" -v b="$baseline" 'BEGIN { printf "%.3f of the baseline", d / b }')"
done
echo "writer: $writes (warm-up and measured runs)"
echo
# Every report acknowledged is stored; a few more may have been in flight
# when wrk stopped (at most one a connection); every answer is the one of
# a new report: 201 (JSON, OpenRosa), or for SMS 200 with "accepted".
status=0
for ch in $CHANNELS; do
	ok=$(field "durable-$ch" ok_2xx)
	sent=$(field "durable-$ch" sent)
	new=${new_of[$ch]}
	statuses=$(grep '^statuses' "$work/durable-$ch.out")
	case $ch in
	sms) want=' 200=[0-9]*$'
	     ok=$(field "durable-$ch" accepted) ;;
	*) want=' 201=[0-9]*$' ;;
	esac
	echo "$ch: $statuses; $ok acknowledged, $new new reports stored, $sent requests sent"
	if [ "$ok" -le "$new" ] && [ "$new" -le "$sent" ] && [ "$((new - ok))" -le "$CONNECTIONS" ] &&
		echo "$statuses" | grep -q "$want" && [ "$(field "durable-$ch" other)" = 0 ]; then
		echo "check: every acknowledged report is stored; the $((new - ok)) more were in flight when wrk stopped"
	else
		echo "check: FAILED: $ch: stored and answered do not match" >&2
		status=1
	fi
done
exit $status
