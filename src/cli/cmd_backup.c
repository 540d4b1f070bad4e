/* cmd_backup.c - "observa backup" and "observa restore": an online copy of
 * the database into a file while the server keeps taking reports, and
 * putting such a copy back (docs/reliability.md#backup-and-restore). */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

static const char backup_help[] =
    "usage: observa backup [--db URL] [--force] FILE\n\n"
    "Copy the whole database into FILE, as it was when the copy began, while\n"
    "observa serve keeps receiving reports: every report answered 2xx before\n"
    "the command started is in the copy.  The copy is written beside FILE and\n"
    "renamed when complete, so FILE is never half a backup.  FILE is a plain\n"
    "SQLite database; 'observa check --db FILE' checks it.  An existing FILE\n"
    "is kept unless --force is given.  Progress is shown on stderr when it\n"
    "is a terminal, and every 10% for databases over 100 MiB otherwise.\n";

static const char restore_help[] =
    "usage: observa restore [--db URL] [--force] FILE\n\n"
    "Replace the database's content with the backup FILE, after checking\n"
    "that FILE is an observa database of a schema this observa knows and\n"
    "that it passes SQLite's integrity check.  A database that already holds\n"
    "anything is kept unless --force is given.  Stop observa serve first: a\n"
    "database another process has open is refused.  A backup made by an\n"
    "older observa is upgraded after it is restored.  The audit log, which\n"
    "the backup's replaces, then records the restore: who, when, FILE and\n"
    "its SHA-256.\n";

/* Progress: a bar on a terminal; otherwise a line every 10% when big. */
struct progress {
	const char *label;
	int last_tenth;
	long long pages;
};

#define BIG_PAGES 25600 /* 100 MiB of 4 KiB pages */

static void progress(void *ctx, long long done, long long total)
{
	struct progress *p = ctx;
	int tenth;

	p->pages = total;
	if (cli_tty()) {
		cli_progress(p->label, done, total);
		return;
	}
	if (total < BIG_PAGES || done >= total)
		return;
	tenth = (int)(done * 10 / total);
	if (tenth > p->last_tenth) {
		p->last_tenth = tenth;
		notef("%s: %d%% (%lld of %lld pages)", p->label, tenth * 10, done, total);
	}
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Options shared by both commands; the file is left in *file. */
static int parse(const char *cmd, const char *help, int argc, char **argv, bool *force,
                 const char **file)
{
	enum { OPT_FORCE = 1 };
	static const struct option opts[] = {
	    {"force", no_argument, NULL, OPT_FORCE},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return -1;
		case OPT_FORCE:
			*force = true;
			break;
		default:
			return usage_error(cmd, "unknown option");
		}
	}
	/* getopt_long has moved the options, those after FILE too, first. */
	if (optind >= argc)
		return usage_error(cmd, "which file? give FILE");
	*file = argv[optind++];
	if (optind < argc)
		return usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	return EXIT_OK;
}

int cmd_backup(int argc, char **argv)
{
	struct progress p = {.label = "backup", .last_tenth = 0};
	const char *file = NULL;
	struct store *st = NULL;
	struct timespec t0;
	bool force = false;
	struct err e;
	int rc;

	err_clear(&e);
	rc = parse("backup", backup_help, argc, argv, &force, &file);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!access(file, F_OK) && !force) {
		errorf("%s exists; give --force to replace it, or another name", file);
		return EXIT_FAIL;
	}
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_backup(st, file, progress, &p, &e)) {
		cli_progress_end();
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else {
		cli_progress_end();
		notef("backed up %s into %s: %lld pages (%.1f MiB) in %.1f s", cli_db_url,
		      file, p.pages, (double)p.pages * 4096.0 / 1048576.0,
		      seconds_since(&t0));
	}
	store_close(st);
	return rc;
}

static enum status count_problem(void *ctx, const char *check, const char *detail)
{
	errorf("the restored database: %s: %s", check, detail);
	return ST_OK;
}

/* Record in the restored database's audit log that it was restored from
 * file (the log came with the backup, so nothing else says so): action
 * "restore", entity "database", the file's absolute name as the key, and
 * after = {"file", "bytes", "sha256"}. */
static enum status note_restore(struct store *st, const char *file, struct err *e)
{
	unsigned char sum[crypto_hash_sha256_BYTES], chunk[65536];
	char hex[crypto_hash_sha256_BYTES * 2 + 1], path[PATH_MAX];
	crypto_hash_sha256_state h;
	long long bytes = 0;
	FILE *f = fopen(file, "rb");
	enum status rc;
	json_t *after;
	char *text;
	size_t n;

	if (!f)
		return err_set(e, ST_IO, "reading %s again: %s", file, strerror(errno));
	crypto_hash_sha256_init(&h);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		crypto_hash_sha256_update(&h, chunk, n);
		bytes += (long long)n;
	}
	rc = ferror(f) ? err_set(e, ST_IO, "reading %s again", file) : ST_OK;
	fclose(f);
	if (rc)
		return rc;
	crypto_hash_sha256_final(&h, sum);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	if (!realpath(file, path))
		snprintf(path, sizeof(path), "%s", file);
	after = json_pack("{s:s, s:I, s:s}", "file", path, "bytes", (json_int_t)bytes,
	                  "sha256", hex);
	text = json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER);
	rc = store_audit_note(st, "restore", "database", path, text, e);
	free(text);
	json_decref(after);
	return rc;
}

/* Remove the SQLite file path (with its journal files) that this command
 * created; path NULL: nothing. */
static void remove_new(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char name[4096];

	for (size_t i = 0; path && i < sizeof(suffix) / sizeof(suffix[0]); i++)
		if ((size_t)snprintf(name, sizeof(name), "%s%s", path, suffix[i]) <
		    sizeof(name))
			unlink(name);
}

int cmd_restore(int argc, char **argv)
{
	struct progress p = {.label = "restore", .last_tenth = 0};
	const char *file = NULL, *target;
	struct store *st = NULL;
	struct timespec t0;
	bool force = false, empty = false;
	int64_t problems = 0;
	struct err e;
	int rc;

	err_clear(&e);
	rc = parse("restore", restore_help, argc, argv, &force, &file);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (access(file, R_OK)) {
		errorf("cannot read %s: %s", file, strerror(errno));
		return EXIT_FAIL;
	}
	/* A SQLite file made by opening it below is removed again if the
	 * restore is refused: a refusal leaves nothing behind. */
	target = cli_sqlite_path(cli_db_url);
	if (target && (!*target || !access(target, F_OK)))
		target = NULL;
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	if (store_is_empty(st, &empty, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (!empty && !force) {
		errorf("%s already holds data; give --force to replace all of it with "
		       "the backup",
		       cli_db_url);
		rc = EXIT_FAIL;
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_restore(st, file, progress, &p, &e)) {
		cli_progress_end();
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		store_close(st);
		st = NULL;
		remove_new(target);
		goto out;
	}
	cli_progress_end();
	/* Open again: brings an older backup's schema up to date. */
	store_close(st);
	st = NULL;
	rc = cli_open_store(&st);
	if (rc)
		goto out;
	if (note_restore(st, file, &e)) {
		errorf("restored, but not recorded in the audit log: %s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (store_check(st, count_problem, NULL, &problems, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (problems) {
		errorf("the restored database has %lld problem%s (above)",
		       (long long)problems, problems == 1 ? "" : "s");
		rc = EXIT_FAIL;
	} else {
		notef("restored %s into %s: %lld pages in %.1f s, checked", file,
		      cli_db_url, p.pages, seconds_since(&t0));
	}
out:
	store_close(st);
	return rc;
}
