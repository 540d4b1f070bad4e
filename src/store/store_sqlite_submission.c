/* store_sqlite_submission.c - submissions, on db.h: storing with
 * idempotency and corrections, reading, listing and reviewing.
 *
 * submission_put is on the intake's hot path: every statement it runs is
 * prepared once per connection.  The same SQL runs on SQLite and
 * PostgreSQL. */
#include <jansson.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "store/store_sqlite.h"

/* Columns of SQLITE_SUBMISSION_COLUMNS into s. */
static void read_submission(struct db_stmt *st, struct arena *a,
                            struct stored_submission *s)
{
	s->id = db_col_int64(st, 0);
	s->client_id = sdb_col_text(st, 1, a);
	s->replaces = sdb_col_text(st, 2, a);
	s->form = sdb_col_text(st, 3, a);
	s->form_version = db_col_int64(st, 4);
	s->station = sdb_col_text(st, 5, a);
	s->observer = sdb_col_text(st, 6, a);
	s->observed_at = sdb_col_text(st, 7, a);
	s->received_at = sdb_col_text(st, 8, a);
	s->channel = sdb_col_text(st, 9, a);
	s->answers = sdb_col_text(st, 10, a);
	s->comment = sdb_col_text(st, 11, a);
	s->problems = sdb_col_text(st, 12, a);
	s->status = sdb_col_text(st, 13, a);
	s->content_hash = sdb_col_text(st, 14, a);
	s->version = db_col_int64(st, 15);
	s->supersedes = db_col_int64(st, 16);
	s->superseded_by = db_col_int64(st, 17);
	s->reviewed_by = sdb_col_text(st, 18, a);
	s->reviewed_at = sdb_col_text(st, 19, a);
	s->review_note = sdb_col_text(st, 20, a);
	s->sent_by = sdb_col_text(st, 21, a);
	s->origin = sdb_col_text(st, 22, a);
}

bool sqlite_station_level(const char *level)
{
	return strcmp(level, "country") && strcmp(level, "region") &&
	       strcmp(level, "city") && strcmp(level, "abroad");
}

enum status sqlite_station_id(struct store_sqlite *s, int64_t mission_id,
                              const char *code, int64_t *id, struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, SQL_STATION_ID);
	enum status rc;
	bool row;

	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, code);
	rc = sdb_step(s, st, &row, "finding the station", e);
	if (rc)
		return rc;
	if (row) {
		const char *level = db_col_text(st, 1);
		*id = db_col_int64(st, 0);
		if (!sqlite_station_level(level))
			rc =
			    err_set(e, ST_INVALID,
			            "station: \"%s\" is a %s, not a polling station or a "
			            "commission",
			            code, level);
	} else {
		rc = err_set(e, ST_NOT_FOUND,
		             "station: no polling station with code \"%s\"", code);
	}
	db_reset(st);
	return rc;
}

enum status sqlite_observer_id(struct store_sqlite *s, int64_t mission_id,
                               const char *code, int64_t *id, struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, SQL_OBSERVER_ID);
	enum status rc;
	bool row;

	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, code);
	rc = sdb_step(s, st, &row, "finding the observer", e);
	if (rc)
		return rc;
	if (row)
		*id = db_col_int64(st, 0);
	else
		rc = err_set(e, ST_NOT_FOUND, "observer: no observer with code \"%s\"",
		             code);
	db_reset(st);
	return rc;
}

/* What is stored under a client id. */
struct by_client {
	int found;
	int64_t id, version, superseded_by;
	char hash[130];
};

static enum status find_client(struct store_sqlite *s, int64_t mission_id,
                               const char *client_id, struct by_client *out,
                               struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, SQL_SUB_BY_CLIENT);
	enum status rc;
	bool row;

	memset(out, 0, sizeof(*out));
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, client_id);
	rc = sdb_step(s, st, &row, "looking up the report id", e);
	if (rc)
		return rc;
	if (row) {
		const char *h = db_col_text(st, 1);
		out->found = 1;
		out->id = db_col_int64(st, 0);
		snprintf(out->hash, sizeof(out->hash), "%s", h ? h : "");
		out->version = db_col_int64(st, 2);
		out->superseded_by = db_col_int64(st, 3);
	}
	db_reset(st);
	return ST_OK;
}

/* The report already stored under sub->client_id: a duplicate when its
 * content is the same, a conflict otherwise. */
