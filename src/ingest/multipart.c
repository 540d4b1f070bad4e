/* multipart.c - multipart/form-data split into parts in one pass over the
 * whole body: delimiter lines, each part's header block (Content-Disposition
 * and Content-Type) and its bytes up to the next delimiter, every search
 * bounded by the limits so the work stays linear in the body. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "ingest/multipart.h"

#define VALUE_MAX 1024 /* bytes of one parameter's value */

/* ------------------------------------------------------------ the bytes */

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* A tchar of RFC 9110: the letters of header and parameter names. */
static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* A control character (tab excepted), refused in header values. */
static bool is_control(char c)
{
	unsigned char u = (unsigned char)c;

	return (u < 0x20 && c != '\t') || u == 0x7f;
}

/* [s, s+n) equals the NUL-terminated word, ignoring ASCII case. */
static bool ieq(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n && word[i]; i++) {
		char a = s[i], b = word[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return i == n && !word[i];
}

/* At most 64 bytes of s for messages, cut on a character boundary. */
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

/* ----------------------------------------------------------- parameters */

/* Parameters after a header value's first word: "; name=value" ... */
struct params {
	const char *s;
	size_t n, pos;
	const char *what; /* names the header in messages */
};

static void skip_ows(struct params *p)
{
	while (p->pos < p->n && is_ows(p->s[p->pos]))
		p->pos++;
}

/* The first word ("multipart/form-data", "form-data") as [*w, *w + *wn). */
static void first_word(struct params *p, const char **w, size_t *wn)
{
	size_t start;

	skip_ows(p);
	start = p->pos;
	while (p->pos < p->n && p->s[p->pos] != ';' && !is_ows(p->s[p->pos]))
		p->pos++;
	*w = p->s + start;
	*wn = p->pos - start;
}

/* A quoted-string's contents, backslash escapes undone, into value. */
static enum status quoted(struct params *p, struct buf *value, struct err *e)
{
	p->pos++; /* the opening quote */
	while (p->pos < p->n && p->s[p->pos] != '"') {
		char c = p->s[p->pos];
		if (c == '\\' && p->pos + 1 < p->n)
			c = p->s[++p->pos];
		if (is_control(c))
			return err_set(e, ST_INVALID,
			               "%s: a control character in a value", p->what);
		if (buf_appendc(value, c))
			return err_set(e, ST_INVALID, "%s: a value longer than %d bytes",
			               p->what, VALUE_MAX);
		p->pos++;
	}
	if (p->pos >= p->n)
		return err_set(e, ST_INVALID,
		               "%s: a quoted value is not closed with '\"'", p->what);
	p->pos++;
	return ST_OK;
}

/* The next parameter: its name as [*name, *name + *nn) and its value in
 * value; *nn is 0 at the end. */
static enum status next_param(struct params *p, const char **name, size_t *nn,
                              struct buf *value, struct err *e)
{
	size_t start;

	*nn = 0;
	buf_reset(value);
	skip_ows(p);
	if (p->pos >= p->n)
		return ST_OK;
	if (p->s[p->pos] != ';')
		return err_set(e, ST_INVALID, "%s: expected ';' at character %zu",
		               p->what, p->pos + 1);
	p->pos++;
	skip_ows(p);
	if (p->pos >= p->n)
		return ST_OK; /* a trailing ';' */
	start = p->pos;
	while (p->pos < p->n && is_tchar(p->s[p->pos]))
		p->pos++;
	if (p->pos == start || p->pos >= p->n || p->s[p->pos] != '=')
		return err_set(e, ST_INVALID,
		               "%s: expected a parameter name=value at character %zu",
		               p->what, start + 1);
	*name = p->s + start;
	*nn = p->pos - start;
	p->pos++;
	if (p->pos < p->n && p->s[p->pos] == '"')
		return quoted(p, value, e);
	while (p->pos < p->n && p->s[p->pos] != ';' && !is_ows(p->s[p->pos])) {
		char c = p->s[p->pos++];
		if (is_control(c) || c == '"')
			return err_set(e, ST_INVALID, "%s: a bad character in a value",
			               p->what);
		if (buf_appendc(value, c))
			return err_set(e, ST_INVALID, "%s: a value longer than %d bytes",
			               p->what, VALUE_MAX);
	}
	return ST_OK;
}

/* ------------------------------------------------------------- boundary */

static enum status check_boundary(const struct buf *b, struct err *e)
{
	if (!b->len)
		return err_set(e, ST_INVALID, "Content-Type: the boundary is empty");
	if (b->len > MULTIPART_BOUNDARY_MAX)
		return err_set(e, ST_INVALID,
		               "Content-Type: the boundary is longer than %d characters",
		               MULTIPART_BOUNDARY_MAX);
	for (size_t i = 0; i < b->len; i++)
		if ((unsigned char)b->ptr[i] < 0x20 || (unsigned char)b->ptr[i] > 0x7e)
			return err_set(
			    e, ST_INVALID,
			    "Content-Type: the boundary must be printable ASCII");
	if (b->ptr[b->len - 1] == ' ')
		return err_set(e, ST_INVALID,
		               "Content-Type: the boundary ends in a space");
	return ST_OK;
}

enum status multipart_boundary(const char *content_type,
                               char out[MULTIPART_BOUNDARY_MAX + 1], struct err *e)
{
	struct params p = {content_type, content_type ? strlen(content_type) : 0, 0,
	                   "Content-Type"};
	struct buf value;
	const char *w, *name;
	size_t wn, nn;
	bool found = false;
	enum status rc;

	out[0] = '\0';
	if (!content_type)
		return err_set(e, ST_UNSUPPORTED,
		               "no Content-Type: a submission is multipart/form-data");
	first_word(&p, &w, &wn);
	if (!ieq(w, wn, "multipart/form-data"))
		return err_set(e, ST_UNSUPPORTED,
		               "Content-Type \"%.*s\" is not multipart/form-data",
		               (int)(wn > 64 ? 64 : wn), w);
	buf_init(&value, VALUE_MAX);
	for (;;) {
		rc = next_param(&p, &name, &nn, &value, e);
		if (rc || !nn)
			break;
		if (!ieq(name, nn, "boundary"))
			continue;
		if (found) {
			rc = err_set(e, ST_INVALID,
			             "Content-Type: the boundary is given twice");
			break;
		}
		found = true;
		rc = check_boundary(&value, e);
		if (rc)
			break;
		memcpy(out, value.ptr, value.len + 1);
	}
	if (!rc && !found)
		rc = err_set(e, ST_INVALID,
		             "Content-Type: multipart/form-data without a "
		             "boundary parameter");
	if (rc)
		out[0] = '\0';
	buf_release(&value);
	return rc;
}

/* ------------------------------------------------------------ the parts */

struct splitter {
	const char *body;
	size_t len;
	const char *boundary;
	size_t blen;
	unsigned flags;
	struct multipart_limits lim;
	struct multipart *out;
	size_t alloc;
	struct buf value; /* a parameter's value */
	struct err *e;
};

/* Copy [s, s+n) into the arena, NUL-terminated. */
static const char *keep(struct splitter *sp, const char *s, size_t n)
{
	return arena_strndup(&sp->out->arena, s, n);
}

/* Content-Disposition: form-data; name="..."; filename="...". */
static enum status disposition(struct splitter *sp, struct multipart_part *part,
                               const char *v, size_t n, size_t k, struct err *e)
{
	char what[48];
	struct params p = {v, n, 0, what};
	const char *w, *name;
	size_t wn, nn;
	enum status rc;

	snprintf(what, sizeof(what), "part %zu: Content-Disposition", k);
	first_word(&p, &w, &wn);
	if (!ieq(w, wn, "form-data"))
		return err_set(e, ST_INVALID, "%s is not form-data", what);
	for (;;) {
		rc = next_param(&p, &name, &nn, &sp->value, e);
		if (rc || !nn)
			return rc;
		if (!utf8_valid(sp->value.ptr, sp->value.len))
			return err_set(e, ST_INVALID, "%s: a value is not UTF-8", what);
		if (ieq(name, nn, "name")) {
			if (part->name)
				return err_set(e, ST_INVALID,
				               "%s: the name is given twice", what);
			if (!sp->value.len)
				return err_set(e, ST_INVALID, "%s: the name is empty",
				               what);
			part->name = keep(sp, sp->value.ptr, sp->value.len);
		} else if (ieq(name, nn, "filename")) {
			if (part->filename)
				return err_set(e, ST_INVALID,
				               "%s: the filename is given twice", what);
			part->filename = keep(sp, sp->value.ptr, sp->value.len);
		}
	}
}

/* One header line [s, s+n) of part k, which starts at byte at. */
static enum status header_line(struct splitter *sp, struct multipart_part *part,
                               const char *s, size_t n, size_t k, size_t at,
                               bool *had_disposition, struct err *e)
{
	const char *colon = memchr(s, ':', n);
	const char *v;
	size_t nn, vn;

	if (is_ows(s[0]))
		return err_set(e, ST_INVALID,
		               "byte %zu: part %zu: folded header lines are not accepted",
		               at, k);
	if (!colon)
		return err_set(e, ST_INVALID,
		               "byte %zu: part %zu: a header line without ':'", at, k);
	nn = (size_t)(colon - s);
	for (size_t i = 0; i < nn; i++)
		if (!is_tchar(s[i]))
			return err_set(
			    e, ST_INVALID,
			    "byte %zu: part %zu: a bad character in a header name",
			    at + i, k);
	if (!nn)
		return err_set(e, ST_INVALID,
		               "byte %zu: part %zu: a header without a name", at, k);
	v = colon + 1;
	vn = n - nn - 1;
	for (size_t i = 0; i < vn; i++)
		if (is_control(v[i]))
			return err_set(
			    e, ST_INVALID,
			    "byte %zu: part %zu: a control character in a header",
			    at + nn + 1 + i, k);
	while (vn && is_ows(*v)) {
		v++;
		vn--;
	}
	while (vn && is_ows(v[vn - 1]))
		vn--;
	if (ieq(s, nn, "Content-Disposition")) {
		if (*had_disposition)
			return err_set(e, ST_INVALID,
			               "part %zu: Content-Disposition is given twice", k);
		*had_disposition = true;
		return disposition(sp, part, v, vn, k, e);
	}
	if (ieq(s, nn, "Content-Type")) {
		if (part->content_type)
			return err_set(e, ST_INVALID,
			               "part %zu: Content-Type is given twice", k);
		if (!utf8_valid(v, vn))
			return err_set(e, ST_INVALID,
			               "part %zu: Content-Type is not UTF-8", k);
		part->content_type = keep(sp, v, vn);
	}
	return ST_OK;
}

static enum status ends_early(struct err *e)
{
	return err_set(e, ST_INVALID, "the body ends before the closing boundary");
}

/* The header block of part k from *pos up to and past its empty line. */
static enum status headers(struct splitter *sp, struct multipart_part *part, size_t k,
                           size_t *pos, struct err *e)
{
	size_t start = *pos, end;
	bool had_disposition = false;
	enum status rc;

	/* The block, with its CRLF CRLF, must lie within [start, end). */
	end = sp->len - start > sp->lim.max_header ? start + sp->lim.max_header : sp->len;
	for (;;) {
		const char *nl = memchr(sp->body + *pos, '\n', end - *pos);
		size_t at = *pos, lf;
		if (!nl) {
			if (end < sp->len)
				return err_set(
				    e, ST_TOO_BIG,
				    "part %zu: the header is longer than %zu bytes", k,
				    sp->lim.max_header);
			return ends_early(e);
		}
		lf = (size_t)(nl - sp->body);
		if (lf == at || sp->body[lf - 1] != '\r')
			return err_set(
			    e, ST_INVALID,
			    "byte %zu: part %zu: a header line ends with a bare "
			    "LF: line ends must be CRLF",
			    lf, k);
		*pos = lf + 1;
		if (lf - 1 == at)
			break; /* the empty line */
		rc = header_line(sp, part, sp->body + at, lf - 1 - at, k, at,
		                 &had_disposition, e);
		if (rc)
			return rc;
	}
	if (!had_disposition)
		return err_set(e, ST_INVALID, "part %zu: no Content-Disposition header",
		               k);
	if (!part->name)
		return err_set(e, ST_INVALID, "part %zu: Content-Disposition has no name",
		               k);
	return ST_OK;
}

/* True when "--boundary" at off starts a delimiter line: it is followed
 * by the end of the body, "--", white space or a line end.  Otherwise it is
 * content ("--boundaryX" does not end a part). */
static bool delimiter_at(const struct splitter *sp, size_t off)
{
	size_t q = off + 2 + sp->blen;

	if (sp->len - off < 2 + sp->blen || memcmp(sp->body + off, "--", 2) ||
	    memcmp(sp->body + off + 2, sp->boundary, sp->blen))
		return false;
	if (q == sp->len)
		return true;
	if (sp->body[q] == '-')
		return q + 1 < sp->len && sp->body[q + 1] == '-';
	return is_ows(sp->body[q]) || sp->body[q] == '\r' || sp->body[q] == '\n';
}

/* The offset of the next "\r\n" that starts a delimiter line, at or after
 * from and within max bytes; sp->len when there is none. */
static size_t find_delimiter(const struct splitter *sp, size_t from, size_t max)
{
	size_t need = 4 + sp->blen, span = sp->len - from;
	const char *hit;

	if (span > max)
		span = max;
	for (const char *s = sp->body + from, *end = s + span; s + need <= end;) {
		hit = memmem(s, (size_t)(end - s), "\r\n--", 4);
		if (!hit || (size_t)(end - hit) < need)
			break;
		if (delimiter_at(sp, (size_t)(hit - sp->body) + 2))
			return (size_t)(hit - sp->body);
		s = hit + 1;
	}
	return sp->len;
}

/* The rest of a delimiter line from pos, just after "--boundary": *closing
 * tells the closing delimiter; else *pos moves past its CRLF. */
static enum status delimiter_end(struct splitter *sp, size_t *pos, bool *closing,
                                 struct err *e)
{
	const char *b = sp->body;
	size_t q = *pos;

	*closing = sp->len - q >= 2 && b[q] == '-' && b[q + 1] == '-';
	if (*closing)
		return ST_OK;
	while (q < sp->len && is_ows(b[q]))
		q++; /* transport padding */
	if (q >= sp->len || (b[q] == '\r' && q + 1 == sp->len))
		return ends_early(e);
	if (b[q] == '\r' && b[q + 1] == '\n') {
		*pos = q + 2;
		return ST_OK;
	}
	if (b[q] == '\n')
		return err_set(
		    e, ST_INVALID,
		    "byte %zu: the boundary line ends with a bare LF: line ends "
		    "must be CRLF",
		    q);
	return err_set(e, ST_INVALID, "byte %zu: unexpected text after the boundary", q);
}

/* A new part at the end of the list. */
static struct multipart_part *add_part(struct splitter *sp)
{
	struct multipart *m = sp->out;

	if (m->nparts == sp->alloc) {
		sp->alloc = sp->alloc ? 2 * sp->alloc : 8;
		m->parts = xrealloc(m->parts, sp->alloc * sizeof(*m->parts));
	}
	memset(&m->parts[m->nparts], 0, sizeof(m->parts[0]));
	return &m->parts[m->nparts++];
}

/* Part k: headers from *pos, then the body up to the next delimiter; *pos
 * ends just after the "--boundary" that follows. */
static enum status one_part(struct splitter *sp, size_t k, size_t *pos, struct err *e)
{
	struct multipart_part *part = add_part(sp);
	size_t end;
	enum status rc;

	rc = headers(sp, part, k, pos, e);
	if (rc)
		return rc;
	/* A part of max_part bytes is followed by its delimiter within this. */
	end = find_delimiter(sp, *pos, sp->lim.max_part + 4 + sp->blen);
	if (end == sp->len) {
		if (sp->len - *pos > sp->lim.max_part + 4 + sp->blen)
			return err_set(e, ST_TOO_BIG,
			               "part %zu (\"%.*s\"): more than %zu bytes", k,
			               cut(part->name), part->name, sp->lim.max_part);
		return ends_early(e);
	}
	part->offset = *pos;
	part->len = end - *pos;
	part->body = sp->body + *pos;
	if (sp->flags & MULTIPART_COPY)
		part->body = keep(sp, part->body, part->len);
	*pos = end + 4 + sp->blen;
	return ST_OK;
}

static void set_limits(struct splitter *sp, const struct multipart_limits *lim)
{
	sp->lim.max_parts = lim && lim->max_parts ? lim->max_parts : MULTIPART_MAX_PARTS;
	sp->lim.max_header =
	    lim && lim->max_header ? lim->max_header : MULTIPART_MAX_HEADER;
	sp->lim.max_part = lim && lim->max_part ? lim->max_part : MULTIPART_MAX_PART;
	sp->lim.max_total = lim && lim->max_total ? lim->max_total : MULTIPART_MAX_TOTAL;
}

/* Move *pos just after the first "--boundary" (at the start of the body
 * or of a line); false when there is none. */
static bool first_delimiter(const struct splitter *sp, size_t *pos)
{
	size_t d;

	if (delimiter_at(sp, 0)) {
		*pos = 2 + sp->blen;
		return true;
	}
	d = find_delimiter(sp, 0, sp->len);
	*pos = d + 4 + sp->blen;
	return d < sp->len;
}

enum status multipart_parse(const char *body, size_t len, const char *boundary,
                            unsigned flags, const struct multipart_limits *lim,
                            struct multipart *out, struct err *e)
{
	struct splitter sp = {.body = body,
	                      .len = len,
	                      .boundary = boundary,
	                      .blen = strlen(boundary),
	                      .flags = flags};
	size_t pos = 0;
	bool closing = false;
	enum status rc = ST_OK;

	memset(out, 0, sizeof(*out));
	sp.out = out;
	set_limits(&sp, lim);
	buf_init(&sp.value, VALUE_MAX);
	if (!sp.blen || sp.blen > MULTIPART_BOUNDARY_MAX) {
		rc = err_set(e, ST_INVALID, "the boundary must be 1 to %d bytes",
		             MULTIPART_BOUNDARY_MAX);
		goto out;
	}
	if (len > sp.lim.max_total) {
		rc = err_set(e, ST_TOO_BIG, "the body is %zu bytes, more than %zu", len,
		             sp.lim.max_total);
		goto out;
	}
	if (!first_delimiter(&sp, &pos)) {
		rc = err_set(
		    e, ST_INVALID,
		    "no delimiter line \"--%.*s\" in the body: not multipart with "
		    "this boundary",
		    cut(boundary), boundary);
		goto out;
	}
	for (;;) {
		rc = delimiter_end(&sp, &pos, &closing, e);
		if (rc || closing)
			break;
		if (out->nparts == sp.lim.max_parts) {
			rc = err_set(e, ST_TOO_BIG, "more than %zu parts",
			             sp.lim.max_parts);
			break;
		}
		rc = one_part(&sp, out->nparts + 1, &pos, e);
		if (rc)
			break;
	}
	if (!rc && !out->nparts)
		rc = err_set(e, ST_INVALID, "the body holds no parts");
out:
	buf_release(&sp.value);
	if (rc)
		multipart_release(out);
	return rc;
}

/* ------------------------------------------------------------- finding */

const struct multipart_part *multipart_find(const struct multipart *m, const char *name)
{
	for (size_t i = 0; i < m->nparts; i++)
		if (!strcmp(m->parts[i].name, name))
			return &m->parts[i];
	return NULL;
}

enum status multipart_xml_part(const struct multipart *m,
                               const struct multipart_part **part, struct err *e)
{
	struct buf names;
	size_t n = 0;
	enum status rc = ST_OK;

	*part = NULL;
	for (size_t i = 0; i < m->nparts; i++)
		if (!strcmp(m->parts[i].name, MULTIPART_XML_PART) && !n++)
			*part = &m->parts[i];
	if (n == 1)
		return ST_OK;
	*part = NULL;
	if (n > 1)
		return err_set(e, ST_INVALID, "%zu parts are named %s: one is expected",
		               n, MULTIPART_XML_PART);
	buf_init(&names, 300);
	for (size_t i = 0; i < m->nparts; i++)
		if (buf_appendf(&names, "%s\"%.*s\"", i ? ", " : "",
		                cut(m->parts[i].name), m->parts[i].name))
			break;
	rc = err_set(e, ST_INVALID, "no part named %s (the parts are: %s)",
	             MULTIPART_XML_PART, m->nparts ? names.ptr : "none");
	buf_release(&names);
	return rc;
}

void multipart_release(struct multipart *m)
{
	free(m->parts);
	arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}
