/* test_store.c - the SQLite store: migrations from an older schema, the
 * location tree, observers and phones, transactions, the audit log,
 * observers' credentials. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "model/credential.h"
#include "store/store_sqlite.h"

static char db_path[64];

static int setup(void **state)
{
	int fd;

	snprintf(db_path, sizeof(db_path), "/tmp/observa-test-XXXXXX");
	fd = mkstemp(db_path);
	assert_true(fd >= 0);
	close(fd);
	unlink(db_path);
	return 0;
}

static int teardown(void **state)
{
	char p[96];

	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	return 0;
}

static struct store *open_store(void)
{
	struct store *st;
	struct err e;
	char url[96];

	err_clear(&e);
	snprintf(url, sizeof(url), "sqlite:%s", db_path);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	return st;
}

static int64_t make_mission(struct store *st, const char *code)
{
	struct mission m = {.code = code,
	                    .name = "Test mission",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct err e;

	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	assert_true(m.id > 0);
	return m.id;
}

static enum upsert_result put_location(struct store *st, int64_t mid, const char *code,
                                       const char *level, const char *parent,
                                       enum status want)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res = UPSERT_UNCHANGED;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_location_upsert(st, mid, &l, &res, &e), want);
	return res;
}

static void test_migrates_older_schema(void **state)
{
	struct store *st;
	struct err e;
	sqlite3 *db;
	char *msg = NULL;

	/* A database left at schema version 1, with data in it. */
	assert_int_equal(store_sqlite_open_at(db_path, 1, &st, &e), ST_OK);
	assert_int_equal(store_schema_version(st), 1);
	int64_t mid = make_mission(st, "old-db");
	put_location(st, mid, "KZ", "country", NULL, ST_OK);
	store_close(st);

	/* Opening it normally brings it to the latest version, data intact. */
	st = open_store();
	assert_int_equal(store_schema_version(st), sqlite_schema_latest);
	struct arena a = ARENA_INIT;
	struct location l;
	struct mission m;
	assert_int_equal(store_mission_get(st, "old-db", &a, &m, &e), ST_OK);
	assert_int_equal(store_location_get(st, m.id, "KZ", &a, &l, &e), ST_OK);
	assert_string_equal(l.level, "country");
	arena_release(&a);
	store_close(st);

	/* Version 2 made the audit log append-only. */
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "UPDATE audit_log SET actor = 'x'", NULL, NULL, &msg),
	    SQLITE_OK);
	assert_non_null(strstr(msg, "audit log cannot be changed"));
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log", NULL, NULL, NULL),
	                     SQLITE_OK);
	sqlite3_close(db);
}

static void test_refuses_newer_schema(void **state)
{
	struct store *st = open_store();
	struct err e;
	sqlite3 *db;

	store_close(st);
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	err_clear(&e);
	char url[96];
	snprintf(url, sizeof(url), "sqlite:%s", db_path);
	assert_int_equal(store_open(url, &st, &e), ST_UNSUPPORTED);
	assert_non_null(strstr(e.msg, "newer"));
}

static void test_unknown_scheme(void **state)
{
	struct store *st;
	struct err e;

	assert_int_equal(store_open("mysql://x/y", &st, &e), ST_UNSUPPORTED);
	assert_non_null(strstr(e.msg, "mysql"));
	assert_null(st);
}

static void test_mission_duplicate(void **state)
{
	struct store *st = open_store();
	struct mission m = {.code = "kz-2023",
	                    .name = "x",
	                    .election_type = "senate",
	                    .election_date = "2023-01-14",
	                    .country = "KZ"};
	struct err e;

	make_mission(st, "kz-2023");
	assert_int_equal(store_mission_create(st, &m, &e), ST_EXISTS);
	assert_non_null(strstr(e.msg, "kz-2023"));
	store_close(st);
}

