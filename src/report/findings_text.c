/* findings_text.c - the findings as sentences and tables for the terminal
 * and the statement, in English or Russian. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "report/findings_text.h"
#include "report/text_cell.h"

#define QUESTION_W     44 /* widest question text before it is cut */
#define REGION_W       36 /* widest region label before it is cut */
#define LABEL_W        36 /* widest category label before it is cut */
#define LINE_W         96 /* answers wrap before this many characters */
#define ANSWERS_INDENT "         "

/* ---- words ---- */

struct words {
	const char *decimal, *group; /* decimal point, thousands separator */
	const char *head, *rejected, *all_regions, *one_region, *statement;
	const char *reports_one, *reports_many, *critical_reports;
	const char *tag, *question, *answered, *negative, *ci;
	const char *rating_by_region, *region, *total, *no_region;
	const char *category, *reports, *critical, *by_region, *uncategorised;
	const char *hours, *hour, *no_time, *resolved, *contested, *left_out;
	const char *incidents, *no_forms;
};

static const struct words en = {
    ".",
    ",",
    "Findings of %s: %s reports counted (current versions)",
    "; %s rejected left out",
    "Regions: all",
    "Region: %s",
    "Statement",
    "report",
    "reports",
    "with a critical answer",
    "Tag",
    "Question",
    "Answered",
    "Negative",
    "95% CI",
    "Overall rating (%s) by region",
    "Region",
    "all regions",
    "(no region)",
    "Category",
    "Reports",
    "Critical",
    "Incidents by region",
    "without a category",
    "Reports by hour of observation (local time as written in each report)",
    "Hour",
    "no time",
    "resolved by a clerk",
    "in open conflicts",
    "not fitting the form",
    "Incidents reported on form %s: %s; critical: %s",
    "The mission has no forms to report on.",
};

static const struct words ru = {
    ",",
    "\u00a0",
    "Выводы наблюдения %s: учтено отчётов: %s (текущие версии)",
    "; отклонённые не учтены: %s",
    "Регионы: все",
    "Регион: %s",
    "Для заявления",
    "отчёт",
    "отчётов",
    "с критическим ответом",
    "Метка",
    "Вопрос",
    "Ответили",
    "Отриц.",
    "95% ДИ",
    "Общая оценка (%s) по регионам",
    "Регион",
    "все регионы",
    "(вне регионов)",
    "Категория",
    "Отчёты",
    "Критич.",
    "Инциденты по регионам",
    "без категории",
    "Отчёты по часу наблюдения (местное время, как указано в отчёте)",
    "Час",
    "без времени",
    "решено клерком",
    "в открытых конфликтах",
    "не подходит к форме",
    "Сообщено об инцидентах (форма %s): %s; критических: %s",
    "У миссии нет форм для выводов.",
};

static bool russian(const char *lang)
{
	return lang && !strcmp(lang, "ru");
}

static const struct words *words_for(const char *lang)
{
	return russian(lang) ? &ru : &en;
}

/* ---- numbers ---- */

void findings_text_count(int64_t n, const char *lang, char *buf, size_t size)
{
	const char *sep = words_for(lang)->group;
	char digits[32];
	size_t len, used = 0;
	bool neg = n < 0;

	snprintf(digits, sizeof(digits), "%llu",
	         neg ? 0 - (unsigned long long)n : (unsigned long long)n);
	len = strlen(digits);
	if (size)
		buf[0] = '\0';
	if (neg)
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "-");
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			used += (size_t)snprintf(
			    buf + used, used < size ? size - used : 0, "%s", sep);
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%c",
		                         digits[i]);
	}
}

void findings_text_percent(double share, int decimals, const char *lang, char *buf,
                           size_t size)
{
	double scale = 100.0;
	long long units, whole, frac, pow10 = 1;

	for (int i = 0; i < decimals; i++) {
		scale *= 10.0;
		pow10 *= 10;
	}
	units = (long long)floor(share * scale + 0.5);
	whole = units / pow10;
	frac = units % pow10;
	if (decimals > 0)
		snprintf(buf, size, "%lld%s%0*lld", whole, words_for(lang)->decimal,
		         decimals, frac);
	else
		snprintf(buf, size, "%lld", whole);
}

