/* submission_json.c - canonical submissions read from JSON (one object, an
 * array, JSON lines) with exact line and column on malformed input, field
 * checks that list every wrong field, and stored reports written as JSON. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "ingest/json_quick.h"
#include "ingest/submission_json.h"

#define LOAD_FLAGS (JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK)

/* ---------------------------------------------------------------- fields */

static const char *const fields[] = {"id",       "form",        "station",
                                     "observer", "observed_at", "answers",
                                     "comment",  "replaces",    NULL};

/* What is wrong with one object, collected field by field. */
struct shape {
	struct buf msg;
	json_t *problems; /* may be NULL */
	int n;
};

static const char *kind_of(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static void wrong(struct shape *sh, const char *field, const json_t *value,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void wrong(struct shape *sh, const char *field, const json_t *value,
                  const char *fmt, ...)
{
	char what[600];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* A long key is cut; keep whole characters, or jansson refuses it. */
	n = strlen(what);
	while (n && !utf8_valid(what, n))
		n--;
	what[n] = '\0';
	buf_appendf(&sh->msg, "%s%s", sh->n++ ? "; " : "", what);
	if (sh->problems)
		json_array_append_new(
		    sh->problems, json_pack("{s:s, s:n, s:O, s:s, s:s}", "field", field,
		                            "tag", "value", value ? value : json_null(),
		                            "message", what, "severity", "error"));
}

/* The length of at most max bytes of s that ends on a character boundary. */
static int cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return (int)n;
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* True when s holds a control character. */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* The string member key of obj, or NULL when absent or null; a wrong type
 * is reported. */
static const char *string_field(struct shape *sh, const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		wrong(sh, key, v, "field \"%s\" must be a string, not %s", key,
		      kind_of(v));
		return NULL;
	}
	return json_string_value(v);
}

/* A client id ("id", "replaces"): 1..SUBMISSION_ID_MAX bytes, no control
 * characters. */
static const char *id_field(struct shape *sh, const json_t *obj, const char *key)
{
	const char *s = string_field(sh, obj, key);
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	if (!n || n > SUBMISSION_ID_MAX || has_control(s)) {
		wrong(
		    sh, key, json_object_get(obj, key),
		    "field \"%s\" must be 1 to %d characters without control characters",
		    key, SUBMISSION_ID_MAX);
		return NULL;
	}
	return s;
}

enum status submission_from_json(const json_t *obj, struct submission *out,
                                 json_t *problems, struct err *e)
{
	struct shape sh = {.problems = problems};
	const json_t *answers;
	const char *key;
	json_t *v;
	enum status rc = ST_OK;

	memset(out, 0, sizeof(*out));
	buf_init(&sh.msg, ERR_MSG_MAX - 1);
	if (!json_is_object(obj)) {
		wrong(&sh, "", obj, "a report must be a JSON object, not %s",
		      kind_of(obj));
		goto out;
	}
	json_object_foreach((json_t *)obj, key, v)
	{
		size_t i = 0;
		while (fields[i] && strcmp(fields[i], key))
			i++;
		if (!fields[i])
			wrong(&sh, key, v, "unknown field \"%.*s\" (the fields are %s)",
			      cut(key, 64), key, SUBMISSION_FIELDS);
	}
	out->client_id = id_field(&sh, obj, "id");
	out->replaces = id_field(&sh, obj, "replaces");
	out->form = string_field(&sh, obj, "form");
	out->station = string_field(&sh, obj, "station");
	out->observer = string_field(&sh, obj, "observer");
	out->observed_at = string_field(&sh, obj, "observed_at");
	out->comment = string_field(&sh, obj, "comment");
	if (out->comment) {
		size_t n = strlen(out->comment);
		if (utf8_count(out->comment, n) > SUBMISSION_COMMENT_MAX)
			wrong(&sh, "comment", NULL,
			      "field \"comment\" is longer than %d characters",
			      SUBMISSION_COMMENT_MAX);
	}
	answers = json_object_get(obj, "answers");
	if (answers && !json_is_null(answers) && !json_is_object(answers))
		wrong(&sh, "answers", answers,
		      "field \"answers\" must be an object of answers (tag -> value), "
		      "not %s",
		      kind_of(answers));
	else if (answers && json_is_object(answers))
		out->answers = (json_t *)answers;
out:
	if (sh.n) {
		rc = err_set(e, ST_INVALID, "%s", sh.msg.ptr);
		memset(out, 0, sizeof(*out));
	}
	buf_release(&sh.msg);
	return rc;
}

/* ------------------------------------------------------------- the text */

/* Where the reader is in the text: byte offset, line and column (columns
 * count characters, as jansson's do). */
struct cursor {
	const char *text;
	size_t len, pos;
	long line, col;
};

static void advance(struct cursor *c, size_t n)
{
	for (size_t i = 0; i < n && c->pos < c->len; i++) {
		unsigned char b = (unsigned char)c->text[c->pos++];
		if (b == '\n') {
			c->line++;
			c->col = 1;
		} else if ((b & 0xC0) != 0x80) {
			c->col++;
		}
	}
}

static void skip_space(struct cursor *c)
{
	while (c->pos < c->len && strchr(" \t\r\n", c->text[c->pos]) && c->text[c->pos])
		advance(c, 1);
}

static enum status fail_at(const struct cursor *c, struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum status fail_at(const struct cursor *c, struct err *e, const char *fmt, ...)
{
	char what[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return err_set(e, ST_INVALID, "line %ld, column %ld: %s", c->line, c->col, what);
}

/* Parse the object at the cursor and move past it; *obj is a new
 * reference.  what names the value in messages ("record 3: "). */
static enum status load_value(struct cursor *c, const char *what, json_t **obj,
                              struct err *e)
{
	json_error_t je;
	long line, col;

	*obj = json_loadb(c->text + c->pos, c->len - c->pos, LOAD_FLAGS, &je);
	if (!*obj) {
		line = je.line < 1 ? 1 : je.line;
		col = je.column < 1 ? 1 : je.column;
		if (line == 1)
			col += c->col - 1;
		line += c->line - 1;
		return err_set(e, ST_INVALID, "line %ld, column %ld: %s%s", line, col,
		               what, je.text);
	}
	advance(c, (size_t)je.position);
	return ST_OK;
}

void submission_batch_add(struct submission_batch *b, json_t *obj, long line)
{
	struct submission_record *r;
	struct err e;

	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 16;
		b->v = xrealloc(b->v, b->alloc * sizeof(*b->v));
	}
	r = &b->v[b->n++];
	memset(r, 0, sizeof(*r));
	r->obj = obj;
	r->index = b->n;
	r->line = line;
	r->problems = json_array();
	err_clear(&e);
	if (submission_from_json(obj, &r->sub, r->problems, &e)) {
		r->error = xstrdup(e.msg);
	} else {
		json_decref(r->problems);
		r->problems = NULL;
	}
}

static enum status parse_array(struct cursor *c, struct submission_batch *b,
                               struct err *e)
{
	char what[48];
	json_t *obj;
	enum status rc;

	advance(c, 1); /* [ */
	skip_space(c);
	if (c->pos < c->len && c->text[c->pos] == ']')
		return fail_at(c, e, "the array holds no reports");
	for (;;) {
		long line;
		skip_space(c);
		snprintf(what, sizeof(what), "record %zu: ", b->n + 1);
		if (c->pos >= c->len)
			return fail_at(c, e, "%sthe array is not closed with ']'", what);
		if (c->text[c->pos] != '{')
			return fail_at(c, e, "%sa report must be a JSON object", what);
		line = c->line;
		rc = load_value(c, what, &obj, e);
		if (rc)
			return rc;
		submission_batch_add(b, obj, line);
		skip_space(c);
		if (c->pos < c->len && c->text[c->pos] == ',') {
			advance(c, 1);
			continue;
		}
		if (c->pos < c->len && c->text[c->pos] == ']') {
			advance(c, 1);
			break;
		}
		return fail_at(c, e, "expected ',' or ']' after record %zu", b->n);
	}
	skip_space(c);
	if (c->pos < c->len)
		return fail_at(c, e, "unexpected text after the array of reports");
	return ST_OK;
}

/* Objects one after another, usually one per line. */
static enum status parse_stream(struct cursor *c, struct submission_batch *b,
                                struct err *e)
{
	json_t *obj;
	enum status rc;

	for (;;) {
		long line;
		skip_space(c);
		if (c->pos >= c->len)
			return ST_OK;
		if (c->text[c->pos] != '{')
			return fail_at(c, e,
			               "expected a report: a JSON object (or an array of "
			               "them, or one object per line)");
		line = c->line;
		rc = load_value(c, "", &obj, e);
		if (rc)
			return rc;
		submission_batch_add(b, obj, line);
	}
}

enum status submission_batch_parse(const char *text, size_t len,
                                   struct submission_batch *out, struct err *e)
{
	struct cursor c = {text, len, 0, 1, 1};
	enum status rc;

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		c.pos = 3;
	if (memchr(text, '\0', len))
		return err_set(e, ST_INVALID,
		               "the input holds a NUL byte: it is not JSON text");
	skip_space(&c);
	if (c.pos >= len)
		return err_set(e, ST_INVALID, "no report: the input is empty");
	if (text[c.pos] == '[') {
		out->format = SUBMISSION_ARRAY;
		rc = parse_array(&c, out, e);
	} else {
		rc = parse_stream(&c, out, e);
		out->format = out->n > 1 ? SUBMISSION_LINES : SUBMISSION_OBJECT;
	}
	if (rc)
		submission_batch_release(out);
	return rc;
}

void submission_batch_release(struct submission_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		json_decref(b->v[i].obj);
		json_decref(b->v[i].problems);
		free(b->v[i].error);
	}
	free(b->v);
	b->v = NULL;
	b->n = b->alloc = 0;
}

enum status submission_json_load(const char *text, size_t len, json_t **root,
                                 struct err *e)
{
	json_error_t je;

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	/* Most reports are plain JSON, read quickly; jansson reads the rest
	 * and words what is wrong with malformed text. */
	if (json_quick_load(text, len, root))
		return ST_OK;
	*root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!*root)
		return err_set(e, ST_INVALID, "line %d, column %d: %s",
		               je.line < 1 ? 1 : je.line, je.column < 1 ? 1 : je.column,
		               je.text);
	return ST_OK;
}

