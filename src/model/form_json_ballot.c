/* form_json_ballot.c - the per-mission protocol form made from a ballot
 * (form_apply_choices()): the form's JSON with one question per ballot line,
 * parsed again so the result is checked like any definition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "model/form.h"

/* t with "{name}" and "{order}" replaced. */
static json_t *fill_texts(const struct form_texts *t, const struct ballot_choice *c)
{
	json_t *o = json_object();

	for (size_t i = 0; i < t->n; i++) {
		struct buf b;
		const char *s = t->text[i];
		buf_init(&b, BUF_NO_CAP);
		while (*s) {
			if (!strncmp(s, "{name}", 6)) {
				buf_appends(&b, c->name);
				s += 6;
			} else if (!strncmp(s, "{order}", 7)) {
				buf_appendf(&b, "%d", c->order);
				s += 7;
			} else {
				buf_appendc(&b, *s++);
			}
		}
		json_object_set_new(o, t->lang[i], json_string(b.ptr));
		buf_release(&b);
	}
	return o;
}

static json_t *ballot_question(const struct form_choices *ch,
                               const struct ballot_choice *c)
{
	bool against = !strcmp(c->kind, "against_all");
	char tag[EXPR_TAG_MAX + 16];
	json_t *q = json_object();

	if (against)
		snprintf(tag, sizeof(tag), "%s", ch->against_all_tag);
	else
		snprintf(tag, sizeof(tag), "%s%d", ch->prefix, c->order);
	json_object_set_new(q, "tag", json_string(tag));
	json_object_set_new(q, "type", json_string("integer"));
	json_object_set_new(q, "text",
	                    fill_texts(against ? &ch->against_all_text : &ch->text, c));
	if (ch->required)
		json_object_set_new(q, "required", json_true());
	json_object_set_new(q, "min", json_integer(ch->min));
	json_object_set_new(q, "max", json_integer(ch->max));
	json_object_set_new(q, "choice",
	                    json_pack("{s:i, s:s, s:s, s:s}", "order", c->order, "code",
	                              c->code, "name", c->name, "kind", c->kind));
	return q;
}

static int by_order(const void *a, const void *b)
{
	const struct ballot_choice *x = *(const struct ballot_choice *const *)a;
	const struct ballot_choice *y = *(const struct ballot_choice *const *)b;
	return (x->order > y->order) - (x->order < y->order);
}

enum status form_apply_choices(const struct form *f, const struct ballot_choice *choices,
                               size_t n, struct form **out, struct err *e)
{
	struct form_problems problems = FORM_PROBLEMS_INIT;
	const struct ballot_choice **sorted = NULL;
	json_t *def = NULL, *qs, *q;
	size_t i;
	enum status rc;

	*out = NULL;
	if (!f->choices)
		return err_set(e, ST_INVALID, "form %s declares no ballot choices",
		               f->code);
	rc = choice_list_validate(choices, n, e);
	if (rc)
		return rc;
	sorted = xmalloc((n + 1) * sizeof(*sorted));
	for (i = 0; i < n; i++) {
		sorted[i] = &choices[i];
		if (!strcmp(choices[i].kind, "against_all") &&
		    !f->choices->against_all_tag) {
			rc = err_set(e, ST_INVALID,
			             "choice %zu: form %s has no line for against_all",
			             i + 1, f->code);
			goto out;
		}
	}
	qsort(sorted, n, sizeof(*sorted), by_order);
	def = form_to_json(f);
	qs = json_array();
	json_array_foreach(json_object_get(def, "questions"), i, q)
	{
		if (!json_object_get(q, "choice"))
			json_array_append(qs, q);
	}
	for (i = 0; i < n; i++)
		json_array_append_new(qs, ballot_question(f->choices, sorted[i]));
	json_object_set_new(def, "questions", qs);
	rc = form_parse_json(def, out, &problems);
	if (rc)
		err_set(e, ST_INVALID, "%s%s%s%s", problems.v[0].path,
		        problems.v[0].path[0] ? ": " : "", problems.v[0].message,
		        problems.n > 1 ? " (and more)" : "");
out:
	form_problems_release(&problems);
	json_decref(def);
	free(sorted);
	return rc;
}
