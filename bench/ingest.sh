#!/usr/bin/env bash
# ingest.sh - durable report submissions per second over HTTP, against a
# baseline measured in the same run on the same machine.
#
# Builds observa (release) and bench/static_server.c, creates a national-
# scale mission (100,000 polling stations in 20 regions, 30,000 observers,
# the shipped forms) on SQLite or on a throwaway PostgreSQL cluster,
# starts "observa serve" (one, or on PostgreSQL several on the same
# database) and has wrk send new opening checklists over 64 keep-alive
# connections through each channel:
#   json  the JSON API (bench/ingest_post.lua: a unique id per request);
#   odk   OpenRosa multipart submissions as ODK Collect sends them, to the
#         token URLs of CREDENTIALS observers (bench/ingest_odk.lua);
#   sms   an SMS gateway's webhook with coded messages from the observers'
#         phones (bench/ingest_sms.lua).
# Every 2xx is sent only once the report is committed (SQLite with
# synchronous=FULL, PostgreSQL with fsync and synchronous_commit on).
# Then it checks through the API (of every server) that what is stored
# matches the 2xx answers, and measures, with the same wrk script and the
# same server threads:
#   - the baseline: libmicrohttpd answering a fixed document (static_server);
#   - the same reports refused at validation (422): HTTP, JSON parsing and
#     validation without the writer.
# On PostgreSQL the tables are analysed after each warm-up, as autovacuum
# does a minute into a live server's day (docs/performance.md).
# During each durable run it reads the CPU time of the servers, of
# PostgreSQL and of the machine, and on PostgreSQL samples what observa's
# sessions are doing (running, waiting for the write lock, for the WAL's
# fsync, for observa).  wrk, the servers and PostgreSQL share the
# machine's cores.  It prints figures, never pass or fail on time
# (docs/performance.md); only the stored-versus-acknowledged check fails.
#
#   bench/ingest.sh                  defaults below
#   DURATION=30s THREADS=4 bench/ingest.sh
#   CHANNELS=json bench/ingest.sh    the JSON API only
#   BACKEND=postgres bench/ingest.sh            a throwaway cluster
#   BACKEND=postgres SERVERS=2 bench/ingest.sh  two servers, one database
#
# BACKEND (sqlite or postgres), SERVERS (1; more only on postgres; each
# server gets THREADS worker threads, and wrk's connections and threads
# are split between them), BASELINE=0 and REFUSED=0 skip those runs,
# RESULTS=FILE appends one line per channel for bench/backends.sh.
set -euo pipefail

BACKEND=${BACKEND:-sqlite}
SERVERS=${SERVERS:-1}
CHANNELS=${CHANNELS:-json odk sms}
BASELINE=${BASELINE:-1}
REFUSED=${REFUSED:-1}
RESULTS=${RESULTS:-}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. bench/ingest_lib.sh

if ! [[ $SERVERS =~ ^[1-9][0-9]*$ ]]; then
	echo "ingest.sh: SERVERS is a number of servers, not \"$SERVERS\"" >&2
	exit 2
fi
if [ "$SERVERS" -gt 1 ] && [ "$BACKEND" != postgres ]; then
	echo "ingest.sh: SERVERS=$SERVERS needs BACKEND=postgres: a SQLite database" \
		"has one server (docs/deployment.md)" >&2
	exit 2
fi
if [ "$((CONNECTIONS / SERVERS))" -lt 1 ]; then
	echo "ingest.sh: CONNECTIONS ($CONNECTIONS) is fewer than SERVERS" >&2
	exit 2
fi
for ch in $CHANNELS; do script_of "$ch" >/dev/null; done

bench_build
bench_workdir
bench_database "$BACKEND"

echo "== a mission of $STATIONS stations and $OBSERVERS observers on $BACKEND"
bench_mission

what="$SERVERS observa serve"
[ "$SERVERS" -gt 1 ] && what="$what processes" || what="$what process"
echo "== $what on $BACKEND, $THREADS worker threads each: durable reports ($CHANNELS)"
for _ in $(seq "$SERVERS"); do
	server_start ./observa serve --db "$db" --port 0 --threads "$THREADS"
