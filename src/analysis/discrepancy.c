/* discrepancy.c - observers' copies of the results protocol against the
 * official figures, station by station and line by line, and the totals
 * of what differs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/discrepancy.h"
#include "core/alloc.h"
#include "core/strmap.h"

const char *discrepancy_source_str(enum discrepancy_source s)
{
	switch (s) {
	case SOURCE_REPORT:
		return "report";
	case SOURCE_AGREED:
		return "agreed";
	case SOURCE_RESOLVED:
		return "resolved";
	default:
		return "observer";
	}
}

void discrepancy_release(struct discrepancy *d)
{
	arena_release(&d->arena);
	memset(d, 0, sizeof(*d));
}

/* The work of one computation. */
struct work {
	const struct discrepancy_input *in;
	struct discrepancy *out;
	struct strmap official;       /* station -> official_protocol */
	struct strmap settled;        /* "station\ntag" -> settled_line */
	struct discrepancy_line *tmp; /* one station's lines */
	size_t ntmp, tmp_alloc;
	size_t stations_alloc, only_alloc;
};

static char *settled_key(struct arena *a, const char *station, const char *tag)
{
	size_t ns = strlen(station), nt = strlen(tag);
	char *k = arena_alloc(a, ns + nt + 2);

	memcpy(k, station, ns);
	k[ns] = '\n';
	memcpy(k + ns + 1, tag, nt + 1);
	return k;
}

/* The integer at tag in o, if it is one. */
static bool figure(const json_t *o, const char *tag, int64_t *v)
{
	const json_t *x = json_object_get(o, tag);

	if (!json_is_integer(x))
		return false;
	*v = (int64_t)json_integer_value(x);
	return true;
}

static void push_line(struct work *w, size_t line, int64_t observed, int64_t official,
                      int64_t diff, enum discrepancy_source source,
                      const struct observed_protocol *by)
{
	struct discrepancy_line *l;

	if (w->ntmp == w->tmp_alloc) {
		w->tmp_alloc = w->tmp_alloc ? 2 * w->tmp_alloc : 32;
		w->tmp = xrealloc(w->tmp, w->tmp_alloc * sizeof(*w->tmp));
	}
	l = &w->tmp[w->ntmp++];
	memset(l, 0, sizeof(*l));
	l->line = line;
	l->observed = observed;
	l->official = official;
	l->difference = diff;
	l->has_relative = observed != 0;
	l->relative = observed ? (double)diff / (double)observed : 0;
	l->source = source;
	if (by) {
		l->observer = arena_strdup(&w->out->arena, by->observer);
		l->submission = by->submission;
	}
}

static int64_t magnitude(int64_t d)
{
	return d < 0 ? -d : d;
}

/* Compare line k of station st (observers r[0..n), official figure off). */
static void compare_line(struct work *w, const struct observed_protocol *const *r,
                         size_t n, const char *station, size_t k, int64_t off,
                         bool *differs, bool *unresolved)
{
	const char *tag = w->in->lines[k].tag;
	const struct observed_protocol *one = NULL;
	struct discrepancy_total *t = &w->out->totals[k];
	enum discrepancy_source source;
	int64_t value = 0, v, d;
	size_t answered = 0;
	bool agree = true;
	void *found;

	for (size_t j = 0; j < n; j++) {
		if (!figure(r[j]->answers, tag, &v))
			continue;
		if (answered++ == 0) {
			value = v;
			one = r[j];
		} else if (v != value) {
			agree = false;
		}
	}
	if (!answered)
		return;
	if (agree) {
		source = answered == 1 ? SOURCE_REPORT : SOURCE_AGREED;
	} else if (strmap_find(&w->settled, settled_key(&w->out->arena, station, tag),
	                       &found)) {
		source = SOURCE_RESOLVED;
		value = ((const struct settled_line *)found)->value;
	} else {
		for (size_t j = 0; j < n; j++) {
			if (!figure(r[j]->answers, tag, &v) ||
			    __builtin_sub_overflow(off, v, &d) ||
			    magnitude(d) < w->out->min)
				continue;
			push_line(w, k, v, off, d, SOURCE_OBSERVER, r[j]);
			*unresolved = true;
		}
		return;
	}
	if (__builtin_sub_overflow(off, value, &d) || magnitude(d) < w->out->min)
		return;
	push_line(w, k, value, off, d, source, source == SOURCE_REPORT ? one : NULL);
	*differs = true;
	w->out->lines_differ++;
	t->stations++;
	t->net += d;
	t->gross += magnitude(d);
}

/* Compare the observers' copies r[0..n) of a station with its official
 * figures, and keep the station when something differs. */
