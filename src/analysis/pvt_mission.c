/* pvt_mission.c - a mission's quick count: its stored sample, the ballot,
 * the sample stations' results protocols (form PR) read once from the
 * store, and the estimate of pvt_estimate.h on them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pvt_mission.h"
#include "core/alloc.h"
#include "core/strmap.h"

/* Tags of the shipped PR form (forms/PR.json). */
#define TAG_REGISTERED "A"
#define TAG_MOBILE_BOX "G"
#define TAG_STATIC_BOX "H"
#define TAG_VALID      PVT_TAG_VALID

/* A sample station's chosen report while reading. */
struct pick {
	int64_t id;
	bool verified;
	char received[32];
	int64_t valid, registered, ballots;
	int64_t *votes;
	bool usable;
	char first[32]; /* earliest not rejected PR report at the station */
};

struct loader {
	struct pvt_mission *pm;
	struct strmap stations; /* code -> index + 1 */
	struct strmap strata;   /* name -> index + 1 */
	struct pick *picks;     /* per station */
	const char **tags;      /* per choice */
	size_t cap_st;
	struct store_choice *ch;
	size_t nch, cap_ch;
};

/* ---- the sample ---- */

static enum status add_station(void *ctx, const struct pvt_sample_row *r)
{
	struct loader *ld = ctx;
	struct pvt_mission *pm = ld->pm;
	struct pvt_mission_station *s;

	if (pm->nstations == ld->cap_st) {
		ld->cap_st = ld->cap_st ? ld->cap_st * 2 : 256;
		pm->stations = xrealloc(pm->stations, ld->cap_st * sizeof(*pm->stations));
	}
	s = &pm->stations[pm->nstations++];
	s->station = arena_strdup(&pm->arena, r->station);
	s->stratum = arena_strdup(&pm->arena, r->stratum);
	s->draw_order = r->draw_order;
	s->arrived = NULL;
	return ST_OK;
}

/* The strata of the head's allocation into pm->in. */
static enum status load_strata(struct loader *ld, struct err *e)
{
	struct pvt_mission *pm = ld->pm;
	json_t *alloc = json_loads(pm->head.allocation, 0, NULL), *v;
	struct pvt_stratum_in *strata;
	size_t i;

	if (!json_is_array(alloc) || !json_array_size(alloc)) {
		json_decref(alloc);
		return err_set(e, ST_INVALID, "the stored sample has no strata");
	}
	strata = arena_alloc(&pm->arena, json_array_size(alloc) * sizeof(*strata));
	json_array_foreach(alloc, i, v)
	{
		const char *name = json_string_value(json_object_get(v, "stratum"));
		strata[i].name = arena_strdup(&pm->arena, name);
		strata[i].population =
		    json_integer_value(json_object_get(v, "population"));
		strata[i].sampled = json_integer_value(json_object_get(v, "size"));
		if (strata[i].name)
			strmap_add(&ld->strata, strata[i].name,
			           (void *)(uintptr_t)(i + 1), NULL);
	}
	pm->in.strata = strata;
	pm->in.nstrata = json_array_size(alloc);
	pm->in.stratified = pm->head.strata_by != NULL;
	pm->in.sample_size = pm->head.size;
	json_decref(alloc);
	return ST_OK;
}

/* ---- the ballot ---- */

static enum status add_choice(void *ctx, const struct store_choice *c)
{
	struct loader *ld = ctx;
	struct arena *a = &ld->pm->arena;

	if (ld->nch == ld->cap_ch) {
		ld->cap_ch = ld->cap_ch ? ld->cap_ch * 2 : 16;
		ld->ch = xrealloc(ld->ch, ld->cap_ch * sizeof(*ld->ch));
	}
	ld->ch[ld->nch++] =
	    (struct store_choice){c->order, arena_strdup(a, c->code),
	                          arena_strdup(a, c->name), arena_strdup(a, c->kind)};
	return ST_OK;
}

