/* pvt_estimate.c - the combined ratio estimator and its linearised
 * variance, applied to every choice and to the turnout of the sample
 * stations that reported, and recomputed as reports arrived. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pvt_estimate.h"
#include "core/alloc.h"

/* ---- one ratio ---- */

void pvt_ratio_compute(const struct pvt_obs *obs, size_t k, const int64_t *population,
                       size_t nstrata, bool fpc, struct pvt_ratio *out)
{
	size_t *kh = xcalloc(nstrata ? nstrata : 1, sizeof(*kh));
	double *ebar = xcalloc(nstrata ? nstrata : 1, sizeof(*ebar));
	double *ss = xcalloc(nstrata ? nstrata : 1, sizeof(*ss));
	double Y = 0, X = 0, p, var = 0;
	bool any_variance = false;

	memset(out, 0, sizeof(*out));
	out->reported = k;
	for (size_t i = 0; i < k; i++)
		kh[obs[i].stratum]++;
	/* Estimated totals: each observation weighted by N_h / k_h. */
	for (size_t i = 0; i < k; i++) {
		double w =
		    (double)population[obs[i].stratum] / (double)kh[obs[i].stratum];
		Y += w * obs[i].y;
		X += w * obs[i].x;
	}
	p = X > 0 ? Y / X : NAN;
	out->estimate = p;
	/* Residuals e_i = y_i - p x_i: their mean, then their spread, in
	 * each stratum. */
	for (size_t i = 0; i < k && X > 0; i++)
		ebar[obs[i].stratum] +=
		    (obs[i].y - p * obs[i].x) / (double)kh[obs[i].stratum];
	for (size_t i = 0; i < k && X > 0; i++) {
		double d = obs[i].y - p * obs[i].x - ebar[obs[i].stratum];
		ss[obs[i].stratum] += d * d;
	}
	for (size_t h = 0; h < nstrata; h++) {
		double N = (double)population[h], f;
		if (!kh[h]) {
			out->strata_empty++;
			continue;
		}
		f = fpc ? (double)kh[h] / N : 0;
		if (f >= 1) {
			any_variance =
			    true; /* every station counted: no sampling error */
			continue;
		}
		if (kh[h] < 2) {
			out->strata_single++;
			continue;
		}
		any_variance = true;
		var += N * N * (1 - f) / (double)kh[h] * (ss[h] / (double)(kh[h] - 1));
	}
	out->variance = X > 0 && any_variance ? var / (X * X) : NAN;
	free(kh);
	free(ebar);
	free(ss);
}

/* ---- the quick count ---- */

struct work {
	const struct pvt_input *in;
	int64_t *population;
	struct pvt_obs *obs; /* scratch, nreports */
};

/* Choice c's share (c == nchoices: the turnout) over the first k reports. */
static void one_ratio(struct work *w, size_t c, size_t k, struct pvt_ratio *r)
{
	const struct pvt_input *in = w->in;
	size_t n = 0;

	for (size_t i = 0; i < k; i++) {
		const struct pvt_report *rep = &in->reports[i];
		if (c < in->nchoices)
			w->obs[n++] = (struct pvt_obs){
			    rep->stratum, (double)rep->votes[c], (double)rep->valid};
		else if (rep->registered >= 0 && rep->ballots >= 0)
			w->obs[n++] = (struct pvt_obs){rep->stratum, (double)rep->ballots,
			                               (double)rep->registered};
	}
	pvt_ratio_compute(w->obs, n, w->population, in->nstrata, true, r);
}

static void to_figure(const struct pvt_ratio *r, double official, struct pvt_figure *f)
{
	double se = sqrt(r->variance);

	f->estimate = 100 * r->estimate;
	f->moe95 = 100 * PVT_Z95 * se;
	f->moe99 = 100 * PVT_Z99 * se;
	f->official = official;
	f->inside95 = -1;
	if (!isnan(official) && !isnan(f->estimate) && !isnan(f->moe95))
		f->inside95 = fabs(official - f->estimate) <= f->moe95;
}

