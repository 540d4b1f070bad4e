/* coverage_reg.c - the registry coverage is laid out by (coverage_int.h),
 * read from the store in one read transaction with the mark of its last
 * audited change, and read again only when that mark has moved. */
#include <stdint.h>
#include <string.h>

#include "analysis/coverage_int.h"
#include "core/alloc.h"

/* Locations are found by their store key up to this one (an array of 4
 * bytes per key), by code beyond. */
#define LOC_ID_MAX ((int64_t)1 << 24)

static int phase_rank(const char *phase)
{
	static const char *const order[] = {"opening", "voting", "counting",
	                                    "tabulation"};

	for (int i = 0; i < 4; i++)
		if (phase && !strcmp(phase, order[i]))
			return i;
	return 4;
}

/* Make room for one more of *n elements of size sz in *v. */
static void grow(void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 64;
	*v = xrealloc(*v, *cap * sz);
}

/* The interned copy of level. */
static const char *intern(struct coverage_reg *r, const char *level)
{
	for (size_t k = 0; k < r->nlevels; k++)
		if (!strcmp(level, r->levels[k]))
			return r->levels[k];
	grow((void **)&r->levels, &r->cap_levels, r->nlevels, sizeof(*r->levels));
	r->levels[r->nlevels] = arena_strdup(&r->a, level);
	return r->levels[r->nlevels++];
}

static enum status add_form(void *ctx, const struct form_record *f)
{
	struct coverage_reg *r = ctx;
	struct creg_form *cf;

	grow((void **)&r->forms, &r->cap_forms, r->nforms, sizeof(*r->forms));
	cf = &r->forms[r->nforms++];
	cf->code = arena_strdup(&r->a, f->code);
	cf->level = intern(r, f->level ? f->level : "station");
	cf->rank = phase_rank(f->phase);
	cf->incident = f->kind && !strcmp(f->kind, "incident");
	return ST_OK;
}

/* Whether a form may be filled at a location of level: polling stations,
 * and the levels of the forms that are not incident forms. */
static bool fillable(const struct coverage_reg *r, const char *level)
{
	if (!level)
		return false;
	if (!strcmp(level, "station"))
		return true;
	for (size_t f = 0; f < r->nforms; f++)
		if (!r->forms[f].incident && !strcmp(level, r->forms[f].level))
			return true;
	return false;
}

static enum status add_location(void *ctx, const struct location *l)
{
	struct coverage_reg *r = ctx;
	struct creg_loc *n;

	region_map_add(&r->rm, l);
	if (!fillable(r, l->level))
		return ST_OK;
	grow((void **)&r->locs, &r->cap_locs, r->nlocs, sizeof(*r->locs));
	n = &r->locs[r->nlocs];
	memset(n, 0, sizeof(*n));
	n->code = arena_strdup(&r->a, l->code);
	n->name = arena_strdup(&r->a, l->name);
	n->level = intern(r, l->level);
	if (!strmap_add(&r->locmap, n->code, (void *)(uintptr_t)(r->nlocs + 1), NULL))
		return ST_OK; /* codes are unique in a mission */
	r->nlocs++;
	if (l->id > 0 && l->id < LOC_ID_MAX) {
		size_t id = (size_t)l->id, old = r->nloc_of_id;
		if (id >= old) {
			r->nloc_of_id = id + 1 > 2 * old ? id + 1 : 2 * old;
			if (r->nloc_of_id > (size_t)LOC_ID_MAX)
				r->nloc_of_id = (size_t)LOC_ID_MAX;
			r->loc_of_id =
			    xrealloc(r->loc_of_id, r->nloc_of_id * sizeof(*r->loc_of_id));
			memset(r->loc_of_id + old, 0,
			       (r->nloc_of_id - old) * sizeof(*r->loc_of_id));
		}
		r->loc_of_id[id] = (uint32_t)r->nlocs;
	}
	return ST_OK;
}

static struct creg_loc *loc_of(const struct coverage_reg *r, const char *code)
{
	uintptr_t k = (uintptr_t)strmap_get(&r->locmap, code);

	return k ? &r->locs[k - 1] : NULL;
}

/* Keep the assignment in its location's list, in the store's order. */
static enum status add_assignment(void *ctx, const struct assignment_row *a)
{
	struct coverage_reg *r = ctx;
	struct creg_loc *l;
	struct creg_assign *as;
	uintptr_t o;