static void test_location_tree(void **state)
{
	struct store *st = open_store();
	int64_t mid = make_mission(st, "tree");
	struct err e;

	assert_int_equal(put_location(st, mid, "KZ", "country", NULL, ST_OK),
	                 UPSERT_INSERTED);
	assert_int_equal(put_location(st, mid, "R1", "region", "KZ", ST_OK),
	                 UPSERT_INSERTED);
	assert_int_equal(put_location(st, mid, "S1", "station", "R1", ST_OK),
	                 UPSERT_INSERTED);
	assert_int_equal(put_location(st, mid, "S1", "station", "R1", ST_OK),
	                 UPSERT_UNCHANGED);
	/* The parent must exist and must not be a station. */
	put_location(st, mid, "S2", "station", "NOPE", ST_NOT_FOUND);
	put_location(st, mid, "S3", "station", "S1", ST_INVALID);
	assert_int_equal(store_location_check_tree(st, mid, &e), ST_OK);

	/* Moving KZ under R1 makes a loop that check_tree names. */
	assert_int_equal(put_location(st, mid, "KZ", "country", "R1", ST_OK),
	                 UPSERT_UPDATED);
	err_clear(&e);
	assert_int_equal(store_location_check_tree(st, mid, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "loop"));
	store_close(st);
}

struct names {
	char buf[512];
};

static enum status collect(void *ctx, const struct location *l)
{
	struct names *n = ctx;
	size_t len = strlen(n->buf);
	snprintf(n->buf + len, sizeof(n->buf) - len, "%s,", l->code);
	return ST_OK;
}

static void test_location_filters(void **state)
{
	struct store *st = open_store();
	int64_t mid = make_mission(st, "filters");
	struct location_filter f = {0};
	struct names n = {{0}};
	int64_t total = -1;
	struct err e;

	put_location(st, mid, "KZ", "country", NULL, ST_OK);
	put_location(st, mid, "01", "region", "KZ", ST_OK);
	put_location(st, mid, "02", "region", "KZ", ST_OK);
	put_location(st, mid, "01-001", "station", "01", ST_OK);
	put_location(st, mid, "01-002", "station", "01", ST_OK);
	put_location(st, mid, "02-001", "station", "02", ST_OK);
	put_location(st, mid, "УИК №592", "station", "02", ST_OK);

	f.level = "station";
	f.limit = 2;
	f.offset = 1;
	assert_int_equal(store_location_list(st, mid, &f, &total, collect, &n, &e),
	                 ST_OK);
	assert_int_equal(total, 4);
	assert_string_equal(n.buf, "01-002,02-001,");

	memset(&f, 0, sizeof(f));
	n.buf[0] = '\0';
	f.parent = "02";
	assert_int_equal(store_location_list(st, mid, &f, &total, collect, &n, &e),
	                 ST_OK);
	assert_int_equal(total, 2);
	assert_string_equal(n.buf, "02-001,УИК №592,");

	memset(&f, 0, sizeof(f));
	n.buf[0] = '\0';
	f.code_prefix = "01";
	assert_int_equal(store_location_list(st, mid, &f, &total, collect, &n, &e),
	                 ST_OK);
	assert_string_equal(n.buf, "01,01-001,01-002,");

	memset(&f, 0, sizeof(f));
	n.buf[0] = '\0';
	f.top = true;
	assert_int_equal(store_location_list(st, mid, &f, &total, collect, &n, &e),
	                 ST_OK);
	assert_string_equal(n.buf, "KZ,");
	store_close(st);
}

static enum status count_rows(void *ctx, const struct observer_tally_row *r)
{
	*(int64_t *)ctx += r->count;
	return ST_OK;
}

