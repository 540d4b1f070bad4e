/* sms_form.h - the body an SMS gateway posts to a webhook, read as
 * application/x-www-form-urlencoded (WHATWG URL standard, section 5.1):
 * fields split at '&', each name and value split at the first '=', '+'
 * read as a space and %XX as the byte XX.  Every byte is kept, NUL
 * included (a message is stored as it came, even when it is not UTF-8),
 * and an escape that is not '%' and two hex digits is kept as written.
 * Nothing here knows about HTTP: the reader takes bytes and an arena, so
 * that the fuzz target (tests/fuzz/fuzz_sms_form.c) drives it directly. */
#ifndef OBSERVA_SMS_FORM_H
#define OBSERVA_SMS_FORM_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

#define SMS_FORM_MAX 64 /* fields in one webhook body */

struct sms_form_field {
	const char *key;   /* decoded, NUL-terminated (a NUL inside ends it) */
	const char *value; /* decoded, NUL-terminated, may hold other NULs */
	size_t len;        /* bytes of value */
};

struct sms_form {
	struct sms_form_field v[SMS_FORM_MAX];
	size_t n;
};

/* Percent-decode the n bytes at s ('+' a space) into a new string in a
 * (n + 1 bytes at most); *len is the decoded length, never more than n. */
char *sms_form_decode(const char *s, size_t n, size_t *len /* OUT */, struct arena *a);

/* Read the len bytes at body (NULL when len is 0) into f, strings in a.
 * Empty fields ("a=1&&b=2") are skipped; a field without '=' has an empty
 * value.  ST_TOO_BIG, said in e, past SMS_FORM_MAX fields; f then holds
 * the first SMS_FORM_MAX.  Never fails otherwise. */
enum status sms_form_read(const char *body, size_t len, struct arena *a,
                          struct sms_form *f /* OUT */, struct err *e);

/* The first field called key, or NULL. */
const struct sms_form_field *sms_form_get(const struct sms_form *f, const char *key);

#endif
