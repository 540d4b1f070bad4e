#!/usr/bin/env bash
# dashboard.sh - how long the dashboard's pages take to load at national
# scale: every API call each page makes when first opened, on a running
# release server, with the server's memory (docs/performance.md,
# "Dashboard pages at 2 million reports").
#
#   bench/dashboard.sh                       generate a mission of $REPORTS reports
#   REPORTS=2000000 bench/dashboard.sh        the size of a national election day
#   DB=/var/tmp/copy.db bench/dashboard.sh    use (and complete) an existing database
#   OUT=/tmp/docs bench/dashboard.sh          also keep every answer, to compare builds
#
# Without DB it generates, in a temporary directory under /var/tmp, the
# mission "bench" of bench/national.sh (STATIONS, OBSERVERS, REPORTS,
# SAMPLE).  With DB (a SQLite file holding that mission) it works on that
# file in place: opening it migrates it to the current version and the
# steps below may add to it, so give it a copy.  What the pages need and a
# generated mission lacks is then added with observa's own commands, once:
# official results for every station (the sample's as the observers copied
# them, one in 20 changed), 200 meetings of the long-term log, 20
# documents, the statement's summary.  Then it starts "observa serve"
# (release build), requests every call of bench/dashboard.mjs once to warm
# up and RUNS (7) times more, and prints per call the best, median and
# worst time, the load average, and the server's resident memory.
# It prints figures, never fails on time.
set -euo pipefail

RUNS=${RUNS:-7}
export STATIONS=${STATIONS:-100000} OBSERVERS=${OBSERVERS:-30000}
export REPORTS=${REPORTS:-200000} SAMPLE=${SAMPLE:-2000}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
make --no-print-directory deps # the build's libraries, as make test installs them
make --no-print-directory observa >/dev/null
bin="$repo/observa"

work=$(mktemp -d /var/tmp/observa-bench-dashboard-XXXXXX)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if [ -n "${DB:-}" ]; then
	db="sqlite:$DB"
else
	db="sqlite:$work/bench.db"
	echo "generating $STATIONS stations, $OBSERVERS observers, $REPORTS reports in $work"
	bench/national.sh "$bin" "$db" "$work"
fi
m=bench

# Official results: every station; at the sample's stations the figures
# the observers copied (the protocols of bench/national.sh, same seed and
# order), one station in 20 with 7 votes moved from the first choice to
# the second.
if [ "$("$bin" export official --db "$db" --mission $m --format csv | wc -l)" -le 1 ]; then
	"$bin" pvt show --db "$db" --mission $m --format json |
		grep -o '"station": *"[^"]*"' | cut -d'"' -f4 >"$work/sample.txt"
	awk -v st="$STATIONS" 'BEGIN { srand(11) }
	function row(s, seed_a, seed_i, moved,   a, c, g, i, j, p1, p2, p3, p4) {
		a = 1000 + int(seed_a * 1000); c = int(a * 0.6); g = int(c * 0.2); i = int(seed_i * 20); j = c - i
		p1 = int(j * 0.5); p2 = int(j * 0.2); p3 = int(j * 0.15); p4 = int(j * 0.1)
		printf "%s,%d,%d,%d,0,0,50,%d,%d,%d,%d,0,0,%d,%d,%d,%d,%d\n", s, a, c + 50, c, g, c - g, i, j,
			p1 - moved, p2 + moved, p3, p4, j - p1 - p2 - p3 - p4
	}
	FNR == NR { ra = rand(); ri = rand(); seen[$1] = 1; line[$1] = ra " " ri; next }
	END {
		print "station,A,B,C,D,E,F,G,H,I,J,K,L,P1,P2,P3,P4,AA"
		srand(13)
		for (k = 1; k <= st; k++) {
			s = sprintf("S-%06d", k)
			if (s in seen) { split(line[s], r, " "); row(s, r[1], r[2], ++n % 20 == 0 ? 7 : 0) }
			else row(s, rand(), rand(), 0)
		}
	}' "$work/sample.txt" /dev/null >"$work/official.csv"
	"$bin" import results "$work/official.csv" --db "$db" --mission $m >/dev/null
fi
# The long-term log and the statement's own text.
if "$bin" meeting list --db "$db" --mission $m --format json | grep -q '"total": *0'; then
	awk 'BEGIN {
		print "date,time,place,counterpart,institution_kind,institution,participants,topics,summary,follow_ups"
		for (i = 0; i < 200; i++)
			printf "2023-%02d-%02d,%02d:00,Region %d,Chair %d,%s,Commission of Region %d,O-%05d;O-%05d,preparations,\"Meeting %d on the preparations.\",\n",
				1 + int(i / 60), 1 + i % 28, 9 + i % 8, i % 20 + 1, i, i % 2 ? "CEC" : "akimat", i % 20 + 1, i + 1, i + 2, i
	}' >"$work/meetings.csv"
	"$bin" meeting import "$work/meetings.csv" --db "$db" --mission $m >/dev/null
	for i in $(seq 20); do
		printf 'Document %d of the long-term log.\n' "$i" >"$work/doc$i.txt"
		"$bin" document add "$work/doc$i.txt" --db "$db" --mission $m --title "Document $i" --kind letter \
			--direction received --date "2023-02-$(printf %02d "$i")" >/dev/null
	done
	printf 'The election was held on 19 March 2023.\n\nObservers visited polling stations across the country.\n' |
		"$bin" report block set summary --db "$db" --mission $m --lang en --file - >/dev/null
fi

"$bin" user add bench --role admin --db "$db" >/dev/null 2>&1 || true
token=$("$bin" token create --user bench --db "$db" 2>/dev/null | tail -1)
"$bin" serve --db "$db" --port 0 2>"$work/server.log" &
server=$!
port=
for _ in $(seq 100); do
	port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -1 | cut -d: -f3 || true)
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "dashboard.sh: the server did not start:" >&2
	cat "$work/server.log" >&2
	exit 1
fi

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before; times in ms, best/median/worst of $RUNS after a warm-up"
node bench/dashboard.mjs "http://127.0.0.1:$port" $m "$token" "$RUNS" "$server" ${OUT:+"$OUT"}
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after"
