/* store_sqlite_export.c - pages of a mission's records for exports
 * (store_export.h), on db.h.
 *
 * Each page is one statement: the rows whose id is after the last one
 * read, in id order, up to a limit.  "+x.mission_id" keeps SQLite off the
 * indexes that start with mission_id, so that it walks the table's rowids
 * from the key instead of reading and sorting every row of the mission
 * for each page: a page costs the same at the end of a million reports as
 * at the start.  Parameters: ?1 mission, ?2 after, ?3 upto, ?4 limit,
 * then the filters.  Every statement names each of them, its filters as
 * CAST(?N AS TEXT): PostgreSQL must know every parameter's type.
 *
 * On PostgreSQL a page's rows come through a cursor (DB_STREAM), which
 * lives in a transaction: the exports open none of their own (a page is
 * one short query, and nothing is held open between pages while the
 * client downloads), so each page runs in a savepoint of its own
 * (sqlite_read_begin()), closed before the page is handed over. */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "store/store_sqlite.h"

/* "the location with code ?N and every location below it". */
#define BELOW(n)                                                                         \
	"(WITH RECURSIVE below(id) AS (SELECT id FROM location WHERE mission_id = ?1"    \
	" AND code = CAST(?" #n " AS TEXT) UNION ALL SELECT l.id FROM location l"        \
	" JOIN below ON l.parent_id = below.id) SELECT id FROM below)"

struct page_run {
	const char *what;
	struct store_page *p;
	int64_t mission_id;
	void (*bind)(struct db_stmt *st, const void *arg); /* ?5 ... */
	const void *arg;
	/* One row: its key in *key, then handed to the caller's callback. */
	enum status (*row)(struct db_stmt *st, void *ctx, int64_t *key);
	void *ctx;
};

/* Prepare sql, bind the page and the filters, and walk the rows, in a
 * savepoint (the cursor's transaction on PostgreSQL). */
static enum status run_page(struct store_sqlite *s, const char *sql, struct page_run *r,
                            struct err *e)
{
	struct store_page *p = r->p;
	struct db_stmt *st;
	enum status rc;
	bool more;

	p->rows = 0;
	rc = sqlite_read_begin(s, e);
	if (rc)
		return rc;
	rc = sdb_prepare(s, sql, DB_STREAM, &st, r->what, e);
	if (rc)
		return sqlite_op_end(s, rc);
	db_bind_int64(st, 1, r->mission_id);
	db_bind_int64(st, 2, p->after);
	db_bind_int64(st, 3, p->upto > 0 ? p->upto : INT64_MAX);
	db_bind_int64(st, 4, p->limit > 0 ? p->limit : 1);
	if (r->bind)
		r->bind(st, r->arg);
	while (!(rc = sdb_step(s, st, &more, r->what, e)) && more) {
		int64_t key = 0;
		rc = r->row(st, r->ctx, &key);
		if (rc)
			break;
		p->rows++;
		p->after = key;
	}
	db_finalize(st);
	return sqlite_op_end(s, rc);
}

enum status sqlite_export_prepare(struct store *base, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;

	/* PostgreSQL's server holds its own cache: nothing to change here. */
	if (db_kind(s->conn) != DB_SQLITE)
		return ST_OK;
	return sqlite_exec(s, "PRAGMA mmap_size = 0", e);
}

enum status sqlite_export_last_id(struct store *base, enum store_export_table t,
                                  int64_t *id, struct err *e)
{
	static const char *const sql[] = {
	    [STORE_EXPORT_OBSERVERS] = "SELECT max(id) FROM observer",
	    [STORE_EXPORT_LOCATIONS] = "SELECT max(id) FROM location",
	    [STORE_EXPORT_SUBMISSIONS] = "SELECT max(id) FROM submission",
	    [STORE_EXPORT_SMS_IN] = "SELECT max(id) FROM sms_in",
	};
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	*id = 0;
	rc = sdb_prepare(s, sql[t], 0, &st, "reading the last id", e);
	if (rc)
		return rc;
	rc = sdb_step(s, st, &row, "reading the last id", e);
	if (!rc && row)
		*id = db_col_int64(st, 0);
	db_finalize(st);
	return rc;
}

