/* json_quick.h - a quick reader for the plain JSON most reports are:
 * objects, arrays, strings without escapes, whole numbers, true, false,
 * null.  It builds the same jansson document as json_loadb(text, len,
 * JSON_REJECT_DUPLICATES | JSON_DECODE_ANY) would, members in the same
 * order, a few times faster than jansson's own reader, which spends most
 * of a report's parse reading it one character at a time.
 *
 * Whatever it does not read itself it declines, leaving the text to
 * jansson: a backslash, a fraction or exponent, a number of more than 18
 * digits, a key given twice, nesting deeper than 32, anything malformed.
 * So jansson still reads every unusual report and writes every message
 * about malformed JSON, with its line and column. */
#ifndef OBSERVA_JSON_QUICK_H
#define OBSERVA_JSON_QUICK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The document in the len bytes of text, as a new reference in *out, or
 * false (and *out NULL) when the text is not plain enough or not JSON. */
bool json_quick_load(const char *text, size_t len, json_t **out /* OUT */);

#endif
