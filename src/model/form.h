/* form.h - form definitions (checklists, incidents, results protocols):
 * questions, answers and checks, parsed once from JSON (docs/forms.md) to
 * serve every channel.  A struct form owns all its memory (an arena and its
 * expressions; form_free() frees it) and is never changed once parsed, so
 * threads may share one. */
#ifndef OBSERVA_FORM_H
#define OBSERVA_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/strmap.h"
#include "model/choice.h"
#include "model/expr.h"

#define FORM_QUESTIONS_MAX 1000
#define FORM_CHECKS_MAX    200
#define FORM_OPTIONS_MAX   100
#define FORM_OPTION_MAX    999 /* option values are 0..FORM_OPTION_MAX */
#define FORM_LANGUAGES_MAX 10
#define FORM_TEXT_MAX      1000          /* characters in a definition's text */
#define FORM_ANSWER_TEXT   4000          /* characters in a text answer */
#define FORM_INT_LIMIT     1000000000000 /* |min|, |max| of integer questions */
#define FORM_INT_MAX       1000000000    /* max of an integer question by default */
#define FORM_PROBLEMS_MAX  200           /* form_parse stops collecting after these */

enum form_kind { FORM_CHECKLIST, FORM_INCIDENT, FORM_PROTOCOL };

enum form_phase {
	FORM_PHASE_OPENING,
	FORM_PHASE_VOTING,
	FORM_PHASE_COUNTING,
	FORM_PHASE_TABULATION,
	FORM_PHASE_ANY
};

enum question_type {
	QT_YESNO,
	QT_INTEGER,
	QT_SELECT_ONE,
	QT_SELECT_MULTIPLE,
	QT_TEXT,
	QT_TIME,
	QT_RATING
};

enum check_severity { CHECK_FLAG, CHECK_REJECT };

/* A text in each of the form's languages, in the order of form.languages,
 * so text[0] is in the form's first (default) language. */
struct form_texts {
	size_t n; /* 0: no text (an absent hint or description) */
	const char **lang;
	const char **text;
};

struct form_option {
	int64_t value; /* 0..FORM_OPTION_MAX, unique in its question */
	struct form_texts text;
};

struct form_question {
	const char *tag; /* [A-Za-z][A-Za-z0-9_]*, unique in the form ignoring case */
	enum question_type type;
	struct form_texts text;
	struct form_texts hint; /* n == 0 when none */
	bool required;
	int64_t min, max;                  /* QT_INTEGER: the allowed range */
	const struct form_option *options; /* QT_SELECT_*: in definition order */
	size_t noptions;
	const int64_t *negative; /* canonical answers that count as negative */
	size_t nnegative;
	const int64_t *critical; /* canonical answers that raise an alert */
	size_t ncritical;
	const struct ballot_choice *choice; /* the ballot line it counts, or NULL */
};

struct form_check {
	const char *id; /* [A-Za-z][A-Za-z0-9_-]*, unique in the form */
	struct expr *expr;
	enum check_severity severity;
	struct form_texts message;
};

/* The declaration "one integer question per ballot choice". */
struct form_choices {
	const char *prefix;          /* letters; a choice of order k gets tag prefix+k */
	const char *against_all_tag; /* the tag of "against all", or NULL */
	int64_t min, max;
	bool required;
	struct form_texts text;             /* "{name}" and "{order}" are replaced */
	struct form_texts against_all_text; /* n == 0 without against_all_tag */
};

struct form {
	const char *code; /* 2-3 upper-case ASCII letters: OP, VO, CO, TA, IN, PR */
	int64_t version;  /* 1 or more */
	enum form_kind kind;
	enum form_phase phase;
	const char *level;      /* where it is filled: "station" (the default), or another
	                         * location level, e.g. "territory" for tabulation at
	                         * territorial commissions */
	const char **languages; /* ISO 639-1/-3 codes, the first is the default */
	size_t nlanguages;
	struct form_texts name;
	struct form_texts description; /* n == 0 when none */
	const struct form_question *questions;
	size_t nquestions;
	const struct form_check *checks;
	size_t nchecks;
	const struct form_choices *choices; /* NULL when the form has no ballot lines */
	/* private */
	struct arena arena;
	struct strmap index; /* lower-cased tag -> question */
};

/* One problem of a definition: a JSON path such as "questions[3].type" ("" for
 * the whole document) and a message, both valid UTF-8. */
struct form_problem {
	char *path;
	char *message;
};

struct form_problems {
	struct form_problem *v;
	size_t n, alloc;
};

