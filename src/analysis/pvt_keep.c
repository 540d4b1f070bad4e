/* pvt_keep.c - a mission's quick-count sample drawn from its frame and
 * stored with how it was drawn (pvt_keep.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analysis/pvt_keep.h"
#include "analysis/pvt_mission.h"

/* [{"stratum", "population", "size"}] of the draw, as JSON text the
 * caller frees. */
static char *allocation_json(const struct pvt_draw *d)
{
	json_t *a = json_array();
	char *text;

	for (size_t h = 0; h < d->nstrata; h++)
		json_array_append_new(
		    a, json_pack("{s:s?, s:I, s:I}", "stratum", d->strata[h].name,
		                 "population", (json_int_t)d->strata[h].population,
		                 "size", (json_int_t)d->strata[h].size));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
}

enum status pvt_keep_sample(struct store *st, int64_t mission_id,
                            const struct pvt_keep_spec *spec, struct arena *a,
                            struct pvt_kept *out, struct err *e)
{
	struct pvt_unit *frame;
	struct pvt_draw d = {0};
	struct pvt_sample_head h = {0};
	char *alloc = NULL;
	size_t n;
	enum status rc;

	memset(out, 0, sizeof(*out));
	if (spec->seed < 0)
		return err_set(e, ST_INVALID, "seed: %lld is below 0",
		               (long long)spec->seed);
	rc = pvt_frame_load(st, mission_id, spec->strata_by, a, &frame, &n, e);
	if (!rc)
		rc = pvt_sample_draw(frame, n, spec->method, spec->size, spec->given,
		                     spec->ngiven, (uint64_t)spec->seed, &d, e);
	if (rc)
		goto out;
	out->rows = arena_alloc(a, (d.n ? d.n : 1) * sizeof(*out->rows));
	for (size_t i = 0; i < d.n; i++)
		out->rows[i] = (struct pvt_sample_row){
		    frame[d.chosen[i]].station,
		    arena_strdup(a, d.strata[d.stratum_of[i]].name), (int64_t)i + 1};
	alloc = allocation_json(&d);
	h = (struct pvt_sample_head){
	    .method = pvt_method_name(spec->method),
	    .strata_by = spec->strata_by,
	    .seed = spec->seed,
	    .size = (int64_t)d.n,
	    .frame_size = (int64_t)n,
	    .frame_hash = d.frame_hash,
	    .generator = PVT_GENERATOR,
	    .allocation = alloc,
	};
	rc = store_pvt_sample_put(st, mission_id, &h, out->rows, d.n, spec->replace, e);
	if (!rc) {
		out->frame_size = n;
		out->nstrata = d.nstrata;
		out->n = d.n;
	}
out:
	free(alloc);
	pvt_draw_release(&d);
	return rc;
}
