/* form.c - what a parsed form answers: names of its enums, lookup of
 * questions, and the rules for one answer (normalisation to the canonical
 * value, negative and critical answers, labels in words). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "model/form.h"

/* ----------------------------------------------------------------- names */

static const char *const kinds[] = {"checklist", "incident", "protocol"};
static const char *const phases[] = {"opening", "voting", "counting", "tabulation",
                                     "any"};
static const char *const types[] = {"yesno", "integer", "select_one", "select_multiple",
                                    "text",  "time",    "rating"};
static const char *const severities[] = {"flag", "reject"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool find_word(const char *const *words, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(words[i], s)) {
			*out = (int)i;
			return true;
		}
	return false;
}

const char *form_kind_str(enum form_kind k)
{
	return (size_t)k < COUNT(kinds) ? kinds[k] : "?";
}

const char *form_phase_str(enum form_phase p)
{
	return (size_t)p < COUNT(phases) ? phases[p] : "?";
}

const char *question_type_str(enum question_type t)
{
	return (size_t)t < COUNT(types) ? types[t] : "?";
}

const char *check_severity_str(enum check_severity s)
{
	return (size_t)s < COUNT(severities) ? severities[s] : "?";
}

bool form_kind_parse(const char *s, enum form_kind *k)
{
	int i;
	if (!find_word(kinds, COUNT(kinds), s, &i))
		return false;
	*k = (enum form_kind)i;
	return true;
}

bool form_phase_parse(const char *s, enum form_phase *p)
{
	int i;
	if (!find_word(phases, COUNT(phases), s, &i))
		return false;
	*p = (enum form_phase)i;
	return true;
}

bool question_type_parse(const char *s, enum question_type *t)
{
	int i;
	if (!find_word(types, COUNT(types), s, &i))
		return false;
	*t = (enum question_type)i;
	return true;
}

bool check_severity_parse(const char *s, enum check_severity *sev)
{
	int i;
	if (!find_word(severities, COUNT(severities), s, &i))
		return false;
	*sev = (enum check_severity)i;
	return true;
}

bool form_code_valid(const char *code)
{
	size_t n = strlen(code);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return false;
	return true;
}

bool form_tag_valid(const char *tag)
{
	size_t n = strlen(tag);

	if (!n || n > EXPR_TAG_MAX || !isalpha((unsigned char)tag[0]) ||
	    (unsigned char)tag[0] >= 0x80)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tag[i];
		if (c >= 0x80 || !(isalnum(c) || c == '_'))
			return false;
	}
	return !text_ieq(tag, "and") && !text_ieq(tag, "or") && !text_ieq(tag, "not");
}

/* ------------------------------------------------------- form and lookup */

void form_problems_release(struct form_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].path);
		free(p->v[i].message);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = 0;
}

void form_free(struct form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nchecks; i++)
		expr_free(f->checks[i].expr);
	strmap_release(&f->index);
	arena_release(&f->arena);
	free(f);
}

const struct form_question *form_question(const struct form *f, const char *tag)
{
	char key[EXPR_TAG_MAX + 1];
	size_t n = strlen(tag);

	if (n > EXPR_TAG_MAX)
		return NULL;
	memcpy(key, tag, n + 1);
	return strmap_get(&f->index, text_lower(key));
}

const char *form_text(const struct form_texts *t, const char *lang)
{
	if (!t->n)
		return "";
	for (size_t i = 0; lang && i < t->n; i++)
		if (!strcmp(t->lang[i], lang))
			return t->text[i];
	return t->text[0];
}

/* ------------------------------------------------------- words in answers */

/* Lower-case a 2-byte Cyrillic letter (Russian and Kazakh) given as its
 * code point; other code points are returned as they are. */
static unsigned cyrillic_lower(unsigned cp)
{
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	if (((cp >= 0x48A && cp <= 0x4BF) || (cp >= 0x4D0 && cp <= 0x4FF)) && !(cp & 1))
		return cp + 1;
	if (cp >= 0x4C1 && cp <= 0x4CE && (cp & 1))
		return cp + 1;
	return cp;
}

