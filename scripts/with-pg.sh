#!/bin/sh
# with-pg.sh - run a command with a throwaway PostgreSQL cluster, its URL
# in OBSERVA_TEST_PG_URL, and remove the cluster afterwards, whatever the
# command's outcome (which is this script's exit status).  Without
# PostgreSQL installed the command runs without the variable, and the
# tests that need it say they were skipped.
#
#   scripts/with-pg.sh COMMAND [ARG...]
set -u
here=$(cd "$(dirname "$0")" && pwd)

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	echo "with-pg: PostgreSQL is not installed; its tests will be skipped" >&2
	exec "$@"
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/observa-pg.XXXXXX") || exit 1
cleanup() {
	"$here/pg-cluster.sh" stop "$dir" >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Thrown away after the command: no need to wait for the disk.
url=$(PG_CLUSTER_NO_FSYNC=1 "$here/pg-cluster.sh" start "$dir") || exit 1
OBSERVA_TEST_PG_URL=$url
export OBSERVA_TEST_PG_URL
"$@"
