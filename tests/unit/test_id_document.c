/* test_id_document.c - the passport or identity card an observer is
 * accredited on: what observer_validate() takes and refuses, and a
 * database of the schema before it, which gains the column on opening and
 * keeps what is stored in it, audited as a change like any other field. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "model/observer.h"
#include "store/store.h"
#include "store/store_sqlite.h"
#include "test.h"

static void test_id_document_rules(void **state)
{
	struct observer o = {.code = "O1",
	                     .full_name = "A",
	                     .role = "other",
	                     .accreditation_status = "requested"};
	const char *bad[] = {
	    " N 1", "N 1 ", "N\t1", "N \xff",
	    "12345678901234567890123456789012345678901234567890123456789012345"};
	struct err e;

	(void)state;
	o.id_document = "N 12345678";
	assert_int_equal(observer_validate(&o, &e), ST_OK);
	o.id_document = "паспорт № 45 06 123456";
	assert_int_equal(observer_validate(&o, &e), ST_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.id_document = bad[i];
		err_clear(&e);
		assert_int_equal(observer_validate(&o, &e), ST_INVALID);
		assert_string_equal(e.msg,
		                    "id_document: must be 1 to 64 bytes of UTF-8 without "
		                    "control characters or leading or trailing spaces");
	}
}

/* A database of the schema before id_document gains it, and keeps it. */
static void test_id_document_migration(void **state)
{
	char old[64], oldurl[80];
	struct mission m = {.code = "old",
	                    .name = "old",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct observer o = {.code = "O1",
	                     .full_name = "A",
	                     .role = "other",
	                     .accreditation_status = "accredited",
	                     .id_document = "N 1"};
	struct arena a = ARENA_INIT;
	enum upsert_result res;
	struct observer got;
	struct store *s;
	struct err e;
	int fd;

	(void)state;
	snprintf(old, sizeof(old), "/tmp/observa-export-old-XXXXXX");
	fd = mkstemp(old);
	close(fd);
	unlink(old);
	snprintf(oldurl, sizeof(oldurl), "sqlite:%s", old);
	assert_int_equal(store_sqlite_open_at(old, sqlite_schema_latest - 1, &s, &e),
	                 ST_OK);
	assert_int_equal(store_mission_create(s, &m, &e), ST_OK);
	store_close(s);
	assert_int_equal(store_open(oldurl, &s, &e), ST_OK);
	assert_int_equal(store_observer_upsert(s, m.id, &o, &res, &e), ST_OK);
	assert_int_equal(store_observer_get(s, m.id, "O1", &a, &got, &e), ST_OK);
	assert_string_equal(got.id_document, "N 1");
	/* The same again changes nothing; another document is a change. */
	assert_int_equal(store_observer_upsert(s, m.id, &o, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_UNCHANGED);
	o.id_document = "N 2";
	assert_int_equal(store_observer_upsert(s, m.id, &o, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_UPDATED);
	arena_release(&a);
	store_close(s);
	unlink(old);
	snprintf(oldurl, sizeof(oldurl), "%s-wal", old);
	unlink(oldurl);
	snprintf(oldurl, sizeof(oldurl), "%s-shm", old);
	unlink(oldurl);
}

int test_id_document(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_id_document_rules),
	    cmocka_unit_test(test_id_document_migration),
	};

	return cmocka_run_group_tests_name("id_document", tests, NULL, NULL);
}
