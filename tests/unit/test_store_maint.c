/* test_store_maint.c - the store's backup, restore and checks: a backup
 * is a whole, sound database with the reports, told progress to the end,
 * written under its own name only when complete; restore refuses what is
 * not an observa database and copies one that is; the check finds a
 * report whose version links were broken behind observa's back; and the
 * message for a database that cannot be written names the cause. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "test.h"

struct fixture {
	char path[96], url[112], copy[96], copy_url[112];
	struct store *st;
	int64_t mid;
};

static void remove_db(const char *path)
{
	char side[128];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s.partial", path);
	unlink(side);
}

static void put_report(struct fixture *f, const char *id, const char *replaces)
{
	struct stored_submission s = {.client_id = id,
	                              .replaces = replaces,
	                              .form = "OP",
	                              .form_version = 1,
	                              .station = "S1",
	                              .observer = "A",
	                              .channel = "api",
	                              .answers = "{}",
	                              .status = "new",
	                              .content_hash = id};
	enum put_outcome out;
	struct err e;

	assert_int_equal(store_submission_put(f->st, f->mid, &s, &out, &e), ST_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct mission m = {.code = "m",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct location l = {
	    .code = "S1", .name = "S1", .level = "station", .registered_voters = -1};
	struct observer o = {.code = "A",
	                     .full_name = "A",
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	snprintf(f->path, sizeof(f->path), "/tmp/observa-maint-%d.db", (int)getpid());
	snprintf(f->copy, sizeof(f->copy), "/tmp/observa-maint-%d-copy.db",
	         (int)getpid());
	remove_db(f->path);
	remove_db(f->copy);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	snprintf(f->copy_url, sizeof(f->copy_url), "sqlite:%s", f->copy);
	assert_int_equal(store_open(f->url, &f->st, &e), ST_OK);
	assert_int_equal(store_mission_create(f->st, &m, &e), ST_OK);
	f->mid = m.id;
	assert_int_equal(store_location_upsert(f->st, f->mid, &l, &res, &e), ST_OK);
	assert_int_equal(store_observer_upsert(f->st, f->mid, &o, &res, &e), ST_OK);
	put_report(f, "r1", NULL);
	put_report(f, "r2", "r1");
	put_report(f, "r3", NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	remove_db(f->path);
	remove_db(f->copy);
	free(f);
	return 0;
}

struct seen {
	long long done, total;
	int calls;
};

static void progress(void *ctx, long long done, long long total)
{
	struct seen *s = ctx;

	assert_true(done <= total);
	assert_true(done >= s->done);
	s->done = done;
	s->total = total;
	s->calls++;
}

static int64_t count_reports(struct store *st, int64_t mid)
{
	struct submission_filter flt = {.limit = 0};
	int64_t total = -1;
	struct err e;

	assert_int_equal(store_submission_list(st, mid, &flt, &total, NULL, NULL, &e),
	                 ST_OK);
	return total;
}

static void test_backup_and_restore(void **state)
{
	struct fixture *f = *state;
	struct store *copy = NULL;
	struct seen s = {0};
	char partial[128];
	int64_t problems = -1;
	bool empty = false;
	struct err e;

	assert_int_equal(store_backup(f->st, f->copy, progress, &s, &e), ST_OK);
	assert_true(s.calls >= 1 && s.total > 0 && s.done == s.total);
	snprintf(partial, sizeof(partial), "%s.partial", f->copy);
	assert_int_equal(access(f->copy, R_OK), 0);
	assert_int_not_equal(access(partial, F_OK), 0);
	/* The copy opens on its own and holds what was committed. */
	assert_int_equal(store_open(f->copy_url, &copy, &e), ST_OK);
	assert_int_equal(count_reports(copy, f->mid), 2); /* r2 replaced r1 */
	assert_int_equal(store_check(copy, NULL, NULL, &problems, &e), ST_OK);
	assert_int_equal(problems, 0);
	store_close(copy);

	/* Restore into an empty database. */
	remove_db(f->copy);
	assert_int_equal(store_open(f->copy_url, &copy, &e), ST_OK);
	assert_int_equal(store_is_empty(copy, &empty, &e), ST_OK);
	assert_true(empty);
	store_close(copy);
	/* Never over the database itself. */
	assert_int_equal(store_backup(f->st, f->path, NULL, NULL, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "is the database itself"));
	assert_int_equal(count_reports(f->st, f->mid), 2);
}

static void test_restore(void **state)
{
	struct fixture *f = *state;
	char backup[128];
	struct store *t = NULL;
	struct seen s = {0};
	bool empty = false;
	FILE *fp;
	struct err e;

	snprintf(backup, sizeof(backup), "%s.bak", f->copy);
	unlink(backup);
	assert_int_equal(store_backup(f->st, backup, NULL, NULL, &e), ST_OK);
	assert_int_equal(store_open(f->copy_url, &t, &e), ST_OK);
	assert_int_equal(store_is_empty(t, &empty, &e), ST_OK);
	assert_true(empty);

	/* Not a database: refused, nothing changed. */
	fp = fopen("/tmp/observa-maint-plain.txt", "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("not a database\n", fp);
	fclose(fp);
	assert_int_equal(store_restore(t, "/tmp/observa-maint-plain.txt", NULL, NULL, &e),
	                 ST_INVALID);
	assert_non_null(strstr(e.msg, "not a database observa can read"));
	unlink("/tmp/observa-maint-plain.txt");
	assert_int_equal(store_restore(t, "/tmp/observa-maint-none.db", NULL, NULL, &e),
	                 ST_NOT_FOUND);
	assert_int_equal(store_is_empty(t, &empty, &e), ST_OK);
	assert_true(empty);

	/* A real backup. */
	assert_int_equal(store_restore(t, backup, progress, &s, &e), ST_OK);
	assert_true(s.done == s.total && s.total > 0);
	assert_int_equal(store_is_empty(t, &empty, &e), ST_OK);
	assert_false(empty);
	store_close(t);
	assert_int_equal(store_open(f->copy_url, &t, &e), ST_OK);
	assert_int_equal(count_reports(t, f->mid), 2);
	store_close(t);
	unlink(backup);
}

struct found {
	int n;
	char check[32], detail[256];
};

static enum status found(void *ctx, const char *check, const char *detail)
{
	struct found *fd = ctx;

	fd->n++;
	snprintf(fd->check, sizeof(fd->check), "%s", check);
	snprintf(fd->detail, sizeof(fd->detail), "%s", detail);
	return ST_OK;
}

static void test_check_finds_broken_links(void **state)
{
	struct fixture *f = *state;
	struct found fd = {0};
	int64_t problems = -1;
	sqlite3 *db;
	struct err e;

	assert_int_equal(store_check(f->st, found, &fd, &problems, &e), ST_OK);
	assert_int_equal(problems, 0);
	assert_int_equal(fd.n, 0);
	/* Behind observa's back: the first version no longer points to the
	 * second. */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE submission SET superseded_by = NULL"
	                              " WHERE client_id = 'r1'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_check(f->st, found, &fd, &problems, &e), ST_OK);
	assert_int_equal(problems, 1);
	assert_string_equal(fd.check, "versions");
	assert_non_null(strstr(fd.detail, "which does not say it was superseded by it"));
}

int test_store_maint(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_backup_and_restore, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_check_finds_broken_links, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests_name("store_maint", tests, NULL, NULL);
}