/* "5.7–8.5%" */
static void interval(const struct findings_share *s, const char *lang, char *buf,
                     size_t size)
{
	char lo[32], hi[32];

	findings_text_percent(s->low, 1, lang, lo, sizeof(lo));
	findings_text_percent(s->high, 1, lang, hi, sizeof(hi));
	snprintf(buf, size, "%s–%s%%", lo, hi);
}

/* ---- the statement ---- */

/* What the overall rating of a form of this phase assesses. */
static const char *subject(const struct findings_form *fm, const char *lang)
{
	static const char *const phases[] = {"opening", "voting", "counting",
	                                     "tabulation"};
	static const char *const en_subj[] = {"The opening", "Voting", "The count",
	                                      "Tabulation"};
	static const char *const ru_subj[] = {"Открытие участков", "Голосование",
	                                      "Подсчёт голосов", "Установление итогов"};

	for (int i = 0; i < 4; i++)
		if (!strcmp(fm->phase, phases[i]))
			return russian(lang) ? ru_subj[i] : en_subj[i];
	return fm->name;
}

/* The share in whole percent, or to one decimal where whole percent would
 * show 0 or 100 for a share that is neither, with ">" or "<" where even
 * that would. */
static void headline_percent(const struct findings_cell *c, const char *lang, char *buf,
                             size_t size)
{
	double p = c->negative_share.share;
	char num[32];

	findings_text_percent(p, 0, lang, num, sizeof(num));
	if ((!strcmp(num, "0") && c->negative > 0) ||
	    (!strcmp(num, "100") && c->negative < c->observations)) {
		findings_text_percent(p, 1, lang, num, sizeof(num));
		if (c->negative > 0 && floor(p * 1000.0 + 0.5) == 0.0)
			snprintf(num, sizeof(num), "<0%s1", words_for(lang)->decimal);
		else if (c->negative < c->observations &&
		         floor(p * 1000.0 + 0.5) == 1000.0)
			snprintf(num, sizeof(num), ">99%s9", words_for(lang)->decimal);
	}
	snprintf(buf, size, "%s%%", num);
}

void findings_text_headline(const struct findings_form *fm, const char *lang, char *buf,
                            size_t size)
{
	const struct findings_cell *c;
	char pct[32], n[48], ci[64];
	bool one;

	if (size)
		buf[0] = '\0';
	if (!fm->rating)
		return;
	c = &fm->rating->total;
	if (!c->observations) {
		snprintf(buf, size,
		         russian(lang) ? "%s: наблюдений пока нет."
		                       : "%s: no observations yet.",
		         subject(fm, lang));
		return;
	}
	headline_percent(c, lang, pct, sizeof(pct));
	findings_text_count(c->observations, lang, n, sizeof(n));
	interval(&c->negative_share, lang, ci, sizeof(ci));
	if (russian(lang)) {
		one = c->observations % 10 == 1 && c->observations % 100 != 11;
		snprintf(
		    buf, size, "%s: отрицательная оценка в %s из %s %s (95%% ДИ %s).",
		    subject(fm, lang), pct, n, one ? "наблюдения" : "наблюдений", ci);
	} else {
		one = c->observations == 1;
		snprintf(
		    buf, size,
		    "%s was assessed negatively in %s of %s observation%s (95%% CI %s).",
		    subject(fm, lang), pct, n, one ? "" : "s", ci);
	}
}

static void incidents_sentence(const struct findings_form *fm, const char *lang,
                               FILE *out)
{
	const struct words *w = words_for(lang);
	char n[48], c[48];
	bool first = true;

	findings_text_count(fm->reports, lang, n, sizeof(n));
	findings_text_count(fm->critical, lang, c, sizeof(c));
	fputs("  ", out);
	fprintf(out, w->incidents, fm->code, n, c);
	for (size_t k = 0; k < fm->ncategories; k++) {
		const struct findings_category *cat = &fm->categories[k];
		if (!cat->critical)
			continue;
		findings_text_count(cat->critical, lang, c, sizeof(c));
		fprintf(out, "%s%s: %s", first ? " (" : "; ", cat->label, c);
		first = false;
	}
	fputs(first ? ".\n" : ").\n", out);
}

