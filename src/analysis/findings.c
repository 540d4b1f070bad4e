/* findings.c - counting the findings: each form's questions get a fixed
 * set of counters per region, laid out once by findings_begin(), and each
 * report is read once by findings_add() into its region's counters,
 * through the allocation-free answers scanner.  findings_end.c turns the
 * counters into the published figures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/findings_int.h"
#include "core/alloc.h"

/* ---- the Wilson score interval ---- */

struct findings_share findings_wilson(int64_t k, int64_t n, double z)
{
	struct findings_share s = {0};
	double p, z2, denom, centre, half;

	if (n <= 0 || k < 0 || k > n)
		return s;
	p = (double)k / (double)n;
	z2 = z * z;
	denom = 1.0 + z2 / (double)n;
	centre = (p + z2 / (2.0 * (double)n)) / denom;
	half = z * sqrt(p * (1.0 - p) / (double)n + z2 / (4.0 * (double)n * (double)n)) /
	       denom;
	s.defined = true;
	s.share = p;
	s.low = k == 0 ? 0.0 : centre - half;
	s.high = k == n ? 1.0 : centre + half;
	if (s.low < 0.0)
		s.low = 0.0;
	if (s.high > 1.0)
		s.high = 1.0;
	return s;
}

/* ---- laying out the counters ---- */

static int phase_rank(enum form_phase p)
{
	switch (p) {
	case FORM_PHASE_OPENING:
		return 0;
	case FORM_PHASE_VOTING:
		return 1;
	case FORM_PHASE_COUNTING:
		return 2;
	case FORM_PHASE_TABULATION:
		return 3;
	default:
		return 4;
	}
}

