/* demo_reports.c - election day in the demo mission kz-2023, planned from the
 * demo plan and a fixed seed: the plan's lifecycle, the order of its steps
 * (deployment, the day's reports, incidents, planted problems, resends) and
 * the helpers they share to draw numbers and format strings.  The steps live
 * in the files demo_reports_int.h names; writing is in demo_send.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/demo_reports_int.h"
#include "core/alloc.h"

/* ------------------------------------------------------------ helpers */

const char *demo_fmt(struct demo_reports *d, const char *f, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	return arena_strdup(&d->arena, buf);
}

double demo_unit(struct demo_reports *d)
{
	return demo_rng_unit(&d->rng);
}

bool demo_chance(struct demo_reports *d, double p)
{
	return demo_rng_chance(&d->rng, p);
}

long demo_between(struct demo_reports *d, long lo, long hi)
{
	return (long)demo_rng_range(&d->rng, lo, hi);
}

size_t demo_below(struct demo_reports *d, size_t n)
{
	return demo_rng_below(&d->rng, n);
}

double demo_gauss(struct demo_reports *d)
{
	double s = 0;

	for (int i = 0; i < 12; i++)
		s += demo_unit(d);
	return s - 6;
}

long demo_hm(int h, int m)
{
	return h * 3600L + m * 60L;
}

size_t demo_weighted(struct demo_reports *d, const double *w, size_t n)
{
	double sum = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		sum += w[i];
	x = demo_unit(d) * sum;
	for (i = 0; i + 1 < n && x >= w[i]; i++)
		x -= w[i];
	return i;
}

/* ------------------------------------------------------------ the plan */

struct demo_reports *demo_reports_plan(const struct demo_plan *p, uint64_t seed)
{
	struct demo_reports *d = xcalloc(1, sizeof(*d));

	d->p = p;
	demo_rng_seed(&d->rng, seed);
	d->review_seed = seed ^ 0x5245564945570000ULL;
	demo_deploy_plan(d);
	demo_day_plan(d);
	demo_random_incidents(d);
	demo_plant(d);
	demo_resend(d);
	demo_order(d);
	return d;
}

void demo_reports_free(struct demo_reports *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nreports; i++)
		json_decref(d->reports[i].answers);
	for (size_t i = 0; i < d->nwritten; i++)
		json_decref(d->written[i]);
	free(d->written);
	for (size_t i = 0; i < d->nregions; i++)
		free(d->regions[i].territories.v);
	for (size_t i = 0; i < d->nterritories; i++)
		free(d->territories[i].stations.v);
	for (size_t i = 0; i < d->nteams; i++) {
		free(d->teams[i].members.v);
		free(d->teams[i].route.v);
	}
	free(d->regions);
	free(d->territories);
	free(d->stations);
	free(d->teams);
	free(d->reports);
	free(d->order);
	free(d->assignments);
	arena_release(&d->arena);
	free(d);
}

long long demo_reports_rows(const struct demo_reports *d)
{
	return (long long)d->nreports;
}
