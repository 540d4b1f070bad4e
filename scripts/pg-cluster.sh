#!/bin/sh
# pg-cluster.sh - a throwaway PostgreSQL cluster for observa's tests and
# benchmarks: initdb in a directory of its own, listening on 127.0.0.1 on
# a free port and on a socket in that directory, nothing shared with a
# system cluster.
#
#   scripts/pg-cluster.sh start DIR   prints the cluster's URL on stdout
#   scripts/pg-cluster.sh stop DIR    stops it (DIR stays; remove it after)
#
# The cluster writes durably (fsync on), as benchmarks need.  With
# PG_CLUSTER_NO_FSYNC=1 it does not wait for the disk (fsync,
# synchronous_commit and full-page writes off): for tests, whose clusters
# are thrown away and never outlive a crash of the machine.
#
# Debian's postgresql package provides the programs.  PostgreSQL refuses
# to run as root, so as root the cluster runs as the user "postgres".
set -eu

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2

bindir=
for v in 17 16 15; do
	if [ -x /usr/lib/postgresql/$v/bin/initdb ]; then
		bindir=/usr/lib/postgresql/$v/bin
		break
	fi
done
if [ -z "$bindir" ]; then
	echo "$0: PostgreSQL is not installed (apt-get install postgresql)" >&2
	exit 1
fi

# Run a PostgreSQL program as the cluster's owner.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case $cmd in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	as_owner "$bindir/initdb" -D "$dir/data" -U observa -A trust -E UTF8 \
		--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	durability="-c fsync=on"
	[ "${PG_CLUSTER_NO_FSYNC:-}" = 1 ] &&
		durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability -c max_connections=200" \
		start >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U observa observa
	echo "$port" >"$dir/port"
	echo "postgres://observa@127.0.0.1:$port/observa"
	;;
stop)
	[ -d "$dir/data" ] || exit 0
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
*)
	usage
	;;
esac
