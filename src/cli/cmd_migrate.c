/* cmd_migrate.c - "observa migrate": move a database from SQLite to
 * PostgreSQL, every table with its keys, checked row counts. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store_copy.h"

static const char help[] =
    "usage: observa migrate --from sqlite:FILE --to postgres://USER@HOST/DB\n\n"
    "Copy every mission of the SQLite database FILE, with its observers,\n"
    "stations, forms, reports, messages, accounts and audit log, into the\n"
    "PostgreSQL database, which must hold no data yet (observa creates its\n"
    "tables).  The copy is one transaction: it is all there or not at all.\n"
    "Each table's rows are counted on both sides at the end.  Stop observa\n"
    "serve on FILE first, or the reports it takes meanwhile stay behind.\n";

struct shown {
	const char *table;
};

static void progress(void *ctx, const char *table, int64_t done, int64_t total)
{
	struct shown *s = ctx;

	if (cli_tty()) {
		cli_progress(table, done, total);
		return;
	}
	if (done == total && (!s->table || strcmp(s->table, table))) {
		s->table = table;
		notef("%s: %lld rows", table, (long long)total);
	}
}

int cmd_migrate(int argc, char **argv)
{
	enum { OPT_FROM = 1, OPT_TO };
	static const struct option opts[] = {
	    {"from", required_argument, NULL, OPT_FROM},
	    {"to", required_argument, NULL, OPT_TO},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *from = NULL, *to = NULL;
	struct shown shown = {0};
	int64_t rows = 0;
	struct err e;
	int opt;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		default:
			return usage_error("migrate", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("migrate", "unexpected argument \"%s\"", argv[optind]);
	if (!from || !to)
		return usage_error("migrate", "both --from and --to are needed");
	if (store_copy_to_pg(from, to, progress, &shown, &rows, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	printf("copied %lld rows from %s\n", (long long)rows, from);
	return EXIT_OK;
}
