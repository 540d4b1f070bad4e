/* cmd_check.c - "observa check": is the database sound?  SQLite's
 * integrity check, foreign keys, the schema version and observa's own
 * rules, each problem on a line; the exit status says whether any was
 * found (docs/reliability.md). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char help[] =
    "usage: observa check [--db URL] [--format text|json]\n\n"
    "Check the database: SQLite's integrity check (every page, every index\n"
    "against its table), foreign keys, that the schema is the version this\n"
    "observa writes, that each report's versions link both ways, and that\n"
    "every SMS names a report that exists.  Prints \"ok\" or one line per\n"
    "problem; exits 0 when sound, 1 when a problem was found.  Reads only;\n"
    "safe while observa serve runs (it checks the committed state).\n";

struct found {
	bool json;
	json_t *arr;
};

static enum status problem(void *ctx, const char *check, const char *detail)
{
	struct found *f = ctx;

	if (f->json)
		json_array_append_new(
		    f->arr, json_pack("{s:s, s:s}", "check", check, "detail", detail));
	else
		printf("%s: %s\n", check, detail);
	return ST_OK;
}

int cmd_check(int argc, char **argv)
{
	enum { OPT_FORMAT = 1 };
	static const struct option opts[] = {
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	struct found f = {0};
	struct store *st = NULL;
	int64_t n = 0;
	struct err e;
	int opt, rc;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error("check", "--format is text or json");
			f.json = !strcmp(optarg, "json");
			break;
		default:
			return usage_error("check", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("check", "unexpected argument \"%s\"", argv[optind]);
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	f.arr = json_array();
	if (store_check(st, problem, &f, &n, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (f.json) {
		json_t *j = json_pack("{s:b, s:I, s:i, s:O}", "ok", n == 0, "problems",
		                      (json_int_t)n, "schema_version",
		                      store_schema_version(st), "found", f.arr);
		cli_print_json(j);
		json_decref(j);
	} else if (!n) {
		printf("ok: integrity, foreign keys, schema version %d, report versions, "
		       "SMS links\n",
		       store_schema_version(st));
	}
	rc = n ? EXIT_FAIL : EXIT_OK;
out:
	json_decref(f.arr);
	store_close(st);
	return rc;
}
