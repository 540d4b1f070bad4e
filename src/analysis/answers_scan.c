/* answers_scan.c - a small JSON reader for stored answers: whole numbers,
 * arrays of them and strings are read, everything else is skipped by its
 * grammar (RFC 8259), and nothing is allocated. */
#include <string.h>

#include "analysis/answers_scan.h"

#define DEPTH_MAX 32

static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* p at '"': the end of the string (after its closing quote), or NULL. */
static const char *string_end(const char *p)
{
	for (p++; *p; p++) {
		if (*p == '"')
			return p + 1;
		if (*p == '\\') {
			if (!p[1])
				return NULL;
			p++;
		} else if ((unsigned char)*p < 0x20) {
			return NULL;
		}
	}
	return NULL;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A JSON number at p: its end, or NULL.  *whole says whether it is a whole
 * number that fits in int64_t, then in *v. */
static const char *number(const char *p, bool *whole, int64_t *v)
{
	bool neg = *p == '-';
	uint64_t n = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	*whole = true;
	if (neg)
		p++;
	if (!digit(*p))
		return NULL;
	if (*p == '0' && digit(p[1]))
		return NULL;
	for (; digit(*p); p++) {
		unsigned d = (unsigned)(*p - '0');
		if (n > (limit - d) / 10)
			*whole = false;
		else
			n = n * 10 + d;
	}
	if (*p == '.') {
		*whole = false;
		if (!digit(*++p))
			return NULL;
		while (digit(*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		*whole = false;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!digit(*p))
			return NULL;
		while (digit(*p))
			p++;
	}
	if (*whole)
		*v = neg ? (int64_t)(0 - n) : (int64_t)n;
	return p;
}

static const char *word(const char *p, const char *w)
{
	size_t n = strlen(w);

	return strncmp(p, w, n) ? NULL : p + n;
}

/* Skip any value at p (after spaces); its end or NULL. */
static const char *skip(const char *p, int depth)
{
	bool whole;
	int64_t v;
	char close;

	p = ws(p);
	switch (*p) {
	case '"':
		return string_end(p);
	case 't':
		return word(p, "true");
	case 'f':
		return word(p, "false");
	case 'n':
		return word(p, "null");
	case '[':
	case '{':
		if (depth >= DEPTH_MAX)
			return NULL;
		close = *p == '[' ? ']' : '}';
		p = ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (close == '}') {
				if (*p != '"' || !(p = string_end(p)))
					return NULL;
				p = ws(p);
				if (*p != ':')
					return NULL;
				p++;
			}
			if (!(p = skip(p, depth + 1)))
				return NULL;
			p = ws(p);
			if (*p == close)
				return p + 1;
			if (*p != ',')
				return NULL;
			p = ws(p + 1);
		}
	default:
		return number(p, &whole, &v);
	}
}

/* Read the value at p (after spaces) into out: its end or NULL. */
static const char *value(const char *p, struct answer_value *out)
{
	const char *q;
	bool whole;

	p = ws(p);
	out->kind = ANSWER_OTHER;
	out->nints = 0;
	if (*p == '"') {
		out->kind = ANSWER_STRING;
		return string_end(p);
	}
	if ((q = word(p, "null"))) {
		out->kind = ANSWER_NONE;
		return q;
	}
	if ((q = word(p, "true")) || (q = word(p, "false"))) {
		out->kind = ANSWER_INT;
		out->i = *p == 't';
		return q;
	}
	if (*p == '-' || digit(*p)) {
		q = number(p, &whole, &out->i);
		if (q && whole)
			out->kind = ANSWER_INT;
		return q;
	}
	if (*p != '[')
		return skip(p, 1);
	/* An array: whole numbers only, else it is skipped as ANSWER_OTHER. */
	q = ws(p + 1);
	if (*q == ']') {
		out->kind = ANSWER_NONE;
		return q + 1;
	}
	for (;;) {
		int64_t v;
		const char *r = (*q == '-' || digit(*q)) ? number(q, &whole, &v) : NULL;
		if (!r || !whole || out->nints == FORM_OPTIONS_MAX) {
			out->nints = 0;
			return skip(p, 1);
		}
		out->ints[out->nints++] = v;
		q = ws(r);
		if (*q == ']') {
			out->kind = ANSWER_INTS;
			return q + 1;
		}
		if (*q != ',') {
			out->nints = 0;
			return skip(p, 1);
		}
		q = ws(q + 1);
	}
}

/* The object at p (after spaces): each member to cb.  Its end, or NULL
 * when it is not an object; *stopped when cb stopped it. */
static const char *object(const char *p, answers_scan_cb cb, void *ctx, bool *stopped)
{
	struct answer_value v;

	p = ws(p);
	if (*p != '{')
		return NULL;
	p = ws(p + 1);
	if (*p == '}')
		return p + 1;
	for (;;) {
		const char *tag = p + 1, *end;
		if (*p != '"' || !(end = string_end(p)))
			return NULL;
		p = ws(end);
		if (*p != ':')
			return NULL;
		v.text = ws(p + 1);
		if (!(p = value(v.text, &v)))
			return NULL;
		v.len = (size_t)(p - v.text);
		if (!cb(ctx, tag, (size_t)(end - 1 - tag), &v)) {
			*stopped = true;
			return p;
		}
		p = ws(p);
		if (*p == '}')
			return p + 1;
		if (*p != ',')
			return NULL;
		p = ws(p + 1);
	}
}

bool answers_scan(const char *text, answers_scan_cb cb, void *ctx)
{
	bool stopped = false;
	const char *p = object(text ? text : "", cb, ctx, &stopped);

	return p && (stopped || !*ws(p));
}

bool answers_scan_objects(const char *text, answers_scan_cb cb, void *ctx)
{
	const char *p = ws(text ? text : "");
	bool stopped = false;

	if (*p != '[')
		return false;
	p = ws(p + 1);
	if (*p == ']')
		return !*ws(p + 1);
	for (;;) {
		if (!(p = object(p, cb, ctx, &stopped)))
			return false;
		if (stopped)
			return true;
		p = ws(p);
		if (*p == ']')
			return !*ws(p + 1);
		if (*p != ',')
			return false;
		p = ws(p + 1);
	}
}

void answers_scan_json(const json_t *j, struct answer_value *out)
{
	size_t i;
	json_t *item;

	out->kind = ANSWER_OTHER;
	out->text = NULL;
	out->len = 0;
	out->nints = 0;
	if (!j || json_is_null(j)) {
		out->kind = ANSWER_NONE;
	} else if (json_is_integer(j)) {
		out->kind = ANSWER_INT;
		out->i = json_integer_value(j);
	} else if (json_is_boolean(j)) {
		out->kind = ANSWER_INT;
		out->i = json_is_true(j);
	} else if (json_is_string(j)) {
		out->kind = ANSWER_STRING;
	} else if (json_is_array(j)) {
		if (!json_array_size(j)) {
			out->kind = ANSWER_NONE;
			return;
		}
		json_array_foreach(j, i, item)
		{
			if (!json_is_integer(item) || out->nints == FORM_OPTIONS_MAX) {
				out->nints = 0;
				return;
			}
			out->ints[out->nints++] = json_integer_value(item);
		}
		out->kind = ANSWER_INTS;
	}
}
