/* sms_webhook.h - what the SMS gateways' webhooks share: the
 * form-encoded body read field by field (sms_form.h), the message
 * received while the request waits for the writer, and the JSON answer to
 * a gateway. */
#ifndef OBSERVA_SMS_WEBHOOK_H
#define OBSERVA_SMS_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "http/sms_form.h"
#include "ingest/sms_intake.h"

/* True when req's body is a form (application/x-www-form-urlencoded, or
 * no Content-Type); otherwise resp is answered 415, and nothing is to be
 * read from the body. */
bool sms_form_type_ok(struct http_req *req, struct http_resp *resp);

/* Read req's body with sms_form_read() (sms_form.h), strings in
 * req->arena, a problem said in req->err. */
enum status sms_form_parse(struct http_req *req, struct sms_form *f /* OUT */);

/* Answer a gateway: 200 with sms_result_json(r) once the message is
 * stored (whatever it said), 503 with Retry-After when it could not be
 * read and stored, so the gateway sends it again. */
enum status sms_webhook_answer(struct http_resp *resp, const struct sms_result *r);

/* Receive msg for mission m from a gateway's webhook without holding a
 * worker thread: what can be read first is read on req->store, then the
 * request waits for the writer (http_defer()), which stores and reads the
 * message, and answer(resp, r) answers the gateway from the outcome,
 * "failed" included (a stored reply wakes the outbox).  m and msg are
 * copied; msg's strings must live in req->arena.  Returns what a handler
 * returns. */
enum status sms_webhook_receive(struct http_req *req, struct http_resp *resp,
                                const struct mission *m, const struct sms_inbound *msg,
                                enum status (*answer)(struct http_resp *resp,
                                                      const struct sms_result *r));

#endif
