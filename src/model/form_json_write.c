/* form_json_write.c - a form back to its JSON definition (form_to_json()),
 * in the documented format, which form_parse_json() reads to an equal form. */
#include <string.h>

#include "model/form.h"

static json_t *texts_json(const struct form_texts *t)
{
	json_t *o = json_object();

	for (size_t i = 0; i < t->n; i++)
		json_object_set_new(o, t->lang[i], json_string(t->text[i]));
	return o;
}

static json_t *ints_json(const int64_t *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *question_json(const struct form_question *q)
{
	json_t *o = json_object();

	json_object_set_new(o, "tag", json_string(q->tag));
	json_object_set_new(o, "type", json_string(question_type_str(q->type)));
	json_object_set_new(o, "text", texts_json(&q->text));
	if (q->hint.n)
		json_object_set_new(o, "hint", texts_json(&q->hint));
	if (q->required)
		json_object_set_new(o, "required", json_true());
	if (q->type == QT_INTEGER) {
		json_object_set_new(o, "min", json_integer(q->min));
		json_object_set_new(o, "max", json_integer(q->max));
	}
	if (q->noptions) {
		json_t *a = json_array();
		for (size_t i = 0; i < q->noptions; i++)
			json_array_append_new(
			    a, json_pack("{s:I, s:o}", "value",
			                 (json_int_t)q->options[i].value, "text",
			                 texts_json(&q->options[i].text)));
		json_object_set_new(o, "options", a);
	}
	if (q->nnegative)
		json_object_set_new(o, "negative", ints_json(q->negative, q->nnegative));
	if (q->ncritical)
		json_object_set_new(o, "critical", ints_json(q->critical, q->ncritical));
	if (q->choice)
		json_object_set_new(o, "choice",
		                    json_pack("{s:i, s:s, s:s, s:s}", "order",
		                              q->choice->order, "code", q->choice->code,
		                              "name", q->choice->name, "kind",
		                              q->choice->kind));
	return o;
}

static json_t *choices_json(const struct form_choices *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "prefix", json_string(c->prefix));
	if (c->against_all_tag)
		json_object_set_new(o, "against_all_tag",
		                    json_string(c->against_all_tag));
	json_object_set_new(o, "min", json_integer(c->min));
	json_object_set_new(o, "max", json_integer(c->max));
	if (c->required)
		json_object_set_new(o, "required", json_true());
	json_object_set_new(o, "text", texts_json(&c->text));
	if (c->against_all_text.n)
		json_object_set_new(o, "against_all_text",
		                    texts_json(&c->against_all_text));
	return o;
}

json_t *form_to_json(const struct form *f)
{
	json_t *o = json_object(), *langs = json_array(), *qs = json_array(),
	       *cs = json_array();

	json_object_set_new(o, "code", json_string(f->code));
	json_object_set_new(o, "version", json_integer(f->version));
	json_object_set_new(o, "kind", json_string(form_kind_str(f->kind)));
	json_object_set_new(o, "phase", json_string(form_phase_str(f->phase)));
	if (strcmp(f->level, "station"))
		json_object_set_new(o, "level", json_string(f->level));
	for (size_t i = 0; i < f->nlanguages; i++)
		json_array_append_new(langs, json_string(f->languages[i]));
	json_object_set_new(o, "languages", langs);
	json_object_set_new(o, "name", texts_json(&f->name));
	if (f->description.n)
		json_object_set_new(o, "description", texts_json(&f->description));
	for (size_t i = 0; i < f->nquestions; i++)
		json_array_append_new(qs, question_json(&f->questions[i]));
	json_object_set_new(o, "questions", qs);
	for (size_t i = 0; i < f->nchecks; i++) {
		const struct form_check *c = &f->checks[i];
		json_array_append_new(cs,
		                      json_pack("{s:s, s:s, s:s, s:o}", "id", c->id,
		                                "expr", expr_text(c->expr), "severity",
		                                check_severity_str(c->severity),
		                                "message", texts_json(&c->message)));
	}
	json_object_set_new(o, "checks", cs);
	if (f->choices)
		json_object_set_new(o, "choices", choices_json(f->choices));
	return o;
}
