/* store_sqlite_ltm.c - the long-term log's meetings in the SQLite
 * back-end: added, changed and removed with their audit entries, found by
 * date, time, institution and counterpart, listed by date with filters and
 * a word search.  The documents are in store_sqlite_ltm_doc.c. */
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
static void read_row(sqlite3_stmt *st, struct arena *a, struct meeting_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->date = sqlite_col_text(st, 1, a);
	r->time = sqlite_col_text(st, 2, a);
	r->place = sqlite_col_text(st, 3, a);
	r->counterpart = sqlite_col_text(st, 4, a);
	r->institution_kind = sqlite_col_text(st, 5, a);
	r->institution = sqlite_col_text(st, 6, a);
	r->participants = sqlite_col_text(st, 7, a);
	r->topics = sqlite_col_text(st, 8, a);
	r->summary = sqlite_col_text(st, 9, a);
	r->follow_ups = sqlite_col_text(st, 10, a);
	r->created_at = sqlite_col_text(st, 11, a);
	r->ndocuments = sqlite3_column_int64(st, 12);
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

static void bind_fields(sqlite3_stmt *st, const struct meeting *m)
{
	sqlite_bind_text(st, 2, m->date);
	sqlite_bind_text(st, 3, m->time);
	sqlite_bind_text(st, 4, m->place);
	sqlite_bind_text(st, 5, m->counterpart);
	sqlite_bind_text(st, 6, m->institution_kind);
	sqlite_bind_text(st, 7, m->institution);
	sqlite_bind_text(st, 8, m->participants);
	sqlite_bind_text(st, 9, m->topics);
	sqlite_bind_text(st, 10, m->summary);
	sqlite_bind_text(st, 11, m->follow_ups);
}

enum status sqlite_meeting_find(struct store *base, int64_t mission_id, const char *date,
                                const char *time, const char *institution,
                                const char *counterpart, int64_t *id, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	int r;

	*id = 0;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT id FROM meeting WHERE mission_id = ?1 AND date = ?2"
	        " AND coalesce(time, '') = coalesce(?3, '')"
	        " AND institution = ?4"
	        " AND coalesce(counterpart, '') = coalesce(?5, '')",
	        -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "finding a meeting", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite_bind_text(st, 2, date);
	sqlite_bind_text(st, 3, time);
	sqlite_bind_text(st, 4, institution);
	sqlite_bind_text(st, 5, counterpart);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlite_fail(s, "finding a meeting", e);
	return ST_OK;
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
	sqlite3_stmt *st = NULL;
	char now[21], key[24], *after = NULL;
	enum status rc;

	*id = 0;
	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = key_free(base, mission_id, m, 0, e);
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO meeting (mission_id, date, time, place,"
	        " counterpart, institution_kind, institution, participants,"
	        " topics, summary, follow_ups, created_at)"
	        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "storing a meeting", e);
		goto out;
	}
	text_now_iso(now);
	sqlite3_bind_int64(st, 1, mission_id);
	bind_fields(st, m);
	sqlite_bind_text(st, 12, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "storing a meeting", e);
		goto out;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	after = image(m, *id);
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	rc = sqlite_audit(s, mission_id, "create", "meeting", key, NULL, after, e);
out:
	sqlite3_finalize(st);
	free(after);
	if (rc)
		*id = 0;
	return sqlite_op_end(s, rc);
}