static enum status stored_before(struct store_sqlite *s, int64_t mission_id,
                                 struct stored_submission *sub, enum put_outcome *out,
                                 struct err *e)
{
	struct by_client prior;
	enum status rc = find_client(s, mission_id, sub->client_id, &prior, e);

	if (rc)
		return rc;
	if (!prior.found)
		return err_set(e, ST_DB, "storing the report: its id vanished");
	if (strcmp(prior.hash, sub->content_hash))
		return err_set(e, ST_CONFLICT,
		               "id: a different report with id \"%s\" is already stored; "
		               "send a correction with \"replaces\" or use a new id",
		               sub->client_id);
	sub->id = prior.id;
	sub->version = prior.version;
	*out = PUT_DUPLICATE;
	return ST_OK;
}

/* Insert the row; ST_EXISTS when the client id is taken. */
static enum status insert_submission(struct store_sqlite *s, int64_t mission_id,
                                     struct stored_submission *sub, int64_t sid,
                                     int64_t oid, struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, s->db ? SQL_SUB_INSERT_ROWID : SQL_SUB_INSERT);
	char now[21];
	enum status rc;
	bool row;

	if (!sub->received_at)
		text_now_iso(now);
	/* Every string outlives the step and the reset below: SQLite reads
	 * them in place. */
	db_bind_int64(st, 1, mission_id);
	db_bind_text_kept(st, 2, sub->client_id);
	db_bind_text_kept(st, 3, sub->form);
	db_bind_int64(st, 4, sub->form_version);
	db_bind_int64(st, 5, sid);
	db_bind_int64(st, 6, oid);
	db_bind_text_kept(st, 7, sub->observed_at);
	db_bind_text_kept(st, 8, sub->received_at ? sub->received_at : now);
	db_bind_text_kept(st, 9, sub->channel);
	db_bind_text_kept(st, 10, sub->answers);
	db_bind_text_kept(st, 11, sub->comment);
	db_bind_text_kept(st, 12, sub->problems);
	db_bind_text_kept(st, 13, sub->status);
	db_bind_text_kept(st, 14, sub->content_hash);
	db_bind_int64(st, 15, sub->version);
	if (sub->supersedes)
		db_bind_int64(st, 16, sub->supersedes);
	else
		db_bind_null(st, 16);
	db_bind_text_kept(st, 17, sub->sent_by);
	db_bind_text_kept(st, 18, sub->origin);
	rc = sdb_step(s, st, &row, "storing the report", e);
	if (!rc && s->db && db_changes(st) == 1) {
		sub->id = sqlite3_last_insert_rowid(s->db);
		sqlite_unreported_inserted(s, mission_id, sid, sub->form, sub->id);
	} else if (!rc && row)
		sub->id = db_col_int64(st, 0); /* RETURNING id */
	else if (!rc)
		rc = err_set(e, ST_EXISTS, "storing the report: its id is taken");
	db_reset(st);
	return rc;
}

/* Link the correction sub to the version it replaces (sub->supersedes). */
static enum status supersede(struct store_sqlite *s, struct stored_submission *sub,
                             struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, SQL_SUB_SUPERSEDE);
	enum status rc;

	db_bind_int64(st, 1, sub->supersedes);
	db_bind_int64(st, 2, sub->id);
	rc = sdb_run(s, st, "storing the correction", e);
	db_reset(st);
	return rc;
}

/* On the intake's hot path: a new report costs one INSERT when the caller
 * knows the station's and observer's keys.  The client id's uniqueness is
 * left to the index, and only a collision reads the stored report.  A
 * correction writes twice, so it alone needs a savepoint. */
