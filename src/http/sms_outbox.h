/* sms_outbox.h - the server's sender of outbound SMS: a thread that looks
 * at the queue (store_sms_out_due) every poll interval, or at once when
 * woken, and sends each due message through its mission's gateway
 * (sms_gateway.h), one at a time.
 *
 * Each message is first marked "sending" with its next attempt a stale
 * period ahead, so that a send cut short by a crash is made again once
 * that period is over; then the gateway's answer is recorded: "sent"
 * with its id, "queued" again after a back-off (30 s, 1 min, 2 min ...
 * at most 30 min), or "failed" after SMS_OUTBOX_MAX_ATTEMPTS attempts or
 * a refusal.  Every change goes through the process's writer.  A message
 * whose mission has no (usable) outbound gateway is not attempted: it
 * stays "queued" with the reason as last_error, on the same schedule
 * counted from when it was queued.  docs/sms-gateways.md tells more. */
#ifndef OBSERVA_SMS_OUTBOX_H
#define OBSERVA_SMS_OUTBOX_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "http/sms_gateway.h"
#include "model/phone.h"
#include "store/writer.h"

#define SMS_OUTBOX_MAX_ATTEMPTS 10
#define SMS_OUTBOX_BATCH        50 /* due messages read at once */

/* The outbox's clock, in seconds; each may be changed from the
 * environment (docs/sms-gateways.md). */
struct sms_outbox_timing {
	long poll;    /* between looks at the queue: OBSERVA_SMS_POLL_SECONDS, 1 */
	long stale;   /* a "sending" message is sent again after:
	                 OBSERVA_SMS_STALE_SECONDS, 60 */
	long retry;   /* the first back-off: OBSERVA_SMS_RETRY_SECONDS, 30; the
	                 longest is 60 times it */
	long timeout; /* one exchange with a gateway: OBSERVA_SMS_TIMEOUT_SECONDS,
	                 15 (connecting: at most 5) */
};

struct sms_outbox;

/* The timing from the environment, defaults for what is not set.
 * ST_INVALID naming the variable when one is not a whole number in its
 * range (poll 1 to 3600, stale 1 to 86400, retry 1 to 86400, timeout 1 to
 * 600). */
enum status sms_outbox_timing_env(struct sms_outbox_timing *t /* OUT */, struct err *e);

/* Start the sender: a store handle of its own at db_url (for reading the
 * queue and the missions' settings), changes through w, which must
 * outlive it.  public_url (may be NULL) is the server's public base URL
 * without a trailing slash, for Twilio's StatusCallback.  Call from the main thread
 * (libcurl's global state is made here).  Errors: the timing's, the store's. */
enum status sms_outbox_start(const char *db_url, struct writer *w, const char *public_url,
                             struct sms_outbox **out /* OUT */, struct err *e);

/* Have the sender look at the queue now rather than at its next poll:
 * call it once messages were queued (and committed).  Cheap, any thread;
 * NULL is a no-op (a server started with --no-sms-send). */
void sms_outbox_wake(struct sms_outbox *o);

/* Stop: a send in progress is cut short (and counts as an attempt to
 * try again), its outcome recorded, the thread joined, the handle
 * closed.  Call before the writer is stopped.  NULL is a no-op. */
void sms_outbox_stop(struct sms_outbox *o);

/* ---- the rules, without threads or HTTP (unit-tested) ---- */

/* Seconds to wait after a message's attempts-th failed attempt (from 1):
 * retry, then twice as long each time, at most 60 times retry. */
long long sms_outbox_backoff(int64_t attempts, long retry);

/* m as it is marked before a send at time now: "sending", next attempt
 * now + t->stale; a message found "sending" (a send with no recorded
 * outcome, cut short by a crash) has that attempt counted.  Strings in a
 * or m's. */
void sms_outbox_mark(const struct sms_out_row *m, long long now,
                     const struct sms_outbox_timing *t, struct arena *a,
                     struct sms_out_row *out /* OUT */);

/* m (as marked) after the outcome r of a send at time now: "sent" with
 * the gateway's id (observa's own id when the gateway gave none) and
 * sent_at; "queued" with one more attempt and the back-off; "failed" on
 * a refusal or at the last attempt.  When r was not attempted, "queued"
 * with the attempts unchanged, the reason as last_error, the next look
 * as far ahead as the message is old (from retry to 60 times retry).
 * Strings in a or m's or r's. */
void sms_outbox_after(const struct sms_out_row *m, const struct sms_send_result *r,
                      long long now, const struct sms_outbox_timing *t, struct arena *a,
                      struct sms_out_row *out /* OUT */);

/* phone for a log line: the first five characters and the last two, the
 * rest as '*' ("+7701*****67"); numbers shorter than 10 all '*'. */
void sms_phone_mask(const char *phone, char out[PHONE_MAX]);

#endif
