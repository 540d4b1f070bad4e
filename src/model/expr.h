/* expr.h - check expressions over a form's answers ("G + H == I + J",
 * "B == 1 or C > 0", "J == sum(P*, AA?)"), parsed once and evaluated for
 * every submission.  Values are 64-bit integers; an unanswered tag makes
 * what depends on it unknown, and an unknown check is "not applicable".
 * Grammar and semantics: docs/forms.md. */
#ifndef OBSERVA_EXPR_H
#define OBSERVA_EXPR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define EXPR_MAX_LEN   2000 /* bytes of expression text */
#define EXPR_MAX_DEPTH 40   /* nesting of parentheses and unary operators */
#define EXPR_MAX_RANGE 1000 /* tags in one range such as P1..P7 */
#define EXPR_TAG_MAX   32   /* bytes in a tag */

struct expr;

/* How a list item names tags. */
enum expr_tag_kind {
	EXPR_TAG,          /* a tag: P1, received (ranges are expanded to tags) */
	EXPR_TAG_OPTIONAL, /* "AA?" in a list: the tag if the form has it */
	EXPR_TAG_PREFIX    /* "P*" in a list: every tag P followed by digits */
};

/* A tag an expression refers to, as written. */
struct expr_tag {
	const char *name; /* the tag; for EXPR_TAG_PREFIX the prefix ("P") */
	enum expr_tag_kind kind;
	int column;      /* 1-based column (in characters) of its first mention */
	bool value_used; /* false when it only appears inside answered(...) */
};

/* The outcome of a check. */
enum expr_outcome {
	EXPR_FAIL,
	EXPR_PASS,
	EXPR_NA /* not applicable: it depends on something unanswered */
};

/* Parse text (NUL-terminated, at most EXPR_MAX_LEN bytes) into *out, which
 * the caller frees with expr_free().  On a syntax error returns ST_INVALID,
 * sets *out to NULL and e's message to "column C: expected ..., found ...".
 * Never recurses deeper than EXPR_MAX_DEPTH, whatever the input. */
enum status expr_parse(const char *text, struct expr **out /* OUT */, struct err *e);

/* Free x and everything it owns; NULL is a no-op. */
void expr_free(struct expr *x);

/* The text x was parsed from; lives as long as x. */
const char *expr_text(const struct expr *x);

/* The distinct tags x refers to, in order of first mention, ranges
 * expanded; *n gets their number.  The array lives as long as x. */
const struct expr_tag *expr_tags(const struct expr *x, size_t *n /* OUT */);

/* True when tag is prefix followed by one or more digits (P* matches P1
 * and P12, not P or PA1).  Case-sensitive, like every tag in x. */
bool expr_prefix_matches(const char *prefix, const char *tag);

/* Tell x which tags exist (a form's question tags): "P*" then stands for the
 * tags of tags[] it matches, in that order, and "AA?" for AA if it is in
 * tags[], otherwise for nothing.  May be called again with another list.
 * Without binding, "P*" means the matching keys of the answers evaluated
 * and "AA?" means AA when answered, else nothing.  tags[] is copied. */
void expr_bind(struct expr *x, const char *const *tags, size_t n);

/* Value of x over answers (an object tag -> value, usually a validation's
 * canonical answers).  Returns false when the value is unknown (an operand
 * unanswered, a division by zero, an overflow); *value is then 0. */
bool expr_eval(const struct expr *x, const json_t *answers, int64_t *value /* OUT */);

/* The check x over answers: EXPR_PASS when its value is non-zero, EXPR_FAIL
 * when it is zero, EXPR_NA when it is unknown. */
enum expr_outcome expr_check(const struct expr *x, const json_t *answers);

/* "pass", "fail" or "not applicable". */
const char *expr_outcome_str(enum expr_outcome o);

#endif
