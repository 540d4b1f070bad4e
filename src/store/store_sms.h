/* store_sms.h - what the store keeps of the coded-SMS channel: each
 * mission's gateway settings, every inbound message (raw, before it is
 * read, then with its outcome) and the queue of outbound messages
 * (replies and broadcasts) with their delivery state.
 *
 * Included by store.h; the same rules hold (strings of *_get functions in
 * the caller's arena, those of callbacks valid during the call). */
#ifndef OBSERVA_STORE_SMS_H
#define OBSERVA_STORE_SMS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

struct store;

#define SMS_DUPLICATE_HOURS 12 /* default window for the same text from one number */

/* A mission's SMS settings.  Secrets that observa only checks are kept as
 * hashes; those it must use (to sign or to log in to a gateway) as they
 * are, and are never shown by the API or the audit log. */
struct sms_config {
	const char *secret_hash;     /* hex BLAKE2b-256 of the webhook secret, or NULL */
	const char *twilio_token;    /* Twilio auth token, to check signatures, or NULL */
	const char *outbound_kind;   /* "generic", "twilio", or NULL: replies not sent */
	const char *outbound_url;    /* where outbound messages are POSTed */
	const char *outbound_user;   /* Twilio account SID, or a generic user, or NULL */
	const char *outbound_secret; /* Twilio auth token, or a bearer token, or NULL */
	const char *sender;          /* the From number or sender name, or NULL */
	int64_t duplicate_hours;     /* same text from one number: 0 means the default */
	const char *updated_at;
};

/* One inbound message.  status: "received" (stored, not yet read),
 * "accepted" (a report was stored or was a duplicate of one), "rejected"
 * (problems), "duplicate" (the same text from the same number within the
 * window, not read again), "unknown_sender". */
struct sms_in_row {
	int64_t id;
	int64_t mission_id;      /* set by the store when it reads a message */
	const char *gateway;     /* "generic", "twilio", "cli" */
	const char *gateway_id;  /* the gateway's message id, or NULL */
	const char *phone;       /* the sender: E.164 when it could be read so */
	const char *observer;    /* the observer's code, or NULL */
	const char *text;        /* as received */
	const char *received_at; /* ISO 8601 UTC; the store's clock when NULL */
	const char *text_key;    /* hex hash of the normalised text, for duplicates */
	const char *status;
	int64_t submission_id; /* the report it gave, or 0 */
	int64_t duplicate_of;  /* the message it repeats, or 0 */
	const char *problems;  /* JSON array text, or NULL */
	const char *reply;     /* the reply's text, or NULL */
};

/* One outbound message.  status: "queued" (to send at next_attempt_at),
 * "sending" (handed to the gateway, answer not yet known), "sent" (the
 * gateway took it), "delivered", "undelivered" (the gateway reported so),
 * "failed" (given up after the retries). */
struct sms_out_row {
	int64_t id;
	int64_t mission_id;
	const char *phone;    /* E.164 */
	const char *observer; /* the observer's code, or NULL */
	const char *text;
	const char *kind; /* "reply" or "broadcast" */
	int64_t reply_to; /* the inbound message answered, or 0 */
	const char *status;
	int64_t attempts;
	const char *next_attempt_at; /* ISO 8601 UTC */
	const char *last_error;      /* the last failure, or NULL */
	const char *gateway_id;      /* the gateway's id once sent, or NULL */
	const char *created_at;
	const char *sent_at;
};

struct sms_filter {
	const char *status; /* or NULL */
	const char *phone;  /* E.164, or NULL */
	int64_t limit;      /* <= 0: all */
	int64_t offset;
};

typedef enum status (*store_sms_in_cb)(void *ctx, const struct sms_in_row *m);
typedef enum status (*store_sms_out_cb)(void *ctx, const struct sms_out_row *m);

/* The mission's settings; ST_NOT_FOUND when none were ever set. */
enum status store_sms_config_get(struct store *st, int64_t mission_id, struct arena *a,
                                 struct sms_config *out, struct err *e);
/* Replace them (audited without any secret). */
enum status store_sms_config_put(struct store *st, int64_t mission_id,
                                 const struct sms_config *c, struct err *e);

/* The code of the mission's observer with this E.164 number, in a;
 * ST_NOT_FOUND when no observer has it. */
enum status store_observer_by_phone(struct store *st, int64_t mission_id,
                                    const char *phone, struct arena *a,
                                    const char **code /* OUT */, struct err *e);

