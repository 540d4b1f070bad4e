/* store_sqlite_mission.c - missions in the SQLite back-end. */
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

static void bind_mission(sqlite3_stmt *st, const struct mission *m)
{
	sqlite_bind_text(st, 1, m->code);
	sqlite_bind_text(st, 2, m->name);
	sqlite_bind_text(st, 3, m->organisation);
	sqlite_bind_text(st, 4, m->election_type);
	sqlite_bind_text(st, 5, m->election_date);
	sqlite_bind_text(st, 6, m->country);
	sqlite_bind_text(st, 7, m->long_term_start);
	sqlite_bind_text(st, 8, m->long_term_end);
	sqlite_bind_text(st, 9, m->short_term_start);
	sqlite_bind_text(st, 10, m->short_term_end);
	sqlite_bind_text(st, 11, m->settings ? m->settings : "{}");
}

static void read_mission(sqlite3_stmt *st, struct arena *a, struct mission *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->code = sqlite_col_text(st, 1, a);
	m->name = sqlite_col_text(st, 2, a);
	m->organisation = sqlite_col_text(st, 3, a);
	m->election_type = sqlite_col_text(st, 4, a);
	m->election_date = sqlite_col_text(st, 5, a);
	m->country = sqlite_col_text(st, 6, a);
	m->long_term_start = sqlite_col_text(st, 7, a);
	m->long_term_end = sqlite_col_text(st, 8, a);
	m->short_term_start = sqlite_col_text(st, 9, a);
	m->short_term_end = sqlite_col_text(st, 10, a);
	m->settings = sqlite_col_text(st, 11, a);
	m->created_at = sqlite_col_text(st, 12, a);
}

static char *mission_text(const struct mission *m)
{
	json_t *j = mission_to_json(m);
	char *t = json_text(j);

	json_decref(j);
	return t;
}

enum status sqlite_mission_create(struct store *base, struct mission *m, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	char now[21], *after = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	text_now_iso(now);
	st = sqlite_stmt(s, SQL_MISSION_INSERT);
	bind_mission(st, m);
	sqlite3_bind_text(st, 12, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "creating the mission", e);
		if (rc == ST_EXISTS)
			rc =
			    err_set(e, ST_EXISTS,
			            "a mission with code \"%s\" already exists", m->code);
		goto out;
	}
	m->id = sqlite3_last_insert_rowid(s->db);
	after = mission_text(m);
	rc = sqlite_audit(s, m->id, "create", "mission", m->code, NULL, after, e);
out:
	free(after);
	return sqlite_op_end(s, rc);
}

enum status sqlite_mission_get(struct store *base, const char *code, struct arena *a,
                               struct mission *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_MISSION_GET);
	int r;

	sqlite_bind_text(st, 1, code);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		read_mission(st, a, out);
		sqlite3_reset(st);
		return ST_OK;
	}
	if (r != SQLITE_DONE)
		return sqlite_fail(s, "reading the mission", e);
	return err_set(e, ST_NOT_FOUND, "no mission with code \"%s\"", code);
}

enum status sqlite_mission_update(struct store *base, const struct mission *m,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct mission old;
	char *before = NULL, *after = NULL;
	sqlite3_stmt *st;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_mission_get(base, m->code, &a, &old, e);
	if (rc)
		goto out;
	st = sqlite_stmt(s, SQL_MISSION_UPDATE);
	bind_mission(st, m);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "updating the mission", e);
		goto out;
	}
	before = mission_text(&old);
	{
		struct mission now = *m;
		now.created_at = old.created_at;
		after = mission_text(&now);
	}
	if (strcmp(before, after))
		rc = sqlite_audit(s, old.id, "update", "mission", m->code, before, after,
		                  e);
out:
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

enum status sqlite_mission_list(struct store *base, store_mission_cb cb, void *ctx,
                                struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT id, code, name, organisation, election_type,"
	                       " election_date, country, long_term_start, long_term_end,"
	                       " short_term_start, short_term_end, settings, created_at"
	                       " FROM mission ORDER BY code",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "listing missions", e);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct mission m;
		read_mission(st, NULL, &m);
		rc = cb(ctx, &m);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "listing missions", e);
	sqlite3_finalize(st);
	return rc;
}