/* Fold s for comparing words: trim, lower-case ASCII and Cyrillic, "_" and
 * "-" as spaces, runs of spaces as one.  False when it does not fit. */
static bool fold(const char *s, char *out, size_t size)
{
	size_t o = 0;
	bool space = false;
	const unsigned char *p = (const unsigned char *)s;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	for (; *p; p++) {
		unsigned c = *p;
		if (c == ' ' || c == '\t' || c == '_' || c == '-' || c == '\n' ||
		    c == '\r') {
			space = true;
			continue;
		}
		if (o + 4 >= size)
			return false;
		if (space && o)
			out[o++] = ' ';
		space = false;
		if (c < 0x80) {
			out[o++] = (char)tolower((int)c);
		} else if ((c & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
			unsigned cp = cyrillic_lower(((c & 0x1F) << 6) | (p[1] & 0x3F));
			out[o++] = (char)(0xC0 | (cp >> 6));
			out[o++] = (char)(0x80 | (cp & 0x3F));
			p++;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return true;
}

static const char *const yes_words[] = {"yes", "y", "true", "да", "д", "иә", "ия"};
static const char *const no_words[] = {"no", "n", "false", "нет", "н", "жоқ"};

static const char *const rating_words[][4] = {
    {"very bad", "bad", "good", "very good"},
    {"очень плохо", "плохо", "хорошо", "очень хорошо"},
    {"өте нашар", "нашар", "жақсы", "өте жақсы"},
};
static const char *const rating_langs[] = {"en", "ru", "kk"};

const char *form_rating_word(int64_t rating, const char *lang)
{
	size_t l = 0;

	if (rating < 1 || rating > 4)
		return NULL;
	for (size_t i = 0; lang && i < COUNT(rating_langs); i++)
		if (!strcmp(lang, rating_langs[i]))
			l = i;
	return rating_words[l][rating - 1];
}

static bool in_words(const char *folded, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(folded, words[i]))
			return true;
	return false;
}

/* ------------------------------------------------------------ normalising */

/* A whole number from a JSON integer, an integral real or a string of
 * digits with an optional sign and spaces around. */
static bool whole_number(const json_t *j, int64_t *v)
{
	if (json_is_integer(j)) {
		*v = json_integer_value(j);
		return true;
	}
	if (json_is_real(j)) {
		double d = json_real_value(j);
		if (d != floor(d) || fabs(d) > 1e15)
			return false;
		*v = (int64_t)d;
		return true;
	}
	if (json_is_string(j)) {
		char buf[32];
		const char *s = json_string_value(j);
		size_t n = strlen(s);
		if (n >= sizeof(buf))
			return false;
		memcpy(buf, s, n + 1);
		text_trim(buf);
		if (buf[0] == '+' && isdigit((unsigned char)buf[1]))
			memmove(buf, buf + 1, strlen(buf));
		for (const char *c = buf[0] == '-' ? buf + 1 : buf; *c; c++)
			if (!isdigit((unsigned char)*c))
				return false;
		return text_int64(buf, INT64_MIN, INT64_MAX, v);
	}
	return false;
}

static bool is_empty(const json_t *j)
{
	if (json_is_null(j))
		return true;
	if (json_is_string(j)) {
		for (const char *s = json_string_value(j); *s; s++)
			if (!isspace((unsigned char)*s))
				return false;
		return true;
	}
	return false;
}

static enum status options_error(const struct form_question *q, struct err *e)
{
	struct buf b;

	buf_init(&b, 600);
	buf_appends(&b, "not one of the options:");
	for (size_t i = 0; i < q->noptions; i++)
		if (buf_appendf(&b, "%s %lld", i ? "," : "",
		                (long long)q->options[i].value))
			break;
	err_set(e, ST_INVALID, "%s", b.ptr);
	buf_release(&b);
	return ST_INVALID;
}

/* The option an answer names by value or by its text in any language. */
static const struct form_option *find_option(const struct form_question *q,
                                             const json_t *j)
{
	int64_t v;
	char want[512], have[512];

	if (whole_number(j, &v)) {
		for (size_t i = 0; i < q->noptions; i++)
			if (q->options[i].value == v)
				return &q->options[i];
		return NULL;
	}
	if (!json_is_string(j) || !fold(json_string_value(j), want, sizeof(want)))
		return NULL;
	for (size_t i = 0; i < q->noptions; i++)
		for (size_t l = 0; l < q->options[i].text.n; l++)
			if (fold(q->options[i].text.text[l], have, sizeof(have)) &&
			    !strcmp(want, have))
				return &q->options[i];
	return NULL;
}

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

#define SEPARATORS " ,;\t\n"

static void add_value(int64_t *vals, size_t *n, int64_t v)
{
	for (size_t i = 0; i < *n; i++)
		if (vals[i] == v)
			return;
	vals[(*n)++] = v;
}

/* Add the option(s) named by one element (an item, or a string that may
 * hold several separated by spaces, commas or semicolons). */
static enum status multiple_item(const struct form_question *q, const json_t *j,
                                 int64_t *vals, size_t *n, struct err *e)
{
	const struct form_option *o = find_option(q, j);
	const char *s = json_string_value(j);

	if (!o && s && s[strcspn(s, SEPARATORS)]) {
		while (*s) {
			size_t len = strcspn(s, SEPARATORS);
			if (len) {
				json_t *word = json_stringn(s, len);
				o = find_option(q, word);
				json_decref(word);
				if (!o)
					return options_error(q, e);
				add_value(vals, n, o->value);
			}
			s += len;
			s += strspn(s, SEPARATORS);
		}
		return ST_OK;
	}
	if (!o)
		return options_error(q, e);
	add_value(vals, n, o->value);
	return ST_OK;
}

static enum status normalise_multiple(const struct form_question *q, const json_t *j,
                                      json_t **out, struct err *e)
{
	int64_t vals[FORM_OPTIONS_MAX];
	size_t n = 0, i;
	json_t *item;
	enum status rc = ST_OK;

	if (json_is_array(j)) {
		json_array_foreach(j, i, item)
		{
			if (json_is_array(item) || json_is_object(item))
				return err_set(
				    e, ST_INVALID,
				    "expected option values, found a nested %s",
				    json_is_array(item) ? "array" : "object");
			rc = multiple_item(q, item, vals, &n, e);
			if (rc)
				return rc;
		}
	} else if (json_is_string(j) || json_is_number(j)) {
		rc = multiple_item(q, j, vals, &n, e);
		if (rc)
			return rc;
	} else {
		return err_set(e, ST_INVALID, "expected a list of option values");
	}
	if (!n)
		return ST_OK;
	qsort(vals, n, sizeof(vals[0]), cmp_int64);
	*out = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(*out, json_integer(vals[i]));
	return ST_OK;
}

/* "H:MM", "HH:MM", optional ":SS" and ".fff", optional zone (Z, +05:00);
 * a date-time "YYYY-MM-DDTHH:MM..." gives its time. */
static bool parse_time(const char *s, int *h, int *m)
{
	const char *t = strchr(s, 'T');
	int i = 0;

	if (t) {
		char date[11];
		if (t - s != 10)
			return false;
		memcpy(date, s, 10);
		date[10] = '\0';
		if (!text_is_date(date))
			return false;
		s = t + 1;
	}
	*h = 0;
	if (!isdigit((unsigned char)s[0]))
		return false;
	while (i < 2 && isdigit((unsigned char)s[i]))
		*h = *h * 10 + (s[i++] - '0');
	if (s[i] != ':' || !isdigit((unsigned char)s[i + 1]) ||
	    !isdigit((unsigned char)s[i + 2]))
		return false;
	*m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	s += i + 3;
	if (s[0] == ':' && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
	    (s[1] - '0') * 10 + (s[2] - '0') < 60) {
		s += 3;
		if (*s == '.' && isdigit((unsigned char)s[1]))
			for (s++; isdigit((unsigned char)*s);)
				s++;
	}
	if (*s == 'Z')
		s++;
	else if ((*s == '+' || *s == '-') && isdigit((unsigned char)s[1]) &&
	         isdigit((unsigned char)s[2])) {
		s += 3;
		if (*s == ':')
			s++;
		if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]))
			s += 2;
	}
	return !*s && *h < 24 && *m < 60;
}

