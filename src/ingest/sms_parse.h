/* sms_parse.h - reading a coded SMS report ("OP 15-0123 A1 B0745 Z4 # late
 * start") or ODK's compact record representation ("OP station 15-0123 A 1
 * Z 4") against a mission's forms: the form, the station, canonical
 * answers, the comment, and every problem with its place in the message.
 * The syntax is described in docs/sms.md.  Pure: no store, no I/O. */
#ifndef OBSERVA_SMS_PARSE_H
#define OBSERVA_SMS_PARSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "model/form.h"

/* Bytes of a message that are read; the rest is left out and reported
 * (SMS_TOO_LONG).  A text answer cut from it therefore stays within
 * FORM_ANSWER_TEXT characters. */
#define SMS_PARSE_MAX 4000

/* Problems listed for one message; further ones are dropped. */
#define SMS_PROBLEMS_MAX 50

/* How the parser finds a mission's forms. */
struct sms_forms {
	/* The effective form (ballot applied) whose code is code, upper-case
	 * ASCII ("OP"); NULL when the mission has none.  The form must stay
	 * valid as long as the reading that names it. */
	const struct form *(*by_code)(void *ctx, const char *code);
	void *ctx;
};

enum sms_problem_kind {
	SMS_EMPTY,            /* nothing but spaces, punctuation or a comment */
	SMS_UNKNOWN_FORM,     /* text: the form code as read */
	SMS_NO_STATION,       /* no station after the form code */
	SMS_UNKNOWN_TAG,      /* text: the tag as read (upper-case) */
	SMS_NO_VALUE,         /* tag: a tag of the form with no value after it */
	SMS_BAD_VALUE,        /* tag, text: not a value of the question's type */
	SMS_OUT_OF_RANGE,     /* tag, text, min, max: a number outside [min, max] */
	SMS_UNKNOWN_OPTION,   /* tag, text, min, max: not an option (min, max: the
	                       * smallest and largest option values) */
	SMS_REPEATED_TAG,     /* tag, text: given again with another value; the
	                       * question is left unanswered */
	SMS_MISSING_REQUIRED, /* tag: a required question left unanswered */
	SMS_STRAY_TEXT,       /* text: words or signs that are no answer */
	SMS_TEXT_BY_TAG,      /* tag: a text question answered by tag (text goes
	                       * after "#", and only for incidents) */
	SMS_TOO_LONG,         /* the message is longer than SMS_PARSE_MAX bytes */
};

struct sms_problem {
	enum sms_problem_kind kind;
	const char *tag;  /* the question's tag as the form spells it, or NULL */
	const char *text; /* the words concerned as typed (valid UTF-8, at most
	                   * 40 bytes and "..." when longer), or NULL */
	int64_t min, max; /* SMS_OUT_OF_RANGE, SMS_UNKNOWN_OPTION; else 0 */
	size_t pos;       /* byte offset in the message where it was found */
};

struct sms_reading {
	const struct form *form;      /* NULL when the form code is unknown */
	const char *form_code;        /* as read: the first word, ASCII upper-cased and
	                               * Cyrillic look-alikes made Latin; NULL when the
	                               * message is empty */
	const char *station;          /* as typed; NULL when missing */
	json_t *answers;              /* object tag -> canonical answer (form's spelling
	                               * of tags, question order): what
	                               * form_answer_normalise() gives, so
	                               * validate_submission() takes it as it is.
	                               * Answers read well are kept even when other
	                               * parts of the message have problems. */
	const char *comment;          /* after "#", trimmed; NULL when none (and for
	                               * incidents, whose "#" text answers the form's
	                               * first text question) */
	bool compact;                 /* read as ODK's compact record representation */
	struct sms_problem *problems; /* in the order found, at most
	                               * SMS_PROBLEMS_MAX */
	size_t nproblems;
	/* private: the strings above live in it */
	struct arena arena;
	size_t problems_alloc;
};

/* Read the len bytes of text (any bytes: a byte that is not UTF-8 reads as
 * U+FFFD, a NUL as a sign that is no answer) against the forms, into out,
 * which is initialised here whatever it held and must be released with
 * sms_reading_release().  received_hhmm is the time the message arrived,
 * "HH:MM" in the mission's local time: an incident form's required time
 * question left unanswered takes it.  NULL fills nothing.
 *
 * A message with problems is still ST_OK: out lists them (nproblems > 0)
 * with whatever could be read.  ST_INVALID only for a bad call: forms or
 * its by_code NULL, text NULL with len > 0, or received_hhmm not "HH:MM";
 * out is then empty (and still to be released). */
enum status sms_parse(const char *text, size_t len, const struct sms_forms *forms,
                      const char *received_hhmm, struct sms_reading *out /* OUT */);

/* Free everything r holds (answers included); r may be parsed into again. */
void sms_reading_release(struct sms_reading *r);

/* The kind's name for programs and logs: "empty", "unknown_form",
 * "no_station", "unknown_tag", "no_value", "bad_value", "out_of_range",
 * "unknown_option", "repeated_tag", "missing_required", "stray_text",
 * "text_by_tag", "too_long". */
const char *sms_problem_kind_str(enum sms_problem_kind k);

/* The reading as JSON: {"form", "station", "answers", "comment", "compact",
 * "problems": [{"kind", "tag", "text", "pos", and "min", "max" where they
 * apply}]}, null for what is missing.  A new reference. */
json_t *sms_reading_to_json(const struct sms_reading *r);

#endif
