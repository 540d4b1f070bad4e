/* cmd_report.c - "observa report statement --mission M": the mission's
 * preliminary statement as Markdown, HTML or PDF, in English or Russian,
 * on standard output or in a file.  The blocks the head of mission writes
 * are set with "observa report block" (cmd_report_block.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/statement.h"

static const char report_help[] =
    "usage: observa report statement --mission M [--format md|html|pdf]\n"
    "                                [--lang en|ru] [-o FILE] [--db URL]\n"
    "       observa report block set KEY --mission M --lang en|ru --file FILE\n"
    "       observa report block list --mission M [--lang en|ru] [--format text|json]\n\n"
    "statement: the mission's preliminary statement, in the shape missions publish\n"
    "the day after the vote: who observed, the meetings before election day, the\n"
    "findings by phase, incidents, results verification, the head of mission's\n"
    "summary, conclusions and recommendations, and how every figure was computed.\n\n"
    "  --format F      md (Markdown, the default), html (one self-contained page\n"
    "                  with its charts, for A4 paper) or pdf (the page printed by\n"
    "                  headless chromium: $OBSERVA_CHROMIUM or /usr/bin/chromium;\n"
    "                  $OBSERVA_PDF_TIMEOUT seconds, default 60)\n"
    "  --lang en|ru    the statement's language (default en)\n"
    "  -o FILE         write to FILE instead of standard output\n\n"
    "block: the texts the head of mission writes (summary, conclusions,\n"
    "recommendations), one per language; empty ones show as placeholders.\n"
    "See docs/statement.md.\n";

static int write_out(const char *path, const struct buf *b)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	bool ok;

	if (!f) {
		errorf("%s: cannot open for writing", path);
		return EXIT_FAIL;
	}
	ok = fwrite(b->ptr, 1, b->len, f) == b->len;
	if (path)
		ok = !fclose(f) && ok;
	else
		ok = !fflush(f) && ok;
	if (!ok) {
		errorf("%s: cannot write", path ? path : "standard output");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int report_statement(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_FORMAT, OPT_LANG };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"output", required_argument, NULL, 'o'},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	const char *mission_code = NULL, *lang = "en", *path = NULL;
	enum statement_output o = STATEMENT_MD;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	struct buf out;
	struct err e;
	int opt, rc;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(report_help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_FORMAT:
			if (!statement_output_parse(optarg, &o))
				return usage_error("report statement",
				                   "--format is md, html or pdf");
			break;
		case OPT_LANG:
			lang = optarg;
			if (strcmp(lang, "en") && strcmp(lang, "ru"))
				return usage_error("report statement",
				                   "--lang is en or ru");
			break;
		case 'o':
			path = optarg;
			break;
		default:
			return usage_error("report statement", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("report statement", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (!mission_code)
		return usage_error("report statement",
		                   "which mission? give --mission CODE");
	if (o == STATEMENT_PDF && !path && isatty(STDOUT_FILENO))
		return usage_error("report statement",
		                   "a PDF is not for the terminal: give -o FILE");
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	buf_init(&out, BUF_NO_CAP);
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	if (statement_build(st, &m, lang, o, &out, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	rc = write_out(path, &out);
	if (!rc && path)
		notef("wrote the statement of %s (%s, %s) to %s", m.code, lang,
		      o == STATEMENT_MD     ? "Markdown"
		      : o == STATEMENT_HTML ? "HTML"
		                            : "PDF",
		      path);
out:
	buf_release(&out);
	store_close(st);
	arena_release(&a);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(report_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "statement"))
		return report_statement(argc - 1, argv + 1);
	return usage_error("report", "\"%s\" is not a report (statement, block)",
	                   argv[1]);
}