static enum status normalise_time(const json_t *j, json_t **out, struct err *e)
{
	char buf[64], hm[8];
	int h, m;
	const char *s = json_string_value(j);

	if (!s || strlen(s) >= sizeof(buf))
		return err_set(e, ST_INVALID, "expected a time of day HH:MM");
	memcpy(buf, s, strlen(s) + 1);
	text_trim(buf);
	if (!parse_time(buf, &h, &m))
		return err_set(e, ST_INVALID, "expected a time of day HH:MM");
	hm[0] = (char)('0' + h / 10); /* parse_time: h < 24, m < 60 */
	hm[1] = (char)('0' + h % 10);
	hm[2] = ':';
	hm[3] = (char)('0' + m / 10);
	hm[4] = (char)('0' + m % 10);
	hm[5] = '\0';
	*out = json_string(hm);
	return ST_OK;
}

static enum status normalise_yesno(const json_t *j, json_t **out, struct err *e)
{
	char w[32];
	int64_t v;

	if (json_is_boolean(j)) {
		*out = json_integer(json_is_true(j));
		return ST_OK;
	}
	if (whole_number(j, &v) && (v == 0 || v == 1)) {
		*out = json_integer(v);
		return ST_OK;
	}
	if (json_is_string(j) && fold(json_string_value(j), w, sizeof(w))) {
		if (in_words(w, yes_words, COUNT(yes_words))) {
			*out = json_integer(1);
			return ST_OK;
		}
		if (in_words(w, no_words, COUNT(no_words))) {
			*out = json_integer(0);
			return ST_OK;
		}
	}
	return err_set(e, ST_INVALID, "expected yes or no");
}

