/* sms_intake.h - one inbound SMS's way into observa, whatever gateway
 * brought it: stored raw first, recognised when the gateway or the
 * observer sends it again, its sender found by phone number, read against
 * the mission's forms (sms_parse.h), taken through the intake like every
 * report, and its outcome and reply stored with it, the reply queued for
 * sending.  Rules: docs/sms.md.
 *
 *   struct sms_result r;
 *   rc = sms_receive(in, st, w, &mission, &msg, &r, &e);
 *   ... r.status, r.reply ...
 *   sms_result_release(&r);
 */
#ifndef OBSERVA_SMS_INTAKE_H
#define OBSERVA_SMS_INTAKE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ingest/intake.h"
#include "model/mission.h"
#include "store/store.h"
#include "store/writer.h"

/* One message as a gateway hands it over. */
struct sms_inbound {
	const char *gateway;    /* "generic", "twilio", "cli" */
	const char *gateway_id; /* the gateway's id for it, or NULL */
	const char *from;       /* the sender's number as the gateway wrote it */
	const char *text;       /* bytes as received (need not be UTF-8) */
	size_t len;
	const char *sent_at; /* when it was sent, ISO 8601 with a zone, or NULL */
	bool reply_inline;   /* the gateway sends the reply from its answer
	                      * (Twilio's TwiML): it is not queued */
	/* When the message reached the gateway, "YYYY-MM-DDTHH:MM:SSZ", for
	 * messages handed over after the fact (a gateway's log replayed, the
	 * demo's evening); NULL: now.  The message and its report are stored
	 * as received then, and a repeat is looked for in the window before
	 * it. */
	const char *received_at;
	/* Where it came from: the gateway's address for a webhook, "local"
	 * from the command line; NULL when not known (a message read again
	 * after a stop).  The report records it (stored_submission.origin). */
	const char *origin;
};

/* What became of it. */
struct sms_result {
	/* "accepted" (a report stored), "rejected" (problems; the reply lists
	 * them), "duplicate" (sent again: by the gateway with the same id, by
	 * the observer within the window, or a report already stored),
	 * "unknown_sender", "failed" (could not be read and stored: the
	 * gateway should send it again). */
	const char *status;
	int64_t message_id;    /* the stored message, 0 when none */
	int64_t submission_id; /* the report it gave or repeats, 0 when none (or
	                        * not known yet: a repeat of a message still
	                        * being read, linked to its report later) */
	int64_t duplicate_of;  /* the message it repeats, 0 when none */
	int64_t reply_id;      /* the queued reply, 0 when none was queued */
	const char *observer;  /* the sender's code, NULL when unknown */
	bool flagged;          /* the report stored was flagged by a check */
	char *reply;           /* the reply's text (also queued); owned */
	bool no_reply;         /* reply is not to be sent: the observer's repeat,
	                        * whose first reply answers it (or the gateway's
	                        * retry of one) */
	json_t *problems;      /* array of problem objects; owned */
	json_t *reading;       /* sms_reading_to_json() of the text, or NULL */
	const char *error;     /* why it "failed" (the store's message, e.g. a
	                        * full disk), or NULL */
	/* private */
	struct arena arena;
};

/* Receive msg for mission m: st is the caller's reader handle, w the
 * process's writer.  ST_OK with out filled whatever the message said
 * (out->status tells); another code, with e filled, when the store failed
 * (out->status "failed"; a message already stored stays, marked received,
 * and is read again when the gateway retries it).  Retries that arrive
 * while the message is being read are read side by side; the first
 * reading to finish stores its outcome, and the others answer as retries
 * of it.  out must be released with sms_result_release() in every case. */
enum status sms_receive(struct intake *in, struct store *st, struct writer *w,
                        const struct mission *m, const struct sms_inbound *msg,
                        struct sms_result *out, struct err *e);

/* Read again a message that was stored but whose reading was interrupted
 * (status "received": the server stopped in between; see
 * store_sms_in_pending): as sms_receive() from the look for a repeat on. */
enum status sms_resume(struct intake *in, struct store *st, struct writer *w,
                       const struct mission *m, const struct sms_in_row *row,
                       struct sms_result *out, struct err *e);

/* sms_receive() in three steps, for a server that waits for the writer
 * without holding a thread (http_defer()):
 *
 *   rc = sms_reception_begin(in, st, &m, &msg, 0, &out, &rx, &e);
 *   ... submit sms_reception_job(rx) to the writer; once it is done:
 *   rc = sms_reception_end(rx, &e);      out is then as sms_receive's
 *   sms_reception_free(rx);              always, even when begin failed
 *
 * begin reads what can be read before the writer (the sender, the window
 * for repeats) on st, the caller's reader handle, and copies m and msg
 * (the strings they point to must live until end).  The job stores the
 * message raw and reads it in one transaction, the reading in a
 * savepoint of its own, so a failure in reading leaves the message
 * stored and marked received; the parsing and validation run in the
 * writer.  When begin fails, out is "failed" and the job must not run.
 * resume is as for sms_resume (0: a new message).  owner is the
 * caller's, for finding its own state again from the job. */
struct sms_reception;
enum status sms_reception_begin(struct intake *in, struct store *st,
                                const struct mission *m, const struct sms_inbound *msg,
                                int64_t resume, struct sms_result *out,
                                struct sms_reception **rx /* OUT */, struct err *e);
struct writer_job *sms_reception_job(struct sms_reception *rx);
struct sms_reception *sms_reception_of(struct writer_job *job);
void sms_reception_set_owner(struct sms_reception *rx, void *owner);
void *sms_reception_owner(const struct sms_reception *rx);
enum status sms_reception_end(struct sms_reception *rx, struct err *e);
void sms_reception_free(struct sms_reception *rx);

/* Read every message of any mission left "received" by a stop
 * (sms_resume); *done tells how many.  For the server's start. */
enum status sms_recover(struct intake *in, struct store *st, struct writer *w,
                        size_t *done, struct err *e);

/* How msg would be read and answered, storing nothing: status is what
 * sms_receive() would say unless the message is a repeat (repeats are
 * not looked for), with submission_id 0. */
enum status sms_preview(struct intake *in, struct store *st, const struct mission *m,
                        const struct sms_inbound *msg, struct sms_result *out,
                        struct err *e);

void sms_result_release(struct sms_result *r);

/* The hex hash of a message's text as compared for repeats: upper-cased
 * ASCII, runs of white space made one space, trimmed.  In a's memory. */
const char *sms_text_key(const char *text, size_t len, struct arena *a);

/* The JSON answer of a gateway webhook: {"status", "reply", "message",
 * "submission", "observer", "problems"}.  New reference. */
json_t *sms_result_json(const struct sms_result *r);

#endif
