/* demo_people.c - the demo mission's observers: the real organisations that
 * observe Kazakhstan's elections, made-up people from their member states,
 * local interpreters and drivers, and a domestic citizen network.
 *
 * The totals echo the CEC's 2023 figure (793 observers from 12
 * organisations and 41 countries); every person is invented. */
#include <stdlib.h>
#include <string.h>

#include "cli/demo_names.h"
#include "cli/demo_people.h"
#include "cli/demo_rng.h"
#include "core/alloc.h"

/* Days of 2023 counted from 1 January = 1; election day is 19 March. */
#define DAY(month, d) ((month) == 1 ? (d) : (month) == 2 ? 31 + (d) : 59 + (d))
#define LAST_DECISION DAY(3, 18)

struct share {
	const char *cc;
	int weight;
};

struct org {
	const char *name;
	const char *prefix; /* of observer codes */
	const char *domain; /* of e-mails, under the reserved .example */
	int head, coordinators, core, long_term, short_term;
	int interpreters, drivers, national;
	const struct share *countries; /* where the international members come from */
};

#define SHARES(...) ((const struct share[]){__VA_ARGS__, {NULL, 0}})

static const struct org orgs[] = {
    {"OSCE/ODIHR", "ODIHR", "odihr.example", 1, 1, 12, 24, 228, 14, 10, 0,
     SHARES({"DE", 22}, {"FR", 16}, {"GB", 18}, {"IT", 10}, {"ES", 8}, {"PL", 14},
            {"CZ", 10}, {"AT", 8}, {"CH", 8}, {"NL", 10}, {"BE", 6}, {"SE", 12},
            {"NO", 10}, {"FI", 10}, {"LT", 6}, {"LV", 5}, {"EE", 5}, {"RO", 8}, {"BG", 6},
            {"HU", 6}, {"TR", 6}, {"US", 25}, {"CA", 10}, {"GE", 5}, {"MD", 4},
            {"AM", 3})},
    {"OSCE Parliamentary Assembly", "OSCEPA", "oscepa.example", 1, 1, 3, 0, 55, 0, 0, 0,
     SHARES({"DE", 8}, {"FR", 6}, {"GB", 6}, {"IT", 4}, {"SE", 4}, {"NO", 3}, {"FI", 3},
            {"AT", 3}, {"CH", 2}, {"PL", 3}, {"US", 5}, {"CA", 3}, {"TR", 3}, {"LT", 2},
            {"GE", 2}, {"BE", 2}, {"NL", 2}, {"RO", 1}, {"BG", 1}, {"HU", 1}, {"CZ", 1},
            {"ES", 2})},
    {"CIS Executive Committee", "CIS", "cis-ec.example", 1, 2, 8, 16, 115, 4, 4, 0,
     SHARES({"RU", 60}, {"BY", 25}, {"KG", 15}, {"TJ", 15}, {"UZ", 10}, {"AZ", 10},
            {"AM", 8}, {"TM", 4})},
    {"CIS Inter-Parliamentary Assembly", "IPA", "iacis.example", 1, 2, 5, 8, 70, 2, 2, 0,
     SHARES({"RU", 35}, {"BY", 15}, {"KG", 10}, {"TJ", 10}, {"AM", 8}, {"AZ", 6},
            {"UZ", 6})},
    {"Shanghai Cooperation Organisation", "SCO", "sco.example", 1, 1, 2, 0, 21, 0, 0, 0,
     SHARES({"CN", 8}, {"RU", 6}, {"IN", 3}, {"PK", 3}, {"KG", 2}, {"TJ", 2}, {"UZ", 2})},
    {"CSTO Parliamentary Assembly", "CSTO", "csto-pa.example", 1, 1, 2, 0, 16, 0, 0, 0,
     SHARES({"RU", 8}, {"BY", 4}, {"AM", 3}, {"KG", 3}, {"TJ", 2})},
    {"Organization of Turkic States", "OTS", "turkicstates.example", 1, 1, 2, 0, 20, 1, 0,
     0, SHARES({"TR", 8}, {"AZ", 6}, {"KG", 5}, {"UZ", 4}, {"HU", 2})},
    {"Parliamentary Assembly of Turkic States", "TURKPA", "turkpa.example", 1, 1, 1, 0,
     12, 0, 0, 0, SHARES({"TR", 5}, {"AZ", 5}, {"KG", 3}, {"HU", 2})},
    {"Conference on Interaction and Confidence-Building Measures in Asia", "CICA",
     "cica.example", 1, 1, 0, 0, 10, 0, 0, 0,
     SHARES({"CN", 3}, {"MN", 3}, {"KR", 2}, {"TR", 1}, {"AZ", 1}, {"EG", 1}, {"RU", 1})},
    {"Organisation of Islamic Cooperation", "OIC", "oic.example", 1, 1, 0, 0, 8, 0, 0, 0,
     SHARES({"SA", 4}, {"EG", 2}, {"PK", 2}, {"TR", 1}, {"AZ", 1})},
    {"Association of World Election Bodies", "AWEB", "aweb.example", 1, 1, 1, 0, 10, 0, 0,
     0, SHARES({"KR", 5}, {"MN", 3}, {"IN", 2}, {"TR", 1}, {"RU", 1}, {"KG", 1})},
    {"Citizen Observers Network", "DOM", "citizen-network.example", 1, 4, 5, 0, 0, 0, 0,
     80, SHARES({"KZ", 1})},
};

