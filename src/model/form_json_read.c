/* form_json_read.c - the form parser's reading primitives: the JSON path
 * being read, the problems reported at it, typed members of an object, and
 * texts objects checked against the form's languages. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "model/form_json_int.h"

/* ------------------------------------------------------- paths, problems */

size_t form_json_push(struct form_json_parser *p, const char *fmt, ...)
{
	size_t old = p->plen;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->path + p->plen, sizeof(p->path) - p->plen, fmt, ap);
	va_end(ap);
	p->plen = strlen(p->path);
	return old;
}

size_t form_json_push_key(struct form_json_parser *p, const char *key)
{
	return form_json_push(p, p->plen ? ".%s" : "%s", key);
}

void form_json_pop(struct form_json_parser *p, size_t old)
{
	p->plen = old;
	p->path[old] = '\0';
}

/* A copy of s without the partial character a full buffer may have cut. */
static char *whole_chars(const char *s)
{
	size_t n = strlen(s);

	while (n && !utf8_valid(s, n))
		n--;
	return xstrndup(s, n);
}

void form_json_add_problem(struct form_problems *ps, const char *path, const char *msg)
{
	if (ps->n == ps->alloc) {
		ps->alloc = ps->alloc ? 2 * ps->alloc : 16;
		ps->v = xrealloc(ps->v, ps->alloc * sizeof(*ps->v));
	}
	ps->v[ps->n].path = whole_chars(path);
	ps->v[ps->n].message = whole_chars(msg);
	ps->n++;
}

/* Report a problem at the current path. */
void form_json_problem(struct form_json_parser *p, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	size_t count = p->problems->n - p->first;

	if (count > FORM_PROBLEMS_MAX)
		return;
	if (count == FORM_PROBLEMS_MAX) {
		form_json_add_problem(
		    p->problems, "", "too many problems: only the first ones are listed");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	form_json_add_problem(p->problems, p->path, msg);
}

/* Report a problem at the current path's member key. */
void form_json_problem_key(struct form_json_parser *p, const char *key, const char *fmt,
                           ...)
{
	char msg[768];
	va_list ap;
	size_t old = form_json_push_key(p, key);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	form_json_problem(p, "%s", msg);
	form_json_pop(p, old);
}

const char *form_json_kind(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number with a fraction";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* ------------------------------------------------------------- members */

/* Report every member of obj that is not in allowed (NULL-terminated). */
void form_json_check_keys(struct form_json_parser *p, const json_t *obj,
                          const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v)
	{
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], key))
			i++;
		if (allowed[i])
			continue;
		{
			struct buf b;
			buf_init(&b, 400);
			for (i = 0; allowed[i]; i++)
				buf_appendf(&b, "%s%s", i ? ", " : "", allowed[i]);
			form_json_problem_key(
			    p, key, "unknown field (the fields here are %s)", b.ptr);
			buf_release(&b);
		}
	}
}

/* obj's member key; a problem when it is required and absent. */
const json_t *form_json_member(struct form_json_parser *p, const json_t *obj,
                               const char *key, bool required)
{
	const json_t *v = json_object_get(obj, key);

	if (!v && required)
		form_json_problem_key(p, key, "missing (required)");
	return v;
}

const char *form_json_get_string(struct form_json_parser *p, const json_t *obj,
                                 const char *key, bool required)
{
	const json_t *v = form_json_member(p, obj, key, required);

	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		form_json_problem_key(p, key, "expected a string, found %s",
		                      form_json_kind(v));
		return NULL;
	}
	return arena_strdup(&p->f->arena, json_string_value(v));
}

/* An integer member in [min, max]; false (and *out untouched) when absent
 * or wrong. */
