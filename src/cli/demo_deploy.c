/* demo_deploy.c - where the demo's teams go on election day: the map of
 * regions, territorial commissions and stations from the demo plan; teams
 * of accredited observers; short-term teams on routes of six to ten
 * stations, mostly in one region, long-term teams at territorial
 * commissions for the night; stations two teams observe; the assignments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_reports_int.h"
#include "core/alloc.h"
#include "core/strmap.h"

#define NCOUNT_PAIRS 5    /* of the pairs, stations where both teams watch the count */
#define NSILENT      3    /* teams assigned whose reports never arrive */
#define CSV_TEAMS    0.15 /* teams on paper forms, keyed in by clerks */

/* Regions on UTC+5 in 2023 (Aktobe, Atyrau, West Kazakhstan, Kyzylorda,
 * Mangystau, by demo_places.c's numbers); the rest of the country kept
 * Astana's UTC+6 until March 2024. */
static const char *const utc5[] = {"R03", "R05", "R09", "R12", "R13", NULL};

/* ------------------------------------------------------------ indexes */

static void idx_push(struct idx *a, size_t x)
{
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? 2 * a->alloc : 8;
		a->v = xrealloc(a->v, a->alloc * sizeof(*a->v));
	}
	a->v[a->n++] = x;
}

static void idx_insert(struct idx *a, size_t at, size_t x)
{
	idx_push(a, x);
	memmove(a->v + at + 1, a->v + at, (a->n - 1 - at) * sizeof(*a->v));
	a->v[at] = x;
}

static bool idx_has(const struct idx *a, size_t x)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i] == x)
			return true;
	return false;
}

/* ------------------------------------------------------------ the map */

static bool is_region(const struct location *l)
{
	return !strcmp(l->level, "region") || !strcmp(l->level, "city");
}

static size_t lookup(const struct strmap *m, const char *code)
{
	void *v = code ? strmap_get(m, code) : NULL;

	return v ? (size_t)(uintptr_t)v : 0; /* index + 1; 0: none */
}

static void region_setup(struct demo_reports *d, struct region *rg)
{
	rg->utc = 6;
	for (size_t i = 0; utc5[i]; i++)
		if (!strcmp(rg->l->code, utc5[i]))
			rg->utc = 5;
	rg->trouble = 0.6 + 0.8 * demo_unit(d);
	for (size_t k = 0; k < DEMO_NCHOICES; k++)
		rg->lean[k] = exp(0.15 * demo_gauss(d));
	if (!strcmp(rg->l->level, "city")) {
		/* Cities vote less for the ruling party, more for the new ones. */
		rg->lean[0] *= 0.8;
		rg->lean[2] *= 1.5;
		rg->lean[3] *= 1.3;
		rg->lean[5] *= 1.4;
	}
}

/* Regions, their territorial commissions and their stations, from the
 * plan; the stations abroad are left out (no team goes abroad). */
static void map_places(struct demo_reports *d)
{
	const struct demo_plan *p = d->p;
	struct strmap regions = STRMAP_INIT, territories = STRMAP_INIT;
	size_t nr = 0, nt = 0, ns = 0;

	for (size_t i = 0; i < p->nlocations; i++) {
		const struct location *l = &p->locations[i];
		nr += is_region(l);
		nt += !strcmp(l->level, "territory");
		ns += location_is_station(l);
	}
	d->regions = xcalloc(nr + 1, sizeof(*d->regions));
	d->territories = xcalloc(nt + 1, sizeof(*d->territories));
	d->stations = xcalloc(ns + 1, sizeof(*d->stations));
	for (size_t i = 0; i < p->nlocations; i++) {
		const struct location *l = &p->locations[i];
		size_t r, t;

		if (is_region(l)) {
			d->regions[d->nregions].l = l;
			strmap_set(&regions, l->code, (void *)(uintptr_t)++d->nregions);
		} else if (!strcmp(l->level, "territory") &&
		           (r = lookup(&regions, l->parent))) {
			struct territory *tt = &d->territories[d->nterritories];
			tt->l = l;
			tt->region = r - 1;
			idx_push(&d->regions[r - 1].territories, d->nterritories);
			strmap_set(&territories, l->code,
			           (void *)(uintptr_t)++d->nterritories);
		} else if (location_is_station(l) &&
		           (t = lookup(&territories, l->parent))) {
			struct station *s = &d->stations[d->nstations];
			s->l = l;
			s->territory = t - 1;
			s->region = d->territories[t - 1].region;
			s->urban = l->stratum && strcmp(l->stratum, "rural");
			s->turnout = (s->urban ? 0.50 : 0.56) + 0.14 * demo_unit(d);
			idx_push(&d->territories[t - 1].stations, d->nstations);
			d->regions[s->region].nstations++;
			d->nstations++;
		}
	}
	for (size_t r = 0; r < d->nregions; r++)
		region_setup(d, &d->regions[r]);
	/* A few regions where observers see much more going wrong. */
	for (int k = 0; k < 3 && d->nregions > 3; k++) {
		size_t r;
		do
			r = demo_below(d, d->nregions);
		while (d->regions[r].trouble > 2);
		d->regions[r].trouble = 2.5 + demo_unit(d);
	}
	strmap_release(&regions);
	strmap_release(&territories);
}

