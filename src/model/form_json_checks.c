/* form_json_checks.c - the parts of a form definition that refer to
 * others: the ballot "choices" a per-mission form gets its lines from, and
 * the "checks", whose expressions must name the form's questions. */
#include <ctype.h>
#include <string.h>

#include "model/form_json_int.h"

/* --------------------------------------------------------------- choices */

static bool prefix_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return false;
	return form_tag_valid(s);
}

/* tag is prefix followed by digits, ignoring case. */
bool form_json_prefix_matches_ci(const char *prefix, const char *tag)
{
	size_t n = strlen(prefix);

	if (strlen(tag) <= n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)prefix[i]) != tolower((unsigned char)tag[i]))
			return false;
	for (const char *c = tag + n; *c; c++)
		if (!isdigit((unsigned char)*c))
			return false;
	return true;
}

void form_json_parse_choices(struct form_json_parser *p, const json_t *def)
{
	static const char *const keys[] = {
	    "prefix", "against_all_tag",  "min", "max", "required",
	    "text",   "against_all_text", NULL};
	const json_t *c = form_json_member(p, def, "choices", false);
	struct form_choices *ch;
	size_t old;
	const char *s;

	if (!c)
		return;
	old = form_json_push_key(p, "choices");
	if (!json_is_object(c)) {
		form_json_problem(p, "expected an object, found %s", form_json_kind(c));
		goto out;
	}
	form_json_check_keys(p, c, keys);
	ch = arena_alloc(&p->f->arena, sizeof(*ch));
	memset(ch, 0, sizeof(*ch));
	s = form_json_get_string(p, c, "prefix", true);
	if (s && !prefix_valid(s))
		form_json_problem_key(p, "prefix", "\"%s\" must be 1-8 ASCII letters (P)",
		                      s);
	ch->prefix = s && prefix_valid(s) ? s : "P";
	s = form_json_get_string(p, c, "against_all_tag", false);
	if (s && (!form_tag_valid(s) || form_json_prefix_matches_ci(ch->prefix, s)))
		form_json_problem_key(
		    p, "against_all_tag",
		    "\"%s\" must be a tag (a letter, then letters, digits or _) "
		    "that is not the prefix followed by digits",
		    s);
	ch->against_all_tag = s;
	ch->min = 0;
	ch->max = FORM_INT_MAX;
	form_json_get_int(p, c, "min", false, 0, FORM_INT_LIMIT, &ch->min);
	form_json_get_int(p, c, "max", false, 0, FORM_INT_LIMIT, &ch->max);
	if (ch->min > ch->max)
		form_json_problem(p, "min %lld is greater than max %lld",
		                  (long long)ch->min, (long long)ch->max);
	ch->required = form_json_get_bool(p, c, "required");
	form_json_parse_texts(p, c, "text", true, &ch->text);
	form_json_parse_texts(p, c, "against_all_text", ch->against_all_tag != NULL,
	                      &ch->against_all_text);
	if (!ch->against_all_tag && json_object_get(c, "against_all_text"))
		form_json_problem_key(p, "against_all_text", "needs against_all_tag");
	p->f->choices = ch;
out:
	form_json_pop(p, old);
}

/* ----------------------------------------------------------------- checks */

