/* demo_mission.c - the demo mission record, and the generated plan written
 * to the store through its interface, in one transaction; then election
 * day's reports, which take the intake like any channel's; and the counts
 * the summary prints, read back from the store. */
#include <string.h>

#include "cli/demo_ltm.h"
#include "cli/demo_mission.h"
#include "cli/demo_official.h"
#include "cli/demo_people.h"
#include "cli/demo_places.h"
#include "cli/demo_plan.h"
#include "cli/demo_pvt.h"
#include "cli/demo_reports.h"
#include "core/strmap.h"
#include "ingest/forms_install.h"

/* Fixed seeds: the demo is the same on every run.  Places, people and
 * election day draw from streams of their own, so changing one leaves the
 * others as they were. */
#define SEED_PLACES 0x4B5A20230319ULL
#define SEED_PEOPLE 0x4B5A5EED2023ULL
#define SEED_DAY    0x4B5A0DA720230319ULL

static const struct mission demo = {
    .code = DEMO_MISSION_CODE,
    .name = "Early elections to the Mazhilis of the Parliament of the Republic of "
            "Kazakhstan, 19 March 2023",
    .organisation = "CIS Inter-Parliamentary Assembly",
    .election_type = "parliament",
    .election_date = "2023-03-19",
    .country = "KZ",
    .long_term_start = "2023-02-20",
    .long_term_end = "2023-03-18",
    .short_term_start = "2023-03-15",
    .short_term_end = "2023-03-21",
    .settings = "{\"timezone\":\"Asia/Almaty\",\"languages\":\"en,ru,kk\","
                "\"seats\":\"98\",\"demo\":\"made by observa demo: places are "
                "approximate, people are invented\"}",
};

/* Check what the generator made before any of it is written. */
static enum status validate(const struct demo_plan *p, struct err *e)
{
	enum status rc;

	for (size_t i = 0; i < p->nlocations; i++) {
		rc = location_validate(&p->locations[i], e);
		if (rc) {
			err_prefix(e, "demo location %s: ", p->locations[i].code);
			return rc;
		}
	}
	for (size_t i = 0; i < p->nobservers; i++) {
		rc = observer_validate(&p->observers[i], e);
		if (rc) {
			err_prefix(e, "demo observer %s: ", p->observers[i].code);
			return rc;
		}
	}
	return ST_OK;
}

/* The registry in two batches (store_location_batch_begin()): the
 * mission is new, so each batch reads nothing, and on PostgreSQL the rows
 * go without a round trip each. */
static enum status write_plan(struct store *st, int64_t mission_id,
                              const struct demo_plan *p, demo_progress_fn progress,
                              void *ctx, long long total, struct err *e)
{
	long long done = 0;
	enum upsert_result res;
	enum status rc;

	rc = store_location_batch_begin(st, mission_id, e);
	for (size_t i = 0; !rc && i < p->nlocations; i++) {
		rc = store_location_upsert(st, mission_id, &p->locations[i], &res, e);
		if (rc)
			err_prefix(e, "demo location %s: ", p->locations[i].code);
		else if (progress && ++done % 256 == 0)
			progress(ctx, done, total);
	}
	store_location_batch_end(st);
	if (rc)
		return rc;
	rc = store_observer_batch_begin(st, mission_id, e);
	for (size_t i = 0; !rc && i < p->nobservers; i++) {
		rc = store_observer_upsert(st, mission_id, &p->observers[i], &res, e);
		if (rc)
			err_prefix(e, "demo observer %s: ", p->observers[i].code);
		else if (progress && ++done % 256 == 0)
			progress(ctx, done, total);
	}
	store_observer_batch_end(st);
	return rc;
}

enum status demo_mission_create(struct store *st, const char *url,
                                demo_progress_fn progress, void *ctx,
                                struct demo_sent *sent, struct err *e)
{
	struct demo_plan plan = DEMO_PLAN_INIT;
	struct demo_reports *day = NULL;
	struct mission m = demo;
	long long registry, total;
	int began = 0;
	enum status rc;

	rc = mission_validate(&m, e);
	if (rc)
		goto out;
	demo_places_plan(&plan, SEED_PLACES);
	demo_people_plan(&plan, SEED_PEOPLE);
	rc = validate(&plan, e);
	if (rc)
		goto out;
	day = demo_reports_plan(&plan, SEED_DAY);
	registry = (long long)(plan.nlocations + plan.nobservers);
	total = registry + demo_reports_rows(day) + demo_pvt_rows();
	rc = store_begin(st, e);
	if (rc)
		goto out;
	began = 1;
	rc = store_mission_create(st, &m, e);
	if (rc)
		goto out;
	rc = forms_install_builtin(st, m.id, e);
	if (rc)
		goto out;
	rc = write_plan(st, m.id, &plan, progress, ctx, total, e);
	if (rc)
		goto out;
	rc = demo_reports_deploy(day, st, m.id, e);
	if (rc)
		goto out;
	rc = store_commit(st, e);
	began = 0;
	if (rc)
		goto out;
	/* The reports take the writer's own connection, so the registry must
	 * be committed first. */
	rc = demo_reports_send(day, st, url, &m, progress, ctx, registry, total, sent, e);
	if (!rc)
		rc = demo_official_load(day, st, &m, e);
	if (!rc)
		rc = demo_pvt_run(day, st, url, &m, sent, e);
	if (!rc)
		rc = demo_ltm_log(st, &m, e);
	if (!rc && progress)
		progress(ctx, total, total);
out:
	if (rc && began)
		store_rollback(st);
	demo_reports_free(day);
	demo_plan_release(&plan);
	return rc;
}