enum status sqlite_submission_put(struct store *base, int64_t mission_id,
                                  struct stored_submission *sub, enum put_outcome *out,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	int64_t sid = sub->station_id, oid = sub->observer_id;
	struct by_client old;
	enum status rc = ST_OK;

	if (!sid)
		rc = sqlite_station_id(s, mission_id, sub->station, &sid, e);
	if (!rc && !oid)
		rc = sqlite_observer_id(s, mission_id, sub->observer, &oid, e);
	if (rc) {
		/* A report sent again is a duplicate even if, say, its station
		 * was renamed since: look at the id first. */
		struct err e2;
		err_clear(&e2);
		if (sub->client_id &&
		    !find_client(s, mission_id, sub->client_id, &old, &e2) && old.found)
			return stored_before(s, mission_id, sub, out, e);
		return rc;
	}
	sub->station_id = sid;
	sub->observer_id = oid;
	sub->version = 1;
	sub->supersedes = 0;
	if (!sub->replaces) {
		rc = insert_submission(s, mission_id, sub, sid, oid, e);
		if (rc == ST_EXISTS && sub->client_id) {
			err_clear(e);
			return stored_before(s, mission_id, sub, out, e);
		}
		if (!rc)
			*out = PUT_STORED;
		return rc;
	}

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	if (sub->client_id) {
		rc = find_client(s, mission_id, sub->client_id, &old, e);
		if (!rc && old.found) {
			rc = stored_before(s, mission_id, sub, out, e);
			goto out;
		}
	}
	if (!rc)
		rc = find_client(s, mission_id, sub->replaces, &old, e);
	if (rc)
		goto out;
	if (!old.found) {
		rc = err_set(e, ST_NOT_FOUND, "replaces: no report with id \"%s\"",
		             sub->replaces);
		goto out;
	}
	if (old.superseded_by) {
		rc = err_set(e, ST_CONFLICT,
		             "replaces: report \"%s\" has already been corrected; "
		             "correct its latest version",
		             sub->replaces);
		goto out;
	}
	sub->version = old.version + 1;
	sub->supersedes = old.id;
	rc = insert_submission(s, mission_id, sub, sid, oid, e);
	if (!rc)
		rc = supersede(s, sub, e);
	if (!rc)
		*out = PUT_STORED;
out:
	return sqlite_op_end(s, rc);
}

enum status sqlite_submission_get(struct store *base, int64_t mission_id, int64_t id,
                                  struct arena *a, struct stored_submission *out,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_SUB_GET);
	enum status rc;
	bool row;

	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, id);
	rc = sdb_step(s, st, &row, "reading a report", e);
	if (rc)
		return rc;
	if (row)
		read_submission(st, a, out);
	else
		rc = err_set(e, ST_NOT_FOUND, "no report with id %lld", (long long)id);
	db_reset(st);
	return rc;
}

struct submission_args {
	int64_t mission_id;
	const struct submission_filter *f;
};

static void bind_submission_filter(struct db_stmt *st, const void *arg)
{
	const struct submission_args *a = arg;

	db_bind_int64(st, 1, a->mission_id);
	db_bind_text(st, 2, a->f->form);
	db_bind_text(st, 3, a->f->station);
	db_bind_text(st, 4, a->f->observer);
	db_bind_text(st, 5, a->f->channel);
	db_bind_text(st, 6, a->f->status);
	db_bind_text(st, 7, a->f->region);
	db_bind_text(st, 8, a->f->since);
}

struct submission_rows {
	store_submission_cb cb;
	void *ctx;
};

static enum status submission_row(struct db_stmt *st, void *ctx)
{
	struct submission_rows *r = ctx;
	struct stored_submission s;

	read_submission(st, NULL, &s);
	return r->cb(r->ctx, &s);
}

static int by_id_desc(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a > b ? -1 : a < b;
}

enum status sqlite_submission_by_ids(struct store *base, int64_t mission_id,
                                     const int64_t *ids, size_t n, store_submission_cb cb,
                                     void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct submission_rows rows = {cb, ctx};
	int64_t *sorted;
	enum status rc = ST_OK;

	if (!n)
		return ST_OK;
	/* Newest first over every batch: each batch holds the next ids down. */
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, ids, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_id_desc);
	rc = sqlite_read_begin(s, e); /* every batch in one snapshot */
	for (size_t at = 0; !rc && at < n; at += SUB_BY_IDS_BATCH) {
		struct db_stmt *st = sdb_stmt(s, SQL_SUB_BY_IDS);
		bool row;
		db_bind_int64(st, 1, mission_id);
		for (size_t i = 0; i < SUB_BY_IDS_BATCH; i++) /* 0: no report */
			db_bind_int64(st, (int)i + 2, at + i < n ? sorted[at + i] : 0);
		while (!(rc = sdb_step(s, st, &row, "reading reports", e)) && row)
			if ((rc = submission_row(st, &rows)))
				break;
		db_reset(st);
	}
	free(sorted);
	return sqlite_op_end(s, rc);
}

/* The filter's term when given, else one that names its parameter (bound
 * NULL) so that every parameter up to the limit's has a type on
 * PostgreSQL; SQLite evaluates such a constant term once. */
