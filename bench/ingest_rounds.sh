#!/usr/bin/env bash
# ingest_rounds.sh - bench/ingest.sh several times in a row, for figures
# that the machine's swings do not decide: each round measures the static
# baseline and durable JSON intake afresh (a new mission each time), and
# the summary gives the lowest, median and highest of the baseline, of
# durable reports a second, of their ratio, of observa's CPU time a
# report and of the writer thread's time a report: on a core, waiting for
# one, and asleep (docs/performance.md).  Prints figures, never pass or
# fail on time; a round whose stored-versus-acknowledged check fails
# stops it.
#
#   bench/ingest_rounds.sh                 5 rounds
#   ROUNDS=9 DURATION=8s bench/ingest_rounds.sh
#
# ROUNDS (default 5); every other setting is ingest.sh's (CHANNELS is
# json and REFUSED 0 unless given).
set -euo pipefail

ROUNDS=${ROUNDS:-5}
export CHANNELS=${CHANNELS:-json} REFUSED=${REFUSED:-0} BASELINE=1
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if ! [[ $ROUNDS =~ ^[1-9][0-9]*$ ]]; then
	echo "ingest_rounds.sh: ROUNDS is a number of rounds, not \"$ROUNDS\"" >&2
	exit 2
fi
ch=${CHANNELS%% *}
out=$(mktemp /tmp/observa-rounds-XXXXXX)
trap 'rm -f "$out"' EXIT

for r in $(seq "$ROUNDS"); do
	log=$(bench/ingest.sh 2>&1) || {
		echo "$log" >&2
		echo "ingest_rounds.sh: round $r failed" >&2
		exit 1
	}
	# the figure before "req/s" on the baseline's and the channel's lines
	base=$(echo "$log" | awk '/^baseline / { for (i = 2; i <= NF; i++) if ($i == "req/s") print $(i - 1) }')
	durable=$(echo "$log" | awk -v ch="$ch" '$0 ~ "^durable reports by " ch " " {
		for (i = 2; i <= NF; i++) if ($i == "req/s") print $(i - 1) }')
	us=$(echo "$log" | grep -o '[0-9.]* µs of observa' | head -1 | cut -d' ' -f1)
	# the writer thread's three figures: on a core, waiting for one, asleep
	wr=$(echo "$log" | awk '/^  writer thread, a report:/ {
		n = 0; for (i = 1; i <= NF; i++) if ($i == "µs," || $i == "µs") v[++n] = $(i - 1)
		print v[1], v[2], v[3]; exit }')
	[ -n "$wr" ] || wr="- - -"
	load=$(cut -d' ' -f1 /proc/loadavg)
	printf 'round %d: baseline %s, durable %s (%s) a second, %s µs of observa'"'"'s a report,' \
		"$r" "$base" "$durable" "$ch" "$us"
	printf ' writer %s / %s / %s µs, load %s\n' $wr "$load"
	echo "$base $durable $us $wr" >>"$out"
done

# lowest, median and highest of column $1 of the rounds
stats() {
	cut -d' ' -f"$1" "$out" | sort -g | awk '{ v[NR] = $1 } END {
		printf "%s / %s / %s", v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR] }'
}
awk '{ printf "%.3f\n", $2 / $1 }' "$out" >"$out.ratio"
echo
echo "over $ROUNDS rounds, lowest / median / highest:"
echo "  baseline (static libmicrohttpd), req/s  $(stats 1)"
echo "  durable reports by $ch, a second      $(stats 2)"
echo "  of the baseline                        $(sort -g "$out.ratio" | awk '{ v[NR] = $1 } END {
	printf "%s / %s / %s", v[1], (NR % 2 ? v[(NR + 1) / 2] : sprintf("%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2)), v[NR] }')"
echo "  observa's CPU a report, µs             $(stats 3)"
echo "  the writer thread a report, µs: on a core $(stats 4)," \
	"waiting for a core $(stats 5), asleep $(stats 6)"
rm -f "$out.ratio"
