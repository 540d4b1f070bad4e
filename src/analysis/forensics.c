/* forensics.c - turnout and leader's-share distributions, the election
 * fingerprint, the share of very high figures, the integer-percentage test
 * and the second-digit test, computed from the stations fed one by one. */
#include <stdlib.h>
#include <string.h>

#include "analysis/forensics.h"
#include "core/alloc.h"

double forensics_share(int64_t x, int64_t y)
{
	return y ? (double)x / (double)y : 0.0;
}

void forensics_init(struct forensics *f, size_t nchoices, const struct forensics_opts *o)
{
	memset(f, 0, sizeof(*f));
	f->nchoices = nchoices;
	f->opts = *o;
	if (!f->opts.bins)
		f->opts.bins = FORENSICS_BINS;
	if (!f->opts.resamples)
		f->opts.resamples = PEAKS_RESAMPLES;
	f->totals = xcalloc(nchoices, sizeof(*f->totals));
	f->digits = xcalloc(nchoices, sizeof(*f->digits));
}

void forensics_add(struct forensics *f, const struct station_result *s)
{
	int64_t ballots = station_ballots(s);
	size_t k = f->nchoices;

	f->stations++;
	for (size_t i = 0; i < k; i++) {
		f->totals[i] += s->votes[i];
		benford2_add(&f->digits[i], s->votes[i]);
	}
	if (s->registered <= 0) {
		f->no_registered++;
		return;
	}
	if (s->valid <= 0) {
		f->no_valid++;
		return;
	}
	if (ballots > s->registered) {
		f->over_registered++;
		return;
	}
	if ((size_t)f->used == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 1024;
		f->reg = xrealloc(f->reg, f->cap * sizeof(*f->reg));
		f->bal = xrealloc(f->bal, f->cap * sizeof(*f->bal));
		f->val = xrealloc(f->val, f->cap * sizeof(*f->val));
		f->votes = xrealloc(f->votes, f->cap * k * sizeof(*f->votes));
	}
	f->reg[f->used] = s->registered;
	f->bal[f->used] = ballots;
	f->val[f->used] = s->valid;
	memcpy(f->votes + (size_t)f->used * k, s->votes, k * sizeof(*f->votes));
	f->used++;
}

/* The bin of x / n (0 <= x <= n, n > 0) among bins bins of [0, 1], the
 * last one closed. */
static size_t bin_of(int64_t x, int64_t n, unsigned bins)
{
	int64_t b = x * (int64_t)bins / n;

	return b >= (int64_t)bins ? bins - 1 : (size_t)b;
}

/* The leader: the named choice, or the most voted over all stations. */
static void choose_leader(struct forensics *f)
{
	f->leader_auto = f->opts.leader < 0;
	if (!f->leader_auto) {
		f->leader = (size_t)f->opts.leader;
		return;
	}
	f->leader = 0;
	for (size_t i = 1; i < f->nchoices; i++)
		if (f->totals[i] > f->totals[f->leader])
			f->leader = i;
}

/* The integer-percentage test over the used stations that take part. */
static void peaks(struct forensics *f)
{
	struct peaks_station *st = xmalloc(((size_t)f->used + 1) * sizeof(*st));
	size_t n = 0;

	for (int64_t i = 0; i < f->used; i++) {
		struct peaks_station s = {
		    .registered = f->reg[i],
		    .ballots = f->bal[i],
		    .valid = f->val[i],
		    .leader = f->votes[(size_t)i * f->nchoices + f->leader],
		};
		if (integer_peaks_eligible(&s))
			st[n++] = s;
	}
	integer_peaks_compute(st, n, f->opts.resamples, f->opts.seed, &f->peaks);
	free(st);
}

void forensics_finish(struct forensics *f)
{
	unsigned bins = f->opts.bins;
	int64_t by_turnout[FORENSICS_FP_BINS] = {0}, run = 0;

	choose_leader(f);
	f->turnout_hist = xcalloc(bins, sizeof(*f->turnout_hist));
	f->leader_hist = xcalloc(bins, sizeof(*f->leader_hist));
	f->fingerprint =
	    xcalloc(FORENSICS_FP_BINS * FORENSICS_FP_BINS, sizeof(*f->fingerprint));
	for (int64_t i = 0; i < f->used; i++) {
		int64_t lead = f->votes[(size_t)i * f->nchoices + f->leader];
		int64_t reg = f->reg[i], bal = f->bal[i], val = f->val[i];
		size_t ti = bin_of(bal, reg, FORENSICS_FP_BINS);
		/* a leader above valid (bad data) counts in the last bin */
		int64_t v = lead > val ? val : lead;

		f->turnout_hist[bin_of(bal, reg, bins)]++;
		f->leader_hist[bin_of(v, val, bins)]++;
		f->fingerprint[ti * FORENSICS_FP_BINS +
		               bin_of(v, val, FORENSICS_FP_BINS)]++;
		by_turnout[ti] += lead;
		f->leader_votes += lead;
		if (100 * bal > FORENSICS_HIGH_PERCENT * reg)
			f->high_turnout++;
		if (100 * lead > FORENSICS_HIGH_PERCENT * val)
			f->high_leader++;
	}
	for (int i = 0; i < FORENSICS_FP_BINS; i++) {
		run += by_turnout[i];
		f->cumulative[i] = forensics_share(run, f->leader_votes);
	}
	for (size_t i = 0; i < f->nchoices; i++)
		benford2_finish(&f->digits[i]);
	peaks(f);
}

void forensics_release(struct forensics *f)
{
	free(f->totals);
	free(f->digits);
	free(f->turnout_hist);
	free(f->leader_hist);
	free(f->fingerprint);
	free(f->reg);
	free(f->bal);
	free(f->val);
	free(f->votes);
	memset(f, 0, sizeof(*f));
}
