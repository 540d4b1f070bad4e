/* text.h - small string helpers: UTF-8 checks, trimming, case-folding of
 * ASCII, parsing of integers and dates with range checks. */
#ifndef OBSERVA_TEXT_H
#define OBSERVA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when [s, s+len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);

/* [s, s+len) with every byte that is not part of a well-formed UTF-8
 * sequence replaced by '?', into out (len + 1 bytes: the result is never
 * longer, and NUL-terminated).  Returns out. */
char *utf8_scrub(const char *s, size_t len, char *out);

/* Number of code points in a valid UTF-8 string (for column numbers). */
size_t utf8_count(const char *s, size_t len);

/* Remove ASCII white space at both ends, in place; returns s. */
char *text_trim(char *s);

/* ASCII case-insensitive equality. */
bool text_ieq(const char *a, const char *b);

/* Lower-case ASCII letters in place; returns s. */
char *text_lower(char *s);

/* Parse a whole decimal integer in [min, max].  Leading/trailing spaces
 * are not allowed.  Returns false on any garbage or overflow. */
bool text_int64(const char *s, int64_t min, int64_t max, int64_t *out /* OUT */);

/* Parse a decimal number (e.g. a latitude).  Returns false on garbage. */
bool text_double(const char *s, double *out /* OUT */);

/* True when s is a real calendar date written YYYY-MM-DD. */
bool text_is_date(const char *s);

/* True when s is a date and time in ISO 8601: YYYY-MM-DDTHH:MM[:SS[.fff]]
 * with an optional zone (Z, +05, +0500, +05:00); a space may stand for
 * the T. */
bool text_is_datetime(const char *s);

/* v in decimal into out (room for TEXT_INT64_MAX bytes), NUL-ended, as
 * "%" PRId64 writes it; its length.  Without printf's parsing of a format:
 * the hot path writes several a report. */
#define TEXT_INT64_MAX 21
size_t text_int64_put(char *out, int64_t v);

/* Write the current UTC time as YYYY-MM-DDTHH:MM:SSZ into out[21]. */
void text_now_iso(char out[21]);
/* The same for the time t (seconds since the epoch). */
void text_time_iso(long long t, char out[21]);

#endif