enum status sqlite_meeting_get(struct store *base, int64_t mission_id, int64_t id,
                               struct arena *a, struct meeting_row *out, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	if (sqlite3_prepare_v2(s->db,
	                       MEETING_COLUMNS " WHERE m.mission_id = ?1 AND m.id = ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return sqlite_fail(s, "reading a meeting", e);
	sqlite3_bind_int64(st, 1, mission_id);
	sqlite3_bind_int64(st, 2, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		read_row(st, a, out);
	else if (r == SQLITE_DONE)
		rc = err_set(e, ST_NOT_FOUND, "no meeting with id %lld in this mission",
		             (long long)id);
	else
		rc = sqlite_fail(s, "reading a meeting", e);
	sqlite3_finalize(st);
	return rc;
}

enum status sqlite_meeting_update(struct store *base, int64_t mission_id,
                                  const struct meeting *m, bool *changed, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct arena a = ARENA_INIT;
	struct meeting_row old;
	struct meeting was;
	sqlite3_stmt *st = NULL;
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
	if (sqlite3_prepare_v2(
	        s->db,
	        "UPDATE meeting SET date = ?2, time = ?3, place = ?4,"
	        " counterpart = ?5, institution_kind = ?6, institution = ?7,"
	        " participants = ?8, topics = ?9, summary = ?10,"
	        " follow_ups = ?11 WHERE id = ?1 AND mission_id = ?12",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "changing a meeting", e);
		goto out;
	}
	sqlite3_bind_int64(st, 1, m->id);
	bind_fields(st, m);
	sqlite3_bind_int64(st, 12, mission_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "changing a meeting", e);
		goto out;
	}
	snprintf(key, sizeof(key), "%lld", (long long)m->id);
	rc = sqlite_audit(s, mission_id, "update", "meeting", key, before, after, e);
	*changed = !rc;
out:
	sqlite3_finalize(st);
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
	sqlite3_stmt *st = NULL;
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
	if (sqlite3_prepare_v2(s->db,
	                       "DELETE FROM meeting WHERE id = ?1 AND mission_id = ?2",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = sqlite_fail(s, "removing a meeting", e);
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, mission_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite_fail(s, "removing a meeting", e);
		goto out;
	}
	store_meeting_of_row(&old, &was);
	before = image(&was, id);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	rc = sqlite_audit(s, mission_id, "delete", "meeting", key, before, NULL, e);
out:
	sqlite3_finalize(st);
	free(before);
	arena_release(&a);
	return sqlite_op_end(s, rc);
}

/* ---- listing ---- */

/* Parameters: ?1 mission, ?2 from, ?3 to, ?4 kind, ?6 limit, ?7 offset,
 * ?10 and on the search words as LIKE patterns. */
#define WORD_PARAM 10

struct list_args {
	int64_t mission_id;
	const struct meeting_filter *f;
	char *words[STORE_SEARCH_WORDS]; /* "%word%", LIKE's wildcards escaped */
	size_t nwords;
	store_meeting_cb cb;
	void *ctx;
};

static void bind_filter(sqlite3_stmt *st, const void *arg)
{
	const struct list_args *a = arg;

	sqlite3_bind_int64(st, 1, a->mission_id);
	sqlite_bind_text(st, 2, a->f->from);
	sqlite_bind_text(st, 3, a->f->to);
	sqlite_bind_text(st, 4, a->f->institution_kind);
	for (size_t i = 0; i < a->nwords; i++)
		sqlite_bind_text(st, WORD_PARAM + (int)i, a->words[i]);
}

static enum status list_row(sqlite3_stmt *st, void *ctx)
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
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct list_args args = {
	    .mission_id = mission_id, .f = f ? f : &none, .cb = cb, .ctx = ctx};
	struct sqlite_page page = {
	    .what = "listing meetings",
	    .bind = bind_filter,
	    .arg = &args,
	    .limit_at = 6,
	    .limit = args.f->limit,
	    .offset = args.f->offset,
	    .row = cb ? list_row : NULL,
	    .ctx = &args,
	};
	struct buf where;
	char *count_sql = NULL, *rows_sql = NULL;
	enum status rc;

	if (total)
		*total = 0;
	rc = split_words(&args, args.f->q, e);
	if (rc)
		goto out;
	buf_init(&where, BUF_NO_CAP);
	buf_appends(&where, " WHERE m.mission_id = ?1");
	if (args.f->from)
		buf_appends(&where, " AND m.date >= ?2");
	if (args.f->to)
		buf_appends(&where, " AND m.date <= ?3");
	if (args.f->institution_kind)
		buf_appends(&where, " AND m.institution_kind = ?4");
	for (size_t i = 0; i < args.nwords; i++) {
		int n = WORD_PARAM + (int)i;
		buf_appendf(&where,
		            " AND (m.counterpart LIKE ?%d ESCAPE '\\'"
		            " OR m.institution LIKE ?%d ESCAPE '\\'"
		            " OR m.topics LIKE ?%d ESCAPE '\\'"
		            " OR m.summary LIKE ?%d ESCAPE '\\')",
		            n, n, n, n);
	}
	count_sql = xasprintf("SELECT count(*) FROM meeting m%s", where.ptr);
	rows_sql = xasprintf(MEETING_COLUMNS "%s ORDER BY m.date, m.time, m.id"
	                                     " LIMIT ?6 OFFSET ?7",
	                     where.ptr);
	buf_release(&where);
	page.count_sql = count_sql;
	page.rows_sql = rows_sql;
	rc = sqlite_page_run(s, &page, total, e);
out:
	for (size_t i = 0; i < args.nwords; i++)
		free(args.words[i]);
	free(count_sql);
	free(rows_sql);
	return rc;
}
