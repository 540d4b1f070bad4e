/* statement_findings.c - the statement's findings by phase: each
 * checklist's overall rating as the sentence missions publish, with its
 * base and interval, the questions most often answered negatively, a
 * table of the phases and (in HTML) their chart. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "report/chart_bars.h"
#include "report/findings_text.h"
#include "report/statement_sections.h"

#define TOP_QUESTIONS 3 /* the problems named for each phase */

/* The phase's name, or the form's for a form of no phase. */
static const char *phase_label(struct sdoc *d, const struct findings_form *fm)
{
	static const char *const phases[] = {"opening", "voting", "counting",
	                                     "tabulation"};
	static const char *const en[] = {"Opening", "Voting", "Counting", "Tabulation"};
	static const char *const ru[] = {"Открытие участков", "Голосование",
	                                 "Подсчёт голосов", "Установление итогов"};

	for (int i = 0; i < 4; i++)
		if (fm->phase && !strcmp(fm->phase, phases[i]))
			return sdoc_tr(d, en[i], ru[i]);
	return fm->name;
}

static bool has_headline(const struct findings_form *fm)
{
	return fm->rating != NULL;
}

/* Questions by negative share, largest first; then more observations, then
 * form order. */
static int by_share(const void *a, const void *b)
{
	const struct findings_question *x = *(const struct findings_question *const *)a;
	const struct findings_question *y = *(const struct findings_question *const *)b;
	double sx = x->total.negative_share.share, sy = y->total.negative_share.share;

	if (sx != sy)
		return sx < sy ? 1 : -1;
	if (x->total.observations != y->total.observations)
		return x->total.observations < y->total.observations ? 1 : -1;
	return x < y ? -1 : x > y;
}

static void top_questions(struct sdoc *d, const struct findings_form *fm)
{
	const struct findings_question **q = xcalloc(fm->nquestions + 1, sizeof(*q));
	size_t n = 0;

	for (size_t i = 0; i < fm->nquestions; i++) {
		const struct findings_question *x = &fm->questions[i];
		if (x == fm->rating || !x->has_negative || x->total.negative <= 0)
			continue;
		q[n++] = x;
	}
	qsort(q, n, sizeof(*q), by_share);
	if (!n) {
		sdoc_para(
		    d,
		    sdoc_tr(d, "No question of this checklist was answered negatively.",
		            "Ни на один вопрос этого контрольного листа не дан "
		            "отрицательный ответ."));
		free(q);
		return;
	}
	sdoc_para(d, sdoc_tr(d, "The problems observers reported most often:",
	                     "Чаще всего наблюдатели отмечали:"));
	sdoc_list_begin(d);
	for (size_t i = 0; i < n && i < TOP_QUESTIONS; i++) {
		const struct findings_cell *c = &q[i]->total;
		sdoc_item_begin(d);
		sdoc_textf(
		    d,
		    sdoc_tr(d, "“%s”: answered negatively in %s of %s %s (95%% CI %s).",
		            "«%s»: отрицательный ответ в %s из %s %s (95%% ДИ %s)."),
		    q[i]->text, sdoc_pct(d, c->negative_share.share, 1),
		    sdoc_num(d, c->observations),
		    sdoc_plural(d, c->observations, "observation", "observations",
		                "наблюдения", "наблюдений", "наблюдений"),
		    sdoc_interval(d, c->negative_share.low, c->negative_share.high));
		sdoc_item_end(d);
	}
	sdoc_list_end(d);
	free(q);
}

static void phases_table(struct sdoc *d, const struct findings *f)
{
	const char *head[5] = {
	    sdoc_tr(d, "Phase", "Этап"), sdoc_tr(d, "Reports", "Отчёты"),
	    sdoc_tr(d, "Rated", "С оценкой"), sdoc_tr(d, "Negative", "Отрицательно"),
	    sdoc_tr(d, "95% CI", "95% ДИ")};
	static const bool right[5] = {false, true, true, true, true};

	sdoc_table_begin(d, 5, head, right);
	for (size_t i = 0; i < f->nforms; i++) {
		const struct findings_form *fm = &f->forms[i];
		const struct findings_cell *c;
		const char *row[5];
		char cell[128];
		if (!has_headline(fm))
			continue;
		c = &fm->rating->total;
		row[0] = phase_label(d, fm);
		row[1] = sdoc_num(d, fm->reports);
		row[2] = sdoc_num(d, c->observations);
		row[3] = row[4] = "–";
		if (c->negative_share.defined) {
			snprintf(cell, sizeof(cell), "%s (%s)",
			         sdoc_pct(d, c->negative_share.share, 1),
			         sdoc_num(d, c->negative));
			row[3] = cell;
			row[4] = sdoc_interval(d, c->negative_share.low,
			                       c->negative_share.high);
		}
		sdoc_table_row(d, row);
	}
	sdoc_table_end(d);
}

