/* store_sqlite_form.c - form definitions and ballot choices, on db.h.  Both
 * bump mission.forms_rev so caches of parsed forms reload; and the
 * registry's version (registry_cache.h). */
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

static enum status bump_revision(struct store_sqlite *s, int64_t mission_id,
                                 struct err *e)
{
	const char *what = "updating the mission";
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s, "UPDATE mission SET forms_rev = forms_rev + 1 WHERE id = ?1",
	                 0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	rc = sdb_run(s, st, what, e);
	db_finalize(st);
	return rc;
}

static void read_form(struct db_stmt *st, struct arena *a, struct form_record *f)
{
	f->code = sdb_col_text(st, 0, a);
	f->version = db_col_int64(st, 1);
	f->kind = sdb_col_text(st, 2, a);
	f->phase = sdb_col_text(st, 3, a);
	f->definition = sdb_col_text(st, 4, a);
	f->updated_at = sdb_col_text(st, 5, a);
	f->level = sdb_col_text(st, 6, a);
}

enum status sqlite_form_get(struct store *base, int64_t mission_id, const char *code,
                            struct arena *a, struct form_record *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	const char *what = "reading a form";
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc =
	    sdb_prepare(s,
	                "SELECT code, version, kind, phase, definition, updated_at, level"
	                " FROM form WHERE mission_id = ?1 AND code = ?2",
	                0, &st, what, e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, code);
	rc = sdb_step(s, st, &row, what, e);
	if (!rc && row)
		read_form(st, a, out);
	else if (!rc)
		rc = err_set(e, ST_NOT_FOUND, "no form with code \"%s\"", code);
	db_finalize(st);
	return rc;
}

enum status sqlite_form_put(struct store *base, int64_t mission_id,
                            const struct form_record *f, enum upsert_result *res,
                            struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	const char *what = "storing a form";
	struct arena a = ARENA_INIT;
	struct form_record old;
	struct db_stmt *st = NULL;
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
	rc = sdb_prepare(s,
	                 "INSERT INTO form (mission_id, code, version, kind, phase,"
	                 " definition, updated_at, level)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	                 " ON CONFLICT (mission_id, code) DO UPDATE SET"
	                 " version = ?3, kind = ?4, phase = ?5, definition = ?6,"
	                 " updated_at = ?7, level = ?8",
	                 0, &st, what, e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, f->code);
	db_bind_int64(st, 3, f->version);
	db_bind_text(st, 4, f->kind);
	db_bind_text(st, 5, f->phase);
	db_bind_text(st, 6, f->definition);
	db_bind_text(st, 7, now);
	db_bind_text(st, 8, f->level ? f->level : "station");
	rc = sdb_run(s, st, what, e);
	if (rc)
		goto out;
	rc = bump_revision(s, mission_id, e);
	if (rc)
		goto out;
	rc = sqlite_audit(s, mission_id, exists ? "update" : "create", "form", f->code,
	                  exists ? old.definition : NULL, f->definition, e);
	*res = exists ? UPSERT_UPDATED : UPSERT_INSERTED;
out:
	db_finalize(st);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

struct form_walk {
	store_form_cb cb;
	void *ctx;
};

static enum status form_row(struct db_stmt *st, void *ctx)
{
	struct form_walk *w = ctx;
	struct form_record f;

	read_form(st, NULL, &f);
	return w->cb(w->ctx, &f);
}

enum status sqlite_form_list(struct store *base, int64_t mission_id, store_form_cb cb,
                             void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct form_walk w = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc =
	    sdb_prepare(s,
	                "SELECT code, version, kind, phase, definition, updated_at, level"
	                " FROM form WHERE mission_id = ?1 ORDER BY code",
	                0, &st, "listing forms", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	return sdb_each(s, st, form_row, &w, "listing forms", e);
}

int64_t sqlite_forms_revision(struct store *base, int64_t mission_id)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_FORMS_REV);
	int64_t rev = -1;
	struct err e;
	bool row;

	/* Asked once per report by the intake's form cache: cached statement.
	 * A failure reads as no revision (-1), so the cache reloads. */
	err_clear(&e);
	db_bind_int64(st, 1, mission_id);
	if (!sdb_step(s, st, &row, "reading the forms' revision", &e) && row)
		rev = db_col_int64(st, 0);
	db_reset(st);
	return rev;
}

/* The choices as one JSON array of {"order", "code", "name", "kind"} in
 * their order, for the audit log; NULL when they cannot be read.  Built
 * here rather than by the database so that the text is the same on every
 * back-end (and as SQLite's json_group_array(json_object(...)) wrote it). */
