/* main.c - the observa command: finds the command named on the command
 * line in commands[] and runs it.  A name of two words ("sms broadcast")
 * is matched before names of one word, so that it may live beside a
 * command of its first word that handles the other second words. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/json_alloc.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
    {"init", cmd_init, "create (or upgrade) the database"},
    {"mission", cmd_mission, "create, list, show and update missions"},
    {"import", cmd_import, "load locations, observers, assignments or the ballot"},
    {"location", cmd_location, "list and show polling stations and regions"},
    {"observer", cmd_observer, "list, show and accredit observers; ODK credentials"},
    {"accreditation", cmd_accreditation, "observers by accreditation status"},
    {"analyze", cmd_analyze, "coverage and findings of the mission's reports"},
    {"form", cmd_form, "list, show, add and validate the mission's forms"},
    {"submit", cmd_submit, "submit reports from JSON or CSV files"},
    {"submission", cmd_submission, "list, show, verify and reject reports"},
    {"conflict", cmd_conflict, "list and resolve disagreements between observers"},
    {"audit", cmd_audit, "print the audit log of changes"},
    {"sms", cmd_sms, "coded SMS: gateway secret, reading, log, broadcasts"},
    {"serve", cmd_serve, "serve the JSON API over HTTP"},
    {"demo", cmd_demo, "create a demo mission and serve it"},
    {"sms broadcast", cmd_sms_broadcast, "queue a text to the mission's observers"},
    {"sms gateway", cmd_sms_gateway, "show or set the mission's SMS gateway"},
    {"seats", cmd_seats, "share a list election's seats (Hare, Droop, D'Hondt...)"},
    {"winner", cmd_winner, "decide a single-seat election: plurality, majority"},
    {"pvt", cmd_pvt, "quick count: draw the sample, show it, estimate the results"},
    {"quickcount", cmd_quickcount, "quick-count estimates from a sample's CSV file"},
    {"tabulate", cmd_tabulate, "totals and arithmetic checks of a results file"},
    {"forensics", cmd_forensics, "statistical checks of a results file, with charts"},
    {"report", cmd_report, "the mission's preliminary statement: Markdown, HTML, PDF"},
    {"report block", cmd_report_block, "the statement's texts by the head of mission"},
    {"meeting", cmd_meeting, "the long-term log: meetings before the vote"},
    {"document", cmd_document, "the long-term log: documents handed over or received"},
    {"export", cmd_export, "the mission's data as CSV or JSON; the accreditation list"},
    {"user", cmd_user, "accounts: add, list, passwd, disable, role"},
    {"token", cmd_token, "API tokens: create, list, revoke"},
    {"routes", cmd_routes, NULL},
    {"backup", cmd_backup, "copy the database into a file while it is in use"},
    {"restore", cmd_restore, "put a backup back, after checking it"},
    {"check", cmd_check, "check the database's integrity and consistency"},
    {"migrate", cmd_migrate, "copy a SQLite database into PostgreSQL"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* True when name is "first second". */
static bool two_words(const char *name, const char *first, const char *second)
{
	size_t n = strlen(first);

	return !strncmp(name, first, n) && name[n] == ' ' &&
	       !strcmp(name + n + 1, second);
}

static void usage(FILE *out)
{
	fputs("usage: observa [--db URL] COMMAND [OPTIONS]\n\n"
	      "observa runs an election observation mission: observers and their\n"
	      "accreditation, polling stations, reports and findings.\n\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (commands[i].summary) /* none: not listed */
			fprintf(out, "  %-15s %s\n", commands[i].name,
			        commands[i].summary);
	fputs(
	    "\nEvery command takes --db URL (default sqlite:observa.db, or $OBSERVA_DB)\n"
	    "and --help.  Documentation: docs/cli.md.\n",
	    out);
}

int main(int argc, char **argv)
{
	const char *env = getenv("OBSERVA_DB");
	int i = 1;

	json_alloc_install(); /* before any JSON is read or made */
	if (env && *env)
		cli_db_url = env;
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			cli_db_url = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--db=", 5)) {
			cli_db_url = argv[i] + 5;
			i++;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--version")) {
			puts("observa 0.1.0");
			return EXIT_OK;
		} else {
			fprintf(stderr, "observa: unknown option %s\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	/* Two words: the command sees argv from its second word. */
	for (size_t c = 0; c < NCOMMANDS && i + 1 < argc; c++)
		if (two_words(commands[c].name, argv[i], argv[i + 1]))
			return commands[c].fn(argc - i - 1, argv + i + 1);
	for (size_t c = 0; c < NCOMMANDS; c++)
		if (!strcmp(argv[i], commands[c].name))
			return commands[c].fn(argc - i, argv + i);
	fprintf(stderr, "observa: '%s' is not an observa command; see 'observa --help'\n",
	        argv[i]);
	return EXIT_USAGE;
}
