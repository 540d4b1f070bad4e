/* store_sqlite_mission.c - missions, on db.h. */
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

static void bind_mission(struct db_stmt *st, const struct mission *m)
{
	db_bind_text(st, 1, m->code);
	db_bind_text(st, 2, m->name);
	db_bind_text(st, 3, m->organisation);
	db_bind_text(st, 4, m->election_type);
	db_bind_text(st, 5, m->election_date);
	db_bind_text(st, 6, m->country);
	db_bind_text(st, 7, m->long_term_start);
	db_bind_text(st, 8, m->long_term_end);
	db_bind_text(st, 9, m->short_term_start);
	db_bind_text(st, 10, m->short_term_end);
	db_bind_text(st, 11, m->settings ? m->settings : "{}");
}

static void read_mission(struct db_stmt *st, struct arena *a, struct mission *m)
{
	m->id = db_col_int64(st, 0);
	m->code = sdb_col_text(st, 1, a);
	m->name = sdb_col_text(st, 2, a);
	m->organisation = sdb_col_text(st, 3, a);
	m->election_type = sdb_col_text(st, 4, a);
	m->election_date = sdb_col_text(st, 5, a);
	m->country = sdb_col_text(st, 6, a);
	m->long_term_start = sdb_col_text(st, 7, a);
	m->long_term_end = sdb_col_text(st, 8, a);
	m->short_term_start = sdb_col_text(st, 9, a);
	m->short_term_end = sdb_col_text(st, 10, a);
	m->settings = sdb_col_text(st, 11, a);
	m->created_at = sdb_col_text(st, 12, a);
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
	struct db_stmt *st;
	char now[21], *after = NULL;
	enum status rc;
	bool row;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	text_now_iso(now);
	st = sdb_stmt(s, SQL_MISSION_INSERT);
	bind_mission(st, m);
	db_bind_text(st, 12, now);
	rc = sdb_step(s, st, &row, "creating the mission", e);
	if (rc == ST_EXISTS)
		rc = err_set(e, ST_EXISTS, "a mission with code \"%s\" already exists",
		             m->code);
	if (rc)
		goto out;
	m->id = db_col_int64(st, 0); /* RETURNING id */
	db_reset(st);
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
	struct db_stmt *st = sdb_stmt(s, SQL_MISSION_GET);
	enum status rc;
	bool row;

	db_bind_text(st, 1, code);
	rc = sdb_step(s, st, &row, "reading the mission", e);
	if (rc)
		return rc;
	if (!row)
		return err_set(e, ST_NOT_FOUND, "no mission with code \"%s\"", code);
	read_mission(st, a, out);
	db_reset(st);
	return ST_OK;
}

enum status sqlite_mission_update(struct store *base, const struct mission *m,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct mission old;
	char *before = NULL, *after = NULL;
	struct db_stmt *st;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_mission_get(base, m->code, &a, &old, e);
	if (rc)
		goto out;
	st = sdb_stmt(s, SQL_MISSION_UPDATE);
	bind_mission(st, m);
	rc = sdb_run(s, st, "updating the mission", e);
	if (rc)
		goto out;
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

struct mission_walk {
	store_mission_cb cb;
	void *ctx;
};

static enum status mission_row(struct db_stmt *st, void *ctx)
{
	struct mission_walk *c = ctx;
	struct mission m;

	read_mission(st, NULL, &m);
	return c->cb(c->ctx, &m);
}

enum status sqlite_mission_list(struct store *base, store_mission_cb cb, void *ctx,
                                struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct mission_walk c = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "SELECT id, code, name, organisation, election_type,"
	                 " election_date, country, long_term_start, long_term_end,"
	                 " short_term_start, short_term_end, settings, created_at"
	                 " FROM mission ORDER BY code",
	                 0, &st, "listing missions", e);
	if (rc)
		return rc;
	return sdb_each(s, st, mission_row, &c, "listing missions", e);
}
