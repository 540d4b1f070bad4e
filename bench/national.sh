#!/usr/bin/env bash
# national.sh - generate a mission of national size into a new database,
# the one bench/findings.sh measures, for the benchmarks that need one.
#
#   bench/national.sh BIN DB WORKDIR
#
# BIN is the observa binary, DB a database URL (sqlite:FILE) that does not
# exist yet, WORKDIR a directory for the generated CSV and JSON files.
# Creates mission "bench": $STATIONS polling stations (100,000) in 20
# regions, $OBSERVERS observers (30,000), $REPORTS reports (200,000) sent
# through "observa submit" (of every 20: 14 voting checklists, 2 openings,
# 2 counts, an incident, and a voting checklist by a second observer at the
# station of the first), a ballot of five choices, an assignment per
# observer on election day, a quick-count sample of $SAMPLE stations (2,000)
# stratified by region and a results protocol from each.  The data are the
# same for the same sizes (fixed seeds).  Prints how long the reports'
# submission took.
set -euo pipefail

STATIONS=${STATIONS:-100000}
OBSERVERS=${OBSERVERS:-30000}
REPORTS=${REPORTS:-200000}
SAMPLE=${SAMPLE:-2000}

bin=$1 db=$2 work=$3

"$bin" init --db "$db" >/dev/null
"$bin" mission create bench --db "$db" --name "Findings benchmark" --election-type mazhilis \
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
"$bin" import locations "$work/locations.csv" --db "$db" --mission bench >/dev/null
"$bin" import observers "$work/observers.csv" --db "$db" --mission bench >/dev/null
# Answers are negative one time in 12, ratings bad or very bad one in 10.
awk -v n="$REPORTS" -v st="$STATIONS" -v ob="$OBSERVERS" 'BEGIN {
	srand(2023)
	split("A B C D E F G H I J K L", vo, " "); split("1 1 0 0 0 0 0 0 1 0 0 1", vop, " ")
	split("A C D E F G H I J K", op, " "); split("1 1 1 1 1 1 0 0 1 0", opp, " ")
	split("A B C D E F G H I J K L M", co, " "); split("1 1 1 1 1 1 1 0 1 1 0 0 0", cop, " ")
	for (i = 0; i < n; i++) {
		k = i % 20; s = i % st + 1; o = i % ob + 1
		if (k == 19) s = (i - 19) % st + 1
		form = k < 14 || k == 19 ? "VO" : k < 16 ? "OP" : k < 18 ? "CO" : "IN"
		printf "{\"id\":\"r%d\",\"form\":\"%s\",\"station\":\"S-%06d\",\"observer\":\"O-%05d\",", i, form, s, o
		printf "\"observed_at\":\"2023-03-19T%02d:%02d:00+06:00\",\"answers\":{", 7 + i % 14, i % 60
		if (form == "IN") {
			printf "\"A\":%d,\"B\":%d,\"C\":\"seen\",\"D\":\"12:00\"}}\n", 1 + int(rand() * 12), 1 + int(rand() * 3)
			continue
		}
		if (form == "VO") for (q = 1; q <= 12; q++) printf "\"%s\":%d,", vo[q], rand() < 1 / 12 ? 1 - vop[q] : vop[q]
		if (form == "OP") for (q = 1; q <= 10; q++) printf "\"%s\":%d,", op[q], rand() < 1 / 12 ? 1 - opp[q] : opp[q]
		if (form == "CO") for (q = 1; q <= 13; q++) printf "\"%s\":%d,", co[q], rand() < 1 / 12 ? 1 - cop[q] : cop[q]
		printf "\"Z\":%d}}\n", rand() < 0.1 ? 1 + int(rand() * 2) : 3 + int(rand() * 2)
	}
}' >"$work/reports.jsonl"
t0=$(date +%s%N)
"$bin" submit "$work/reports.jsonl" --db "$db" --mission bench --format json >/dev/null
t1=$(date +%s%N)
echo "  ($REPORTS reports submitted in $(((t1 - t0) / 1000000)) ms)"
rm -f "$work/reports.jsonl"
printf 'order,code,name,kind\n1,AMA,Amanat,party\n2,AUL,Auyl,party\n3,RES,Respublica,party\n4,AQJ,Ak Zhol,party\n5,AA,Against all,against_all\n' >"$work/choices.csv"
"$bin" import choices "$work/choices.csv" --db "$db" --mission bench >/dev/null
awk -v n="$OBSERVERS" -v st="$STATIONS" 'BEGIN {
	print "observer,station,day"
	for (i = 1; i <= n; i++) printf "O-%05d,S-%06d,2023-03-19\n", i, (i * 3) % st + 1
}' >"$work/assignments.csv"
"$bin" import assignments "$work/assignments.csv" --db "$db" --mission bench >/dev/null
"$bin" pvt sample --db "$db" --mission bench --size "$SAMPLE" --seed 7 --strata region >/dev/null
"$bin" pvt show --db "$db" --mission bench --format json |
	grep -o '"station": *"[^"]*"' | cut -d'"' -f4 |
	awk -v ob="$OBSERVERS" 'BEGIN { srand(11) } {
		a = 1000 + int(rand() * 1000); c = int(a * 0.6); g = int(c * 0.2); i = int(rand() * 20); j = c - i
		p1 = int(j * 0.5); p2 = int(j * 0.2); p3 = int(j * 0.15); p4 = int(j * 0.1)
		printf "{\"id\":\"pr%d\",\"form\":\"PR\",\"station\":\"%s\",\"observer\":\"O-%05d\",", NR, $1, NR % ob + 1
		printf "\"observed_at\":\"2023-03-19T21:%02d:00+06:00\",\"answers\":{\"A\":%d,\"B\":%d,\"C\":%d,", NR % 60, a, c + 50, c
		printf "\"D\":0,\"E\":0,\"F\":50,\"G\":%d,\"H\":%d,\"I\":%d,\"J\":%d,\"K\":0,\"L\":0,", g, c - g, i, j
		printf "\"P1\":%d,\"P2\":%d,\"P3\":%d,\"P4\":%d,\"AA\":%d}}\n", p1, p2, p3, p4, j - p1 - p2 - p3 - p4
	}' >"$work/protocols.jsonl"
"$bin" submit "$work/protocols.jsonl" --db "$db" --mission bench --format json >/dev/null
