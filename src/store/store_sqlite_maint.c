/* store_sqlite_maint.c - the SQLite back-end's backup, restore and checks
 * (store_maint.h), and the plain words for a database that cannot be
 * written.
 *
 * Backup and restore use SQLite's online backup API.  A backup holds one
 * read transaction on the source from its first page to its last, so in
 * WAL mode the copy is the database as of that moment while writers carry
 * on (they are never blocked by a reader); the copy is made under a
 * temporary name and renamed when it is complete and synced. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/alloc.h"
#include "store/store_sqlite.h"

#define STEP_PAGES   1024 /* pages copied per step: 4 MiB of 4 KiB pages */
#define BUSY_WAIT_MS 10000

/* Does the file at path carry the immutable or append-only attribute?
 * statx, never open(): closing a descriptor of the database would drop
 * every POSIX lock this process holds on it, SQLite's included, and let
 * another process take the WAL away from under the server. */
static bool immutable(const char *path)
{
	struct statx sx;

	if (statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &sx))
		return false;
	return (sx.stx_attributes & sx.stx_attributes_mask &
	        (STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND)) != 0;
}

/* Why the database at path cannot be written, found by looking at the
 * machine rather than at errno (which SQLite reads after its own clean-up
 * may have changed it); NULL when nothing tells. */
static const char *diagnose(const char *path)
{
	char dir[PATH_MAX], wal[PATH_MAX];
	struct statvfs fs;
	struct rlimit lim;
	struct stat sb;

	if (!path || !*path)
		return NULL;
	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (!statvfs(dirname(dir), &fs)) {
		if (fs.f_flag & ST_RDONLY)
			return "it is read-only (the file system is mounted read-only)";
		if (fs.f_bavail == 0)
			return "disk full";
	}
	if (immutable(path) || immutable(wal))
		return "it is read-only (the file is marked immutable: chattr -i)";
	if (access(path, W_OK) || (!access(wal, F_OK) && access(wal, W_OK)))
		return "it is read-only (no permission to write the file)";
	if (!getrlimit(RLIMIT_FSIZE, &lim) && lim.rlim_cur != RLIM_INFINITY &&
	    ((!stat(path, &sb) && (rlim_t)sb.st_size >= lim.rlim_cur) ||
	     (!stat(wal, &sb) && (rlim_t)sb.st_size >= lim.rlim_cur) ||
	     lim.rlim_cur < 65536))
		return "the file size limit is reached (ulimit -f)";
	return NULL;
}

bool sqlite_unwritable(struct store_sqlite *s, const char *what, struct err *e)
{
	int code = sqlite3_extended_errcode(s->db);
	int sys = sqlite3_system_errno(s->db);
	const char *verb = "written", *why;

	switch (code & 0xff) {
	case SQLITE_FULL:
		why = "disk full";
		sys = 0;
		break;
	case SQLITE_READONLY:
		why = diagnose(sqlite3_db_filename(s->db, "main"));
		if (!why || strncmp(why, "it is read-only", 15))
			why = "it is read-only";
		break;
	case SQLITE_IOERR:
		if (code == SQLITE_IOERR_READ || code == SQLITE_IOERR_SHORT_READ)
			verb = "read";
		why = diagnose(sqlite3_db_filename(s->db, "main"));
		if (!why)
			why = sys == ENOSPC || sys == EDQUOT ? "disk full"
			      : sys == EROFS                 ? "it is read-only"
			      : sys == EFBIG
			          ? "the file size limit is reached (ulimit -f)"
			          : "input/output error";
		break;
	default:
		return false;
	}
	err_set(e, ST_IO, "the database cannot be %s: %s (%s: %s%s%s)", verb, why, what,
	        sqlite3_errmsg(s->db), sys ? ", " : "", sys ? strerror(sys) : "");
	return true;
}

/* ------------------------------------------------------------- copying */

/* Copy every page from src to dst in steps, telling cb; waits for a
 * destination another connection holds, up to BUSY_WAIT_MS. */
static int copy_pages(sqlite3 *dst, sqlite3 *src, store_progress_cb cb, void *ctx)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int r, waited = 0;

	if (!b)
		return sqlite3_errcode(dst);
	for (;;) {
		r = sqlite3_backup_step(b, STEP_PAGES);
		if (r == SQLITE_BUSY || r == SQLITE_LOCKED) {
			if (waited >= BUSY_WAIT_MS)
				break;
			sqlite3_sleep(20);
			waited += 20;
			continue;
		}
		if (r != SQLITE_OK && r != SQLITE_DONE)
			break;
		if (cb) {
			long long total = sqlite3_backup_pagecount(b);
			cb(ctx, total - sqlite3_backup_remaining(b), total);
		}
		if (r == SQLITE_DONE)
			break;
	}
	sqlite3_backup_finish(b);
	return r == SQLITE_DONE ? SQLITE_OK : r;
}

/* The one text row of sql on db into out ("" when none). */
static int one_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;
	int r;

	out[0] = 0;
	r = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (r != SQLITE_OK)
		return r;
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		snprintf(out, n, "%s", t ? (const char *)t : "");
		r = SQLITE_OK;
	} else if (r == SQLITE_DONE) {
		r = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return r;
}

