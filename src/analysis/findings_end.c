/* findings_end.c - from counters to findings: the regions shown, the
 * totals, the Wilson intervals, the labels and texts in the language
 * asked for, and the hours; everything copied into the result's arena so
 * that the forms and the region map may go. */
#include <stdio.h>
#include <string.h>

#include "analysis/findings_int.h"
#include "core/alloc.h"

static void work_free(struct findings_work *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nforms; i++)
		free(w->fm[i].cnt);
	free(w->ov);
	free(w->ov_heads);
	free(w->hour_keys);
	free(w->hour_cnt);
	free(w->ovbuf);
	strmap_release(&w->codes);
	arena_release(&w->arena);
	free(w);
}

/* The regions shown and, for each, its block of counters. */
static size_t *make_regions(struct findings *f)
{
	struct findings_work *w = f->work;
	const struct region_map *rm = w->rm;
	size_t outside = rm->nregions, n = 0, *blocks;
	bool outside_used = false;

	for (size_t i = 0; i < w->nforms; i++)
		outside_used = outside_used ||
		               w->fm[i].cnt[outside * w->fm[i].block + F_REPORTS] > 0;
	blocks = arena_alloc(&w->arena, (rm->nregions + 1) * sizeof(*blocks));
	if (w->only_region != (size_t)-1) {
		blocks[n++] = w->only_region;
	} else {
		for (size_t r = 0; r < rm->nregions; r++)
			blocks[n++] = r;
		if (outside_used)
			blocks[n++] = outside;
	}
	f->nregions = n;
	f->regions = arena_alloc(&f->arena, (n ? n : 1) * sizeof(*f->regions));
	for (size_t k = 0; k < n; k++) {
		bool in = blocks[k] < rm->nregions;
		f->regions[k].code =
		    in ? arena_strdup(&f->arena, rm->regions[blocks[k]].code) : NULL;
		f->regions[k].name =
		    in ? arena_strdup(&f->arena, rm->regions[blocks[k]].name) : NULL;
	}
	return blocks;
}

static const struct findings_value *make_values(struct findings *f,
                                                const struct findings_qmeta *m)
{
	struct findings_value *v =
	    arena_alloc(&f->arena, (m->nvalues ? m->nvalues : 1) * sizeof(*v));

	for (size_t k = 0; k < m->nvalues; k++) {
		json_t *j = m->q->type == QT_SELECT_MULTIPLE
		                ? json_pack("[I]", (json_int_t)m->values[k])
		                : json_integer(m->values[k]);
		char *label = form_answer_label(m->q, j, f->lang);
		v[k].value = m->values[k];
		v[k].label = arena_strdup(&f->arena, label);
		v[k].negative = m->negative[k];
		v[k].critical = m->critical[k];
		free(label);
		json_decref(j);
	}
	return v;
}

/* A question's cell from its counters c (a block's, copied to the arena). */
static void make_cell(const struct findings *f, const int64_t *c,
                      struct findings_cell *out)
{
	out->observations = c[C_OBS];
	out->negative = c[C_NEG];
	out->critical = c[C_CRIT];
	out->negative_share = findings_wilson(c[C_NEG], c[C_OBS], f->z);
	out->counts = c + C_VALUES;
}

static void make_question(struct findings *f, const struct findings_fmeta *fm, size_t qi,
                          int64_t *const *blocks, const int64_t *total,
                          struct findings_question *out)
{
	const struct findings_qmeta *m = &fm->qs[qi];
	const int64_t *t = total + m->off;
	struct findings_cell *cells =
	    arena_alloc(&f->arena, (f->nregions ? f->nregions : 1) * sizeof(*cells));

	out->tag = arena_strdup(&f->arena, m->q->tag);
	out->text = arena_strdup(&f->arena, form_text(&m->q->text, f->lang));
	out->type = m->q->type;
	out->has_negative = m->q->nnegative > 0;
	out->has_critical = m->q->ncritical > 0;
	out->values = make_values(f, m);
	out->nvalues = m->nvalues;
	make_cell(f, t, &out->total);
	for (size_t k = 0; k < f->nregions; k++)
		make_cell(f, blocks[k] + m->off, &cells[k]);
	out->regions = cells;
	out->resolved = t[C_RESOLVED];
	out->contested = t[C_CONTESTED];
	out->left_out = t[C_LEFT];
}

static void make_categories(struct findings *f, const struct findings_fmeta *fm,
                            int64_t *const *blocks, const int64_t *total,
                            struct findings_form *out)
{
	const struct findings_qmeta *m = &fm->qs[fm->category];
	struct findings_category *cats =
	    arena_alloc(&f->arena, (m->nvalues ? m->nvalues : 1) * sizeof(*cats));

