/* cmd_import.c - "observa import locations|observers|assignments|choices
 * FILE --mission M": load a CSV file (or standard input) into a mission, all or
 * nothing, with a progress bar on a terminal and a summary of what changed.
 * "observa import results" has options of its own (cmd_import_results.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "ingest/import.h"

static const char help[] =
    "usage: observa import locations FILE --mission M [--dry-run]\n"
    "       observa import observers FILE --mission M [--dry-run]\n"
    "       observa import assignments FILE --mission M [--dry-run]\n"
    "       observa import choices FILE --mission M [--dry-run]\n"
    "       observa import results FILE --mission M [--map MAPPING] [--dry-run]\n\n"
    "Load a CSV file (RFC 4180, UTF-8, with or without a byte-order mark) into\n"
    "mission M.  FILE \"-\" reads standard input.  The first line names the\n"
    "columns, in any order:\n"
    "  locations: code, name, level (required); parent, registered_voters,\n"
    "             latitude, longitude, stratum\n"
    "  observers: code, full_name (required); organisation, country, role,\n"
    "             phone, email, languages, team, accreditation_status,\n"
    "             badge_number, requested_on, decided_on, id_document\n"
    "  assignments: station (required); observer or team (one of them in\n"
    "               each row: a team assigns each of its observers); day\n"
    "               (YYYY-MM-DD; empty or left out: the election day)\n"
    "  choices: order, code, name, kind (all required; kind is candidate,\n"
    "           party or against_all): the ballot, which gives the results\n"
    "           protocol form (PR) one line per choice\n"
    "  results: the commission's official results per station ('observa\n"
    "           import results --help')\n\n"
    "The whole file is checked before anything is written; the first problem\n"
    "is reported with its line and column and nothing is imported.  Rows are\n"
    "matched by code, so importing a file again updates what changed.  Phone\n"
    "numbers in national format are read as numbers of the mission's country.\n"
    "Assignments are only added: importing them again changes nothing, and\n"
    "those a file leaves out are kept.  Choices replace the whole ballot.\n"
    "--dry-run checks the file and counts the changes without keeping them.\n"
    "The formats are described in docs/import-formats.md, assignments in\n"
    "docs/coverage.md.\n";

enum { OPT_MISSION = 1, OPT_DRY_RUN };

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    CLI_COMMON_OPTIONS,
    {0},
};

/* The progress bar's state: one bar for reading, one for writing. */
struct bar {
	const char *name;
	int phase; /* the phase being drawn, -1 before the first */
};

static void progress(void *ctx, enum import_phase phase, long long done, long long total)
{
	struct bar *b = ctx;
	char label[96];

	if (b->phase != (int)phase && b->phase >= 0)
		cli_progress_end();
	b->phase = (int)phase;
	if (phase == IMPORT_READING)
		snprintf(label, sizeof(label), "reading %.60s", b->name);
	else
		snprintf(label, sizeof(label), "writing");
	cli_progress(label, done, total);
}

static long long size_of(FILE *fp)
{
	struct stat sb;

	if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode))
		return (long long)sb.st_size;
	return 0;
}

/* "imported 4 locations into kz-2023: ...".  Assignments are counted as
 * such, with the rows they came from when a team made them more. */
static void print_summary(const char *what, const struct mission *m,
                          const struct import_counts *c, bool dry_run)
{
	long long n = c->rows, made = c->inserted + c->updated + c->unchanged;
	int len = (int)strlen(what);
	bool assignments = !strcmp(what, "assignments");

	if (assignments)
		n = made;
	printf("%s %lld %.*s", dry_run ? "would import" : "imported", n,
	       n == 1 ? len - 1 : len, what);
	if (assignments && made != c->rows)
		printf(" from %lld row%s", c->rows, c->rows == 1 ? "" : "s");
	printf(" into %s: %lld new, %lld updated, %lld unchanged\n", m->code, c->inserted,
	       c->updated, c->unchanged);
}

int cmd_import(int argc, char **argv)
{
	const char *what, *path = NULL, *mission_code = NULL, *name;
	struct import_opts io = {0};
	struct import_counts counts;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct csv_reader r;
	struct mission m;
	struct bar bar = {NULL, -1};
	struct err e;
	FILE *fp = NULL;
	bool reader_open = false;
	int opt, rc;

	err_clear(&e);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	what = argv[1];
	if (!strcmp(what, "results"))
		return cmd_import_results(argc - 1, argv + 1);
	if (strcmp(what, "locations") && strcmp(what, "observers") &&
	    strcmp(what, "assignments") && strcmp(what, "choices"))
		return usage_error("import",
		                   "what to import: \"locations\", \"observers\", "
		                   "\"assignments\", \"choices\" or \"results\", not "
		                   "\"%s\"",
		                   what);
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_DRY_RUN:
			io.dry_run = true;
			break;
		default:
			return usage_error("import", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("import",
		                   "which file? give FILE.csv, or - for standard "
		                   "input");
	path = argv[optind++];
	if (optind < argc)
		return usage_error("import", "unexpected argument \"%s\"", argv[optind]);
	if (!mission_code)
		return usage_error("import", "which mission? give --mission CODE");

	rc = cli_open_store(&st);
	if (rc)
		goto out;
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	if (!strcmp(path, "-")) {
		fp = stdin;
		name = "stdin";
	} else {
		fp = fopen(path, "rb");
		name = path;
		if (!fp) {
			errorf("cannot open %s: %s", path, strerror(errno));
			rc = EXIT_FAIL;
			goto out;
		}
	}
	bar.name = name;
	io.input_size = size_of(fp);
	io.progress = progress;
	io.progress_ctx = &bar;
	csv_open_file(&r, fp);
	reader_open = true;
	if (!strcmp(what, "locations"))
		rc = import_locations(&r, st, &m, &io, &counts, &e) ? EXIT_FAIL : EXIT_OK;
	else if (!strcmp(what, "observers"))
		rc = import_observers(&r, st, &m, &io, &counts, &e) ? EXIT_FAIL : EXIT_OK;
	else if (!strcmp(what, "choices"))
		rc = import_choices(&r, st, &m, &io, &counts, &e) ? EXIT_FAIL : EXIT_OK;
	else
		rc = import_assignments(&r, st, &m, &io, &counts, &e) ? EXIT_FAIL
		                                                      : EXIT_OK;
	cli_progress_end();
	if (rc) {
		errorf("%s: %s", name, e.msg);
		notef("nothing was imported");
		goto out;
	}
	print_summary(what, &m, &counts, io.dry_run);
out:
	if (reader_open)
		csv_close(&r);
	if (fp && fp != stdin)
		fclose(fp);
	store_close(st);
	arena_release(&a);
	return rc;
}
