/* test_store_conformance_audit.c - the audit log on both back-ends: an
 * entry about the database as a whole (a restore) is written with the
 * store's actor and no mission, and the log refuses to be changed from
 * underneath observa: UPDATE and DELETE (and, on PostgreSQL, TRUNCATE)
 * on audit_log fail, whoever connects, and the entries stay as written. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/db.h"
#include "store/store.h"

struct seen {
	int n;
	char actor[64], action[32], entity[32], key[64], after[128];
	bool mission;
};

static enum status keep(void *ctx, const struct audit_entry *a)
{
	struct seen *s = ctx;

	if (!s->n++) {
		snprintf(s->actor, sizeof(s->actor), "%s", a->actor);
		snprintf(s->action, sizeof(s->action), "%s", a->action);
		snprintf(s->entity, sizeof(s->entity), "%s", a->entity);
		snprintf(s->key, sizeof(s->key), "%s", a->entity_key);
		snprintf(s->after, sizeof(s->after), "%s", a->after ? a->after : "");
		s->mission = a->mission != NULL;
	}
	return ST_OK;
}

static struct seen newest(struct store *st)
{
	struct audit_filter f = {0};
	struct seen s = {0};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_audit_list(st, &f, keep, &s, &e), ST_OK);
	return s;
}

/* sql run on its own connection to the store's database must fail, with
 * the triggers' message. */
static void refused(const char *sql)
{
	struct db *db;
	struct err e;

	err_clear(&e);
	assert_int_equal(db_open(test_store_url(), &db, &e), ST_OK);
	assert_int_not_equal(db_exec(db, sql, &e), ST_OK);
	if (!strstr(e.msg, "audit log cannot be changed"))
		fail_msg("%s: %s", sql, e.msg);
	db_close(db);
}

static void test_restore_noted_and_log_unchangeable(void **state)
{
	struct store *st = test_store_open();
	struct seen s;
	struct err e;
	int total;

	(void)state;
	err_clear(&e);
	test_mission_put(st, "kz");
	store_set_actor(st, "cli:tester", "local");
	assert_int_equal(store_audit_note(st, "restore", "database", "/b/day.db",
	                                  "{\"file\":\"/b/day.db\",\"sha256\":\"ab\"}",
	                                  &e),
	                 ST_OK);
	s = newest(st);
	total = s.n;
	assert_true(total >= 2); /* the mission, then the restore */
	assert_string_equal(s.actor, "cli:tester");
	assert_string_equal(s.action, "restore");
	assert_string_equal(s.entity, "database");
	assert_string_equal(s.key, "/b/day.db");
	assert_non_null(strstr(s.after, "\"sha256\""));
	assert_false(s.mission);

	refused("UPDATE audit_log SET actor = 'someone else'");
	refused("DELETE FROM audit_log");
	refused("DELETE FROM audit_log WHERE action = 'restore'");
	if (!strcmp(test_backend(), "postgres"))
		refused("TRUNCATE audit_log");
	s = newest(st);
	assert_int_equal(s.n, total);
	assert_string_equal(s.actor, "cli:tester");
	test_store_close(st);
}

int test_store_conformance_audit(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_restore_noted_and_log_unchangeable),
	};

	return test_backends("store_conformance_audit", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
