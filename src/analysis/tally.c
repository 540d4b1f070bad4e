/* tally.c - a mission's running tally (tally.h): building it from the
 * store, catching up with the change log and the new reports, and the
 * counters of each report, station and conflict it needs for that. */
#include <stdlib.h>
#include <string.h>

#include "analysis/findings_int.h"
#include "analysis/tally.h"
#include "analysis/tally_int.h"
#include "core/alloc.h"

/* ---- reports and stations ---- */

/* The record of report id, the arrays grown (or moved) to hold it. */
struct tally_rep *tally_rep(struct tally *t, int64_t id)
{
	if (!t->nrep) {
		t->base = id;
	} else if (id < t->base) {
		size_t shift = (size_t)(t->base - id);
		tally_grow((void **)&t->rep, &t->caprep, t->nrep + shift,
		           sizeof(*t->rep));
		memmove(t->rep + shift, t->rep, t->nrep * sizeof(*t->rep));
		for (size_t i = 0; i < shift; i++)
			t->rep[i] = (struct tally_rep){0, 0, TALLY_NONE};
		t->nrep += shift;
		t->base = id;
	}
	while ((size_t)(id - t->base) >= t->nrep) {
		tally_grow((void **)&t->rep, &t->caprep, t->nrep + 1, sizeof(*t->rep));
		t->rep[t->nrep++] = (struct tally_rep){0, 0, TALLY_NONE};
	}
	return &t->rep[id - t->base];
}

/* Ensure *v holds at least n elements of size sz (zeroed when new). */
void tally_grow(void **v, size_t *cap, size_t n, size_t sz)
{
	size_t c = *cap;

	if (n <= c)
		return;
	while (c < n)
		c = c ? 2 * c : 1024;
	*v = xrealloc(*v, c * sz);
	memset((char *)*v + *cap * sz, 0, (c - *cap) * sz);
	*cap = c;
}

/* The slot of station sid (code for a new one). */
size_t tally_station(struct tally *t, int64_t sid, const char *code)
{
	size_t slot;

	if (sid < 0)
		sid = 0;
	tally_grow((void **)&t->slot_of, &t->capslot_of, (size_t)sid + 1,
	           sizeof(*t->slot_of));
	if (t->slot_of[sid])
		return t->slot_of[sid] - 1;
	slot = t->nst++;
	tally_grow((void **)&t->scode, &t->capst, t->nst, sizeof(*t->scode));
	t->scode[slot] = xstrdup(code ? code : "");
	tally_grow((void **)&t->sid, &t->capsid, t->nst, sizeof(*t->sid));
	t->sid[slot] = sid;
	tally_grow((void **)&t->cov, &t->capcov, t->nst * t->capf, sizeof(*t->cov));
	t->slot_of[sid] = (uint32_t)slot + 1;
	return slot;
}

/* The coverage index of form code, the counters laid out again when the
 * forms outgrow them. */
size_t tally_cform(struct tally *t, const char *code)
{
	uintptr_t i = (uintptr_t)strmap_get(&t->cforms, code ? code : "");
	struct tally_cov *cov;
	size_t cap;

	if (i)
		return i - 1;
	if (t->nf == t->capf) {
		cap = t->capf ? 2 * t->capf : 8;
		cov = xcalloc(t->nst ? t->nst * cap : 1, sizeof(*cov));
		for (size_t s = 0; t->capf && s < t->nst; s++)
			memcpy(&cov[s * cap], &t->cov[s * t->capf],
			       t->capf * sizeof(*cov));
		free(t->cov);
		t->cov = cov;
		t->capcov = t->nst ? t->nst * cap : 1;
		t->capf = cap;
	}
	tally_grow((void **)&t->fcode, &t->capfcode, t->nf + 1, sizeof(*t->fcode));
	t->fcode[t->nf] = xstrdup(code ? code : "");
	strmap_add(&t->cforms, t->fcode[t->nf], (void *)(uintptr_t)(t->nf + 1), NULL);
	return t->nf++;
}

