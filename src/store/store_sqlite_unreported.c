/* store_sqlite_unreported.c - the stations known to have no report of a
 * form yet, so that comparing a new report with its station's others
 * (store_station_reports()) reads nothing when there are none.
 *
 * The writer compares every report it stores with the other current
 * reports of its station and form (double observation), and at most
 * stations there is no other.  A connection counts, per form and station,
 * the reports of one mission:
 *   - each report it inserts itself, when it inserts it;
 *   - the reports already stored, read once (a mission that has more than
 *     UNREPORTED_READ_MAX by then is not followed: the read would hold the
 *     writer up);
 *   - whenever the database's data version has moved since (a commit, its
 *     own or another connection's), the reports whose keys are above the
 *     highest key read before.  SQLite gives a new row a key above every
 *     key in the table, and commits one writer at a time, so these are
 *     all the rows not yet counted.
 * Those reads are made at the start of a write transaction, before the
 * connection inserts anything in it: the highest key read is then always
 * a committed one, and a key handed out again after a rollback is read
 * too.  The counts only ever exceed the truth (a report rolled back,
 * rejected, superseded, or counted both when inserted and when read
 * back), so a station and form counted at zero have no report.  They are
 * used only in the write transaction whose start read them (the data
 * version unchanged), when no other connection can commit.  SQLite only:
 * on PostgreSQL the query runs for every report. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_sqlite.h"

/* A mission with more reports than this when its reports are first read
 * is not followed: reading 100,000 takes about 20 ms from memory, half a
 * second from a cold disk, and the writer waits for it once. */
#define UNREPORTED_READ_MAX 100000

/* Forms followed in the mission, their codes at most CODE_MAX letters
 * (form_code_valid() allows 3); a report of any other form is compared by
 * query.  A form's counts take a byte for each station key up to the
 * highest counted (128 KB for a mission of 100,000 stations); a key above
 * STATION_MAX ends the following, so they never take more than
 * UNREPORTED_FORMS times 4 MB. */
#define UNREPORTED_FORMS 16
#define CODE_MAX         15
#define STATION_MAX      ((int64_t)1 << 22)

enum follow {
	WANTED,    /* a comparison asked: the next write transaction reads */
	FOLLOWING, /* counted */
	OFF,       /* given up on this connection */
};

struct unreported_form {
	char code[CODE_MAX + 1];
	unsigned char *count; /* by station key, saturating at 255 */
	size_t n;
};

struct unreported {
	int64_t mission_id;
	enum follow state;
	int64_t seen;          /* every report with a key up to this is counted */
	unsigned data_version; /* when the counts were last brought up to date */
	struct unreported_form forms[UNREPORTED_FORMS];
	int nforms;
	/* The report this connection inserted last, counted at its insert. */
	int64_t last_id, last_station;
	char last_form[CODE_MAX + 1];
};

static void forget_counts(struct unreported *u)
{
	for (int i = 0; i < u->nforms; i++)
		free(u->forms[i].count);
	u->nforms = 0;
	u->last_id = 0;
}

void sqlite_unreported_free(struct store_sqlite *s)
{
	if (!s->unreported)
		return;
	forget_counts(s->unreported);
	free(s->unreported);
	s->unreported = NULL;
}

static void stop(struct unreported *u)
{
	forget_counts(u);
	u->state = OFF;
}

static struct unreported_form *form_of(struct unreported *u, const char *form, bool add)
{
	for (int i = 0; i < u->nforms; i++)
		if (!strcmp(u->forms[i].code, form))
			return &u->forms[i];
	if (!add || u->nforms == UNREPORTED_FORMS || strlen(form) > CODE_MAX)
		return NULL;
	memcpy(u->forms[u->nforms].code, form, strlen(form) + 1);
	return &u->forms[u->nforms++];
}

/* One more report of form at station; false when it cannot be counted
 * (then nothing is known any more: the caller stops). */
static bool count_one(struct unreported *u, const char *form, int64_t station)
{
	struct unreported_form *f;

	if (!form || station < 0 || station >= STATION_MAX)
		return false;
	f = form_of(u, form, true);
	if (!f)
		return false;
	if ((size_t)station >= f->n) {
		size_t n = f->n ? f->n : 1024;
		while (n <= (size_t)station)
			n *= 2;
		f->count = xrealloc(f->count, n);
		memset(f->count + f->n, 0, n - f->n);
		f->n = n;
	}
	if (f->count[station] < 255)
		f->count[station]++;
	return true;
}