/* ---- observers ---- */

/* An observer's numbers in order, joined by ';' (NULL when none): SQLite
 * has group_concat, PostgreSQL string_agg, so the statements that read
 * them are chosen by db_kind(). */
#define PHONES_SQLITE                                                                    \
	"(SELECT group_concat(phone, ';') FROM (SELECT phone FROM observer_phone"        \
	"   WHERE observer_id = o.id ORDER BY position))"
#define PHONES_PG                                                                        \
	"(SELECT string_agg(phone, ';' ORDER BY position) FROM observer_phone"           \
	"   WHERE observer_id = o.id)"

#define OBSERVER_COLUMNS(phones)                                                         \
	"SELECT o.id, o.code, o.full_name, g.name, o.country, o.role, " phones ","       \
	" o.email, o.languages, o.team, o.accreditation_status, o.badge_number,"         \
	" o.requested_on, o.decided_on, o.id_document"                                   \
	" FROM observer o LEFT JOIN organisation g ON g.id = o.organisation_id"

/* The filters of struct observer_filter, as ?5 to ?10. */
#define OBSERVER_FILTER                                                                  \
	" AND (CAST(?5 AS TEXT) IS NULL"                                                 \
	"   OR o.accreditation_status = CAST(?5 AS TEXT))"                               \
	" AND (CAST(?6 AS TEXT) IS NULL OR g.name = CAST(?6 AS TEXT))"                   \
	" AND (CAST(?7 AS TEXT) IS NULL OR o.country = CAST(?7 AS TEXT))"                \
	" AND (CAST(?8 AS TEXT) IS NULL OR o.role = CAST(?8 AS TEXT))"                   \
	" AND (CAST(?9 AS TEXT) IS NULL OR o.team = CAST(?9 AS TEXT))"                   \
	" AND (CAST(?10 AS TEXT) IS NULL OR o.id IN (SELECT observer_id"                 \
	"   FROM observer_phone WHERE mission_id = ?1 AND phone = CAST(?10 AS TEXT)))"

#define OBSERVERS_WHERE                                                                  \
	" WHERE +o.mission_id = ?1 AND o.id > ?2 AND o.id <= ?3" OBSERVER_FILTER         \
	" ORDER BY o.id LIMIT ?4"

/* ?3 (upto) keys nothing in a list sorted by name: it is named only so
 * that every parameter has a type (and is never NULL: always true). */
#define ACCREDITATION_WHERE                                                              \
	" WHERE o.mission_id = ?1 AND CAST(?3 AS BIGINT) IS NOT NULL" OBSERVER_FILTER    \
	" ORDER BY coalesce(g.name, ''), coalesce(o.country, ''), o.full_name,"          \
	" o.code LIMIT ?4 OFFSET ?2"

static void bind_observers(struct db_stmt *st, const void *arg)
{
	const struct observer_filter *f = arg;

	db_bind_text(st, 5, f->status);
	db_bind_text(st, 6, f->organisation);
	db_bind_text(st, 7, f->country);
	db_bind_text(st, 8, f->role);
	db_bind_text(st, 9, f->team);
	db_bind_text(st, 10, f->phone);
}

struct observer_walk {
	store_export_observer_cb cb;
	void *ctx;
	int64_t index; /* accreditation: rows read so far (the offset) */
};

static enum status observer_row(struct db_stmt *st, void *ctx, int64_t *key)
{
	struct observer_walk *w = ctx;
	struct observer o = {
	    .id = db_col_int64(st, 0),
	    .code = db_col_text(st, 1),
	    .full_name = db_col_text(st, 2),
	    .organisation = db_col_text(st, 3),
	    .country = db_col_text(st, 4),
	    .role = db_col_text(st, 5),
	    .phones = db_col_text(st, 6),
	    .email = db_col_text(st, 7),
	    .languages = db_col_text(st, 8),
	    .team = db_col_text(st, 9),
	    .accreditation_status = db_col_text(st, 10),
	    .badge_number = db_col_text(st, 11),
	    .requested_on = db_col_text(st, 12),
	    .decided_on = db_col_text(st, 13),
	    .id_document = db_col_text(st, 14),
	};