#define NORGS (sizeof(orgs) / sizeof(orgs[0]))

/* ---- a small set of strings, to keep names, phones and e-mails unique ---- */

struct strset {
	const char **v;
	size_t n, alloc;
};

static int strset_has(const struct strset *s, const char *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], x))
			return 1;
	return 0;
}

static void strset_add(struct strset *s, const char *x)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 512;
		s->v = xrealloc(s->v, s->alloc * sizeof(*s->v));
	}
	s->v[s->n++] = x;
}

struct gen {
	struct demo_plan *p;
	struct demo_rng r;
	struct strset names, phones, emails;
	int *accredited_on; /* per observer of the plan, for badge order */
	size_t accredited_alloc;
	const struct demo_nation *kz;
};

/* ---- one person ---- */

static const struct demo_nation *pick_nation(struct gen *g, const struct share *s)
{
	int total = 0, x;

	for (const struct share *t = s; t->cc; t++)
		total += t->weight;
	x = (int)demo_rng_below(&g->r, (size_t)total);
	for (; s[1].cc && x >= s->weight; s++)
		x -= s->weight;
	return demo_nation_find(s->cc);
}

static const char *unique_phone(struct gen *g, const struct demo_nation *n)
{
	const char *ph;

	do
		ph = demo_mobile(g->p, &g->r, n);
	while (strset_has(&g->phones, ph));
	strset_add(&g->phones, ph);
	return ph;
}

static const char *unique_email(struct gen *g, const char *local, const char *domain)
{
	const char *e = demo_plan_fmt(g->p, "%s@%s", local, domain);

	for (int k = 2; strset_has(&g->emails, e); k++)
		e = demo_plan_fmt(g->p, "%s%d@%s", local, k, domain);
	strset_add(&g->emails, e);
	return e;
}

/* Languages: the nation's own, with Russian or English added as
 * observers of that kind often have them. */
static const char *languages(struct gen *g, const struct demo_nation *n, const char *role)
{
	const char *own = demo_nation_languages(n);

	if (!strcmp(role, "interpreter")) {
		double u = demo_rng_unit(&g->r);
		return u < 0.12 ? "kk;ru;en;de" : u < 0.2 ? "kk;ru;en;fr" : "kk;ru;en";
	}
	if (n == g->kz)
		return demo_rng_chance(&g->r, 0.3) ? "kk;ru;en" : own;
	if (!strstr(own, "ru") && demo_rng_chance(&g->r, 0.25))
		return demo_plan_fmt(g->p, "%s;ru", own);
	if (!strstr(own, "en") && demo_rng_chance(&g->r, 0.5))
		return demo_plan_fmt(g->p, "%s;en", own);
	return own;
}

static void format_day(struct demo_plan *p, int day, const char **out)
{
	int month = day <= 31 ? 1 : day <= 59 ? 2 : 3;
	int d = month == 1 ? day : month == 2 ? day - 31 : day - 59;

	*out = demo_plan_fmt(p, "2023-%02d-%02d", month, d);
}