/* Choice names, codes and their PR tags (prefix + order, or the
 * against-all tag) from the mission's ballot and form PR. */
static enum status load_ballot(struct loader *ld, struct store *st, int64_t mission_id,
                               struct err *e)
{
	struct pvt_mission *pm = ld->pm;
	struct form_record fr;
	const char *prefix = "P", *against = "AA";
	const char **names;
	json_t *def, *ch;
	enum status rc;

	rc = store_form_get(st, mission_id, "PR", &pm->arena, &fr, e);
	if (rc)
		return rc;
	def = json_loads(fr.definition, 0, NULL);
	ch = json_object_get(def, "choices");
	if (json_string_value(json_object_get(ch, "prefix")))
		prefix = arena_strdup(&pm->arena,
		                      json_string_value(json_object_get(ch, "prefix")));
	if (json_string_value(json_object_get(ch, "against_all_tag")))
		against = arena_strdup(&pm->arena, json_string_value(json_object_get(
		                                       ch, "against_all_tag")));
	json_decref(def);
	rc = store_choices_list(st, mission_id, add_choice, ld, e);
	if (rc)
		return rc;
	names = arena_alloc(&pm->arena, (ld->nch ? ld->nch : 1) * sizeof(*names));
	pm->choice_codes =
	    arena_alloc(&pm->arena, (ld->nch ? ld->nch : 1) * sizeof(char *));
	ld->tags = arena_alloc(&pm->arena, (ld->nch ? ld->nch : 1) * sizeof(*ld->tags));
	for (size_t c = 0; c < ld->nch; c++) {
		char tag[32];
		names[c] = ld->ch[c].name;
		pm->choice_codes[c] = ld->ch[c].code;
		if (!strcmp(ld->ch[c].kind, "against_all"))
			snprintf(tag, sizeof(tag), "%s", against);
		else
			snprintf(tag, sizeof(tag), "%s%d", prefix, ld->ch[c].order);
		ld->tags[c] = arena_strdup(&pm->arena, tag);
	}
	pm->in.choices = names;
	pm->in.nchoices = ld->nch;
	return ST_OK;
}

/* ---- the reports ---- */

static bool answer(const json_t *answers, const char *tag, int64_t *out)
{
	const json_t *v = json_object_get(answers, tag);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = json_integer_value(v);
	return true;
}

/* Read the figures of report s into p. */
static void read_figures(struct loader *ld, const struct stored_submission *s,
                         struct pick *p)
{
	json_t *a = json_loads(s->answers, 0, NULL);
	int64_t g, h;

	p->usable = answer(a, TAG_VALID, &p->valid);
	for (size_t c = 0; c < ld->nch && p->usable; c++)
		p->usable = answer(a, ld->tags[c], &p->votes[c]);
	if (!answer(a, TAG_REGISTERED, &p->registered))
		p->registered = -1;
	p->ballots =
	    answer(a, TAG_MOBILE_BOX, &g) && answer(a, TAG_STATIC_BOX, &h) ? g + h : -1;
	json_decref(a);
}

static enum status add_report(void *ctx, const struct stored_submission *s)
{
	struct loader *ld = ctx;
	uintptr_t k = (uintptr_t)strmap_get(&ld->stations, s->station);
	struct pick *p;
	bool verified;

	if (!k || !strcmp(s->status, "rejected"))
		return ST_OK;
	p = &ld->picks[k - 1];
	if (!*p->first || strcmp(s->received_at, p->first) < 0)
		snprintf(p->first, sizeof(p->first), "%s", s->received_at);
	if (s->superseded_by)
		return ST_OK; /* an earlier version: its time only */
	verified = !strcmp(s->status, "verified");
	if (p->id &&
	    (p->verified > verified ||
	     (p->verified == verified && strcmp(p->received, s->received_at) <= 0)))
		return ST_OK;
	p->id = s->id;
	p->verified = verified;
	snprintf(p->received, sizeof(p->received), "%s", s->received_at);
	read_figures(ld, s, p);
	return ST_OK;
}