/* fsync path (a file or a directory). */
int store_sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/* Sync the directory holding path, so that a rename in it is durable. */
int store_sync_dir_of(const char *path)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", path);
	return store_sync_path(dirname(copy), O_RDONLY | O_DIRECTORY);
}

/* Are a and b the same file (both existing)? */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return b && !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

enum status sqlite_backup(struct store *st, const char *path, store_progress_cb cb,
                          void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	char tmp[PATH_MAX], mode[16];
	sqlite3 *dst = NULL;
	enum status rc;
	int r;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.partial", path) >= sizeof(tmp))
		return err_set(e, ST_INVALID, "%s: the file name is too long", path);
	if (same_file(path, sqlite3_db_filename(s->db, "main")))
		return err_set(e, ST_INVALID,
		               "%s is the database itself; back it up into another file",
		               path);
	if (unlink(tmp) && errno != ENOENT)
		return err_set(e, ST_IO, "cannot remove %s: %s", tmp, strerror(errno));
	/* One read transaction for the whole copy: a snapshot in WAL mode. */
	rc = sqlite_exec(s, "BEGIN; SELECT count(*) FROM sqlite_schema", e);
	if (rc)
		return rc;
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                    NULL) != SQLITE_OK) {
		rc = err_set(e, ST_IO, "cannot create %s: %s", tmp,
		             dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	r = copy_pages(dst, s->db, cb, ctx);
	if (r == SQLITE_OK)
		/* A single file that opens on its own, from read-only media too. */
		r = one_text(dst, "PRAGMA journal_mode = DELETE", mode, sizeof(mode));
	if (r != SQLITE_OK) {
		rc = err_set(e, ST_IO, "writing the backup %s: %s", tmp,
		             sqlite3_errstr(r));
		goto out;
	}
	r = sqlite3_close(dst);
	dst = NULL;
	if (r != SQLITE_OK) {
		rc = err_set(e, ST_IO, "closing the backup %s: %s", tmp,
		             sqlite3_errstr(r));
		goto out;
	}
	if (store_sync_path(tmp, O_RDONLY) || rename(tmp, path) ||
	    store_sync_dir_of(path)) {
		rc = err_set(e, ST_IO, "finishing the backup %s: %s", path,
		             strerror(errno));
		goto out;
	}
out:
	if (dst)
		sqlite3_close(dst);
	if (rc)
		unlink(tmp);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* ------------------------------------------------------------ restoring */

/* Is the file at src an observa database this observa can restore? */
static enum status check_backup(sqlite3 *src, const char *path, struct err *e)
{
	char text[512];
	int r, v;

	r = one_text(src, "SELECT count(*) FROM sqlite_schema", text, sizeof(text));
	if (r != SQLITE_OK)
		return err_set(e, ST_INVALID, "%s is not a database observa can read: %s",
		               path, sqlite3_errmsg(src));
	r = one_text(src, "PRAGMA user_version", text, sizeof(text));
	v = r == SQLITE_OK ? (int)strtol(text, NULL, 10) : -1;
	if (v <= 0 ||
	    one_text(src,
	             "SELECT name FROM sqlite_schema WHERE type = 'table'"
	             " AND name = 'submission'",
	             text, sizeof(text)) != SQLITE_OK ||
	    strcmp(text, "submission"))
		return err_set(e, ST_INVALID,
		               "%s is an SQLite database but not an observa one (no "
		               "schema version or no reports table)",
		               path);
	if (v > sqlite_schema_latest)
		return err_set(e, ST_INVALID,
		               "%s has schema version %d, newer than this observa knows "
		               "(%d); restore it with a newer observa",
		               path, v, sqlite_schema_latest);
	r = one_text(src,
	             "SELECT integrity_check FROM pragma_integrity_check"
	             " WHERE integrity_check NOT LIKE '*** in database %' LIMIT 1",
	             text, sizeof(text));
	if (r != SQLITE_OK)
		return err_set(
		    e, ST_INVALID,
		    "%s fails the integrity check (%s): it is damaged, restore "
		    "another backup",
		    path, sqlite3_errmsg(src));
	if (strcmp(text, "ok"))
		return err_set(
		    e, ST_INVALID,
		    "%s fails the integrity check (%s): it is damaged, restore "
		    "another backup",
		    path, text);
	return ST_OK;
}

/* Set st's journal mode to want; ST_BUSY when another connection holds
 * the database. */
static enum status journal_mode(struct store_sqlite *s, const char *want, struct err *e)
{
	char sql[64], got[16];
	int r;

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s", want);
	r = one_text(s->db, sql, got, sizeof(got));
	if (r == SQLITE_OK && !strcasecmp(got, want))
		return ST_OK;
	return err_set(e, ST_BUSY,
	               "the database is in use by another process (is observa serve "
	               "running on it?): stop it before restoring (%s)",
	               r == SQLITE_OK ? "the journal mode cannot change"
	                              : sqlite3_errmsg(s->db));
}

enum status sqlite_restore(struct store *st, const char *path, store_progress_cb cb,
                           void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	sqlite3 *src = NULL;
	enum status rc;
	int r;

	if (access(path, R_OK))
		return err_set(e, ST_NOT_FOUND, "cannot read %s: %s", path,
		               strerror(errno));
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = err_set(e, ST_INVALID, "cannot open %s: %s", path,
		             src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	rc = check_backup(src, path, e);
	if (rc)
		goto out;
	/* Out of WAL mode, which also makes sure nobody else has it open;
	 * no long wait for a server that will not let go. */
	sqlite3_busy_timeout(s->db, 1000);
	rc = journal_mode(s, "DELETE", e);
	if (rc)
		goto out;
	r = copy_pages(s->db, src, cb, ctx);
	if (r != SQLITE_OK) {
		rc = err_set(e, r == SQLITE_BUSY ? ST_BUSY : ST_IO,
		             "restoring %s: %s (the database may be half restored: "
		             "restore again)",
		             path, sqlite3_errmsg(s->db));
		goto out;
	}
	rc = journal_mode(s, "WAL", e);
out:
	sqlite3_close(src);
	return rc;
}

/* --------------------------------------------------------------- checks */

struct checking {
	store_problem_cb cb;
	void *ctx;
	int64_t n;
};

/* Report each row of sql (its first column formatted into fmt with the
 * next two as integers, or as text for fmt NULL) as a problem of check. */
static enum status each_problem(struct store_sqlite *s, struct checking *c,
                                const char *check, const char *sql, const char *fmt,
                                struct err *e)
{
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	char detail[512];
	int r;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, check, e);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (!fmt && t && !strcmp(t, "ok"))
			continue;
		if (fmt)
			snprintf(detail, sizeof(detail), fmt, t ? t : "",
			         (long long)sqlite3_column_int64(st, 1),
			         (long long)sqlite3_column_int64(st, 2));
		else
			snprintf(detail, sizeof(detail), "%s", t ? t : "");
		c->n++;
		if (c->cb && (rc = c->cb(c->ctx, check, detail)))
			break;
	}
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = sqlite_fail(s, check, e);
	sqlite3_finalize(st);
	return rc;
}

static const struct {
	const char *check, *sql, *fmt;
} checks[] = {
    {"integrity", "PRAGMA integrity_check", NULL},
    {"foreign_keys", "SELECT \"table\", rowid, fkid FROM pragma_foreign_key_check",
     "table %s, row %lld: refers to a row that does not exist (foreign key %lld)"},
    {"versions",
     "SELECT 'report', s.id, s.superseded_by FROM submission s"
     " WHERE s.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submission n"
     " WHERE n.id = s.superseded_by AND n.supersedes = s.id"
     " AND n.version = s.version + 1)",
     "%s %lld: superseded by report %lld, which is not its next version"},
    {"versions",
     "SELECT 'report', n.id, n.supersedes FROM submission n"
     " WHERE n.supersedes IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submission s"
     " WHERE s.id = n.supersedes AND s.superseded_by = n.id)",
     "%s %lld: replaces report %lld, which does not say it was superseded by it"},
    {"sms",
     "SELECT 'message', m.id, m.submission_id FROM sms_in m"
     " WHERE m.submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submission s"
     " WHERE s.id = m.submission_id)",
     "%s %lld: names report %lld, which does not exist"},
};

enum status sqlite_check(struct store *st, store_problem_cb cb, void *ctx,
                         int64_t *problems, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	struct checking c = {.cb = cb, .ctx = ctx};
	enum status rc = ST_OK;
	int v = store_schema_version(st);

	if (v != sqlite_schema_latest) {
		char detail[128];
		snprintf(detail, sizeof(detail),
		         "schema version %d; this observa writes version %d", v,
		         sqlite_schema_latest);
		c.n++;
		if (cb)
			rc = cb(ctx, "schema", detail);
	}
	for (size_t i = 0; !rc && i < sizeof(checks) / sizeof(checks[0]); i++)
		rc =
		    each_problem(s, &c, checks[i].check, checks[i].sql, checks[i].fmt, e);
	if (problems)
		*problems = c.n;
	return rc;
}

enum status sqlite_is_empty(struct store *st, bool *empty, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)st;
	sqlite3_stmt *tables;
	enum status rc = ST_OK;
	char sql[256], any[8];
	int r;

	*empty = true;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
	                       " AND name NOT LIKE 'sqlite_%'"
	                       " AND name <> 'registry_version'",
	                       -1, &tables, NULL) != SQLITE_OK)
		return sqlite_fail(s, "listing the tables", e);
	while (*empty && (r = sqlite3_step(tables)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *q = sqlite3_mprintf("%w", name);
		snprintf(sql, sizeof(sql), "SELECT 1 FROM \"%s\" LIMIT 1", q);
		sqlite3_free(q);
		if (one_text(s->db, sql, any, sizeof(any)) != SQLITE_OK) {
			rc = sqlite_fail(s, "reading the tables", e);
			break;
		}
		*empty = !any[0];
	}
	sqlite3_finalize(tables);
	return rc;
}
