/* sms_broadcast.h - one text to many observers: who it goes to (team,
 * accreditation status, the region where they are assigned), who is left
 * out for want of a phone number, and one "broadcast" message queued per
 * observer's first number, all or none.  The CLI ("observa sms
 * broadcast") and the API (POST .../sms/broadcast) share it. */
#ifndef OBSERVA_SMS_BROADCAST_H
#define OBSERVA_SMS_BROADCAST_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ingest/sms_text.h"
#include "store/store.h"

#define SMS_BROADCAST_TEXT_MAX 1600 /* characters: what gateways take at most */

struct sms_broadcast {
	const char *text;
	struct sms_audience_filter filter;
	bool allow_long; /* a text longer than one SMS is taken: it goes out in
	                  * parts that the phone joins */
	/* Filled by sms_broadcast_plan(), in its arena: */
	struct sms_audience_row *to; /* observers with a number, by code */
	size_t nto;
	const char **skipped; /* codes of the observers without one */
	size_t nskipped;
	size_t chars;         /* characters of the text */
	struct sms_size size; /* the text as an SMS (GSM-7 or UCS-2, parts) */
};

/* Check b->text (not blank, UTF-8, at most SMS_BROADCAST_TEXT_MAX
 * characters, and one SMS unless b->allow_long: 160 GSM-7 septets or 70
 * UCS-2 units, sms_text.h) and b->filter (a status is made canonical:
 * "Accredited" becomes "accredited"), then list who it goes to, reading
 * st; strings in a.  ST_INVALID naming the field ("text: ...", "status:
 * ..."); ST_NOT_FOUND ("region: ...") for a region the mission does not
 * have. */
enum status sms_broadcast_plan(struct store *st, int64_t mission_id,
                               struct sms_broadcast *b, struct arena *a, struct err *e);

/* True when sms_broadcast_plan() refused b's text only because it does
 * not fit one SMS, so a front end can name its way of allowing it. */
bool sms_broadcast_too_long(const struct sms_broadcast *b);

/* Queue one message of kind "broadcast" for each of b->to, in one
 * savepoint of st: every one or none.  *queued gets how many. */
enum status sms_broadcast_queue(struct store *st, int64_t mission_id,
                                const struct sms_broadcast *b, int64_t *queued /* OUT */,
                                struct err *e);

#endif
