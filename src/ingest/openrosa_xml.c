/* openrosa_xml.c - an OpenRosa submission instance read with expat: the
 * root's attributes, the fields and answers among its children, meta's
 * IDs; any DOCTYPE stops the parser, and every limit is checked as the
 * events arrive, so hostile input costs little time and no memory. */
#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/strmap.h"
#include "core/text.h"
#include "ingest/openrosa_xml.h"
#include "ingest/submission_json.h"

#define CHUNK (1u << 20) /* bytes handed to expat at a time */

/* What the element being read gives. */
enum field {
	F_NONE,
	F_STATION,
	F_OBSERVER,
	F_COMMENT,
	F_ANSWER,
	F_INSTANCE_ID,
	F_DEPRECATED_ID
};

/* What a parse reads: the whole instance, nesting in unknown elements
 * skipped when there is a form (READ_ALL) or refused as without one
 * (READ_STRICT); or the root's claims alone (READ_CLAIMS). */
enum reading {
	READ_ALL,
	READ_STRICT,
	READ_CLAIMS,
};

/* Where an element started, for "first at line 3". */
struct pos {
	unsigned long line, col;
};

struct reader {
	XML_Parser p;
	const struct form *form;
	struct openrosa_xml_limits lim;
	struct openrosa_instance *out;
	struct err *e;
	enum status rc;
	unsigned depth;
	size_t elements;
	bool in_meta;
	/* the field being read */
	enum field field;
	unsigned field_depth;
	const char *name; /* its local name, in the arena */
	struct pos at;
	struct buf text;
	struct strmap seen; /* "station", "A", "meta/instanceID" -> struct pos */
	const char *prefix; /* the root's odk:prefix */
	enum reading how;
	bool root_read; /* READ_CLAIMS: stopped after the root's start tag */
};

/* ------------------------------------------------------------- failing */

static void fail_at(struct reader *r, enum status code, struct pos at, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));

/* Record the first failure and stop expat. */
static void fail_at(struct reader *r, enum status code, struct pos at, const char *fmt,
                    ...)
{
	char what[800];
	va_list ap;

	if (r->rc)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	r->rc = err_set(r->e, code, "line %lu, column %lu: %s", at.line, at.col, what);
	XML_StopParser(r->p, XML_FALSE);
}

static struct pos here(const struct reader *r)
{
	struct pos at = {XML_GetCurrentLineNumber(r->p),
	                 XML_GetCurrentColumnNumber(r->p) + 1};
	return at;
}