static void write_statement(const struct findings *f, FILE *out)
{
	const struct words *w = words_for(f->lang);
	char line[1024];

	fprintf(out, "\n%s\n", w->statement);
	for (size_t i = 0; i < f->nforms; i++) {
		const struct findings_form *fm = &f->forms[i];
		if (fm->rating) {
			findings_text_headline(fm, f->lang, line, sizeof(line));
			fprintf(out, "  %s\n", line);
		} else if (fm->category) {
			incidents_sentence(fm, f->lang, out);
		}
	}
}

/* ---- tables ---- */

static void region_label(const struct findings_region *r, const char *lang, char *buf,
                         size_t size)
{
	if (!r->code)
		snprintf(buf, size, "%s", words_for(lang)->no_region);
	else if (r->name && strcmp(r->name, r->code))
		snprintf(buf, size, "%s  %s", r->code, r->name);
	else
		snprintf(buf, size, "%s", r->code);
}

static void put_num(FILE *out, int64_t n, const char *lang, size_t width)
{
	char buf[48];

	findings_text_count(n, lang, buf, sizeof(buf));
	text_cell_put(out, buf, width, TEXT_CELL_RIGHT);
}

/* "  275     2.2%  1.0–4.7%": answered, negative share and interval. */
static void put_share(FILE *out, const struct findings_question *q,
                      const struct findings_cell *c, const char *lang)
{
	char num[32], pct[40], ci[80];

	fputc(' ', out);
	put_num(out, c->observations, lang, 9);
	if (!q->has_negative || !c->negative_share.defined) {
		fputs("         –\n", out);
		return;
	}
	findings_text_percent(c->negative_share.share, 1, lang, num, sizeof(num));
	snprintf(pct, sizeof(pct), "%s%%", num);
	interval(&c->negative_share, lang, ci, sizeof(ci));
	fputc(' ', out);
	text_cell_put(out, pct, 9, TEXT_CELL_RIGHT);
	fprintf(out, "  %s\n", ci);
}

/* "yes 269 (97.8%) · no 6 (2.2%)", and what conflicts changed. */
static void put_answers(FILE *out, const struct findings_question *q, const char *lang)
{
	const struct words *w = words_for(lang);
	char n[48], pct[40];
	bool any = false;

	size_t col = 0;

	for (size_t k = 0; k < q->nvalues; k++) {
		char item[1024];
		size_t iw;
		findings_text_count(q->total.counts[k], lang, n, sizeof(n));
		pct[0] = '\0';
		if (q->total.observations)
			findings_text_percent((double)q->total.counts[k] /
			                          (double)q->total.observations,
			                      1, lang, pct, sizeof(pct));
		snprintf(item, sizeof(item), "%s %s%s%s%s", q->values[k].label, n,
		         *pct ? " (" : "", pct, *pct ? "%)" : "");
		iw = text_cell_width(item);
		if (!k) {
			fputs(ANSWERS_INDENT, out);
			col = sizeof(ANSWERS_INDENT) - 1;
		} else if (col + 3 + iw > LINE_W) {
			fputs("\n" ANSWERS_INDENT, out);
			col = sizeof(ANSWERS_INDENT) - 1;
		} else {
			fputs(" · ", out);
			col += 3;
		}
		text_cell_put(out, item, iw, TEXT_CELL_LEFT);
		col += iw;
		any = true;
	}
	if (q->resolved || q->contested || q->left_out) {
		const char *sep = any ? "  [" : ANSWERS_INDENT "[";
		if (q->resolved) {
			findings_text_count(q->resolved, lang, n, sizeof(n));
			fprintf(out, "%s%s %s", sep, n, w->resolved);
			sep = ", ";
		}
		if (q->contested) {
			findings_text_count(q->contested, lang, n, sizeof(n));
			fprintf(out, "%s%s %s", sep, n, w->contested);
			sep = ", ";
		}
		if (q->left_out) {
			findings_text_count(q->left_out, lang, n, sizeof(n));
			fprintf(out, "%s%s %s", sep, n, w->left_out);
		}
		fputs("]", out);
		any = true;
	}
	if (any)
		fputc('\n', out);
}

