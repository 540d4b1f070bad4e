/* csv.c - the streaming RFC 4180 reader: records from a FILE* or memory,
 * every field checked as UTF-8, every error with its line and column.
 *
 * Plain bytes are copied in runs found by a table lookup; only quotes,
 * commas, line ends and NULs stop a run and cost a function call. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "ingest/csv.h"

#define END_OF_INPUT (-1)
#define READ_ERROR   (-2)
#define NUL_MSG      "NUL byte; this is not a CSV text file"

/* Bytes that end a run inside an unquoted field. */
static const unsigned char stop_plain[256] = {
    [0] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1};

/* Bytes that end a run inside a quoted field. */
static const unsigned char stop_quoted[256] = {
    [0] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1};

static void open_common(struct csv_reader *r)
{
	r->fields = NULL;
	r->nfields = 0;
	r->line = 0;
	r->field_col = NULL;
	r->field_line = NULL;
	r->fp = NULL;
	r->win = NULL;
	r->win_len = 0;
	r->win_pos = 0;
	r->win_base = 0;
	r->eof = 0;
	r->read_errno = 0;
	r->at_start = 1;
	r->cur_line = 1;
	r->cur_col = 1;
	buf_init(&r->store, CSV_MAX_RECORD);
	r->offsets = NULL;
	r->cap_fields = 0;
	r->field_high = 0;
	err_clear(&r->fail);
}

void csv_open_file(struct csv_reader *r, FILE *fp)
{
	open_common(r);
	r->fp = fp;
	r->win = (const unsigned char *)r->iobuf;
}

void csv_open_mem(struct csv_reader *r, const char *mem, size_t len)
{
	open_common(r);
	r->win = (const unsigned char *)mem;
	r->win_len = mem ? len : 0;
	r->eof = 1;
}

long long csv_bytes_read(const struct csv_reader *r)
{
	return r->win_base + (long long)r->win_pos;
}

void csv_close(struct csv_reader *r)
{
	free(r->fields);
	free(r->field_col);
	free(r->field_line);
	free(r->offsets);
	r->fields = NULL;
	r->field_col = NULL;
	r->field_line = NULL;
	r->offsets = NULL;
	r->cap_fields = 0;
	r->nfields = 0;
	buf_release(&r->store);
}

/* peek() when the window is used up: refill it from the file. */
static int refill(struct csv_reader *r)
{
	size_t n;

	if (r->read_errno)
		return READ_ERROR;
	if (r->eof)
		return END_OF_INPUT;
	r->win_base += (long long)r->win_len;
	r->win_pos = 0;
	n = fread(r->iobuf, 1, sizeof(r->iobuf), r->fp);
	r->win_len = n;
	if (n > 0)
		return r->win[0];
	r->eof = 1;
	if (ferror(r->fp)) {
		r->read_errno = errno ? errno : EIO;
		return READ_ERROR;
	}
	return END_OF_INPUT;
}

/* The byte at the read position, END_OF_INPUT or READ_ERROR. */
static inline int peek(struct csv_reader *r)
{
	if (r->win_pos < r->win_len)
		return r->win[r->win_pos];
	return refill(r);
}

/* Record a failure at line:col, copy it to e and return its code. */
static enum status fail(struct csv_reader *r, struct err *e, enum status code, long line,
                        long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static enum status fail(struct csv_reader *r, struct err *e, enum status code, long line,
                        long col, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	err_set(&r->fail, code, "line %ld, column %ld: %s", line, col, what);
	r->nfields = 0;
	if (e)
		*e = r->fail;
	return code;
}

static enum status read_failed(struct csv_reader *r, struct err *e)
{
	return fail(r, e, ST_IO, r->cur_line, r->cur_col, "cannot read: %s",
	            strerror(r->read_errno));
}

/* Offset of the first byte of s that does not start a well-formed UTF-8
 * sequence. */
static size_t first_bad_byte(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n = c < 0x80             ? 1
		           : (c & 0xE0) == 0xC0 ? 2
		           : (c & 0xF0) == 0xE0 ? 3
		           : (c & 0xF8) == 0xF0 ? 4
		                                : 0;
		if (!n || n > len - i || !utf8_valid((const char *)s + i, n))
			return i;
		i += n;
	}
	return len;
}

/* Check the bytes of the current field read so far; on bad UTF-8, walk
 * them again from the field's start to find the line and column. */
static enum status check_utf8(struct csv_reader *r, struct err *e, int quoted)
{
	size_t i = r->nfields, off = r->offsets[i];
	const unsigned char *s = (const unsigned char *)r->store.ptr + off;
	size_t len = r->store.len - off, bad;
	long line = r->field_line[i], col = r->field_col[i] + (quoted ? 1 : 0);

