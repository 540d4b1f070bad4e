/* intake_conflicts.c - double observation: when observers report the same
 * station on the same form, every tag they answered differently becomes a
 * conflict for a clerk to resolve, and conflicts on tags that came to
 * agree (after a correction or a rejection) are dropped. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/json_out.h"
#include "core/strmap.h"
#include "ingest/answers_text.h"
#include "ingest/intake.h"
#include "ingest/json_quick.h"

/* One observer's latest current report. */
struct report {
	int64_t id, observer_id;
	const char *observer; /* code, read once there is a conflict to write */
	char *text;           /* the answers as stored */
	json_t *answers;      /* object, parsed from text once there is someone to
	                       * compare with */
};

struct reports {
	struct report *v;
	size_t n, alloc;
	bool dropped; /* an observer's older report was left out */
};

static void reports_release(struct reports *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].text);
		json_decref(r->v[i].answers);
	}
	free(r->v);
}

/* Add a report, keeping only the newest of each observer. */
static enum status collect(void *ctx, const struct stored_submission *s)
{
	struct reports *r = ctx;
	struct report *p = NULL;

	for (size_t i = 0; i < r->n && !p; i++)
		if (r->v[i].observer_id == s->observer_id)
			p = &r->v[i];
	if (p)
		r->dropped = true;
	if (p && p->id > s->id)
		return ST_OK;
	if (p) {
		free(p->text);
	} else {
		if (r->n == r->alloc) {
			r->alloc = r->alloc ? 2 * r->alloc : 8;
			r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
		}
		p = &r->v[r->n++];
		p->observer_id = s->observer_id;
		p->observer = NULL;
		p->answers = NULL;
	}
	p->id = s->id;
	p->text = s->answers ? xstrdup(s->answers) : NULL;
	return ST_OK;
}

/* True when every report's answers are the same text, hence the same
 * answers: observers who agree on everything, the common case, are found
 * out without parsing. */
static bool all_same(const struct reports *r)
{
	for (size_t i = 1; i < r->n; i++)
		if (!r->v[0].text || !r->v[i].text || strcmp(r->v[0].text, r->v[i].text))
			return false;
	return true;
}

/* Parse every report's answers (an object, empty when unreadable).
 * Stored answers are plain JSON: the quick reader takes nearly all. */
static void parse_answers(struct reports *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *t = r->v[i].text;
		json_t *a = NULL;
		if (t && !json_quick_load(t, strlen(t), &a))
			a = json_loads(t, 0, NULL);
		if (!json_is_object(a)) {
			json_decref(a);
			a = json_object();
		}
		r->v[i].answers = a;
	}
}