static unsigned char state_of(const struct stored_submission *s)
{
	unsigned char st = TALLY_SEEN;

	if (!s->superseded_by)
		st |= TALLY_CURRENT;
	if (s->status && !strcmp(s->status, "rejected"))
		st |= TALLY_REJECTED;
	if (s->status && !strcmp(s->status, "flagged"))
		st |= TALLY_FLAGGED;
	return st;
}

/* Count (sign 1) or take back (sign -1) report s in state st: what
 * findings_add() and the coverage rows' query count of it. */
static void apply(struct tally *t, const struct stored_submission *s, unsigned char st,
                  int64_t sign)
{
	struct findings_work *w = t->f.work;
	const struct tally_rep *rep;
	struct tally_cov *c;
	uintptr_t fi;
	size_t r, n = 0;
	bool rejected = (st & TALLY_REJECTED) != 0;

	tally_fmark_touch(t, s->form);
	if (!(st & TALLY_CURRENT))
		return;
	r = region_map_of(w->rm, s->station);
	if (r >= w->rm->nregions)
		r = w->rm->nregions;
	tally_count(t, s, tally_rep(t, s->id), r, sign);
	if (!rejected) {
		size_t f = tally_cform(t, s->form); /* may lay the counters out again */
		size_t slot = tally_station(t, s->station_id, s->station);
		c = &t->cov[slot * t->capf + f];
		c->reports += (int32_t)sign;
		if (st & TALLY_FLAGGED)
			c->flagged += (int32_t)sign;
		if (tally_of_kind(t, s->form, FORM_PROTOCOL))
			tally_protocol(t, s->id, sign);
	}
	fi = s->form ? (uintptr_t)strmap_get(&w->codes, s->form) : 0;
	if (!fi)
		return;
	rep = tally_rep(t, s->id);
	for (uint32_t k = rejected ? TALLY_NONE : rep->ov; k != TALLY_NONE;
	     k = t->nodes[k].next) {
		const struct tally_conf *cf = &t->confs[t->nodes[k].conf];
		if (!cf->has_ov || cf->ov.form != fi - 1)
			continue;
		tally_grow((void **)&t->ovbuf, &t->capovbuf, n + 1, sizeof(*t->ovbuf));
		t->ovbuf[n++] = &cf->ov;
	}
	findings_tally(w, fi - 1, r, s, rejected, sign, t->ovbuf, n);
}

static enum status count_new(void *ctx, const struct stored_submission *s)
{
	struct tally *t = ctx;
	struct tally_rep *rep = tally_rep(t, s->id);

	if (rep->state & TALLY_SEEN)
		return ST_OK; /* counted already */
	rep->state = state_of(s);
	rep->status = tally_status(t, s->status);
	apply(t, s, rep->state, 1);
	t->nseen++;
	return ST_OK;
}

static enum status take_back(void *ctx, const struct stored_submission *s)
{
	struct tally *t = ctx;
	struct tally_rep *rep = tally_rep(t, s->id);

	t->found = true;
	apply(t, s, rep->state, -1);
	return ST_OK;
}

static enum status count_again(void *ctx, const struct stored_submission *s)
{
	struct tally *t = ctx;
	struct tally_rep *rep = tally_rep(t, s->id);

	t->found = true;
	rep->state = state_of(s);
	rep->status = tally_status(t, s->status);
	apply(t, s, rep->state, 1);
	return ST_OK;
}

/* ---- building and catching up ---- */

static void empty(struct tally *t)
{
	int64_t mission_id = t->mission_id, builds = t->builds, epoch = t->epoch;

	tally_fmarks_release(t);
	tally_confs_release(t);
	tally_counts_release(t);
	findings_release(&t->f);
	region_map_release(&t->rm);
	for (size_t i = 0; i < t->nforms; i++)
		form_free(t->forms[i]);
	free(t->forms);
	for (size_t i = 0; i < t->nst; i++)
		free(t->scode[i]);
	for (size_t i = 0; i < t->nf; i++)
		free(t->fcode[i]);
	free(t->scode);
	free(t->sid);
	free(t->fcode);
	free(t->slot_of);
	free(t->cov);
	free(t->rep);
	free(t->pids);
	free(t->ovbuf);
	free(t->ids);
	strmap_release(&t->cforms);
	memset(t, 0, sizeof(*t));
	t->mission_id = mission_id;
	t->builds = builds;
	t->epoch = epoch;
	t->free_node = TALLY_NONE;
	strmap_init(&t->cforms);
	strmap_init(&t->count_of);
	region_map_init(&t->rm);
}

