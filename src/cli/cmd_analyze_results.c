/* cmd_analyze_results.c - "observa analyze protocols|discrepancies
 * --mission M": the results protocols whose arithmetic fails, and the
 * stations whose official figures differ from what observers copied, as
 * text, JSON or CSV (docs/analysis.md#results-verification). */
#include <stdio.h>
#include <string.h>

#include "analysis/results_load.h"
#include "cli/cli.h"
#include "cli/cmd_analyze_results.h"
#include "core/text.h"
#include "report/results_text.h"

static const char protocols_help[] =
    "usage: observa analyze protocols --mission M [--lang L]\n"
    "                                 [--format text|json|csv] [--db URL]\n\n"
    "protocols: the arithmetic of every results protocol observers copied (the\n"
    "current, not rejected reports on form PR and any other form of kind\n"
    "protocol), checked again with the form's checks: ballots received = issued\n"
    "+ cancelled + lost, ballots in the boxes = valid + invalid, valid = the\n"
    "votes of every choice, and so on.  Lists per station each failed check\n"
    "with its expression, its message (in --lang, default the form's first\n"
    "language) and the figures it read.  See docs/analysis.md#results-verification.\n";

static const char discrepancies_help[] =
    "usage: observa analyze discrepancies --mission M [--min N] [--lang L]\n"
    "                                     [--format text|json|csv] [--db URL]\n\n"
    "discrepancies: for every polling station with both an observer's copy of\n"
    "the results protocol (form PR) and the commission's official results\n"
    "('observa import results'), each line where the figures differ by N or\n"
    "more (--min, default 1): observed, official, official - observed and the\n"
    "difference relative to the observed figure; then stations compared and\n"
    "differing, the largest differences and the votes moved per line.  Where\n"
    "two observers disagree, a clerk's resolution of the conflict counts;\n"
    "unresolved, each observer's figure is listed on its own.  See\n"
    "docs/analysis.md#results-verification.\n";

enum { OPT_MISSION = 1, OPT_MIN, OPT_LANG, OPT_FORMAT };

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"min", required_argument, NULL, OPT_MIN},
    {"lang", required_argument, NULL, OPT_LANG},
    {"format", required_argument, NULL, OPT_FORMAT},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *mission, *lang, *format;
	int64_t min;
};

/* Read the options of subcommand name (help is its text; min_ok: --min
 * is one of its options).  Returns -1 to go on, else the exit status. */
static int parse(int argc, char **argv, const char *name, const char *help, bool min_ok,
                 struct args *a)
{
	char cmd[64];
	int opt;

	snprintf(cmd, sizeof(cmd), "analyze %s", name);
	a->format = "text";
	a->min = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			a->mission = optarg;
			break;
		case OPT_MIN:
			if (!min_ok)
				return usage_error(cmd, "unknown option --min");
			if (!text_int64(optarg, 1, INT64_MAX / 2, &a->min))
				return usage_error(cmd,
				                   "--min wants a whole number from 1");
			break;
		case OPT_LANG:
			a->lang = optarg;
			break;
		case OPT_FORMAT:
			a->format = optarg;
			if (strcmp(a->format, "text") && strcmp(a->format, "json") &&
			    strcmp(a->format, "csv"))
				return usage_error(cmd, "--format is text, json or csv");
			break;
		default:
			return usage_error(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	if (!a->mission)
		return usage_error(cmd, "which mission? give --mission CODE");
	return -1;
}

int analyze_protocols(int argc, char **argv)
{
	struct protocol_check pc;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	struct args args = {0};
	struct err e;
	bool computed = false;
	int rc;

	err_clear(&e);
	rc = parse(argc, argv, "protocols", protocols_help, false, &args);
	if (rc >= 0)
		return rc;
	rc = cli_open_store(&st);
	if (!rc)
		rc = cli_load_mission(st, args.mission, &a, &m);
	if (rc)
		goto out;
	if (protocol_check_load(st, m.id, args.lang, &pc, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	computed = true;
	if (!strcmp(args.format, "json")) {
		json_t *j = protocol_check_to_json(&pc, 0, pc.nitems);
		cli_print_json(j);
		json_decref(j);
	} else if (!strcmp(args.format, "csv")
	               ? protocol_check_csv_write(&pc, stdout, &e)
	               : protocol_check_text_write(&pc, m.code, stdout, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
out:
	if (computed)
		protocol_check_release(&pc);
	store_close(st);
	arena_release(&a);
	return rc;
}

int analyze_discrepancies(int argc, char **argv)
{
	struct discrepancy d = {0};
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	struct args args = {0};
	struct err e;
	int rc;

	err_clear(&e);
	rc = parse(argc, argv, "discrepancies", discrepancies_help, true, &args);
	if (rc >= 0)
		return rc;
	rc = cli_open_store(&st);
	if (!rc)
		rc = cli_load_mission(st, args.mission, &a, &m);
	if (rc)
		goto out;
	if (discrepancy_load(st, m.id, args.min, args.lang, &d, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (!strcmp(args.format, "json")) {
		json_t *j = discrepancy_to_json(&d, 0, d.nstations);
		cli_print_json(j);
		json_decref(j);
	} else if (!strcmp(args.format, "csv")
	               ? discrepancy_csv_write(&d, stdout, &e)
	               : discrepancy_text_write(&d, m.code, stdout, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
out:
	discrepancy_release(&d);
	store_close(st);
	arena_release(&a);
	return rc;
}