	for (size_t k = 0; k < m->nvalues; k++) {
		size_t at = F_CATEGORIES + 2 * k;
		int64_t *rr = arena_alloc(&f->arena, (f->nregions + 1) * sizeof(*rr));
		int64_t *rc = arena_alloc(&f->arena, (f->nregions + 1) * sizeof(*rc));
		cats[k].value = out->category->values[k].value;
		cats[k].label = out->category->values[k].label;
		cats[k].critical_value = m->critical[k];
		cats[k].reports = total[at];
		cats[k].critical = total[at + 1];
		for (size_t r = 0; r < f->nregions; r++) {
			rr[r] = blocks[r][at];
			rc[r] = blocks[r][at + 1];
		}
		cats[k].region_reports = rr;
		cats[k].region_critical = rc;
	}
	out->categories = cats;
	out->ncategories = m->nvalues;
	out->uncategorised = total[F_UNCATEGORISED];
}

static void make_hours(struct findings *f, size_t fi, struct findings_form *out)
{
	const struct findings_work *w = f->work;
	struct findings_hour *h =
	    arena_alloc(&f->arena, (w->nhours ? w->nhours : 1) * sizeof(*h));
	size_t n = 0;

	for (size_t i = 0; i < w->nhours; i++) {
		int64_t c = 0, k = w->hour_keys[i];
		char label[32];
		for (size_t b = 0; b < w->nblocks; b++)
			c += w->hour_cnt[(i * w->nforms + fi) * w->nblocks + b];
		if (!c)
			continue;
		h[n].hour = NULL;
		if (k != INT64_MAX) {
			snprintf(label, sizeof(label), "%04d-%02d-%02dT%02d",
			         (int)(k / 1000000), (int)(k / 10000 % 100),
			         (int)(k / 100 % 100), (int)(k % 100));
			h[n].hour = arena_strdup(&f->arena, label);
		}
		h[n++].reports = c;
	}
	out->hours = h;
	out->nhours = n;
}

static void make_form(struct findings *f, size_t fi, const size_t *shown)
{
	struct findings_work *w = f->work;
	const struct findings_fmeta *fm = &w->fm[fi];
	const struct form *form = fm->form;
	struct findings_form *out = &f->forms[fi];
	struct findings_question *qs = arena_alloc(
	    &f->arena, (form->nquestions ? form->nquestions : 1) * sizeof(*qs));
	int64_t *total = arena_alloc(&f->arena, fm->block * sizeof(*total));
	int64_t **blocks =
	    arena_alloc(&w->arena, (f->nregions ? f->nregions : 1) * sizeof(*blocks));
	int64_t *rr = arena_alloc(&f->arena, (f->nregions + 1) * sizeof(*rr));
	int64_t *rc = arena_alloc(&f->arena, (f->nregions + 1) * sizeof(*rc));

	/* The shown regions' blocks, copied; the total adds up every block
	 * (the others are empty when one region is asked for). */
	memset(total, 0, fm->block * sizeof(*total));
	for (size_t b = 0; b < w->nblocks; b++)
		for (size_t i = 0; i < fm->block; i++)
			total[i] += fm->cnt[b * fm->block + i];
	for (size_t k = 0; k < f->nregions; k++) {
		blocks[k] = arena_alloc(&f->arena, fm->block * sizeof(**blocks));
		memcpy(blocks[k], fm->cnt + shown[k] * fm->block,
		       fm->block * sizeof(**blocks));
		rr[k] = blocks[k][F_REPORTS];
		rc[k] = blocks[k][F_CRITICAL];
	}
	memset(out, 0, sizeof(*out));
	out->code = arena_strdup(&f->arena, form->code);
	out->name = arena_strdup(&f->arena, form_text(&form->name, f->lang));
	out->kind = form_kind_str(form->kind);
	out->phase = form_phase_str(form->phase);
	out->reports = total[F_REPORTS];
	out->critical = total[F_CRITICAL];
	out->region_reports = rr;
	out->region_critical = rc;
	for (size_t q = 0; q < form->nquestions; q++)
		make_question(f, fm, q, blocks, total, &qs[q]);
	out->questions = qs;
	out->nquestions = form->nquestions;
	out->rating = fm->rating >= 0 ? &qs[fm->rating] : NULL;
	if (fm->category >= 0) {
		out->category = &qs[fm->category];
		make_categories(f, fm, blocks, total, out);
	}
	make_hours(f, fi, out);
}

void findings_end(struct findings *f)
{
	struct findings_work *w = f->work;
	const size_t *shown;

	if (!w)
		return;
	shown = make_regions(f);
	f->nforms = w->nforms;
	f->forms =
	    arena_alloc(&f->arena, (w->nforms ? w->nforms : 1) * sizeof(*f->forms));
	for (size_t i = 0; i < w->nforms; i++)
		make_form(f, i, shown);
	work_free(w);
	f->work = NULL;
}

void findings_release(struct findings *f)
{
	work_free(f->work);
	arena_release(&f->arena);
	memset(f, 0, sizeof(*f));
}
