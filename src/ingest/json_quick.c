/* json_quick.c - plain JSON read in one pass over the bytes.  See
 * json_quick.h. */
#include <string.h>

#include "core/text.h"
#include "ingest/json_quick.h"

#define DEPTH_MAX  32
#define DIGITS_MAX 18 /* any 18 digits fit in an int64_t */

struct reader {
	const char *p, *end;
	int depth;
};

static void skip_space(struct reader *r)
{
	while (r->p < r->end &&
	       (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

/* A string without escapes, r->p on its opening quote: its bytes in
 * [*s, *s + *n), r->p past the closing quote.  False for a backslash, a
 * control character, bytes that are not UTF-8, or no closing quote. */
static bool string_span(struct reader *r, const char **s, size_t *n)
{
	const char *q = ++r->p;

	while (q < r->end && *q != '"') {
		if (*q == '\\' || (unsigned char)*q < 0x20)
			return false;
		q++;
	}
	if (q == r->end || !utf8_valid(r->p, (size_t)(q - r->p)))
		return false;
	*s = r->p;
	*n = (size_t)(q - r->p);
	r->p = q + 1;
	return true;
}

/* A whole number as JSON writes one: -?(0|[1-9][0-9]*). */
static json_t *number(struct reader *r)
{
	const char *q = r->p;
	bool neg = false;
	int64_t v = 0;
	int digits = 0;

	if (*q == '-') {
		neg = true;
		q++;
	}
	if (q == r->end || *q < '0' || *q > '9')
		return NULL;
	if (*q == '0' && q + 1 < r->end && q[1] >= '0' && q[1] <= '9')
		return NULL; /* a leading zero: malformed */
	while (q < r->end && *q >= '0' && *q <= '9') {
		if (++digits > DIGITS_MAX)
			return NULL;
		v = v * 10 + (*q++ - '0');
	}
	/* A fraction or an exponent is jansson's to read. */
	if (q < r->end && (*q == '.' || *q == 'e' || *q == 'E'))
		return NULL;
	r->p = q;
	return json_integer(neg ? -v : v);
}

static bool word(struct reader *r, const char *w, size_t n)
{
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n))
		return false;
	r->p += n;
	return true;
}

static json_t *value(struct reader *r);

static json_t *object(struct reader *r)
{
	json_t *obj;

	if (++r->depth > DEPTH_MAX)
		return NULL;
	obj = json_object();
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		r->depth--;
		return obj;
	}
	for (;;) {
		const char *key;
		size_t klen;
		json_t *v;

		if (r->p == r->end || *r->p != '"' || !string_span(r, &key, &klen))
			break;
		skip_space(r);
		if (r->p == r->end || *r->p++ != ':')
			break;
		skip_space(r);
		/* A key given twice is an error jansson words. */
		if (json_object_getn(obj, key, klen) || !(v = value(r)))
			break;
		if (json_object_setn_new_nocheck(obj, key, klen, v))
			break;
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			r->depth--;
			return obj;
		}
		break;
	}
	json_decref(obj);
	return NULL;
}

static json_t *array(struct reader *r)
{
	json_t *arr;

	if (++r->depth > DEPTH_MAX)
		return NULL;
	arr = json_array();
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		r->depth--;
		return arr;
	}
	for (;;) {
		json_t *v = value(r);

		if (!v || json_array_append_new(arr, v))
			break;
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			r->depth--;
			return arr;
		}
		break;
	}
	json_decref(arr);
	return NULL;
}

static json_t *value(struct reader *r)
{
	const char *s;
	size_t n;

	if (r->p == r->end)
		return NULL;
	switch (*r->p) {
	case '{':
		return object(r);
	case '[':
		return array(r);
	case '"':
		return string_span(r, &s, &n) ? json_stringn_nocheck(s, n) : NULL;
	case 't':
		return word(r, "true", 4) ? json_true() : NULL;
	case 'f':
		return word(r, "false", 5) ? json_false() : NULL;
	case 'n':
		return word(r, "null", 4) ? json_null() : NULL;
	default:
		return number(r);
	}
}

bool json_quick_load(const char *text, size_t len, json_t **out)
{
	struct reader r = {text, text + len, 0};
	json_t *j;

	*out = NULL;
	skip_space(&r);
	j = value(&r);
	if (!j)
		return false;
	skip_space(&r);
	if (r.p != r.end) {
		json_decref(j); /* something after the document */
		return false;
	}
	*out = j;
	return true;
}
