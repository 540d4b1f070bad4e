/* findings_chart.c - the findings as bars with their intervals
 * (findings_chart.h), drawn by chart_bars like the statement's. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "report/chart_bars.h"
#include "report/findings_chart.h"

/* Text in f's language: ru or en. */
static const char *tr(const struct findings *f, const char *en, const char *ru)
{
	return f->lang && !strcmp(f->lang, "ru") ? ru : en;
}

struct bars {
	struct chart_bar *v;
	char (*labels)[160];
	char (*notes)[16];
	size_t n, cap;
};

/* Characters a label may have: the width of chart_bars' label column. */
#define LABEL_CHARS 36

/* The bytes of the first max characters of UTF-8 text s. */
static size_t utf8_prefix(const char *s, size_t max)
{
	size_t i = 0, chars = 0;

	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	}
	return i;
}

static void bar(struct bars *b, const char *label, int64_t n,
                const struct findings_cell *c, const struct findings *f)
{
	char count[32];
	size_t room, keep, chars = 0;

	if (!c->observations || !c->negative_share.defined || b->n == b->cap)
		return;
	/* A long label is cut, with an ellipsis, to fit its column: the
	 * table beside the chart has the whole text. */
	snprintf(count, sizeof(count), " (n = %lld)", (long long)n);
	for (const char *p = label; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	room = LABEL_CHARS > strlen(count) + 1 ? LABEL_CHARS - strlen(count) : 1;
	keep = utf8_prefix(label, chars > room ? room - 1 : room);
	snprintf(b->labels[b->n], sizeof(b->labels[0]), "%.*s%s%s", (int)keep, label,
	         chars > room ? "…" : "", count);
	snprintf(b->notes[b->n], sizeof(b->notes[0]), "%.1f%%",
	         100 * c->negative_share.share);
	(void)f;
	b->v[b->n] = (struct chart_bar){.label = b->labels[b->n],
	                                .value = 100 * c->negative_share.share,
	                                .has_interval = true,
	                                .low = 100 * c->negative_share.low,
	                                .high = 100 * c->negative_share.high,
	                                .note = b->notes[b->n]};
	b->n++;
}

static const struct findings_question *question_of(const struct findings_form *fm,
                                                   const char *tag)
{
	for (size_t i = 0; i < fm->nquestions; i++)
		if (!strcmp(fm->questions[i].tag, tag))
			return &fm->questions[i];
	return NULL;
}

enum status findings_chart_svg(const struct findings *f, const char *question,
                               struct buf *out, struct err *e)
{
	const struct findings_form *fm = f->form && f->nforms ? &f->forms[0] : NULL;
	const struct findings_question *q = NULL;
	char title[256], label[200];
	struct chart_bars c = {
	    .x_title = tr(f, "share of observations answered negatively",
	                  "доля наблюдений с отрицательным ответом"),
	    .bar_legend = tr(f, "share", "доля"),
	    .whisker_legend =
	        tr(f, "95% confidence interval", "95% доверительный интервал"),
	};
	struct bars b = {0};
	enum status rc;

	if (question && !fm)
		return err_set(e, ST_INVALID, "question: give the form it is of");
	if (question) {
		q = question_of(fm, question);
		if (!q || !q->has_negative)
			return err_set(
			    e, ST_NOT_FOUND,
			    "question: form %s has no question %s with negative "
			    "answers",
			    fm->code, question);
	}
	b.cap = q ? f->nregions : fm ? fm->nquestions : f->nforms;
	b.v = xcalloc(b.cap + 1, sizeof(*b.v));
	b.labels = xcalloc(b.cap + 1, sizeof(*b.labels));
	b.notes = xcalloc(b.cap + 1, sizeof(*b.notes));
	if (q) {
		snprintf(title, sizeof(title), "%s %s. %s",
		         tr(f, "By region:", "По регионам:"), q->tag, q->text);
		for (size_t i = 0; i < f->nregions; i++)
			bar(&b,
			    f->regions[i].name
			        ? f->regions[i].name
			        : tr(f, "outside any region", "вне регионов"),
			    q->regions[i].observations, &q->regions[i], f);
	} else if (fm) {
		snprintf(title, sizeof(title), "%s: %s", fm->name,
		         tr(f, "negative observations by question",
		            "отрицательные наблюдения по вопросам"));
		for (size_t i = 0; i < fm->nquestions; i++) {
			const struct findings_question *x = &fm->questions[i];
			if (!x->has_negative)
				continue;
			snprintf(label, sizeof(label), "%s. %s", x->tag, x->text);
			bar(&b, label, x->total.observations, &x->total, f);
		}
	} else {
		snprintf(title, sizeof(title), "%s",
		         tr(f, "Negative assessments by phase",
		            "Отрицательные оценки по этапам"));
		c.x_title = tr(f, "share of observations assessed bad or very bad",
		               "доля наблюдений с оценкой «плохо» или «очень плохо»");
		for (size_t i = 0; i < f->nforms; i++)
			if (f->forms[i].rating)
				bar(&b, f->forms[i].name,
				    f->forms[i].rating->total.observations,
				    &f->forms[i].rating->total, f);
	}
	c.title = title;
	c.bars = b.v;
	c.n = b.n;
	rc = b.n ? chart_bars_svg(&c, out, e)
	         : err_set(e, ST_NOT_FOUND,
	                   "nothing to draw: no observations with "
	                   "negative answers");
	free(b.v);
	free(b.labels);
	free(b.notes);
	return rc;
}
