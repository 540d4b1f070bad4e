/* cmd_analyze_findings.c - "observa analyze findings --mission M": what
 * the observers' reports say, per form, question and region, as text (the
 * statement's sentences and tables), JSON or a tidy CSV table. */
#include <stdio.h>
#include <string.h>

#include "analysis/findings.h"
#include "cli/cli.h"
#include "report/findings_csv.h"
#include "report/findings_text.h"

static const char findings_help[] =
    "usage: observa analyze findings --mission M [--form CODE] [--region CODE]\n"
    "                                [--lang en|ru] [--format text|json|csv]\n"
    "                                [--db URL]\n\n"
    "findings: per form and question, the observations (reports that answered\n"
    "it), how they answered, and the share answered negatively with its 95%\n"
    "Wilson score interval, for the whole mission and per region; each\n"
    "checklist's overall rating as the statement's sentence (\"Voting was\n"
    "assessed negatively in 7% of 1,243 observations (95% CI 5.7-8.5%).\");\n"
    "incidents and critical ones by category and region; reports by hour.\n"
    "Counts the current version of each report, leaves rejected ones out, and\n"
    "uses a clerk's resolution of a conflict between observers.\n\n"
    "  --form CODE     one form only (OP, VO, CO, TA, IN, PR...)\n"
    "  --region CODE   one region (a location of level region, city or abroad)\n"
    "  --lang en|ru    language of the sentences, questions and answers\n"
    "                  (default en)\n"
    "  --format F      text (default), json, or csv: one row per form, question,\n"
    "                  region and answer, for R, Stata or Excel\n\n"
    "See docs/analysis.md#process-findings.\n";

int cmd_analyze_findings(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_FORM, OPT_REGION, OPT_LANG, OPT_FORMAT };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"form", required_argument, NULL, OPT_FORM},
	    {"region", required_argument, NULL, OPT_REGION},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	const char *mission_code = NULL, *format = "text";
	struct findings_options o = {.lang = "en"};
	struct arena a = ARENA_INIT;
	struct findings f = {0};
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
			fputs(findings_help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_FORM:
			o.form = optarg;
			break;
		case OPT_REGION:
			o.region = optarg;
			break;
		case OPT_LANG:
			o.lang = optarg;
			if (strcmp(o.lang, "en") && strcmp(o.lang, "ru"))
				return usage_error("analyze findings",
				                   "--lang is en or ru");
			break;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json") &&
			    strcmp(format, "csv"))
				return usage_error("analyze findings",
				                   "--format is text, json or csv");
			break;
		default:
			return usage_error("analyze findings", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("analyze findings", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (!mission_code)
		return usage_error("analyze findings",
		                   "which mission? give --mission CODE");
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	if (findings_compute(st, m.id, &o, &f, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (!strcmp(format, "json")) {
		json_t *j = findings_to_json(&f);
		cli_print_json(j);
		json_decref(j);
	} else if ((!strcmp(format, "csv")
	                ? findings_csv_write(&f, stdout, &e)
	                : findings_text_write(&f, m.code, stdout, &e))) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
out:
	findings_release(&f);
	store_close(st);
	arena_release(&a);
	return rc;
}
