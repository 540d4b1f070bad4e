/* submission_json.h - canonical submissions in JSON: one object, an array
 * of them or JSON lines read into struct submission, and a stored report
 * written back as JSON for the CLI and the API.
 *
 * The format is documented in docs/submissions.md. */
#ifndef OBSERVA_SUBMISSION_JSON_H
#define OBSERVA_SUBMISSION_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"
#include "model/submission.h"
#include "store/store.h"

/* The top-level fields of a canonical submission, for messages. */
#define SUBMISSION_FIELDS                                                                \
	"id, form, station, observer, observed_at, answers, comment, replaces"

#define SUBMISSION_ID_MAX      128  /* bytes of a client id ("id", "replaces") */
#define SUBMISSION_COMMENT_MAX 4000 /* characters of a comment */

/* Parse len bytes of JSON text into *root (a new reference the caller
 * json_decref()s).  Malformed JSON is ST_INVALID with e's message "line L,
 * column C: what" (duplicate keys are malformed too).  Any JSON value is
 * accepted here; submission_from_json() says whether it is a report. */
enum status submission_json_load(const char *text, size_t len, json_t **root /* OUT */,
                                 struct err *e);

/* Fill *out from the canonical object obj.  Strings and answers are
 * borrowed from obj, which must outlive *out; out->channel is left NULL
 * for the caller to set.  null stands for an absent optional field.
 * Every wrong field is reported: ST_INVALID with e's message listing them
 * ("field \"station\" must be a string; unknown field \"stn\" (the fields
 * are ...)"), and, when problems is not NULL, one {"field", "tag": null,
 * "value", "message", "severity": "error"} object appended to it for each.
 * Missing form, station or observer are not reported here: intake lists
 * them with the other problems of the report. */
enum status submission_from_json(const json_t *obj, struct submission *out /* OUT */,
                                 json_t *problems, struct err *e);

/* How a batch was written. */
enum submission_format {
	SUBMISSION_OBJECT, /* one object */
	SUBMISSION_ARRAY,  /* an array of objects */
	SUBMISSION_LINES,  /* objects one after another: JSON lines */
	SUBMISSION_CSV     /* CSV of paper forms (submission_csv.h) */
};

/* One report of a batch. */
struct submission_record {
	struct submission sub; /* borrowed from obj; valid when error is NULL */
	json_t *obj;           /* the record (a reference the batch holds) */
	size_t index;          /* 1-based position in the input */
	long line;             /* line where the record starts, 1-based */
	char *error;           /* why the record is not a report, or NULL; owned */
	json_t *problems;      /* those reasons as intake problems, or NULL; owned */
};

/* Every report of one input, in input order. */
struct submission_batch {
	enum submission_format format;
	struct submission_record *v;
	size_t n, alloc;
};

#define SUBMISSION_BATCH_INIT                                                            \
	{                                                                                \
		SUBMISSION_OBJECT, NULL, 0, 0                                            \
	}

/* Read text[0..len) as one object, an array of objects, or objects one
 * after another (JSON lines), telling them apart by the first character
 * and by what follows the first value.  A byte-order mark is skipped.
 * Malformed JSON anywhere refuses the whole input: ST_INVALID with "line L,
 * column C: what" (for an array, also which record), and nothing is added.
 * A well-formed record that is not a report (not an object, wrong field
 * types, unknown fields) is kept with its error set, so the caller can
 * refuse that record alone.  out starts as SUBMISSION_BATCH_INIT; release
 * it with submission_batch_release() whatever is returned. */
enum status submission_batch_parse(const char *text, size_t len,
                                   struct submission_batch *out, struct err *e);

/* Append a record for obj (stealing the reference), checked with
 * submission_from_json(); used by the CSV reader. */
void submission_batch_add(struct submission_batch *b, json_t *obj, long line);

/* Free the records; b may be reused. */
void submission_batch_release(struct submission_batch *b);

/* A stored report as JSON: id, client_id, replaces, form, form_version,
 * station, observer, observed_at, received_at, channel, status, version,
 * supersedes, superseded_by (ids, null when none), answers (object),
 * comment, problems (array) and review ({by, at, note}, null before any
 * review).  New reference. */
json_t *stored_submission_to_json(const struct stored_submission *s);

/* A conflict between observers as JSON: id, station, form, tag, values
 * (the array as stored), open (bool), resolved_value (JSON value, null
 * while open), resolved_by, resolved_at.  New reference. */
json_t *submission_json_conflict(const struct conflict_row *c);

/* An alert as JSON: id, submission, station, form, tag, value (the JSON
 * value), message, created_at.  New reference. */
json_t *submission_json_alert(const struct alert_row *a);

/* An attachment as JSON: name, content_type, size, hash (hex BLAKE2b-256),
 * without its bytes.  New reference. */
json_t *submission_json_attachment(const struct attachment_row *a);

/* A report kept as received: id, channel, observer (null when unknown),
 * received_at, status, problems (array) and raw (the text as received;
 * bytes that are not UTF-8 shown as '?').  New reference. */
json_t *submission_json_received(const struct received_row *r);

#endif