/* ------------------------------------------------------- stored reports */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* The JSON text t parsed, or fallback when t is NULL or not JSON. */
static json_t *parsed(const char *t, json_t *fallback)
{
	json_t *j = t ? json_loads(t, JSON_DECODE_ANY, NULL) : NULL;

	if (!j)
		return fallback;
	json_decref(fallback);
	return j;
}

json_t *stored_submission_to_json(const struct stored_submission *s)
{
	json_t *o = json_object(), *review = json_null();

	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "client_id", str_or_null(s->client_id));
	json_object_set_new(o, "replaces", str_or_null(s->replaces));
	json_object_set_new(o, "form", str_or_null(s->form));
	json_object_set_new(o, "form_version", json_integer(s->form_version));
	json_object_set_new(o, "station", str_or_null(s->station));
	json_object_set_new(o, "observer", str_or_null(s->observer));
	json_object_set_new(o, "observed_at", str_or_null(s->observed_at));
	json_object_set_new(o, "received_at", str_or_null(s->received_at));
	json_object_set_new(o, "channel", str_or_null(s->channel));
	json_object_set_new(o, "sent_by", str_or_null(s->sent_by));
	json_object_set_new(o, "origin", str_or_null(s->origin));
	json_object_set_new(o, "status", str_or_null(s->status));
	json_object_set_new(o, "version", json_integer(s->version));
	json_object_set_new(o, "supersedes", id_or_null(s->supersedes));
	json_object_set_new(o, "superseded_by", id_or_null(s->superseded_by));
	json_object_set_new(o, "answers", parsed(s->answers, json_object()));
	json_object_set_new(o, "comment", str_or_null(s->comment));
	json_object_set_new(o, "problems", parsed(s->problems, json_array()));
	if (s->reviewed_by || s->reviewed_at) {
		json_decref(review);
		review = json_pack("{s:o, s:o, s:o}", "by", str_or_null(s->reviewed_by),
		                   "at", str_or_null(s->reviewed_at), "note",
		                   str_or_null(s->review_note));
	}
	json_object_set_new(o, "review", review);
	return o;
}

