/* store_sqlite_observer.c - observers, their phones and organisations, on
 * db.h. */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

/* An observer's phone numbers in their order, joined by ';', as a column
 * of a query on observer o.  SQLite 3.40 has group_concat and no
 * string_agg, PostgreSQL string_agg and no group_concat, so the text is
 * chosen by db_kind(). */
#define PHONES_SQLITE                                                                    \
	"(SELECT group_concat(phone, ';') FROM (SELECT phone"                            \
	"   FROM observer_phone WHERE observer_id = o.id"                                \
	"   ORDER BY position))"
#define PHONES_PG                                                                        \
	"(SELECT string_agg(phone, ';' ORDER BY position) FROM observer_phone"           \
	"   WHERE observer_id = o.id)"

/* SQL_OBSERVER_GET (store_sqlite.c, with PHONES_SQLITE) on PostgreSQL. */
static const char observer_get_pg[] =
    "SELECT o.id, o.code, o.full_name, g.name, o.country, o.role, " PHONES_PG ","
    " o.email, o.languages, o.team, o.accreditation_status, o.badge_number,"
    " o.requested_on, o.decided_on, o.id_document FROM observer o"
    " LEFT JOIN organisation g ON g.id = o.organisation_id"
    " WHERE o.mission_id = ?1 AND o.code = ?2";

/* Columns: id, code, full_name, organisation, country, role, phones,
 * email, languages, team, status, badge, requested_on, decided_on,
 * id_document. */
void sqlite_observer_read(struct db_stmt *st, struct arena *a, struct observer *o)
{
	o->id = db_col_int64(st, 0);
	o->code = sdb_col_text(st, 1, a);
	o->full_name = sdb_col_text(st, 2, a);
	o->organisation = sdb_col_text(st, 3, a);
	o->country = sdb_col_text(st, 4, a);
	o->role = sdb_col_text(st, 5, a);
	o->phones = sdb_col_text(st, 6, a);
	o->email = sdb_col_text(st, 7, a);
	o->languages = sdb_col_text(st, 8, a);
	o->team = sdb_col_text(st, 9, a);
	o->accreditation_status = sdb_col_text(st, 10, a);
	o->badge_number = sdb_col_text(st, 11, a);
	o->requested_on = sdb_col_text(st, 12, a);
	o->decided_on = sdb_col_text(st, 13, a);
	o->id_document = sdb_col_text(st, 14, a);
}

enum status sqlite_observer_get(struct store *base, int64_t mission_id, const char *code,
                                struct arena *a, struct observer *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	const char *what = "reading an observer";
	bool pg = db_kind(s->conn) == DB_POSTGRES;
	struct db_stmt *st;
	enum status rc;
	bool row;

	if (pg) {
		rc = sdb_cached(s, observer_get_pg, &st, what, e);
		if (rc)
			return rc;
	} else {
		st = sdb_stmt(s, SQL_OBSERVER_GET);
	}
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, code);
	rc = sdb_step(s, st, &row, what, e);
	if (!rc && !row)
		rc = err_set(e, ST_NOT_FOUND, "no observer with code \"%s\"", code);
	if (!rc)
		sqlite_observer_read(st, a, out);
	if (pg)
		sdb_cached_done(s, st);
	else
		db_reset(st);
	return rc;
}

static int same_str(const char *a, const char *b)
{
	if (a && !*a)
		a = NULL;
	if (b && !*b)
		b = NULL;
	return (!a && !b) || (a && b && !strcmp(a, b));
}

void sqlite_observer_bind(struct db_stmt *st, int64_t mission_id,
                          const struct observer *o, int64_t org_id)
{
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, o->code);
	db_bind_text(st, 3, o->full_name);
	if (org_id)
		db_bind_int64(st, 4, org_id);
	db_bind_text(st, 5, o->country);
	db_bind_text(st, 6, o->role);
	db_bind_text(st, 7, o->email);
	db_bind_text(st, 8, o->languages);
	db_bind_text(st, 9, o->team);
	db_bind_text(st, 10, o->accreditation_status);
	db_bind_text(st, 11, o->badge_number);
	db_bind_text(st, 12, o->requested_on);
	db_bind_text(st, 13, o->decided_on);
	db_bind_text(st, 14, o->id_document);
}

bool sqlite_observer_same(const struct observer *a, const struct observer *b)
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

