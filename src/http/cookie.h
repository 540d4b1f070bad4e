/* cookie.h - reading one cookie from a request's Cookie header, strictly
 * (RFC 6265 section 4.2.1 for the header's shape, section 4.1.1 for the
 * bytes a name and a value may hold).
 *
 * The header is "name=value" pairs separated by ';'.  Spaces and tabs are
 * allowed around each pair (browsers send "; ").  A name is an RFC 9110
 * token (letters, digits and !#$%&'*+-.^_`|~); names are compared byte
 * for byte, case counting.  A value is cookie-octets (printable ASCII
 * without space, '"', ',', ';' and '\'), optionally inside one pair of
 * double quotes, which are not part of the value given back.
 *
 * Strict means: a header that breaks this anywhere (an empty pair, a
 * pair without '=', a control byte, a byte above 0x7e, a lone quote) is
 * refused as a whole rather than read in part, and a name sent twice is
 * refused too, since a second cookie of the same name is what a sibling
 * site planting its own copy ("cookie tossing") looks like.  A caller
 * that authenticates with the cookie treats every refusal as "no
 * cookie". */
#ifndef OBSERVA_COOKIE_H
#define OBSERVA_COOKIE_H

#include <stddef.h>

#include "core/err.h"

/* The longest Cookie header read; longer ones are ST_INVALID. */
#define COOKIE_HEADER_MAX 8192

/* Find cookie name in header (a Cookie header's value, or NULL when the
 * request has none).  On ST_OK *value points into header at the value's
 * first byte (quotes excluded) and *len is its length (0 for "name=").
 * ST_NOT_FOUND when header is NULL or holds no cookie called name;
 * ST_INVALID when header breaks the rules above or name is not a token;
 * ST_CONFLICT when name appears more than once.  *value is NULL and *len
 * 0 unless ST_OK.  e (may be NULL) says what and at which byte. */
enum status cookie_get(const char *header, const char *name, const char **value /* OUT */,
                       size_t *len /* OUT */, struct err *e);

/* True when the n bytes at s are a valid cookie name (a token). */
int cookie_name_valid(const char *s, size_t n);

#endif