static void filter_term(struct buf *b, const char *given, const char *term, int param)
{
	if (given)
		buf_appends(b, term);
	else
		buf_appendf(b, " AND CAST(?%d AS TEXT) IS NULL", param);
}

enum status sqlite_submission_list(struct store *base, int64_t mission_id,
                                   const struct submission_filter *f, int64_t *total,
                                   store_submission_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct submission_args args = {mission_id, f};
	struct submission_rows rows = {cb, ctx};
	struct sdb_page page = {
	    .what = "listing reports",
	    .bind = bind_submission_filter,
	    .arg = &args,
	    .limit_at = 9,
	    .limit = f->limit,
	    .offset = f->offset,
	    .row = cb ? submission_row : NULL,
	    .ctx = &rows,
	};
	struct buf where;
	char *count_sql, *rows_sql;
	enum status rc;

	buf_init(&where, 4096);
	buf_appends(&where, " WHERE s.mission_id = ?1");
	if (!f->all_versions)
		buf_appends(&where, " AND s.superseded_by IS NULL");
	filter_term(&where, f->form, " AND s.form = ?2", 2);
	filter_term(&where, f->station,
	            " AND s.station_id = (SELECT id FROM location"
	            " WHERE mission_id = ?1 AND code = ?3)",
	            3);
	filter_term(&where, f->observer,
	            " AND s.observer_id = (SELECT id FROM observer"
	            " WHERE mission_id = ?1 AND code = ?4)",
	            4);
	filter_term(&where, f->channel, " AND s.channel = ?5", 5);
	filter_term(&where, f->status, " AND s.status = ?6", 6);
	filter_term(&where, f->region,
	            " AND s.station_id IN (WITH RECURSIVE below(id) AS ("
	            " SELECT id FROM location WHERE mission_id = ?1"
	            " AND code = ?7 UNION ALL SELECT l.id FROM location l"
	            " JOIN below ON l.parent_id = below.id)"
	            " SELECT id FROM below)",
	            7);
	filter_term(&where, f->since, " AND s.received_at >= ?8", 8);
	count_sql = xasprintf("SELECT count(*) FROM submission s%s", where.ptr);
	rows_sql = xasprintf(SQLITE_SUBMISSION_COLUMNS "%s ORDER BY s.id DESC"
	                                               " LIMIT ?9 OFFSET ?10",
	                     where.ptr);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	if (total || !cb) {
		rc = sdb_page_run(s, &page, total, e);
	} else { /* the rows alone: the caller knows the total */
		struct db_stmt *st;
		rc = sdb_prepare(s, rows_sql, 0, &st, page.what, e);
		if (!rc) {
			bind_submission_filter(st, &args);
			db_bind_int64(st, 9, f->limit > 0 ? f->limit : INT64_MAX);
			db_bind_int64(st, 10, f->offset > 0 ? f->offset : 0);
			rc = sdb_each(s, st, submission_row, &rows, page.what, e);
		}
	}
	free(count_sql);
	free(rows_sql);
	buf_release(&where);
	return rc;
}

/* Run sql (SQLITE_SUBMISSION_COLUMNS + clause) with ?1 mission and the
 * binder's parameters, handing every row to cb. */
static enum status each_submission(struct store_sqlite *s, const char *clause,
                                   void (*bind)(struct db_stmt *, const void *),
                                   const void *arg, store_submission_cb cb, void *ctx,
                                   const char *what, struct err *e)
{
	char *sql = xasprintf(SQLITE_SUBMISSION_COLUMNS "%s", clause);
	struct submission_rows rows = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	rc = sdb_prepare(s, sql, 0, &st, what, e);
	free(sql);
	if (rc)
		return rc;
	bind(st, arg);
	return sdb_each(s, st, submission_row, &rows, what, e);
}

struct versions_args {
	int64_t mission_id, id;
};

static void bind_versions(struct db_stmt *st, const void *arg)
{
	const struct versions_args *a = arg;

	db_bind_int64(st, 1, a->mission_id);
	db_bind_int64(st, 2, a->id);
}

