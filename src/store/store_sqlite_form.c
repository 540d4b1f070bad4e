/* store_sqlite_form.c - form definitions and ballot choices in the SQLite
 * back-end.  Both bump mission.forms_rev so caches of parsed forms reload. */
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "store/store_sqlite.h"

static enum status bump_revision(struct store_sqlite *s, int64_t mission_id,
                                 struct err *e)
{
	sqlite3_stmt *st;
	enum status rc = ST_OK;

	if (sqlite3_prepare_v2(
	        s->db, "UPDATE mission SET forms_rev = forms_rev + 1 WHERE id = ?1", -1,
	        &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "updating the mission", e);
	sqlite3_bind_int64(st, 1, mission_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_fail(s, "updating the mission", e);
	sqlite3_finalize(st);
	return rc;
}

static void read_form(sqlite3_stmt *st, struct arena *a, struct form_record *f)
{
	f->code = sqlite_col_text(st, 0, a);
	f->version = sqlite3_column_int64(st, 1);
	f->kind = sqlite_col_text(st, 2, a);
	f->phase = sqlite_col_text(st, 3, a);
	f->definition = sqlite_col_text(st, 4, a);
	f->updated_at = sqlite_col_text(st, 5, a);
	f->level = sqlite_col_text(st, 6, a);
}

enum status sqlite_form_get(struct store *base, int64_t mission_id, const char *code,
                            struct arena *a, struct form_record *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc;
	int r;

	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT code, version, kind, phase, definition, updated_at, level"
	        " FROM form WHERE mission_id = ?1 AND code = ?2",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading a form", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, code);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		read_form(st, a, out);
		rc = ST_OK;
	} else if (r == SQLITE_DONE) {
		rc = err_set(e, ST_NOT_FOUND, "no form with code \"%s\"", code);
	} else {
		rc = sqlite_fail(s, "reading a form", e);
	}
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_form_put(struct store *base, int64_t mission_id,
                            const struct form_record *f, enum upsert_result *res,
                            struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct form_record old;
	sqlite3_stmt *st = NULL;
	char now[21];
	int exists;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_form_get(base, mission_id, f->code, &a, &old, e);
	if (rc && rc != ST_NOT_FOUND)
		goto out;
	exists = rc == ST_OK;
	rc = ST_OK;
	err_clear(e);
	if (exists && !strcmp(old.definition, f->definition)) {
		*res = UPSERT_UNCHANGED;
		goto out;
	}
	text_now_iso(now);
	if (sqlite3_prepare_v2(s->db,
	                       "INSERT INTO form (mission_id, code, version, kind, phase,"
	                       " definition, updated_at, level)"
	                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	                       " ON CONFLICT (mission_id, code) DO UPDATE SET"
	                       " version = ?3, kind = ?4, phase = ?5, definition = ?6,"
	                       " updated_at = ?7, level = ?8",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "storing a form", e);
		goto out;
	}
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, f->code);
	sqlite3_bind_int64(st, 3, f->version);
	sqlite_bind_text(st, 4, f->kind);
	sqlite_bind_text(st, 5, f->phase);
	sqlite_bind_text(st, 6, f->definition);
	sqlite_bind_text(st, 7, now);
	sqlite_bind_text(st, 8, f->level ? f->level : "station");
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "storing a form", e);
		goto out;
	}
	rc = bump_revision(s, mission_id, e);
	if (rc)
		goto out;
	rc = sqlite_audit(s, mission_id, exists ? "update" : "create", "form", f->code,
	                  exists ? old.definition : NULL, f->definition, e);
	*res = exists ? UPSERT_UPDATED : UPSERT_INSERTED;
out:
	sqlite3_finalize(st);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

enum status sqlite_form_list(struct store *base, int64_t mission_id, store_form_cb cb,
                             void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT code, version, kind, phase, definition, updated_at, level"
	        " FROM form WHERE mission_id = ?1 ORDER BY code",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "listing forms", e);
	sqlite3_bind_int64(st, 1, mission_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct form_record f;
		read_form(st, NULL, &f);
		rc = cb(ctx, &f);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "listing forms", e);
	sqlite3_finalize(st);
	return rc;
}

int64_t sqlite_forms_revision(struct store *base, int64_t mission_id)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_FORMS_REV);
	int64_t rev = -1;

	/* Asked once per report by the intake's form cache: cached statement. */
	sqlite3_bind_int64(st, 1, mission_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		rev = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rev;
}

/* The choices as one JSON array, for the audit log. */
static char *choices_text(struct store_sqlite *s, int64_t mission_id)
{
	sqlite3_stmt *st;
	char *t = NULL;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT json_group_array(json_object('order', ord, 'code',"
	                       " code, 'name', name, 'kind', kind)) FROM (SELECT * FROM"
	                       " ballot_choice WHERE mission_id = ?1 ORDER BY ord)",
	                       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, mission_id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		t = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return t;
}

enum status sqlite_choices_replace(struct store *base, int64_t mission_id,
                                   const struct store_choice *c, size_t n, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *del = NULL, *ins = NULL;
	char *before = NULL, *after = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	before = choices_text(s, mission_id);
	if (sqlite3_prepare_v2(s->db, "DELETE FROM ballot_choice WHERE mission_id = ?1",
	                       -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO ballot_choice (mission_id, ord, code, name, kind)"
	        " VALUES (?1, ?2, ?3, ?4, ?5)",
	        -1, &ins, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "storing ballot choices", e);
		goto out;
	}
	sqlite3_bind_int64(del, 1, mission_id);
	if (sqlite3_step(del) != SQLITE_DONE) {
		rc = sqlite_fail(s, "storing ballot choices", e);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, mission_id);
		sqlite3_bind_int(ins, 2, c[i].order);
		sqlite_bind_text(ins, 3, c[i].code);
		sqlite_bind_text(ins, 4, c[i].name);
		sqlite_bind_text(ins, 5, c[i].kind);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			rc = sqlite_fail(s, "storing ballot choices", e);
			if (rc == ST_EXISTS)
				rc =
				    err_set(e, ST_INVALID,
				            "ballot choice %d (%s): its order or code is "
				            "used twice",
				            c[i].order, c[i].code);
			goto out;
		}
	}
	rc = bump_revision(s, mission_id, e);
	if (rc)
		goto out;
	after = choices_text(s, mission_id);
	if (!before || !after || strcmp(before, after))
		rc = sqlite_audit(s, mission_id, "update", "ballot", "choices", before,
		                  after, e);
out:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	free(before);
	free(after);
	return sqlite_op_end(s, rc);
}

enum status sqlite_choices_list(struct store *base, int64_t mission_id,
                                store_choice_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       "SELECT ord, code, name, kind FROM ballot_choice"
	                       " WHERE mission_id = ?1 ORDER BY ord",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "listing ballot choices", e);
	sqlite3_bind_int64(st, 1, mission_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_choice c = {
		    .order = sqlite3_column_int(st, 0),
		    .code = (const char *)sqlite3_column_text(st, 1),
		    .name = (const char *)sqlite3_column_text(st, 2),
		    .kind = (const char *)sqlite3_column_text(st, 3),
		};
		rc = cb(ctx, &c);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "listing ballot choices", e);
	sqlite3_finalize(st);
	return rc;
}