char *sqlite_observer_text(const struct observer *o)
{
	json_t *j = observer_to_json(o);
	char *t = json_text(j);

	json_decref(j);
	return t;
}

static enum status organisation_id(struct store_sqlite *s, int64_t mission_id,
                                   const char *name, int64_t *id, struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, SQL_ORG_GET);
	enum status rc;
	bool row;

	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, name);
	rc = sdb_step(s, st, &row, "reading an organisation", e);
	if (rc)
		return rc;
	if (row) {
		*id = db_col_int64(st, 0);
		db_reset(st);
		return ST_OK;
	}
	st = sdb_stmt(s, SQL_ORG_INSERT);
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, name);
	rc = sdb_step(s, st, &row, "storing an organisation", e);
	if (rc)
		return rc;
	*id = db_col_int64(st, 0); /* RETURNING id */
	db_reset(st);
	return sqlite_audit(s, mission_id, "create", "organisation", name, NULL, NULL, e);
}

/* Replace the observer's phone numbers with the ';'-separated list. */
static enum status store_phones(struct store_sqlite *s, int64_t mission_id,
                                int64_t observer_id, const char *phones, struct err *e)
{
	const char *what = "storing phone numbers";
	struct db_stmt *st = sdb_stmt(s, SQL_PHONES_DELETE);
	const char *p = phones;
	int pos = 0;
	enum status rc;

	db_bind_int64(st, 1, observer_id);
	rc = sdb_run(s, st, what, e);
	if (rc)
		return rc;
	while (p && *p) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		char phone[64];

		if (n && n < sizeof(phone)) {
			bool row;

			memcpy(phone, p, n);
			phone[n] = '\0';
			st = sdb_stmt(s, SQL_PHONE_OWNER);
			db_bind_int64(st, 1, mission_id);
			db_bind_text(st, 2, phone);
			db_bind_int64(st, 3, observer_id);
			rc = sdb_step(s, st, &row, what, e);
			if (rc)
				return rc;
			if (row) {
				rc = err_set(
				    e, ST_CONFLICT,
				    "phone: %s already belongs to observer \"%s\"", phone,
				    db_col_text(st, 0));
				db_reset(st);
				return rc;
			}
			st = sdb_stmt(s, SQL_PHONE_INSERT);
			db_bind_int64(st, 1, mission_id);
			db_bind_text(st, 2, phone);
			db_bind_int64(st, 3, observer_id);
			db_bind_int64(st, 4, pos++);
			/* The key is (mission, phone) and the phones of other
			 * observers were refused above: a clash is a repeat. */
			rc = sdb_run(s, st, what, e);
			if (rc == ST_EXISTS)
				return err_set(e, ST_INVALID, "phone: %s is listed twice",
				               phone);
			if (rc)
				return rc;
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
	struct db_stmt *st;
	enum status rc;
	bool row;

	if (s->obatch)
		return sqlite_observer_batch_put(s, mission_id, o, res, e);
	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_observer_get(base, mission_id, o->code, &a, &old, e);
	if (rc && rc != ST_NOT_FOUND)
		goto out;
	exists = rc == ST_OK;
	rc = ST_OK;
	err_clear(e); /* "not found" only means the row is new */
	if (exists && sqlite_observer_same(&old, o)) {
		*res = UPSERT_UNCHANGED;
		goto out;
	}
	if (o->organisation && *o->organisation) {
		rc = organisation_id(s, mission_id, o->organisation, &org_id, e);
		if (rc)
			goto out;
	}
	st = sdb_stmt(s, exists ? SQL_OBSERVER_UPDATE : SQL_OBSERVER_INSERT);
	sqlite_observer_bind(st, mission_id, o, org_id);
	rc = sdb_step(s, st, &row, "storing an observer", e);
	if (rc)
		goto out;
	id = exists ? old.id : db_col_int64(st, 0); /* RETURNING id */
	db_reset(st);
	rc = store_phones(s, mission_id, id, o->phones, e);
	if (rc)
		goto out;
	before = exists ? sqlite_observer_text(&old) : NULL;
	after = sqlite_observer_text(o);
	rc = sqlite_audit(s, mission_id, exists ? "update" : "create", "observer",
	                  o->code, before, after, e);
	*res = exists ? UPSERT_UPDATED : UPSERT_INSERTED;
out:
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

/* The filter's values, numbered ?2, ?3 ... in the order the WHERE clause
 * takes them (?1 is the mission): only parameters the SQL names are
 * numbered, as PostgreSQL must know the type of every one from 1 to the
 * highest. */
struct observer_args {
	int64_t mission_id;
	const char *vals[6];
	int n;
};

/* Append cond to where with its parameter's number in place of %d, and
 * keep v to be bound to it. */
static void add_filter(struct buf *where, struct observer_args *a, const char *cond,
                       const char *v)
{
	a->vals[a->n++] = v;
	buf_appendf(where, cond, a->n + 1);
}

static void bind_observer_filter(struct db_stmt *st, const void *arg)
{
	const struct observer_args *a = arg;

	db_bind_int64(st, 1, a->mission_id);
	for (int i = 0; i < a->n; i++)
		db_bind_text(st, i + 2, a->vals[i]);
}

struct observer_rows {
	store_observer_cb cb;
	void *ctx;
};

static enum status observer_row(struct db_stmt *st, void *ctx)
{
	struct observer_rows *r = ctx;
	struct observer o;

	sqlite_observer_read(st, NULL, &o);
	return r->cb(r->ctx, &o);
}

enum status sqlite_observer_list(struct store *base, int64_t mission_id,
                                 const struct observer_filter *f, int64_t *total,
                                 store_observer_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct observer_args args = {.mission_id = mission_id};
	struct observer_rows rows = {cb, ctx};
	struct sdb_page page = {
	    .what = "listing observers",
	    .bind = bind_observer_filter,
	    .arg = &args,
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
		add_filter(&where, &args, " AND o.accreditation_status = ?%d", f->status);
	if (f->organisation)
		add_filter(&where, &args, " AND g.name = ?%d", f->organisation);
	if (f->country)
		add_filter(&where, &args, " AND o.country = ?%d", f->country);
	if (f->role)
		add_filter(&where, &args, " AND o.role = ?%d", f->role);
	if (f->team)
		add_filter(&where, &args, " AND o.team = ?%d", f->team);
	if (f->phone)
		add_filter(&where, &args,
		           " AND o.id IN (SELECT observer_id FROM observer_phone"
		           " WHERE mission_id = ?1 AND phone = ?%d)",
		           f->phone);
	page.limit_at = args.n + 2;
	count_sql = xasprintf("SELECT count(*) FROM observer o"
	                      " LEFT JOIN organisation g ON g.id = o.organisation_id%s",
	                      where.ptr);
	rows_sql =
	    xasprintf("SELECT o.id, o.code, o.full_name, g.name, o.country, o.role, %s,"
	              " o.email, o.languages, o.team, o.accreditation_status,"
	              " o.badge_number, o.requested_on, o.decided_on, o.id_document"
	              " FROM observer o"
	              " LEFT JOIN organisation g ON g.id = o.organisation_id"
	              "%s ORDER BY o.code LIMIT ?%d OFFSET ?%d",
	              db_kind(s->conn) == DB_POSTGRES ? PHONES_PG : PHONES_SQLITE,
	              where.ptr, page.limit_at, page.limit_at + 1);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	rc = sdb_page_run(s, &page, total, e);
	free(count_sql);
	free(rows_sql);
	buf_release(&where);
	return rc;
}

struct tally_walk {
	store_tally_cb cb;
	void *ctx;
};

static enum status tally_row(struct db_stmt *st, void *ctx)
{
	struct tally_walk *w = ctx;
	struct observer_tally_row row = {
	    .status = db_col_text(st, 0),
	    .organisation = db_col_text(st, 1),
	    .country = db_col_text(st, 2),
	    .count = db_col_int64(st, 3),
	};

	return w->cb(w->ctx, &row);
}

enum status sqlite_observer_tally(struct store *base, int64_t mission_id,
                                  store_tally_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct tally_walk w = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	/* Observers without an organisation or a country come first, as
	 * SQLite orders NULL; PostgreSQL is told so. */
	rc = sdb_prepare(s,
	                 "SELECT o.accreditation_status, g.name, o.country, count(*)"
	                 " FROM observer o"
	                 " LEFT JOIN organisation g ON g.id = o.organisation_id"
	                 " WHERE o.mission_id = ?1 GROUP BY 1, 2, 3"
	                 " ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST",
	                 0, &st, "counting observers", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	return sdb_each(s, st, tally_row, &w, "counting observers", e);
}
