/* url.h - the request target taken apart: percent-decoding, path segments
 * and query pairs, checked to be UTF-8 without NUL bytes.
 *
 * libmicrohttpd decodes the path before splitting it, which would turn a
 * code containing "%2F" into two segments; observa splits the raw target
 * first and decodes each piece itself. */
#ifndef OBSERVA_URL_H
#define OBSERVA_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "http/http.h"

/* Decode the n bytes at s ("%D0%A3" -> "У"; with plus_space, '+' -> ' ')
 * into a new string in a.  ST_INVALID when a '%' is not followed by two hex
 * digits, or the result holds a NUL byte or is not valid UTF-8. */
enum status url_decode(const char *s, size_t n, bool plus_space, struct arena *a,
                       char **out /* OUT */, struct err *e);

/* Split a raw path "/a/b%20c" into decoded segments {"a", "b c"}.  "/" is
 * one empty segment, "/a/" is {"a", ""}.  ST_INVALID when the path does not
 * start with '/' or a segment does not decode; ST_NOT_FOUND when there are
 * more than max segments (no route has that many). */
enum status url_split_path(const char *path, size_t n, size_t max, struct arena *a,
                           const char ***segs /* OUT */, size_t *nsegs /* OUT */,
                           struct err *e);

/* Parse a query "a=1&b=%D0%A3&c" into decoded pairs {a:1, b:У, c:""};
 * empty pieces ("&&") are skipped, '+' means a space.  ST_INVALID (naming
 * the parameter) when a key or value does not decode. */
enum status url_parse_query(const char *q, size_t n, struct arena *a,
                            struct http_kv **pairs /* OUT */, size_t *npairs /* OUT */,
                            struct err *e);

/* Take a raw target "/path?query" apart into req's target, path, segs and
 * query (strings in req->arena).  An absolute-form target
 * ("http://host/path?query") is read as its path and query.  Errors as
 * above; e's message says which part. */
enum status url_parse_target(struct http_req *req, const char *target, struct err *e);

#endif
