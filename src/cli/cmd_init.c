/* cmd_init.c - "observa init": create the database, or bring an older
 * one's schema up to date. */
#include <stdio.h>

#include "cli/cli.h"

static const char help[] =
    "usage: observa init [--db URL]\n\n"
    "Create the database at URL (default sqlite:observa.db) with the current\n"
    "schema, or migrate an existing database to it.  Safe to run again.\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS, {0}};
	struct store *st;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		if (opt == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		return usage_error("init", "unknown option");
	}
	if (optind < argc)
		return usage_error("init", "unexpected argument \"%s\"", argv[optind]);
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	printf("database %s ready (schema version %d)\n", cli_db_url,
	       store_schema_version(st));
	store_close(st);
	return EXIT_OK;
}