static bool check_id_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 40 || !isalpha((unsigned char)s[0]) || (unsigned char)s[0] >= 0x80)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || !(isalnum(c) || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Could tag exist in a per-mission form made from this one? */
static bool ballot_tag(const struct form *f, const char *tag)
{
	const struct form_choices *ch = f->choices;

	return ch && (expr_prefix_matches(ch->prefix, tag) ||
	              (ch->against_all_tag && !strcmp(ch->against_all_tag, tag)));
}

static void check_text_use(struct form_json_parser *p, const struct expr_tag *t,
                           const struct form_question *q)
{
	if (t->value_used && q->type == QT_TEXT)
		form_json_problem(
		    p,
		    "column %d: \"%s\" is a text question, which has no number (only "
		    "answered(%s) may use it)",
		    t->column, q->tag, q->tag);
}

/* Every tag a check refers to must be one of the form's (or, for a form
 * with choices, a ballot line through P* or AA?). */
static void resolve_tags(struct form_json_parser *p, const struct expr *x)
{
	const struct form *f = p->f;
	size_t n;
	const struct expr_tag *tags = expr_tags(x, &n);

	for (size_t i = 0; i < n; i++) {
		const struct expr_tag *t = &tags[i];
		const struct form_question *q = form_question(f, t->name);
		if (t->kind == EXPR_TAG_PREFIX) {
			bool any = f->choices && !strcmp(f->choices->prefix, t->name);
			for (size_t k = 0; k < f->nquestions; k++)
				if (expr_prefix_matches(t->name, f->questions[k].tag)) {
					any = true;
					check_text_use(p, t, &f->questions[k]);
				}
			if (!any)
				form_json_problem(
				    p,
				    "column %d: no question of this form matches \"%s*\"",
				    t->column, t->name);
		} else if (q && strcmp(q->tag, t->name)) {
			form_json_problem(
			    p, "column %d: \"%s\" is written \"%s\" in this form",
			    t->column, t->name, q->tag);
		} else if (q) {
			check_text_use(p, t, q);
		} else if (t->kind == EXPR_TAG_OPTIONAL) {
			if (!ballot_tag(f, t->name))
				form_json_problem(
				    p,
				    "column %d: \"%s?\" matches no question of this form",
				    t->column, t->name);
		} else if (ballot_tag(f, t->name)) {
			form_json_problem(
			    p,
			    "column %d: \"%s\" is a ballot line, which exists only once "
			    "a "
			    "mission's choices are applied: write %s* (or %s?) instead",
			    t->column, t->name, f->choices->prefix, t->name);
		} else {
			form_json_problem(
			    p, "column %d: \"%s\" is not a question of this form",
			    t->column, t->name);
		}
	}
}

static void parse_check(struct form_json_parser *p, const json_t *c,
                        struct form_check *fc)
{
	static const char *const keys[] = {"id", "expr", "severity", "message", NULL};
	const char *s;
	struct err e;

	memset(fc, 0, sizeof(*fc));
	fc->id = "";
	if (!json_is_object(c)) {
		form_json_problem(p, "expected a check object, found %s",
		                  form_json_kind(c));
		return;
	}
	form_json_check_keys(p, c, keys);
	s = form_json_get_string(p, c, "id", true);
	if (s && !check_id_valid(s))
		form_json_problem_key(
		    p, "id",
		    "\"%s\" must be a letter followed by letters, digits, _ or -, "
		    "at most 40 characters",
		    s);
	fc->id = s ? s : "";
	s = form_json_get_string(p, c, "expr", true);
	if (s) {
		size_t old = form_json_push_key(p, "expr");
		if (expr_parse(s, &fc->expr, &e))
			form_json_problem(p, "%s", e.msg);
		else
			resolve_tags(p, fc->expr);
		form_json_pop(p, old);
	}
	s = form_json_get_string(p, c, "severity", true);
	if (s && !check_severity_parse(s, &fc->severity))
		form_json_problem_key(p, "severity", "\"%s\" is not one of flag, reject",
		                      s);
	form_json_parse_texts(p, c, "message", true, &fc->message);
}

void form_json_parse_checks(struct form_json_parser *p, const json_t *def)
{
	const json_t *a = form_json_member(p, def, "checks", false);
	struct form_check *cs;
	size_t i, old, n;
	json_t *c;

	if (!a)
		return;
	old = form_json_push_key(p, "checks");
	n = json_is_array(a) ? json_array_size(a) : 0;
	if (!json_is_array(a) || n > FORM_CHECKS_MAX) {
		form_json_problem(p, "expected an array of at most %d checks",
		                  FORM_CHECKS_MAX);
		goto out;
	}
	cs = arena_alloc(&p->f->arena, (n ? n : 1) * sizeof(*cs));
	p->f->checks = cs;
	json_array_foreach(a, i, c)
	{
		size_t o2 = form_json_push(p, "[%zu]", i);
		parse_check(p, c, &cs[i]);
		p->f->nchecks = i + 1;
		for (size_t k = 0; k < i && cs[i].id[0]; k++)
			if (!strcmp(cs[k].id, cs[i].id))
				form_json_problem_key(
				    p, "id", "\"%s\" is already the id of checks[%zu]",
				    cs[i].id, k);
		form_json_pop(p, o2);
	}
out:
	form_json_pop(p, old);
}
