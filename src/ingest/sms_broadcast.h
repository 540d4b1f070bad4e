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
#include "store/store.h"

#define SMS_BROADCAST_TEXT_MAX 1600 /* characters: what gateways take at most */

struct sms_broadcast {
	const char *text;
	struct sms_audience_filter filter;
	/* Filled by sms_broadcast_plan(), in its arena: */
	struct sms_audience_row *to; /* observers with a number, by code */
	size_t nto;
	const char **skipped; /* codes of the observers without one */
	size_t nskipped;
	size_t chars; /* characters of the text */
};

/* Check b->text (not blank, UTF-8, at most SMS_BROADCAST_TEXT_MAX
 * characters) and b->filter (a status is made canonical: "Accredited"
 * becomes "accredited"), then list who it goes to, reading st; strings
 * in a.  ST_INVALID naming the field ("text: ...", "status: ...");
 * ST_NOT_FOUND ("region: ...") for a region the mission does not have. */
enum status sms_broadcast_plan(struct store *st, int64_t mission_id,
                               struct sms_broadcast *b, struct arena *a, struct err *e);

/* Queue one message of kind "broadcast" for each of b->to, in one
 * savepoint of st: every one or none.  *queued gets how many. */
enum status sms_broadcast_queue(struct store *st, int64_t mission_id,
                                const struct sms_broadcast *b, int64_t *queued /* OUT */,
                                struct err *e);

#endif
