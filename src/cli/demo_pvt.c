/* demo_pvt.c - the demo's quick count: the sample drawn and kept as
 * "observa pvt sample" keeps it, the citizen network's people (a head, a
 * few coordinators and a data team, and one national observer for each
 * sample station, accredited like everyone else) with their assignments,
 * in one transaction; then their messages (demo_pvt_sms.c); and the
 * figures the demo's summary prints. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pvt_keep.h"
#include "analysis/pvt_mission.h"
#include "cli/demo_names.h"
#include "cli/demo_pvt_int.h"
#include "core/alloc.h"
#include "core/strmap.h"

/* The network's generator: its own, so the rest of the demo is drawn as
 * it would be without the quick count. */
#define SEED_PVT 0x4B5A9D7C0C0A2023ULL

#define DOMAIN       "sanaq.example" /* of e-mails, under the reserved .example */
#define COORDINATORS 3
#define DATA_TEAM    4

/* Dates of 2023 as days from 1 January = 1. */
#define DAY(month, d) ((month) == 2 ? 31 + (d) : 59 + (d))
#define LAST_DECISION DAY(3, 18)

/* ---- the people ---- */

/* Names, phone numbers and e-mails in use: the network's must differ
 * from everyone's. */
struct taken {
	struct strmap names, phones, emails;
	long badges; /* the highest badge number issued so far */
};

static void take(struct demo_pvt *p, struct strmap *m, const char *s)
{
	if (s && !strmap_find(m, s, NULL))
		strmap_set(m, arena_strdup(&p->people.arena, s), (void *)1);
}

/* What the mission's other observers use already. */
static void taken_init(struct demo_pvt *p, struct taken *t)
{
	const struct demo_plan *plan = p->d->p;

	strmap_init(&t->names);
	strmap_init(&t->phones);
	strmap_init(&t->emails);
	t->badges = 0;
	for (size_t i = 0; i < plan->nobservers; i++) {
		const struct observer *o = &plan->observers[i];
		const char *ph = o->phones;
		take(p, &t->names, o->full_name);
		take(p, &t->emails, o->email);
		while (ph && *ph) {
			size_t n = strcspn(ph, ";");
			take(p, &t->phones,
			     demo_plan_fmt(&p->people, "%.*s", (int)n, ph));
			ph += n + (ph[n] == ';');
		}
		if (o->badge_number && strrchr(o->badge_number, '-')) {
			long b = strtol(strrchr(o->badge_number, '-') + 1, NULL, 10);
			t->badges = b > t->badges ? b : t->badges;
		}
	}
}

static void taken_release(struct taken *t)
{
	strmap_release(&t->names);
	strmap_release(&t->phones);
	strmap_release(&t->emails);
}

static const char *format_day(struct demo_pvt *p, int day)
{
	int month = day <= 59 ? 2 : 3;

	return demo_plan_fmt(&p->people, "2023-%02d-%02d", month,
	                     month == 2 ? day - 31 : day - 59);
}

/* One member of the network, accredited: requested from..to. */
static void add_person(struct demo_pvt *p, struct taken *t, int number, const char *role,
                       int from, int to, double email)
{
	const struct demo_nation *kz = demo_nation_find("KZ");
	struct demo_rng *r = &p->rng;
	struct observer o = {0};
	const char *name, *local = NULL, *phone;
	int female = demo_rng_chance(r, 0.55), tries = 0, requested, decided;
	double u;

	do
		name = demo_person(&p->people, r, kz, female, &local);
	while (strmap_find(&t->names, name, NULL) && ++tries < 50);
	take(p, &t->names, name);
	do
		phone = demo_mobile(&p->people, r, kz);
	while (strmap_find(&t->phones, phone, NULL));
	take(p, &t->phones, phone);
	o.code = demo_plan_fmt(&p->people, "%s-%03d", DEMO_PVT_PREFIX, number);
	o.full_name = name;
	o.organisation = DEMO_PVT_ORG;
	o.country = "KZ";
	o.role = role;
	o.phones = phone;
	if (demo_rng_chance(r, email)) {
		const char *e = demo_plan_fmt(&p->people, "%s@%s", local, DOMAIN);
		for (int k = 2; strmap_find(&t->emails, e, NULL); k++)
			e = demo_plan_fmt(&p->people, "%s%d@%s", local, k, DOMAIN);
		take(p, &t->emails, e);
		o.email = e;
	}
	u = demo_rng_unit(r);
	o.languages = u < 0.6 ? "kk;ru" : u < 0.85 ? "ru" : "kk";
	requested = (int)demo_rng_range(r, from, to);
	decided = requested + (int)demo_rng_range(r, 1, 5);
	o.requested_on = format_day(p, requested);
	o.decided_on = format_day(p, decided < LAST_DECISION ? decided : LAST_DECISION);
	o.accreditation_status = "accredited";
	demo_plan_add_observer(&p->people, &o);
}