static void phases_chart(struct sdoc *d, const struct findings *f, size_t nphases)
{
	struct chart_bar *bars = xcalloc(nphases + 1, sizeof(*bars));
	char(*labels)[128] = xcalloc(nphases + 1, sizeof(*labels));
	char(*notes)[32] = xcalloc(nphases + 1, sizeof(*notes));
	struct chart_bars c = {
	    .title = sdoc_tr(d, "Negative assessments by phase",
	                     "Отрицательные оценки по этапам"),
	    .x_title = sdoc_tr(d, "share of observations assessed bad or very bad",
	                       "доля наблюдений с оценкой «плохо» или «очень плохо»"),
	    .bar_legend = sdoc_tr(d, "share", "доля"),
	    .whisker_legend =
	        sdoc_tr(d, "95% confidence interval", "95% доверительный интервал"),
	    .bars = bars,
	};
	struct buf svg;
	struct err e;

	for (size_t i = 0; i < f->nforms; i++) {
		const struct findings_form *fm = &f->forms[i];
		const struct findings_cell *cell;
		struct chart_bar *b;
		if (!has_headline(fm) || !fm->rating->total.negative_share.defined)
			continue;
		cell = &fm->rating->total;
		b = &bars[c.n];
		snprintf(labels[c.n], sizeof(labels[0]), "%s (n = %s)",
		         phase_label(d, fm), sdoc_num(d, cell->observations));
		snprintf(notes[c.n], sizeof(notes[0]), "%s",
		         sdoc_pct(d, cell->negative_share.share, 1));
		*b = (struct chart_bar){.label = labels[c.n],
		                        .value = 100 * cell->negative_share.share,
		                        .has_interval = true,
		                        .low = 100 * cell->negative_share.low,
		                        .high = 100 * cell->negative_share.high,
		                        .note = notes[c.n]};
		c.n++;
	}
	buf_init(&svg, 1 << 20);
	if (c.n && !chart_bars_svg(&c, &svg, &e))
		sdoc_figure(d, svg.ptr, c.title);
	buf_release(&svg);
	free(bars);
	free(labels);
	free(notes);
}

void statement_findings_section(struct sdoc *d, const struct findings *f)
{
	size_t nphases = 0;
	char line[1024];

	sdoc_heading(d, 2,
	             sdoc_tr(d, "Election day: findings by phase",
	                     "День голосования: выводы по этапам"));
	for (size_t i = 0; i < f->nforms; i++)
		nphases += has_headline(&f->forms[i]);
	if (!nphases) {
		sdoc_para(
		    d, sdoc_tr(d, "The mission has no checklist with an overall rating.",
		               "У миссии нет контрольных листов с общей оценкой."));
		return;
	}
	sdoc_para_begin(d);
	sdoc_text(d,
	          sdoc_tr(d,
	                  "Each checklist ends with the observers' overall rating of "
	                  "what they saw: very good, good, bad or very bad. A phase was "
	                  "assessed negatively where the rating was bad or very bad; "
	                  "the share is of the observations that gave a rating, with "
	                  "its 95% confidence interval.",
	                  "Каждый контрольный лист завершается общей оценкой "
	                  "наблюдателя: очень хорошо, хорошо, плохо или очень плохо. "
	                  "Отрицательная оценка — «плохо» или «очень плохо»; доля "
	                  "считается от наблюдений с оценкой и приводится с 95% "
	                  "доверительным интервалом."));
	sdoc_ref(d, METHOD_FINDINGS);
	sdoc_para_end(d);
	phases_table(d, f);
	phases_chart(d, f, nphases);
	for (size_t i = 0; i < f->nforms; i++) {
		const struct findings_form *fm = &f->forms[i];
		if (!has_headline(fm))
			continue;
		sdoc_heading(d, 3, phase_label(d, fm));
		findings_text_headline(fm, d->lang, line, sizeof(line));
		sdoc_para_begin(d);
		sdoc_text(d, line);
		sdoc_ref(d, METHOD_FINDINGS);
		sdoc_para_end(d);
		top_questions(d, fm);
	}
}
