/* pvt_json.c - the JSON document of a quick count's estimates, shared by
 * "observa quickcount", "observa pvt estimate" and the API. */
#include <math.h>

#include "analysis/pvt_estimate.h"

/* A number, or null for NaN (nothing to say). */
static json_t *num(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *figure_json(const char *name, const struct pvt_figure *f, bool official)
{
	json_t *o = json_object();

	if (name)
		json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "estimate", num(f->estimate));
	json_object_set_new(o, "moe95", num(f->moe95));
	json_object_set_new(o, "moe99", num(f->moe99));
	json_object_set_new(o, "low95", num(f->estimate - f->moe95));
	json_object_set_new(o, "high95", num(f->estimate + f->moe95));
	if (official) {
		json_object_set_new(o, "official", num(f->official));
		json_object_set_new(o, "inside95",
		                    f->inside95 < 0 ? json_null()
		                                    : json_boolean(f->inside95));
	}
	return o;
}

static json_t *point_json(const struct pvt_input *in, const struct pvt_point *p)
{
	json_t *choices = json_array();

	for (size_t c = 0; c < in->nchoices; c++)
		json_array_append_new(choices,
		                      json_pack("{s:s, s:o, s:o}", "name", in->choices[c],
		                                "estimate", num(p->estimate[c]), "moe95",
		                                num(p->moe95[c])));
	return json_pack("{s:I, s:s?, s:o, s:o}", "reports", (json_int_t)p->reports,
	                 "arrived", p->arrived, "choices", choices, "turnout",
	                 num(p->turnout));
}

json_t *pvt_result_to_json(const struct pvt_input *in, const struct pvt_result *r)
{
	json_t *root = json_object(), *choices = json_array(), *strata = json_array();
	json_t *conv = json_array();

	json_object_set_new(root, "sample_size", json_integer(r->sample_size));
	json_object_set_new(root, "sample_reported",
	                    json_integer((json_int_t)r->reported));
	json_object_set_new(root, "stratified", json_boolean(in->stratified));
	json_object_set_new(root, "valid_votes", json_integer(r->valid_votes));
	for (size_t c = 0; c < r->nchoices; c++)
		json_array_append_new(choices, figure_json(in->choices[c], &r->choices[c],
		                                           in->official != NULL));
	json_object_set_new(root, "choices", choices);
	if (r->has_turnout) {
		json_t *t = figure_json(NULL, &r->turnout, false);
		json_object_set_new(t, "reports",
		                    json_integer((json_int_t)r->turnout_reports));
		json_object_set_new(root, "turnout", t);
	} else {
		json_object_set_new(root, "turnout", json_null());
	}
	for (size_t h = 0; h < r->nstrata; h++)
		json_array_append_new(
		    strata, json_pack("{s:s?, s:I, s:I, s:I}", "name", r->strata[h].name,
		                      "population", (json_int_t)r->strata[h].population,
		                      "sampled", (json_int_t)r->strata[h].sampled,
		                      "reported", (json_int_t)r->strata[h].reported));
	json_object_set_new(root, "strata", strata);
	json_object_set_new(root, "strata_empty",
	                    json_integer((json_int_t)r->strata_empty));
	json_object_set_new(root, "strata_single",
	                    json_integer((json_int_t)r->strata_single));
	for (size_t i = 0; i < r->npoints; i++)
		json_array_append_new(conv, point_json(in, &r->convergence[i]));
	json_object_set_new(root, "convergence", conv);
	return root;
}
