/* coverage.c - counts of expected, reported and missing polling stations per
 * form and region.  The mission's forms, locations, assignments, observers
 * and per-station report counts are each read once from the store into hash
 * maps; the counting is then one pass over the stations. */
#include <stdint.h>
#include <string.h>

#include "analysis/coverage.h"
#include "analysis/region_map.h"
#include "core/alloc.h"
#include "core/strmap.h"
#include "core/text.h"

/* The form of the results protocol, which sample stations must send. */
#define PVT_FORM "PR"

/* What the store's coverage rows say about one station and form. */
enum { REPORTED = 1 << 0, FLAGGED = 1 << 1, CONFLICT = 1 << 2 };

enum loc_kind { LOC_OTHER, LOC_STATION };

/* An observer assigned somewhere; strings in the result's arena. */
struct obs {
	const char *code, *name, *phones;
};

struct obs_link {
	struct obs *o;
	struct obs_link *next;
};

/* A location reports are made at, in the scratch arena: polling
 * stations, and commissions for forms filled there (tabulation at
 * territorial commissions).  Regions come from the region map. */
struct loc {
	const char *code, *name;
	const char *level;    /* canonical level */
	size_t index;         /* among the stations */
	struct obs_link *obs; /* observers assigned, each once */
	size_t nobs;
	struct coverage_missing *who; /* stations: the observers' arrays, built
	                               * for the first missing entry */
	bool sampled;                 /* in the quick count's sample */
	bool pr_reported;             /* has a current report on form PR */
};

/* A form before sorting. */
struct form_item {
	const char *code;  /* in the result's arena */
	const char *level; /* where it is filled: "station", "territory", ... */
	int rank;          /* phase order */
};

struct work {
	struct coverage *c;
	struct arena tmp; /* dies with the computation */
	const char *only_form;
	bool only_incident; /* only_form exists but is an incident form */
	struct form_item *fitems;
	size_t nf, cap_f;
	struct strmap forms; /* code -> index + 1 */
	struct strmap locs;  /* code -> struct loc, stations only */
	struct region_map rm;
	struct loc **stations;
	size_t nstations, cap_st;
	struct strmap obs;    /* code -> struct obs, assigned observers only */
	const char **flevel;  /* per form of c->forms: its level */
	unsigned char *state; /* nstations x nforms: REPORTED | FLAGGED | CONFLICT */
};

/* Append p to the growable array *v of *n pointers. */
static void push(struct loc ***v, size_t *n, size_t *cap, struct loc *p)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = p;
}

/* ---- forms ---- */

static int phase_rank(const char *phase)
{
	static const char *const order[] = {"opening", "voting", "counting",
	                                    "tabulation"};

	for (int i = 0; i < 4; i++)
		if (phase && !strcmp(phase, order[i]))
			return i;
	return 4;
}

static enum status add_form(void *ctx, const struct form_record *f)
{
	struct work *w = ctx;

	if (w->only_form && strcmp(f->code, w->only_form))
		return ST_OK;
	if (f->kind && !strcmp(f->kind, "incident")) {
		w->only_incident = w->only_form != NULL;
		return ST_OK;
	}
	if (w->nf == w->cap_f) {
		w->cap_f = w->cap_f ? w->cap_f * 2 : 8;
		w->fitems = xrealloc(w->fitems, w->cap_f * sizeof(*w->fitems));
	}
	w->fitems[w->nf].code = arena_strdup(&w->c->arena, f->code);
	w->fitems[w->nf].level = arena_strdup(&w->tmp, f->level ? f->level : "station");
	w->fitems[w->nf].rank = phase_rank(f->phase);
	w->nf++;
	return ST_OK;
}

