/* h_sms_twilio.c - POST /sms/twilio/{m}: Twilio's webhook for an inbound
 * message (From, Body, MessageSid), signed with the mission's Twilio auth
 * token (X-Twilio-Signature).  The message goes the way of every SMS
 * (sms_intake.h) and the reply is sent back in the answer as TwiML, which
 * Twilio delivers, so it is not queued as well (an observer's repeat gets
 * none: the first reply answers it). */
#include <string.h>

#include "core/buf.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/public_url.h"
#include "http/sms_webhook.h"
#include "http/twilio_sig.h"

/* The token that signs Twilio's requests: the mission's Twilio token, or
 * its Twilio gateway's secret. */
static const char *signing_token(const struct sms_config *c)
{
	if (c->twilio_token && *c->twilio_token)
		return c->twilio_token;
	if (c->outbound_kind && !strcmp(c->outbound_kind, "twilio"))
		return c->outbound_secret;
	return NULL;
}

/* XML text: & < > escaped. */
static void put_xml(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			buf_appends(b, "&amp;");
		else if (*s == '<')
			buf_appends(b, "&lt;");
		else if (*s == '>')
			buf_appends(b, "&gt;");
		else
			buf_appendc(b, *s);
	}
}

static enum status answer_twiml(struct http_resp *resp, const struct sms_result *r)
{
	buf_reset(&resp->body);
	buf_appends(&resp->body,
	            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>");
	if (r->reply && *r->reply && !r->no_reply) {
		buf_appends(&resp->body, "<Message>");
		put_xml(&resp->body, r->reply);
		buf_appends(&resp->body, "</Message>");
	}
	buf_appends(&resp->body, "</Response>\n");
	resp->status = strcmp(r->status, "failed") ? 200 : 503;
	resp->content_type = HTTP_XML;
	return ST_OK;
}

enum status h_sms_twilio(struct http_req *req, struct http_resp *resp)
{
	const struct sms_form_field *from, *body, *sid;
	struct sms_config cfg = {0};
	struct http_kv *kv;
	const char *token, *url;
	struct sms_form *f = arena_alloc(&req->arena, sizeof(*f));
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (rc || !sms_form_type_ok(req, resp))
		return rc;
	rc = sms_form_parse(req, f);
	if (rc)
		return rc;
	rc = store_sms_config_get(req->store, m.id, &req->arena, &cfg, &req->err);
	if (rc && rc != ST_NOT_FOUND)
		return rc;
	token = signing_token(&cfg);
	if (!token)
		return err_set(
		    &req->err, ST_DENIED,
		    "the mission has no Twilio auth token: Twilio's signatures "
		    "cannot be checked (observa sms gateway --help)");
	rc = public_url_of_request(req, &url);
	if (rc)
		return rc;
	kv = arena_alloc(&req->arena, (f->n ? f->n : 1) * sizeof(*kv));
	for (size_t i = 0; i < f->n; i++)
		kv[i] = (struct http_kv){f->v[i].key, f->v[i].value};
	if (!twilio_signature_ok(token, url, kv, f->n,
	                         http_header(req, "X-Twilio-Signature")))
		return err_set(&req->err, ST_DENIED,
		               "X-Twilio-Signature: missing or not Twilio's signature of "
		               "this request");
	from = sms_form_get(f, "From");
	body = sms_form_get(f, "Body");
	sid = sms_form_get(f, "MessageSid");
	if (!from || !*from->value)
		return err_set(&req->err, ST_INVALID,
		               "From: the sender's number is missing");
	if (!body)
		return err_set(&req->err, ST_INVALID, "Body: the message is missing");
	return sms_webhook_receive(
	    req, resp, &m,
	    &(struct sms_inbound){
	        .gateway = "twilio",
	        .gateway_id = sid && *sid->value ? sid->value : NULL,
	        .from = from->value,
	        .text = body->value,
	        .len = body->len,
	        .reply_inline = true,
	        .origin = req->client,
	    },
	    answer_twiml);
}