/* ------------------------------------------------------------ the teams */

/* Teams of long- and short-term observers, of their accredited members. */
static void form_teams(struct demo_reports *d)
{
	const struct demo_plan *p = d->p;
	struct strmap by_name = STRMAP_INIT;

	d->teams = xcalloc(p->nobservers + 1, sizeof(*d->teams));
	for (size_t i = 0; i < p->nobservers; i++) {
		const struct observer *o = &p->observers[i];
		bool lt = !strcmp(o->role, "long_term");
		size_t t;

		if (!o->team || (!lt && strcmp(o->role, "short_term")) ||
		    strcmp(o->accreditation_status, "accredited"))
			continue;
		t = lookup(&by_name, o->team);
		if (!t) {
			d->teams[d->nteams].name = o->team;
			d->teams[d->nteams].long_term = lt;
			strmap_set(&by_name, o->team, (void *)(uintptr_t)++d->nteams);
			t = d->nteams;
		}
		idx_push(&d->teams[t - 1].members, i);
	}
	for (size_t t = 0; t < d->nteams; t++) {
		struct team *tm = &d->teams[t];
		tm->reporter = p->observers[tm->members.v[0]].code;
		tm->csv = !tm->long_term && demo_chance(d, CSV_TEAMS);
		/* Every ninth short-term team reports by SMS: chosen by its
		 * number, so the day's random draws stay as they are. */
		tm->sms = !tm->long_term && !tm->csv && t % 9 == 4;
		tm->strict = 0.7 + 0.7 * demo_unit(d);
	}
	strmap_release(&by_name);
}

static size_t pick_territory(struct demo_reports *d, size_t r)
{
	const struct region *rg = &d->regions[r];
	double *w = xcalloc(rg->territories.n + 1, sizeof(*w));
	size_t t;

	for (size_t i = 0; i < rg->territories.n; i++)
		w[i] = (double)d->territories[rg->territories.v[i]].stations.n;
	t = rg->territories.v[demo_weighted(d, w, rg->territories.n)];
	free(w);
	return t;
}

/* The region whose middle is nearest to r's. */
static size_t nearest_region(const struct demo_reports *d, size_t r)
{
	const struct location *a = d->regions[r].l;
	double best = 1e9;
	size_t found = r;

	for (size_t i = 0; i < d->nregions; i++) {
		const struct location *b = d->regions[i].l;
		double dy = a->latitude - b->latitude, dx = a->longitude - b->longitude;
		if (i != r && dx * dx + dy * dy < best) {
			best = dx * dx + dy * dy;
			found = i;
		}
	}
	return found;
}

/* Up to k stations nobody has yet onto route: neighbours from commission
 * t, then from the region's next commissions. */
static void take(struct demo_reports *d, size_t t, size_t k, struct idx *route)
{
	const struct region *rg = &d->regions[d->territories[t].region];
	size_t first = 0;

	while (rg->territories.v[first] != t)
		first++;
	for (size_t j = 0; j < rg->territories.n && k; j++) {
		const struct territory *tt =
		    &d->territories[rg->territories.v[(first + j) % rg->territories.n]];
		size_t start = demo_below(d, tt->stations.n);
		for (size_t i = 0; i < tt->stations.n && k; i++) {
			size_t s = tt->stations.v[(start + i) % tt->stations.n];
			if (d->stations[s].taken)
				continue;
			d->stations[s].taken = true;
			idx_push(route, s);
			k--;
		}
	}
}

static bool mostly_urban(const struct demo_reports *d, size_t t)
{
	const struct territory *tt = &d->territories[t];
	size_t urban = 0;

	for (size_t i = 0; i < tt->stations.n; i++)
		urban += d->stations[tt->stations.v[i]].urban;
	return 2 * urban > tt->stations.n;
}

/* Short-term teams: a region drawn by its number of stations, a route of
 * neighbouring stations (more in towns), now and then ending across the
 * border of the nearest region. */
