/* err.h - an error report that lower layers fill and front ends print.
 *
 * Lower layers never log: they set a struct err owned by the caller, which
 * the CLI prints to stderr and the HTTP layer maps to a status and a JSON
 * body.  The message says what went wrong and where (line, column, field). */
#ifndef OBSERVA_ERR_H
#define OBSERVA_ERR_H

#include "core/status.h"

#define ERR_MSG_MAX 1024

struct err {
	enum status code;
	char msg[ERR_MSG_MAX];
};

/* Reset to ST_OK with an empty message. */
void err_clear(struct err *e);

/* Record code and a printf-style message; returns code so callers can
 * write "return err_set(e, ST_INVALID, ...);".  e may be NULL. */
enum status err_set(struct err *e, enum status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix the existing message with a printf-style context ("line 4: ").
 * Keeps the code. e may be NULL. */
void err_prefix(struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
