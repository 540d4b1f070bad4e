/* h_sms_status.c - POST /sms/generic/{m}/status and
 * /sms/twilio/{m}/status: a gateway tells what became of a message it
 * took (delivered, or not).  No account calls these: a generic gateway
 * proves itself with the mission's webhook secret, Twilio with its
 * signature of the request.  The new status is stored on the writer. */
#include <string.h>
#include <strings.h>

#include "http/api.h"
#include "http/handlers.h"
#include "http/public_url.h"
#include "http/twilio_sig.h"
#include "http/url.h"
#include "model/sms_secret.h"

#define FORM_TYPE "application/x-www-form-urlencoded"

struct delivery {
	int64_t mission_id;
	const char *gateway_id;
	const char *status; /* as stored: delivered | undelivered */
	const char *said;   /* as the gateway said it */
};

/* The body's form fields, in req->arena; ST_INVALID for a field that
 * does not decode.  Another content type than a form is answered 415 in
 * resp, with *answered set. */
static enum status read_form(struct http_req *req, struct http_resp *resp,
                             struct http_kv **pairs, size_t *n, bool *answered)
{
	const char *type = http_header(req, "Content-Type");

	*answered = false;
	if (type && strncasecmp(type, FORM_TYPE, strlen(FORM_TYPE))) {
		http_resp_error(resp, 415, "Content-Type: must be " FORM_TYPE);
		*answered = true;
		return ST_OK;
	}
	return url_parse_query(req->body.ptr, req->body.len, &req->arena, pairs, n,
	                       &req->err);
}

static const char *form_value(const struct http_kv *pairs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(pairs[i].key, name))
			return pairs[i].value;
	return NULL;
}

/* The mission and its SMS settings (all NULL when it has none). */
static enum status settings(struct http_req *req, struct mission *m, struct sms_config *c)
{
	enum status rc = api_mission(req, m);

	memset(c, 0, sizeof(*c));
	if (!rc)
		rc = store_sms_config_get(req->store, m->id, &req->arena, c, &req->err);
	if (rc == ST_NOT_FOUND && m->id) {
		memset(c, 0, sizeof(*c));
		err_clear(&req->err);
		rc = ST_OK;
	}
	return rc;
}

static enum status delivery_write(struct store *st, void *ctx, struct err *e)
{
	struct delivery *d = ctx;

	return store_sms_out_delivery(st, d->mission_id, d->gateway_id, d->status, e);
}

static enum status delivery_render(struct http_req *req, struct http_resp *resp,
                                   void *ctx)
{
	struct delivery *d = ctx;

	return http_resp_json(resp, 200,
	                      json_pack("{s:s, s:s, s:b}", "id", d->gateway_id, "status",
	                                d->status, "recorded", 1));
}

/* Answer 200 without storing: a status that changes nothing here. */
static enum status not_recorded(struct http_resp *resp, const struct delivery *d)
{
	return http_resp_json(resp, 200,
	                      json_pack("{s:s, s:s, s:b}", "id", d->gateway_id, "status",
	                                d->said, "recorded", 0));
}

/* ---- generic gateways ---- */

enum status h_sms_generic_status(struct http_req *req, struct http_resp *resp)
{
	struct delivery *d = arena_alloc(&req->arena, sizeof(*d));
	struct sms_config c;
	struct http_kv *form = NULL;
	struct mission m = {0};
	size_t n = 0;
	bool answered = false;
	enum status rc;

	rc = settings(req, &m, &c);
	if (!rc)
		rc = read_form(req, resp, &form, &n, &answered);
	if (rc || answered)
		return rc;
	if (!c.secret_hash)
		return err_set(&req->err, ST_DENIED,
		               "the mission has no webhook secret: its gateway's "
		               "webhooks cannot be checked");
	if (!sms_secret_ok(form_value(form, n, "secret"), c.secret_hash))
		return err_set(&req->err, ST_DENIED, "secret: wrong or missing");
	*d = (struct delivery){.mission_id = m.id,
	                       .gateway_id = form_value(form, n, "id"),
	                       .said = form_value(form, n, "status")};
	if (!d->gateway_id || !*d->gateway_id)
		return err_set(&req->err, ST_INVALID,
		               "id: the gateway's message id is missing");
	if (d->said && !strcmp(d->said, "delivered"))
		d->status = "delivered";
	else if (d->said &&
	         (!strcmp(d->said, "undelivered") || !strcmp(d->said, "failed")))
		d->status = "undelivered";
	else
		return err_set(&req->err, ST_INVALID,
		               "status: must be delivered, undelivered or failed");
	return api_write(req, delivery_write, delivery_render, d);
}

/* ---- Twilio ---- */

/* The auth token Twilio signs with: the one kept for webhooks, else the
 * twilio gateway's own. */
static const char *twilio_token(const struct sms_config *c)
{
	if (c->twilio_token && *c->twilio_token)
		return c->twilio_token;
	if (c->outbound_kind && !strcmp(c->outbound_kind, "twilio"))
		return c->outbound_secret;
	return NULL;
}

enum status h_sms_twilio_status(struct http_req *req, struct http_resp *resp)
{
	struct delivery *d = arena_alloc(&req->arena, sizeof(*d));
	struct sms_config c;
	struct http_kv *form = NULL;
	struct mission m = {0};
	const char *token, *url;
	size_t n = 0;
	bool answered = false;
	enum status rc;

	rc = settings(req, &m, &c);
	if (!rc)
		rc = read_form(req, resp, &form, &n, &answered);
	if (rc || answered)
		return rc;
	token = twilio_token(&c);
	if (!token)
		return err_set(&req->err, ST_DENIED,
		               "the mission has no Twilio auth token: Twilio's "
		               "signatures cannot be checked");
	rc = public_url_of_request(req, &url);
	if (rc)
		return rc;
	if (!twilio_signature_ok(token, url, form, n,
	                         http_header(req, "X-Twilio-Signature")))
		return err_set(&req->err, ST_DENIED,
		               "X-Twilio-Signature: missing or not Twilio's signature of "
		               "this request");
	*d = (struct delivery){.mission_id = m.id,
	                       .gateway_id = form_value(form, n, "MessageSid"),
	                       .said = form_value(form, n, "MessageStatus")};
	if (!d->gateway_id || !*d->gateway_id)
		return err_set(&req->err, ST_INVALID, "MessageSid: missing");
	if (!d->said || !*d->said)
		return err_set(&req->err, ST_INVALID, "MessageStatus: missing");
	if (!strcmp(d->said, "delivered"))
		d->status = "delivered";
	else if (!strcmp(d->said, "undelivered") || !strcmp(d->said, "failed"))
		d->status = "undelivered";
	else /* queued, sending, sent, ...: nothing this server records */
		return not_recorded(resp, d);
	return api_write(req, delivery_write, delivery_render, d);
}
