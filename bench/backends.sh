#!/usr/bin/env bash
# backends.sh - durable report intake on each way of running observa, in
# one run on one machine: the static libmicrohttpd baseline, then
# bench/ingest.sh on SQLite with one server, on PostgreSQL with one
# server, and on PostgreSQL with two servers sharing the database (the
# load split between them), each on a fresh mission of national size.
# It prints, per channel, requests per second, p99 latency, the ratio to
# the baseline and PostgreSQL's ratio to SQLite, and the cores each part
# used.  wrk, the servers and PostgreSQL all share the machine's cores,
# so on a small machine the figures say what one machine does, not what
# PostgreSQL on a machine of its own would.  Figures only, never pass or
# fail on time; it fails only when a set-up's stored reports do not
# match its acknowledged ones (bench/ingest.sh's check).
#
#   bench/backends.sh                       the JSON API, 10 s runs
#   CHANNELS="json odk sms" bench/backends.sh
#   DURATION=30s SETUPS="postgres:1 postgres:2" bench/backends.sh
#
# SETUPS lists BACKEND:SERVERS pairs (default "sqlite:1 postgres:1
# postgres:2"); DURATION, CONNECTIONS, THREADS and the rest are
# bench/ingest.sh's and apply to every set-up.  About a minute and a half
# per set-up and channel at the defaults (PostgreSQL's mission takes
# longer to create).
set -euo pipefail

export CHANNELS=${CHANNELS:-json}
SETUPS=${SETUPS:-sqlite:1 postgres:1 postgres:2}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. bench/ingest_lib.sh
export DURATION CONNECTIONS WRK_THREADS THREADS STATIONS OBSERVERS CREDENTIALS

for s in $SETUPS; do
	case $s in
	sqlite:1 | postgres:[1-9]*) ;;
	*) echo "backends.sh: a set-up is sqlite:1 or postgres:N, not \"$s\"" >&2; exit 2 ;;
	esac
done

bench_build
bench_workdir
form_id= form_version= TOKEN= SECRET=
: >"$work/tokens"
load0=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== static_server, $THREADS worker threads: the baseline"
server_start build/bench/static_server 0 "$THREADS"
load baseline "$DURATION" RUN=b
servers_stop
baseline=$(rps baseline)

status=0
: >"$work/results"
for s in $SETUPS; do
	echo
	echo "==== ${s%%:*}, ${s#*:} server(s)"
	BACKEND=${s%%:*} SERVERS=${s#*:} BASELINE=0 REFUSED=0 RESULTS="$work/results" \
		bench/ingest.sh || status=1
done

label() {
	case $1:$2 in
	sqlite:1) echo "SQLite, one server" ;;
	postgres:1) echo "PostgreSQL, one server" ;;
	postgres:2) echo "PostgreSQL, two servers" ;;
	*) echo "PostgreSQL, $2 servers" ;;
	esac
}

echo
echo "== intake by back-end ($(nproc) cores shared by wrk, the servers and PostgreSQL;" \
	"wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION in all, split between the servers;" \
	"$THREADS worker threads a server; load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after)"
printf '%-26s %-5s %8s %10s %12s %10s   %s\n' "set-up" "chan." "req/s" "p99" "of baseline" \
	"of SQLite" "cores: observa / PostgreSQL / rest / idle"
printf '%-26s %-5s %8s %10s\n' "static libmicrohttpd" "" "$baseline" "$(p99 baseline)"
declare -A sqlite_of
while IFS=$'\t' read -r backend servers ch r p cpu; do
	[ "$backend" = sqlite ] && sqlite_of[$ch]=$r
done <"$work/results"
while IFS=$'\t' read -r backend servers ch r p cpu; do
	of_sqlite=
	[ -n "${sqlite_of[$ch]:-}" ] && [ "$backend" != sqlite ] &&
		of_sqlite=$(awk -v r="$r" -v s="${sqlite_of[$ch]}" 'BEGIN { printf "%.3f", r / s }')
	printf '%-26s %-5s %8s %10s %12s %10s   %s\n' "$(label "$backend" "$servers")" "$ch" "$r" "$p" \
		"$(awk -v r="$r" -v b="$baseline" 'BEGIN { printf "%.3f", r / b }')" "$of_sqlite" \
		"$(echo "$cpu" | awk '{ printf "%.2f / %.2f / %.2f / %.2f", $1, $2, $3, $4 }')"
done <"$work/results"
[ "$status" = 0 ] || echo "backends.sh: a set-up's check FAILED (above)" >&2
exit $status
