/* store_sqlite_observer.c - observers, their phones and organisations in
 * the SQLite back-end. */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

/* Columns: id, code, full_name, organisation, country, role, phones,
 * email, languages, team, status, badge, requested_on, decided_on,
 * id_document. */
static void read_observer(sqlite3_stmt *st, struct arena *a, struct observer *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->code = sqlite_col_text(st, 1, a);
	o->full_name = sqlite_col_text(st, 2, a);
	o->organisation = sqlite_col_text(st, 3, a);
	o->country = sqlite_col_text(st, 4, a);
	o->role = sqlite_col_text(st, 5, a);
	o->phones = sqlite_col_text(st, 6, a);
	o->email = sqlite_col_text(st, 7, a);
	o->languages = sqlite_col_text(st, 8, a);
	o->team = sqlite_col_text(st, 9, a);
	o->accreditation_status = sqlite_col_text(st, 10, a);
	o->badge_number = sqlite_col_text(st, 11, a);
	o->requested_on = sqlite_col_text(st, 12, a);
	o->decided_on = sqlite_col_text(st, 13, a);
	o->id_document = sqlite_col_text(st, 14, a);
}

enum status sqlite_observer_get(struct store *base, int64_t mission_id, const char *code,
                                struct arena *a, struct observer *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OBSERVER_GET);
	int r;

	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, code);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		read_observer(st, a, out);
		sqlite3_reset(st);
		return ST_OK;
	}
	if (r != SQLITE_DONE)
		return sqlite_fail(s, "reading an observer", e);
	return err_set(e, ST_NOT_FOUND, "no observer with code \"%s\"", code);
}

static int same_str(const char *a, const char *b)
{
	if (a && !*a)
		a = NULL;
	if (b && !*b)
		b = NULL;
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_observer(const struct observer *a, const struct observer *b)
{
	return same_str(a->full_name, b->full_name) &&
	       same_str(a->organisation, b->organisation) &&
	       same_str(a->country, b->country) && same_str(a->role, b->role) &&
	       same_str(a->phones, b->phones) && same_str(a->email, b->email) &&
	       same_str(a->languages, b->languages) && same_str(a->team, b->team) &&
	       same_str(a->accreditation_status, b->accreditation_status) &&
	       same_str(a->badge_number, b->badge_number) &&
	       same_str(a->requested_on, b->requested_on) &&
	       same_str(a->decided_on, b->decided_on) &&
	       same_str(a->id_document, b->id_document);
}

static char *observer_text(const struct observer *o)
{
	json_t *j = observer_to_json(o);
	char *t = json_text(j);

	json_decref(j);
	return t;
}

static enum status organisation_id(struct store_sqlite *s, int64_t mission_id,
                                   const char *name, int64_t *id, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_ORG_GET);
	int r;

	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, name);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return ST_OK;
	}
	if (r != SQLITE_DONE)
		return sqlite_fail(s, "reading an organisation", e);
	st = sqlite_stmt(s, SQL_ORG_INSERT);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, name);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sqlite_fail(s, "storing an organisation", e);
	*id = sqlite3_last_insert_rowid(s->db);
	return sqlite_audit(s, mission_id, "create", "organisation", name, NULL, NULL, e);
}

/* Replace the observer's phone numbers with the ';'-separated list. */
static enum status store_phones(struct store_sqlite *s, int64_t mission_id,
                                int64_t observer_id, const char *phones, struct err *e)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_PHONES_DELETE);
	const char *p = phones;
	int pos = 0;

	sqlite3_bind_int64(st, 1, observer_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sqlite_fail(s, "storing phone numbers", e);
	while (p && *p) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		char phone[64];

		if (n && n < sizeof(phone)) {
			int r;
			memcpy(phone, p, n);
			phone[n] = '\0';
			st = sqlite_stmt(s, SQL_PHONE_OWNER);
			sqlite3_bind_int64(st, 1, mission_id);
			sqlite_bind_text(st, 2, phone);
			sqlite3_bind_int64(st, 3, observer_id);
			r = sqlite3_step(st);
			if (r == SQLITE_ROW)
				return err_set(
				    e, ST_CONFLICT,
				    "phone: %s already belongs to observer \"%s\"", phone,
				    (const char *)sqlite3_column_text(st, 0));
			if (r != SQLITE_DONE)
				return sqlite_fail(s, "storing phone numbers", e);
			st = sqlite_stmt(s, SQL_PHONE_INSERT);
			sqlite3_bind_int64(st, 1, mission_id);
			sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 3, observer_id);
			sqlite3_bind_int(st, 4, pos++);
			if (sqlite3_step(st) != SQLITE_DONE) {
				if (sqlite3_extended_errcode(s->db) ==
				    SQLITE_CONSTRAINT_PRIMARYKEY)
					return err_set(e, ST_INVALID,
					               "phone: %s is listed twice",
					               phone);
				return sqlite_fail(s, "storing phone numbers", e);
			}
		}
		p = semi ? semi + 1 : NULL;
	}
	return ST_OK;
}

