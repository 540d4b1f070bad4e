/* submission.h - the canonical submission: one observer's report on one
 * form at one polling station, whatever channel brought it.
 *
 * Every channel (JSON API, CSV of paper forms, web form, ODK, SMS) turns
 * its bytes into a struct submission; validation against the form
 * (validate.h) then gives the canonical answers and the problems, and the
 * store keeps the result.  Answers are a JSON object, tag -> value, so one
 * representation serves every channel and every back-end.  Strings are
 * borrowed (see mission.h); answers is a borrowed jansson reference. */
#ifndef OBSERVA_SUBMISSION_H
#define OBSERVA_SUBMISSION_H

#include <jansson.h>
#include <stdint.h>

/* How a submission reached observa. */
#define SUBMISSION_CHANNELS "api, csv, web, paper, phone, odk, sms"

struct submission {
	const char *client_id;   /* the sender's id for this report ("id" in JSON, an
	                          * Idempotency-Key, an ODK instanceID); NULL if none */
	const char *replaces;    /* client id of the report this one corrects, or NULL */
	const char *form;        /* form code, e.g. "OP" */
	const char *station;     /* location code of a polling station */
	const char *observer;    /* observer code */
	const char *observed_at; /* ISO 8601 date-time, or NULL */
	json_t *answers;         /* object: tag -> value as sent */
	const char *comment;     /* free text, or NULL */
	const char *channel;     /* one of SUBMISSION_CHANNELS */
	const char *sent_by;     /* who sent it (struct stored_submission), or NULL */
	const char *origin;      /* the client's address, "local", or NULL */
};

#endif