#define FORM_PROBLEMS_INIT                                                               \
	{                                                                                \
		NULL, 0, 0                                                               \
	}

/* Free the problems' strings and array; p may be reused. */
void form_problems_release(struct form_problems *p);

/* Parse a definition from len bytes of JSON text.  On success *out is a new
 * form the caller frees with form_free() and problems is left untouched.
 * Otherwise returns ST_INVALID, *out is NULL and problems (which the caller
 * initialised with FORM_PROBLEMS_INIT) receives every problem found, up to
 * FORM_PROBLEMS_MAX, each with its JSON path: a list, not just the first. */
enum status form_parse(const char *text, size_t len, struct form **out /* OUT */,
                       struct form_problems *problems);

/* The same from a parsed document, which is only read. */
enum status form_parse_json(const json_t *def, struct form **out /* OUT */,
                            struct form_problems *problems);

/* The definition in the documented format (docs/forms.md); form_parse_json()
 * of it gives an equal form.  The caller json_decref()s it. */
json_t *form_to_json(const struct form *f);

/* Free f and all it owns; NULL is a no-op. */
void form_free(struct form *f);

/* The per-mission form: f's own questions (without lines of an earlier
 * application) followed by one integer question per choice, in ballot
 * order, with the tags, texts and range of f->choices; checks are bound to
 * the new tags.  n may be 0.  The caller frees *out with form_free().
 * ST_INVALID when f declares no choices, when the choices are invalid
 * (choice_list_validate) or when an against_all has no tag in f. */
enum status form_apply_choices(const struct form *f, const struct ballot_choice *choices,
                               size_t n, struct form **out /* OUT */, struct err *e);

/* The question with this tag, compared ignoring ASCII case, or NULL. */
const struct form_question *form_question(const struct form *f, const char *tag);

/* The text in lang, else in the form's first language; "" when t is empty.
 * lang may be NULL. */
const char *form_text(const struct form_texts *t, const char *lang);

/* Normalise one answer as sent to its canonical value (docs/forms.md,
 * "Answers"): yesno 1/0, integer, select_one value, select_multiple sorted
 * array of values, text, time "HH:MM", rating 1-4.  *out is a new reference,
 * or NULL when the answer is empty (null, "", [] or spaces): unanswered.
 * ST_INVALID with e's message ("expected yes or no", "12 is out of range:
 * from 0 to 10") when the answer does not fit q. */
enum status form_answer_normalise(const struct form_question *q, const json_t *answer,
                                  json_t **out /* OUT */, struct err *e);

/* True when the canonical answer value counts as negative for q (for
 * select_multiple: when any value chosen does). */
bool form_answer_negative(const struct form_question *q, const json_t *value);

/* True when the canonical answer value is critical for q: it raises an alert. */
bool form_answer_critical(const struct form_question *q, const json_t *value);

/* The canonical answer in words for people: "yes", "да", an option's text,
 * "very good", "07:45", "1, 3"...  The caller frees it. */
char *form_answer_label(const struct form_question *q, const json_t *value,
                        const char *lang);

/* The same for a whole number v, appended to out: what form_answer_label
 * writes for a JSON integer. */
void form_answer_label_int(const struct form_question *q, int64_t v, const char *lang,
                           struct buf *out);

/* The text of q's option of value v in lang, appended to out; the number
 * when q has no such option. */
void form_option_label(const struct form_question *q, int64_t v, const char *lang,
                       struct buf *out);

/* The word for a rating 1-4 (1 very bad, 2 bad, 3 good, 4 very good) in lang
 * ("en", "ru", "kk"; others get English), or NULL out of range. */
const char *form_rating_word(int64_t rating, const char *lang);

/* Names of the enums as written in definitions, and back.  The _parse
 * functions return false for an unknown word. */
const char *form_kind_str(enum form_kind k);
const char *form_phase_str(enum form_phase p);
const char *question_type_str(enum question_type t);
const char *check_severity_str(enum check_severity s);
bool form_kind_parse(const char *s, enum form_kind *k /* OUT */);
bool form_phase_parse(const char *s, enum form_phase *p /* OUT */);
bool question_type_parse(const char *s, enum question_type *t /* OUT */);
bool check_severity_parse(const char *s, enum check_severity *sev /* OUT */);

/* True when code is a form code: 2-3 upper-case ASCII letters. */
bool form_code_valid(const char *code);

/* True when tag is a valid tag: an ASCII letter, then letters, digits and
 * underscores, at most EXPR_TAG_MAX bytes, and not "and", "or" or "not". */
bool form_tag_valid(const char *tag);

#endif
