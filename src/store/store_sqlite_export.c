/* store_sqlite_export.c - pages of a mission's records for exports in the
 * SQLite back-end (store_export.h).
 *
 * Each page is one statement: the rows whose id is after the last one
 * read, in id order, up to a limit.  "+x.mission_id" keeps SQLite off the
 * indexes that start with mission_id, so that it walks the table's rowids
 * from the key instead of reading and sorting every row of the mission
 * for each page: a page costs the same at the end of a million reports as
 * at the start.  Parameters: ?1 mission, ?2 after, ?3 upto, ?4 limit,
 * then the filters. */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "store/store_sqlite.h"

/* "the location with code ?N and every location below it". */
#define BELOW(n)                                                                         \
	"(WITH RECURSIVE below(id) AS (SELECT id FROM location WHERE mission_id = ?1"    \
	" AND code = ?" #n " UNION ALL SELECT l.id FROM location l"                      \
	" JOIN below ON l.parent_id = below.id) SELECT id FROM below)"

struct page_run {
	const char *what;
	struct store_page *p;
	int64_t mission_id;
	void (*bind)(sqlite3_stmt *st, const void *arg); /* ?5 ... */
	const void *arg;
	/* One row: its key in *key, then handed to the caller's callback. */
	enum status (*row)(sqlite3_stmt *st, void *ctx, int64_t *key);
	void *ctx;
};

/* Prepare sql, bind the page and the filters, and walk the rows. */
static enum status run_page(struct store_sqlite *s, const char *sql, struct page_run *r,
                            struct err *e)
{
	struct store_page *p = r->p;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int step;

