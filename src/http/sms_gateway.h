/* sms_gateway.h - sending one SMS through a mission's outbound gateway
 * (struct sms_config) over HTTP or HTTPS with libcurl, and what came of
 * it: taken, to try again later, or refused for good.
 *
 * Two kinds of gateway (docs/sms-gateways.md):
 *   generic  POST outbound_url, form fields to, text, id (observa's id of
 *            the message, so that the gateway can drop a repeat) and from;
 *            "Authorization: Bearer SECRET", or Basic USER:SECRET when a
 *            user is set.  The gateway's id is read from {"id": ...}.
 *   twilio   POST {outbound_url or https://api.twilio.com}/2010-04-01/
 *            Accounts/{user}/Messages.json, Basic USER:SECRET, form fields
 *            To, From, Body and StatusCallback; the id is the JSON's sid.
 * A 2xx answer means taken; 408, 429, 5xx, time-outs and connection
 * errors mean try again; any other 4xx is a refusal.  Redirects are not
 * followed, no proxy is taken from the environment, and only http and
 * https URLs are used. */
#ifndef OBSERVA_SMS_GATEWAY_H
#define OBSERVA_SMS_GATEWAY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"

#define SMS_GATEWAY_TWILIO_URL      "https://api.twilio.com"
#define SMS_GATEWAY_CONNECT_TIMEOUT 5  /* seconds to connect */
#define SMS_GATEWAY_TIMEOUT         15 /* seconds for the whole exchange */
#define SMS_GATEWAY_ID_MAX          128
#define SMS_GATEWAY_ERROR_MAX       256

enum sms_send_outcome {
	SMS_SEND_TAKEN,     /* the gateway took the message */
	SMS_SEND_RETRY,     /* not taken this time; may be taken later */
	SMS_SEND_PERMANENT, /* refused for good: sending it again is useless */
};

/* One message to send. */
struct sms_gateway_msg {
	int64_t id;     /* observa's id of the outbound message */
	const char *to; /* E.164 */
	const char *text;
	const char *status_url; /* Twilio's StatusCallback, or NULL for none */
};

struct sms_gateway_opts {
	long connect_timeout; /* seconds; 0: SMS_GATEWAY_CONNECT_TIMEOUT */
	long timeout;         /* seconds; 0: SMS_GATEWAY_TIMEOUT */
	/* When set (may be NULL), a send in progress is given up at once
	 * (SMS_SEND_RETRY): the server is stopping. */
	const atomic_bool *cancel;
};

struct sms_send_result {
	enum sms_send_outcome outcome;
	bool attempted;                      /* false: the settings made no request */
	long http_status;                    /* 0 when no answer came */
	char gateway_id[SMS_GATEWAY_ID_MAX]; /* the gateway's id, "" when none */
	char error[SMS_GATEWAY_ERROR_MAX];   /* why not taken; "" when taken */
};

/* The HTTP request a message makes: strings in a. */
struct sms_gateway_request {
	const char *url;
	const char *body;   /* application/x-www-form-urlencoded */
	const char *bearer; /* Authorization: Bearer, or NULL */
	const char *user;   /* Basic user and password, or NULL */
	const char *password;
};

/* libcurl's process-wide state, made once by the main thread before any
 * other thread sends (and freed after the last send).  ST_INTERNAL when
 * libcurl cannot start. */
enum status sms_gateway_global_init(struct err *e);
void sms_gateway_global_cleanup(void);

/* The request that sends m through c, strings in a.  ST_INVALID when c
 * has no outbound gateway (kind NULL: "no outbound gateway configured"),
 * an unknown kind, or misses what the kind needs (a URL for generic, the
 * account SID, token and sender for Twilio). */
enum status sms_gateway_request(const struct sms_config *c,
                                const struct sms_gateway_msg *m, struct arena *a,
                                struct sms_gateway_request *out /* OUT */, struct err *e);

/* Send m through c (blocking, at most o's time-out) and fill out.
 * Settings that cannot make a request (sms_gateway_request()) give
 * SMS_SEND_RETRY with attempted false and the reason in out->error: the
 * message waits until they are fixed. */
void sms_gateway_send(const struct sms_config *c, const struct sms_gateway_msg *m,
                      const struct sms_gateway_opts *o,
                      struct sms_send_result *out /* OUT */);

/* What an HTTP status says of a send (above). */
enum sms_send_outcome sms_gateway_classify(long http_status);

/* The message id in a gateway's JSON answer body[0..len): "sid" for
 * "twilio", "id" for other kinds, a string or a whole number, copied to
 * out[n].  False when the body is not such JSON, or the id is too long or
 * holds anything but printable ASCII without spaces. */
bool sms_gateway_answer_id(const char *kind, const char *body, size_t len, char *out,
                           size_t n);

/* Append s to b encoded as a form value (application/x-www-form-urlencoded:
 * letters, digits and "-._~" as they are, space as '+', any other byte
 * as %XX).  ST_TOO_BIG when b's cap is reached. */
enum status sms_gateway_form_escape(struct buf *b, const char *s);

#endif
