/* import_meetings.c - a CSV file of meetings into the long-term log: read
 * and check every row (meeting_prepare()), refuse a meeting given twice,
 * then add or update each in one transaction (import_meetings.h). */
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "ingest/import_common.h"
#include "ingest/import_meetings.h"

enum {
	C_DATE,
	C_TIME,
	C_PLACE,
	C_COUNTERPART,
	C_KIND,
	C_INSTITUTION,
	C_PARTICIPANTS,
	C_TOPICS,
	C_SUMMARY,
	C_FOLLOW_UPS,
	NCOLS
};

static const struct import_column columns[NCOLS] = {
    [C_DATE] = {"date", NULL, IMPORT_REQUIRED},
    [C_TIME] = {"time", NULL, 0},
    [C_PLACE] = {"place", NULL, 0},
    [C_COUNTERPART] = {"counterpart", NULL, 0},
    [C_KIND] = {"institution_kind", "kind", IMPORT_REQUIRED},
    [C_INSTITUTION] = {"institution", NULL, IMPORT_REQUIRED},
    [C_PARTICIPANTS] = {"participants", NULL, 0},
    [C_TOPICS] = {"topics", NULL, 0},
    [C_SUMMARY] = {"summary", NULL, 0},
    [C_FOLLOW_UPS] = {"follow_ups", "follow-ups", 0},
};

const char *import_meeting_columns(void)
{
	return "date, time, place, counterpart, institution_kind, institution, "
	       "participants, topics, summary, follow_ups";
}

/* One meeting to write, and its line. */
struct row {
	struct meeting m;
	long line;
};

struct rows {
	struct arena a; /* every string of the rows */
	struct row *v;
	size_t n, cap;
	struct strmap seen; /* the meetings' keys -> line */
};

/* The key a meeting is known by; no field holds a line break. */
static const char *key_of(const struct meeting *m, struct arena *a)
{
	const char *parts[] = {m->date, m->time ? m->time : "", m->institution,
	                       m->counterpart ? m->counterpart : ""};
	size_t n = 4;
	char *k;

	for (size_t i = 0; i < 4; i++)
		n += strlen(parts[i]);
	k = arena_alloc(a, n);
	snprintf(k, n, "%s\n%s\n%s\n%s", parts[0], parts[1], parts[2], parts[3]);
	return k;
}

static enum status read_row(const struct import_header *h, const struct csv_reader *r,
                            struct rows *rows, struct err *e)
{
	struct meeting m = {
	    .date = import_value(h, r, C_DATE),
	    .time = import_value(h, r, C_TIME),
	    .place = import_value(h, r, C_PLACE),
	    .counterpart = import_value(h, r, C_COUNTERPART),
	    .institution_kind = import_value(h, r, C_KIND),
	    .institution = import_value(h, r, C_INSTITUTION),
	    .participants = import_value(h, r, C_PARTICIPANTS),
	    .topics = import_value(h, r, C_TOPICS),
	    .summary = import_value(h, r, C_SUMMARY),
	    .follow_ups = import_value(h, r, C_FOLLOW_UPS),
	};
	struct err cause;
	void *other;

	err_clear(&cause);
	/* meeting_prepare() copies every field into the arena. */
	if (meeting_prepare(&m, &rows->a, &cause))
		return import_fail_from(e, h, r->line, &cause);
	if (!strmap_add(&rows->seen, key_of(&m, &rows->a), (void *)(intptr_t)r->line,
	                &other))
		return import_fail(
		    e, ST_INVALID, r->line, NULL,
		    "the same meeting as line %ld (same date, time, "
		    "institution and counterpart); give a time to tell two "
		    "meetings of one day apart",
		    (long)(intptr_t)other);
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
	}
	rows->v[rows->n].m = m;
	rows->v[rows->n].line = r->line;
	rows->n++;
	return ST_OK;
}

static enum status read_all(const struct import_header *h, struct csv_reader *r,
                            struct rows *rows, const struct import_opts *opts,
                            struct err *e)
{
	for (;;) {
		bool more;
		enum status rc = import_row_next(h, r, &more, e);

		if (rc || !more)
			return rc;
		rc = read_row(h, r, rows, e);
		if (rc)
			return rc;
		if (rows->n % IMPORT_PROGRESS_EVERY == 0)
			import_progress(opts, IMPORT_READING, csv_bytes_read(r),
			                opts ? opts->input_size : 0);
	}
}

/* Add the meeting of one row, or update the stored one it names. */
static enum status write_one(struct store *st, const struct mission *m, struct row *row,
                             struct import_counts *counts, struct err *e)
{
	struct meeting *mt = &row->m;
	int64_t id = 0;
	bool changed = false;
	enum status rc;

	rc = store_meeting_find(st, m->id, mt->date, mt->time, mt->institution,
	                        mt->counterpart, &id, e);
	if (rc)
		return rc;
	if (!id) {
		rc = store_meeting_add(st, m->id, mt, &id, e);
		counts->inserted += !rc;
		return rc;
	}
	mt->id = id;
	rc = store_meeting_update(st, m->id, mt, &changed, e);
	if (!rc && changed)
		counts->updated++;
	else if (!rc)
		counts->unchanged++;
	return rc;
}

static enum status write_all(struct store *st, const struct mission *m,
                             const struct import_header *h, struct rows *rows,
                             const struct import_opts *opts, struct import_counts *counts,
                             struct err *e)
{
	struct err se;

	for (size_t k = 0; k < rows->n; k++) {
		err_clear(&se);
		if (write_one(st, m, &rows->v[k], counts, &se))
			return import_fail_from(e, h, rows->v[k].line, &se);
		if ((k + 1) % IMPORT_PROGRESS_EVERY == 0)
			import_progress(opts, IMPORT_WRITING, (long long)k + 1,
			                (long long)rows->n);
	}
	import_progress(opts, IMPORT_WRITING, (long long)rows->n, (long long)rows->n);
	return ST_OK;
}

enum status import_meetings(struct csv_reader *r, struct store *st,
                            const struct mission *m, const struct import_opts *opts,
                            struct import_counts *counts, struct err *e)
{
	struct import_header h;
	struct rows rows;
	bool began = false;
	enum status rc;

	memset(counts, 0, sizeof(*counts));
	memset(&rows, 0, sizeof(rows));
	rc = import_header_read(&h, columns, NCOLS, "meetings", r, e);
	if (!rc)
		rc = read_all(&h, r, &rows, opts, e);
	if (rc)
		goto out;
	import_progress(opts, IMPORT_READING, csv_bytes_read(r),
	                opts ? opts->input_size : 0);
	rc = store_begin(st, e);
	if (rc)
		goto out;
	began = true;
	rc = write_all(st, m, &h, &rows, opts, counts, e);
	if (rc)
		goto out;
	if (opts && opts->dry_run) {
		store_rollback(st);
	} else {
		rc = store_commit(st, e);
		if (rc)
			goto out;
	}
	began = false;
	counts->rows = (long long)rows.n;
out:
	if (rc && began)
		store_rollback(st);
	if (rc)
		memset(counts, 0, sizeof(*counts));
	free(rows.v);
	strmap_release(&rows.seen);
	arena_release(&rows.a);
	import_header_release(&h);
	return rc;
}