/* Dates and status of the accreditation; returns the day the CEC
 * accredited the observer, 0 when it has not. */
static int accreditation(struct gen *g, struct observer *o)
{
	static const struct {
		const char *role;
		int from, to;
	} windows[] = {
	    {"head", DAY(2, 1), DAY(2, 10)},
	    {"coordinator", DAY(2, 1), DAY(2, 14)},
	    {"core_team", DAY(2, 1), DAY(2, 14)},
	    {"long_term", DAY(2, 8), DAY(2, 20)},
	    {"interpreter", DAY(2, 10), DAY(3, 10)},
	    {"driver", DAY(2, 10), DAY(3, 10)},
	};
	int from = DAY(2, 20), to = DAY(3, 13), requested, decided, accredited = 0;
	int senior = !strcmp(o->role, "head") || !strcmp(o->role, "coordinator") ||
	             !strcmp(o->role, "core_team");
	double u;

	for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++)
		if (!strcmp(o->role, windows[i].role)) {
			from = windows[i].from;
			to = windows[i].to;
		}
	requested = (int)demo_rng_range(&g->r, from, to);
	decided = requested + (int)demo_rng_range(&g->r, 1, 5);
	if (decided > LAST_DECISION)
		decided = LAST_DECISION;
	format_day(g->p, requested, &o->requested_on);
	u = demo_rng_unit(&g->r);
	if (!senior && requested >= DAY(3, 8) && u < 0.4) {
		o->accreditation_status = "requested";
		return 0;
	}
	u = demo_rng_unit(&g->r);
	if (!senior && u < 0.012) {
		o->accreditation_status = "refused";
	} else if (!senior && u < 0.028) {
		o->accreditation_status = "withdrawn";
		accredited = decided;
		decided += (int)demo_rng_range(&g->r, 2, 8);
		if (decided > LAST_DECISION)
			decided = LAST_DECISION;
	} else {
		o->accreditation_status = "accredited";
		accredited = decided;
	}
	format_day(g->p, decided, &o->decided_on);
	return accredited;
}

static void add_person(struct gen *g, const struct org *org, int number, const char *role,
                       const struct demo_nation *n)
{
	struct observer o = {0};
	const char *local = NULL, *name;
	double female = !strcmp(role, "interpreter") ? 0.7
	                : !strcmp(role, "driver")    ? 0.05
	                : n == g->kz                 ? 0.55
	                                             : 0.35;
	int is_female = demo_rng_chance(&g->r, female), tries = 0;
	size_t index;

	do
		name = demo_person(g->p, &g->r, n, is_female, &local);
	while (strset_has(&g->names, name) && ++tries < 50);
	strset_add(&g->names, name);

	o.code = demo_plan_fmt(g->p, "%s-%03d", org->prefix, number);
	o.full_name = name;
	o.organisation = org->name;
	o.country = demo_nation_code(n);
	o.role = role;
	o.phones = unique_phone(g, n);
	/* Visitors often add a local SIM; some locals carry two phones. */
	if (demo_rng_chance(&g->r, n == g->kz ? 0.08 : 0.35))
		o.phones = demo_plan_fmt(g->p, "%s;%s", o.phones, unique_phone(g, g->kz));
	if (strcmp(role, "driver") || demo_rng_chance(&g->r, 0.5))
		o.email = unique_email(g, local, org->domain);
	o.languages = languages(g, n, role);
	index = g->p->nobservers;
	if (index >= g->accredited_alloc) {
		g->accredited_alloc =
		    g->accredited_alloc ? 2 * g->accredited_alloc : 1024;
		g->accredited_on =
		    xrealloc(g->accredited_on, g->accredited_alloc * sizeof(int));
	}
	g->accredited_on[index] = accreditation(g, &o);
	demo_plan_add_observer(g->p, &o);
}

/* ---- one organisation ---- */