static void route_short_term(struct demo_reports *d, struct team *tm)
{
	double *w = xcalloc(d->nregions + 1, sizeof(*w));
	size_t t, k;

	for (size_t r = 0; r < d->nregions; r++)
		w[r] = (double)d->regions[r].nstations;
	tm->region = demo_weighted(d, w, d->nregions);
	free(w);
	t = pick_territory(d, tm->region);
	k = mostly_urban(d, t) ? (size_t)demo_between(d, 8, 10)
	                       : (size_t)demo_between(d, 7, 9);
	if (demo_chance(d, 0.06)) {
		size_t other = nearest_region(d, tm->region);
		take(d, t, k - 2, &tm->route);
		take(d, pick_territory(d, other), 2, &tm->route);
	} else {
		take(d, t, k, &tm->route);
	}
}

/* Long-term teams: the regions in turn; one territorial commission, some
 * a second one, for the tabulation at night. */
static void route_long_term(struct demo_reports *d, struct team *tm, size_t n)
{
	int visits = demo_chance(d, 0.3) ? 2 : 1;

	tm->region = n % d->nregions;
	for (int v = 0; v < visits; v++) {
		size_t t = pick_territory(d, tm->region);
		for (int tries = 0; tries < 20 && d->territories[t].taken; tries++)
			t = pick_territory(d, tm->region);
		if (idx_has(&tm->route, t))
			continue;
		d->territories[t].taken = true;
		idx_push(&tm->route, t);
	}
}

static bool can_pair(const struct team *tm)
{
	return !tm->long_term && !tm->silent && tm->route.n >= 4;
}

/* Double observation: a station of team a also visited by team b of the
 * same region; for the first NCOUNT_PAIRS, a's last station, where b
 * stays for the count too. */
static void pair_teams(struct demo_reports *d)
{
	for (int tries = 0; tries < 5000 && d->npairs < DEMO_NPAIRS; tries++) {
		bool count = d->npairs < NCOUNT_PAIRS;
		size_t a = demo_below(d, d->nteams), b = demo_below(d, d->nteams), s;
		struct team *ta = &d->teams[a], *tb = &d->teams[b];

		if (a == b || !can_pair(ta) || !can_pair(tb) || ta->region != tb->region)
			continue;
		s = count ? ta->route.v[ta->route.n - 1]
		          : ta->route.v[1 + demo_below(d, ta->route.n - 2)];
		if (d->stations[s].doubled || idx_has(&tb->route, s) ||
		    d->stations[tb->route.v[tb->route.n - 1]].doubled)
			continue;
		if (count)
			idx_push(&tb->route, s);
		else
			idx_insert(&tb->route, 1 + demo_below(d, tb->route.n - 1), s);
		d->stations[s].doubled = true;
		d->pairs[d->npairs++] = (struct pair){a, b, s, count};
	}
}

static void assign(struct demo_reports *d, const char *observer, const char *place,
                   const char *day)
{
	if (d->nassignments == d->assignments_alloc) {
		d->assignments_alloc =
		    d->assignments_alloc ? 2 * d->assignments_alloc : 4096;
		d->assignments = xrealloc(d->assignments,
		                          d->assignments_alloc * sizeof(*d->assignments));
	}
	d->assignments[d->nassignments++] = (struct assignment){observer, place, day};
}

static void deploy(struct demo_reports *d)
{
	size_t lto = 0;

	for (size_t t = 0; t < d->nteams; t++) {
		struct team *tm = &d->teams[t];
		if (tm->long_term)
			route_long_term(d, tm, lto++);
		else
			route_short_term(d, tm);
	}
	for (int k = 0; k < NSILENT; k++) {
		size_t t = demo_below(d, d->nteams);
		if (!d->teams[t].long_term)
			d->teams[t].silent = true;
	}
	pair_teams(d);
	for (size_t t = 0; t < d->nteams; t++) {
		const struct team *tm = &d->teams[t];
		for (size_t m = 0; m < tm->members.n; m++)
			for (size_t k = 0; k < tm->route.n; k++) {
				const char *obs = d->p->observers[tm->members.v[m]].code;
				if (tm->long_term)
					assign(d, obs,
					       d->territories[tm->route.v[k]].l->code,
					       DEMO_NIGHT);
				else
					assign(d, obs,
					       d->stations[tm->route.v[k]].l->code,
					       DEMO_ELECTION_DAY);
			}
	}
}

void demo_deploy_plan(struct demo_reports *d)
{
	map_places(d);
	form_teams(d);
	deploy(d);
}