struct badge {
	const char *day;
	size_t index;
};

static int by_day(const void *a, const void *b)
{
	const struct badge *x = a, *y = b;
	int c = strcmp(x->day, y->day);

	return c ? c : x->index < y->index ? -1 : x->index > y->index;
}

/* Badges in the order the commission accredited them, numbered on from
 * the mission's other observers'. */
static void badges(struct demo_pvt *p, const struct taken *t)
{
	size_t n = p->people.nobservers;
	struct badge *order = xcalloc(n + 1, sizeof(*order));

	for (size_t i = 0; i < n; i++)
		order[i] = (struct badge){p->people.observers[i].decided_on, i};
	qsort(order, n, sizeof(*order), by_day);
	for (size_t k = 0; k < n; k++)
		p->people.observers[order[k].index].badge_number =
		    demo_plan_fmt(&p->people, "CEC-2023-%05ld", t->badges + 1 + (long)k);
	free(order);
}

/* The head, the coordinators and the data team, then one observer per
 * sample station, in the sample's order. */
static void plan_people(struct demo_pvt *p)
{
	struct taken t;
	int number = 0;

	taken_init(p, &t);
	add_person(p, &t, ++number, "head", DAY(2, 10), DAY(2, 20), 1);
	for (int k = 0; k < COORDINATORS; k++)
		add_person(p, &t, ++number, "coordinator", DAY(2, 10), DAY(2, 25), 1);
	for (int k = 0; k < DATA_TEAM; k++)
		add_person(p, &t, ++number, "core_team", DAY(2, 15), DAY(3, 1), 1);
	for (size_t i = 0; i < p->nposts; i++) {
		const struct observer *o;
		add_person(p, &t, ++number, "national", DAY(3, 1), DAY(3, 12), 0.4);
		o = &p->people.observers[p->people.nobservers - 1];
		p->posts[i].observer = o->code;
		p->posts[i].phone = o->phones;
	}
	badges(p, &t);
	taken_release(&t);
}

/* ---- the sample ---- */

/* Hours east of UTC at a station abroad, from its longitude. */
static int utc_abroad(const struct location *l)
{
	long h = lround(l->longitude / 15.0);

	return (int)(h < -12 ? -12 : h > 14 ? 14 : h);
}

/* The posts of the sample's stations: their protocols, time zones and
 * whether a team copied the protocol as well. */
static enum status plan_posts(struct demo_pvt *p, const struct pvt_kept *k, struct err *e)
{
	struct demo_reports *d = p->d;
	struct strmap locations = STRMAP_INIT, stations = STRMAP_INIT,
	              copied = STRMAP_INIT;
	enum status rc = ST_OK;

	for (size_t i = 0; i < d->p->nlocations; i++)
		strmap_set(&locations, d->p->locations[i].code, (void *)(i + 1));
	for (size_t s = 0; s < d->nstations; s++)
		strmap_set(&stations, d->stations[s].l->code, (void *)(s + 1));
	for (size_t i = 0; i < d->nreports; i++) {
		const struct report *r = &d->reports[i];
		if (r->kind == ORIGINAL && !strcmp(r->sub.form, "PR"))
			strmap_set(&copied, r->sub.station, (void *)1);
	}
	p->posts = xcalloc(k->n + 1, sizeof(*p->posts));
	for (size_t i = 0; i < k->n && !rc; i++) {
		struct pvt_post *post = &p->posts[p->nposts];
		const char *code = k->rows[i].station;
		size_t l = (size_t)strmap_get(&locations, code),
		       s = (size_t)strmap_get(&stations, code);
		if (!l || l > d->nwritten || !d->written[l - 1]) {
			rc =
			    err_set(e, ST_INTERNAL,
			            "demo quick count: no protocol for station %s", code);
			break;
		}
		post->station = arena_strdup(&p->people.arena, code);
		post->protocol = d->written[l - 1];
		post->registered = (int)d->p->locations[l - 1].registered_voters;
		post->utc = s ? d->regions[d->stations[s - 1].region].utc
		              : utc_abroad(&d->p->locations[l - 1]);
		post->team_copied = strmap_find(&copied, code, NULL);
		p->nposts++;
	}
	strmap_release(&locations);
	strmap_release(&stations);
	strmap_release(&copied);
	return rc;
}

/* ---- the registry ---- */

static enum status write_people(struct demo_pvt *p, struct store *st, int64_t mission_id,
                                struct err *e)
{
	const size_t first = p->people.nobservers - p->nposts;
	enum upsert_result res;
	enum status rc = ST_OK;