static void compare_station(struct work *w, const struct observed_protocol *const *r,
                            size_t n, const struct official_protocol *off)
{
	struct discrepancy *d = w->out;
	struct discrepancy_station *s;
	bool differs = false, unresolved = false;
	int64_t v;

	d->stations_compared++;
	w->ntmp = 0;
	for (size_t k = 0; k < w->in->nlines; k++)
		if (figure(off->lines, w->in->lines[k].tag, &v))
			compare_line(w, r, n, off->station, k, v, &differs, &unresolved);
	d->stations_differ += differs;
	d->stations_unresolved += unresolved;
	if (!w->ntmp)
		return;
	if (d->nstations == w->stations_alloc) {
		struct discrepancy_station *grown;
		w->stations_alloc = w->stations_alloc ? 2 * w->stations_alloc : 64;
		grown = arena_alloc(&d->arena, w->stations_alloc * sizeof(*grown));
		if (d->nstations)
			memcpy(grown, d->stations, d->nstations * sizeof(*grown));
		d->stations = grown;
	}
	s = &d->stations[d->nstations++];
	s->station = arena_strdup(&d->arena, off->station);
	s->region = arena_strdup(&d->arena, off->region);
	s->differs = differs;
	s->unresolved = unresolved;
	s->nlines = w->ntmp;
	s->lines = arena_alloc(&d->arena, w->ntmp * sizeof(*s->lines));
	memcpy(s->lines, w->tmp, w->ntmp * sizeof(*s->lines));
}

/* Observers' copies by station, then observer, the newest report first. */
static int by_station(const void *a, const void *b)
{
	const struct observed_protocol *x = *(const struct observed_protocol *const *)a,
	                               *y = *(const struct observed_protocol *const *)b;
	int c = strcmp(x->station, y->station);

	if (!c)
		c = strcmp(x->observer ? x->observer : "",
		           y->observer ? y->observer : "");
	if (!c)
		c = (x->submission < y->submission) - (x->submission > y->submission);
	return c;
}

static void observed_only(struct work *w, const char *station)
{
	struct discrepancy *d = w->out;

	if (d->nobserved_only == w->only_alloc) {
		const char **grown;
		w->only_alloc = w->only_alloc ? 2 * w->only_alloc : 64;
		grown = arena_alloc(&d->arena, w->only_alloc * sizeof(*grown));
		if (d->nobserved_only)
			memcpy(grown, d->observed_only,
			       d->nobserved_only * sizeof(*grown));
		d->observed_only = grown;
	}
	d->observed_only[d->nobserved_only++] = arena_strdup(&d->arena, station);
}

/* Walk the observed protocols station by station, each observer once. */
static void walk(struct work *w)
{
	const struct discrepancy_input *in = w->in;
	const struct observed_protocol **v = xcalloc(in->nobserved + 1, sizeof(*v)),
	                               **group = xcalloc(in->nobserved + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < in->nobserved; i++)
		if (in->observed[i].station && in->observed[i].answers)
			v[n++] = &in->observed[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), by_station);
	for (size_t i = 0; i < n;) {
		const char *station = v[i]->station;
		void *off;
		size_t k = 0, j = i;
		for (; j < n && !strcmp(v[j]->station, station); j++)
			if (j == i ||
			    strcmp(v[j]->observer ? v[j]->observer : "",
			           v[j - 1]->observer ? v[j - 1]->observer : ""))
				group[k++] = v[j];
		w->out->stations_observed++;
		if (strmap_find(&w->official, station, &off))
			compare_station(w, group, k, off);
		else
			observed_only(w, station);
		i = j;
	}
	free(v);
	free(group);
}

