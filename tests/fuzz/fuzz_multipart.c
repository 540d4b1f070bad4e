/* fuzz_multipart.c - libFuzzer target for multipart/form-data: the input's
 * first line is a Content-Type, the rest a body.  The body is split with
 * that boundary (or "XYZ" when the header has none), zero-copy and copied,
 * with default and small limits, checking what multipart.h promises. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ingest/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void clean_string(const char *s)
{
	check(utf8_valid(s, strlen(s)));
	for (; *s; s++)
		check((unsigned char)*s >= 0x20 || *s == '\t');
}

/* A delimiter line may not start inside a part's body: "\r\n--boundary"
 * followed by a byte that makes it one. */
static void no_delimiter_inside(const struct multipart_part *p, const char *b, size_t bl)
{
	for (size_t i = 0; i + 5 + bl <= p->len; i++) {
		const char *s = p->body + i;
		char c = s[4 + bl];
		if (memcmp(s, "\r\n--", 4) || memcmp(s + 4, b, bl))
			continue;
		check(c != '\r' && c != '\n' && c != ' ' && c != '\t');
		check(!(c == '-' && i + 6 + bl <= p->len && s[5 + bl] == '-'));
	}
}

static void check_parts(const struct multipart *m, const char *body, size_t len,
                        const char *b, const struct multipart_limits *lim, bool copy)
{
	size_t bl = strlen(b), end = 0;

	check(m->nparts >= 1 && m->nparts <= lim->max_parts);
	for (size_t i = 0; i < m->nparts; i++) {
		const struct multipart_part *p = &m->parts[i];
		check(p->name && p->name[0]);
		clean_string(p->name);
		if (p->filename)
			clean_string(p->filename);
		if (p->content_type)
			clean_string(p->content_type);
		check(p->len <= lim->max_part);
		check(p->offset >= end && p->offset + p->len <= len);
		check(!memcmp(body + p->offset, p->body, p->len));
		if (copy)
			check(p->body[p->len] == '\0');
		else
			check(p->body == body + p->offset);
		/* the body ends where its delimiter starts */
		check(p->offset + p->len + 4 + bl <= len);
		check(!memcmp(body + p->offset + p->len, "\r\n--", 4));
		check(!memcmp(body + p->offset + p->len + 4, b, bl));
		no_delimiter_inside(p, b, bl);
		end = p->offset + p->len;
	}
}

static bool same_parts(const struct multipart *a, const struct multipart *b)
{
	if (a->nparts != b->nparts)
		return false;
	for (size_t i = 0; i < a->nparts; i++) {
		const struct multipart_part *p = &a->parts[i], *q = &b->parts[i];
		if (strcmp(p->name, q->name) || p->offset != q->offset ||
		    p->len != q->len || !p->filename != !q->filename ||
		    !p->content_type != !q->content_type ||
		    (p->filename && strcmp(p->filename, q->filename)) ||
		    (p->content_type && strcmp(p->content_type, q->content_type)))
			return false;
	}
	return true;
}

/* Split with lim, zero-copy and copied: both agree.  *out keeps the
 * zero-copy result. */
static enum status split(const char *body, size_t len, const char *b,
                         const struct multipart_limits *lim, struct multipart *out)
{
	struct multipart c;
	struct err e, ce;
	enum status rc, crc;
	const struct multipart_part *x;

	err_clear(&e);
	err_clear(&ce);
	rc = multipart_parse(body, len, b, 0, lim, out, &e);
	crc = multipart_parse(body, len, b, MULTIPART_COPY, lim, &c, &ce);
	check(rc == crc);
	if (rc) {
		check(rc == ST_INVALID || rc == ST_TOO_BIG);
		check(e.code == rc && e.msg[0] && !strcmp(e.msg, ce.msg));
		check(out->nparts == 0 && out->parts == NULL);
	} else {
		check_parts(out, body, len, b, lim, false);
		check_parts(&c, body, len, b, lim, true);
		check(same_parts(out, &c));
		if (multipart_xml_part(out, &x, &e) == ST_OK)
			check(x && !strcmp(x->name, MULTIPART_XML_PART) &&
			      multipart_find(out, MULTIPART_XML_PART) == x);
		else
			check(!x && e.msg[0]);
	}
	multipart_release(&c);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct multipart_limits defaults = {
	    MULTIPART_MAX_PARTS, MULTIPART_MAX_HEADER, MULTIPART_MAX_PART,
	    MULTIPART_MAX_TOTAL};
	const struct multipart_limits small = {3, 64, 32, 512};
	const char *nl = memchr(data, '\n', size);
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	struct multipart big, little;
	size_t hn = nl ? (size_t)(nl - (const char *)data) : size;
	const char *body = nl ? nl + 1 : "";
	size_t len = nl ? size - hn - 1 : 0;
	char *header = malloc(hn + 1);
	struct err e;
	enum status rc, src;

	memcpy(header, data, hn);
	header[hn] = '\0';
	err_clear(&e);
	rc = multipart_boundary(header, boundary, &e);
	if (rc) {
		check(rc == ST_INVALID || rc == ST_UNSUPPORTED);
		check(e.msg[0] && boundary[0] == '\0');
		memcpy(boundary, "XYZ", 4);
	} else {
		size_t bl = strlen(boundary);
		check(bl >= 1 && bl <= MULTIPART_BOUNDARY_MAX && boundary[bl - 1] != ' ');
		for (size_t i = 0; i < bl; i++)
			check(boundary[i] >= 0x20 && boundary[i] <= 0x7e);
	}
	free(header);

	rc = split(body, len, boundary, &defaults, &big);
	src = split(body, len, boundary, &small, &little);
	/* smaller limits refuse more, never differently */
	if (src == ST_OK)
		check(rc == ST_OK && same_parts(&big, &little));
	if (rc != ST_OK)
		check(src != ST_OK);
	if (rc == ST_INVALID)
		check(src == ST_INVALID || src == ST_TOO_BIG);
	multipart_release(&big);
	multipart_release(&little);
	return 0;
}