enum status sqlite_observer_upsert(struct store *base, int64_t mission_id,
                                   const struct observer *o, enum upsert_result *res,
                                   struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct observer old;
	int64_t org_id = 0, id;
	int exists;
	char *before = NULL, *after = NULL;
	sqlite3_stmt *st;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_observer_get(base, mission_id, o->code, &a, &old, e);
	if (rc && rc != ST_NOT_FOUND)
		goto out;
	exists = rc == ST_OK;
	rc = ST_OK;
	err_clear(e); /* "not found" only means the row is new */
	if (exists && same_observer(&old, o)) {
		*res = UPSERT_UNCHANGED;
		goto out;
	}
	if (o->organisation && *o->organisation) {
		rc = organisation_id(s, mission_id, o->organisation, &org_id, e);
		if (rc)
			goto out;
	}
	st = sqlite_stmt(s, exists ? SQL_OBSERVER_UPDATE : SQL_OBSERVER_INSERT);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, o->code);
	sqlite_bind_text(st, 3, o->full_name);
	if (org_id)
		sqlite3_bind_int64(st, 4, org_id);
	sqlite_bind_text(st, 5, o->country);
	sqlite_bind_text(st, 6, o->role);
	sqlite_bind_text(st, 7, o->email);
	sqlite_bind_text(st, 8, o->languages);
	sqlite_bind_text(st, 9, o->team);
	sqlite_bind_text(st, 10, o->accreditation_status);
	sqlite_bind_text(st, 11, o->badge_number);
	sqlite_bind_text(st, 12, o->requested_on);
	sqlite_bind_text(st, 13, o->decided_on);
	sqlite_bind_text(st, 14, o->id_document);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "storing an observer", e);
		goto out;
	}
	id = exists ? old.id : sqlite3_last_insert_rowid(s->db);
	rc = store_phones(s, mission_id, id, o->phones, e);
	if (rc)
		goto out;
	before = exists ? observer_text(&old) : NULL;
	after = observer_text(o);
	rc = sqlite_audit(s, mission_id, exists ? "update" : "create", "observer",
	                  o->code, before, after, e);
	*res = exists ? UPSERT_UPDATED : UPSERT_INSERTED;
out:
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

struct observer_args {
	int64_t mission_id;
	const struct observer_filter *f;
};

static void bind_observer_filter(sqlite3_stmt *st, const void *arg)
{
	const struct observer_args *a = arg;

	sqlite3_bind_int64(st, 1, a->mission_id);
	sqlite_bind_text(st, 2, a->f->status);
	sqlite_bind_text(st, 3, a->f->organisation);
	sqlite_bind_text(st, 4, a->f->country);
	sqlite_bind_text(st, 5, a->f->role);
	sqlite_bind_text(st, 6, a->f->team);
	sqlite_bind_text(st, 7, a->f->phone);
}

struct observer_rows {
	store_observer_cb cb;
	void *ctx;
};

static enum status observer_row(sqlite3_stmt *st, void *ctx)
{
	struct observer_rows *r = ctx;
	struct observer o;

	read_observer(st, NULL, &o);
	return r->cb(r->ctx, &o);
}

enum status sqlite_observer_list(struct store *base, int64_t mission_id,
                                 const struct observer_filter *f, int64_t *total,
                                 store_observer_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct observer_args args = {mission_id, f};
	struct observer_rows rows = {cb, ctx};
	struct sqlite_page page = {
	    .what = "listing observers",
	    .bind = bind_observer_filter,
	    .arg = &args,
	    .limit_at = 8,
	    .limit = f->limit,
	    .offset = f->offset,
	    .row = cb ? observer_row : NULL,
	    .ctx = &rows,
	};
	struct buf where;
	char *count_sql, *rows_sql;
	enum status rc;

	buf_init(&where, 4096);
	buf_appends(&where, " WHERE o.mission_id = ?1");
	if (f->status)
		buf_appends(&where, " AND o.accreditation_status = ?2");
	if (f->organisation)
		buf_appends(&where, " AND g.name = ?3");
	if (f->country)
		buf_appends(&where, " AND o.country = ?4");
	if (f->role)
		buf_appends(&where, " AND o.role = ?5");
	if (f->team)
		buf_appends(&where, " AND o.team = ?6");
	if (f->phone)
		buf_appends(&where, " AND o.id IN (SELECT observer_id FROM observer_phone"
		                    " WHERE mission_id = ?1 AND phone = ?7)");
	count_sql = xasprintf("SELECT count(*) FROM observer o"
	                      " LEFT JOIN organisation g ON g.id = o.organisation_id%s",
	                      where.ptr);
	rows_sql =
	    xasprintf("SELECT o.id, o.code, o.full_name, g.name, o.country, o.role,"
	              " (SELECT group_concat(phone, ';') FROM (SELECT phone"
	              "   FROM observer_phone WHERE observer_id = o.id"
	              "   ORDER BY position)),"
	              " o.email, o.languages, o.team, o.accreditation_status,"
	              " o.badge_number, o.requested_on, o.decided_on, o.id_document"
	              " FROM observer o"
	              " LEFT JOIN organisation g ON g.id = o.organisation_id"
	              "%s ORDER BY o.code LIMIT ?8 OFFSET ?9",
	              where.ptr);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	rc = sqlite_page_run(s, &page, total, e);
	free(count_sql);
	free(rows_sql);
	buf_release(&where);
	return rc;
}

enum status sqlite_observer_tally(struct store *base, int64_t mission_id,
                                  store_tally_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT o.accreditation_status, g.name, o.country, count(*)"
	        " FROM observer o"
	        " LEFT JOIN organisation g ON g.id = o.organisation_id"
	        " WHERE o.mission_id = ?1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "counting observers", e);
	sqlite3_bind_int64(st, 1, mission_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct observer_tally_row row = {
		    .status = (const char *)sqlite3_column_text(st, 0),
		    .organisation = (const char *)sqlite3_column_text(st, 1),
		    .country = (const char *)sqlite3_column_text(st, 2),
		    .count = sqlite3_column_int64(st, 3),
		};
		rc = cb(ctx, &row);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = sqlite_fail(s, "counting observers", e);
	sqlite3_finalize(st);
	return rc;
}
