/* buf.c - growable byte buffer with a hard cap. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

static char empty_buf[1];

void buf_init(struct buf *b, size_t cap)
{
	b->ptr = empty_buf;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->ptr);
	buf_init(b, b->cap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->ptr[0] = '\0';
}

static enum status grow(struct buf *b, size_t extra)
{
	size_t want, n;

	if (extra > b->cap || b->len > b->cap - extra)
		return ST_TOO_BIG;
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return ST_OK;
	n = b->alloc ? b->alloc : 64;
	while (n < want)
		n *= 2;
	if (b->alloc) {
		b->ptr = xrealloc(b->ptr, n);
	} else {
		b->ptr = xmalloc(n);
		b->ptr[0] = '\0';
	}
	b->alloc = n;
	return ST_OK;
}

enum status buf_append(struct buf *b, const void *data, size_t len)
{
	enum status rc = grow(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return ST_OK;
}

enum status buf_appends(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

enum status buf_appendc(struct buf *b, char c)
{
	/* Room already there (most calls): no grow(), no memcpy. */
	if (b->len < b->cap && b->len + 2 <= b->alloc) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return ST_OK;
	}
	return buf_append(b, &c, 1);
}

enum status buf_appendf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	enum status rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ST_INVALID;
	rc = grow(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return ST_OK;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (!b->alloc)
		p = xstrdup("");
	else
		p = b->ptr;
	if (len)
		*len = b->len;
	buf_init(b, b->cap);
	return p;
}
