/* cmd_winner.c - "observa winner": who wins a single-seat election from a
 * VOTES.csv file, by plurality or by an absolute majority with a runoff,
 * directly or by electors with a quorum.  Stateless: no database. */
#include <stdio.h>
#include <string.h>

#include "analysis/seats_json.h"
#include "analysis/winner.h"
#include "cli/cli.h"
#include "core/text.h"
#include "ingest/votes_csv.h"
#include "report/seats_text.h"

static const char help[] =
    "usage: observa winner VOTES.csv --rule plurality|majority [--electors N]\n"
    "                      [--base valid|all] [--format text|json]\n\n"
    "Decides a single-seat election from VOTES.csv (columns name, votes, and\n"
    "optionally kind: candidate, against_all or invalid).  \"-\" reads\n"
    "standard input.\n\n"
    "  --rule      plurality: the most votes wins; majority: more than half\n"
    "              of the base wins, otherwise the top two go to a runoff\n"
    "  --electors  an indirect election (Kazakhstan's Senate): the number of\n"
    "              electors; the rows add up to those who took part, and the\n"
    "              session is valid when more than half took part\n"
    "  --base      valid: candidates and against all (the default);\n"
    "              all: every ballot, invalid ones too (the default with\n"
    "              --electors: more than half of the electors who voted)\n\n"
    "A tie that decides the outcome is reported, not broken.\n"
    "Documentation: docs/analysis.md#electoral-systems.\n";

static int run(const char *path, const struct winner_params *p, const char *format)
{
	struct votes_table t;
	struct winner_result w;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (votes_csv_load(path, &t, &e)) {
		errorf("%s", e.msg);
		votes_table_release(&t);
		return EXIT_FAIL;
	}
	if (winner_decide(t.rows, t.nrows, p, &w, &e)) {
		errorf("%s", e.msg);
		votes_table_release(&t);
		return EXIT_FAIL;
	}
	if (!strcmp(format, "json")) {
		json_t *j = winner_to_json(&w, t.rows);
		cli_print_json(j);
		json_decref(j);
	} else if (winner_text_write(&w, t.rows, stdout, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
	winner_result_release(&w);
	votes_table_release(&t);
	return rc;
}

int cmd_winner(int argc, char **argv)
{
	enum { OPT_RULE = 1, OPT_ELECTORS, OPT_BASE, OPT_FORMAT };
	static const struct option opts[] = {
	    {"rule", required_argument, NULL, OPT_RULE},
	    {"electors", required_argument, NULL, OPT_ELECTORS},
	    {"base", required_argument, NULL, OPT_BASE},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	struct winner_params p = {WINNER_PLURALITY, WINNER_BASE_VALID, 0};
	const char *format = "text", *rule = NULL, *base = NULL, *path;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_RULE:
			rule = optarg;
			break;
		case OPT_ELECTORS:
			if (!text_int64(optarg, 1, VOTES_TOTAL_MAX, &p.electors))
				return usage_error(
				    "winner",
				    "--electors is a whole number of electors "
				    "(1 or more), not \"%s\"",
				    optarg);
			break;
		case OPT_BASE:
			base = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return usage_error("winner", "--format is text or json");
			break;
		default:
			return usage_error("winner", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("winner",
		                   "which file? give VOTES.csv (or - for stdin)");
	path = argv[optind++];
	if (optind < argc)
		return usage_error("winner", "unexpected argument \"%s\"", argv[optind]);
	if (!rule)
		return usage_error("winner",
		                   "which rule? give --rule plurality or majority");
	if (!winner_rule_parse(rule, &p.rule))
		return usage_error("winner",
		                   "--rule is plurality or majority, not \"%s\"", rule);
	if (p.electors)
		p.base = WINNER_BASE_ALL;
	if (base && !winner_base_parse(base, &p.base))
		return usage_error("winner", "--base is valid or all, not \"%s\"", base);
	return run(path, &p, format);
}
