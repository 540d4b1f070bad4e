#!/bin/sh
# install-deps.sh - install what observa needs to build and test on Debian 12.
#
# Checks each Debian package and installs the missing ones with apt-get
# (as root; otherwise prints the command to run).  Then installs the npm
# packages of the end-to-end tests from their lock file.  The browser
# tests drive Debian's chromium (with fonts for Latin and Cyrillic text),
# which also prints the statement to PDF; pdftotext (poppler-utils) reads
# it back in the tests;
# playwright never downloads a browser of its own.  The tests of the
# PostgreSQL back-end start throwaway clusters of Debian's postgresql; the
# end-to-end tests on it (make e2e-pg) make their databases with its psql
# (postgresql-client, which postgresql depends on).  R (r-base-core) reads
# the exports back in the tests, as analysts would.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential pkg-config clang libclang-rt-14-dev \
libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libpq-dev \
libexpat1-dev libqrencode-dev zlib1g-dev libcurl4-gnutls-dev libgnutls28-dev \
libcmocka-dev sqlite3 nodejs npm chromium fonts-dejavu-core fonts-liberation zbar-tools \
poppler-utils python3 time postgresql openssl r-base-core"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	# node and npm may come from elsewhere than Debian; accept them if present.
	for p in nodejs npm; do
		case " $missing " in *" $p "*)
			cmd=$p; [ "$p" = nodejs ] && cmd=node
			command -v "$cmd" >/dev/null 2>&1 && missing=$(echo "$missing" | sed "s/ $p\b//")
		esac
	done
fi
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "install-deps: installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		apt-get install -y -q $missing
	else
		echo "install-deps: missing Debian packages:$missing" >&2
		echo "install-deps: run: sudo apt-get install$missing" >&2
		exit 1
	fi
fi

if [ -f tests/e2e/package-lock.json ]; then
	if [ ! -d tests/e2e/node_modules ] ||
	   [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
		echo "install-deps: npm ci in tests/e2e"
		(cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
			npm ci --no-audit --no-fund --loglevel=error)
	fi
fi