/* At most 64 bytes of a name for messages, cut on a character boundary. */
static int cut(const char *s)
{
	size_t n = strlen(s);

	if (n <= 64)
		return (int)n;
	n = 64;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* ----------------------------------------------------------- the text */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* [*s, *s + *n) without XML white space at both ends. */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

/* The name without its namespace prefix: "orx:meta" -> "meta" (but "a:"
 * stays itself: without namespaces it is a name like any other). */
static const char *local_name(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon && colon[1] ? colon + 1 : name;
}

/* A whole decimal integer in [s, s+n). */
static bool whole(const char *s, size_t n, int64_t *v)
{
	char tmp[32];

	if (!n || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return text_int64(tmp, INT64_MIN, INT64_MAX, v);
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ODK's time "07:45:00.000+06:00" (or "07:45") as "07:45", or NULL. */
static json_t *clock_time(const char *s, size_t n)
{
	int h, m;

	if (n < 5 || !digit(s[0]) || !digit(s[1]) || s[2] != ':' || !digit(s[3]) ||
	    !digit(s[4]) || (n > 5 && s[5] != ':'))
		return NULL;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return NULL;
	return json_stringn(s, 5);
}

/* ODK's "3 1 2" as [3, 1, 2], or NULL when a value is not a number. */
static json_t *value_list(const char *s, size_t n)
{
	json_t *a = json_array();
	size_t i = 0;
	int64_t v;

	while (i < n) {
		size_t start;
		while (i < n && is_space(s[i]))
			i++;
		start = i;
		while (i < n && !is_space(s[i]))
			i++;
		if (i == start)
			break;
		if (!whole(s + start, i - start, &v)) {
			json_decref(a);
			return NULL;
		}
		json_array_append_new(a, json_integer(v));
	}
	return a;
}

/* The answer to q (may be NULL) from its text [s, s+n) as sent; NULL when
 * the text is not valid UTF-8 (expat's never is). */
static json_t *answer_value(const struct form_question *q, const char *s, size_t n)
{
	const char *t = s;
	size_t tn = n;
	json_t *j = NULL;
	int64_t v;

	trim(&t, &tn);
	if (!q)
		return json_stringn(s, n);
	switch (q->type) {
	case QT_YESNO:
		if (tn == 1 && (t[0] == '0' || t[0] == '1'))
			j = json_integer(t[0] - '0');
		break;
	case QT_INTEGER:
	case QT_SELECT_ONE:
		if (whole(t, tn, &v))
			j = json_integer(v);
		break;
	case QT_RATING:
		if (tn == 1 && t[0] >= '1' && t[0] <= '4')
			j = json_integer(t[0] - '0');
		break;
	case QT_SELECT_MULTIPLE:
		j = value_list(t, tn);
		break;
	case QT_TIME:
		j = clock_time(t, tn);
		break;
	case QT_TEXT:
		break;
	}
	return j ? j : json_stringn(s, n);
}

/* ------------------------------------------------------------ the fields */

static const char *field_label(enum field f)
{
	switch (f) {
	case F_STATION:
		return "station";
	case F_OBSERVER:
		return "observer";
	case F_COMMENT:
		return "comment";
	case F_INSTANCE_ID:
		return "meta/instanceID";
	case F_DEPRECATED_ID:
		return "meta/deprecatedID";
	default:
		return NULL;
	}
}

/* Start reading an element whose text is a field; key names it among the
 * elements already seen. */
static void begin_field(struct reader *r, enum field f, const char *name)
{
	struct arena *a = &r->out->arena;
	const char *key = field_label(f) ? field_label(f) : name;
	struct pos *at = arena_alloc(a, sizeof(*at));
	void *first = NULL;

	*at = here(r);
	if (!strmap_add(&r->seen, arena_strdup(a, key), at, &first)) {
		const struct pos *p = first;
		fail_at(r, ST_INVALID, *at,
		        "element <%.*s> appears twice (first at line %lu)", cut(name),
		        name, p->line);
		return;
	}
	r->field = f;
	r->field_depth = r->depth;
	r->name = arena_strdup(a, name);
	r->at = *at;
	buf_reset(&r->text);
}

/* The trimmed text as a string in the arena, NULL when empty. */
static const char *trimmed(struct reader *r)
{
	const char *s = r->text.ptr;
	size_t n = r->text.len;

	trim(&s, &n);
	return n ? arena_strndup(&r->out->arena, s, n) : NULL;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* A client id: 1..SUBMISSION_ID_MAX bytes without control characters. */
static const char *client_id(struct reader *r)
{
	const char *id = trimmed(r);

	if (id && (strlen(id) > SUBMISSION_ID_MAX || has_control(id))) {
		fail_at(r, ST_INVALID, r->at,
		        "element <%s>: an ID must be 1 to %d characters without "
		        "control characters",
		        r->name, SUBMISSION_ID_MAX);
		return NULL;
	}
	return id;
}

static void end_answer(struct reader *r)
{
	const struct form_question *q = r->form ? form_question(r->form, r->name) : NULL;
	const char *s = r->text.ptr;
	size_t n = r->text.len;
	json_t *v;

	trim(&s, &n);
	if (!n && (q || !r->form))
		return; /* not answered; an unknown tag is kept to be reported */
	v = answer_value(q, r->text.ptr, r->text.len);
	if (!v) {
		fail_at(r, ST_INVALID, r->at, "element <%.*s>: the text is not UTF-8",
		        cut(r->name), r->name);
		return;
	}
	json_object_set_new(r->out->sub.answers, r->name, v);
}

static void end_field(struct reader *r)
{
	struct submission *sub = &r->out->sub;
	const char *s = r->text.ptr;
	size_t n = r->text.len;

	switch (r->field) {
	case F_STATION:
		sub->station = trimmed(r);
		break;
	case F_OBSERVER:
		sub->observer = trimmed(r);
		break;
	case F_COMMENT:
		trim(&s, &n);
		if (!n)
			break;
		if (utf8_count(r->text.ptr, r->text.len) > SUBMISSION_COMMENT_MAX) {
			fail_at(r, ST_INVALID, r->at,
			        "element <comment> is longer than %d characters",
			        SUBMISSION_COMMENT_MAX);
			break;
		}
		sub->comment = arena_strndup(&r->out->arena, r->text.ptr, r->text.len);
		break;
	case F_INSTANCE_ID:
		sub->client_id = client_id(r);
		break;
	case F_DEPRECATED_ID:
		sub->replaces = client_id(r);
		break;
	case F_ANSWER:
		end_answer(r);
		break;
	case F_NONE:
		break;
	}
	r->field = F_NONE;
}

/* ---------------------------------------------------------- the events */

static void root_attributes(struct reader *r, const XML_Char **atts)
{
	struct openrosa_instance *in = r->out;

	for (size_t i = 0; atts[i]; i += 2) {
		const char *name = local_name(atts[i]), *v = atts[i + 1];
		if (!strcmp(name, "id") && !in->form_id)
			in->form_id = arena_strdup(&in->arena, v);
		else if (!strcmp(name, "version") && !in->version)
			in->version = arena_strdup(&in->arena, v);
		else if (!strcmp(name, "prefix") && !r->prefix)
			r->prefix = arena_strdup(&in->arena, v);
	}
}

static void on_start(void *data, const XML_Char *qname, const XML_Char **atts)
{
	struct reader *r = data;
	const char *name = local_name(qname);

	if (r->rc)
		return;
	r->depth++;
	if (++r->elements > r->lim.max_elements) {
		fail_at(r, ST_TOO_BIG, here(r), "more than %zu elements",
		        r->lim.max_elements);
		return;
	}
	if (r->depth > r->lim.max_depth) {
		fail_at(r, ST_TOO_BIG, here(r),
		        "element <%.*s> is nested more than %u deep", cut(name), name,
		        r->lim.max_depth);
		return;
	}
	if (r->depth == 1) {
		root_attributes(r, atts);
		if (r->how == READ_CLAIMS) {
			r->root_read = true;
			XML_StopParser(r->p, XML_FALSE);
		}
		return;
	}
	if (r->field != F_NONE) {
		/* Elements inside an unknown one are skipped with it. */
		if (r->field == F_ANSWER && r->form && r->how != READ_STRICT &&
		    !form_question(r->form, r->name))
			return;
		fail_at(r, ST_INVALID, here(r),
		        "element <%.*s> inside <%.*s>: an answer holds only text",
		        cut(name), name, cut(r->name), r->name);
		return;
	}
	if (r->depth == 2) {
		if (!strcmp(name, "meta"))
			r->in_meta = true;
		else if (!strcmp(name, "station"))
			begin_field(r, F_STATION, name);
		else if (!strcmp(name, "observer"))
			begin_field(r, F_OBSERVER, name);
		else if (!strcmp(name, "comment"))
			begin_field(r, F_COMMENT, name);
		else
			begin_field(r, F_ANSWER, name);
	} else if (r->depth == 3 && r->in_meta) {
		if (!strcmp(name, "instanceID"))
			begin_field(r, F_INSTANCE_ID, name);
		else if (!strcmp(name, "deprecatedID"))
			begin_field(r, F_DEPRECATED_ID, name);
		/* other children of meta are ODK's own: ignored */
	}
}

static void on_end(void *data, const XML_Char *qname)
{
	struct reader *r = data;

	if (r->rc)
		return;
	if (r->field != F_NONE && r->depth == r->field_depth)
		end_field(r);
	if (r->depth == 2)
		r->in_meta = false;
	r->depth--;
}

static void on_text(void *data, const XML_Char *s, int len)
{
	struct reader *r = data;

	if (r->rc || r->field == F_NONE || r->depth != r->field_depth)
		return;
	if (buf_append(&r->text, s, (size_t)len))
		fail_at(r, ST_TOO_BIG, r->at, "element <%.*s> holds more than %zu bytes",
		        cut(r->name), r->name, r->lim.max_value);
}

static void on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                       const XML_Char *pubid, int has_internal_subset)
{
	struct reader *r = data;

	fail_at(r, ST_INVALID, here(r),
	        "a DOCTYPE is not accepted: XML entity declarations are not accepted");
}

static void on_entity(void *data, const XML_Char *name, int is_parameter,
                      const XML_Char *value, int value_len, const XML_Char *base,
                      const XML_Char *sysid, const XML_Char *pubid,
                      const XML_Char *notation)
{
	struct reader *r = data;

	fail_at(r, ST_INVALID, here(r), "XML entity declarations are not accepted");
}

/* ------------------------------------------------------------- the parse */

/* The form and mission the root's prefix and id claim. */
static void claims(struct reader *r)
{
	struct openrosa_instance *in = r->out;
	const char *id = in->form_id, *last;
	size_t n, fn;

	if (r->prefix && *r->prefix)
		in->sub.form = r->prefix;
	if (!id)
		return;
	n = strlen(id);
	fn = in->sub.form ? strlen(in->sub.form) : 0;
	if (fn && n > fn + 1 && id[n - fn - 1] == '_' &&
	    !strcmp(id + n - fn, in->sub.form)) {
		in->mission = arena_strndup(&in->arena, id, n - fn - 1);
		return;
	}
	last = strrchr(id, '_');
	if (!last)
		return;
	if (last > id)
		in->mission = arena_strndup(&in->arena, id, (size_t)(last - id));
	if (!in->sub.form && last[1])
		in->sub.form = last + 1;
}

static void set_limits(struct reader *r, const struct openrosa_xml_limits *lim)
{
	r->lim.max_bytes =
	    lim && lim->max_bytes ? lim->max_bytes : OPENROSA_XML_MAX_BYTES;
	r->lim.max_depth =
	    lim && lim->max_depth ? lim->max_depth : OPENROSA_XML_MAX_DEPTH;
	r->lim.max_elements =
	    lim && lim->max_elements ? lim->max_elements : OPENROSA_XML_MAX_ELEMENTS;
	r->lim.max_value =
	    lim && lim->max_value ? lim->max_value : OPENROSA_XML_MAX_VALUE;
}

/* Hand the text to expat; on malformed XML, say where and what. */
static void feed(struct reader *r, const char *xml, size_t len)
{
	size_t done = 0;

	do {
		size_t n = len - done < CHUNK ? len - done : CHUNK;
		int final = done + n == len;
		if (XML_Parse(r->p, xml + done, (int)n, final) != XML_STATUS_OK) {
			struct pos at = here(r);
			if (r->root_read && XML_GetErrorCode(r->p) == XML_ERROR_ABORTED)
				return; /* READ_CLAIMS: stopped once they were read */
			if (!r->rc)
				r->rc = err_set(r->e, ST_INVALID,
				                "line %lu, column %lu: malformed XML: %s",
				                at.line, at.col,
				                XML_ErrorString(XML_GetErrorCode(r->p)));
			return;
		}
		done += n;
	} while (done < len);
}

static enum status parse(const char *xml, size_t len, const struct form *form,
                         const struct openrosa_xml_limits *lim, enum reading how,
                         struct openrosa_instance *out, struct err *e)
{
	struct reader r = {.form = form, .out = out, .e = e, .how = how};

	memset(out, 0, sizeof(*out));
	out->sub.channel = "odk";
	out->sub.answers = json_object();
	set_limits(&r, lim);
	if (len > r.lim.max_bytes)
		return err_set(e, ST_TOO_BIG, "the XML is %zu bytes, more than %zu", len,
		               r.lim.max_bytes);
	r.p = XML_ParserCreate(NULL);
	if (!r.p)
		return err_set(e, ST_NOMEM, "cannot create an XML parser");
	buf_init(&r.text, r.lim.max_value);
	strmap_init(&r.seen);
	XML_SetUserData(r.p, &r);
	XML_SetElementHandler(r.p, on_start, on_end);
	XML_SetCharacterDataHandler(r.p, on_text);
	XML_SetStartDoctypeDeclHandler(r.p, on_doctype);
	XML_SetEntityDeclHandler(r.p, on_entity);
	XML_SetParamEntityParsing(r.p, XML_PARAM_ENTITY_PARSING_NEVER);
	feed(&r, xml, len);
	if (!r.rc && how == READ_CLAIMS && !r.root_read)
		r.rc = err_set(e, ST_INVALID, "the XML has no root element");
	if (!r.rc)
		claims(&r);
	XML_ParserFree(r.p);
	buf_release(&r.text);
	strmap_release(&r.seen);
	return r.rc;
}

enum status openrosa_xml_parse(const char *xml, size_t len, const struct form *form,
                               const struct openrosa_xml_limits *lim,
                               struct openrosa_instance *out, struct err *e)
{
	return parse(xml, len, form, lim, READ_ALL, out, e);
}

enum status openrosa_xml_parse_strict(const char *xml, size_t len,
                                      const struct form *form,
                                      const struct openrosa_xml_limits *lim,
                                      struct openrosa_instance *out, struct err *e)
{
	return parse(xml, len, form, lim, READ_STRICT, out, e);
}

enum status openrosa_xml_claims(const char *xml, size_t len,
                                struct openrosa_instance *out, struct err *e)
{
	return parse(xml, len, NULL, NULL, READ_CLAIMS, out, e);
}

void openrosa_instance_release(struct openrosa_instance *in)
{
	json_decref(in->sub.answers);
	arena_release(&in->arena);
	memset(in, 0, sizeof(*in));
}
