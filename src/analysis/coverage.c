/* coverage.c - counts of expected, reported and missing polling stations per
 * form and region.  The registry (forms, locations, assignments, observers,
 * the sample) is read once into a struct coverage_reg (coverage_reg.c),
 * which the server keeps between requests; each computation picks the
 * forms, stations and assignments of the day and form asked for out of it,
 * adds the per-station report counts, and counts in one pass over the
 * stations. */
#include <stdint.h>
#include <string.h>

#include "analysis/coverage_int.h"
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
 * territorial commissions).  Strings are the registry's. */
struct loc {
	const char *code, *name;
	const char *level;    /* canonical level, interned (coverage_int.h) */
	size_t index;         /* among the stations */
	size_t region;        /* region_map_of() */
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
	const struct coverage_reg *reg;
	struct arena tmp; /* dies with the computation */
	const char *only_form;
	bool only_incident; /* only_form exists but is an incident form */
	struct form_item *fitems;
	size_t nf, cap_f;
	struct loc **stations;
	size_t nstations, cap_st;
	struct loc **of_reg;   /* per location of the registry: its station or NULL */
	struct obs **obs;      /* per observer of the registry, made when assigned */
	const char **flevel;   /* per form of c->forms: its level (interned) */
	size_t pr;             /* index of PVT_FORM in c->forms + 1, or 0 */
	unsigned char *state;  /* nstations x nforms: REPORTED | FLAGGED | CONFLICT */
	const char *last_code; /* the station of the last row (registry's copy) */
	struct loc *last_loc;
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

static void add_form(struct work *w, const struct creg_form *f)
{
	if (w->only_form && strcmp(f->code, w->only_form))
		return;
	if (f->incident) {
		w->only_incident = w->only_form != NULL;
		return;
	}
	if (w->nf == w->cap_f) {
		w->cap_f = w->cap_f ? w->cap_f * 2 : 8;
		w->fitems = xrealloc(w->fitems, w->cap_f * sizeof(*w->fitems));
	}
	w->fitems[w->nf].code = arena_strdup(&w->c->arena, f->code);
	w->fitems[w->nf].level = f->level;
	w->fitems[w->nf].rank = f->rank;
	w->nf++;
}

static int by_phase(const void *pa, const void *pb)
{
	const struct form_item *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* The mission's station forms in phase order into c->forms. */
static enum status pick_forms(struct work *w, struct err *e)
{
	struct coverage *c = w->c;

	for (size_t f = 0; f < w->reg->nforms; f++)
		add_form(w, &w->reg->forms[f]);
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
		if (!strcmp(c->forms[f], PVT_FORM))
			w->pr = f + 1;
	}
	return ST_OK;
}

/* ---- stations and their observers ---- */

static enum loc_kind kind_of(const struct work *w, const char *level)
{
	if (!level)
		return LOC_OTHER;
	if (level == w->reg->levels[0])
		return LOC_STATION;
	for (size_t f = 0; f < w->c->nforms; f++)
		if (level == w->flevel[f])
			return LOC_STATION;
	return LOC_OTHER;
}

/* The observer of the registry's index o, copied into the result once. */
static struct obs *observer(struct work *w, uint32_t o)
{
	const struct creg_obs *ro = &w->reg->obs[o];
	struct arena *a = &w->c->arena;

	if (!w->obs[o]) {
		w->obs[o] = arena_alloc(a, sizeof(*w->obs[o]));
		w->obs[o]->code = arena_strdup(a, ro->code);
		w->obs[o]->name = arena_strdup(a, ro->name);
		w->obs[o]->phones = arena_strdup(a, ro->phones);
	}
	return w->obs[o];
}

/* Note each observer assigned to the station on the day asked for (on
 * any day without one), once, in the order of their first assignment. */
static void add_observers(struct work *w, struct loc *l, const struct creg_loc *rl)
{
	const char *day = w->c->day;
	struct obs_link **tail = &l->obs;

	for (uint32_t k = rl->first; k; k = w->reg->as[k - 1].next) {
		const struct creg_assign *as = &w->reg->as[k - 1];
		struct obs *o;
		if (day && strcmp(as->day, day))
			continue;
		o = observer(w, as->obs);
		/* A station has a handful of observers: a list is enough. */
		for (tail = &l->obs; *tail; tail = &(*tail)->next)
			if ((*tail)->o == o)
				break;
		if (*tail)
			continue;
		*tail = arena_alloc(&w->tmp, sizeof(**tail));
		(*tail)->o = o;
		(*tail)->next = NULL;
		l->nobs++;
	}
}

/* The registry's locations that the forms picked are filled at, in its
 * order, with their observers and whether they are in the sample. */
static void pick_stations(struct work *w)
{
	const struct coverage_reg *r = w->reg;

	w->c->all_expected = !r->any_assignment;
	w->of_reg = xcalloc(r->nlocs ? r->nlocs : 1, sizeof(*w->of_reg));
	w->obs = xcalloc(r->nobs ? r->nobs : 1, sizeof(*w->obs));
	for (size_t k = 0; k < r->nlocs; k++) {
		const struct creg_loc *rl = &r->locs[k];
		struct loc *n;
		if (kind_of(w, rl->level) != LOC_STATION)
			continue;
		n = arena_alloc(&w->tmp, sizeof(*n));
		memset(n, 0, sizeof(*n));
		n->code = rl->code;
		n->name = rl->name;
		n->level = rl->level;
		n->region = rl->region;
		n->sampled = rl->sampled;
		w->c->has_sample = w->c->has_sample || rl->sampled;
		n->index = w->nstations;
		push(&w->stations, &w->nstations, &w->cap_st, n);
		w->of_reg[k] = n;
		add_observers(w, n, rl);
	}
}

/* ---- reports ---- */

/* The station of row, or NULL: by its key when the row gives it and the
 * registry knows it, else by code; rows come station by station, so the
 * last one is remembered. */
static struct loc *station_of(struct work *w, const struct coverage_row *row)
{
	const struct coverage_reg *r = w->reg;
	const char *code = row->station;
	uintptr_t k;

