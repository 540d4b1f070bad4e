/* err.c - filling struct err. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->code = ST_OK;
	e->msg[0] = '\0';
}

enum status err_set(struct err *e, enum status code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char head[256], old[ERR_MSG_MAX];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	snprintf(e->msg, sizeof(e->msg), "%s%s", head, old);
}
