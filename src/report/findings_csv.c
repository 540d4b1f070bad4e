/* findings_csv.c - the findings as a tidy table: every row repeats its
 * question's figures for its scope, then gives one answer's count, so a
 * table program can filter and pivot without joins. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "report/findings_csv.h"

const char findings_csv_header[] =
    "form,form_name,question,question_type,question_text,scope,region,region_name,"
    "observations,negative,negative_share,negative_low,negative_high,critical,"
    "value,label,count,share,value_negative,value_critical";

static void field(FILE *out, const char *s)
{
	if (!s)
		s = "";
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* ",0.069992": a proportion rounded half up to six decimals. */
static void share(FILE *out, bool defined, double v)
{
	long long units;

	fputc(',', out);
	if (!defined)
		return;
	units = (long long)floor(v * 1000000.0 + 0.5);
	fprintf(out, "%lld.%06lld", units / 1000000, units % 1000000);
}

static void number(FILE *out, int64_t n)
{
	fprintf(out, ",%lld", (long long)n);
}

struct scope {
	const char *name; /* national | region | no_region */
	const struct findings_region *region;
};

/* The columns up to critical for question q of form fm in scope s, whose
 * cell is c. */
static void question_columns(FILE *out, const struct findings_form *fm,
                             const struct findings_question *q, const struct scope *s,
                             const struct findings_cell *c)
{
	const struct findings_share *ns = &c->negative_share;

	field(out, fm->code);
	fputc(',', out);
	field(out, fm->name);
	fputc(',', out);
	field(out, q->tag);
	fputc(',', out);
	field(out, question_type_str(q->type));
	fputc(',', out);
	field(out, q->text);
	fputc(',', out);
	field(out, s->name);
	fputc(',', out);
	field(out, s->region ? s->region->code : NULL);
	fputc(',', out);
	field(out, s->region ? s->region->name : NULL);
	number(out, c->observations);
	if (q->has_negative) {
		number(out, c->negative);
		share(out, ns->defined, ns->share);
		share(out, ns->defined, ns->low);
		share(out, ns->defined, ns->high);
	} else {
		fputs(",,,,", out);
	}
	if (q->has_critical)
		number(out, c->critical);
	else
		fputc(',', out);
}

static void rows(FILE *out, const struct findings_form *fm,
                 const struct findings_question *q, const struct scope *s,
                 const struct findings_cell *c)
{
	if (!q->nvalues) {
		question_columns(out, fm, q, s, c);
		fputs(",,,,,,\r\n", out);
		return;
	}
	for (size_t k = 0; k < q->nvalues; k++) {
		const struct findings_value *v = &q->values[k];
		question_columns(out, fm, q, s, c);
		number(out, v->value);
		fputc(',', out);
		field(out, v->label);
		number(out, c->counts[k]);
		share(out, c->observations > 0,
		      c->observations > 0 ? (double)c->counts[k] / (double)c->observations
		                          : 0);
		fprintf(out, ",%d,%d\r\n", v->negative, v->critical);
	}
}

enum status findings_csv_write(const struct findings *f, FILE *out, struct err *e)
{
	fputs(findings_csv_header, out);
	fputs("\r\n", out);
	for (size_t i = 0; i < f->nforms; i++) {
		const struct findings_form *fm = &f->forms[i];
		for (size_t q = 0; q < fm->nquestions; q++) {
			const struct findings_question *fq = &fm->questions[q];
			struct scope national = {"national", NULL};
			if (!f->region)
				rows(out, fm, fq, &national, &fq->total);
			for (size_t r = 0; r < f->nregions; r++) {
				struct scope s = {f->regions[r].code ? "region"
				                                     : "no_region",
				                  &f->regions[r]};
				rows(out, fm, fq, &s, &fq->regions[r]);
			}
		}
	}
	if (fflush(out) || ferror(out))
		return err_set(e, ST_IO, "writing the findings: %s", strerror(errno));
	return ST_OK;
}