/* Reports in order of arrival: by time, then station code. */
static int by_arrival(const void *pa, const void *pb)
{
	const struct pvt_report *a = pa, *b = pb;
	int c = strcmp(a->arrived, b->arrived);

	return c ? c : strcmp(a->station, b->station);
}

static enum status load_reports(struct loader *ld, struct store *st, int64_t mission_id,
                                struct err *e)
{
	struct pvt_mission *pm = ld->pm;
	struct pvt_report *reps;
	size_t k = 0;
	enum status rc;

	ld->picks = xcalloc(pm->nstations ? pm->nstations : 1, sizeof(*ld->picks));
	for (size_t i = 0; i < pm->nstations; i++) {
		ld->picks[i].votes =
		    arena_alloc(&pm->arena, (ld->nch + 1) * sizeof(int64_t));
		strmap_add(&ld->stations, pm->stations[i].station,
		           (void *)(uintptr_t)(i + 1), NULL);
	}
	rc = store_pvt_reports(st, mission_id, add_report, ld, e);
	if (rc)
		return rc;
	reps =
	    arena_alloc(&pm->arena, (pm->nstations ? pm->nstations : 1) * sizeof(*reps));
	for (size_t i = 0; i < pm->nstations; i++) {
		struct pick *p = &ld->picks[i];
		const struct pvt_mission_station *s = &pm->stations[i];
		uintptr_t h =
		    s->stratum ? (uintptr_t)strmap_get(&ld->strata, s->stratum) : 1;
		if (!p->id)
			continue;
		pm->stations[i].arrived = arena_strdup(&pm->arena, p->first);
		if (!p->usable || !h) {
			pm->skipped++;
			continue;
		}
		reps[k++] =
		    (struct pvt_report){s->station,    h - 1,      p->valid,  p->votes,
		                        p->registered, p->ballots, s->arrived};
	}
	qsort(reps, k, sizeof(*reps), by_arrival);
	pm->in.reports = reps;
	pm->in.nreports = k;
	return ST_OK;
}

/* ---- the whole ---- */

static enum status set_official(struct pvt_mission *pm, const struct pvt_official *off,
                                size_t noff, struct err *e)
{
	double *v;

	if (!noff)
		return ST_OK;
	v = arena_alloc(&pm->arena, (pm->in.nchoices ? pm->in.nchoices : 1) * sizeof(*v));
	for (size_t c = 0; c < pm->in.nchoices; c++)
		v[c] = NAN;
	for (size_t i = 0; i < noff; i++) {
		size_t c = 0;
		while (c < pm->in.nchoices &&
		       strcmp(off[i].choice, pm->choice_codes[c]) &&
		       strcmp(off[i].choice, pm->in.choices[c]))
			c++;
		if (c == pm->in.nchoices)
			return err_set(
			    e, ST_INVALID,
			    "official: \"%s\" is neither the code nor the name of a "
			    "choice on the ballot",
			    off[i].choice);
		v[c] = off[i].share;
	}
	pm->in.official = v;
	return ST_OK;
}

/* Without official figures given, those of the imported official
 * results, when there are any. */
static enum status stored_official(struct pvt_mission *pm, struct loader *ld,
                                   const struct official_rows *src, struct store *st,
                                   int64_t mission_id, struct err *e)
{
	size_t n = pm->in.nchoices;
	double *v = arena_alloc(&pm->arena, (n ? n : 1) * sizeof(*v));
	enum status rc;

	rc = pvt_official_from(src, st, mission_id, ld->tags, n, v,
	                       &pm->official_stations, e);
	if (!rc && pm->official_stations)
		pm->in.official = v;
	return rc;
}

enum status pvt_mission_estimate(struct store *st, int64_t mission_id,
                                 const struct pvt_official *off, size_t noff,
                                 struct pvt_mission *out, struct err *e)
{
	return pvt_mission_estimate_from(st, mission_id, off, noff, NULL, out, e);
}

