/* cmd_analyze.c - "observa analyze WHAT --mission M": the analyses of a
 * mission's reports, one subcommand each (coverage here, findings in
 * cmd_analyze_findings.c, the others as they come), found in the
 * subcommands[] table. */
#include <stdio.h>
#include <string.h>

#include "analysis/coverage.h"
#include "cli/cli.h"
#include "cli/cmd_analyze_results.h"
#include "core/text.h"
#include "report/coverage_text.h"

static const char coverage_help[] =
    "usage: observa analyze coverage --mission M [--day YYYY-MM-DD] [--form CODE]\n"
    "                                [--missing] [--format text|json] [--db URL]\n\n"
    "coverage: per form (checklists and protocols) and per region, the polling\n"
    "stations expected to report, those that reported, the missing ones, and\n"
    "those with a flagged report or an open conflict between observers.\n"
    "Stations expected are those with an observer assigned ('observa import\n"
    "assignments'), on --day when given; a mission that has assigned nobody\n"
    "expects every station.  --form limits it to one form.  --missing also\n"
    "lists the missing stations with their observers and phone numbers (the\n"
    "JSON always has the list).  See docs/coverage.md.\n";

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/* ---- coverage ---- */

static int analyze_coverage(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_DAY, OPT_FORM, OPT_MISSING, OPT_FORMAT };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"day", required_argument, NULL, OPT_DAY},
	    {"form", required_argument, NULL, OPT_FORM},
	    {"missing", no_argument, NULL, OPT_MISSING},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	const char *mission_code = NULL, *day = NULL, *form = NULL, *format = "text";
	unsigned flags = 0;
	struct arena a = ARENA_INIT;
	struct coverage cov = {0};
	struct store *st = NULL;
	struct mission m;
	struct err e;
	int opt, rc;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(coverage_help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_DAY:
			day = optarg;
			if (!text_is_date(day))
				return usage_error("analyze coverage",
				                   "--day \"%s\" is not a date; write it "
				                   "YYYY-MM-DD",
				                   day);
			break;
		case OPT_FORM:
			form = optarg;
			break;
		case OPT_MISSING:
			flags |= COVERAGE_TEXT_MISSING;
			break;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return usage_error("analyze coverage",
				                   "--format is text or json");
			break;
		default:
			return usage_error("analyze coverage", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("analyze coverage", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (!mission_code)
		return usage_error("analyze coverage",
		                   "which mission? give --mission CODE");
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	if (coverage_compute(st, m.id, day, form, &cov, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (!strcmp(format, "json")) {
		json_t *j = coverage_to_json(&cov);
		cli_print_json(j);
		json_decref(j);
	} else if (coverage_text_write(&cov, m.code, flags, stdout, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
out:
	coverage_release(&cov);
	store_close(st);
	arena_release(&a);
	return rc;
}

/* ---- the table ---- */

static const struct subcommand subcommands[] = {
    {"coverage", analyze_coverage, "stations expected, reported and missing"},
    {"protocols", analyze_protocols, "results protocols whose arithmetic fails"},
    {"discrepancies", analyze_discrepancies,
     "official results against observers' copies"},
    {"findings", cmd_analyze_findings,
     "shares of negative answers, by question and region"},
};

#define NSUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *out)
{
	fputs("usage: observa analyze WHAT --mission M [OPTIONS]\n\nWHAT is one of:\n",
	      out);
	for (size_t i = 0; i < NSUBCOMMANDS; i++)
		fprintf(out, "  %-14s %s\n", subcommands[i].name, subcommands[i].summary);
	fputs("\n'observa analyze WHAT --help' tells more.\n", out);
}

int cmd_analyze(int argc, char **argv)
{
	char names[256] = "";

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-') {
		usage(stderr); /* the analysis comes first */
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < NSUBCOMMANDS; i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);
	for (size_t i = 0; i < NSUBCOMMANDS; i++) {
		size_t used = strlen(names);
		snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "",
		         subcommands[i].name);
	}
	return usage_error("analyze", "\"%s\" is not an analysis; give one of: %s",
	                   argv[1], names);
}
