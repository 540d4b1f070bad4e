/* answers_scan.h - read a report's stored answers (the JSON object text of
 * canonical answers, tag -> value) without building a document: one pass
 * over the text, nothing allocated, so an analysis can read millions of
 * reports at the cost of reading their text.
 *
 * Canonical answers are integers (yesno, integer, select_one, rating),
 * sorted arrays of integers (select_multiple) and strings (text, time);
 * the scanner reads any JSON value, and says which of these it is. */
#ifndef OBSERVA_ANSWERS_SCAN_H
#define OBSERVA_ANSWERS_SCAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/form.h"

enum answer_kind {
	ANSWER_NONE,   /* null, or an empty array: unanswered */
	ANSWER_INT,    /* a whole number (true and false read as 1 and 0) */
	ANSWER_INTS,   /* a non-empty array of whole numbers */
	ANSWER_STRING, /* a string */
	ANSWER_OTHER   /* anything else: a fraction, an object, a mixed or too
	                * long array */
};

/* One answer.  ints holds ANSWER_INTS's values in the order written, at
 * most FORM_OPTIONS_MAX of them (a longer array is ANSWER_OTHER). */
struct answer_value {
	enum answer_kind kind;
	const char *text; /* answers_scan: the value as written, len bytes */
	size_t len;
	int64_t i; /* ANSWER_INT */
	size_t nints;
	int64_t ints[FORM_OPTIONS_MAX];
};

/* Called once per member of the object, in the order written: tag is the
 * member's name (len bytes, not NUL-terminated; escapes are left as
 * written).  Returning false stops the scan. */
typedef bool (*answers_scan_cb)(void *ctx, const char *tag, size_t len,
                                const struct answer_value *v);

/* Scan text, a JSON object.  Returns false when text is not one (then cb
 * may have seen the members before the fault), true otherwise, also when
 * cb stopped it.  Nesting deeper than 32 levels is a fault. */
bool answers_scan(const char *text, answers_scan_cb cb, void *ctx);

/* The same over text, a JSON array of objects (a conflict's values): cb
 * sees the members of each object in turn.  False when text is not such
 * an array. */
bool answers_scan_objects(const char *text, answers_scan_cb cb, void *ctx);

/* The same reading of a parsed value (a clerk's resolution of a
 * conflict): NULL and json null are ANSWER_NONE. */
void answers_scan_json(const json_t *j, struct answer_value *out /* OUT */);

#endif