enum status pvt_mission_estimate_from(struct store *st, int64_t mission_id,
                                      const struct pvt_official *off, size_t noff,
                                      const struct official_rows *src,
                                      struct pvt_mission *out, struct err *e)
{
	struct loader ld = {.pm = out};
	enum status rc;

	memset(out, 0, sizeof(*out));
	strmap_init(&ld.stations);
	strmap_init(&ld.strata);
	rc = store_pvt_sample_get(st, mission_id, &out->arena, &out->head, e);
	if (!rc)
		rc = load_strata(&ld, e);
	if (!rc)
		rc = store_pvt_sample_list(st, mission_id, add_station, &ld, e);
	if (!rc)
		rc = load_ballot(&ld, st, mission_id, e);
	if (!rc)
		rc = load_reports(&ld, st, mission_id, e);
	if (!rc && noff)
		rc = set_official(out, off, noff, e);
	else if (!rc)
		rc = stored_official(out, &ld, src, st, mission_id, e);
	if (!rc)
		rc = pvt_estimate(&out->in, &out->result, e);
	free(ld.picks);
	free(ld.ch);
	strmap_release(&ld.stations);
	strmap_release(&ld.strata);
	return rc;
}

void pvt_mission_release(struct pvt_mission *pm)
{
	pvt_result_release(&pm->result);
	free(pm->stations);
	arena_release(&pm->arena);
	memset(pm, 0, sizeof(*pm));
}

json_t *pvt_mission_sample_json(const struct pvt_mission *pm, bool stations)
{
	const struct pvt_sample_head *h = &pm->head;
	json_t *o = json_object(), *strata = json_array();

	json_object_set_new(o, "method", json_string(h->method));
	json_object_set_new(o, "strata_by",
	                    h->strata_by ? json_string(h->strata_by) : json_null());
	json_object_set_new(o, "seed", json_integer(h->seed));
	json_object_set_new(o, "size", json_integer(h->size));
	json_object_set_new(o, "frame_size", json_integer(h->frame_size));
	json_object_set_new(o, "frame_hash", json_string(h->frame_hash));
	json_object_set_new(o, "generator", json_string(h->generator));
	json_object_set_new(o, "drawn_at", json_string(h->drawn_at));
	json_object_set_new(o, "drawn_by", json_string(h->drawn_by));
	for (size_t s = 0; s < pm->result.nstrata; s++) {
		const struct pvt_stratum_out *r = &pm->result.strata[s];
		json_array_append_new(strata,
		                      json_pack("{s:s?, s:I, s:I, s:I}", "name", r->name,
		                                "population", (json_int_t)r->population,
		                                "sampled", (json_int_t)r->sampled,
		                                "reported", (json_int_t)r->reported));
	}
	json_object_set_new(o, "strata", strata);
	json_object_set_new(o, "reports_skipped", json_integer((json_int_t)pm->skipped));
	if (stations) {
		json_t *list = json_array();
		for (size_t i = 0; i < pm->nstations; i++) {
			const struct pvt_mission_station *s = &pm->stations[i];
			json_array_append_new(
			    list,
			    json_pack("{s:s, s:s?, s:I, s:s?}", "station", s->station,
			              "stratum", s->stratum, "draw_order",
			              (json_int_t)s->draw_order, "arrived", s->arrived));
		}
		json_object_set_new(o, "stations", list);
	}
	return o;
}

json_t *pvt_mission_to_json(const struct pvt_mission *pm)
{
	json_t *doc = pvt_result_to_json(&pm->in, &pm->result);
	json_t *choices = json_object_get(doc, "choices"), *c;
	size_t i;

	json_array_foreach(choices, i, c)
	{
		json_object_set_new(c, "code", json_string(pm->choice_codes[i]));
	}
	json_object_set_new(doc, "sample", pvt_mission_sample_json(pm, false));
	/* Where "official" comes from: the imported results of so many
	 * stations, or figures given with the request (0). */
	json_object_set_new(doc, "official_stations",
	                    json_integer(pm->official_stations));
	return doc;
}
