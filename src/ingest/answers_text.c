/* answers_text.c - canonical answers as compact JSON with sorted keys.
 * See answers_text.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_out.h"
#include "ingest/answers_text.h"

#define KEYS_MAX 256 /* more questions than a form has: jansson does it */

struct key {
	const char *s;
	size_t len;
	const json_t *value;
};

/* The order of jansson's JSON_SORT_KEYS: bytes, then the shorter first. */
static int key_cmp(const struct key *a, const struct key *b)
{
	int r = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

	if (r)
		return r;
	return (a->len > b->len) - (a->len < b->len);
}

/* True when v is written here rather than by jansson. */
static bool simple(const json_t *v)
{
	size_t i;
	const json_t *item;

	switch (json_typeof(v)) {
	case JSON_STRING:
		/* One with a NUL inside is jansson's to write. */
		return strlen(json_string_value(v)) == json_string_length(v);
	case JSON_INTEGER:
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_NULL:
		return true;
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
		{
			if (!json_is_integer(item))
				return false;
		}
		return true;
	default:
		return false;
	}
}

static enum status value(struct buf *b, const json_t *v)
{
	enum status rc = ST_OK;
	size_t i;
	const json_t *item;

	switch (json_typeof(v)) {
	case JSON_INTEGER:
		return json_out_int(b, json_integer_value(v));
	case JSON_STRING:
		return json_out_string(b, json_string_value(v));
	case JSON_TRUE:
		return buf_append(b, "true", 4);
	case JSON_FALSE:
		return buf_append(b, "false", 5);
	case JSON_ARRAY:
		rc = buf_appendc(b, '[');
		json_array_foreach(v, i, item)
		{
			if (!rc && i)
				rc = buf_appendc(b, ',');
			if (!rc)
				rc = json_out_int(b, json_integer_value(item));
		}
		return rc ? rc : buf_appendc(b, ']');
	default:
		return buf_append(b, "null", 4);
	}
}

static int dump_to_buf(const char *text, size_t n, void *ctx)
{
	return buf_append(ctx, text, n) ? -1 : 0;
}

enum status answers_text(const json_t *answers, struct buf *b)
{
	struct key keys[KEYS_MAX];
	size_t n = 0, klen;
	const char *k;
	json_t *v;
	enum status rc;

	if (!json_is_object(answers) || json_object_size(answers) > KEYS_MAX)
		goto jansson;
	json_object_keylen_foreach((json_t *)answers, k, klen, v)
	{
		if (!simple(v) || strlen(k) != klen)
			goto jansson;
		keys[n++] = (struct key){k, klen, v};
	}
	/* Insertion sort: a form has a few dozen questions at most. */
	for (size_t i = 1; i < n; i++) {
		struct key t = keys[i];
		size_t j = i;
		while (j && key_cmp(&keys[j - 1], &t) > 0) {
			keys[j] = keys[j - 1];
			j--;
		}
		keys[j] = t;
	}
	rc = buf_appendc(b, '{');
	for (size_t i = 0; i < n && !rc; i++) {
		if (i)
			rc = buf_appendc(b, ',');
		if (!rc)
			rc = json_out_string(b, keys[i].s);
		if (!rc)
			rc = buf_appendc(b, ':');
		if (!rc)
			rc = value(b, keys[i].value);
	}
	return rc ? rc : buf_appendc(b, '}');
jansson:
	if (json_dump_callback(answers, dump_to_buf, b, JSON_COMPACT | JSON_SORT_KEYS))
		return ST_TOO_BIG;
	return ST_OK;
}

enum status answers_value_text(const json_t *v, struct buf *b)
{
	if (simple(v))
		return value(b, v);
	if (json_dump_callback(v, dump_to_buf, b,
	                       JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER))
		return ST_TOO_BIG;
	return ST_OK;
}