static int by_size(const void *a, const void *b, void *ctx)
{
	const struct discrepancy *sorting = ctx;
	const struct discrepancy_ref *x = a, *y = b;
	const struct discrepancy_line *lx = &sorting->stations[x->station].lines[x->line],
	                              *ly = &sorting->stations[y->station].lines[y->line];
	int64_t mx = magnitude(lx->difference), my = magnitude(ly->difference);

	if (mx != my)
		return mx < my ? 1 : -1;
	if (x->station != y->station)
		return x->station < y->station ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* The DISCREPANCY_LARGEST largest station figures that differ. */
static void largest(struct discrepancy *d)
{
	struct discrepancy_ref *all = NULL;
	size_t n = 0, alloc = 0;

	for (size_t s = 0; s < d->nstations; s++)
		for (size_t l = 0; l < d->stations[s].nlines; l++) {
			if (d->stations[s].lines[l].source == SOURCE_OBSERVER)
				continue;
			if (n == alloc) {
				alloc = alloc ? 2 * alloc : 64;
				all = xrealloc(all, alloc * sizeof(*all));
			}
			all[n++] = (struct discrepancy_ref){s, l};
		}
	if (n > 1)
		qsort_r(all, n, sizeof(*all), by_size, d);
	d->nlargest = n < DISCREPANCY_LARGEST ? n : DISCREPANCY_LARGEST;
	if (d->nlargest)
		memcpy(d->largest, all, d->nlargest * sizeof(*all));
	free(all);
}

void discrepancy_compute(const struct discrepancy_input *in, struct discrepancy *out)
{
	struct work w = {.in = in, .out = out};

	memset(out, 0, sizeof(*out));
	out->min = in->min < 1 ? 1 : in->min;
	out->nlines = in->nlines;
	out->lines = arena_alloc(&out->arena, (in->nlines + 1) * sizeof(*out->lines));
	out->totals = arena_alloc(&out->arena, (in->nlines + 1) * sizeof(*out->totals));
	for (size_t k = 0; k < in->nlines; k++) {
		out->lines[k].tag = arena_strdup(&out->arena, in->lines[k].tag);
		out->lines[k].label = arena_strdup(&out->arena, in->lines[k].label);
		out->lines[k].choice = arena_strdup(&out->arena, in->lines[k].choice);
		out->lines[k].name = arena_strdup(&out->arena, in->lines[k].name);
		out->totals[k] = (struct discrepancy_total){.line = k};
	}
	strmap_init(&w.official);
	strmap_init(&w.settled);
	for (size_t i = 0; i < in->nofficial; i++)
		if (in->official[i].station &&
		    strmap_add(&w.official, in->official[i].station,
		               (void *)&in->official[i], NULL))
			out->stations_official++;
	for (size_t i = 0; i < in->nsettled; i++)
		strmap_set(
		    &w.settled,
		    settled_key(&out->arena, in->settled[i].station, in->settled[i].tag),
		    (void *)&in->settled[i]);
	if (in->official_total > out->stations_official)
		out->stations_official = in->official_total;
	walk(&w);
	largest(out);
	strmap_release(&w.official);
	strmap_release(&w.settled);
	free(w.tmp);
}

/* ---- JSON ---- */

static json_t *relative_json(const struct discrepancy_line *l)
{
	if (!l->has_relative)
		return json_null();
	return json_real(round(l->relative * 1e6) / 1e6);
}

static json_t *line_json(const struct discrepancy *d, const struct discrepancy_line *l)
{
	const struct results_line *rl = &d->lines[l->line];
	json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:I, s:I, s:I, s:o, s:s}", "line",
	                      rl->tag, "label", rl->label, "choice", rl->choice, "name",
	                      rl->name, "observed", (json_int_t)l->observed, "official",
	                      (json_int_t)l->official, "difference",
	                      (json_int_t)l->difference, "relative", relative_json(l),
	                      "source", discrepancy_source_str(l->source));

	json_object_set_new(o, "observer",
	                    l->observer ? json_string(l->observer) : json_null());
	json_object_set_new(o, "submission",
	                    l->submission ? json_integer(l->submission) : json_null());
	return o;
}

static json_t *summary_json(const struct discrepancy *d)
{
	json_t *s = json_object(), *only = json_array(), *big = json_array(),
	       *by = json_array();

	json_object_set_new(s, "stations_observed", json_integer(d->stations_observed));
	json_object_set_new(s, "stations_official", json_integer(d->stations_official));
	json_object_set_new(s, "stations_compared", json_integer(d->stations_compared));
	json_object_set_new(s, "stations_differ", json_integer(d->stations_differ));
	json_object_set_new(s, "stations_unresolved",
	                    json_integer(d->stations_unresolved));
	json_object_set_new(s, "lines_differ", json_integer(d->lines_differ));
	for (size_t i = 0; i < d->nobserved_only; i++)
		json_array_append_new(only, json_string(d->observed_only[i]));
	json_object_set_new(s, "observed_only", only);
	for (size_t i = 0; i < d->nlargest; i++) {
		const struct discrepancy_station *st =
		    &d->stations[d->largest[i].station];
		json_t *o = line_json(d, &st->lines[d->largest[i].line]);
		json_object_set_new(o, "station", json_string(st->station));
		json_object_set_new(o, "region",
		                    st->region ? json_string(st->region) : json_null());
		json_array_append_new(big, o);
	}
	json_object_set_new(s, "largest", big);
	for (size_t k = 0; k < d->nlines; k++) {
		const struct results_line *rl = &d->lines[k];
		const struct discrepancy_total *t = &d->totals[k];
		json_array_append_new(
		    by,
		    json_pack("{s:s, s:s?, s:s?, s:s?, s:I, s:I, s:I}", "line", rl->tag,
		              "label", rl->label, "choice", rl->choice, "name", rl->name,
		              "stations", (json_int_t)t->stations, "net",
		              (json_int_t)t->net, "gross", (json_int_t)t->gross));
	}
	json_object_set_new(s, "by_line", by);
	return s;
}

json_t *discrepancy_to_json(const struct discrepancy *d, size_t offset, size_t limit)
{
	json_t *doc = json_object(), *items = json_array();

	json_object_set_new(doc, "min", json_integer(d->min));
	json_object_set_new(doc, "summary", summary_json(d));
	json_object_set_new(doc, "total", json_integer((json_int_t)d->nstations));
	for (size_t i = offset; i < d->nstations && i - offset < limit; i++) {
		const struct discrepancy_station *st = &d->stations[i];
		json_t *lines = json_array();
		for (size_t l = 0; l < st->nlines; l++)
			json_array_append_new(lines, line_json(d, &st->lines[l]));
		json_array_append_new(
		    items, json_pack("{s:s, s:o, s:b, s:b, s:o}", "station", st->station,
		                     "region",
		                     st->region ? json_string(st->region) : json_null(),
		                     "differs", st->differs, "unresolved", st->unresolved,
		                     "lines", lines));
	}
	json_object_set_new(doc, "items", items);
	return doc;
}