static void test_observers_and_phones(void **state)
{
	struct store *st = open_store();
	int64_t mid = make_mission(st, "obs");
	struct observer a = {.code = "A1",
	                     .full_name = "Айгерим Сапарова",
	                     .organisation = "CIS IPA",
	                     .country = "KZ",
	                     .role = "short_term",
	                     .phones = "+77011234567;+77021234567",
	                     .accreditation_status = "requested"};
	struct observer b = a;
	struct arena ar = ARENA_INIT;
	struct observer got;
	enum upsert_result res;
	int64_t n = 0;
	struct err e;

	assert_int_equal(store_observer_upsert(st, mid, &a, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	assert_int_equal(store_observer_get(st, mid, "A1", &ar, &got, &e), ST_OK);
	assert_string_equal(got.phones, "+77011234567;+77021234567");
	assert_string_equal(got.organisation, "CIS IPA");
	assert_string_equal(got.full_name, "Айгерим Сапарова");

	/* Another observer may not take A1's number. */
	b.code = "B1";
	b.phones = "+77021234567";
	err_clear(&e);
	assert_int_equal(store_observer_upsert(st, mid, &b, &res, &e), ST_CONFLICT);
	assert_non_null(strstr(e.msg, "A1"));

	/* Same content: unchanged; a new status: updated. */
	assert_int_equal(store_observer_upsert(st, mid, &a, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_UNCHANGED);
	a.accreditation_status = "accredited";
	a.badge_number = "CEC-1";
	assert_int_equal(store_observer_upsert(st, mid, &a, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_UPDATED);

	assert_int_equal(store_observer_tally(st, mid, count_rows, &n, &e), ST_OK);
	assert_int_equal(n, 1);
	arena_release(&ar);
	store_close(st);
}

static void test_transaction_rollback(void **state)
{
	struct store *st = open_store();
	int64_t mid = make_mission(st, "tx");
	struct location_filter f = {0};
	int64_t total = -1;
	struct err e;

	assert_int_equal(store_begin(st, &e), ST_OK);
	put_location(st, mid, "KZ", "country", NULL, ST_OK);
	put_location(st, mid, "R1", "region", "KZ", ST_OK);
	store_rollback(st);
	assert_int_equal(store_location_list(st, mid, &f, &total, NULL, NULL, &e), ST_OK);
	assert_int_equal(total, 0);
	store_close(st);
}

struct audit_seen {
	int n;
	int saw_update;
};

static enum status audit_cb(void *ctx, const struct audit_entry *a)
{
	struct audit_seen *s = ctx;

	s->n++;
	if (!strcmp(a->action, "update") && !strcmp(a->entity, "location")) {
		s->saw_update = 1;
		assert_non_null(strstr(a->before, "\"Old name\""));
		assert_non_null(strstr(a->after, "\"New name\""));
		assert_string_equal(a->actor, "tester");
		assert_string_equal(a->origin, "10.0.0.9");
	}
	return ST_OK;
}

static void test_audit_before_after(void **state)
{
	struct store *st = open_store();
	int64_t mid = make_mission(st, "audit");
	struct location l = {.code = "KZ",
	                     .name = "Old name",
	                     .level = "country",
	                     .registered_voters = -1};
	struct audit_filter f = {.mission_id = mid};
	struct audit_seen seen = {0};
	enum upsert_result res;
	struct err e;

	store_set_actor(st, "tester", "10.0.0.9");
	assert_int_equal(store_location_upsert(st, mid, &l, &res, &e), ST_OK);
	l.name = "New name";
	assert_int_equal(store_location_upsert(st, mid, &l, &res, &e), ST_OK);
	assert_int_equal(store_audit_list(st, &f, audit_cb, &seen, &e), ST_OK);
	/* mission create, location create, location update */
	assert_int_equal(seen.n, 3);
	assert_true(seen.saw_update);
	store_close(st);
}

struct credential_audit {
	int n;
	const char *token, *pin_hash;
};

static enum status credential_audit_cb(void *ctx, const struct audit_entry *a)
{
	struct credential_audit *s = ctx;

	if (strcmp(a->entity, "credential"))
		return ST_OK;
	s->n++;
	assert_string_equal(a->entity_key, "A1");
	/* Never a secret nor a hash of one. */
	assert_null(strstr(a->after, s->token));
	assert_null(strstr(a->after, "argon2"));
	assert_null(a->before ? strstr(a->before, "argon2") : NULL);
	assert_non_null(strstr(a->after, "\"observer\":\"A1\""));
	return ST_OK;
}

static void test_credentials(void **state)
{
	struct store *st = open_store();
	int64_t mid = make_mission(st, "cred"), other = make_mission(st, "cred2");
	struct observer o = {.code = "A1",
	                     .full_name = "A",
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	struct credential c1, c2;
	struct credential_row row;
	struct arena a = ARENA_INIT;
	struct audit_filter f = {.mission_id = mid};
	struct credential_audit seen = {0};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_observer_upsert(st, mid, &o, &res, &e), ST_OK);
	assert_int_equal(credential_new(&c1, &e), ST_OK);
	assert_int_equal(credential_new(&c2, &e), ST_OK);
	credential_set_digest(&c2, "A1", "cred");
	assert_int_equal(strlen(c2.digest_ha1), 32);
	assert_true(credential_token_shape(c1.token));
	assert_false(credential_token_shape("short"));
	assert_false(
	    credential_token_shape("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+"));
	assert_string_not_equal(c1.token, c2.token);
	assert_int_equal(strlen(c1.pin), 6);
	assert_int_equal(crypto_pwhash_str_verify(c1.pin_hash, c1.pin, 6), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(c1.pin_hash, "x", 1), 0);

	/* None yet; an unknown observer cannot have any. */
	err_clear(&e);
	assert_int_equal(store_credential_get(st, mid, "A1", &a, &row, &e), ST_NOT_FOUND);
	assert_int_equal(store_credential_set(st, mid, "ZZ", c1.token_hash, c1.pin_hash,
	                                      c1.digest_ha1, &res, &e),
	                 ST_NOT_FOUND);
	assert_int_equal(store_credential_set(st, other, "A1", c1.token_hash, c1.pin_hash,
	                                      c1.digest_ha1, &res, &e),
	                 ST_NOT_FOUND);

	assert_int_equal(store_credential_set(st, mid, "A1", c1.token_hash, c1.pin_hash,
	                                      c1.digest_ha1, &res, &e),
	                 ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	assert_int_equal(store_credential_find(st, c1.token_hash, &a, &row, &e), ST_OK);
	assert_string_equal(row.mission, "cred");
	assert_int_equal(row.mission_id, mid);
	assert_string_equal(row.observer, "A1");
	assert_string_equal(row.pin_hash, c1.pin_hash);
	assert_null(row.digest_ha1); /* made without one, as before migration 5 */
	assert_int_equal(store_credential_get(st, mid, "A1", &a, &row, &e), ST_OK);
	assert_null(row.digest_ha1);

	/* Renewed: the old token is no longer found, the new one is. */
	assert_int_equal(store_credential_set(st, mid, "A1", c2.token_hash, c2.pin_hash,
	                                      c2.digest_ha1, &res, &e),
	                 ST_OK);
	assert_int_equal(res, UPSERT_UPDATED);
	assert_int_equal(store_credential_find(st, c1.token_hash, &a, &row, &e),
	                 ST_NOT_FOUND);
	assert_int_equal(store_credential_find(st, c2.token_hash, &a, &row, &e), ST_OK);
	assert_string_equal(row.observer, "A1");
	assert_string_equal(row.digest_ha1, c2.digest_ha1);
	assert_int_equal(store_credential_get(st, mid, "A1", &a, &row, &e), ST_OK);
	assert_string_equal(row.digest_ha1, c2.digest_ha1);

	seen.token = c1.token;
	assert_int_equal(store_audit_list(st, &f, credential_audit_cb, &seen, &e), ST_OK);
	assert_int_equal(seen.n, 2);
	seen.token = c2.token;
	seen.n = 0;
	assert_int_equal(store_audit_list(st, &f, credential_audit_cb, &seen, &e), ST_OK);
	arena_release(&a);
	store_close(st);
}

int test_store(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrates_older_schema, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_newer_schema, setup, teardown),
	    cmocka_unit_test(test_unknown_scheme),
	    cmocka_unit_test_setup_teardown(test_mission_duplicate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_location_tree, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_location_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_observers_and_phones, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_transaction_rollback, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_before_after, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_credentials, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