static int by_phase(const void *pa, const void *pb)
{
	const struct form *a = *(const struct form *const *)pa;
	const struct form *b = *(const struct form *const *)pb;
	int ra = phase_rank(a->phase), rb = phase_rank(b->phase);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* The values of q in the order shown: yes before no, very good to very
 * bad, options as defined.  Each slot's negative and critical flags come
 * from the form's own rules (form_answer_negative/critical). */
static void lay_values(struct findings_work *w, struct findings_qmeta *m)
{
	const struct form_question *q = m->q;
	size_t n = 0;

	if (q->type == QT_YESNO)
		n = 2;
	else if (q->type == QT_RATING)
		n = 4;
	else if (q->type == QT_SELECT_ONE || q->type == QT_SELECT_MULTIPLE)
		n = q->noptions;
	m->nvalues = n;
	m->values = arena_alloc(&w->arena, (n ? n : 1) * sizeof(*m->values));
	m->negative = arena_alloc(&w->arena, (n ? n : 1) * sizeof(*m->negative));
	m->critical = arena_alloc(&w->arena, (n ? n : 1) * sizeof(*m->critical));
	m->slot_of = NULL;
	if (q->type == QT_SELECT_ONE || q->type == QT_SELECT_MULTIPLE) {
		m->slot_of = arena_alloc(&w->arena, FORM_OPTION_MAX + 1);
		memset(m->slot_of, 0, FORM_OPTION_MAX + 1);
	}
	for (size_t k = 0; k < n; k++) {
		json_t *v;
		if (q->type == QT_YESNO)
			m->values[k] = k == 0 ? 1 : 0;
		else if (q->type == QT_RATING)
			m->values[k] = 4 - (int64_t)k;
		else
			m->values[k] = q->options[k].value;
		if (m->slot_of && m->values[k] >= 0 && m->values[k] <= FORM_OPTION_MAX)
			m->slot_of[m->values[k]] = (unsigned char)(k + 1);
		v = q->type == QT_SELECT_MULTIPLE
		        ? json_pack("[I]", (json_int_t)m->values[k])
		        : json_integer(m->values[k]);
		m->negative[k] = form_answer_negative(q, v);
		m->critical[k] = form_answer_critical(q, v);
		json_decref(v);
	}
}

static void lay_form(struct findings_work *w, struct findings_fmeta *fm,
                     const struct form *form)
{
	size_t off = F_CATEGORIES;

	fm->form = form;
	fm->rating = fm->category = -1;
	fm->qs = arena_alloc(&w->arena,
	                     (form->nquestions ? form->nquestions : 1) * sizeof(*fm->qs));
	fm->mark = arena_alloc(&w->arena, form->nquestions ? form->nquestions : 1);
	memset(fm->mark, 0, form->nquestions ? form->nquestions : 1);
	for (size_t i = 0; i < form->nquestions; i++) {
		const struct form_question *q = &form->questions[i];
		fm->qs[i].q = q;
		lay_values(w, &fm->qs[i]);
		if (form->kind == FORM_CHECKLIST && q->type == QT_RATING)
			fm->rating = (long)i;
		if (form->kind == FORM_INCIDENT && fm->category < 0 &&
		    q->type == QT_SELECT_ONE)
			fm->category = (long)i;
	}
	fm->ncategories = fm->category >= 0 ? fm->qs[fm->category].nvalues : 0;
	off += 2 * fm->ncategories;
	for (size_t i = 0; i < form->nquestions; i++) {
		fm->qs[i].off = off;
		off += C_VALUES + fm->qs[i].nvalues;
	}
	fm->block = off;
	fm->cnt = xcalloc(w->nblocks * fm->block, sizeof(*fm->cnt));
}

enum status findings_begin(struct findings *out, const struct form *const *forms,
                           size_t nforms, const struct region_map *rm,
                           const struct findings_options *o, struct err *e)
{
	struct findings_work *w;
	const struct form **sorted;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (o->form) {
		size_t i;
		for (i = 0; i < nforms && strcmp(forms[i]->code, o->form); i++)
			;
		if (i == nforms)
			return err_set(e, ST_NOT_FOUND,
			               "form: the mission has no form \"%s\"", o->form);
	}
	if (o->region && region_map_find(rm, o->region) == REGION_MAP_UNKNOWN)
		return err_set(e, ST_NOT_FOUND,
		               "region: the mission has no region \"%s\" (a location of "
		               "level region, city or abroad)",
		               o->region);
	w = xcalloc(1, sizeof(*w));
	out->work = w;
	out->lang = arena_strdup(&out->arena, o->lang);
	out->form = arena_strdup(&out->arena, o->form);
	out->region = arena_strdup(&out->arena, o->region);
	out->z = o->z > 0 ? o->z : FINDINGS_Z95;
	w->rm = rm;
	w->nblocks = rm->nregions + 1;
	w->only_region = o->region ? region_map_find(rm, o->region) : (size_t)-1;
	strmap_init(&w->codes);
	sorted = xmalloc((nforms ? nforms : 1) * sizeof(*sorted));
	for (size_t i = 0; i < nforms; i++)
		if (!o->form || !strcmp(forms[i]->code, o->form))
			sorted[n++] = forms[i];
	qsort(sorted, n, sizeof(*sorted), by_phase);
	w->nforms = n;
	w->fm = arena_alloc(&w->arena, (n ? n : 1) * sizeof(*w->fm));
	for (size_t i = 0; i < n; i++) {
		lay_form(w, &w->fm[i], sorted[i]);
		strmap_add(&w->codes, sorted[i]->code, (void *)(uintptr_t)(i + 1), NULL);
	}
	free(sorted);
	return ST_OK;
}

/* ---- conflicts ---- */

static void add_override(struct findings *f, int64_t submission_id, const char *form,
                         const char *tag, const json_t *value, bool resolved)
{
	struct findings_work *w = f->work;
	uintptr_t fi = (uintptr_t)strmap_get(&w->codes, form ? form : "");
	const struct form_question *q;
	struct findings_override *ov;

	if (!fi || !tag)
		return;
	q = form_question(w->fm[fi - 1].form, tag);
	if (!q)
		return;
	if (w->nov == w->cap_ov) {
		w->cap_ov = w->cap_ov ? 2 * w->cap_ov : 64;
		w->ov = xrealloc(w->ov, w->cap_ov * sizeof(*w->ov));
	}
	ov = &w->ov[w->nov++];
	ov->submission = submission_id;
	ov->form = fi - 1;
	ov->question = (size_t)(q - w->fm[fi - 1].form->questions);
	ov->resolved = resolved;
	ov->value = NULL;
	if (resolved) {
		ov->value = arena_alloc(&w->arena, sizeof(*ov->value));
		answers_scan_json(value, ov->value);
	}
	free(w->ov_heads); /* built again with the new one */
	w->ov_heads = NULL;
	w->ov_slots = 0;
}

void findings_resolve(struct findings *f, int64_t submission_id, const char *form,
                      const char *tag, const json_t *value)
{
	add_override(f, submission_id, form, tag, value, true);
}

void findings_contest(struct findings *f, int64_t submission_id, const char *form,
                      const char *tag)
{
	add_override(f, submission_id, form, tag, NULL, false);
}

static size_t slot_of_id(const struct findings_work *w, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15u; /* Fibonacci hashing */

	return (size_t)(h >> 20) & (w->ov_slots - 1);
}

/* Chain the overrides of each report in a hash table keyed by the
 * report's id, once all are known: building is linear, and looking a
 * report up is constant time, even with a million disputed answers. */
static void index_overrides(struct findings_work *w)
{
	w->ov_slots = 16;
	while (w->ov_slots <= 2 * w->nov)
		w->ov_slots *= 2;
	w->ov_heads = xmalloc(w->ov_slots * sizeof(*w->ov_heads));
	for (size_t i = 0; i < w->ov_slots; i++)
		w->ov_heads[i] = OV_NONE;
	for (size_t i = 0; i < w->nov; i++) {
		size_t h = slot_of_id(w, w->ov[i].submission);
		while (w->ov_heads[h] != OV_NONE &&
		       w->ov[w->ov_heads[h]].submission != w->ov[i].submission)
			h = (h + 1) & (w->ov_slots - 1);
		w->ov[i].next = w->ov_heads[h];
		w->ov_heads[h] = i;
	}
}

/* The index of the first override of report id, or OV_NONE. */
static size_t overrides_of(struct findings_work *w, int64_t id)
{
	size_t h;

	if (!w->ov_slots)
		index_overrides(w);
	for (h = slot_of_id(w, id); w->ov_heads[h] != OV_NONE;
	     h = (h + 1) & (w->ov_slots - 1))
		if (w->ov[w->ov_heads[h]].submission == id)
			return w->ov_heads[h];
	return OV_NONE;
}

/* ---- hours ---- */

static bool two_digits(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9';
}

/* YYYYMMDDHH of an ISO 8601 date and time as written, or INT64_MAX. */
int64_t findings_hour_key(const char *t)
{
	if (!t || strlen(t) < 13 || !two_digits(t) || !two_digits(t + 2) || t[4] != '-' ||
	    !two_digits(t + 5) || t[7] != '-' || !two_digits(t + 8) ||
	    (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !two_digits(t + 11))
		return INT64_MAX;
	return ((((int64_t)(t[0] - '0') * 10 + (t[1] - '0')) * 100 + (t[2] - '0') * 10 +
	         (t[3] - '0')) *
	            10000 +
	        ((t[5] - '0') * 10 + (t[6] - '0')) * 100 + (t[8] - '0') * 10 +
	        (t[9] - '0')) *
	           100 +
	       (t[11] - '0') * 10 + (t[12] - '0');
}

/* The slot of hour key, inserted in order when new (hours are few: the
 * arrays grow only when one is new).  Each hour has nforms x nblocks
 * counters. */
size_t findings_hour_slot(struct findings_work *w, int64_t key)
{
	size_t lo = 0, hi = w->nhours, per = w->nforms * w->nblocks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->hour_keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == w->nhours || w->hour_keys[lo] != key) {
		if (w->nhours == w->cap_hours) {
			w->cap_hours = w->cap_hours ? 2 * w->cap_hours : 64;
			w->hour_keys =
			    xrealloc(w->hour_keys, w->cap_hours * sizeof(*w->hour_keys));
			w->hour_cnt =
			    xrealloc(w->hour_cnt, w->cap_hours * (per ? per : 1) *
			                              sizeof(*w->hour_cnt));
		}
		memmove(&w->hour_keys[lo + 1], &w->hour_keys[lo],
		        (w->nhours - lo) * sizeof(*w->hour_keys));
		memmove(&w->hour_cnt[(lo + 1) * per], &w->hour_cnt[lo * per],
		        (w->nhours - lo) * per * sizeof(*w->hour_cnt));
		memset(&w->hour_cnt[lo * per], 0, per * sizeof(*w->hour_cnt));
		w->hour_keys[lo] = key;
		w->nhours++;
	}
	return lo;
}

/* ---- one report ---- */

struct reading {
	struct findings_fmeta *fm;
	int64_t *block; /* the report's region's counters */
	bool critical;  /* some answer is critical */
	long category;  /* slot of the incident's category, -1 when none */
	size_t next;    /* the question after the last one read: stored answers
	                 * follow the form's order, so it is tried before the
	                 * form's index */
	int64_t sign;   /* 1 to count, -1 to take back */
};

static long slot_of(const struct findings_qmeta *m, int64_t v)
{
	switch (m->q->type) {
	case QT_YESNO:
		return v == 1 ? 0 : v == 0 ? 1 : -1;
	case QT_RATING:
		return v >= 1 && v <= 4 ? 4 - (long)v : -1;
	default:
		if (!m->slot_of || v < 0 || v > FORM_OPTION_MAX)
			return -1;
		return (long)m->slot_of[v] - 1;
	}
}

static bool listed(const int64_t *list, size_t n, int64_t v)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

/* Count answer v to question qi of the report being read. */
static void count_answer(struct reading *rd, size_t qi, const struct answer_value *v)
{
	const struct findings_qmeta *m = &rd->fm->qs[qi];
	int64_t *c = rd->block + m->off;
	bool neg = false, crit = false;
	uint64_t chosen[2] = {0, 0}; /* select_multiple: slots, at most 100 */
	long slot = -1;

	if (v->kind == ANSWER_NONE)
		return;
	switch (m->q->type) {
	case QT_YESNO:
	case QT_RATING:
	case QT_SELECT_ONE:
		if (v->kind != ANSWER_INT || (slot = slot_of(m, v->i)) < 0)
			goto left_out;
		c[C_VALUES + slot] += rd->sign;
		neg = m->negative[slot];
		crit = m->critical[slot];
		break;
	case QT_SELECT_MULTIPLE:
		if (v->kind == ANSWER_INT && (slot = slot_of(m, v->i)) >= 0) {
			chosen[slot / 64] |= (uint64_t)1 << (slot % 64);
		} else if (v->kind == ANSWER_INTS) {
			for (size_t k = 0; k < v->nints; k++) {
				if ((slot = slot_of(m, v->ints[k])) < 0)
					goto left_out;
				chosen[slot / 64] |= (uint64_t)1 << (slot % 64);
			}
		} else {
			goto left_out;
		}
		for (size_t k = 0; k < m->nvalues; k++)
			if (chosen[k / 64] & ((uint64_t)1 << (k % 64))) {
				c[C_VALUES + k] += rd->sign;
				neg = neg || m->negative[k];
				crit = crit || m->critical[k];
			}
		break;
	case QT_INTEGER:
		if (v->kind != ANSWER_INT)
			goto left_out;
		neg = listed(m->q->negative, m->q->nnegative, v->i);
		crit = listed(m->q->critical, m->q->ncritical, v->i);
		break;
	default: /* text, time */
		if (v->kind != ANSWER_STRING)
			goto left_out;
		break;
	}
	c[C_OBS] += rd->sign;
	c[C_NEG] += neg * rd->sign;
	c[C_CRIT] += crit * rd->sign;
	rd->critical = rd->critical || crit;
	if ((long)qi == rd->fm->category)
		rd->category = slot;
	return;
left_out:
	c[C_LEFT] += rd->sign;
}

static bool on_answer(void *ctx, const char *tag, size_t len,
                      const struct answer_value *v)
{
	struct reading *rd = ctx;
	char key[EXPR_TAG_MAX + 1];
	const struct form_question *q;
	size_t qi;

	if (len > EXPR_TAG_MAX)
		return true; /* no tag is this long: not a question of the form */
	qi = rd->next;
	if (qi >= rd->fm->form->nquestions ||
	    strncmp(rd->fm->form->questions[qi].tag, tag, len) ||
	    rd->fm->form->questions[qi].tag[len]) {
		memcpy(key, tag, len);
		key[len] = '\0';
		q = form_question(rd->fm->form, key);
		if (!q)
			return true;
		qi = (size_t)(q - rd->fm->form->questions);
	}
	rd->next = qi + 1;
	if (rd->fm->mark[qi] == MARK_RESOLVED)
		return true; /* the clerk's value is counted instead */
	if (rd->fm->mark[qi] == MARK_CONTESTED && v->kind != ANSWER_NONE)
		rd->block[rd->fm->qs[qi].off + C_CONTESTED] += rd->sign;
	count_answer(rd, qi, v);
	return true;
}

void findings_tally(struct findings_work *w, size_t fi, size_t r,
                    const struct stored_submission *s, bool rejected, int64_t sign,
                    const struct findings_override *const *ov, size_t nov)
{
	struct reading rd;
	size_t i, h;

	rd.fm = &w->fm[fi];
	rd.block = rd.fm->cnt + r * rd.fm->block;
	if (rejected) {
		rd.block[F_REJECTED] += sign;
		return;
	}
	rd.critical = false;
	rd.category = -1;
	rd.next = 0;
	rd.sign = sign;
	rd.block[F_REPORTS] += sign;
	h = findings_hour_slot(w, findings_hour_key(s->observed_at));
	w->hour_cnt[(h * w->nforms + fi) * w->nblocks + r] += sign;
	for (i = 0; i < nov; i++)
		rd.fm->mark[ov[i]->question] =
		    ov[i]->resolved ? MARK_RESOLVED : MARK_CONTESTED;
	answers_scan(s->answers, on_answer, &rd);
	for (i = 0; i < nov; i++) {
		const struct findings_override *o = ov[i];
		if (o->resolved && rd.fm->mark[o->question] == MARK_RESOLVED) {
			count_answer(&rd, o->question, o->value);
			rd.block[rd.fm->qs[o->question].off + C_RESOLVED] += sign;
		}
		rd.fm->mark[o->question] = 0;
	}
	rd.block[F_CRITICAL] += rd.critical * sign;
	if (rd.fm->category >= 0 && rd.category >= 0) {
		rd.block[F_CATEGORIES + 2 * (size_t)rd.category] += sign;
		rd.block[F_CATEGORIES + 2 * (size_t)rd.category + 1] +=
		    rd.critical * sign;
	} else if (rd.fm->category >= 0) {
		rd.block[F_UNCATEGORISED] += sign;
	}
}

void findings_add(struct findings *f, const struct stored_submission *s)
{
	struct findings_work *w = f->work;
	size_t i, n = 0, r;
	uintptr_t fi;
	bool rejected;

	if (!w || s->superseded_by || !s->form)
		return;
	fi = (uintptr_t)strmap_get(&w->codes, s->form);
	if (!fi)
		return;
	r = region_map_of(w->rm, s->station);
	if (r >= w->rm->nregions)
		r = w->rm->nregions; /* outside any region (or not a location) */
	if (w->only_region != (size_t)-1 && r != w->only_region)
		return;
	rejected = s->status && !strcmp(s->status, "rejected");
	if (rejected)
		f->rejected++;
	else
		f->reports++;
	/* The report's overrides of its form, in the order of the chain. */
	for (i = rejected ? OV_NONE : overrides_of(w, s->id); i != OV_NONE;
	     i = w->ov[i].next) {
		if (w->ov[i].form != fi - 1)
			continue;
		if (n == w->cap_ovbuf) {
			w->cap_ovbuf = w->cap_ovbuf ? 2 * w->cap_ovbuf : 16;
			w->ovbuf = xrealloc(w->ovbuf, w->cap_ovbuf * sizeof(*w->ovbuf));
		}
		w->ovbuf[n++] = &w->ov[i];
	}
	findings_tally(w, fi - 1, r, s, rejected, 1, w->ovbuf, n);
}
