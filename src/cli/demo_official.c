/* demo_official.c - the demo's official results: the protocol of every
 * polling station as the commission published it.  Where a team copied
 * the protocol, the commission's figures are those it copied (the first
 * team's at a doubly observed station, a correction's when the team
 * corrected a slip); elsewhere they are made as the teams' protocols are
 * (demo_protocol()).  A few stations get figures changed on the way up.
 * The rows are imported as "observa import results" imports a file; the
 * protocols as the commissions wrote them, before any change, stay in the
 * plan (d->written) for the quick count's observers, who copy them too.
 *
 * Its draws come from the plan's generator re-seeded with a seed of its
 * own (and put back after), so the official results do not change the
 * rest of the demo and are the same on every run. */
#include <math.h>
#include <string.h>

#include "analysis/results_load.h"
#include "cli/demo_official.h"
#include "cli/demo_reports_int.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "ingest/import_results.h"

#define SEED_OFFICIAL 0x4B5A0FF1C1A12023ULL
#define NLINES        12 /* A ... L */

/* The report whose figures are the commission's, for PR report i: its
 * correction when it has one, else itself. */
static const json_t *latest(const struct demo_reports *d, size_t i)
{
	const json_t *a = d->reports[i].answers;

	for (size_t j = 0; j < d->nreports; j++)
		if (d->reports[j].kind == CORRECTION && d->reports[j].of == i)
			a = d->reports[j].answers;
	return a;
}

/* True when report r is the second team's copy at a doubly observed
 * station (copy_report() in demo_day.c): it may hold a slip. */
static bool a_copy(const struct demo_reports *d, const struct report *r)
{
	for (size_t k = 0; k < d->npairs; k++)
		if (d->pairs[k].station == r->place && d->pairs[k].b == r->team)
			return true;
	return false;
}

/* truth[k]: the protocol the teams copied at station k (borrowed), or
 * NULL where no team copied one. */
static void copied(const struct demo_reports *d, const json_t **truth)
{
	for (size_t i = 0; i < d->nreports; i++) {
		const struct report *r = &d->reports[i];
		if (r->kind != ORIGINAL || strcmp(r->sub.form, "PR") || a_copy(d, r) ||
		    truth[r->place])
			continue;
		truth[r->place] = latest(d, i);
	}
}

static void add(json_t *a, const char *tag, int64_t by)
{
	json_object_set_new(a, tag, json_integer(demo_answer(a, tag) + by));
}

/* Votes of a party moved to the ruling party (P1). */
static void move_votes(struct demo_reports *d, json_t *a)
{
	char tag[8];
	int64_t votes = 0, moved;

	for (int tries = 0; tries < 20 && votes < 20; tries++) {
		snprintf(tag, sizeof(tag), "P%d",
		         2 + (int)demo_below(d, DEMO_NCHOICES - 2));
		votes = demo_answer(a, tag);
	}
	moved = (int64_t)llround((double)votes * (0.3 + 0.4 * demo_unit(d)));
	add(a, tag, -moved);
	add(a, "P1", moved);
}

/* Ballots added for the ruling party, taken from the cancelled ones, so
 * that the protocol still adds up. */
static void inflate(struct demo_reports *d, json_t *a)
{
	int64_t extra =
	    (int64_t)llround((double)demo_answer(a, "A") * (0.08 + 0.07 * demo_unit(d)));

	if (extra > demo_answer(a, "F"))
		extra = demo_answer(a, "F");
	add(a, "D", extra);
	add(a, "H", extra);
	add(a, "J", extra);
	add(a, "P1", extra);
	add(a, "F", -extra);
}

/* Change the figures of DEMO_MOVED + DEMO_INFLATED copied stations seen by
 * one team only. */
static void tamper(struct demo_reports *d, const json_t **truth, json_t **official)
{
	int done = 0;

	for (int tries = 0; tries < 100000 && done < DEMO_MOVED + DEMO_INFLATED;
	     tries++) {
		size_t k = demo_below(d, d->nstations);
		json_t *a;
		if (!truth[k] || d->stations[k].doubled || official[k])
			continue;
		a = json_deep_copy(truth[k]);
		if (done < DEMO_MOVED)
			move_votes(d, a);
		else
			inflate(d, a);
		official[k] = a;
		done++;
	}
}

/* A station abroad, which no team visits: its voters lean as the first
 * region's do. */
static struct station abroad(struct demo_reports *d, const struct location *l)
{
	struct station s = {.l = l, .urban = true};

