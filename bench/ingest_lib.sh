# ingest_lib.sh - the parts of the intake benchmarks that bench/ingest.sh
# and bench/backends.sh share; sourced by them, never run on its own.
#
# It builds what the benchmarks run, keeps a work directory (and, on
# PostgreSQL, a throwaway cluster in it) that is removed on exit, starts
# and stops servers, and drives wrk at them: with several servers the
# connections and wrk's threads are split between them, one wrk each, all
# started together, and their results merged into one file that reads
# like a single wrk's (rates summed).  It also reads, around a run, the CPU
# time of the servers, of PostgreSQL and of the whole machine, and samples
# what PostgreSQL's sessions are doing.
#
# Settings (environment, defaults below): DURATION, CONNECTIONS,
# WRK_THREADS, THREADS, STATIONS, OBSERVERS, CREDENTIALS.

DURATION=${DURATION:-10s}       # each wrk run
CONNECTIONS=${CONNECTIONS:-64}  # keep-alive connections, over all servers
WRK_THREADS=${WRK_THREADS:-2}   # wrk's threads, over all servers
THREADS=${THREADS:-2}           # worker threads of each server
STATIONS=${STATIONS:-100000}
OBSERVERS=${OBSERVERS:-30000}
CREDENTIALS=${CREDENTIALS:-64}  # observers with ODK credentials

# wrk, what the build needs (make deps), the release observa and the
# static baseline server.
bench_build() {
	if ! command -v wrk >/dev/null; then
		if [ "$(id -u)" = 0 ]; then
			apt-get install -y wrk >/dev/null
		else
			echo "$(basename "$0"): wrk is missing: apt-get install wrk (as root)" >&2
			exit 1
		fi
	fi
	# The build's libraries, as make test and make demo install them.
	make --no-print-directory deps
	make --no-print-directory observa >/dev/null
	mkdir -p build/bench
	cc -O2 -Wall -Wextra -o build/bench/static_server bench/static_server.c \
		$(pkg-config --cflags --libs libmicrohttpd) -lpthread
}

# A work directory in $work, removed on exit with the servers and the
# cluster.  PostgreSQL runs as "postgres" when we are root, so the
# directory is left traversable for it.
bench_workdir() {
	work=$(mktemp -d /var/tmp/observa-bench-XXXXXX)
	chmod 711 "$work"
	servers=()
	ports=()
	pg_dir=
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

bench_cleanup() {
	local pid
	for pid in "${servers[@]}"; do
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	[ -n "$pg_dir" ] && scripts/pg-cluster.sh stop "$pg_dir" >/dev/null 2>&1
	rm -rf "$work"
}

# bench_database sqlite|postgres: sets db, the URL every command is given.
bench_database() {
	case $1 in
	sqlite) db="sqlite:$work/bench.db" ;;
	postgres)
		pg_dir=$work/pg
		db=$(scripts/pg-cluster.sh start "$pg_dir")
		;;
	*)
		echo "$(basename "$0"): BACKEND is sqlite or postgres, not \"$1\"" >&2
		exit 2
		;;
	esac
}

obs() { ./observa "$@" --db "$db"; }

# The mission "bench": STATIONS stations in 20 regions, OBSERVERS
# observers, the shipped forms, an admin's API token in TOKEN, ODK
# credentials of the first CREDENTIALS observers in $work/tokens, the SMS
# secret in SECRET.
bench_mission() {
	local code i
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

	: >"$work/tokens"
	for i in $(seq "$CREDENTIALS"); do
		code=$(printf 'O-%05d' "$i")
		obs observer credentials "$code" --mission bench --format json |
			sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' |
			sed "s/^/$code /" >>"$work/tokens"
	done
	SECRET=$(obs sms secret --mission bench | tail -1)
}

# server_start COMMAND...: start a server whose banner names its port;
# adds it to servers and its port to ports, its log in
# $work/server-N.log.
server_start() {
	local n=${#servers[@]} port log
	log=$work/server-$n.log
	"$@" 2>"$log" &
	servers+=($!)
	for _ in $(seq 100); do
		port=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f3 || true)
		if [ -n "$port" ]; then
			ports+=("$port")
			return 0
		fi
		sleep 0.1
	done
	echo "$(basename "$0"): the server did not start:" >&2
	cat "$log" >&2
	exit 1
}

# Stop every server (SIGTERM: they finish what is in flight), keeping
# their logs.
servers_stop() {
	local pid
	for pid in "${servers[@]}"; do
		kill -TERM "$pid"
	done
	for pid in "${servers[@]}"; do
		wait "$pid" || true
	done
	servers=()
	ports=()
}

# The opening checklist's XForm id and version, as ODK Collect reads them
# from the first server: sets form_id and form_version.
form_id=
form_version=
bench_form() {
	local first_token formlist opening
	first_token=$(head -1 "$work/tokens" | cut -d' ' -f2)
	formlist=$(curl -sf -H 'X-OpenRosa-Version: 1.0' \
		"http://127.0.0.1:${ports[0]}/openrosa/$first_token/formList")
	opening=$(echo "$formlist" |
		grep -o '<formID>[^<]*_OP</formID><name>[^<]*</name><version>[^<]*</version>')
	form_id=$(echo "$opening" | sed 's/.*<formID>\([^<]*\)<.*/\1/')
	form_version=$(echo "$opening" | sed 's/.*<version>\([^<]*\)<.*/\1/')
}