	r->any_assignment = true;
	l = loc_of(r, a->station);
	if (!l)
		return ST_OK;
	o = (uintptr_t)strmap_get(&r->obsmap, a->observer);
	if (!o) {
		grow((void **)&r->obs, &r->cap_obs, r->nobs, sizeof(*r->obs));
		r->obs[r->nobs] =
		    (struct creg_obs){arena_strdup(&r->a, a->observer), NULL, NULL};
		o = ++r->nobs;
		strmap_add(&r->obsmap, r->obs[o - 1].code, (void *)o, NULL);
	}
	grow((void **)&r->as, &r->cap_as, r->nas, sizeof(*r->as));
	as = &r->as[r->nas++];
	as->day = arena_strdup(&r->a, a->day);
	as->obs = (uint32_t)(o - 1);
	as->next = 0;
	if (l->last)
		r->as[l->last - 1].next = (uint32_t)r->nas;
	else
		l->first = (uint32_t)r->nas;
	l->last = (uint32_t)r->nas;
	return ST_OK;
}

static enum status add_observer(void *ctx, const struct observer *ob)
{
	struct coverage_reg *r = ctx;
	uintptr_t o = (uintptr_t)strmap_get(&r->obsmap, ob->code);

	if (o) {
		r->obs[o - 1].name = arena_strdup(&r->a, ob->full_name);
		r->obs[o - 1].phones = arena_strdup(&r->a, ob->phones);
	}
	return ST_OK;
}

static enum status add_sampled(void *ctx, const struct pvt_sample_row *row)
{
	struct creg_loc *l = loc_of(ctx, row->station);

	if (l)
		l->sampled = true;
	return ST_OK;
}

/* Read everything, in the caller's read transaction. */
static enum status read_all(struct coverage_reg *r, struct store *st, struct err *e)
{
	struct location_filter lf = {0};
	struct observer_filter of = {0};
	int64_t total;
	enum status rc;

	rc = store_form_list(st, r->mission_id, add_form, r, e);
	if (!rc)
		rc = store_location_list(st, r->mission_id, &lf, &total, add_location, r,
		                         e);
	if (rc)
		return rc;
	region_map_finish(&r->rm);
	for (size_t k = 0; k < r->nlocs; k++)
		r->locs[k].region = region_map_of(&r->rm, r->locs[k].code);
	rc = store_assignment_list(st, r->mission_id, NULL, add_assignment, r, e);
	if (!rc && r->nobs)
		rc = store_observer_list(st, r->mission_id, &of, &total, add_observer, r,
		                         e);
	if (!rc)
		rc = store_pvt_sample_list(st, r->mission_id, add_sampled, r, e);
	return rc;
}

enum status coverage_reg_load(struct store *st, int64_t mission_id,
                              struct coverage_reg **out, struct err *e)
{
	struct coverage_reg *r = xcalloc(1, sizeof(*r));
	struct tally_marks m;
	int began;
	enum status rc;

	*out = NULL;
	r->mission_id = mission_id;
	strmap_init(&r->locmap);
	strmap_init(&r->obsmap);
	region_map_init(&r->rm);
	intern(r, "station");
	rc = store_tally_begin(st, &began, e);
	if (rc) {
		coverage_reg_free(r);
		return rc;
	}
	rc = store_tally_marks(st, mission_id, &m, e);
	if (!rc) {
		r->mark = m.registry;
		r->seen = m;
		rc = read_all(r, st, e);
	}
	store_tally_end(st, began);
	if (rc) {
		coverage_reg_free(r);
		return rc;
	}
	*out = r;
	return ST_OK;
}

enum status coverage_reg_refresh(struct coverage_reg **reg, struct store *st,
                                 int64_t mission_id, struct err *e)
{
	struct coverage_reg *fresh;
	struct tally_marks m;
	int began;
	enum status rc;

	rc = store_tally_begin(st, &began, e);
	if (rc)
		return rc;
	rc = store_tally_marks_since(
	    st, mission_id,
	    *reg && (*reg)->mission_id == mission_id ? &(*reg)->seen : NULL, &m, e);
	if (!rc && *reg && (*reg)->mission_id == mission_id &&
	    (*reg)->mark == m.registry) {
		(*reg)->seen = m;
		store_tally_end(st, began);
		return ST_OK;
	}
	if (!rc)
		rc = coverage_reg_load(st, mission_id, &fresh, e);
	store_tally_end(st, began);
	if (rc)
		return rc;
	coverage_reg_free(*reg);
	*reg = fresh;
	return ST_OK;
}

void coverage_reg_free(struct coverage_reg *r)
{
	if (!r)
		return;
	free(r->levels);
	free(r->forms);
	free(r->locs);
	free(r->loc_of_id);
	free(r->obs);
	free(r->as);
	strmap_release(&r->locmap);
	strmap_release(&r->obsmap);
	region_map_release(&r->rm);
	arena_release(&r->a);
	free(r);
}
