/* json_out.h - writing small JSON documents straight into a buffer, for
 * answers sent so often (one per report) that building a jansson document
 * and dumping it would cost more than the rest of the answer.
 *
 * The text is what jansson writes with JSON_COMPACT: strings escape '"',
 * '\' and the control characters below 0x20 (\b \f \n \r \t, the others
 * as \u00XX with upper-case hex digits) and keep every other byte, so
 * valid UTF-8 stays as it is. */
#ifndef OBSERVA_JSON_OUT_H
#define OBSERVA_JSON_OUT_H

#include <stdint.h>

#include "core/buf.h"

/* Append s (UTF-8) as a JSON string, quotes included; NULL as null. */
enum status json_out_string(struct buf *b, const char *s);

/* Append "name": with the name (plain ASCII, no escaping needed) quoted,
 * preceded by a comma unless it follows the object's '{'. */
enum status json_out_key(struct buf *b, const char *name);

/* Append a whole number. */
enum status json_out_int(struct buf *b, int64_t v);

#endif