	if (row->station_id > 0 && (uint64_t)row->station_id < r->nloc_of_id) {
		k = r->loc_of_id[row->station_id];
		return k ? w->of_reg[k - 1] : NULL;
	}
	if (w->last_code && !strcmp(code, w->last_code))
		return w->last_loc;
	k = (uintptr_t)strmap_get(&w->reg->locmap, code);
	w->last_code = k ? w->reg->locs[k - 1].code : NULL;
	w->last_loc = k ? w->of_reg[k - 1] : NULL;
	return w->last_loc;
}

/* The index + 1 of form code in c->forms, 0 when not there. */
static size_t form_of(const struct work *w, const char *code)
{
	for (size_t f = 0; f < w->c->nforms; f++)
		if (!strcmp(code, w->c->forms[f]))
			return f + 1;
	return 0;
}

static enum status add_row(void *ctx, const struct coverage_row *row)
{
	struct work *w = ctx;
	struct loc *l = station_of(w, row);
	size_t f = form_of(w, row->form);
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
	return w->c->all_expected || l->nobs > 0 || (l->sampled && f + 1 == w->pr);
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
	const struct region_map *rm = &w->reg->rm;
	size_t nregions = rm->nregions;
	bool outside = false;

	for (size_t k = 0; k < w->nstations; k++) {
		size_t r = w->stations[k]->region;
		ri[k] = r < nregions ? r : nregions;
		outside = outside || r >= nregions;
	}
	c->nregions = nregions + outside;
	c->regions =
	    arena_alloc(&c->arena, (c->nregions ? c->nregions : 1) * sizeof(*c->regions));
	for (size_t r = 0; r < c->nregions; r++) {
		struct coverage_region *cr = &c->regions[r];
		cr->code =
		    r < nregions ? arena_strdup(&c->arena, rm->regions[r].code) : NULL;
		cr->name =
		    r < nregions ? arena_strdup(&c->arena, rm->regions[r].name) : NULL;
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
		if (l->level != w->flevel[f])
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
			if (l->level != w->flevel[f] || !expected(w, l, f) ||
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
		c->stations += w->stations[k]->level == w->reg->levels[0];
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
	struct coverage_reg *reg;
	enum status rc;

	memset(out, 0, sizeof(*out));
	if (day && !text_is_date(day))
		return err_set(e, ST_INVALID, "day: \"%s\" is not a date (YYYY-MM-DD)",
		               day);
	rc = coverage_reg_load(st, mission_id, &reg, e);
	if (!rc)
		rc = coverage_compute_reg(reg, st, day, form, rows, rows_ctx, out, e);
	coverage_reg_free(reg);
	return rc;
}

enum status coverage_compute_reg(const struct coverage_reg *reg, struct store *st,
                                 const char *day, const char *form, coverage_rows_fn rows,
                                 void *rows_ctx, struct coverage *out, struct err *e)
{
	struct work w;
	enum status rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.c = out;
	w.reg = reg;
	w.only_form = form;
	if (day && !text_is_date(day))
		return err_set(e, ST_INVALID, "day: \"%s\" is not a date (YYYY-MM-DD)",
		               day);
	out->day = arena_strdup(&out->arena, day);
	rc = pick_forms(&w, e);
	if (rc)
		goto out;
	pick_stations(&w);
	w.state = xcalloc(w.nstations * out->nforms + 1, 1);
	rc = rows(rows_ctx, st, reg->mission_id, add_row, &w, e);
	if (rc)
		goto out;
	count_all(&w);
out:
	if (rc)
		coverage_release(out);
	free(w.fitems);
	free(w.stations);
	free(w.of_reg);
	free(w.obs);
	free(w.state);
	arena_release(&w.tmp);
	return rc;
}

void coverage_release(struct coverage *c)
{
	arena_release(&c->arena);
	memset(c, 0, sizeof(*c));
}
