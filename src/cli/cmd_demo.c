/* cmd_demo.c - "observa demo": create (once) a database holding the demo
 * mission kz-2023, print what it holds and how to look at it, and serve it
 * over HTTP as "observa serve" does. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/accreditation.h"
#include "cli/cli.h"
#include "cli/demo_accounts.h"
#include "cli/demo_mission.h"
#include "cli/demo_official.h"
#include "cli/demo_places.h"
#include "cli/demo_pvt.h"
#include "cli/demo_reports.h"
#include "core/text.h"
#include "http/server.h"
#include "report/ltm_report.h"

static const char help[] =
    "usage: observa demo [--port N] [--bind ADDR] [--db URL] [--no-serve]\n\n"
    "Create the demo mission kz-2023 and serve it: Kazakhstan's early Mazhilis\n"
    "election of 19 March 2023 with its 17 regions and 3 cities, their\n"
    "territorial commissions, about 10,000 polling stations holding about 12\n"
    "million voters (about 70 of the stations abroad) and about 800 international\n"
    "observers from 12 organisations and 41 countries, with their accreditation.\n\n"
    "And election day: the ballot of seven parties and \"against all\"; teams\n"
    "of two assigned to about 2,300 stations and, for the night, long-term\n"
    "teams to territorial commissions; about 3,000 reports (opening, voting,\n"
    "counting, results protocols, tabulation, incidents) sent through the same\n"
    "intake as the API and paper forms, with the forms' flags, conflicts\n"
    "between two teams at one station, alerts, corrections, reports sent twice,\n"
    "stations that never reported, and a clerk's reviews; then the election\n"
    "commission's official results of every station, a few of them changed\n"
    "from what the observers copied (observa analyze discrepancies finds\n"
    "them); and a citizen network's quick count: 250 stations drawn by region,\n"
    "one accredited national observer at each sending the results protocol by\n"
    "coded SMS in the evening (observa pvt estimate compares it with the\n"
    "official results).  And the long-term log of the weeks before: about 25\n"
    "meetings with the election commission, parliament's committees, the\n"
    "parties' campaign offices, candidates, akimats, media and civil society,\n"
    "and the documents handed over (observa meeting list, observa document\n"
    "list).  Places follow the real figures approximately; the people, what\n"
    "they said, their reports and the results are invented.\n"
    "The demo is the same on every run.\n\n"
    "The database is created once (default sqlite:demo.db in the current\n"
    "directory; $OBSERVA_DB is not used, so the demo never writes into a real\n"
    "database by accident) and reused on later runs.\n\n"
    "  --port N       TCP port (default 8080; 0 picks a free one)\n"
    "  --bind ADDR    address to listen on (default 127.0.0.1)\n"
    "  --db URL       the database (default sqlite:demo.db)\n"
    "  --no-serve     create the database, print the summary and exit\n";

enum { OPT_BIND = 1, OPT_PORT, OPT_NO_SERVE };

static const struct option opts[] = {
    {"bind", required_argument, NULL, OPT_BIND},
    {"port", required_argument, NULL, OPT_PORT},
    {"no-serve", no_argument, NULL, OPT_NO_SERVE},
    CLI_COMMON_OPTIONS,
    {0},
};

/* v with thousands separators ("11,987,532") in buf. */
static const char *thousands(int64_t v, char buf[32])
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%lld", (long long)(v < 0 ? -v : v));
	size_t o = 0;

	if (v < 0)
		buf[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(void *ctx, long long done, long long total)
{
	cli_progress(ctx, done, total);
}

/* The demo's database: --db given before the command name counts, but
 * not $OBSERVA_DB (main() hands its pointer over unchanged). */
static void default_db(void)
{
	const char *env = getenv("OBSERVA_DB");

	if (!strcmp(cli_db_url, STORE_DEFAULT_URL) || (env && cli_db_url == env))
		cli_db_url = DEMO_DB_URL;
}

/* Make the demo mission unless the database has it; load it into m. */
static int ensure_mission(struct store *st, struct arena *a, struct mission *m)
{
	struct demo_sent sent = {0};
	struct timespec t0;
	struct err e;

	err_clear(&e);
	if (!store_mission_get(st, DEMO_MISSION_CODE, a, m, &e)) {
		notef(
		    "%s already holds the demo mission %s: reusing it, not regenerating "
		    "(delete the file for a fresh one)",
		    cli_db_url, DEMO_MISSION_CODE);
		return EXIT_OK;
	}
	if (e.code != ST_NOT_FOUND) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	notef("creating the demo mission %s in %s", DEMO_MISSION_CODE, cli_db_url);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (demo_mission_create(st, cli_db_url, progress, "generating", &sent, &e)) {
		cli_progress_end();
		errorf("%s", e.msg);
		err_clear(&e);
		if (!store_mission_get(st, DEMO_MISSION_CODE, a, m, &e))
			notef("%s holds an incomplete demo: delete it and run again",
			      cli_db_url);
		return EXIT_FAIL;
	}
	cli_progress_end();
	notef("created in %.1f s: %lld reports sent through intake, %lld stored, "
	      "%lld sent twice and acknowledged as duplicates",
	      seconds_since(&t0), sent.sent, sent.stored, sent.duplicates);
	if (store_mission_get(st, DEMO_MISSION_CODE, a, m, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static void print_summary(const struct mission *m, const struct demo_totals *t,
                          const struct accreditation *acc)
{
	char a[32], b[32];

	printf("\nmission       %s: %s\n", m->code, m->name);
	printf("database      %s\n", cli_db_url);
	printf("places        %lld regions and cities, %lld territorial commissions\n",
	       (long long)t->regions, (long long)t->commissions);
	printf("stations      %s polling stations, %lld of them abroad\n",
	       thousands(t->stations, a), (long long)t->stations_abroad);
	printf("voters        %s registered (%s abroad)\n", thousands(t->voters, a),
	       thousands(t->voters_abroad, b));
	printf("observers     %s\n", acc->summary ? acc->summary : "");
	printf("accreditation %lld accredited, %lld requested, %lld refused, %lld "
	       "withdrawn\n",
	       (long long)acc->by_status[ACC_ACCREDITED],
	       (long long)acc->by_status[ACC_REQUESTED],
	       (long long)acc->by_status[ACC_REFUSED],
	       (long long)acc->by_status[ACC_WITHDRAWN]);
}

/* Election day: deployment, reports by form and channel, review. */
static void print_day(const struct demo_day *d)
{
	static const char *const names[DEMO_FORMS] = {
	    "opening", "voting", "counting", "results protocol", "tabulation", "incident",
	};
	char a[32], b[32], c[32];

	printf("election day  %s polling stations assigned to %lld teams (%lld "
	       "observers); %lld sent no report\n",
	       thousands(d->stations, a), (long long)d->teams, (long long)d->observers,
	       (long long)d->stations_missing);
	printf("tabulation    %lld territorial commissions assigned to %lld long-term "
	       "teams for the night of 19-20 March; %lld sent no report\n",
	       (long long)d->commissions, (long long)d->night_teams,
	       (long long)d->commissions_missing);
	printf("reports       %s stored: %s by api, %s by csv (paper forms keyed in), "
	       "%lld by SMS; %lld earlier versions corrected\n",
	       thousands(d->reports, a), thousands(d->api, b), thousands(d->csv, c),
	       (long long)d->sms, (long long)(d->versions - d->reports));
	for (size_t i = 0; i < DEMO_FORMS; i++) {
		const struct demo_form_count *f = &d->forms[i];
		printf("  %-2s %-16s %6s  (%s api, %s csv, %lld sms)\n", f->form,
		       names[i], thousands(f->api + f->csv + f->sms + f->other, a),
		       thousands(f->api, b), thousands(f->csv, c), (long long)f->sms);
	}
	printf("sms           %lld messages received: %lld refused with the problems "
	       "in the reply, %lld sent twice, %lld from unknown numbers; %lld replies "
	       "queued (no outbound gateway is set: observa sms gateway --help)\n",
	       (long long)d->sms_in, (long long)d->sms_rejected,
	       (long long)d->sms_repeats, (long long)d->sms_unknown,
	       (long long)d->sms_replies);
	printf("review        %lld flagged by the forms' checks and waiting; %lld "
	       "verified, %lld rejected by %s\n",
	       (long long)d->flagged, (long long)d->verified, (long long)d->rejected,
	       DEMO_CLERK);
	printf("conflicts     %lld between two teams at one station: %lld open, %lld "
	       "resolved\n",
	       (long long)d->conflicts, (long long)d->conflicts_open,
	       (long long)(d->conflicts - d->conflicts_open));
	printf("alerts        %lld raised by critical answers\n", (long long)d->alerts);
}

/* The long-term log in one line. */
static void print_ltm(const struct ltm_tally *t)
{
	char line[512];

	if (!t->meetings && !t->documents) {
		printf("long-term     none: this database was made before the demo had a "
		       "long-term log (delete it for a fresh demo)\n");
		return;
	}
	printf("long-term     %s\n", ltm_tally_sentence(t, line, sizeof(line)));
}

/* The citizen network's quick count against the official results. */
static void print_quick_count(const struct demo_pvt_summary *q)
{
	if (!q->size) {
		printf("quick count   none: this database was made before the demo had "
		       "one (delete it for a fresh demo)\n");
		return;
	}
	printf("quick count   %s: %lld sample stations drawn by %s (seed %lld), one "
	       "observer each; %lld reported",
	       DEMO_PVT_ORG, (long long)q->size, q->strata_by ? q->strata_by : "chance",
	       (long long)q->seed, (long long)q->reported);
	if (q->by_sms == q->reported)
		printf(" by SMS");
	else
		printf(" (%lld by SMS)", (long long)q->by_sms);
	if (q->leader && !isnan(q->estimate)) {
		printf("; %s %.1f%%", q->leader, q->estimate);
		if (!isnan(q->moe95))
			printf(" ± %.1f", q->moe95);
		if (!isnan(q->official))
			printf(" (official %.1f%%%s)", q->official,
			       q->inside95 == 1   ? ", inside the 95% interval"
			       : q->inside95 == 0 ? ", outside the 95% interval"
			                          : "");
	}
	printf("\n");
}

static int is_loopback(const char *bind)
{
	return !strcmp(bind, "127.0.0.1") || !strcmp(bind, "localhost") ||
	       !strcmp(bind, "::1");
}

/* Where a browser on this machine reaches the server. */
static void base_url(const char *bind, int port, char *out, size_t n)
{
	const char *host = bind;
	char port_text[16];

	if (!strcmp(bind, "0.0.0.0") || !strcmp(bind, "localhost"))
		host = "127.0.0.1";
	else if (!strcmp(bind, "::"))
		host = "::1";
	if (port)
		snprintf(port_text, sizeof(port_text), "%d", port);
	else
		snprintf(port_text, sizeof(port_text), "PORT");
	snprintf(out, n, strchr(host, ':') ? "http://[%s]:%s/" : "http://%s:%s/", host,
	         port_text);
}

/* How to look at the demo: the URL, the login, examples for curl and the
 * CLI.  With --port 0 the port is not known yet: the examples say PORT and
 * the server prints the real URL. */
static void print_howto(const char *bind, int port,
                        const struct demo_login login[DEMO_ACCOUNTS])
{
	static const char *const paths[] = {
	    "healthz",
	    "api/v1/missions/" DEMO_MISSION_CODE,
	    "api/v1/missions/" DEMO_MISSION_CODE "/accreditation",
	    "api/v1/missions/" DEMO_MISSION_CODE "/locations?level=region",
	    "api/v1/missions/" DEMO_MISSION_CODE "/locations?parent=" DEMO_ABROAD_CODE,
	    "api/v1/missions/" DEMO_MISSION_CODE "/locations/15-0123",
	    "api/v1/missions/" DEMO_MISSION_CODE "/observers?status=requested",
	    "api/v1/missions/" DEMO_MISSION_CODE "/observers?team=T-001",
	    "api/v1/missions/" DEMO_MISSION_CODE "/submissions?status=flagged&limit=5",
	    "api/v1/missions/" DEMO_MISSION_CODE "/coverage?day=" DEMO_ELECTION_DAY,
	    "api/v1/missions/" DEMO_MISSION_CODE "/conflicts?open=1",
	    "api/v1/missions/" DEMO_MISSION_CODE "/alerts",
	    "api/v1/missions/" DEMO_MISSION_CODE "/sms/inbox?status=rejected",
	    "api/v1/missions/" DEMO_MISSION_CODE "/results/discrepancies?limit=10",
	    "api/v1/missions/" DEMO_MISSION_CODE "/pvt",
	    "api/v1/missions/" DEMO_MISSION_CODE "/meetings?kind=party",
	    "api/v1/missions/" DEMO_MISSION_CODE "/documents",
	};
	static const char *const commands[] = {
	    "mission show " DEMO_MISSION_CODE,
	    "accreditation --mission " DEMO_MISSION_CODE,
	    "location list --mission " DEMO_MISSION_CODE " --level region",
	    "location show R11 --mission " DEMO_MISSION_CODE,
	    "observer list --mission " DEMO_MISSION_CODE " --status requested",
	    "observer list --mission " DEMO_MISSION_CODE
	    " --country KZ --role interpreter",
	    "submission list --mission " DEMO_MISSION_CODE " --status flagged",
	    "submission list --mission " DEMO_MISSION_CODE " --form PR --region R11",
	    "analyze coverage --mission " DEMO_MISSION_CODE " --day " DEMO_ELECTION_DAY,
	    "analyze coverage --mission " DEMO_MISSION_CODE " --form TA --missing",
	    "conflict list --mission " DEMO_MISSION_CODE " --open",
	    "sms log --mission " DEMO_MISSION_CODE " --limit 10",
	    "sms parse --mission " DEMO_MISSION_CODE
	    " --from +447700900820 \"vo 10-0061 a1b0 m1840 z3\"",
	    "audit --mission " DEMO_MISSION_CODE " --limit 5",
	    "analyze protocols --mission " DEMO_MISSION_CODE,
	    "analyze discrepancies --mission " DEMO_MISSION_CODE,
	    "pvt estimate --mission " DEMO_MISSION_CODE,
	    "meeting list --mission " DEMO_MISSION_CODE " --search complaints",
	    "document list --mission " DEMO_MISSION_CODE,
	};
	char url[128];

	base_url(bind, port, url, sizeof(url));
	if (port)
		printf("\nURL:   %s\n", url);
	else
		printf("\nURL:   the server picks a free port and prints its URL below; "
		       "put that port for PORT in the examples\n");
	printf("login: user %s, password %s (a %s of %s; new on every run)\n",
	       login[0].user, login[0].password, login[0].role, DEMO_MISSION_CODE);
	for (int i = 1; i < DEMO_ACCOUNTS; i++)
		printf("       user %s, password %s (a %s)\n", login[i].user,
		       login[i].password, login[i].role);
	if (is_loopback(bind))
		printf("       the server listens on %s: this machine only\n", bind);
	else
		printf("       listening on %s, the server is open to every machine that "
		       "can reach this one (--bind 127.0.0.1 keeps it to this machine)\n",
		       bind);
	if (port)
		printf("\nThe dashboard: open %s in a browser and sign in with a login "
		       "above.\n",
		       url);
	printf(
	    "\nSign in once with curl, keeping the session cookie in observa.cookies:\n"
	    "  curl -c observa.cookies -H 'Content-Type: application/json' "
	    "-d '{\"user\": \"%s\", \"password\": \"%s\"}' '%sapi/v1/session'\n",
	    login[0].user, login[0].password, url);
	printf("\nTry:\n");
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		printf("  curl -b observa.cookies '%s%s'\n", url, paths[i]);
	printf("\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  observa %s --db %s\n", commands[i], cli_db_url);
	printf("\nStop the server with Ctrl-C.\n\n");
}

int cmd_demo(int argc, char **argv)
{
	struct server_config cfg = {.bind = SERVER_DEFAULT_BIND, .port = 8080};
	struct accreditation acc;
	struct demo_totals totals;
	struct demo_day day;
	struct demo_pvt_summary quick;
	struct ltm_tally ltm;
	struct demo_login login[DEMO_ACCOUNTS];
	int64_t official = 0, differ = 0;
	char buf[32];
	struct arena a = ARENA_INIT;
	struct mission m;
	struct store *st = NULL;
	struct err e;
	enum status st_rc;
	int opt, rc, serve = 1;
	int64_t n;

	err_clear(&e);
	accreditation_init(&acc);
	default_db();
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_BIND:
			cfg.bind = optarg;
			break;
		case OPT_PORT:
			if (!text_int64(optarg, 0, 65535, &n))
				return usage_error(
				    "demo", "--port wants a number from 0 to 65535");
			cfg.port = (int)n;
			break;
		case OPT_NO_SERVE:
			serve = 0;
			break;
		default:
			return usage_error("demo", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("demo", "unexpected argument \"%s\"", argv[optind]);

	rc = cli_open_store(&st);
	if (rc)
		goto out;
	store_set_actor(st, "demo", "local");
	rc = ensure_mission(st, &a, &m);
	if (rc)
		goto out;
	if (demo_mission_totals(st, m.id, &totals, &e) ||
	    accreditation_compute(st, m.id, &acc, &e) ||
	    demo_mission_day(st, m.id, &day, &e) ||
	    demo_official_counts(st, m.id, &official, &differ, &e) ||
	    ltm_tally(st, m.id, &ltm, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	/* A demo made before the demo had a quick count has no sample. */
	st_rc = demo_pvt_summarise(st, m.id, &a, &quick, &e);
	if (st_rc == ST_NOT_FOUND) {
		quick.size = 0;
	} else if (st_rc) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (serve) {
		rc = demo_accounts(st, m.code, login);
		if (rc)
			goto out;
	}
	store_close(st);
	st = NULL;
	print_summary(&m, &totals, &acc);
	print_day(&day);
	printf("results       official results: %s stations, %lld differ from the "
	       "observers' copies\n",
	       thousands(official, buf), (long long)differ);
	print_quick_count(&quick);
	print_ltm(&ltm);
	if (!serve)
		goto out;

	print_howto(cfg.bind, cfg.port, login);
	fflush(stdout);
	cfg.db_url = cli_db_url;
	if (server_run(&cfg, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
out:
	fflush(stdout);
	store_close(st);
	accreditation_release(&acc);
	arena_release(&a);
	return rc;
}