	*key = w->index ? ++w->index - 1 : o.id;
	return w->cb(w->ctx, &o);
}

enum status sqlite_export_observers(struct store *base, int64_t mission_id,
                                    const struct observer_filter *f, struct store_page *p,
                                    store_export_observer_cb cb, void *ctx, struct err *e)
{
	struct observer_walk w = {cb, ctx, 0};
	struct page_run r = {"exporting observers", p, mission_id, bind_observers, f,
	                     observer_row,          &w};
	struct store_sqlite *s = (struct store_sqlite *)base;

	return run_page(s,
	                db_kind(s->conn) == DB_POSTGRES
	                    ? OBSERVER_COLUMNS(PHONES_PG) OBSERVERS_WHERE
	                    : OBSERVER_COLUMNS(PHONES_SQLITE) OBSERVERS_WHERE,
	                &r, e);
}

enum status sqlite_export_accreditation(struct store *base, int64_t mission_id,
                                        const struct observer_filter *f,
                                        struct store_page *p, store_export_observer_cb cb,
                                        void *ctx, struct err *e)
{
	/* The key of the n-th row of the list (from 1) is n: the offset of
	 * the next page.  index starts one past the rows already read. */
	struct observer_walk w = {cb, ctx, p->after + 1};
	struct page_run r = {"exporting the accreditation list",
	                     p,
	                     mission_id,
	                     bind_observers,
	                     f,
	                     observer_row,
	                     &w};
	struct store_sqlite *s = (struct store_sqlite *)base;

	return run_page(s,
	                db_kind(s->conn) == DB_POSTGRES
	                    ? OBSERVER_COLUMNS(PHONES_PG) ACCREDITATION_WHERE
	                    : OBSERVER_COLUMNS(PHONES_SQLITE) ACCREDITATION_WHERE,
	                &r, e);
}

/* ---- locations ---- */

struct location_walk {
	store_export_location_cb cb;
	void *ctx;
};

static void bind_locations(struct db_stmt *st, const void *arg)
{
	const struct export_location_filter *f = arg;

	db_bind_text(st, 5, f->level);
	db_bind_text(st, 6, f->region);
}

static enum status location_row(struct db_stmt *st, void *ctx, int64_t *key)
{
	struct location_walk *w = ctx;
	struct location l = {
	    .id = db_col_int64(st, 0),
	    .code = db_col_text(st, 1),
	    .name = db_col_text(st, 2),
	    .level = db_col_text(st, 3),
	    .parent = db_col_text(st, 4),
	    .registered_voters = db_col_null(st, 5) ? -1 : db_col_int64(st, 5),
	    .has_coords = !db_col_null(st, 6) && !db_col_null(st, 7),
	    .latitude = db_col_double(st, 6),
	    .longitude = db_col_double(st, 7),
	    .stratum = db_col_text(st, 8),
	};

	*key = l.id;
	return w->cb(w->ctx, &l, db_col_text(st, 9));
}

enum status sqlite_export_locations(struct store *base, int64_t mission_id,
                                    const struct export_location_filter *f,
                                    struct store_page *p, store_export_location_cb cb,
                                    void *ctx, struct err *e)
{
	struct location_walk w = {cb, ctx};
	struct page_run r = {"exporting locations", p, mission_id, bind_locations, f,
	                     location_row,          &w};

	return run_page(
	    (struct store_sqlite *)base,
	    "SELECT s.id, s.code, s.name, s.level, p1.code,"
	    " s.registered_voters, s.latitude, s.longitude, s.stratum, " SQLITE_REGION_OF
	    " FROM location s" SQLITE_ANCESTORS(
	        "s") " WHERE +s.mission_id = ?1 AND s.id > ?2 AND s.id <= ?3"
	             " AND (CAST(?5 AS TEXT) IS NULL OR s.level = CAST(?5 AS TEXT))"
	             " AND (CAST(?6 AS TEXT) IS NULL OR s.id IN " BELOW(
	                 6) ")"
	                    " ORDER BY s.id LIMIT ?4",
	    &r, e);
}