	for (size_t i = 0; i < p->people.nobservers && !rc; i++) {
		const struct observer *o = &p->people.observers[i];
		rc = observer_validate(o, e);
		if (!rc)
			rc = store_observer_upsert(st, mission_id, o, &res, e);
		if (rc)
			err_prefix(e, "demo observer %s: ", o->code);
	}
	for (size_t i = 0; i < p->nposts && !rc; i++) {
		struct assignment_row row = {p->people.observers[first + i].code,
		                             p->posts[i].station, DEMO_ELECTION_DAY};
		rc = store_assignment_put(st, mission_id, &row, &res, e);
		if (rc)
			err_prefix(e, "demo assignment of %s to %s: ", row.observer,
			           row.station);
	}
	return rc;
}

static enum status register_people(struct demo_pvt *p, struct store *st,
                                   int64_t mission_id, struct err *e)
{
	enum status rc = store_begin(st, e);

	if (rc)
		return rc;
	rc = write_people(p, st, mission_id, e);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}

long long demo_pvt_rows(void)
{
	return 3LL * DEMO_PVT_SIZE;
}

enum status demo_pvt_run(struct demo_reports *d, struct store *st, const char *url,
                         const struct mission *m, struct demo_sent *sent, struct err *e)
{
	struct demo_pvt p = {.d = d, .people = DEMO_PLAN_INIT};
	struct pvt_keep_spec spec = {
	    .strata_by = DEMO_PVT_STRATA,
	    .method = PVT_PROPORTIONAL,
	    .size = DEMO_PVT_SIZE,
	    .seed = DEMO_PVT_SEED,
	};
	struct arena a = ARENA_INIT;
	struct pvt_kept k;
	enum status rc;

	demo_rng_seed(&p.rng, SEED_PVT);
	rc = pvt_keep_sample(st, m->id, &spec, &a, &k, e);
	if (rc)
		err_prefix(e, "demo quick-count sample: ");
	if (!rc)
		rc = plan_posts(&p, &k, e);
	if (!rc) {
		plan_people(&p);
		rc = register_people(&p, st, m->id, e);
	}
	if (!rc)
		rc = demo_pvt_messages(&p, st, url, m, sent, e);
	free(p.posts);
	demo_plan_release(&p.people);
	arena_release(&a);
	return rc;
}

/* ---- the summary ---- */

struct sms_count {
	struct strmap sample; /* station code -> 1 when in the sample, 2 once
	                       * counted */
	int64_t n;
};

static enum status count_sms(void *ctx, const struct stored_submission *s)
{
	struct sms_count *c = ctx;
	void *v = strmap_get(&c->sample, s->station);

	if (v == (void *)1 && strcmp(s->status, "rejected")) {
		strmap_set(&c->sample, s->station, (void *)2);
		c->n++;
	}
	return ST_OK;
}

enum status demo_pvt_summarise(struct store *st, int64_t mission_id, struct arena *a,
                               struct demo_pvt_summary *out, struct err *e)
{
	struct submission_filter f = {.form = "PR", .channel = "sms"};
	struct sms_count c = {.n = 0};
	struct pvt_mission pm;
	size_t best = 0;
	int64_t total;
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = pvt_mission_estimate(st, mission_id, NULL, 0, &pm, e);
	if (rc) {
		pvt_mission_release(&pm);
		return rc;
	}
	strmap_init(&c.sample);
	for (size_t i = 0; i < pm.nstations; i++)
		strmap_set(&c.sample, pm.stations[i].station, (void *)1);
	rc = store_submission_list(st, mission_id, &f, &total, count_sms, &c, e);
	for (size_t k = 1; k < pm.result.nchoices; k++)
		if (pm.result.choices[k].estimate > pm.result.choices[best].estimate)
			best = k;
	out->size = pm.head.size;
	out->seed = pm.head.seed;
	out->strata_by = arena_strdup(a, pm.head.strata_by);
	out->reported = (int64_t)pm.result.reported;
	out->by_sms = c.n;
	out->leader = pm.result.nchoices ? arena_strdup(a, pm.in.choices[best]) : NULL;
	out->estimate = pm.result.nchoices ? pm.result.choices[best].estimate : NAN;
	out->moe95 = pm.result.nchoices ? pm.result.choices[best].moe95 : NAN;
	out->official = pm.result.nchoices ? pm.result.choices[best].official : NAN;
	out->inside95 = pm.result.nchoices ? pm.result.choices[best].inside95 : -1;
	strmap_release(&c.sample);
	pvt_mission_release(&pm);
	return rc;
}