/* Store an inbound message as received; sets m->id.  When the gateway
 * already gave a message this gateway_id, nothing is stored: ST_EXISTS
 * with m->id set to the earlier message's. */
enum status store_sms_in_add(struct store *st, int64_t mission_id, struct sms_in_row *m,
                             struct err *e);
/* The first message from phone with text_key received at or after since,
 * stored before message not_id, that is not itself a repeat (whether it
 * has been read yet or not); ST_NOT_FOUND when none. */
enum status store_sms_in_recent(struct store *st, int64_t mission_id, const char *phone,
                                const char *text_key, const char *since, int64_t not_id,
                                struct arena *a, struct sms_in_row *out, struct err *e);
/* Record what became of message m->id: status, observer, submission_id,
 * duplicate_of, problems and reply.  A message that gave a report
 * (submission_id set, duplicate_of not) also gives it to its repeats
 * recorded without one, while it was still being read. */
enum status store_sms_in_finish(struct store *st, int64_t mission_id,
                                const struct sms_in_row *m, struct err *e);
enum status store_sms_in_get(struct store *st, int64_t mission_id, int64_t id,
                             struct arena *a, struct sms_in_row *out, struct err *e);
/* Inbound messages, newest first; *total matches f without its page. */
enum status store_sms_in_list(struct store *st, int64_t mission_id,
                              const struct sms_filter *f, int64_t *total,
                              store_sms_in_cb cb, void *ctx, struct err *e);
/* Messages of any mission still "received" at or before before (their
 * reading was interrupted, e.g. by a crash), oldest first, with
 * mission_id set. */
enum status store_sms_in_pending(struct store *st, const char *before, int64_t limit,
                                 store_sms_in_cb cb, void *ctx, struct err *e);

/* Queue an outbound message; sets m->id.  status "queued", attempts 0 and
 * next_attempt_at now unless given. */
enum status store_sms_out_add(struct store *st, int64_t mission_id, struct sms_out_row *m,
                              struct err *e);
/* Up to limit messages of any mission that are due: "queued" with
 * next_attempt_at <= now, or "sending" since before stale (a send that
 * never finished), oldest first. */
enum status store_sms_out_due(struct store *st, const char *now, const char *stale,
                              int64_t limit, store_sms_out_cb cb, void *ctx,
                              struct err *e);
/* Record a send's progress: status, attempts, next_attempt_at,
 * last_error, gateway_id and sent_at of m->id. */
enum status store_sms_out_update(struct store *st, const struct sms_out_row *m,
                                 struct err *e);
/* Claim a due message for sending: record marked (its "sending" state)
 * only if the message is still as seen was read (status, attempts,
 * next_attempt_at).  *claimed is false when another server's sender got
 * there first: it then sends the message, and this one must not.  Several
 * observa servers on one PostgreSQL database each run a sender; this is
 * what keeps each message sent once. */
enum status store_sms_out_claim(struct store *st, const struct sms_out_row *seen,
                                const struct sms_out_row *marked, bool *claimed /* OUT */,
                                struct err *e);
/* The delivery report of the gateway: the message it knows as gateway_id
 * gets status; ST_NOT_FOUND when the mission has no such message. */
enum status store_sms_out_delivery(struct store *st, int64_t mission_id,
                                   const char *gateway_id, const char *status,
                                   struct err *e);
/* Outbound messages, newest first. */
enum status store_sms_out_list(struct store *st, int64_t mission_id,
                               const struct sms_filter *f, int64_t *total,
                               store_sms_out_cb cb, void *ctx, struct err *e);

/* Who a broadcast goes to: the observers matching every filter given. */
struct sms_audience_filter {
	const char *team;   /* the observer's team, or NULL */
	const char *status; /* accreditation status, or NULL */
	const char *region; /* code of a location: observers assigned (any day)
	                       to a station or commission below it, or NULL */
};

struct sms_audience_row {
	const char *observer; /* code */
	const char *name;
	const char *phone; /* the observer's first number (E.164), or NULL */
};

typedef enum status (*store_sms_audience_cb)(void *ctx, const struct sms_audience_row *r);

/* The observers of the mission matching f, by code.  ST_NOT_FOUND when
 * f->region names no location of the mission. */
enum status store_sms_audience(struct store *st, int64_t mission_id,
                               const struct sms_audience_filter *f,
                               store_sms_audience_cb cb, void *ctx, struct err *e);

#endif
