/* sms_reply.h - what observa answers an observer's SMS: a receipt, "already
 * received", the problems of a report (those the SMS reader found and those
 * validation found after it), an unknown sender, a report that could not
 * be stored.  In English or Russian ("ru"; any other language gets
 * English), and always short enough for one SMS (sms_text.h): a list of
 * problems too long for it ends in "+N", the number left out. */
#ifndef OBSERVA_SMS_REPLY_H
#define OBSERVA_SMS_REPLY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/sms_parse.h"

/* What a receipt tells the observer about a stored report. */
struct sms_receipt {
	const char *form;    /* form code: "OP" */
	const char *station; /* station code as read */
	size_t nanswers;     /* answers the report holds */
	int64_t report;      /* the report's number, 0 when there is none to give */
	bool flagged;        /* a flag check failed: the core team will look at it */
};

/* "OP 15-0123: received, 12 answers, report 1234. Thank you." (with
 * "flagged for review" when r->flagged).  The caller frees the result. */
char *sms_reply_accepted(const struct sms_receipt *r, const char *lang);

/* The same report was received before (report r->report): nothing changed.
 * r->nanswers and r->flagged are not used.  The caller frees the result. */
char *sms_reply_duplicate(const struct sms_receipt *r, const char *lang);

/* Why the report in r was not accepted: r's own problems, then those of
 * problems, an array of validation problems as intake_item.problems holds
 * them ({"field", "tag", "value", "message", "severity", "check"}; NULL
 * for none).  A problem of the field "station" says the station is
 * unknown; one with a "check" gives that check's message from r->form in
 * lang; any other gives its English message (en) or a Russian wording
 * with its tag or field (ru).  Missing answers are listed together.
 * codes (ncodes of them, may be NULL) are the mission's form codes, named
 * after an unknown or missing form code when there is room.  The caller
 * frees the result. */
char *sms_reply_problems(const struct sms_reading *r, const json_t *problems,
                         const char *const *codes, size_t ncodes, const char *lang);

/* One problem of reading r in words, as a reply lists it ("C: 7 out of
 * range 0-5"), for logs and the list of problems kept with the message.
 * The caller frees the result. */
char *sms_problem_text(const struct sms_reading *r, const struct sms_problem *p,
                       const char *lang);

/* The sender's number is not registered with the mission: the report was
 * not taken.  The caller frees the result. */
char *sms_reply_unknown_sender(const char *lang);

/* The report could not be stored (the store failed): send it again later.
 * The caller frees the result. */
char *sms_reply_failed(const char *lang);

#endif