/* ---- reports ---- */

struct submission_walk {
	store_export_submission_cb cb;
	void *ctx;
};

static void bind_submissions(struct db_stmt *st, const void *arg)
{
	const struct submission_filter *f = arg;

	db_bind_text(st, 5, f->form);
	db_bind_text(st, 6, f->station);
	db_bind_text(st, 7, f->observer);
	db_bind_text(st, 8, f->channel);
	db_bind_text(st, 9, f->status);
	db_bind_text(st, 10, f->region);
	db_bind_text(st, 11, f->since);
	db_bind_int64(st, 12, f->all_versions ? 1 : 0);
}

static enum status submission_row(struct db_stmt *st, void *ctx, int64_t *key)
{
	struct submission_walk *w = ctx;
	struct stored_submission s = {
	    .id = db_col_int64(st, 0),
	    .client_id = db_col_text(st, 1),
	    .replaces = db_col_text(st, 2),
	    .form = db_col_text(st, 3),
	    .form_version = db_col_int64(st, 4),
	    .station = db_col_text(st, 5),
	    .observer = db_col_text(st, 6),
	    .observed_at = db_col_text(st, 7),
	    .received_at = db_col_text(st, 8),
	    .channel = db_col_text(st, 9),
	    .answers = db_col_text(st, 10),
	    .comment = db_col_text(st, 11),
	    .status = db_col_text(st, 12),
	    .version = db_col_int64(st, 13),
	    .supersedes = db_col_int64(st, 14),
	    .superseded_by = db_col_int64(st, 15),
	    .sent_by = db_col_text(st, 18),
	    .origin = db_col_text(st, 19),
	};

	*key = s.id;
	return w->cb(w->ctx, &s, db_col_text(st, 16), db_col_text(st, 17));
}

enum status sqlite_export_submissions(struct store *base, int64_t mission_id,
                                      const struct submission_filter *f,
                                      struct store_page *p, store_export_submission_cb cb,
                                      void *ctx, struct err *e)
{
	struct submission_walk w = {cb, ctx};
	struct page_run r = {"exporting reports", p, mission_id, bind_submissions, f,
	                     submission_row,      &w};

	return run_page(
	    (struct store_sqlite *)base,
	    "SELECT x.id, x.client_id, r.client_id, x.form, x.form_version, s.code, "
	    "o.code,"
	    " x.observed_at, x.received_at, x.channel, x.answers, x.comment, x.status,"
	    " x.version, x.supersedes, x.superseded_by, " SQLITE_REGION_OF ", s.name,"
	    " x.sent_by, x.origin"
	    " FROM submission x JOIN location s ON s.id = x.station_id"
	    " JOIN observer o ON o.id = x.observer_id"
	    " LEFT JOIN submission r ON r.id = x.supersedes" SQLITE_ANCESTORS(
	        "s") " WHERE +x.mission_id = ?1 AND x.id > ?2 AND x.id <= ?3"
	             " AND (CAST(?12 AS BIGINT) = 1 OR x.superseded_by IS NULL)"
	             " AND (CAST(?5 AS TEXT) IS NULL OR x.form = CAST(?5 AS TEXT))"
	             " AND (CAST(?6 AS TEXT) IS NULL OR s.code = CAST(?6 AS TEXT))"
	             " AND (CAST(?7 AS TEXT) IS NULL OR o.code = CAST(?7 AS TEXT))"
	             " AND (CAST(?8 AS TEXT) IS NULL OR x.channel = CAST(?8 AS TEXT))"
	             " AND (CAST(?9 AS TEXT) IS NULL OR x.status = CAST(?9 AS TEXT))"
	             " AND (CAST(?10 AS TEXT) IS NULL OR x.station_id IN " BELOW(
	                 10) ")"
	                     " AND (CAST(?11 AS TEXT) IS NULL"
	                     "  OR x.received_at >= CAST(?11 AS TEXT))"
	                     " ORDER BY x.id LIMIT ?4",
	    &r, e);
}

/* ---- inbound SMS ---- */