json_t *submission_json_conflict(const struct conflict_row *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "station", str_or_null(c->station));
	json_object_set_new(o, "form", str_or_null(c->form));
	json_object_set_new(o, "tag", str_or_null(c->tag));
	json_object_set_new(o, "values", parsed(c->values, json_array()));
	json_object_set_new(o, "open", json_boolean(!c->resolved_value));
	json_object_set_new(o, "resolved_value", parsed(c->resolved_value, json_null()));
	json_object_set_new(o, "resolved_by", str_or_null(c->resolved_by));
	json_object_set_new(o, "resolved_at", str_or_null(c->resolved_at));
	return o;
}

json_t *submission_json_alert(const struct alert_row *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "submission", json_integer(a->submission_id));
	json_object_set_new(o, "station", str_or_null(a->station));
	json_object_set_new(o, "form", str_or_null(a->form));
	json_object_set_new(o, "tag", str_or_null(a->tag));
	json_object_set_new(o, "value", parsed(a->value, json_null()));
	json_object_set_new(o, "message", str_or_null(a->message));
	json_object_set_new(o, "created_at", str_or_null(a->created_at));
	return o;
}

json_t *submission_json_attachment(const struct attachment_row *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", str_or_null(a->name));
	json_object_set_new(o, "content_type", str_or_null(a->content_type));
	json_object_set_new(o, "size", json_integer(a->size));
	json_object_set_new(o, "hash", str_or_null(a->hash));
	return o;
}

/* len bytes of text as a JSON string, bytes that are not UTF-8 as '?'. */
static json_t *lossy_string(const char *s, size_t len)
{
	json_t *j;
	char *copy;

	if (utf8_valid(s, len))
		return json_stringn(s, len);
	copy = xmalloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)copy[i] >= 0x80 || !copy[i])
			copy[i] = '?';
	j = json_stringn(copy, len);
	free(copy);
	return j;
}

json_t *submission_json_received(const struct received_row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "channel", str_or_null(r->channel));
	json_object_set_new(o, "observer", str_or_null(r->observer));
	json_object_set_new(o, "received_at", str_or_null(r->received_at));
	json_object_set_new(o, "status", str_or_null(r->status));
	json_object_set_new(o, "problems", parsed(r->problems, json_array()));
	json_object_set_new(o, "raw",
	                    r->raw ? lossy_string(r->raw, r->raw_len) : json_string(""));
	return o;
}