done
bench_form
declare -A new_of pgs_of
for ch in $CHANNELS; do
	load "warmup-$ch" 2s RUN="w$ch" SCRIPT="$(script_of "$ch")"
	sleep 1 # the warm-up's last requests finish
	# PostgreSQL plans the servers' prepared statements from its tables'
	# statistics; on a fresh database there are none until autovacuum
	# analyses them, a minute or so into the run, and until then every
	# report costs several times more (docs/performance.md).  A live
	# server is past that minute: have the statistics now.
	if [ "$BACKEND" = postgres ]; then psql -q "$db" -c ANALYZE; fi
	before=$(stored)
	cpu_mark "durable-$ch"
	writer_mark "durable-$ch"
	pg_sample_start "durable-$ch"
	load "durable-$ch" "$DURATION" RUN="d$ch" SCRIPT="$(script_of "$ch")"
	pg_sample_stop
	cpu_done "durable-$ch"
	writer_done "durable-$ch" "$(rps "durable-$ch")"
	sleep 1 # the reports left in flight are committed
	after=$(stored)
	new_of[$ch]=$((after - before))
	# Every server sees every server's reports.
	for i in $(seq 1 $((SERVERS - 1))); do
		seen=$(stored "$i")
		if [ "$seen" != "$after" ]; then
			echo "ingest.sh: server $((i + 1)) counts $seen reports, server 1 $after" >&2
			new_of[$ch]=-1
		fi
	done
	pgs_of[$ch]=$(pg_sample_line "durable-$ch")
done
[ "$REFUSED" = 1 ] && load refused "$DURATION" RUN=v INVALID=1
servers_stop
writes=
for i in $(seq 0 $((SERVERS - 1))); do
	writes="$writes $(grep -o '([0-9]* writes committed in [0-9]* transactions)' \
		"$work/server-$i.log" || true)"
done

if [ "$BASELINE" = 1 ]; then
	echo "== static_server, $THREADS worker threads: the baseline"
	server_start build/bench/static_server 0 "$THREADS"
	load baseline "$DURATION" RUN=b
	servers_stop
fi

echo
echo "== results on $BACKEND, $SERVERS server(s) ($(nproc) cores shared by wrk," \
	"the servers and any database server; wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION" \
	"in all; load average $(cut -d' ' -f1-3 /proc/loadavg))"
baseline=
if [ "$BASELINE" = 1 ]; then
	baseline=$(rps baseline)
	printf '%-44s %8s req/s   p99 %s\n' "baseline (static libmicrohttpd)" "$baseline" "$(p99 baseline)"
fi
[ "$REFUSED" = 1 ] &&
	printf '%-44s %8s req/s   p99 %s\n' "JSON reports refused at validation (422)" \
		"$(rps refused)" "$(p99 refused)"
[ "$BACKEND" = sqlite ] && durable="synchronous=FULL" || durable="PostgreSQL, fsync"
for ch in $CHANNELS; do
	d=$(rps "durable-$ch")
	ratio=
	[ -n "$baseline" ] &&
		ratio=$(awk -v d="$d" -v b="$baseline" 'BEGIN { printf "%.3f of the baseline", d / b }')
	printf '%-44s %8s req/s   p99 %s   %s\n' "durable reports by $ch ($durable)" "$d" \
		"$(p99 "durable-$ch")" "$ratio"
	echo "  cpu: $(cpu_line "durable-$ch")," \
		"$(awk -v r="$d" '{ printf "%.1f", $1 * 1e6 / r }' "$work/durable-$ch.cpu") µs of observa's a report"
	[ -s "$work/durable-$ch.writer" ] && awk '{ printf "  writer thread, a report: on a core %.1f µs," \
		" waiting for a core %.1f µs, asleep (for the disk, or for work) %.1f µs\n", $1, $2, $3 }' \
		"$work/durable-$ch.writer"
	[ -n "${pgs_of[$ch]}" ] && echo "  PostgreSQL sessions not idle, on average: ${pgs_of[$ch]}"
	if [ -n "$RESULTS" ]; then
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$BACKEND" "$SERVERS" "$ch" "$d" \
			"$(p99 "durable-$ch")" "$(cat "$work/durable-$ch.cpu")" >>"$RESULTS"
	fi
done
echo "writer:$writes (warm-up and measured runs)"
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
