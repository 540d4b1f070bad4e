/* demo_day.c - the reports of the demo's election day: each short-term team
 * opens a station, watches voting along its route and the count at its last
 * station, copying the protocol; each long-term team watches the tabulation
 * at its commissions at night; at the stations two teams share, the second
 * team's reports mostly agree with the first's. */
#include <stdlib.h>
#include <string.h>

#include "cli/demo_reports_int.h"
#include "core/alloc.h"

#define SKIP_VISIT 0.035 /* a planned station the team does not reach */
#define SKIP_TEC   0.08  /* a commission the long-term team does not reach */

static const char *const remarks[] = {
    "Long queue at the entrance in the morning; the commission coped.",
    "The commission was well organised and answered every question.",
    "Only two voting booths for a large station.",
    "Очередь у входа, но всё спокойно.",
    "The chair explained the procedures to the team in detail.",
    "Cold room: the heating was off.",
    "Many first-time voters; the commission explained the ballot patiently.",
};
#define NREMARKS (sizeof(remarks) / sizeof(remarks[0]))

static const char *stamp(struct demo_reports *d, long local, int utc)
{
	long day = local / DEMO_DAY_SECS, s = local % DEMO_DAY_SECS;

	return demo_fmt(d, "2023-03-%02ldT%02ld:%02ld:%02ld%+03d:00", 19 + day, s / 3600,
	                s / 60 % 60, s % 60, utc);
}

static size_t region_of(const struct demo_reports *d, const struct team *tm, size_t place)
{
	return tm->long_term ? d->territories[place].region : d->stations[place].region;
}

struct report *demo_new_report(struct demo_reports *d)
{
	struct report *r;

	if (d->nreports == d->reports_alloc) {
		d->reports_alloc = d->reports_alloc ? 2 * d->reports_alloc : 8192;
		d->reports = xrealloc(d->reports, d->reports_alloc * sizeof(*d->reports));
	}
	r = &d->reports[d->nreports++];
	memset(r, 0, sizeof(*r));
	return r;
}

size_t demo_add(struct demo_reports *d, size_t t, size_t place, const char *form,
                long local, json_t *answers)
{
	const struct team *tm = &d->teams[t];
	int utc = d->regions[region_of(d, tm, place)].utc;
	const char *code =
	    tm->long_term ? d->territories[place].l->code : d->stations[place].l->code;
	struct report *r = demo_new_report(d);

	r->kind = ORIGINAL;
	r->team = t;
	r->place = place;
	r->local = local;
	r->when = local - utc * 3600L;
	r->answers = answers;
	r->sub.client_id = demo_fmt(d, "%s-%s-%s", tm->reporter, code, form);
	r->sub.form = form;
	r->sub.station = code;
	r->sub.observer = tm->reporter;
	r->sub.observed_at = stamp(d, local, utc);
	r->sub.answers = answers;
	r->sub.channel = tm->csv ? "csv" : tm->sms ? "sms" : "api";
	return (size_t)(r - d->reports);
}

/* A short-term team's day: the opening at its first station, voting at
 * each (unless it does not get there), the count and the protocol at its
 * last. */
static void station_day(struct demo_reports *d, size_t t)
{
	const struct team *tm = &d->teams[t];
	size_t n = tm->route.n;
	long open = demo_between(d, demo_hm(7, 30), demo_hm(8, 0));
	long slot = (demo_hm(19, 0) - demo_hm(8, 50)) / (long)(n > 2 ? n - 2 : 1);

	for (size_t k = 0; k < n; k++) {
		const struct station *s = &d->stations[tm->route.v[k]];
		long at, count;
		size_t vo;

		if (k == 0) {
			demo_add(d, t, tm->route.v[k], "OP", open,
			         demo_opening(d, tm, s));
			at = open + demo_between(d, 10 * 60, 35 * 60);
		} else if (k + 1 == n) {
			at = demo_between(d, demo_hm(19, 15), demo_hm(19, 50));
		} else {
			at = demo_hm(8, 50) + (long)(k - 1) * slot +
			     demo_between(d, 0, slot * 2 / 3);
			if (!s->doubled && demo_chance(d, SKIP_VISIT))
				continue;
		}
		vo = demo_add(d, t, tm->route.v[k], "VO", at, demo_voting(d, tm, s, at));
		if (demo_chance(d, 0.04))
			d->reports[vo].sub.comment = remarks[demo_below(d, NREMARKS)];
		demo_linked_incidents(d, vo);
		if (k + 1 < n)
			continue;
		count = demo_between(d, demo_hm(21, 15), demo_hm(23, 10));
		demo_linked_incidents(d, demo_add(d, t, tm->route.v[k], "CO", count,
		                                  demo_counting(d, tm, s)));
		demo_add(d, t, tm->route.v[k], "PR",
		         count + demo_between(d, 5 * 60, 35 * 60),
		         demo_protocol(d, s, PR_OK));
	}
}

/* A long-term team's night at its territorial commissions. */
static void commission_night(struct demo_reports *d, size_t t)
{
	const struct team *tm = &d->teams[t];

	for (size_t k = 0; k < tm->route.n; k++) {
		size_t place = tm->route.v[k];
		long at = DEMO_DAY_SECS +
		          (k == 0 ? demo_between(d, demo_hm(0, 40), demo_hm(2, 30))
		                  : demo_between(d, demo_hm(3, 15), demo_hm(5, 20)));
		if (demo_chance(d, SKIP_TEC))
			continue;
		demo_add(d, t, place, "TA", at,
		         demo_tabulation(d, tm, d->territories[place].region));
	}
}

static size_t find(const struct demo_reports *d, size_t team, size_t place,
                   const char *form)
{
	for (size_t i = 0; i < d->nreports; i++) {
		const struct report *r = &d->reports[i];
		if (r->team == team && r->place == place && !strcmp(r->sub.form, form))
			return i;
	}
	return SIZE_MAX;
}

/* The second team of a pair copies what the first saw, mostly agreeing:
 * the same station, near the same time.  It does not count the signatures
 * (N) itself, and now and then answers one question differently. */
static void copy_report(struct demo_reports *d, const struct pair *pr, const char *form,
                        double differ)
{
	size_t a = find(d, pr->a, pr->station, form),
	       b = find(d, pr->b, pr->station, form);
	json_t *copy;

	if (a == SIZE_MAX || b == SIZE_MAX)
		return;
	copy = json_deep_copy(d->reports[a].answers);
	json_object_del(copy, "N");
	if (demo_chance(d, differ)) {
		if (strcmp(form, "PR"))
			demo_disagree(d, copy, form);
		else
			demo_slip(d, copy);
	}
	json_decref(d->reports[b].answers);
	d->reports[b].answers = copy;
	d->reports[b].sub.answers = copy;
	d->reports[a].doubled = d->reports[b].doubled = true;
}

void demo_day_plan(struct demo_reports *d)
{
	for (size_t t = 0; t < d->nteams; t++) {
		if (d->teams[t].silent)
			continue;
		if (d->teams[t].long_term)
			commission_night(d, t);
		else
			station_day(d, t);
	}
	for (size_t k = 0; k < d->npairs; k++) {
		copy_report(d, &d->pairs[k], "VO", 0.45);
		if (!d->pairs[k].count)
			continue;
		copy_report(d, &d->pairs[k], "CO", 0.3);
		copy_report(d, &d->pairs[k], "PR", 0.5);
	}
}