static enum status normalise_rating(const json_t *j, json_t **out, struct err *e)
{
	char w[64];
	int64_t v;

	if (whole_number(j, &v) && v >= 1 && v <= 4) {
		*out = json_integer(v);
		return ST_OK;
	}
	if (json_is_string(j) && fold(json_string_value(j), w, sizeof(w)))
		for (size_t l = 0; l < COUNT(rating_words); l++)
			for (int r = 0; r < 4; r++)
				if (!strcmp(w, rating_words[l][r])) {
					*out = json_integer(r + 1);
					return ST_OK;
				}
	return err_set(e, ST_INVALID,
	               "expected a rating: 1 very bad, 2 bad, 3 good, 4 very good");
}

static enum status normalise_integer(const struct form_question *q, const json_t *j,
                                     json_t **out, struct err *e)
{
	int64_t v;

	if (!whole_number(j, &v))
		return err_set(e, ST_INVALID, "expected a whole number");
	if (v < q->min || v > q->max)
		return err_set(e, ST_INVALID, "out of range: must be from %lld to %lld",
		               (long long)q->min, (long long)q->max);
	*out = json_integer(v);
	return ST_OK;
}

static enum status normalise_text(const json_t *j, json_t **out, struct err *e)
{
	char *s;
	size_t n;

	if (!json_is_string(j))
		return err_set(e, ST_INVALID, "expected text");
	s = xstrdup(json_string_value(j));
	text_trim(s);
	n = strlen(s);
	if (utf8_count(s, n) > FORM_ANSWER_TEXT) {
		free(s);
		return err_set(e, ST_INVALID, "longer than %d characters",
		               FORM_ANSWER_TEXT);
	}
	*out = json_stringn(s, n);
	free(s);
	return ST_OK;
}

