/* store_sqlite_ltm.c - the long-term log's meetings, on db.h: added,
 * changed and removed with their audit entries, found by date, time,
 * institution and counterpart, listed by date with filters and a word
 * search.  The documents are in store_sqlite_ltm_doc.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "model/ltm_json.h"
#include "model/registry_json.h"
#include "store/store_sqlite.h"

#define MEETING_COLUMNS                                                                  \
	"SELECT m.id, m.date, m.time, m.place, m.counterpart, m.institution_kind,"       \
	" m.institution, m.participants, m.topics, m.summary, m.follow_ups,"             \
	" m.created_at, (SELECT count(*) FROM document d WHERE d.meeting_id = m.id)"     \
	" FROM meeting m"

/* The row st is on, strings in a (NULL: valid until the next step). */
static void read_row(struct db_stmt *st, struct arena *a, struct meeting_row *r)
{
	r->id = db_col_int64(st, 0);
	r->date = sdb_col_text(st, 1, a);
	r->time = sdb_col_text(st, 2, a);
	r->place = sdb_col_text(st, 3, a);
	r->counterpart = sdb_col_text(st, 4, a);
	r->institution_kind = sdb_col_text(st, 5, a);
	r->institution = sdb_col_text(st, 6, a);
	r->participants = sdb_col_text(st, 7, a);
	r->topics = sdb_col_text(st, 8, a);
	r->summary = sdb_col_text(st, 9, a);
	r->follow_ups = sdb_col_text(st, 10, a);
	r->created_at = sdb_col_text(st, 11, a);
	r->ndocuments = db_col_int64(st, 12);
}

/* The audit image of m under id: its fields, not when it was made. */
static char *image(const struct meeting *m, int64_t id)
{
	struct meeting c = *m;
	json_t *j;
	char *text;

	c.id = id;
	c.created_at = NULL;
	j = meeting_to_json(&c);
	text = json_text(j);
	json_decref(j);
	return text;
}

static void bind_fields(struct db_stmt *st, const struct meeting *m)
{
	db_bind_text(st, 2, m->date);
	db_bind_text(st, 3, m->time);
	db_bind_text(st, 4, m->place);
	db_bind_text(st, 5, m->counterpart);
	db_bind_text(st, 6, m->institution_kind);
	db_bind_text(st, 7, m->institution);
	db_bind_text(st, 8, m->participants);
	db_bind_text(st, 9, m->topics);
	db_bind_text(st, 10, m->summary);
	db_bind_text(st, 11, m->follow_ups);
}

enum status sqlite_meeting_find(struct store *base, int64_t mission_id, const char *date,
                                const char *time, const char *institution,
                                const char *counterpart, int64_t *id, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	*id = 0;
	rc =
	    sdb_prepare(s,
	                "SELECT id FROM meeting WHERE mission_id = ?1 AND date = ?2"
	                " AND coalesce(time, '') = coalesce(CAST(?3 AS TEXT), '')"
	                " AND institution = ?4"
	                " AND coalesce(counterpart, '') = coalesce(CAST(?5 AS TEXT), '')",
	                0, &st, "finding a meeting", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, date);
	db_bind_text(st, 3, time);
	db_bind_text(st, 4, institution);
	db_bind_text(st, 5, counterpart);
	rc = sdb_step(s, st, &row, "finding a meeting", e);
	if (!rc && row)
		*id = db_col_int64(st, 0);
	db_finalize(st);
	return rc;
}

/* ST_EXISTS when a meeting other than self has m's key. */
static enum status key_free(struct store *base, int64_t mission_id,
                            const struct meeting *m, int64_t self, struct err *e)
{
	int64_t other = 0;
	enum status rc = sqlite_meeting_find(base, mission_id, m->date, m->time,
	                                     m->institution, m->counterpart, &other, e);

	if (rc || !other || other == self)
		return rc;
	return err_set(e, ST_EXISTS,
	               "the meeting with %s%s%s%s on %s%s%s is already logged as "
	               "meeting %lld",
	               m->institution, m->counterpart ? " (" : "",
	               m->counterpart ? m->counterpart : "", m->counterpart ? ")" : "",
	               m->date, m->time ? " at " : "", m->time ? m->time : "",
	               (long long)other);
}