static int by_phase(const void *pa, const void *pb)
{
	const struct form_item *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* The mission's station forms in phase order into c->forms. */
static enum status load_forms(struct work *w, struct store *st, int64_t mission_id,
                              struct err *e)
{
	struct coverage *c = w->c;
	enum status rc;

	rc = store_form_list(st, mission_id, add_form, w, e);
	if (rc)
		return rc;
	if (w->only_form && !w->nf && w->only_incident)
		return err_set(e, ST_INVALID,
		               "form: \"%s\" is an incident form; coverage counts the "
		               "forms filled at every station (checklists and protocols)",
		               w->only_form);
	if (w->only_form && !w->nf)
		return err_set(e, ST_NOT_FOUND, "form: the mission has no form \"%s\"",
		               w->only_form);
	qsort(w->fitems, w->nf, sizeof(*w->fitems), by_phase);
	c->nforms = w->nf;
	c->forms = arena_alloc(&c->arena, (w->nf ? w->nf : 1) * sizeof(*c->forms));
	w->flevel = arena_alloc(&w->tmp, (w->nf ? w->nf : 1) * sizeof(*w->flevel));
	for (size_t f = 0; f < w->nf; f++) {
		c->forms[f] = w->fitems[f].code;
		w->flevel[f] = w->fitems[f].level;
		strmap_add(&w->forms, c->forms[f], (void *)(uintptr_t)(f + 1), NULL);
	}
	return ST_OK;
}

/* ---- locations and regions ---- */

static enum loc_kind kind_of(const struct work *w, const char *level)
{
	if (!level)
		return LOC_OTHER;
	if (!strcmp(level, "station"))
		return LOC_STATION;
	for (size_t f = 0; f < w->c->nforms; f++)
		if (!strcmp(level, w->flevel[f]))
			return LOC_STATION;
	return LOC_OTHER;
}

static enum status add_location(void *ctx, const struct location *l)
{
	struct work *w = ctx;
	struct loc *n;

	region_map_add(&w->rm, l);
	if (kind_of(w, l->level) != LOC_STATION)
		return ST_OK;
	n = arena_alloc(&w->tmp, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->code = arena_strdup(&w->tmp, l->code);
	n->level = arena_strdup(&w->tmp, l->level);
	n->name = arena_strdup(&w->tmp, l->name);
	if (!strmap_add(&w->locs, n->code, n, NULL))
		return ST_OK; /* codes are unique in a mission; never happens */
	n->index = w->nstations;
	push(&w->stations, &w->nstations, &w->cap_st, n);
	return ST_OK;
}

/* ---- assignments and observers ---- */

/* Note the observer as assigned to the station (once, whatever the days). */
static enum status add_assignment(void *ctx, const struct assignment_row *a)
{
	struct work *w = ctx;
	struct coverage *c = w->c;
	struct loc *l;
	struct obs *o;
	struct obs_link **tail;

	c->all_expected = false;
	if (c->day && strcmp(a->day, c->day))
		return ST_OK;
	l = strmap_get(&w->locs, a->station);
	if (!l)
		return ST_OK;
	o = strmap_get(&w->obs, a->observer);
	if (!o) {
		o = arena_alloc(&c->arena, sizeof(*o));
		o->code = arena_strdup(&c->arena, a->observer);
		o->name = o->phones = NULL;
		strmap_add(&w->obs, o->code, o, NULL);
	}
	/* A station has a handful of observers: a list is enough. */
	for (tail = &l->obs; *tail; tail = &(*tail)->next)
		if ((*tail)->o == o)
			return ST_OK;
	*tail = arena_alloc(&w->tmp, sizeof(**tail));
	(*tail)->o = o;
	(*tail)->next = NULL;
	l->nobs++;
	return ST_OK;
}

static enum status add_observer(void *ctx, const struct observer *ob)
{
	struct work *w = ctx;
	struct obs *o = strmap_get(&w->obs, ob->code);

	if (o) {
		o->name = arena_strdup(&w->c->arena, ob->full_name);
		o->phones = arena_strdup(&w->c->arena, ob->phones);
	}
	return ST_OK;
}

/* ---- reports ---- */

static enum status add_row(void *ctx, const struct coverage_row *row)
{
	struct work *w = ctx;
	struct loc *l = strmap_get(&w->locs, row->station);
	uintptr_t f = (uintptr_t)strmap_get(&w->forms, row->form);
	unsigned char *s;

	if (l && row->reports > 0 && !strcmp(row->form, PVT_FORM))
		l->pr_reported = true;
	if (!l || !f)
		return ST_OK;
	s = &w->state[l->index * w->c->nforms + (f - 1)];
	if (row->reports > 0)
		*s |= REPORTED;
	if (row->flagged > 0)
		*s |= FLAGGED;
	if (row->conflicts > 0)
		*s |= CONFLICT;
	return ST_OK;
}

/* ---- counting ---- */

/* Whether station l is expected to report on form f (an index of
 * c->forms): when assigned (or nobody is), and on the results protocol
 * when it is in the quick count's sample. */
static bool expected(const struct work *w, const struct loc *l, size_t f)
{
	return w->c->all_expected || l->nobs > 0 ||
	       (l->sampled && !strcmp(w->c->forms[f], PVT_FORM));
}

/* ---- the quick count's sample ---- */

static enum status add_sampled(void *ctx, const struct pvt_sample_row *r)
{
	struct work *w = ctx;
	struct loc *l = strmap_get(&w->locs, r->station);

	if (l) {
		l->sampled = true;
		w->c->has_sample = true;
	}
	return ST_OK;
}

static struct coverage_cell *new_cells(struct coverage *c)
{
	struct coverage_cell *cells =
	    arena_alloc(&c->arena, (c->nforms ? c->nforms : 1) * sizeof(*cells));

	for (size_t f = 0; f < c->nforms; f++) {
		memset(&cells[f], 0, sizeof(cells[f]));
		cells[f].form = c->forms[f];
	}
	return cells;
}

/* The result's regions: every location of level region, city or abroad by
 * code (region_map.h), then the stations outside any region when there
 * are any.  ri[k] gets station k's region index. */
static void make_regions(struct work *w, size_t *ri)
{
	struct coverage *c = w->c;
	size_t nregions = w->rm.nregions;
	bool outside = false;

	for (size_t k = 0; k < w->nstations; k++) {
		size_t r = region_map_of(&w->rm, w->stations[k]->code);
		ri[k] = r < nregions ? r : nregions;
		outside = outside || r >= nregions;
	}
	c->nregions = nregions + outside;
	c->regions =
	    arena_alloc(&c->arena, (c->nregions ? c->nregions : 1) * sizeof(*c->regions));
	for (size_t r = 0; r < c->nregions; r++) {
		struct coverage_region *cr = &c->regions[r];
		cr->code =
		    r < nregions ? arena_strdup(&c->arena, w->rm.regions[r].code) : NULL;
		cr->name =
		    r < nregions ? arena_strdup(&c->arena, w->rm.regions[r].name) : NULL;
		cr->cells = new_cells(c);
		cr->sample = (struct coverage_sample){0, 0};
	}
}

/* Add station l (region r) to the counts; returns how many of its forms
 * are missing. */
static size_t count_station(struct work *w, const struct loc *l, size_t r)
{
	struct coverage *c = w->c;
	const unsigned char *s = &w->state[l->index * c->nforms];
	size_t missing = 0;

	c->regions[r].sample.stations += l->sampled;
	c->regions[r].sample.reported += l->sampled && l->pr_reported;
	for (size_t f = 0; f < c->nforms; f++) {
		struct coverage_counts *n = &c->regions[r].cells[f].n;
		bool exp = expected(w, l, f);
		if (strcmp(l->level, w->flevel[f]))
			continue; /* the form is filled elsewhere */
		n->expected += exp;
		n->reported += exp && (s[f] & REPORTED);
		n->extra += !exp && (s[f] & REPORTED);
		n->flagged += (s[f] & (REPORTED | FLAGGED)) == (REPORTED | FLAGGED);
		n->conflicts += (s[f] & (REPORTED | CONFLICT)) == (REPORTED | CONFLICT);
		if (exp && !(s[f] & REPORTED)) {
			n->missing++;
			missing++;
		}
	}
	return missing;
}

/* The observer arrays of station l, built once in the result's arena and
 * shared by its missing entries. */
static const struct coverage_missing *station_people(struct work *w, struct loc *l)
{
	struct arena *a = &w->c->arena;
	struct coverage_missing *m = l->who;
	size_t k = 0, n = l->nobs ? l->nobs : 1;

	if (m)
		return m;
	m = arena_alloc(a, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->station = arena_strdup(a, l->code);
	m->station_name = arena_strdup(a, l->name);
	m->observers = arena_alloc(a, n * sizeof(*m->observers));
	m->names = arena_alloc(a, n * sizeof(*m->names));
	m->phones = arena_alloc(a, n * sizeof(*m->phones));
	for (struct obs_link *p = l->obs; p; p = p->next, k++) {
		m->observers[k] = p->o->code;
		m->names[k] = p->o->name;
		m->phones[k] = p->o->phones;
	}
	m->nobservers = l->nobs;
	l->who = m;
	return m;
}

/* Fill c->missing by form, region and station: the stations are put in
 * region order once (a counting sort keeps the code order inside each
 * region), then walked once per form. */
static void list_missing(struct work *w, const size_t *ri, size_t nmissing)
{
	struct coverage *c = w->c;
	size_t *start = xcalloc(c->nregions + 1, sizeof(*start));
	size_t *order = xmalloc((w->nstations ? w->nstations : 1) * sizeof(*order));
	size_t m = 0;

	for (size_t k = 0; k < w->nstations; k++)
		start[ri[k] + 1]++;
	for (size_t r = 0; r < c->nregions; r++)
		start[r + 1] += start[r];
	for (size_t k = 0; k < w->nstations; k++)
		order[start[ri[k]]++] = k;
	c->missing =
	    arena_alloc(&c->arena, (nmissing ? nmissing : 1) * sizeof(*c->missing));
	for (size_t f = 0; f < c->nforms; f++)
		for (size_t i = 0; i < w->nstations; i++) {
			struct loc *l = w->stations[order[i]];
			if (strcmp(l->level, w->flevel[f]) || !expected(w, l, f) ||
			    (w->state[l->index * c->nforms + f] & REPORTED))
				continue;
			c->missing[m] = *station_people(w, l);
			c->missing[m].form = c->forms[f];
			c->missing[m].region = c->regions[ri[order[i]]].code;
			m++;
		}
	c->nmissing = m;
	free(order);
	free(start);
}

static void count_all(struct work *w)
{
	struct coverage *c = w->c;
	size_t *ri = xmalloc((w->nstations ? w->nstations : 1) * sizeof(*ri));
	size_t nmissing = 0;

	make_regions(w, ri);
	c->stations = 0;
	for (size_t k = 0; k < w->nstations; k++)
		c->stations += !strcmp(w->stations[k]->level, "station");
	for (size_t k = 0; k < w->nstations; k++)
		nmissing += count_station(w, w->stations[k], ri[k]);
	c->total = new_cells(c);
	for (size_t r = 0; r < c->nregions; r++) {
		c->sample.stations += c->regions[r].sample.stations;
		c->sample.reported += c->regions[r].sample.reported;
	}
	for (size_t r = 0; r < c->nregions; r++)
		for (size_t f = 0; f < c->nforms; f++) {
			struct coverage_counts *t = &c->total[f].n;
			const struct coverage_counts *n = &c->regions[r].cells[f].n;
			t->expected += n->expected;
			t->reported += n->reported;
			t->missing += n->missing;
			t->flagged += n->flagged;
			t->conflicts += n->conflicts;
			t->extra += n->extra;
		}
	list_missing(w, ri, nmissing);
	free(ri);
}

/* ---- the whole ---- */

static enum status store_rows(void *ctx, struct store *st, int64_t mission_id,
                              store_coverage_cb cb, void *cbctx, struct err *e)
{
	(void)ctx;
	return store_coverage_rows(st, mission_id, cb, cbctx, e);
}

enum status coverage_compute(struct store *st, int64_t mission_id, const char *day,
                             const char *form, struct coverage *out, struct err *e)
{
	return coverage_compute_rows(st, mission_id, day, form, store_rows, NULL, out, e);
}

enum status coverage_compute_rows(struct store *st, int64_t mission_id, const char *day,
                                  const char *form, coverage_rows_fn rows, void *rows_ctx,
                                  struct coverage *out, struct err *e)
{
	struct work w;
	struct location_filter lf = {0};
	struct observer_filter of = {0};
	int64_t total;
	enum status rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	region_map_init(&w.rm);
	w.c = out;
	w.only_form = form;
	if (day && !text_is_date(day))
		return err_set(e, ST_INVALID, "day: \"%s\" is not a date (YYYY-MM-DD)",
		               day);
	out->day = arena_strdup(&out->arena, day);
	out->all_expected = true; /* until an assignment shows up */
	rc = load_forms(&w, st, mission_id, e);
	if (rc)
		goto out;
	rc = store_location_list(st, mission_id, &lf, &total, add_location, &w, e);
	if (rc)
		goto out;
	region_map_finish(&w.rm);
	w.state = xcalloc(w.nstations * out->nforms + 1, 1);
	rc = store_assignment_list(st, mission_id, NULL, add_assignment, &w, e);
	if (rc)
		goto out;
	if (strmap_count(&w.obs)) {
		rc =
		    store_observer_list(st, mission_id, &of, &total, add_observer, &w, e);
		if (rc)
			goto out;
	}
	rc = store_pvt_sample_list(st, mission_id, add_sampled, &w, e);
	if (rc)
		goto out;
	rc = rows(rows_ctx, st, mission_id, add_row, &w, e);
	if (rc)
		goto out;
	count_all(&w);
out:
	if (rc)
		coverage_release(out);
	free(w.fitems);
	free(w.stations);
	region_map_release(&w.rm);
	free(w.state);
	strmap_release(&w.forms);
	strmap_release(&w.locs);
	strmap_release(&w.obs);
	arena_release(&w.tmp);
	return rc;
}

void coverage_release(struct coverage *c)
{
	arena_release(&c->arena);
	memset(c, 0, sizeof(*c));
}