static int by_id(const void *a, const void *b)
{
	const struct report *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every tag answered in some report, sorted; the strings are borrowed from
 * the reports.  The caller frees the array. */
static const char **all_tags(const struct reports *r, size_t *n)
{
	struct strmap seen = STRMAP_INIT;
	const char **tags = NULL;
	size_t alloc = 0;
	const char *key;
	json_t *v;

	*n = 0;
	for (size_t i = 0; i < r->n; i++)
		json_object_foreach(r->v[i].answers, key, v)
		{
			if (!strmap_add(&seen, key, NULL, NULL))
				continue;
			if (*n == alloc) {
				alloc = alloc ? 2 * alloc : 32;
				tags = xrealloc(tags, alloc * sizeof(*tags));
			}
			tags[(*n)++] = key;
		}
	strmap_release(&seen);
	if (*n)
		qsort(tags, *n, sizeof(*tags), by_name);
	return tags;
}

/* True when two of the reports answered tag differently.  Most tags
 * agree. */
static bool differ(const struct reports *r, const char *tag)
{
	const json_t *first = NULL;

	for (size_t i = 0; i < r->n; i++) {
		const json_t *v = json_object_get(r->v[i].answers, tag);
		if (!v)
			continue;
		if (!first)
			first = v;
		else if (!json_equal(first, v))
			return true;
	}
	return false;
}

/* The observers' codes, in a: only a conflict's values name them. */
static enum status read_codes(struct store *st, int64_t mission_id, struct reports *r,
                              struct arena *a, struct err *e)
{
	enum status rc = ST_OK;

	for (size_t i = 0; i < r->n && !rc; i++)
		if (!r->v[i].observer)
			rc = store_observer_code(st, mission_id, r->v[i].observer_id, a,
			                         &r->v[i].observer, e);
	return rc;
}

/* The conflict's values, [{"submission", "observer", "value"}] for each
 * report that answered tag, written as jansson would dump that array
 * (compact, members in this order): the store compares the text with
 * what it holds to keep a resolution when nothing changed. */
static enum status values_text(const struct reports *r, const char *tag, struct buf *b)
{
	enum status rc = buf_appendc(b, '[');
	size_t n = 0;

	for (size_t i = 0; i < r->n && !rc; i++) {
		const json_t *v = json_object_get(r->v[i].answers, tag);
		if (!v)
			continue;
		rc = buf_appends(b, n++ ? ",{\"submission\":" : "{\"submission\":");
		if (!rc)
			rc = json_out_int(b, r->v[i].id);
		if (!rc)
			rc = buf_appends(b, ",\"observer\":");
		if (!rc)
			rc = json_out_string(b, r->v[i].observer);
		if (!rc)
			rc = buf_appends(b, ",\"value\":");
		if (!rc)
			rc = answers_value_text(v, b);
		if (!rc)
			rc = buf_appendc(b, '}');
	}
	return rc ? rc : buf_appendc(b, ']');
}

enum status intake_conflicts_refresh_at(struct store *st, int64_t mission_id,
                                        int64_t station_id, const char *station,
                                        const char *form,
                                        const struct stored_submission *just, bool first,
                                        struct err *e)
{
	struct reports r = {0};
	struct arena codes = ARENA_INIT;
	const char **tags = NULL;
	size_t ntags = 0;
	struct buf keep, values;
	bool fresh;
	enum status rc;

	buf_init(&keep, BUF_NO_CAP);
	/* One read gives both whether there is double observation (most
	 * stations have one observer's reports) and what to compare; the
	 * report just stored is known, and newer than any read. */
	if (just)
		(void)collect(&r, just);
	rc = store_station_reports(st, mission_id, station_id, form, just ? just->id : 0,
	                           collect, &r, e);
	if (rc)
		goto out;
	/* A first version where no one else has reported can have no
	 * conflict, and had none before. */
	if (r.n < 2) {
		if (!first)
			rc = store_conflict_clear(st, mission_id, station, form, NULL, e);
		goto out;
	}
	/* Adding a report can end no conflict (values that differed still
	 * do) unless it puts an older report of its observer out of the
	 * comparison: then, and after any other change, conflicts on tags
	 * that agree now are dropped. */
	fresh = first && !r.dropped;
	if (all_same(&r)) {
		if (!fresh)
			rc = store_conflict_clear(st, mission_id, station, form, NULL, e);
		goto out;
	}
	parse_answers(&r);
	qsort(r.v, r.n, sizeof(*r.v), by_id);
	tags = all_tags(&r, &ntags);
	buf_init(&values, BUF_NO_CAP);
	for (size_t i = 0; i < ntags && !rc; i++) {
		if (!differ(&r, tags[i]))
			continue;
		buf_reset(&values);
		rc = read_codes(st, mission_id, &r, &codes, e);
		if (!rc)
			rc = values_text(&r, tags[i], &values);
		if (!rc)
			rc = store_conflict_put(st, mission_id, station, form, tags[i],
			                        values.ptr, e);
		buf_appendf(&keep, "%s%s", keep.len ? "," : "", tags[i]);
	}
	buf_release(&values);
	if (!rc && !fresh)
		rc = store_conflict_clear(st, mission_id, station, form, keep.ptr, e);
out:
	free(tags);
	reports_release(&r);
	arena_release(&codes);
	buf_release(&keep);
	return rc;
}

enum status intake_conflicts_refresh(struct store *st, int64_t mission_id,
                                     const char *station, const char *form, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct location l;
	enum status rc = store_location_get(st, mission_id, station, &a, &l, e);

	/* No such location: no reports there, nor conflicts. */
	if (rc == ST_NOT_FOUND) {
		err_clear(e);
		rc = ST_OK;
	} else if (!rc) {
		rc = intake_conflicts_refresh_at(st, mission_id, l.id, station, form,
		                                 NULL, false, e);
	}
	arena_release(&a);
	return rc;
}