enum status sqlite_meeting_add(struct store *base, int64_t mission_id,
                               const struct meeting *m, int64_t *id, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st = NULL;
	char now[21], key[24], *after = NULL;
	enum status rc;
	bool row;

	*id = 0;
	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = key_free(base, mission_id, m, 0, e);
	if (rc)
		goto out;
	rc = sdb_prepare(s,
	                 "INSERT INTO meeting (mission_id, date, time, place,"
	                 " counterpart, institution_kind, institution, participants,"
	                 " topics, summary, follow_ups, created_at)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
	                 " RETURNING id",
	                 0, &st, "storing a meeting", e);
	if (rc)
		goto out;
	text_now_iso(now);
	db_bind_int64(st, 1, mission_id);
	bind_fields(st, m);
	db_bind_text(st, 12, now);
	rc = sdb_step(s, st, &row, "storing a meeting", e);
	if (rc)
		goto out;
	*id = db_col_int64(st, 0); /* RETURNING id */
	db_reset(st);
	after = image(m, *id);
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	rc = sqlite_audit(s, mission_id, "create", "meeting", key, NULL, after, e);
out:
	db_finalize(st);
	free(after);
	if (rc)
		*id = 0;
	return sqlite_op_end(s, rc);
}

enum status sqlite_meeting_get(struct store *base, int64_t mission_id, int64_t id,
                               struct arena *a, struct meeting_row *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s, MEETING_COLUMNS " WHERE m.mission_id = ?1 AND m.id = ?2", 0,
	                 &st, "reading a meeting", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_int64(st, 2, id);
	rc = sdb_step(s, st, &row, "reading a meeting", e);
	if (!rc && row)
		read_row(st, a, out);
	else if (!rc)
		rc = err_set(e, ST_NOT_FOUND, "no meeting with id %lld in this mission",
		             (long long)id);
	db_finalize(st);
	return rc;
}

enum status sqlite_meeting_update(struct store *base, int64_t mission_id,
                                  const struct meeting *m, bool *changed, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct meeting_row old;
	struct meeting was;
	struct db_stmt *st = NULL;
	char key[24], *before = NULL, *after = NULL;
	enum status rc;

	*changed = false;
	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_meeting_get(base, mission_id, m->id, &a, &old, e);
	if (rc)
		goto out;
	store_meeting_of_row(&old, &was);
	before = image(&was, m->id);
	after = image(m, m->id);
	if (!strcmp(before, after))
		goto out;
	rc = key_free(base, mission_id, m, m->id, e);
	if (rc)
		goto out;
	rc = sdb_prepare(s,
	                 "UPDATE meeting SET date = ?2, time = ?3, place = ?4,"
	                 " counterpart = ?5, institution_kind = ?6, institution = ?7,"
	                 " participants = ?8, topics = ?9, summary = ?10,"
	                 " follow_ups = ?11 WHERE id = ?1 AND mission_id = ?12",
	                 0, &st, "changing a meeting", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, m->id);
	bind_fields(st, m);
	db_bind_int64(st, 12, mission_id);
	rc = sdb_run(s, st, "changing a meeting", e);
	if (rc)
		goto out;
	snprintf(key, sizeof(key), "%lld", (long long)m->id);
	rc = sqlite_audit(s, mission_id, "update", "meeting", key, before, after, e);
	*changed = !rc;
out:
	db_finalize(st);
	free(before);
	free(after);
	arena_release(&a);
	if (rc)
		*changed = false;
	return sqlite_op_end(s, rc);
}

enum status sqlite_meeting_delete(struct store *base, int64_t mission_id, int64_t id,
                                  struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct meeting_row old;
	struct meeting was;
	struct db_stmt *st = NULL;
	char key[24], *before = NULL;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = sqlite_meeting_get(base, mission_id, id, &a, &old, e);
	if (rc)
		goto out;
	if (old.ndocuments) {
		rc =
		    err_set(e, ST_CONFLICT,
		            "meeting %lld has %lld document%s, which stay in the log; it "
		            "cannot be removed",
		            (long long)id, (long long)old.ndocuments,
		            old.ndocuments == 1 ? "" : "s");
		goto out;
	}
	rc = sdb_prepare(s, "DELETE FROM meeting WHERE id = ?1 AND mission_id = ?2", 0,
	                 &st, "removing a meeting", e);
	if (rc)
		goto out;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, mission_id);
	rc = sdb_run(s, st, "removing a meeting", e);
	if (rc)
		goto out;
	store_meeting_of_row(&old, &was);
	before = image(&was, id);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rc = sqlite_audit(s, mission_id, "delete", "meeting", key, before, NULL, e);
out:
	db_finalize(st);
	free(before);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

/* ---- listing ---- */

/* Parameters: ?1 mission, then, numbered on without gaps (PostgreSQL
 * cannot type a parameter the text never names), from, to and kind when
 * given, the search words as LIKE patterns, and last the limit and
 * offset. */