struct sum {
	int64_t voters;
};

static enum status add_voters(void *ctx, const struct location *l)
{
	struct sum *s = ctx;

	if (l->registered_voters > 0)
		s->voters += l->registered_voters;
	return ST_OK;
}

enum status demo_mission_totals(struct store *st, int64_t mission_id,
                                struct demo_totals *t, struct err *e)
{
	struct location_filter f = {0};
	struct sum all = {0}, abroad = {0};
	int64_t n = 0;
	enum status rc;

	memset(t, 0, sizeof(*t));
	f.level = "region";
	rc = store_location_list(st, mission_id, &f, &t->regions, NULL, NULL, e);
	if (rc)
		return rc;
	f.level = "city";
	rc = store_location_list(st, mission_id, &f, &n, NULL, NULL, e);
	if (rc)
		return rc;
	t->regions += n;
	f.level = "territory";
	rc = store_location_list(st, mission_id, &f, &t->commissions, NULL, NULL, e);
	if (rc)
		return rc;
	f.level = "station";
	rc = store_location_list(st, mission_id, &f, &t->stations, add_voters, &all, e);
	if (rc)
		return rc;
	f.parent = DEMO_ABROAD_CODE;
	rc = store_location_list(st, mission_id, &f, &t->stations_abroad, add_voters,
	                         &abroad, e);
	if (rc)
		return rc;
	t->voters = all.voters;
	t->voters_abroad = abroad.voters;
	return ST_OK;
}

/* ---- election day, counted from the store ---- */

struct counting {
	struct demo_day *t;
	struct arena a;
	struct strmap commissions; /* codes of territorial commissions */
	struct strmap assigned;    /* place code -> 1 */
	struct strmap at_stations; /* observers assigned to polling stations */
	struct strmap at_commissions;
	struct strmap teams, night_teams; /* their teams */
	struct strmap reported;           /* places with a team's current report */
	struct strmap in_teams;           /* observers of a team: the quick
	                                   * count's are not */
};

static void remember(struct counting *c, struct strmap *m, const char *code)
{
	if (code && !strmap_find(m, code, NULL))
		strmap_set(m, arena_strdup(&c->a, code), (void *)1);
}

static enum status count_report(void *ctx, const struct stored_submission *s)
{
	struct counting *c = ctx;
	struct demo_day *t = c->t;

	/* Where the teams reported (the quick count's observers report at
	 * sample stations some teams visit too). */
	if (strcmp(s->status, "rejected") && strmap_find(&c->in_teams, s->observer, NULL))
		remember(c, &c->reported, s->station);

	t->reports++;
	for (size_t i = 0; i < DEMO_FORMS; i++) {
		struct demo_form_count *f = &t->forms[i];
		if (strcmp(f->form, s->form))
			continue;
		if (!strcmp(s->channel, "api"))
			f->api++;
		else if (!strcmp(s->channel, "csv"))
			f->csv++;
		else if (!strcmp(s->channel, "sms"))
			f->sms++;
		else
			f->other++;
	}
	t->api += !strcmp(s->channel, "api");
	t->csv += !strcmp(s->channel, "csv");
	t->sms += !strcmp(s->channel, "sms");
	t->fresh += !strcmp(s->status, "new");
	t->flagged += !strcmp(s->status, "flagged");
	t->verified += !strcmp(s->status, "verified");
	t->rejected += !strcmp(s->status, "rejected");
	return ST_OK;
}

static enum status count_conflict(void *ctx, const struct conflict_row *c)
{
	struct demo_day *t = ctx;

	t->conflicts++;
	t->conflicts_open += !c->resolved_value;
	return ST_OK;
}

static enum status count_alert(void *ctx, const struct alert_row *a)
{
	((struct demo_day *)ctx)->alerts++;
	return ST_OK;
}

static enum status note_team(void *ctx, const struct observer *o)
{
	struct counting *c = ctx;

	if (o->team)
		remember(c, &c->in_teams, o->code);
	return ST_OK;
}

/* The teams' assignments: the quick count's observers have a line of
 * their own. */