script_of() {
	case $1 in
	json) echo bench/ingest_post.lua ;;
	odk) echo bench/ingest_odk.lua ;;
	sms) echo bench/ingest_sms.lua ;;
	*) echo "$(basename "$0"): unknown channel $1 (json, odk, sms)" >&2; exit 2 ;;
	esac
}

# load NAME DURATION [VAR=value...]: wrk with the report script in SCRIPT
# (default the JSON API's) against every server in ports, the result in
# $work/NAME.out.  With N servers each gets CONNECTIONS/N connections and
# WRK_THREADS/N threads (at least one) from a wrk of its own, all started
# together; TID0 and NTHREADS number wrk's threads across them, so the
# requests are those one wrk with all the threads would send.
load() {
	local name=$1 duration=$2 n=${#ports[@]} conns threads i pids=()
	shift 2
	conns=$((CONNECTIONS / n))
	threads=$((WRK_THREADS / n))
	[ "$threads" -ge 1 ] || threads=1
	for i in "${!ports[@]}"; do
		env MISSION=bench STATIONS="$STATIONS" OBSERVERS="$OBSERVERS" TOKEN="$TOKEN" \
			SECRET="$SECRET" TOKENS="$work/tokens" FORM_ID="$form_id" \
			FORM_VERSION="$form_version" SCRIPT=bench/ingest_post.lua \
			TID0=$((i * threads)) NTHREADS=$((n * threads)) "$@" \
			sh -c 'exec wrk -t"$0" -c"$1" -d"$2" --latency -s "$SCRIPT" "$3"' \
			"$threads" "$conns" "$duration" "http://127.0.0.1:${ports[$i]}" \
			>"$work/$name.$i.out" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i"
	done
	merge "$name" "$n"
}

# merge NAME N: $work/NAME.0.out ... into $work/NAME.out.  Rates and the
# scripts' counts are summed.  The combined p99 lies between the parts'
# p99s (the combined distribution is a mixture of theirs), so the
# largest is given: an upper bound.
merge() {
	local name=$1 n=$2 files=() statuses i
	if [ "$n" = 1 ]; then
		cp "$work/$name.0.out" "$work/$name.out"
		return
	fi
	for i in $(seq 0 $((n - 1))); do
		files+=("$work/$name.$i.out")
	done
	statuses=$(grep -h '^statuses:' "${files[@]}" | tr ' ' '\n' | grep = |
		awk -F= '{ s[$1] += $2 } END { for (c in s) print c "=" s[c] }' | sort | tr '\n' ' ')
	awk -v statuses="${statuses% }" '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /m$/) return v * 60000
		if (v ~ /s$/) return v * 1000
		return v + 0
	}
	/^Requests\/sec:/ { rps += $2; parts = parts sprintf(" %.0f", $2) }
	/^ +99%/ { if (!seen || ms($2) > best) { best = ms($2); p99 = $2; seen = 1 } }
	/^(ok_2xx|sent|accepted|other):/ { sum[$1] += $2; has[$1] = 1 }
	END {
		printf "merged from %d wrk runs, req/s each:%s\n", n, parts
		printf "Requests/sec: %.2f\n", rps
		printf "    99%%  %s\n", p99
		printf "statuses: %s\n", statuses
		split("ok_2xx sent accepted other", keys, " ")
		for (i = 1; i <= 4; i++)
			if (has[keys[i] ":"]) printf "%s %d\n", keys[i] ":", sum[keys[i] ":"]
	}' n="$n" "${files[@]}" >"$work/$name.out"
}

field() { grep "^$2" "$work/$1.out" | head -1 | awk '{print $2}'; }
rps() { grep '^Requests/sec' "$work/$1.out" | awk '{printf "%.0f", $2}'; }
p99() { grep -E '^ +99%' "$work/$1.out" | awk '{print $2}'; }

# The reports stored in the mission, as server N (default 0) counts them.
stored() {
	curl -sf "${auth[@]}" \
		"http://127.0.0.1:${ports[${1:-0}]}/api/v1/missions/bench/submissions?limit=0" |
		sed 's/.*"total":\([0-9]*\).*/\1/'
}

# ---- CPU time, read from /proc around a run ----

# ticks PID...: user and system clock ticks of these processes, all
# their threads, plus (with +children) the children they have waited for.
ticks() {
	local p t=0 v
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] || continue
		v=$(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 + $14 + $15 }')
		t=$((t + v))
	done
	echo "$t"
}

# PostgreSQL's processes: the postmaster (whose waited-for children's
# time counts too) and its live children.
pg_pids() {
	local pm
	[ -n "$pg_dir" ] && [ -r "$pg_dir/data/postmaster.pid" ] || return 0
	pm=$(head -1 "$pg_dir/data/postmaster.pid")
	echo "$pm"
	ps -o pid= --ppid "$pm" || true
}