static void plan_org(struct gen *g, const struct org *org)
{
	const struct {
		const char *role;
		int n;
	} members[] = {
	    {"head", org->head},
	    {"coordinator", org->coordinators},
	    {"core_team", org->core},
	    {"long_term", org->long_term},
	    {"short_term", org->short_term},
	    {"national", org->national},
	};
	int number = 0, nshares = 0, sto = 0;

	while (org->countries[nshares].cc)
		nshares++;
	for (size_t m = 0; m < sizeof(members) / sizeof(members[0]); m++)
		for (int k = 0; k < members[m].n; k++) {
			const struct demo_nation *n;
			/* The first short-term observers come one from each member
			 * country, so every country of the list is present. */
			if (!strcmp(members[m].role, "short_term") && sto < nshares)
				n = demo_nation_find(org->countries[sto++].cc);
			else
				n = pick_nation(g, org->countries);
			add_person(g, org, ++number, members[m].role, n);
		}
	for (int k = 0; k < org->interpreters; k++)
		add_person(g, org, ++number, "interpreter", g->kz);
	for (int k = 0; k < org->drivers; k++)
		add_person(g, org, ++number, "driver", g->kz);
}

/* Pair the organisation's observers of one role into teams "T-001"; an odd
 * one out joins the last team.  New team names are appended to teams. */
static void pair(struct gen *g, size_t from, size_t to, const char *role, int *team_no,
                 const char ***teams, size_t *nteams)
{
	size_t count = 0, k = 0;
	const char *team = NULL;

	for (size_t i = from; i < to; i++)
		count += !strcmp(g->p->observers[i].role, role);
	for (size_t i = from; i < to; i++) {
		if (strcmp(g->p->observers[i].role, role))
			continue;
		/* A new team every two, except for an odd last one. */
		if (k % 2 == 0 && !(k + 1 == count && team)) {
			team = demo_plan_fmt(g->p, "T-%03d", ++*team_no);
			*teams = xrealloc(*teams, (*nteams + 1) * sizeof(**teams));
			(*teams)[(*nteams)++] = team;
		}
		g->p->observers[i].team = team;
		k++;
	}
}

/* Teams of two for long- and short-term observers; interpreters and
 * drivers go with the teams, long-term ones first, so a team has its
 * interpreter and its driver. */
static void teams(struct gen *g, size_t from, size_t to, int *team_no)
{
	const char **names = NULL;
	size_t n = 0, interpreters = 0, drivers = 0;

	pair(g, from, to, "long_term", team_no, &names, &n);
	pair(g, from, to, "short_term", team_no, &names, &n);
	for (size_t i = from; i < to && n; i++) {
		struct observer *o = &g->p->observers[i];
		if (!strcmp(o->role, "interpreter"))
			o->team = names[interpreters++ % n];
		else if (!strcmp(o->role, "driver"))
			o->team = names[drivers++ % n];
	}
	free(names);
}

/* ---- badges ---- */

struct badge_order {
	int day;
	size_t index;
};

static int by_day(const void *a, const void *b)
{
	const struct badge_order *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The CEC numbers badges in the order it accredits. */
static void badges(struct gen *g, size_t from)
{
	size_t n = 0, to = g->p->nobservers;
	struct badge_order *order = xcalloc(to - from + 1, sizeof(*order));

	for (size_t i = from; i < to; i++)
		if (g->accredited_on[i]) {
			order[n].day = g->accredited_on[i];
			order[n++].index = i;
		}
	qsort(order, n, sizeof(*order), by_day);
	for (size_t k = 0; k < n; k++)
		g->p->observers[order[k].index].badge_number =
		    demo_plan_fmt(g->p, "CEC-2023-%05zu", k + 1);
	free(order);
}

void demo_people_plan(struct demo_plan *p, uint64_t seed)
{
	struct gen g = {0};
	size_t first = p->nobservers;
	int team_no = 0;

	g.p = p;
	demo_rng_seed(&g.r, seed);
	g.kz = demo_nation_find("KZ");
	for (size_t i = 0; i < NORGS; i++) {
		size_t from = p->nobservers;
		plan_org(&g, &orgs[i]);
		teams(&g, from, p->nobservers, &team_no);
	}
	badges(&g, first);
	free(g.names.v);
	free(g.phones.v);
	free(g.emails.v);
	free(g.accredited_on);
}