static enum status count_assignment(void *ctx, const struct assignment_row *a)
{
	struct counting *c = ctx;

	if (!strmap_find(&c->in_teams, a->observer, NULL))
		return ST_OK;
	remember(c, &c->assigned, a->station);
	remember(c,
	         strmap_find(&c->commissions, a->station, NULL) ? &c->at_commissions
	                                                        : &c->at_stations,
	         a->observer);
	return ST_OK;
}

static enum status count_commission(void *ctx, const struct location *l)
{
	struct counting *c = ctx;

	remember(c, &c->commissions, l->code);
	return ST_OK;
}

static enum status count_team(void *ctx, const struct observer *o)
{
	struct counting *c = ctx;

	if (strmap_find(&c->at_stations, o->code, NULL))
		remember(c, &c->teams, o->team);
	if (strmap_find(&c->at_commissions, o->code, NULL))
		remember(c, &c->night_teams, o->team);
	return ST_OK;
}

/* Stations and commissions assigned, and those without a current report. */
static void count_places(struct counting *c)
{
	const struct strmap *m = &c->assigned;

	for (size_t i = 0; i < m->cap; i++) {
		const char *code = m->slots[i].key;
		bool missing;
		if (!code)
			continue;
		missing = !strmap_find(&c->reported, code, NULL);
		if (strmap_find(&c->commissions, code, NULL)) {
			c->t->commissions++;
			c->t->commissions_missing += missing;
		} else {
			c->t->stations++;
			c->t->stations_missing += missing;
		}
	}
	c->t->observers = (int64_t)strmap_count(&c->at_stations);
	c->t->teams = (int64_t)strmap_count(&c->teams);
	c->t->night_observers = (int64_t)strmap_count(&c->at_commissions);
	c->t->night_teams = (int64_t)strmap_count(&c->night_teams);
}

enum status demo_mission_day(struct store *st, int64_t mission_id, struct demo_day *t,
                             struct err *e)
{
	static const char *const forms[DEMO_FORMS] = {"OP", "VO", "CO", "PR", "TA", "IN"};
	struct submission_filter all = {.all_versions = true, .limit = 1};
	struct submission_filter current = {0};
	struct conflict_filter conflicts = {0};
	struct location_filter territories = {.level = "territory"};
	struct observer_filter observers = {0};
	struct counting c = {.t = t};
	int64_t n;
	enum status rc;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < DEMO_FORMS; i++)
		t->forms[i].form = forms[i];
	strmap_init(&c.commissions);
	strmap_init(&c.assigned);
	strmap_init(&c.at_stations);
	strmap_init(&c.at_commissions);
	strmap_init(&c.teams);
	strmap_init(&c.night_teams);
	strmap_init(&c.reported);
	strmap_init(&c.in_teams);
	rc = store_observer_list(st, mission_id, &observers, &n, note_team, &c, e);
	if (!rc)
		rc = store_submission_list(st, mission_id, &current, &n, count_report, &c,
		                           e);
	if (!rc)
		rc = store_submission_list(st, mission_id, &all, &t->versions, NULL, NULL,
		                           e);
	if (!rc)
		rc = store_conflict_list(st, mission_id, &conflicts, &n, count_conflict,
		                         t, e);
	if (!rc)
		rc = store_alert_list(st, mission_id, count_alert, t, e);
	if (!rc)
		rc = store_location_list(st, mission_id, &territories, &n,
		                         count_commission, &c, e);
	if (!rc)
		rc = store_assignment_list(st, mission_id, NULL, count_assignment, &c, e);
	if (!rc)
		rc = store_observer_list(st, mission_id, &observers, &n, count_team, &c,
		                         e);
	if (!rc)
		rc = store_sms_in_list(st, mission_id, NULL, &t->sms_in, NULL, NULL, e);
	if (!rc)
		rc = store_sms_in_list(st, mission_id,
		                       &(struct sms_filter){.status = "rejected"},
		                       &t->sms_rejected, NULL, NULL, e);
	if (!rc)
		rc = store_sms_in_list(st, mission_id,
		                       &(struct sms_filter){.status = "duplicate"},
		                       &t->sms_repeats, NULL, NULL, e);
	if (!rc)
		rc = store_sms_in_list(st, mission_id,
		                       &(struct sms_filter){.status = "unknown_sender"},
		                       &t->sms_unknown, NULL, NULL, e);
	if (!rc)
		rc = store_sms_out_list(st, mission_id, NULL, &t->sms_replies, NULL, NULL,
		                        e);
	if (!rc)
		count_places(&c);
	strmap_release(&c.commissions);
	strmap_release(&c.assigned);
	strmap_release(&c.at_stations);
	strmap_release(&c.at_commissions);
	strmap_release(&c.teams);
	strmap_release(&c.night_teams);
	strmap_release(&c.reported);
	strmap_release(&c.in_teams);
	arena_release(&c.a);
	return rc;
}
