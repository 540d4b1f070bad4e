/* results_args.c - the column options of the results commands, and
 * reading a results file with progress and messages. */
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/results_args.h"

const char results_args_help[] =
    "Columns are named by the header's text or by number (1 is the first);\n"
    "several columns given as a list are added up:\n"
    "  --registered COL    voters on the list\n"
    "  --valid COL         valid ballots\n"
    "  --invalid COL       invalid ballots\n"
    "  --choices FROM-TO   one column per candidate or party (a range or list)\n"
    "  --ballots COL       ballots cast (default: valid + invalid), e.g. 10,11\n"
    "  --id COL,...        the columns naming a station in messages\n"
    "FILE may be gzip-compressed (.gz) or '-' for standard input.\n";

bool results_args_option(struct results_columns *c, int opt, const char *arg)
{
	switch (opt) {
	case RESULTS_OPT_REGISTERED:
		c->registered = arg;
		return true;
	case RESULTS_OPT_VALID:
		c->valid = arg;
		return true;
	case RESULTS_OPT_INVALID:
		c->invalid = arg;
		return true;
	case RESULTS_OPT_CHOICES:
		c->choices = arg;
		return true;
	case RESULTS_OPT_BALLOTS:
		c->ballots = arg;
		return true;
	case RESULTS_OPT_ID:
		c->id = arg;
		return true;
	default:
		return false;
	}
}

int results_args_check(const char *cmd, const struct results_columns *c)
{
	if (!c->registered)
		return usage_error(cmd, "--registered COL is required");
	if (!c->valid)
		return usage_error(cmd, "--valid COL is required");
	if (!c->invalid)
		return usage_error(cmd, "--invalid COL is required");
	if (!c->choices)
		return usage_error(cmd, "--choices FROM-TO is required");
	return EXIT_OK;
}

int results_args_open(const char *path, const struct results_columns *c,
                      struct results_csv *r)
{
	struct err e;

	err_clear(&e);
	if (results_csv_open(r, path, c, &e)) {
		errorf("%s: %s", path, e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* The bytes the reader will see: the file's size, or for a .gz file the
 * size its trailer records (modulo 4 GiB); 0 when unknown (stdin). */
static long long expected_bytes(const char *path)
{
	struct stat sb;
	size_t n = strlen(path);
	unsigned char tail[4];
	FILE *fp;
	long long size = 0;

	if (!strcmp(path, "-") || stat(path, &sb) || !S_ISREG(sb.st_mode))
		return 0;
	if (n < 3 || strcmp(path + n - 3, ".gz"))
		return (long long)sb.st_size;
	fp = fopen(path, "rb");
	if (fp && !fseek(fp, -4, SEEK_END) && fread(tail, 1, 4, fp) == 4)
		size = (long long)tail[0] | (long long)tail[1] << 8 |
		       (long long)tail[2] << 16 | (long long)tail[3] << 24;
	if (fp)
		fclose(fp);
	return size;
}

struct progress {
	struct results_csv *r;
	results_csv_fn fn;
	void *ctx;
	long long total;
	char label[64];
};

static enum status with_progress(void *ctx, const struct station_result *s, struct err *e)
{
	struct progress *p = ctx;

	if ((p->r->stations & 1023) == 0)
		cli_progress(p->label, results_csv_bytes(p->r), p->total);
	return p->fn(p->ctx, s, e);
}

int results_args_each(struct results_csv *r, const char *path, results_csv_fn fn,
                      void *ctx)
{
	struct progress p = {.r = r, .fn = fn, .ctx = ctx};
	struct err e;
	enum status rc;

	err_clear(&e);
	snprintf(p.label, sizeof(p.label), "reading stations");
	p.total = cli_tty() ? expected_bytes(path) : 0;
	rc = results_csv_each(r, p.total > 0 ? with_progress : fn, p.total > 0 ? &p : ctx,
	                      &e);
	if (p.total > 0) {
		cli_progress(p.label, p.total, p.total);
		cli_progress_end();
	}
	if (rc) {
		errorf("%s: %s", path, e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