enum status sqlite_submission_versions(struct store *base, int64_t mission_id, int64_t id,
                                       store_submission_cb cb, void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct versions_args args = {mission_id, id};

	/* Walk to the first version, then forward along superseded_by.  The
	 * versions are then read by their keys: the unary + keeps SQLite from
	 * walking every report of the mission by an index on the mission
	 * instead (PostgreSQL reads +x as x). */
	return each_submission(
	    s,
	    " WHERE +s.mission_id = ?1 AND s.id IN ("
	    " WITH RECURSIVE back(id, prev) AS ("
	    "  SELECT id, supersedes FROM submission WHERE id = ?2 AND mission_id = ?1"
	    "  UNION SELECT p.id, p.supersedes FROM submission p JOIN back"
	    "  ON p.id = back.prev),"
	    " fwd(id, next) AS ("
	    "  SELECT id, superseded_by FROM submission WHERE id = ?2 AND mission_id = ?1"
	    "  UNION SELECT n.id, n.superseded_by FROM submission n JOIN fwd"
	    "  ON n.id = fwd.next)"
	    " SELECT id FROM back UNION SELECT id FROM fwd) ORDER BY s.version",
	    bind_versions, &args, cb, ctx, "reading the versions of a report", e);
}

enum status sqlite_observer_key(struct store *base, int64_t mission_id, const char *code,
                                int64_t *id, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	enum status rc = sqlite_observer_id(s, mission_id, code, id, e);

	if (rc == ST_NOT_FOUND) {
		err_clear(e);
		*id = 0;
		rc = ST_OK;
	}
	return rc;
}

enum status sqlite_submission_peers(struct store *base, int64_t mission_id,
                                    const char *station, const char *form,
                                    const char *observer, store_submission_cb cb,
                                    void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = sdb_stmt(s, SQL_SUB_PEERS);
	enum status rc;
	bool more;

	/* On the intake's hot path: a cached statement. */
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, station);
	db_bind_text(st, 3, form);
	db_bind_text(st, 4, observer);
	while (!(rc = sdb_step(s, st, &more, "finding other observers' reports", e)) &&
	       more) {
		struct stored_submission sub;
		read_submission(st, NULL, &sub);
		rc = cb(ctx, &sub);
		if (rc)
			break;
	}
	db_reset(st);
	return rc;
}

static char *review_text(const struct stored_submission *s)
{
	json_t *j = json_pack("{s:I, s:s?, s:s, s:s?, s:s?}", "id", (json_int_t)s->id,
	                      "client_id", s->client_id, "status", s->status,
	                      "reviewed_by", s->reviewed_by, "note", s->review_note);
	char *t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(j);
	return t;
}

enum status sqlite_submission_review(struct store *base, int64_t mission_id, int64_t id,
                                     const char *status, const char *note, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct stored_submission old, now;
	char *before = NULL, *after = NULL, stamp[21], key[32];
	struct db_stmt *st = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_submission_get(base, mission_id, id, &a, &old, e);
	if (rc)
		goto out;
	text_now_iso(stamp);
	rc = sdb_prepare(s,
	                 "UPDATE submission SET status = ?2, review_note = ?3,"
	                 " reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1",
	                 0, &st, "reviewing a report", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, status);
	db_bind_text(st, 3, note);
	db_bind_text(st, 4, s->base.actor);
	db_bind_text(st, 5, stamp);
	rc = sdb_run(s, st, "reviewing a report", e);
	if (rc)
		goto out;
	now = old;
	now.status = status;
	now.review_note = note;
	now.reviewed_by = s->base.actor;
	before = review_text(&old);
	after = review_text(&now);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rc = sqlite_audit(s, mission_id, "update", "submission", key, before, after, e);
out:
	if (st)
		db_finalize(st);
	free(before);
	free(after);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

static void bind_mission(struct db_stmt *st, const void *arg)
{
	db_bind_int64(st, 1, *(const int64_t *)arg);
}

enum status sqlite_pvt_reports(struct store *base, int64_t mission_id,
                               store_submission_cb cb, void *ctx, struct err *e)
{
	/* By the index on (mission, station, ...): a few lookups per sample
	 * station rather than a pass over every report of the mission. */
	return each_submission((struct store_sqlite *)base,
	                       " WHERE s.mission_id = ?1 AND s.form = 'PR'"
	                       " AND s.station_id IN (SELECT station_id"
	                       " FROM pvt_sample_station WHERE mission_id = ?1)"
	                       " ORDER BY s.id DESC",
	                       bind_mission, &mission_id, cb, ctx,
	                       "reading the quick count's reports", e);
}