static enum status check_reports(const struct pvt_input *in, struct err *e)
{
	for (size_t i = 0; i < in->nreports; i++) {
		const struct pvt_report *r = &in->reports[i];
		const char *s = r->station ? r->station : "?";
		if (r->stratum >= in->nstrata)
			return err_set(e, ST_INVALID,
			               "station \"%s\": stratum out of range", s);
		if (r->valid < 0)
			return err_set(e, ST_INVALID,
			               "station \"%s\": negative valid votes", s);
		for (size_t c = 0; c < in->nchoices; c++)
			if (r->votes[c] < 0)
				return err_set(
				    e, ST_INVALID,
				    "station \"%s\": negative votes for \"%s\"", s,
				    in->choices[c]);
	}
	return ST_OK;
}

/* The convergence points: after every step reports, and after the last. */
static void convergence(struct work *w, struct pvt_result *out)
{
	const struct pvt_input *in = w->in;
	size_t k = in->nreports, step, np = 0;
	struct pvt_ratio r;

	step = (size_t)((out->sample_size + 9) / 10);
	if (!step)
		step = 1;
	out->convergence =
	    arena_alloc(&out->arena, (k / step + 2) * sizeof(*out->convergence));
	for (size_t j = step; k && j <= k + step - 1; j += step) {
		struct pvt_point *p = &out->convergence[np++];
		if (j > k)
			j = k;
		p->reports = j;
		p->arrived = in->reports[j - 1].arrived;
		p->estimate =
		    arena_alloc(&out->arena, (in->nchoices + 1) * sizeof(double));
		p->moe95 = arena_alloc(&out->arena, (in->nchoices + 1) * sizeof(double));
		for (size_t c = 0; c <= in->nchoices; c++) {
			struct pvt_figure f;
			one_ratio(w, c, j, &r);
			to_figure(&r, NAN, &f);
			if (c < in->nchoices) {
				p->estimate[c] = f.estimate;
				p->moe95[c] = f.moe95;
			} else {
				p->turnout = f.estimate;
			}
		}
		if (j == k)
			break;
	}
	out->npoints = np;
}

enum status pvt_estimate(const struct pvt_input *in, struct pvt_result *out,
                         struct err *e)
{
	struct work w = {in, NULL, NULL};
	struct pvt_ratio r;
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = check_reports(in, e);
	if (rc)
		return rc;
	w.population = xcalloc(in->nstrata ? in->nstrata : 1, sizeof(*w.population));
	w.obs = xcalloc(in->nreports ? in->nreports : 1, sizeof(*w.obs));
	out->sample_size = in->sample_size;
	out->nstrata = in->nstrata;
	out->strata = arena_alloc(&out->arena,
	                          (in->nstrata ? in->nstrata : 1) * sizeof(*out->strata));
	for (size_t h = 0; h < in->nstrata; h++) {
		w.population[h] = in->strata[h].population;
		out->strata[h] =
		    (struct pvt_stratum_out){in->strata[h].name, in->strata[h].population,
		                             in->strata[h].sampled, 0};
		if (!in->sample_size)
			out->sample_size += in->strata[h].sampled;
	}
	out->reported = in->nreports;
	for (size_t i = 0; i < in->nreports; i++) {
		out->strata[in->reports[i].stratum].reported++;
		out->valid_votes += in->reports[i].valid;
	}
	out->nchoices = in->nchoices;
	out->choices = arena_alloc(&out->arena, (in->nchoices ? in->nchoices : 1) *
	                                            sizeof(*out->choices));
	for (size_t c = 0; c < in->nchoices; c++) {
		one_ratio(&w, c, in->nreports, &r);
		to_figure(&r, in->official ? in->official[c] : NAN, &out->choices[c]);
	}
	for (size_t h = 0; h < in->nstrata; h++) {
		const struct pvt_stratum_out *s = &out->strata[h];
		out->strata_empty += s->reported == 0;
		out->strata_single += s->reported == 1 && s->reported < s->population;
	}
	one_ratio(&w, in->nchoices, in->nreports, &r);
	out->turnout_reports = r.reported;
	out->has_turnout = r.reported > 0;
	to_figure(&r, NAN, &out->turnout);
	convergence(&w, out);
	free(w.population);
	free(w.obs);
	return ST_OK;
}

void pvt_result_release(struct pvt_result *r)
{
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}