static char *choices_text(struct store_sqlite *s, int64_t mission_id)
{
	const char *what = "reading ballot choices";
	json_t *arr = json_array();
	struct db_stmt *st;
	struct err e;
	enum status rc;
	bool row;
	char *t = NULL;

	err_clear(&e);
	if (sdb_prepare(s,
	                "SELECT ord, code, name, kind FROM ballot_choice"
	                " WHERE mission_id = ?1 ORDER BY ord",
	                0, &st, what, &e)) {
		json_decref(arr);
		return NULL;
	}
	db_bind_int64(st, 1, mission_id);
	while (!(rc = sdb_step(s, st, &row, what, &e)) && row) {
		json_t *c = json_object();

		json_object_set_new(c, "order", json_integer(db_col_int64(st, 0)));
		for (int i = 1; i <= 3; i++) {
			static const char *const keys[] = {NULL, "code", "name", "kind"};
			const char *v = db_col_text(st, i);

			json_object_set_new(
			    c, keys[i],
			    v ? json_stringn_nocheck(v, db_col_bytes(st, i))
			      : json_null());
		}
		json_array_append_new(arr, c);
	}
	db_finalize(st);
	if (!rc)
		t = json_text(arr);
	json_decref(arr);
	return t;
}

enum status sqlite_choices_replace(struct store *base, int64_t mission_id,
                                   const struct store_choice *c, size_t n, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	const char *what = "storing ballot choices";
	struct db_stmt *del = NULL, *ins = NULL;
	char *before = NULL, *after = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	before = choices_text(s, mission_id);
	rc = sdb_prepare(s, "DELETE FROM ballot_choice WHERE mission_id = ?1", 0, &del,
	                 what, e);
	if (!rc)
		rc = sdb_prepare(
		    s,
		    "INSERT INTO ballot_choice (mission_id, ord, code, name, kind)"
		    " VALUES (?1, ?2, ?3, ?4, ?5)",
		    0, &ins, what, e);
	if (rc)
		goto out;
	db_bind_int64(del, 1, mission_id);
	rc = sdb_run(s, del, what, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		db_reset(ins);
		db_bind_int64(ins, 1, mission_id);
		db_bind_int64(ins, 2, c[i].order);
		db_bind_text(ins, 3, c[i].code);
		db_bind_text(ins, 4, c[i].name);
		db_bind_text(ins, 5, c[i].kind);
		rc = sdb_run(s, ins, what, e);
		if (rc == ST_EXISTS)
			rc = err_set(
			    e, ST_INVALID,
			    "ballot choice %d (%s): its order or code is used twice",
			    c[i].order, c[i].code);
		if (rc)
			goto out;
	}
	rc = bump_revision(s, mission_id, e);
	if (rc)
		goto out;
	after = choices_text(s, mission_id);
	if (!before || !after || strcmp(before, after))
		rc = sqlite_audit(s, mission_id, "update", "ballot", "choices", before,
		                  after, e);
out:
	db_finalize(del);
	db_finalize(ins);
	free(before);
	free(after);
	return sqlite_op_end(s, rc);
}

struct choice_walk {
	store_choice_cb cb;
	void *ctx;
};

static enum status choice_row(struct db_stmt *st, void *ctx)
{
	struct choice_walk *w = ctx;
	struct store_choice c = {
	    .order = (int)db_col_int64(st, 0),
	    .code = db_col_text(st, 1),
	    .name = db_col_text(st, 2),
	    .kind = db_col_text(st, 3),
	};

	return w->cb(w->ctx, &c);
}

enum status sqlite_choices_list(struct store *base, int64_t mission_id,
                                store_choice_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct choice_walk w = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s,
	                 "SELECT ord, code, name, kind FROM ballot_choice"
	                 " WHERE mission_id = ?1 ORDER BY ord",
	                 0, &st, "listing ballot choices", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	return sdb_each(s, st, choice_row, &w, "listing ballot choices", e);
}

enum status sqlite_registry_version(struct store *base, int64_t *n, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_REGISTRY_VERSION);
	enum status rc;
	bool row;

	*n = 0;
	rc = sdb_step(s, st, &row, "reading the registry's version", e);
	if (!rc && row)
		*n = db_col_int64(st, 0);
	else if (!rc)
		rc = err_set(e, ST_DB,
		             "reading the registry's version: the row is missing");
	db_reset(st);
	return rc;
}
