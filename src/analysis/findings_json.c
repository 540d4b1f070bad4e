/* findings_json.c - the JSON document of a mission's findings, shared by
 * the API and "observa analyze findings --format json"
 * (docs/analysis.md#process-findings describes every member).  Shares and bounds
 * are proportions from 0 to 1 as computed, not rounded for display (the
 * CLI and the API write reals to 15 significant digits). */
#include "analysis/findings.h"

static json_t *real_or_null(bool defined, double v)
{
	return defined ? json_real(v) : json_null();
}

/* {"count", "share", "low", "high"}, or null when the question has no
 * negative answers. */
static json_t *negative_json(const struct findings_question *q,
                             const struct findings_cell *c)
{
	const struct findings_share *s = &c->negative_share;

	if (!q->has_negative)
		return json_null();
	return json_pack("{s:I, s:o, s:o, s:o}", "count", (json_int_t)c->negative,
	                 "share", real_or_null(s->defined, s->share), "low",
	                 real_or_null(s->defined, s->low), "high",
	                 real_or_null(s->defined, s->high));
}

static json_t *critical_json(const struct findings_question *q,
                             const struct findings_cell *c)
{
	return q->has_critical ? json_integer(c->critical) : json_null();
}

static json_t *values_json(const struct findings_question *q)
{
	json_t *a = json_array();
	int64_t n = q->total.observations;

	for (size_t k = 0; k < q->nvalues; k++) {
		const struct findings_value *v = &q->values[k];
		int64_t c = q->total.counts[k];
		json_array_append_new(
		    a, json_pack("{s:I, s:s, s:b, s:b, s:I, s:o}", "value",
		                 (json_int_t)v->value, "label", v->label, "negative",
		                 v->negative, "critical", v->critical, "count",
		                 (json_int_t)c, "share",
		                 real_or_null(n > 0, n > 0 ? (double)c / (double)n : 0)));
	}
	return a;
}

static json_t *question_json(const struct findings *f, const struct findings_question *q)
{
	json_t *regions = json_array();

	for (size_t r = 0; r < f->nregions; r++) {
		const struct findings_cell *c = &q->regions[r];
		json_t *counts = json_array();
		for (size_t k = 0; k < q->nvalues; k++)
			json_array_append_new(counts, json_integer(c->counts[k]));
		json_array_append_new(regions,
		                      json_pack("{s:s?, s:I, s:o, s:o, s:o}", "code",
		                                f->regions[r].code, "observations",
		                                (json_int_t)c->observations, "negative",
		                                negative_json(q, c), "critical",
		                                critical_json(q, c), "counts", counts));
	}
	return json_pack(
	    "{s:s, s:s, s:s, s:I, s:o, s:o, s:I, s:I, s:I, s:o, s:o}", "tag", q->tag,
	    "type", question_type_str(q->type), "text", q->text, "observations",
	    (json_int_t)q->total.observations, "negative", negative_json(q, &q->total),
	    "critical", critical_json(q, &q->total), "resolved", (json_int_t)q->resolved,
	    "contested", (json_int_t)q->contested, "left_out", (json_int_t)q->left_out,
	    "values", values_json(q), "regions", regions);
}

static json_t *incidents_json(const struct findings *f, const struct findings_form *fm)
{
	json_t *cats;

	if (!fm->category)
		return json_null();
	cats = json_array();
	for (size_t k = 0; k < fm->ncategories; k++) {
		const struct findings_category *c = &fm->categories[k];
		json_t *regions = json_array();
		for (size_t r = 0; r < f->nregions; r++)
			json_array_append_new(
			    regions,
			    json_pack("{s:s?, s:I, s:I}", "code", f->regions[r].code,
			              "reports", (json_int_t)c->region_reports[r],
			              "critical", (json_int_t)c->region_critical[r]));
		json_array_append_new(
		    cats,
		    json_pack("{s:I, s:s, s:b, s:I, s:I, s:o}", "value",
		              (json_int_t)c->value, "label", c->label, "critical_value",
		              c->critical_value, "reports", (json_int_t)c->reports,
		              "critical", (json_int_t)c->critical, "regions", regions));
	}
	return json_pack("{s:s, s:I, s:o}", "category", fm->category->tag,
	                 "uncategorised", (json_int_t)fm->uncategorised, "categories",
	                 cats);
}

static json_t *form_json(const struct findings *f, const struct findings_form *fm)
{
	json_t *regions = json_array(), *questions = json_array(), *hours = json_array();

	for (size_t r = 0; r < f->nregions; r++)
		json_array_append_new(
		    regions, json_pack("{s:s?, s:I, s:I}", "code", f->regions[r].code,
		                       "reports", (json_int_t)fm->region_reports[r],
		                       "critical", (json_int_t)fm->region_critical[r]));
	for (size_t q = 0; q < fm->nquestions; q++)
		json_array_append_new(questions, question_json(f, &fm->questions[q]));
	for (size_t h = 0; h < fm->nhours; h++)
		json_array_append_new(hours, json_pack("{s:s?, s:I}", "hour",
		                                       fm->hours[h].hour, "reports",
		                                       (json_int_t)fm->hours[h].reports));
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:s?, s:o, s:o, s:o}",
	                 "code", fm->code, "name", fm->name, "kind", fm->kind, "phase",
	                 fm->phase, "reports", (json_int_t)fm->reports, "critical",
	                 (json_int_t)fm->critical, "regions", regions, "rating",
	                 fm->rating ? fm->rating->tag : NULL, "questions", questions,
	                 "incidents", incidents_json(f, fm), "hours", hours);
}

json_t *findings_to_json(const struct findings *f)
{
	json_t *regions = json_array(), *forms = json_array();

	for (size_t r = 0; r < f->nregions; r++)
		json_array_append_new(regions, json_pack("{s:s?, s:s?}", "code",
		                                         f->regions[r].code, "name",
		                                         f->regions[r].name));
	for (size_t i = 0; i < f->nforms; i++)
		json_array_append_new(forms, form_json(f, &f->forms[i]));
	return json_pack("{s:s?, s:s?, s:s?, s:f, s:I, s:I, s:o, s:o}", "lang", f->lang,
	                 "form", f->form, "region", f->region, "z", f->z, "reports",
	                 (json_int_t)f->reports, "rejected", (json_int_t)f->rejected,
	                 "regions", regions, "forms", forms);
}