static unsigned data_version(struct store_sqlite *s)
{
	unsigned v = 0;

	sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &v);
	return v;
}

/* Count the mission's reports with keys above u->seen (all of them when
 * none were read yet, then at most UNREPORTED_READ_MAX); u->seen becomes
 * the highest key in the table.  False when a read fails or there were
 * too many. */
static bool read_reports(struct store_sqlite *s, struct unreported *u, bool first)
{
	static const char top_sql[] = "SELECT max(id) FROM submission";
	/* The mission's reports by its index; the newest by key (the '+'
	 * keeps SQLite from scanning the mission's index instead). */
	static const char all_sql[] = "SELECT station_id, form FROM submission"
	                              " WHERE mission_id = ?1 LIMIT ?2";
	static const char new_sql[] = "SELECT station_id, form FROM submission"
	                              " WHERE id > ?2 AND +mission_id = ?1";
	sqlite3_stmt *top, *rows;
	int64_t top_id = 0;
	bool ok = true;
	struct err e;
	int r;

	if (sqlite_cached(s, top_sql, &top, "reading the newest report", &e))
		return false;
	if (sqlite3_step(top) == SQLITE_ROW)
		top_id = sqlite3_column_int64(top, 0);
	else
		ok = false;
	sqlite_cached_done(s, top);
	if (!ok || top_id <= u->seen)
		return ok;
	if (sqlite_cached(s, first ? all_sql : new_sql, &rows,
	                  "reading the newest reports", &e))
		return false;
	sqlite3_bind_int64(rows, 1, u->mission_id);
	sqlite3_bind_int64(rows, 2, first ? UNREPORTED_READ_MAX + 1 : u->seen);
	for (long n = 1; ok && (r = sqlite3_step(rows)) == SQLITE_ROW; n++)
		ok = (!first || n <= UNREPORTED_READ_MAX) &&
		     count_one(u, (const char *)sqlite3_column_text(rows, 1),
		               sqlite3_column_int64(rows, 0));
	if (ok && r != SQLITE_DONE)
		ok = false;
	sqlite_cached_done(s, rows);
	if (ok)
		u->seen = top_id;
	return ok;
}

void sqlite_unreported_begun(struct store_sqlite *s)
{
	struct unreported *u = s->unreported;
	unsigned v;

	if (!u || u->state == OFF)
		return;
	v = data_version(s);
	if (u->state == FOLLOWING && v == u->data_version)
		return;
	if (!read_reports(s, u, u->state == WANTED)) {
		stop(u);
		return;
	}
	u->state = FOLLOWING;
	u->data_version = v;
}

void sqlite_unreported_inserted(struct store_sqlite *s, int64_t mission_id,
                                int64_t station_id, const char *form, int64_t id)
{
	struct unreported *u = s->unreported;

	if (!u || u->state != FOLLOWING || u->mission_id != mission_id)
		return;
	if (!count_one(u, form, station_id)) {
		stop(u);
		return;
	}
	u->last_id = id;
	u->last_station = station_id;
	memcpy(u->last_form, form, strlen(form) + 1); /* count_one() checked its length */
}

bool sqlite_unreported_none(struct store_sqlite *s, int64_t mission_id,
                            int64_t station_id, const char *form, int64_t except_id)
{
	struct unreported *u = s->unreported;
	struct unreported_form *f;
	unsigned c;

	if (!s->db)
		return false;
	if (!u) {
		/* From the next write transaction on. */
		u = s->unreported = xcalloc(1, sizeof(*u));
		u->mission_id = mission_id;
		u->state = WANTED;
		return false;
	}
	if (u->state != FOLLOWING || u->mission_id != mission_id ||
	    sqlite3_txn_state(s->db, "main") != SQLITE_TXN_WRITE ||
	    data_version(s) != u->data_version)
		return false;
	f = form_of(u, form, false);
	c = f && station_id >= 0 && (size_t)station_id < f->n ? f->count[station_id] : 0;
	/* The report left out is known to be among those counted only when
	 * this connection has just inserted it. */
	if (c && except_id && except_id == u->last_id && station_id == u->last_station &&
	    !strcmp(form, u->last_form))
		c--;
	return c == 0;
}