struct sms_walk {
	store_sms_in_cb cb;
	void *ctx;
};

static void bind_sms(struct db_stmt *st, const void *arg)
{
	const struct sms_filter *f = arg;

	db_bind_text(st, 5, f->status);
	db_bind_text(st, 6, f->phone);
}

static enum status sms_row(struct db_stmt *st, void *ctx, int64_t *key)
{
	struct sms_walk *w = ctx;
	struct sms_in_row m = {
	    .id = db_col_int64(st, 0),
	    .mission_id = db_col_int64(st, 1),
	    .gateway = db_col_text(st, 2),
	    .gateway_id = db_col_text(st, 3),
	    .phone = db_col_text(st, 4),
	    .observer = db_col_text(st, 5),
	    .text = db_col_text(st, 6),
	    .received_at = db_col_text(st, 7),
	    .text_key = db_col_text(st, 8),
	    .status = db_col_text(st, 9),
	    .submission_id = db_col_int64(st, 10),
	    .duplicate_of = db_col_int64(st, 11),
	    .problems = db_col_text(st, 12),
	    .reply = db_col_text(st, 13),
	};

	*key = m.id;
	return w->cb(w->ctx, &m);
}

enum status sqlite_export_sms_in(struct store *base, int64_t mission_id,
                                 const struct sms_filter *f, struct store_page *p,
                                 store_sms_in_cb cb, void *ctx, struct err *e)
{
	static const struct sms_filter none = {0};
	struct sms_walk w = {cb, ctx};
	struct page_run r = {"exporting SMS", p,       mission_id, bind_sms,
	                     f ? f : &none,   sms_row, &w};

	return run_page(
	    (struct store_sqlite *)base,
	    "SELECT id, mission_id, gateway, gateway_id, phone, observer, text,"
	    " received_at, text_key, status, submission_id, duplicate_of,"
	    " problems, reply FROM sms_in"
	    " WHERE +mission_id = ?1 AND id > ?2 AND id <= ?3"
	    " AND (CAST(?5 AS TEXT) IS NULL OR status = CAST(?5 AS TEXT))"
	    " AND (CAST(?6 AS TEXT) IS NULL OR phone = CAST(?6 AS TEXT))"
	    " ORDER BY id LIMIT ?4",
	    &r, e);
}

/* ---- official results ---- */

struct official_walk {
	store_official_cb cb;
	void *ctx;
};

static void bind_official(struct db_stmt *st, const void *arg)
{
	const struct official_filter *f = arg;

	db_bind_text(st, 5, f->region);
}

static enum status official_row(struct db_stmt *st, void *ctx, int64_t *key)
{
	struct official_walk *w = ctx;
	struct official_result r = {
	    .station = db_col_text(st, 1),
	    .region = db_col_text(st, 2),
	    .lines = db_col_text(st, 3),
	    .source = db_col_text(st, 4),
	    .updated_at = db_col_text(st, 5),
	};

	*key = db_col_int64(st, 0);
	return w->cb(w->ctx, &r);
}

enum status sqlite_export_official(struct store *base, int64_t mission_id,
                                   const struct official_filter *f, struct store_page *p,
                                   store_official_cb cb, void *ctx, struct err *e)
{
	static const struct official_filter none = {0};
	struct official_walk w = {cb, ctx};
	struct page_run r = {"exporting official results",
	                     p,
	                     mission_id,
	                     bind_official,
	                     f ? f : &none,
	                     official_row,
	                     &w};

	return run_page(
	    (struct store_sqlite *)base,
	    "SELECT r.station_id, s.code, " SQLITE_REGION_OF ", r.lines,"
	    " r.source, r.updated_at FROM official_result r"
	    " JOIN location s ON s.id = r.station_id" SQLITE_ANCESTORS(
	        "s") " WHERE r.mission_id = ?1 AND r.station_id > ?2"
	             " AND r.station_id <= ?3"
	             " AND (CAST(?5 AS TEXT) IS NULL"
	             "  OR r.station_id IN " BELOW(5) ")"
	                                              " ORDER BY r.station_id LIMIT ?4",
	    &r, e);
}
