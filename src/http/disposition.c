/* disposition.c - Content-Disposition for downloads (disposition.h). */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "http/disposition.h"

void http_disposition(struct http_resp *resp, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;

	buf_init(&b, 4096);
	buf_appends(&b, "attachment; filename=\"");
	for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
		if (*c == '"' || *c == '\\')
			buf_appendf(&b, "\\%c", *c);
		else
			buf_appendf(&b, "%c", *c < 0x80 ? *c : '_');
	}
	buf_appends(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~", *c))
			buf_appendf(&b, "%c", *c);
		else
			buf_appendf(&b, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
	}
	http_resp_header(resp, "Content-Disposition", b.ptr);
	buf_release(&b);
}