bool form_json_get_int(struct form_json_parser *p, const json_t *obj, const char *key,
                       bool required, int64_t min, int64_t max, int64_t *out)
{
	const json_t *v = form_json_member(p, obj, key, required);

	if (!v)
		return false;
	if (!json_is_integer(v)) {
		form_json_problem_key(p, key, "expected an integer, found %s",
		                      form_json_kind(v));
		return false;
	}
	if (json_integer_value(v) < min || json_integer_value(v) > max) {
		form_json_problem_key(
		    p, key, "%lld is out of range: must be from %lld to %lld",
		    (long long)json_integer_value(v), (long long)min, (long long)max);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool form_json_get_bool(struct form_json_parser *p, const json_t *obj, const char *key)
{
	const json_t *v = form_json_member(p, obj, key, false);

	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		form_json_problem_key(p, key, "expected true or false, found %s",
		                      form_json_kind(v));
		return false;
	}
	return json_is_true(v);
}

/* ---------------------------------------------------------------- texts */

static const char *languages_list(const struct form *f, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < f->nlanguages && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s", i ? ", " : "",
		                      f->languages[i]);
	return out;
}

static bool text_ok(struct form_json_parser *p, const json_t *v)
{
	const char *s;
	size_t n;
	bool blank = true;

	if (!json_is_string(v)) {
		form_json_problem(p, "expected a string, found %s", form_json_kind(v));
		return false;
	}
	s = json_string_value(v);
	n = strlen(s);
	for (size_t i = 0; i < n && blank; i++)
		blank = isspace((unsigned char)s[i]);
	if (blank) {
		form_json_problem(p, "empty text");
		return false;
	}
	if (utf8_count(s, n) > FORM_TEXT_MAX) {
		form_json_problem(p, "longer than %d characters", FORM_TEXT_MAX);
		return false;
	}
	return true;
}

/* A texts object {"en": "...", "ru": "..."}: one non-empty text in each of
 * the form's languages and in no other. */
void form_json_parse_texts(struct form_json_parser *p, const json_t *obj, const char *key,
                           bool required, struct form_texts *out)
{
	const json_t *t = form_json_member(p, obj, key, required);
	struct form *f = p->f;
	const char *lang;
	json_t *v;
	size_t old, n;
	char langs[128];

	memset(out, 0, sizeof(*out));
	if (!t)
		return;
	old = form_json_push_key(p, key);
	if (!json_is_object(t)) {
		form_json_problem(
		    p,
		    "expected texts by language such as {\"en\": \"...\", \"ru\": "
		    "\"...\"}, found %s",
		    form_json_kind(t));
		goto out;
	}
	n = p->langs_ok ? f->nlanguages : json_object_size(t);
	out->lang = arena_alloc(&f->arena, (n ? n : 1) * sizeof(char *));
	out->text = arena_alloc(&f->arena, (n ? n : 1) * sizeof(char *));
	if (p->langs_ok) {
		languages_list(f, langs, sizeof(langs));
		json_object_foreach((json_t *)t, lang, v)
		{
			size_t l = 0;
			while (l < f->nlanguages && strcmp(f->languages[l], lang))
				l++;
			if (l == f->nlanguages)
				form_json_problem_key(
				    p, lang,
				    "\"%s\" is not one of the form's languages (%s)",
				    lang, langs);
		}
		for (size_t l = 0; l < f->nlanguages; l++) {
			v = json_object_get(t, f->languages[l]);
			if (!v) {
				form_json_problem(
				    p,
				    "no \"%s\" text (every text is in each of the "
				    "form's languages: %s)",
				    f->languages[l], langs);
				continue;
			}
			size_t o2 = form_json_push_key(p, f->languages[l]);
			bool ok = text_ok(p, v);
			form_json_pop(p, o2);
			if (!ok)
				continue;
			out->lang[out->n] = f->languages[l];
			out->text[out->n++] =
			    arena_strdup(&f->arena, json_string_value(v));
		}
	} else {
		json_object_foreach((json_t *)t, lang, v)
		{
			size_t o2 = form_json_push_key(p, lang);
			if (text_ok(p, v)) {
				out->lang[out->n] = arena_strdup(&f->arena, lang);
				out->text[out->n++] =
				    arena_strdup(&f->arena, json_string_value(v));
			}
			form_json_pop(p, o2);
		}
	}
	if (!out->n)
		memset(out, 0, sizeof(*out));
out:
	form_json_pop(p, old);
}