	if (!r->field_high || utf8_valid((const char *)s, len))
		return ST_OK;
	bad = first_bad_byte(s, len);
	for (size_t k = 0; k < bad; k++) {
		unsigned char c = s[k];
		if (c == '\n' || c == '\r') {
			line++;
			col = 1;
			if (c == '\r' && k + 1 < bad && s[k + 1] == '\n')
				k++;
		} else if (c == '"' && quoted) {
			col += 2; /* it was written doubled */
		} else if ((c & 0xC0) != 0x80) {
			col++;
		}
	}
	return fail(r, e, ST_INVALID, line, col,
	            "byte 0x%02X is not valid UTF-8; save the file as UTF-8",
	            (unsigned)s[bad]);
}

static enum status nul_byte(struct csv_reader *r, struct err *e, int quoted)
{
	if (check_utf8(r, e, quoted))
		return r->fail.code;
	return fail(r, e, ST_INVALID, r->cur_line, r->cur_col, NUL_MSG);
}

/* Add n bytes to the current field, within the limits. */
static inline enum status add(struct csv_reader *r, struct err *e, const void *p,
                              size_t n)
{
	size_t i = r->nfields;
	struct buf *b = &r->store;

	/* the common case, without buf_append's checks: it fits */
	if (b->len + n < b->alloc && b->len + n <= b->cap &&
	    b->len - r->offsets[i] + n <= CSV_MAX_FIELD) {
		memcpy(b->ptr + b->len, p, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return ST_OK;
	}
	if (n > CSV_MAX_FIELD - (r->store.len - r->offsets[i]))
		return fail(r, e, ST_TOO_BIG, r->field_line[i], r->field_col[i],
		            "field is longer than %u bytes", CSV_MAX_FIELD);
	if (buf_append(&r->store, p, n))
		return fail(r, e, ST_TOO_BIG, r->line, 1,
		            "record is longer than %u bytes", CSV_MAX_RECORD);
	return ST_OK;
}

static void grow_fields(struct csv_reader *r)
{
	size_t n = r->cap_fields ? r->cap_fields * 2 : 16;

	if (n > CSV_MAX_FIELDS)
		n = CSV_MAX_FIELDS;
	r->fields = xrealloc(r->fields, n * sizeof(*r->fields));
	r->field_col = xrealloc(r->field_col, n * sizeof(*r->field_col));
	r->field_line = xrealloc(r->field_line, n * sizeof(*r->field_line));
	r->offsets = xrealloc(r->offsets, n * sizeof(*r->offsets));
	r->cap_fields = n;
}

static enum status begin_field(struct csv_reader *r, struct err *e)
{
	size_t i = r->nfields;

	if (i >= CSV_MAX_FIELDS)
		return fail(r, e, ST_TOO_BIG, r->cur_line, r->cur_col,
		            "more than %d fields in one record", CSV_MAX_FIELDS);
	if (i == r->cap_fields)
		grow_fields(r);
	r->field_line[i] = r->cur_line;
	r->field_col[i] = r->cur_col;
	r->offsets[i] = r->store.len;
	r->field_high = 0;
	return ST_OK;
}

/* Validate the finished field and close it with a NUL. */
static enum status end_field(struct csv_reader *r, struct err *e, int quoted)
{
	if (check_utf8(r, e, quoted))
		return r->fail.code;
	if (r->store.len + 1 < r->store.alloc && r->store.len + 1 <= r->store.cap) {
		/* the NUL after the field is there already */
		r->store.len++;
		r->store.ptr[r->store.len] = '\0';
	} else if (buf_append(&r->store, "", 1))
		return fail(r, e, ST_TOO_BIG, r->line, 1,
		            "record is longer than %u bytes", CSV_MAX_RECORD);
	r->nfields++;
	return ST_OK;
}

/* Consume a line end whose first byte c (CR or LF) is at the read
 * position; CR LF counts as one.  Returns the number of bytes consumed. */
static size_t end_line(struct csv_reader *r, int c)
{
	r->win_pos++;
	r->cur_line++;
	r->cur_col = 1;
	if (c == '\r' && peek(r) == '\n') {
		r->win_pos++;
		return 2;
	}
	return 1;
}

/* An unquoted field: read up to (not past) the comma, line end or end of
 * input that ends it. */
static enum status read_plain(struct csv_reader *r, struct err *e)
{
	for (;;) {
		const unsigned char *start, *p, *end;
		long chars = 0;
		unsigned high = 0;
		int c = peek(r);

		if (c == READ_ERROR)
			return read_failed(r, e);
		if (c == END_OF_INPUT)
			return ST_OK;
		start = p = r->win + r->win_pos;
		end = r->win + r->win_len;
		while (p < end && !stop_plain[*p]) {
			chars += (*p & 0xC0) != 0x80;
			high |= *p;
			p++;
		}
		if (add(r, e, start, (size_t)(p - start)))
			return r->fail.code;
		r->win_pos += (size_t)(p - start);
		r->cur_col += chars;
		r->field_high |= high & 0x80;
		if (p == end)
			continue;
		if (*p == '"') {
			if (check_utf8(r, e, 0))
				return r->fail.code;
			return fail(r, e, ST_INVALID, r->cur_line, r->cur_col,
			            "quote inside an unquoted field; quote the "
			            "whole field and double the quote");
		}
		if (*p == '\0')
			return nul_byte(r, e, 0);
		return ST_OK;
	}
}

/* A quoted field, from its opening quote to just past its closing one. */
static enum status read_quoted(struct csv_reader *r, struct err *e)
{
	size_t i = r->nfields;

	r->win_pos++;
	r->cur_col++;
	for (;;) {
		const unsigned char *start, *p, *end;
		long chars = 0;
		unsigned high = 0;
		int c = peek(r);
		size_t n;

		if (c == READ_ERROR)
			return read_failed(r, e);
		if (c == END_OF_INPUT)
			return fail(r, e, ST_INVALID, r->field_line[i], r->field_col[i],
			            "quoted field opened here is never closed");
		start = p = r->win + r->win_pos;
		end = r->win + r->win_len;
		while (p < end && !stop_quoted[*p]) {
			chars += (*p & 0xC0) != 0x80;
			high |= *p;
			p++;
		}
		if (add(r, e, start, (size_t)(p - start)))
			return r->fail.code;
		r->win_pos += (size_t)(p - start);
		r->cur_col += chars;
		r->field_high |= high & 0x80;
		if (p == end)
			continue;
		switch (*p) {
		case '\0':
			return nul_byte(r, e, 1);
		case '\n':
		case '\r':
			/* CR LF may span two windows: add it by value */
			c = *p;
			n = end_line(r, c);
			if (add(r, e, c == '\r' ? "\r\n" : "\n", n))
				return r->fail.code;
			break;
		default: /* the quote */
			r->win_pos++;
			r->cur_col++;
			if (peek(r) != '"')
				return ST_OK;
			if (add(r, e, "\"", 1))
				return r->fail.code;
			r->win_pos++;
			r->cur_col++;
			break;
		}
	}
}

/* The byte c at the read position follows a closing quote but neither
 * ends the field nor the record. */
static enum status after_quote(struct csv_reader *r, struct err *e, int c)
{
	const unsigned char *p = r->win + r->win_pos;
	size_t avail = r->win_len - r->win_pos;
	size_t n = (c & 0xE0) == 0xC0   ? 2
	           : (c & 0xF0) == 0xE0 ? 3
	           : (c & 0xF8) == 0xF0 ? 4
	                                : 0;

	if (c == '\0')
		return fail(r, e, ST_INVALID, r->cur_line, r->cur_col, NUL_MSG);
	if (c >= 0x20 && c < 0x7F)
		return fail(r, e, ST_INVALID, r->cur_line, r->cur_col,
		            "unexpected character '%c' after closing quote", c);
	if (n && n <= avail && utf8_valid((const char *)p, n))
		return fail(r, e, ST_INVALID, r->cur_line, r->cur_col,
		            "unexpected character '%.*s' after closing quote", (int)n,
		            (const char *)p);
	return fail(r, e, ST_INVALID, r->cur_line, r->cur_col,
	            "unexpected byte 0x%02X after closing quote", (unsigned)c);
}

/* Skip blank lines and, at the very start, a byte-order mark.  Returns
 * the first byte of the record, END_OF_INPUT or READ_ERROR. */
static int skip_to_record(struct csv_reader *r)
{
	int c = peek(r);

	if (r->at_start) {
		r->at_start = 0;
		if (c == 0xEF && r->win_len - r->win_pos >= 3 &&
		    !memcmp(r->win + r->win_pos, "\xEF\xBB\xBF", 3)) {
			r->win_pos += 3;
			c = peek(r);
		}
	}
	while (c == '\n' || c == '\r') {
		end_line(r, c);
		c = peek(r);
	}
	return c;
}

enum status csv_next(struct csv_reader *r, struct err *e)
{
	int c;

	if (r->fail.code) {
		r->nfields = 0;
		if (e)
			*e = r->fail;
		return r->fail.code;
	}
	r->nfields = 0;
	buf_reset(&r->store);
	c = skip_to_record(r);
	if (c == READ_ERROR)
		return read_failed(r, e);
	if (c == END_OF_INPUT)
		return ST_OK;
	r->line = r->cur_line;
	for (;;) {
		int quoted = c == '"';

		if (begin_field(r, e))
			return r->fail.code;
		if ((quoted ? read_quoted : read_plain)(r, e))
			return r->fail.code;
		if (end_field(r, e, quoted))
			return r->fail.code;
		c = peek(r);
		if (c == READ_ERROR)
			return read_failed(r, e);
		if (c == ',') {
			r->win_pos++;
			r->cur_col++;
			c = peek(r);
			continue;
		}
		if (c == '\n' || c == '\r')
			end_line(r, c);
		else if (c != END_OF_INPUT)
			return after_quote(r, e, c);
		break;
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->store.ptr + r->offsets[i];
	return ST_OK;
}