static void write_questions(const struct findings *f, const struct findings_form *fm,
                            FILE *out)
{
	const struct words *w = words_for(f->lang);
	size_t tw = text_cell_width(w->tag);

	for (size_t q = 0; q < fm->nquestions; q++)
		if (text_cell_width(fm->questions[q].tag) > tw)
			tw = text_cell_width(fm->questions[q].tag);
	tw += 2;
	fputs("  ", out);
	text_cell_put(out, w->tag, tw, TEXT_CELL_LEFT);
	text_cell_put(out, w->question, QUESTION_W, TEXT_CELL_LEFT);
	fputc(' ', out);
	text_cell_put(out, w->answered, 9, TEXT_CELL_RIGHT);
	fputc(' ', out);
	text_cell_put(out, w->negative, 9, TEXT_CELL_RIGHT);
	fprintf(out, "  %s\n", w->ci);
	for (size_t q = 0; q < fm->nquestions; q++) {
		const struct findings_question *fq = &fm->questions[q];
		fputs("  ", out);
		text_cell_put(out, fq->tag, tw, TEXT_CELL_LEFT);
		text_cell_put(out, fq->text, QUESTION_W, TEXT_CELL_LEFT);
		put_share(out, fq, &fq->total, f->lang);
		put_answers(out, fq, f->lang);
	}
}

static void write_rating_regions(const struct findings *f, const struct findings_form *fm,
                                 FILE *out)
{
	const struct words *w = words_for(f->lang);
	char label[512];

	fputs("\n  ", out);
	fprintf(out, w->rating_by_region, fm->rating->tag);
	fputs("\n  ", out);
	text_cell_put(out, w->region, REGION_W, TEXT_CELL_LEFT);
	fputc(' ', out);
	text_cell_put(out, w->answered, 9, TEXT_CELL_RIGHT);
	fputc(' ', out);
	text_cell_put(out, w->negative, 9, TEXT_CELL_RIGHT);
	fprintf(out, "  %s\n", w->ci);
	for (size_t r = 0; r < f->nregions; r++) {
		region_label(&f->regions[r], f->lang, label, sizeof(label));
		fputs("  ", out);
		text_cell_put(out, label, REGION_W, TEXT_CELL_LEFT);
		put_share(out, fm->rating, &fm->rating->regions[r], f->lang);
	}
	if (f->nregions > 1) {
		fputs("  ", out);
		text_cell_put(out, w->total, REGION_W, TEXT_CELL_LEFT);
		put_share(out, fm->rating, &fm->rating->total, f->lang);
	}
}

static void put_pair(FILE *out, const char *label, size_t width, int64_t a, int64_t b,
                     const char *lang)
{
	fputs("  ", out);
	text_cell_put(out, label, width, TEXT_CELL_LEFT);
	fputc(' ', out);
	put_num(out, a, lang, 9);
	fputc(' ', out);
	put_num(out, b, lang, 9);
	fputc('\n', out);
}

static void write_incidents(const struct findings *f, const struct findings_form *fm,
                            FILE *out)
{
	const struct words *w = words_for(f->lang);
	char head[128], label[512];

	snprintf(head, sizeof(head), "%s (%s)", w->category, fm->category->tag);
	fputc('\n', out);
	fputs("  ", out);
	text_cell_put(out, head, LABEL_W, TEXT_CELL_LEFT);
	fputc(' ', out);
	text_cell_put(out, w->reports, 9, TEXT_CELL_RIGHT);
	fputc(' ', out);
	text_cell_put(out, w->critical, 9, TEXT_CELL_RIGHT);
	fputc('\n', out);
	for (size_t k = 0; k < fm->ncategories; k++)
		put_pair(out, fm->categories[k].label, LABEL_W, fm->categories[k].reports,
		         fm->categories[k].critical, f->lang);
	if (fm->uncategorised)
		put_pair(out, w->uncategorised, LABEL_W, fm->uncategorised, 0, f->lang);
	fprintf(out, "\n  %s\n  ", w->by_region);
	text_cell_put(out, w->region, REGION_W, TEXT_CELL_LEFT);
	fputc(' ', out);
	text_cell_put(out, w->reports, 9, TEXT_CELL_RIGHT);
	fputc(' ', out);
	text_cell_put(out, w->critical, 9, TEXT_CELL_RIGHT);
	fputc('\n', out);
	for (size_t r = 0; r < f->nregions; r++) {
		region_label(&f->regions[r], f->lang, label, sizeof(label));
		put_pair(out, label, REGION_W, fm->region_reports[r],
		         fm->region_critical[r], f->lang);
	}
}

