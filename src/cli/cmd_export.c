/* cmd_export.c - "observa export WHAT --mission M": a mission's data as a
 * file for R, Stata, Excel or the election commission (src/report/export.h),
 * written page by page to standard output or to a file that appears only
 * once it is complete. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "report/export.h"

static const char help[] =
    "usage: observa export WHAT --mission M [--format csv|json|jsonl|html] [--bom]\n"
    "                      [-o FILE] [FILTERS...]\n\n"
    "Write the mission's WHAT as CSV (RFC 4180, UTF-8, a header row), a JSON\n"
    "array, JSON Lines, or (accreditation) a printable HTML page, to standard\n"
    "output or to FILE.  Rows are read and written a page at a time, so memory\n"
    "stays small whatever the size of the mission.\n\n"
    "WHAT:\n"
    "  observers      the registry of observers      --status --organisation\n"
    "                                                --country --role --team --phone\n"
    "  stations       polling stations (--level any: every location)\n"
    "                                                --level --region\n"
    "  submissions    reports: with --form F one row per report and a column\n"
    "                 per question (wide); without, one row per answer (long)\n"
    "                                                --form --layout --values --lang\n"
    "                                                --status --region --station\n"
    "                                                --observer --channel --since\n"
    "                                                --all-versions\n"
    "  incidents      the incident form's reports, answers as words\n"
    "                                                as submissions, but --layout\n"
    "  sms            the log of inbound SMS         --status --phone\n"
    "  official       the commission's official results, a column per line\n"
    "                                                --region\n"
    "  findings       the findings table of 'observa analyze findings'\n"
    "                                                --form --region --lang\n"
    "  accreditation  the list for the election commission (csv or html)\n"
    "                                                --status --organisation\n"
    "                                                --country --role --team --lang\n"
    "  sms-out        outbound SMS (replies and broadcasts) with their delivery\n"
    "                 state, newest first             --status --phone\n\n"
    "  --format F       csv (default), json (one array), jsonl (one object a line),\n"
    "                   html (accreditation only)\n"
    "  --bom            start a CSV file with a UTF-8 byte order mark (for Excel)\n"
    "  -o, --output F   write to F (made complete or not at all) instead of\n"
    "                   standard output\n"
    "  --values V       labels (default: answers in words) or codes\n"
    "  --layout L       wide (needs --form) or long\n"
    "  --lang L         en (default) or ru\n"
    "  --all-versions   every version of each report, not only the current one\n\n"
    "The columns of each export are in docs/exports.md.\n";

enum { OPT_MISSION = 1, OPT_OUTPUT = 'o', OPT_EXPORT = 2000 };

/* export_option_names with '-' for '_', the flags without an argument. */
static void options_table(struct option *opts, char names[][32], size_t max)
{
	size_t n = 0;

	opts[n++] = (struct option){"mission", required_argument, NULL, OPT_MISSION};
	opts[n++] = (struct option){"output", required_argument, NULL, OPT_OUTPUT};
	for (size_t i = 0; export_option_names[i] && n + 3 < max; i++) {
		const char *name = export_option_names[i];
		bool flag = !strcmp(name, "bom") || !strcmp(name, "all_versions");
		snprintf(names[i], 32, "%s", name);
		for (char *p = names[i]; *p; p++)
			if (*p == '_')
				*p = '-';
		opts[n++] =
		    (struct option){names[i], flag ? no_argument : required_argument,
		                    NULL, OPT_EXPORT + (int)i};
	}
	opts[n++] = (struct option){"db", required_argument, NULL, CLI_OPT_DB};
	opts[n++] = (struct option){"help", no_argument, NULL, CLI_OPT_HELP};
	opts[n] = (struct option){0};
}

/* Write every page of x to fp. */
static enum status write_all(struct export *x, FILE *fp, struct err *e)
{
	struct buf out;
	bool done = false;
	enum status rc = ST_OK;

	buf_init(&out, 256u << 20);
	while (!done && !rc) {
		rc = export_next(x, &out, &done, e);
		if (!rc && out.len && fwrite(out.ptr, 1, out.len, fp) != out.len)
			rc = err_set(e, ST_IO, "writing the export: %s", strerror(errno));
		buf_reset(&out);
	}
	if (!rc && fflush(fp))
		rc = err_set(e, ST_IO, "writing the export: %s", strerror(errno));
	buf_release(&out);
	return rc;
}

/* Write x to path through a temporary file beside it, renamed at the end,
 * so that a failed export leaves no half file. */
static enum status write_file(struct export *x, const char *path, struct err *e)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	mode_t mask = umask(0);
	FILE *fp;
	enum status rc;

	/* mkstemp() makes the file for its owner alone; give it the mode any
	 * new file gets. */
	umask(mask);
	if (fd >= 0)
		fchmod(fd, 0666 & ~mask);
	fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!fp) {
		rc = err_set(e, ST_IO, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	rc = write_all(x, fp, e);
	if (fclose(fp) && !rc)
		rc = err_set(e, ST_IO, "%s: %s", path, strerror(errno));
	if (!rc && rename(tmp, path))
		rc = err_set(e, ST_IO, "%s: %s", path, strerror(errno));
	if (rc)
		unlink(tmp);
out:
	free(tmp);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	struct option opts[48];
	char names[40][32];
	const char *mission = NULL, *output = NULL;
	struct export_options o;
	enum export_kind kind;
	struct export *x = NULL;
	struct store *st = NULL;
	struct err e;
	int opt, rc = EXIT_OK;

	err_clear(&e);
	options_table(opts, names, sizeof(opts) / sizeof(opts[0]));
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-')
		return usage_error("export", "what? give one of: %s",
		                   export_kinds_list());
	if (!export_kind_parse(argv[1], &kind))
		return usage_error("export", "\"%s\" is not one of: %s", argv[1],
		                   export_kinds_list());
	export_options_init(&o, kind);
	optind = 2;
	while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		if (opt == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		} else if (opt == OPT_MISSION) {
			mission = optarg;
		} else if (opt == OPT_OUTPUT) {
			output = optarg;
		} else if (opt >= OPT_EXPORT) {
			if (export_option_set(&o, export_option_names[opt - OPT_EXPORT],
			                      optarg ? optarg : "", &e))
				return usage_error("export", "--%s", e.msg);
		} else {
			return usage_error("export", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("export", "unexpected argument \"%s\"", argv[optind]);
	if (!mission)
		return usage_error("export", "which mission? give --mission CODE");
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	if (export_open(st, mission, &o, &x, &e) ||
	    (output ? write_file(x, output, &e) : write_all(x, stdout, &e))) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (output) {
		notef("exported %lld rows of %s to %s", (long long)export_rows(x),
		      export_kind_name(kind), output);
	}
	export_close(x);
	store_close(st);
	return rc;
}
