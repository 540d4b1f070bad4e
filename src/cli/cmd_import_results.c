/* cmd_import_results.c - "observa import results FILE --mission M [--map
 * MAPPING]": the election commission's official results, one row per
 * polling station, all or nothing, read in place when gzip-compressed,
 * with a progress bar on a terminal and a summary of what changed. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "ingest/csv_file.h"
#include "ingest/import_results.h"

static const char help[] =
    "usage: observa import results FILE --mission M [--map MAPPING]... [--dry-run]\n\n"
    "Load the election commission's official results into mission M: one row\n"
    "per polling station with the figures of its results protocol.  FILE may be\n"
    "gzip-compressed (FILE.csv.gz is read as it is); \"-\" reads standard input.\n\n"
    "Without --map the first line names the columns: station, then any lines of\n"
    "the results protocol form PR by tag (A ... L, P1 ... Pn, AA) or by the\n"
    "ballot choice's code (see 'observa import choices').  With --map only the\n"
    "columns mapped are read, so a commission's own file loads as published:\n"
    "  --map 'station=uik,A=Число избирателей, включенных в список избирателей'\n"
    "names each column by its header text or its number (1 is the first); a\n"
    "MAPPING without '=' is a file with one KEY=COLUMN a line ('#' starts a\n"
    "comment).  --map may be given more than once.\n\n"
    "Every station must be a polling station of the mission, each once, and\n"
    "every figure a whole number from 0 to 1,000,000,000.  The whole file is\n"
    "checked first; the first problem is reported with its line and column and\n"
    "nothing is imported.  A station's row replaces the figures it had; those\n"
    "the file leaves out keep theirs.  --dry-run checks and counts without\n"
    "keeping anything.  See docs/analysis.md#results-verification.\n";

enum { OPT_MISSION = 1, OPT_MAP, OPT_DRY_RUN };

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"map", required_argument, NULL, OPT_MAP},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    CLI_COMMON_OPTIONS,
    {0},
};

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

/* Bytes the reader will see: the file's size, or for a .gz file the size
 * its gzip trailer records (the uncompressed size modulo 2^32, exact below
 * 4 GiB); 0 when unknown. */
static long long input_size(const char *path)
{
	size_t n = strlen(path);
	unsigned char t[4];
	struct stat sb;
	long long size;
	FILE *fp;

	if (!strcmp(path, "-") || stat(path, &sb) || !S_ISREG(sb.st_mode))
		return 0;
	if (n < 3 || strcmp(path + n - 3, ".gz"))
		return (long long)sb.st_size;
	fp = fopen(path, "rb");
	if (!fp)
		return 0;
	size = fseek(fp, -4, SEEK_END) == 0 && fread(t, 1, 4, fp) == 4
	           ? (long long)t[0] | (long long)t[1] << 8 | (long long)t[2] << 16 |
	                 (long long)t[3] << 24
	           : 0;
	fclose(fp);
	return size;
}

/* Add --map's value: pairs when it holds '=', else a mapping file. */
static int add_map(struct results_map *map, const char *arg)
{
	struct err e;
	FILE *fp;
	int rc = EXIT_OK;

	err_clear(&e);
	if (strchr(arg, '=')) {
		if (results_map_parse(map, arg, &e))
			rc = usage_error("import results", "%s", e.msg);
		return rc;
	}
	fp = fopen(arg, "rb");
	if (!fp)
		return usage_error("import results",
		                   "--map %s: no such mapping file (a mapping given on "
		                   "the command line is KEY=COLUMN,...)",
		                   arg);
	if (results_map_read(map, fp, arg, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
	fclose(fp);
	return rc;
}

int cmd_import_results(int argc, char **argv)
{
	const char *path, *mission_code = NULL;
	struct results_map map = RESULTS_MAP_INIT;
	struct import_opts io = {0};
	struct import_counts c;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct csv_reader r;
	struct mission m;
	struct bar bar = {NULL, -1};
	struct err e;
	FILE *fp = NULL;
	bool reader_open = false;
	int opt, rc = EXIT_OK;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			goto out;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_MAP:
			rc = add_map(&map, optarg);
			if (rc)
				goto out;
			break;
		case OPT_DRY_RUN:
			io.dry_run = true;
			break;
		default:
			rc = usage_error("import results", "unknown option");
			goto out;
		}
	}
	if (optind >= argc) {
		rc = usage_error("import results",
		                 "which file? give FILE.csv (or .csv.gz), or - for "
		                 "standard input");
		goto out;
	}
	path = argv[optind++];
	if (optind < argc) {
		rc = usage_error("import results", "unexpected argument \"%s\"",
		                 argv[optind]);
		goto out;
	}
	if (!mission_code) {
		rc = usage_error("import results", "which mission? give --mission CODE");
		goto out;
	}
	rc = cli_open_store(&st);
	if (!rc)
		rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	if (csv_file_open(path, &fp, &e)) {
		errorf("cannot open %s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	bar.name = strcmp(path, "-") ? path : "stdin";
	io.input_size = input_size(path);
	io.progress = progress;
	io.progress_ctx = &bar;
	csv_open_file(&r, fp);
	reader_open = true;
	rc =
	    import_results(&r, st, &m, &map, bar.name, &io, &c, &e) ? EXIT_FAIL : EXIT_OK;
	cli_progress_end();
	if (rc) {
		errorf("%s: %s", bar.name, e.msg);
		notef("nothing was imported");
		goto out;
	}
	printf("%s official results of %lld station%s into %s: %lld new, %lld updated, "
	       "%lld unchanged\n",
	       io.dry_run ? "would import" : "imported", c.rows, c.rows == 1 ? "" : "s",
	       m.code, c.inserted, c.updated, c.unchanged);
out:
	if (reader_open)
		csv_close(&r);
	csv_file_close(fp);
	results_map_release(&map);
	store_close(st);
	arena_release(&a);
	return rc;
}
