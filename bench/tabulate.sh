#!/usr/bin/env bash
# tabulate.sh - how fast "observa tabulate" and "observa forensics" read a
# national results file: the Russian 2018 file (97,699 stations, gzip)
# when ../shared/data is beside the clone, and a generated file of
# 100,000 stations with 8 candidates, plain and gzip-compressed.
#
# Builds observa (release, -O2), generates the file in a temporary
# directory, runs every command RUNS times and prints the fastest and the
# median wall-clock time and the peak memory.  It prints figures, never
# pass or fail on time (docs/performance.md).
#
#   bench/tabulate.sh
#   RUNS=9 STATIONS=200000 bench/tabulate.sh
set -euo pipefail

RUNS=${RUNS:-5}
STATIONS=${STATIONS:-100000}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
make --no-print-directory -s observa >/dev/null
bin=$repo/observa
data=$(cd "$repo/.." && pwd)/shared/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A generated file: the Russian layout (region, tik, uik, registered,
# ballots in boxes, invalid, valid, 8 candidates, url), one station a row.
awk -v n="$STATIONS" 'BEGIN {
	srand(2018);
	print "region,tik,uik,\"Число избирателей,\nвключенных в список\",в ящиках,недействительных,действительных,A,B,C,D,E,F,G,H,url";
	for (i = 1; i <= n; i++) {
		reg = 300 + int(rand() * 2700);
		bal = int(reg * (0.4 + 0.5 * rand()));
		inv = int(bal * 0.012);
		val = bal - inv;
		left = val; line = "";
		for (k = 1; k < 8; k++) { v = int(left * rand() * 0.5); left -= v; line = line "," v }
		printf "Регион %d,ТИК %d,%d,%d,%d,%d,%d%s,%d,http://example.invalid/%d\n",
		    i % 85, i % 2700, i, reg, bal, inv, val, line, left, i;
	}
}' >"$tmp/generated.csv"
gzip -k "$tmp/generated.csv"
GEN=(--registered 4 --ballots 5 --invalid 6 --valid 7 --choices A-H --id 1-3)
RU=(--registered 4 --valid 13 --invalid 12 --choices 16-23 --ballots 10,11 --id 1,2,3)

# "name  fastest  median  peak memory" over RUNS runs of the command.
measure() {
	local name=$1
	shift
	local times=() mem=0
	for ((r = 0; r < RUNS; r++)); do
		/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null
		read -r t m <"$tmp/time"
		times+=("$t")
		((m > mem)) && mem=$m
	done
	sorted=$(printf '%s\n' "${times[@]}" | sort -n)
	printf '%-44s %8ss %8ss %8s MiB\n' "$name" "$(head -1 <<<"$sorted")" \
		"$(sed -n "$(((RUNS + 1) / 2))p" <<<"$sorted")" "$((mem / 1024))"
}

if [ ! -x /usr/bin/time ]; then
	echo "tabulate.sh: /usr/bin/time is missing: apt-get install time" >&2
	exit 1
fi
echo "observa tabulate and forensics, $RUNS runs each ($(nproc) cores)"
printf '%-44s %9s %9s %12s\n' "" "fastest" "median" "peak memory"
measure "tabulate generated ($STATIONS stations, csv)" "$bin" tabulate "$tmp/generated.csv" "${GEN[@]}"
measure "tabulate generated ($STATIONS stations, gz)" "$bin" tabulate "$tmp/generated.csv.gz" "${GEN[@]}"
measure "tabulate generated --format json" "$bin" tabulate "$tmp/generated.csv" "${GEN[@]}" --format json
if [ -f "$data/russia-2018-stations.csv.gz" ]; then
	measure "tabulate Russia 2018 (97,699 stations, gz)" "$bin" tabulate \
		"$data/russia-2018-stations.csv.gz" "${RU[@]}"
	measure "forensics Russia 2018 (1,000 resamples)" "$bin" forensics \
		"$data/russia-2018-stations.csv.gz" "${RU[@]}"
else
	echo "(Russia 2018: skipped, $data is absent)"
fi
measure "forensics generated (1,000 resamples)" "$bin" forensics "$tmp/generated.csv" "${GEN[@]}"
measure "forensics generated (--resamples 100)" "$bin" forensics "$tmp/generated.csv" "${GEN[@]}" --resamples 100