struct list_args {
	int64_t mission_id;
	const struct meeting_filter *f;
	char *words[STORE_SEARCH_WORDS]; /* "%word%", LIKE's wildcards escaped */
	size_t nwords;
	store_meeting_cb cb;
	void *ctx;
};

static void bind_filter(struct db_stmt *st, const void *arg)
{
	const struct list_args *a = arg;
	int n = 1;

	db_bind_int64(st, n, a->mission_id);
	if (a->f->from)
		db_bind_text(st, ++n, a->f->from);
	if (a->f->to)
		db_bind_text(st, ++n, a->f->to);
	if (a->f->institution_kind)
		db_bind_text(st, ++n, a->f->institution_kind);
	for (size_t i = 0; i < a->nwords; i++)
		db_bind_text(st, ++n, a->words[i]);
}

static enum status list_row(struct db_stmt *st, void *ctx)
{
	struct list_args *a = ctx;
	struct meeting_row r;

	read_row(st, NULL, &r);
	return a->cb(a->ctx, &r);
}

/* Split q at white space into LIKE patterns. */
static enum status split_words(struct list_args *a, const char *q, struct err *e)
{
	const char *p = q;

	while (p && *p) {
		struct buf b;
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (a->nwords == STORE_SEARCH_WORDS)
			return err_set(e, ST_INVALID, "search: at most %d words",
			               STORE_SEARCH_WORDS);
		buf_init(&b, BUF_NO_CAP);
		buf_appendc(&b, '%');
		for (; *p && !isspace((unsigned char)*p); p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_appendc(&b, '\\');
			buf_appendc(&b, *p);
		}
		buf_appendc(&b, '%');
		a->words[a->nwords++] = buf_detach(&b, NULL);
	}
	return ST_OK;
}

enum status sqlite_meeting_list(struct store *base, int64_t mission_id,
                                const struct meeting_filter *f, int64_t *total,
                                store_meeting_cb cb, void *ctx, struct err *e)
{
	static const struct meeting_filter none = {0};
	static const char *const searched[] = {"counterpart", "institution", "topics",
	                                       "summary"};
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct list_args args = {
	    .mission_id = mission_id, .f = f ? f : &none, .cb = cb, .ctx = ctx};
	struct sdb_page page = {
	    .what = "listing meetings",
	    .bind = bind_filter,
	    .arg = &args,
	    .limit = args.f->limit,
	    .offset = args.f->offset,
	    .row = cb ? list_row : NULL,
	    .ctx = &args,
	};
	struct buf where;
	char *count_sql = NULL, *rows_sql = NULL;
	enum status rc;
	int n = 1;

	if (total)
		*total = 0;
	rc = split_words(&args, args.f->q, e);
	if (rc)
		goto out;
	buf_init(&where, BUF_NO_CAP);
	buf_appends(&where, " WHERE m.mission_id = ?1");
	if (args.f->from)
		buf_appendf(&where, " AND m.date >= ?%d", ++n);
	if (args.f->to)
		buf_appendf(&where, " AND m.date <= ?%d", ++n);
	if (args.f->institution_kind)
		buf_appendf(&where, " AND m.institution_kind = ?%d", ++n);
	/* Words match whatever their case, as SQLite's LIKE does by itself and
	 * PostgreSQL's does not: both sides in lower case (ASCII letters, in
	 * both databases' byte collation). */
	for (size_t i = 0; i < args.nwords; i++) {
		++n;
		for (size_t c = 0; c < sizeof(searched) / sizeof(searched[0]); c++)
			buf_appendf(
			    &where,
			    "%slower(m.%s) LIKE lower(CAST(?%d AS TEXT)) ESCAPE '\\'",
			    c ? " OR " : " AND (", searched[c], n);
		buf_appendc(&where, ')');
	}
	page.limit_at = n + 1;
	count_sql = xasprintf("SELECT count(*) FROM meeting m%s", where.ptr);
	/* A meeting without a time comes first on its day, on both. */
	rows_sql =
	    xasprintf(MEETING_COLUMNS "%s ORDER BY m.date, m.time NULLS FIRST, m.id"
	                              " LIMIT ?%d OFFSET ?%d",
	              where.ptr, n + 1, n + 2);
	buf_release(&where);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	rc = sdb_page_run(s, &page, total, e);
out:
	for (size_t i = 0; i < args.nwords; i++)
		free(args.words[i]);
	free(count_sql);
	free(rows_sql);
	return rc;
}