struct tally *tally_new(int64_t mission_id)
{
	struct tally *t = xcalloc(1, sizeof(*t));

	t->mission_id = mission_id;
	t->free_node = TALLY_NONE;
	strmap_init(&t->cforms);
	strmap_init(&t->count_of);
	region_map_init(&t->rm);
	return t;
}

void tally_free(struct tally *t)
{
	if (!t)
		return;
	empty(t);
	strmap_release(&t->cforms);
	strmap_release(&t->count_of);
	region_map_release(&t->rm);
	free(t);
}

static enum status build(struct tally *t, struct store *st, const struct tally_marks *m,
                         struct err *e)
{
	struct findings_options o = {0};
	enum status rc;

	empty(t);
	t->builds++;
	rc = findings_load_forms(st, t->mission_id, &t->forms, &t->nforms, e);
	if (!rc)
		rc = region_map_load(st, t->mission_id, &t->rm, e);
	if (!rc)
		rc = findings_begin(&t->f, (const struct form *const *)t->forms,
		                    t->nforms, &t->rm, &o, e);
	if (!rc)
		rc = store_tally_conflicts(st, t->mission_id, 0, tally_conf_put, t, e);
	if (!rc)
		rc =
		    store_tally_reports(st, t->mission_id, 0, m->report, count_new, t, e);
	if (!rc) {
		t->marks = *m;
		t->built = true;
		t->built_epoch = ++t->epoch;
	}
	return rc;
}

static enum status on_change(void *ctx, int64_t seq, enum tally_change_kind kind,
                             int64_t ref)
{
	struct tally *t = ctx;

	(void)seq;
	if (kind == TALLY_CHANGE_REPORT)
		tally_touch(t, ref);
	else if (kind == TALLY_CHANGE_CONFLICT)
		tally_conf_touch(t, ref);
	return ST_OK;
}