static void write_form(const struct findings *f, const struct findings_form *fm,
                       FILE *out)
{
	const struct words *w = words_for(f->lang);
	char n[48], c[48];

	findings_text_count(fm->reports, f->lang, n, sizeof(n));
	fprintf(out, "\n%s  %s: %s %s", fm->code, fm->name, n,
	        fm->reports == 1 && !russian(f->lang) ? w->reports_one : w->reports_many);
	if (fm->critical) {
		findings_text_count(fm->critical, f->lang, c, sizeof(c));
		fprintf(out, ", %s %s", c, w->critical_reports);
	}
	fputc('\n', out);
	write_questions(f, fm, out);
	if (fm->rating)
		write_rating_regions(f, fm, out);
	if (fm->category)
		write_incidents(f, fm, out);
}

/* One row per hour that any form has, one column per form. */
static void write_hours(const struct findings *f, FILE *out)
{
	const struct words *w = words_for(f->lang);
	size_t *at = xcalloc(f->nforms ? f->nforms : 1, sizeof(*at));

	fprintf(out, "\n%s\n  ", w->hours);
	text_cell_put(out, w->hour, 14, TEXT_CELL_LEFT);
	for (size_t i = 0; i < f->nforms; i++) {
		fputc(' ', out);
		text_cell_put(out, f->forms[i].code, 7, TEXT_CELL_RIGHT);
	}
	fputc('\n', out);
	for (;;) {
		const char *next = NULL;
		bool any = false;
		for (size_t i = 0; i < f->nforms; i++) {
			const struct findings_form *fm = &f->forms[i];
			if (at[i] >= fm->nhours)
				continue;
			any = true;
			if (fm->hours[at[i]].hour &&
			    (!next || strcmp(fm->hours[at[i]].hour, next) < 0))
				next = fm->hours[at[i]].hour;
		}
		if (!any)
			break;
		if (next) {
			char label[32];
			snprintf(label, sizeof(label), "%.10s %.2s", next, next + 11);
			fputs("  ", out);
			text_cell_put(out, label, 14, TEXT_CELL_LEFT);
		} else {
			fputs("  ", out);
			text_cell_put(out, w->no_time, 14, TEXT_CELL_LEFT);
		}
		for (size_t i = 0; i < f->nforms; i++) {
			const struct findings_form *fm = &f->forms[i];
			const struct findings_hour *h =
			    at[i] < fm->nhours ? &fm->hours[at[i]] : NULL;
			bool match =
			    h && (next ? h->hour && !strcmp(h->hour, next) : !h->hour);
			fputc(' ', out);
			put_num(out, match ? h->reports : 0, f->lang, 7);
			at[i] += match;
		}
		fputc('\n', out);
	}
	free(at);
}

enum status findings_text_write(const struct findings *f, const char *mission, FILE *out,
                                struct err *e)
{
	const struct words *w = words_for(f->lang);
	char n[48], label[512];

	findings_text_count(f->reports, f->lang, n, sizeof(n));
	fprintf(out, w->head, mission, n);
	if (f->rejected) {
		findings_text_count(f->rejected, f->lang, n, sizeof(n));
		fprintf(out, w->rejected, n);
	}
	fputc('\n', out);
	if (f->region && f->nregions) {
		region_label(&f->regions[0], f->lang, label, sizeof(label));
		fprintf(out, w->one_region, label);
	} else {
		fputs(w->all_regions, out);
	}
	fputc('\n', out);
	if (!f->nforms)
		fprintf(out, "\n%s\n", w->no_forms);
	else
		write_statement(f, out);
	for (size_t i = 0; i < f->nforms; i++)
		write_form(f, &f->forms[i], out);
	if (f->nforms)
		write_hours(f, out);
	if (fflush(out) || ferror(out))
		return err_set(e, ST_IO, "writing the findings: %s", strerror(errno));
	return ST_OK;
}
