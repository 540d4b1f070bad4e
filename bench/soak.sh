#!/usr/bin/env bash
# soak.sh - an hour of mixed load on one "observa serve", with its memory
# and open files sampled every 10 seconds, to show that neither grows.
#
# Builds observa (release), creates a mission of 2,000 stations and 40
# observers in a temporary directory, and runs bench/soak.mjs: 64 clients
# sending reports through the JSON API, ODK Collect's OpenRosa submission
# and the SMS webhook in turn (each pausing between reports, about 250 a
# second in all), two clients reading coverage and findings over and over.
# Every 10 seconds it prints the server's VmRSS (/proc/PID/status) and the
# number of entries in /proc/PID/fd; at the end the slope of each and
# whether they stayed flat, and "observa check" on the database.  Exits 1
# when memory or descriptors grew, or anything failed.  Not part of
# "make test" (docs/performance.md#soak).
#
#   bench/soak.sh                   one hour
#   bench/soak.sh --minutes 5
#   CLIENTS=32 PAUSE_MS=100 READERS=4 bench/soak.sh --minutes 30
set -euo pipefail

MINUTES=60
while [ $# -gt 0 ]; do
	case "$1" in
	--minutes)
		MINUTES=${2:?--minutes wants a number}
		shift 2
		;;
	--minutes=*)
		MINUTES=${1#--minutes=}
		shift
		;;
	-h | --help)
		sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "soak.sh: unknown argument $1 (--minutes N)" >&2
		exit 2
		;;
	esac
done
case "$MINUTES" in
'' | *[!0-9]*)
	echo "soak.sh: --minutes wants a whole number, not \"$MINUTES\"" >&2
	exit 2
	;;
esac

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
make --no-print-directory deps # the build's libraries, as make test installs them
make --no-print-directory observa >/dev/null
# The database grows by about a gigabyte an hour: keep it off /tmp.
export TMPDIR=${TMPDIR:-/var/tmp}
export OBSERVA_BIN="$repo/observa"
exec node bench/soak.mjs "$MINUTES" "${CLIENTS:-64}" "${PAUSE_MS:-250}" "${READERS:-2}"