static int by_id(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

/* Take back each report touched as it was counted, bring the conflicts
 * touched up to date, and count the reports again as they are now.  Only
 * reports counted before are taken back: newer ones are counted with the
 * new reports. */
static enum status catch_up(struct tally *t, struct store *st,
                            const struct tally_marks *m, struct err *e)
{
	enum status rc;
	size_t n = 0;

	t->nids = 0;
	t->nconf_ids = 0;
	rc = store_tally_changes(st, t->mission_id, t->marks.change, m->change, on_change,
	                         t, e);
	if (!rc)
		rc = tally_confs_read(t, st, e); /* their reports are touched too */
	if (rc)
		return rc;
	if (t->nids)
		qsort(t->ids, t->nids, sizeof(*t->ids), by_id);
	for (size_t i = 0; i < t->nids; i++)
		if ((i == 0 || t->ids[i] != t->ids[i - 1]) && t->ids[i] >= t->base &&
		    (size_t)(t->ids[i] - t->base) < t->nrep &&
		    (t->rep[t->ids[i] - t->base].state & TALLY_SEEN))
			t->ids[n++] = t->ids[i];
	t->nids = n;
	for (size_t i = 0; !rc && i < n; i++) {
		t->found = false;
		rc = store_tally_report(st, t->mission_id, t->ids[i], take_back, t, e);
		if (!rc && !t->found)
			rc = err_set(e, ST_DB, "report %lld is gone",
			             (long long)t->ids[i]);
	}
	if (!rc)
		tally_confs_apply(t);
	for (size_t i = 0; !rc && i < n; i++) {
		t->found = false;
		rc = store_tally_report(st, t->mission_id, t->ids[i], count_again, t, e);
		if (!rc && !t->found)
			rc = err_set(e, ST_DB, "report %lld is gone",
			             (long long)t->ids[i]);
	}
	return rc;
}

enum status tally_refresh(struct tally *t, struct store *st, struct err *e)
{
	struct tally_marks m;
	enum status rc;
	int began;

	rc = store_tally_begin(st, &began, e);
	if (rc)
		return rc;
	rc = store_tally_marks_since(st, t->mission_id, t->built ? &t->marks : NULL, &m,
	                             e);
	if (!rc && (!t->built || m.layout != t->marks.layout))
		rc = build(t, st, &m, e);
	else if (!rc) {
		if (m.change > t->marks.change)
			rc = catch_up(t, st, &m, e);
		if (!rc && m.report > t->marks.report)
			rc = store_tally_reports(st, t->mission_id, t->marks.report,
			                         m.report, count_new, t, e);
		if (!rc)
			t->marks = m;
	}
	store_tally_end(st, began);
	if (rc)
		empty(t);
	return rc;
}

/* ---- answering ---- */

enum status tally_findings(struct tally *t, const struct findings_options *o,
                           struct findings *out, struct err *e)
{
	const struct findings_work *tw = t->f.work;
	struct findings_work *w;
	enum status rc;

	if (!t->built)
		return err_set(e, ST_INTERNAL, "the tally is not built");
	rc = findings_begin(out, (const struct form *const *)t->forms, t->nforms, &t->rm,
	                    o, e);
	if (rc)
		return rc;
	w = out->work;
	for (size_t i = 0; i < w->nforms; i++) {
		size_t j = (uintptr_t)strmap_get(&tw->codes, w->fm[i].form->code) - 1;
		const int64_t *from = tw->fm[j].cnt;
		size_t block = w->fm[i].block;
		for (size_t b = 0; b < w->nblocks; b++) {
			if (w->only_region != (size_t)-1 && b != w->only_region)
				continue;
			memcpy(w->fm[i].cnt + b * block, from + b * block,
			       block * sizeof(*from));
			out->reports += from[b * block + F_REPORTS];
			out->rejected += from[b * block + F_REJECTED];
		}
		for (size_t h = 0; h < tw->nhours; h++)
			for (size_t b = 0; b < w->nblocks; b++) {
				int64_t c =
				    tw->hour_cnt[(h * tw->nforms + j) * tw->nblocks + b];
				size_t at;
				if (!c ||
				    (w->only_region != (size_t)-1 && b != w->only_region))
					continue;
				at = findings_hour_slot(w, tw->hour_keys[h]);
				w->hour_cnt[(at * w->nforms + i) * w->nblocks + b] = c;
			}
	}
	findings_end(out);
	return ST_OK;
}

enum status tally_coverage_rows(struct tally *t, store_coverage_cb cb, void *ctx,
                                struct err *e)
{
	enum status rc = ST_OK;

	(void)e;
	for (size_t s = 0; !rc && s < t->nst; s++)
		for (size_t f = 0; !rc && f < t->nf; f++) {
			const struct tally_cov *c = &t->cov[s * t->capf + f];
			struct coverage_row row = {t->scode[s], t->fcode[f],  c->reports,
			                           c->flagged,  c->conflicts, t->sid[s]};
			if (c->reports > 0)
				rc = cb(ctx, &row);
		}
	return rc;
}

void tally_stats(const struct tally *t, struct tally_stats *out)
{
	out->reports = (int64_t)t->nseen;
	out->conflicts = (int64_t)t->nconfs_live;
	out->builds = t->builds;
	out->bytes = t->caprep * sizeof(*t->rep) + t->capcov * sizeof(*t->cov) +
	             t->capslot_of * sizeof(*t->slot_of) +
	             t->capconfs * sizeof(*t->confs) + t->capnodes * sizeof(*t->nodes) +
	             t->cappids * sizeof(*t->pids);
}
