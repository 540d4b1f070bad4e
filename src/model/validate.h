/* validate.h - a submission checked against its form: canonical answers,
 * problems, critical alerts, negative answers and the resulting status.
 * Errors and failed "reject" checks refuse it (HTTP 422, one problem
 * each); failed "flag" checks let it in, flagged.  Rules: docs/forms.md. */
#ifndef OBSERVA_VALIDATE_H
#define OBSERVA_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "model/form.h"
#include "model/submission.h"

enum problem_severity {
	PROBLEM_ERROR,  /* the submission is wrong: refused */
	PROBLEM_REJECT, /* a check of severity reject failed: refused */
	PROBLEM_FLAG    /* a check of severity flag failed: stored, flagged */
};

enum validation_status {
	VALIDATION_NEW,     /* accepted, nothing to look at */
	VALIDATION_FLAGGED, /* accepted, a flag check failed */
	VALIDATION_REFUSED  /* an error or a reject check: not stored */
};

struct problem {
	enum problem_severity severity;
	const char *field;   /* NULL for answers; "station", "observer", "form", ... */
	const char *tag;     /* the question's tag, NULL when not about one answer */
	const char *value;   /* JSON text of the value concerned, or NULL */
	const char *message; /* English, says what is wrong */
	const char *check;   /* the check's id (REJECT, FLAG), else NULL */
	const char *expr;    /* the check's expression (REJECT, FLAG), else NULL */
};

/* An answer marked critical in the form: the mission is alerted at once. */
struct alert {
	const char *tag;
	const char *value;   /* JSON text of the canonical answer */
	const char *message; /* "Indications of ballot box stuffing: yes" */
};

/* Everything lives in the validation's arena, except answers (a reference
 * it holds); validation_release() frees it all.  A zeroed struct validation
 * is an empty one: validation_add() may be used on it. */
struct validation {
	enum validation_status status;
	json_t *answers; /* canonical answers (a new object, tag -> value, in the
	                  * form's question order, spelt as the form spells tags);
	                  * answers that failed are left out */
	struct problem *problems;
	size_t nproblems;
	struct alert *alerts;
	size_t nalerts;
	const char **negative; /* tags answered negatively (form_answer_negative) */
	size_t nnegative;
	/* private */
	size_t problems_alloc;
	struct arena arena;
};

/* Check s against f (s->form should be f->code; s->answers may be NULL for
 * none).  lang chooses the language of check messages and alerts (NULL: the
 * form's first).  out is initialised here, whatever it held, and must be
 * released with validation_release().  Returns ST_OK when the submission is
 * accepted (new or flagged) and ST_INVALID when it is refused; out holds the
 * details either way.  Stations and observers are not known to the model:
 * the caller adds those problems with validation_add_unknown(). */
enum status validate_submission(const struct form *f, const struct submission *s,
                                const char *lang, struct validation *out /* OUT */);

/* Free everything v holds; v may be validated into again. */
void validation_release(struct validation *v);

/* Add a problem (its strings are copied) and update v->status. */
void validation_add(struct validation *v, const struct problem *p);

/* Add the error "no such <field> in this mission" for code, e.g.
 * validation_add_unknown(v, "station", "15-0123"). */
void validation_add_unknown(struct validation *v, const char *field, const char *code);

/* "new", "flagged" or "refused". */
const char *validation_status_str(enum validation_status s);
/* "error", "reject" or "flag". */
const char *problem_severity_str(enum problem_severity s);

/* The problems as an array of {"tag", "value", "message", "severity"}, plus
 * "field" when set and "check" and "expr" for failed checks; "value" is the
 * JSON value itself (null when none).  The caller json_decref()s it. */
json_t *validation_to_json(const struct validation *v);

/* The alerts as an array of {"tag", "value", "message"}.  The caller
 * json_decref()s it. */
json_t *validation_alerts_to_json(const struct validation *v);

#endif
