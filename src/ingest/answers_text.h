/* answers_text.h - a report's canonical answers written as the text that
 * is stored and hashed, without jansson's general dump: the intake writes
 * one per report.
 *
 * The text must stay byte for byte what json_dumps(answers, JSON_COMPACT |
 * JSON_SORT_KEYS) writes, since the content hash of every stored report
 * was made from it and a report sent again must hash the same. */
#ifndef OBSERVA_ANSWERS_TEXT_H
#define OBSERVA_ANSWERS_TEXT_H

#include <jansson.h>

#include "core/buf.h"

/* Append answers (an object, tag -> value) to b: keys sorted, no spaces.
 * Whole numbers, strings, arrays of whole numbers, true, false and null
 * are written here; an object holding anything else (a fraction, a nested
 * object) is handed to jansson whole.  ST_TOO_BIG when b's cap is
 * reached. */
enum status answers_text(const json_t *answers, struct buf *b);

/* Append one value as json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
 * JSON_PRESERVE_ORDER) writes it, jansson writing those other than the
 * kinds above itself: how a value appears inside a document dumped whole
 * (a conflict's values, compared as text when they are stored again). */
enum status answers_value_text(const json_t *v, struct buf *b);

#endif
