/* intake_conflicts.c - double observation: when observers report the same
 * station on the same form, every tag they answered differently becomes a
 * conflict for a clerk to resolve, and conflicts on tags that came to
 * agree (after a correction or a rejection) are dropped. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "ingest/intake.h"

/* One observer's latest current report. */
struct report {
	int64_t id;
	char *observer;
	json_t *answers; /* object */
};

struct reports {
	struct report *v;
	size_t n, alloc;
};

static void reports_release(struct reports *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].observer);
		json_decref(r->v[i].answers);
	}
	free(r->v);
}

/* Add a report, keeping only the newest of each observer. */
static void add_report(struct reports *r, int64_t id, const char *observer,
                       json_t *answers)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].observer, observer)) {
			if (r->v[i].id > id) {
				json_decref(answers);
				return;
			}
			json_decref(r->v[i].answers);
			r->v[i].id = id;
			r->v[i].answers = answers;
			return;
		}
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 8;
		r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
	}
	r->v[r->n].id = id;
	r->v[r->n].observer = xstrdup(observer);
	r->v[r->n].answers = answers;
	r->n++;
}

static enum status collect(void *ctx, const struct stored_submission *s)
{
	json_t *answers = s->answers ? json_loads(s->answers, 0, NULL) : NULL;

	if (!json_is_object(answers)) {
		json_decref(answers);
		answers = json_object();
	}
	add_report(ctx, s->id, s->observer ? s->observer : "", answers);
	return ST_OK;
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

/* The values of tag in the reports that answered it, or NULL when they
 * all agree (or fewer than two answered). */
static json_t *disagreement(const struct reports *r, const char *tag)
{
	json_t *values = json_array(), *first = NULL;
	bool differ = false;

	for (size_t i = 0; i < r->n; i++) {
		json_t *v = json_object_get(r->v[i].answers, tag);
		if (!v)
			continue;
		if (!first)
			first = v;
		else if (!json_equal(first, v))
			differ = true;
		json_array_append_new(values,
		                      json_pack("{s:I, s:s, s:O}", "submission",
		                                (json_int_t)r->v[i].id, "observer",
		                                r->v[i].observer, "value", v));
	}
	if (!differ) {
		json_decref(values);
		return NULL;
	}
	return values;
}

enum status intake_conflicts_refresh(struct store *st, int64_t mission_id,
                                     const char *station, const char *form, struct err *e)
{
	struct reports r = {0};
	const char **tags = NULL;
	size_t ntags = 0;
	struct buf keep;
	int64_t nobs = 0;
	enum status rc;

	buf_init(&keep, BUF_NO_CAP);
	/* Most stations have one observer's reports: nothing to compare, and
	 * counting them is cheaper than reading them. */
	rc = store_submission_observers(st, mission_id, station, form, &nobs, e);
	if (!rc && nobs < 2) {
		rc = store_conflict_clear(st, mission_id, station, form, NULL, e);
		goto out;
	}
	/* Every observer's reports: "" excludes no one. */
	if (!rc)
		rc = store_submission_peers(st, mission_id, station, form, "", collect,
		                            &r, e);
	if (rc)
		goto out;
	if (r.n < 2) {
		rc = store_conflict_clear(st, mission_id, station, form, NULL, e);
		goto out;
	}
	qsort(r.v, r.n, sizeof(*r.v), by_id);
	tags = all_tags(&r, &ntags);
	for (size_t i = 0; i < ntags && !rc; i++) {
		json_t *values = disagreement(&r, tags[i]);
		char *text;
		if (!values)
			continue;
		text = json_dumps(values, JSON_COMPACT | JSON_PRESERVE_ORDER);
		rc = store_conflict_put(st, mission_id, station, form, tags[i], text, e);
		free(text);
		json_decref(values);
		buf_appendf(&keep, "%s%s", keep.len ? "," : "", tags[i]);
	}
	if (!rc)
		rc = store_conflict_clear(st, mission_id, station, form, keep.ptr, e);
out:
	free(tags);
	reports_release(&r);
	buf_release(&keep);
	return rc;
}