	p->rows = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, r->what, e);
	sqlite3_bind_int64(st, 1, r->mission_id);
	sqlite3_bind_int64(st, 2, p->after);
	sqlite3_bind_int64(st, 3, p->upto > 0 ? p->upto : INT64_MAX);
	sqlite3_bind_int64(st, 4, p->limit > 0 ? p->limit : 1);
	if (r->bind)
		r->bind(st, r->arg);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t key = 0;
		rc = r->row(st, r->ctx, &key);
		if (rc)
			break;
		p->rows++;
		p->after = key;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sqlite_fail(s, r->what, e);
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_export_prepare(struct store *base, struct err *e)
{
	return sqlite_exec((struct store_sqlite *)base, "PRAGMA mmap_size = 0", e);
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
	sqlite3_stmt *st;
	int r;

	*id = 0;
	if (sqlite3_prepare_v2(s->db, sql[t], -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading the last id", e);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (r != SQLITE_ROW)
		return sqlite_fail(s, "reading the last id", e);
	return ST_OK;
}

/* ---- observers ---- */

#define OBSERVER_COLUMNS                                                                 \
	"SELECT o.id, o.code, o.full_name, g.name, o.country, o.role,"                   \
	" (SELECT group_concat(phone, ';') FROM (SELECT phone FROM observer_phone"       \
	"   WHERE observer_id = o.id ORDER BY position)),"                               \
	" o.email, o.languages, o.team, o.accreditation_status, o.badge_number,"         \
	" o.requested_on, o.decided_on, o.id_document"                                   \
	" FROM observer o LEFT JOIN organisation g ON g.id = o.organisation_id"

/* The filters of struct observer_filter, as ?5 to ?10. */
#define OBSERVER_FILTER                                                                  \
	" AND (?5 IS NULL OR o.accreditation_status = ?5)"                               \
	" AND (?6 IS NULL OR g.name = ?6) AND (?7 IS NULL OR o.country = ?7)"            \
	" AND (?8 IS NULL OR o.role = ?8) AND (?9 IS NULL OR o.team = ?9)"               \
	" AND (?10 IS NULL OR o.id IN (SELECT observer_id FROM observer_phone"           \
	"   WHERE mission_id = ?1 AND phone = ?10))"

static void bind_observers(sqlite3_stmt *st, const void *arg)
{
	const struct observer_filter *f = arg;

	sqlite_bind_text(st, 5, f->status);
	sqlite_bind_text(st, 6, f->organisation);
	sqlite_bind_text(st, 7, f->country);
	sqlite_bind_text(st, 8, f->role);
	sqlite_bind_text(st, 9, f->team);
	sqlite_bind_text(st, 10, f->phone);
}

struct observer_walk {
	store_export_observer_cb cb;
	void *ctx;
	int64_t index; /* accreditation: rows read so far (the offset) */
};

static enum status observer_row(sqlite3_stmt *st, void *ctx, int64_t *key)
{
	struct observer_walk *w = ctx;
	struct observer o = {
	    .id = sqlite3_column_int64(st, 0),
	    .code = sqlite_col_text(st, 1, NULL),
	    .full_name = sqlite_col_text(st, 2, NULL),
	    .organisation = sqlite_col_text(st, 3, NULL),
	    .country = sqlite_col_text(st, 4, NULL),
	    .role = sqlite_col_text(st, 5, NULL),
	    .phones = sqlite_col_text(st, 6, NULL),
	    .email = sqlite_col_text(st, 7, NULL),
	    .languages = sqlite_col_text(st, 8, NULL),
	    .team = sqlite_col_text(st, 9, NULL),
	    .accreditation_status = sqlite_col_text(st, 10, NULL),
	    .badge_number = sqlite_col_text(st, 11, NULL),
	    .requested_on = sqlite_col_text(st, 12, NULL),
	    .decided_on = sqlite_col_text(st, 13, NULL),
	    .id_document = sqlite_col_text(st, 14, NULL),
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

	return run_page((struct store_sqlite *)base,
	                OBSERVER_COLUMNS " WHERE +o.mission_id = ?1 AND o.id > ?2"
	                                 " AND o.id <= ?3" OBSERVER_FILTER
	                                 " ORDER BY o.id LIMIT ?4",
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

	return run_page((struct store_sqlite *)base,
	                OBSERVER_COLUMNS " WHERE o.mission_id = ?1" OBSERVER_FILTER
	                                 " ORDER BY coalesce(g.name, ''),"
	                                 " coalesce(o.country, ''), o.full_name, o.code"
	                                 " LIMIT ?4 OFFSET ?2",
	                &r, e);
}

/* ---- locations ---- */

struct location_walk {
	store_export_location_cb cb;
	void *ctx;
};

static void bind_locations(sqlite3_stmt *st, const void *arg)
{
	const struct export_location_filter *f = arg;

	sqlite_bind_text(st, 5, f->level);
	sqlite_bind_text(st, 6, f->region);
}

static enum status location_row(sqlite3_stmt *st, void *ctx, int64_t *key)
{
	struct location_walk *w = ctx;
	struct location l = {
	    .id = sqlite3_column_int64(st, 0),
	    .code = sqlite_col_text(st, 1, NULL),
	    .name = sqlite_col_text(st, 2, NULL),
	    .level = sqlite_col_text(st, 3, NULL),
	    .parent = sqlite_col_text(st, 4, NULL),
	    .registered_voters = sqlite3_column_type(st, 5) == SQLITE_NULL
	                             ? -1
	                             : sqlite3_column_int64(st, 5),
	    .has_coords = sqlite3_column_type(st, 6) != SQLITE_NULL &&
	                  sqlite3_column_type(st, 7) != SQLITE_NULL,
	    .latitude = sqlite3_column_double(st, 6),
	    .longitude = sqlite3_column_double(st, 7),
	    .stratum = sqlite_col_text(st, 8, NULL),
	};

	*key = l.id;
	return w->cb(w->ctx, &l, sqlite_col_text(st, 9, NULL));
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
	             " AND (?5 IS NULL OR s.level = ?5)"
	             " AND (?6 IS NULL OR s.id IN " BELOW(6) ")"
	                                                     " ORDER BY s.id LIMIT ?4",
	    &r, e);
}

/* ---- reports ---- */

struct submission_walk {
	store_export_submission_cb cb;
	void *ctx;
};

static void bind_submissions(sqlite3_stmt *st, const void *arg)
{
	const struct submission_filter *f = arg;

	sqlite_bind_text(st, 5, f->form);
	sqlite_bind_text(st, 6, f->station);
	sqlite_bind_text(st, 7, f->observer);
	sqlite_bind_text(st, 8, f->channel);
	sqlite_bind_text(st, 9, f->status);
	sqlite_bind_text(st, 10, f->region);
	sqlite_bind_text(st, 11, f->since);
	sqlite3_bind_int(st, 12, f->all_versions);
}

static enum status submission_row(sqlite3_stmt *st, void *ctx, int64_t *key)
{
	struct submission_walk *w = ctx;
	struct stored_submission s = {
	    .id = sqlite3_column_int64(st, 0),
	    .client_id = sqlite_col_text(st, 1, NULL),
	    .replaces = sqlite_col_text(st, 2, NULL),
	    .form = sqlite_col_text(st, 3, NULL),
	    .form_version = sqlite3_column_int64(st, 4),
	    .station = sqlite_col_text(st, 5, NULL),
	    .observer = sqlite_col_text(st, 6, NULL),
	    .observed_at = sqlite_col_text(st, 7, NULL),
	    .received_at = sqlite_col_text(st, 8, NULL),
	    .channel = sqlite_col_text(st, 9, NULL),
	    .answers = sqlite_col_text(st, 10, NULL),
	    .comment = sqlite_col_text(st, 11, NULL),
	    .status = sqlite_col_text(st, 12, NULL),
	    .version = sqlite3_column_int64(st, 13),
	    .supersedes = sqlite3_column_int64(st, 14),
	    .superseded_by = sqlite3_column_int64(st, 15),
	};

	*key = s.id;
	return w->cb(w->ctx, &s, sqlite_col_text(st, 16, NULL),
	             sqlite_col_text(st, 17, NULL));
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
	    " x.version, x.supersedes, x.superseded_by, " SQLITE_REGION_OF ", s.name"
	    " FROM submission x JOIN location s ON s.id = x.station_id"
	    " JOIN observer o ON o.id = x.observer_id"
	    " LEFT JOIN submission r ON r.id = x.supersedes" SQLITE_ANCESTORS(
	        "s") " WHERE +x.mission_id = ?1 AND x.id > ?2 AND x.id <= ?3"
	             " AND (?12 OR x.superseded_by IS NULL)"
	             " AND (?5 IS NULL OR x.form = ?5)"
	             " AND (?6 IS NULL OR s.code = ?6) AND (?7 IS NULL OR o.code = ?7)"
	             " AND (?8 IS NULL OR x.channel = ?8) AND (?9 IS NULL OR x.status = "
	             "?9)"
	             " AND (?10 IS NULL OR x.station_id IN " BELOW(
	                 10) ")"
	                     " AND (?11 IS NULL OR x.received_at >= ?11)"
	                     " ORDER BY x.id LIMIT ?4",
	    &r, e);
}

/* ---- inbound SMS ---- */

struct sms_walk {
	store_sms_in_cb cb;
	void *ctx;
};

static void bind_sms(sqlite3_stmt *st, const void *arg)
{
	const struct sms_filter *f = arg;

	sqlite_bind_text(st, 5, f->status);
	sqlite_bind_text(st, 6, f->phone);
}

static enum status sms_row(sqlite3_stmt *st, void *ctx, int64_t *key)
{
	struct sms_walk *w = ctx;
	struct sms_in_row m = {
	    .id = sqlite3_column_int64(st, 0),
	    .mission_id = sqlite3_column_int64(st, 1),
	    .gateway = sqlite_col_text(st, 2, NULL),
	    .gateway_id = sqlite_col_text(st, 3, NULL),
	    .phone = sqlite_col_text(st, 4, NULL),
	    .observer = sqlite_col_text(st, 5, NULL),
	    .text = sqlite_col_text(st, 6, NULL),
	    .received_at = sqlite_col_text(st, 7, NULL),
	    .text_key = sqlite_col_text(st, 8, NULL),
	    .status = sqlite_col_text(st, 9, NULL),
	    .submission_id = sqlite3_column_int64(st, 10),
	    .duplicate_of = sqlite3_column_int64(st, 11),
	    .problems = sqlite_col_text(st, 12, NULL),
	    .reply = sqlite_col_text(st, 13, NULL),
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
	    " AND (?5 IS NULL OR status = ?5) AND (?6 IS NULL OR phone = ?6)"
	    " ORDER BY id LIMIT ?4",
	    &r, e);
}

/* ---- official results ---- */

struct official_walk {
	store_official_cb cb;
	void *ctx;
};

static void bind_official(sqlite3_stmt *st, const void *arg)
{
	const struct official_filter *f = arg;

	sqlite_bind_text(st, 5, f->region);
}

static enum status official_row(sqlite3_stmt *st, void *ctx, int64_t *key)
{
	struct official_walk *w = ctx;
	struct official_result r = {
	    .station = sqlite_col_text(st, 1, NULL),
	    .region = sqlite_col_text(st, 2, NULL),
	    .lines = sqlite_col_text(st, 3, NULL),
	    .source = sqlite_col_text(st, 4, NULL),
	    .updated_at = sqlite_col_text(st, 5, NULL),
	};

	*key = sqlite3_column_int64(st, 0);
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

	return run_page((struct store_sqlite *)base,
	                "SELECT r.station_id, s.code, " SQLITE_REGION_OF ", r.lines,"
	                " r.source, r.updated_at FROM official_result r"
	                " JOIN location s ON s.id = r.station_id" SQLITE_ANCESTORS(
	                    "s") " WHERE r.mission_id = ?1 AND r.station_id > ?2"
	                         " AND r.station_id <= ?3"
	                         " AND (?5 IS NULL OR r.station_id IN " BELOW(
	                             5) ")"
	                                " ORDER BY r.station_id LIMIT ?4",
	                &r, e);
}
