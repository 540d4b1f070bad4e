/* demo_mission.c - the demo mission record, and the generated plan written
 * to the store through its interface, in one transaction. */
#include <string.h>

#include "cli/demo_mission.h"
#include "cli/demo_people.h"
#include "cli/demo_places.h"
#include "cli/demo_plan.h"
#include "ingest/forms_install.h"

/* Fixed seeds: the demo is the same on every run.  Places and people draw
 * from streams of their own, so changing one leaves the other as it was. */
#define SEED_PLACES 0x4B5A20230319ULL
#define SEED_PEOPLE 0x4B5A5EED2023ULL

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

static enum status write_plan(struct store *st, int64_t mission_id,
                              const struct demo_plan *p, demo_progress_fn progress,
                              void *ctx, struct err *e)
{
	long long total = (long long)(p->nlocations + p->nobservers), done = 0;
	enum upsert_result res;
	enum status rc;

	for (size_t i = 0; i < p->nlocations; i++) {
		rc = store_location_upsert(st, mission_id, &p->locations[i], &res, e);
		if (rc) {
			err_prefix(e, "demo location %s: ", p->locations[i].code);
			return rc;
		}
		if (progress && ++done % 256 == 0)
			progress(ctx, done, total);
	}
	for (size_t i = 0; i < p->nobservers; i++) {
		rc = store_observer_upsert(st, mission_id, &p->observers[i], &res, e);
		if (rc) {
			err_prefix(e, "demo observer %s: ", p->observers[i].code);
			return rc;
		}
		if (progress && ++done % 256 == 0)
			progress(ctx, done, total);
	}
	if (progress)
		progress(ctx, total, total);
	return ST_OK;
}

enum status demo_mission_create(struct store *st, demo_progress_fn progress, void *ctx,
                                struct err *e)
{
	struct demo_plan plan = DEMO_PLAN_INIT;
	struct mission m = demo;
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
	rc = write_plan(st, m.id, &plan, progress, ctx, e);
	if (rc)
		goto out;
	rc = store_commit(st, e);
	began = 0;
out:
	if (rc && began)
		store_rollback(st);
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
	f.level = "district";
	rc = store_location_list(st, mission_id, &f, &t->districts, NULL, NULL, e);
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