enum status form_answer_normalise(const struct form_question *q, const json_t *answer,
                                  json_t **out, struct err *e)
{
	const struct form_option *o;

	*out = NULL;
	if (!answer || is_empty(answer))
		return ST_OK;
	if (json_is_object(answer) ||
	    (json_is_array(answer) && q->type != QT_SELECT_MULTIPLE))
		return err_set(e, ST_INVALID, "expected a single value, found %s",
		               json_is_object(answer) ? "an object" : "a list");
	switch (q->type) {
	case QT_YESNO:
		return normalise_yesno(answer, out, e);
	case QT_INTEGER:
		return normalise_integer(q, answer, out, e);
	case QT_SELECT_ONE:
		o = find_option(q, answer);
		if (!o)
			return options_error(q, e);
		*out = json_integer(o->value);
		return ST_OK;
	case QT_SELECT_MULTIPLE:
		return normalise_multiple(q, answer, out, e);
	case QT_TEXT:
		return normalise_text(answer, out, e);
	case QT_TIME:
		return normalise_time(answer, out, e);
	case QT_RATING:
		return normalise_rating(answer, out, e);
	}
	return err_set(e, ST_INTERNAL, "unknown question type");
}

/* -------------------------------------------------- negative and critical */

static bool listed(const int64_t *list, size_t n, const json_t *value)
{
	int64_t v;
	size_t i;
	json_t *item;

	if (json_is_array(value)) {
		json_array_foreach(value, i, item)
		{
			if (listed(list, n, item))
				return true;
		}
		return false;
	}
	if (json_is_integer(value))
		v = json_integer_value(value);
	else if (json_is_boolean(value))
		v = json_is_true(value);
	else
		return false;
	for (i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

bool form_answer_negative(const struct form_question *q, const json_t *value)
{
	return value && listed(q->negative, q->nnegative, value);
}

bool form_answer_critical(const struct form_question *q, const json_t *value)
{
	return value && listed(q->critical, q->ncritical, value);
}

/* ----------------------------------------------------------------- labels */

static const char *yesno_word(int64_t v, const char *lang)
{
	if (lang && !strcmp(lang, "ru"))
		return v ? "да" : "нет";
	if (lang && !strcmp(lang, "kk"))
		return v ? "иә" : "жоқ";
	return v ? "yes" : "no";
}

void form_option_label(const struct form_question *q, int64_t v, const char *lang,
                       struct buf *b)
{
	for (size_t i = 0; i < q->noptions; i++)
		if (q->options[i].value == v) {
			buf_appends(b, form_text(&q->options[i].text, lang));
			return;
		}
	buf_appendf(b, "%lld", (long long)v);
}

void form_answer_label_int(const struct form_question *q, int64_t v, const char *lang,
                           struct buf *b)
{
	if (q->type == QT_YESNO)
		buf_appends(b, yesno_word(v, lang));
	else if (q->type == QT_RATING && form_rating_word(v, lang))
		buf_appends(b, form_rating_word(v, lang));
	else if (q->type == QT_SELECT_ONE)
		form_option_label(q, v, lang, b);
	else
		buf_appendf(b, "%lld", (long long)v);
}

char *form_answer_label(const struct form_question *q, const json_t *value,
                        const char *lang)
{
	struct buf b;
	int64_t v = json_is_integer(value) ? json_integer_value(value) : 0;
	size_t i;
	json_t *item;

	buf_init(&b, BUF_NO_CAP);
	if (json_is_string(value)) {
		buf_appends(&b, json_string_value(value));
	} else if (json_is_integer(value)) {
		form_answer_label_int(q, v, lang, &b);
	} else if (q->type == QT_YESNO && json_is_boolean(value)) {
		buf_appends(&b, yesno_word(json_is_true(value), lang));
	} else if (q->type == QT_SELECT_MULTIPLE && json_is_array(value)) {
		json_array_foreach(value, i, item)
		{
			if (i)
				buf_appends(&b, ", ");
			form_option_label(q, json_integer_value(item), lang, &b);
		}
	} else {
		char *s = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
		buf_appends(&b, s ? s : "");
		free(s);
	}
	return buf_detach(&b, NULL);
}
