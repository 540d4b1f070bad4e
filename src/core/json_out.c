/* json_out.c - JSON text written into a buffer.  See json_out.h. */
#include <string.h>

#include "core/json_out.h"
#include "core/text.h"

enum status json_out_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	enum status rc;
	const char *run;

	if (!s)
		return buf_append(b, "null", 4);
	rc = buf_appendc(b, '"');
	for (run = s; !rc && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[6] = {'\\', 0, '0', '0', 0, 0};
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = buf_append(b, run, (size_t)(s - run));
		switch (c) {
		case '"':
		case '\\':
			esc[1] = (char)c;
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			esc[1] = 'u';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		if (!rc)
			rc = buf_append(b, esc, n);
		run = s + 1;
	}
	if (!rc)
		rc = buf_append(b, run, (size_t)(s - run));
	if (!rc)
		rc = buf_appendc(b, '"');
	return rc;
}

enum status json_out_key(struct buf *b, const char *name)
{
	enum status rc = ST_OK;

	if (b->len && b->ptr[b->len - 1] != '{')
		rc = buf_appendc(b, ',');
	if (!rc)
		rc = buf_appendc(b, '"');
	if (!rc)
		rc = buf_appends(b, name);
	if (!rc)
		rc = buf_append(b, "\":", 2);
	return rc;
}

enum status json_out_int(struct buf *b, int64_t v)
{
	char n[TEXT_INT64_MAX];

	return buf_append(b, n, text_int64_put(n, v));
}