# The servers' writer threads (named observa-writer): the nanoseconds
# each has run and waited for a core (/proc/PID/task/TID/schedstat),
# summed, and how many there are.
writer_ns() {
	local p t
	for p in "${servers[@]}"; do
		for t in /proc/"$p"/task/*; do
			[ "$(cat "$t/comm" 2>/dev/null)" = observa-writer ] && cat "$t/schedstat"
		done
	done | awk '{ on += $1; wait += $2; n++ } END { printf "%.0f %.0f %d\n", on, wait, n }'
}

# writer_mark NAME and writer_done NAME RATE: like cpu_mark and cpu_done,
# for the writer threads; writer_done writes in $work/NAME.writer the µs
# a report (RATE a second over all servers) that a writer thread spent
# on a core, waiting for one, and neither (asleep: waiting for the disk,
# or for work).  Every report passes through its server's writer, so the
# three add up to the time between two reports of one server.
writer_mark() {
	echo "$(date +%s.%N) $(writer_ns)" >"$work/$1.writer0"
}

writer_done() {
	echo "$(date +%s.%N) $(writer_ns)" | cat "$work/$1.writer0" - |
		awk -v rate="$2" 'NR == 1 { split($0, a) } NR == 2 {
			if (!$4 || !rate) exit
			reports = rate * ($1 - a[1])
			on = ($2 - a[2]) / 1000 / reports; wait = ($3 - a[3]) / 1000 / reports
			printf "%.1f %.1f %.1f\n", on, wait, $4 * 1e6 / rate - on - wait
		}' >"$work/$1.writer"
}

# cpu_mark NAME: note the time and the CPU ticks now (servers, PostgreSQL,
# the machine's busy and total, and the time the hypervisor gave the
# virtual cores to other guests, "steal") in $work/NAME.cpu0; cpu_done
# NAME reads them again and writes the cores each used on average in
# $work/NAME.cpu: observa, PostgreSQL, the rest, idle, stolen.
cpu_mark() {
	echo "$(date +%s.%N) $(ticks "${servers[@]}") $(ticks $(pg_pids))" \
		"$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9 }' /proc/stat)" \
		>"$work/$1.cpu0"
}

cpu_done() {
	local hz
	hz=$(getconf CLK_TCK)
	echo "$(date +%s.%N) $(ticks "${servers[@]}") $(ticks $(pg_pids))" \
		"$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9 }' /proc/stat)" |
		cat "$work/$1.cpu0" - |
		awk -v hz="$hz" -v cores="$(nproc)" 'NR == 1 { split($0, a) } NR == 2 {
			wall = $1 - a[1]
			srv = ($2 - a[2]) / hz / wall; pg = ($3 - a[3]) / hz / wall
			busy = ($4 - a[4]) / ($5 - a[5]) * cores
			stolen = ($6 - a[6]) / ($5 - a[5]) * cores
			printf "%.2f %.2f %.2f %.2f %.2f\n", srv, pg, busy - srv - pg,
				cores - busy - stolen, stolen
		}' >"$work/$1.cpu"
}

# cpu_line NAME: the averages in words.
cpu_line() {
	awk -v pg="$pg_dir" '{ printf "observa %.2f cores, %sthe rest (wrk, other work) %.2f, idle %.2f, stolen by the host %.2f",
		$1, (pg != "" ? sprintf("PostgreSQL %.2f, ", $2) : ""), $3, $4, $5 }' "$work/$1.cpu"
}

# ---- what PostgreSQL's sessions do during a run ----

# pg_sample_start NAME: every 0.2 s, what observa's sessions are doing
# (state and wait event), in $work/NAME.pgs; pg_sample_stop ends it.
pg_sampler=
pg_sample_start() {
	[ -n "$pg_dir" ] || return 0
	printf '%s\n' "SELECT '#' UNION ALL" \
		"SELECT state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'running')" \
		"FROM pg_stat_activity WHERE backend_type = 'client backend'" \
		"AND pid <> pg_backend_pid() AND state <> 'idle';" '\watch 0.2' >"$work/sample.sql"
	psql -Atq "$db" -f "$work/sample.sql" >"$work/$1.pgs" 2>/dev/null &
	pg_sampler=$!
}

pg_sample_stop() {
	[ -n "$pg_sampler" ] || return 0
	kill "$pg_sampler" 2>/dev/null
	wait "$pg_sampler" 2>/dev/null || true
	pg_sampler=
}

# pg_sample_line NAME: observa's sessions that were not idle, on average
# over the samples, by what they were doing, most frequent first.
pg_sample_line() {
	[ -s "$work/$1.pgs" ] || return 0
	awk '$0 == "#" { samples++; next } NF { n[$0]++ } END {
		for (k in n) printf "%.2f %s\n", n[k] / samples, k }' "$work/$1.pgs" |
		sort -rn | head -6 | awk '{ printf "%s%s (%s)", (NR > 1 ? ", " : ""), substr($0, index($0, " ") + 1), $1 }'
}
