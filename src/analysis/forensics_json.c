/* forensics_json.c - the JSON document of "observa forensics --format
 * json": every figure of forensics.h with the parameters that made it. */
#include <math.h>

#include "analysis/forensics.h"

static json_t *counts_json(const int64_t *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

/* A real, or null when it is not a number. */
static json_t *real_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *peaks_json(const struct integer_peaks *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "stations", json_integer(p->stations));
	json_object_set_new(o, "observed", json_integer(p->observed));
	json_object_set_new(o, "expected", json_real(p->expected));
	json_object_set_new(o, "sd", json_real(p->sd));
	json_object_set_new(o, "z", real_or_null(p->z));
	json_object_set_new(o, "observed_turnout", json_integer(p->observed_turnout));
	json_object_set_new(o, "expected_turnout", json_real(p->expected_turnout));
	json_object_set_new(o, "observed_leader", json_integer(p->observed_leader));
	json_object_set_new(o, "expected_leader", json_real(p->expected_leader));
	json_object_set_new(o, "resamples", json_integer(p->resamples));
	json_object_set_new(o, "seed", json_integer((json_int_t)p->seed));
	return o;
}

static json_t *digits_json(const struct benford2 *b, const char *name)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "stations", json_integer(b->n));
	json_object_set_new(o, "counts", counts_json(b->counts, 10));
	json_object_set_new(o, "mean", json_real(b->mean));
	json_object_set_new(o, "chi2", json_real(b->chi2));
	json_object_set_new(o, "p", json_real(b->p));
	return o;
}

json_t *forensics_to_json(const struct forensics *f, const char *const *names)
{
	json_t *o = json_object(), *fp = json_array(), *cum = json_array();
	json_t *digits = json_array(), *excl = json_object();

	json_object_set_new(o, "stations", json_integer(f->stations));
	json_object_set_new(o, "stations_used", json_integer(f->used));
	json_object_set_new(excl, "no_registered", json_integer(f->no_registered));
	json_object_set_new(excl, "no_valid", json_integer(f->no_valid));
	json_object_set_new(excl, "over_registered", json_integer(f->over_registered));
	json_object_set_new(o, "excluded", excl);
	json_object_set_new(o, "leader", json_string(names[f->leader]));
	json_object_set_new(o, "leader_chosen",
	                    json_string(f->leader_auto ? "auto" : "named"));
	json_object_set_new(o, "leader_votes", json_integer(f->leader_votes));
	json_object_set_new(o, "bins", json_integer(f->opts.bins));
	json_object_set_new(o, "turnout_histogram",
	                    counts_json(f->turnout_hist, f->opts.bins));
	json_object_set_new(o, "leader_share_histogram",
	                    counts_json(f->leader_hist, f->opts.bins));
	for (size_t i = 0; i < FORENSICS_FP_BINS; i++)
		json_array_append_new(fp,
		                      counts_json(f->fingerprint + i * FORENSICS_FP_BINS,
		                                  FORENSICS_FP_BINS));
	json_object_set_new(o, "fingerprint_bins", json_integer(FORENSICS_FP_BINS));
	json_object_set_new(o, "fingerprint", fp);
	for (size_t i = 0; i < FORENSICS_FP_BINS; i++)
		json_array_append_new(cum, json_real(f->cumulative[i]));
	json_object_set_new(o, "cumulative_leader_votes", cum);
	json_object_set_new(o, "high_turnout_stations", json_integer(f->high_turnout));
	json_object_set_new(o, "high_turnout_share",
	                    json_real(forensics_share(f->high_turnout, f->used)));
	json_object_set_new(o, "high_leader_stations", json_integer(f->high_leader));
	json_object_set_new(o, "high_leader_share",
	                    json_real(forensics_share(f->high_leader, f->used)));
	json_object_set_new(o, "integer_peaks", peaks_json(&f->peaks));
	for (size_t i = 0; i < f->nchoices; i++)
		json_array_append_new(digits, digits_json(&f->digits[i], names[i]));
	json_object_set_new(o, "second_digit", digits);
	return o;
}