	s.turnout = 0.25 + 0.25 * demo_unit(d);
	return s;
}

/* The protocol the commission of every station of the plan wrote, into
 * d->written (plan order): where a team copied it, the copy (truth);
 * elsewhere made as the teams' protocols are. */
static void write_protocols(struct demo_reports *d, const json_t **truth)
{
	const struct demo_plan *p = d->p;
	struct strmap index = STRMAP_INIT;

	d->written = xcalloc(p->nlocations + 1, sizeof(*d->written));
	d->nwritten = p->nlocations;
	for (size_t k = 0; k < d->nstations; k++)
		strmap_set(&index, d->stations[k].l->code, (void *)(k + 1));
	for (size_t i = 0; i < p->nlocations; i++) {
		const struct location *l = &p->locations[i];
		size_t k = (size_t)strmap_get(&index, l->code);
		if (!location_is_station(l))
			continue;
		if (k) {
			d->written[i] =
			    truth[k - 1] ? json_incref((json_t *)truth[k - 1])
			                 : demo_protocol(d, &d->stations[k - 1], PR_OK);
		} else {
			struct station s = abroad(d, l);
			d->written[i] = demo_protocol(d, &s, PR_OK);
		}
	}
	strmap_release(&index);
}

/* The CSV of every station's official figures, in the plan's order: as
 * written, or as changed on the way up (official[k] for station k). */
static void write_csv(struct demo_reports *d, json_t **official, struct buf *csv)
{
	const struct demo_plan *p = d->p;
	struct strmap index = STRMAP_INIT;
	char tags[NLINES + DEMO_NCHOICES][4];
	size_t ntags = 0;

	for (int i = 0; i < NLINES; i++)
		snprintf(tags[ntags++], 4, "%c", 'A' + i);
	for (int k = 1; k < DEMO_NCHOICES; k++)
		snprintf(tags[ntags++], 4, "P%d", k);
	snprintf(tags[ntags++], 4, "AA");
	for (size_t k = 0; k < d->nstations; k++)
		strmap_set(&index, d->stations[k].l->code, (void *)(k + 1));
	buf_appends(csv, "station");
	for (size_t t = 0; t < ntags; t++)
		buf_appendf(csv, ",%s", tags[t]);
	buf_appends(csv, "\r\n");
	for (size_t i = 0; i < p->nlocations; i++) {
		const struct location *l = &p->locations[i];
		size_t k = (size_t)strmap_get(&index, l->code);
		const json_t *a;
		if (!d->written[i])
			continue;
		a = k && official[k - 1] ? official[k - 1] : d->written[i];
		buf_appends(csv, l->code);
		for (size_t t = 0; t < ntags; t++)
			buf_appendf(csv, ",%lld", (long long)demo_answer(a, tags[t]));
		buf_appends(csv, "\r\n");
	}
	strmap_release(&index);
}

enum status demo_official_load(struct demo_reports *d, struct store *st,
                               const struct mission *m, struct err *e)
{
	const json_t **truth = xcalloc(d->nstations + 1, sizeof(*truth));
	json_t **official = xcalloc(d->nstations + 1, sizeof(*official));
	struct demo_rng saved = d->rng;
	struct import_counts counts;
	struct csv_reader r;
	struct buf csv;
	enum status rc;

	demo_rng_seed(&d->rng, SEED_OFFICIAL);
	copied(d, truth);
	tamper(d, truth, official);
	write_protocols(d, truth);
	buf_init(&csv, BUF_NO_CAP);
	write_csv(d, official, &csv);
	d->rng = saved;
	csv_open_mem(&r, csv.ptr, csv.len);
	rc = import_results(&r, st, m, NULL, "the election commission (demo)", NULL,
	                    &counts, e);
	if (rc)
		err_prefix(e, "demo official results: ");
	csv_close(&r);
	buf_release(&csv);
	for (size_t k = 0; k < d->nstations; k++)
		json_decref(official[k]);
	free(official);
	free(truth);
	return rc;
}

enum status demo_official_counts(struct store *st, int64_t mission_id, int64_t *stations,
                                 int64_t *differ, struct err *e)
{
	struct discrepancy d;
	enum status rc = discrepancy_load(st, mission_id, 1, NULL, &d, e);

	*stations = *differ = 0;
	if (rc)
		return rc;
	*stations = d.stations_official;
	*differ = d.stations_differ;
	discrepancy_release(&d);
	return ST_OK;
}
