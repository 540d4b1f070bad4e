/* h_sms_in.c - POST /sms/generic/{m}: an SMS gateway hands over one
 * inbound message (form-encoded from, text, optional id and timestamp,
 * and the mission's shared secret).  The message is stored, read and
 * answered by the SMS intake (sms_intake.h); the gateway gets JSON with
 * the outcome and the reply, which is also queued for sending. */
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/sms_webhook.h"
#include "http/sms_outbox.h"
#include "ingest/sms_intake.h"
#include "model/sms_secret.h"

bool sms_form_type_ok(struct http_req *req, struct http_resp *resp)
{
	static const char form[] = "application/x-www-form-urlencoded";
	const char *type = http_header(req, "Content-Type");

	if (!type || !strncasecmp(type, form, strlen(form)))
		return true;
	http_resp_error(resp, 415, "Content-Type: must be %s, not %s", form, type);
	return false;
}

enum status sms_form_parse(struct http_req *req, struct sms_form *f)
{
	return sms_form_read(req->body.ptr, req->body.len, &req->arena, f, &req->err);
}

enum status sms_webhook_answer(struct http_resp *resp, const struct sms_result *r)
{
	resp->status = strcmp(r->status, "failed") ? 200 : 503;
	if (resp->status == 503)
		http_resp_header(resp, "Retry-After", "5");
	return http_resp_json(resp, resp->status, sms_result_json(r));
}

enum status h_sms_generic(struct http_req *req, struct http_resp *resp)
{
	const struct sms_form_field *from, *text, *id, *ts, *secret;
	struct sms_config cfg = {0};
	struct sms_form f;
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (rc || !sms_form_type_ok(req, resp))
		return rc;
	rc = sms_form_parse(req, &f);
	if (rc)
		return rc;
	rc = store_sms_config_get(req->store, m.id, &req->arena, &cfg, &req->err);
	if (rc && rc != ST_NOT_FOUND)
		return rc;
	secret = sms_form_get(&f, "secret");
	if (!sms_secret_ok(secret ? secret->value : NULL, cfg.secret_hash))
		return err_set(&req->err, ST_DENIED,
		               cfg.secret_hash
		                   ? "secret: not the mission's SMS secret"
		                   : "secret: the mission has no SMS secret yet "
		                     "(observa sms secret --mission %s)",
		               m.code);
	from = sms_form_get(&f, "from");
	text = sms_form_get(&f, "text");
	if (!from || !*from->value)
		return err_set(&req->err, ST_INVALID,
		               "from: the sender's number is missing");
	if (!text)
		return err_set(&req->err, ST_INVALID, "text: the message is missing");
	id = sms_form_get(&f, "id");
	ts = sms_form_get(&f, "timestamp");
	if (ts && !text_is_datetime(ts->value))
		ts = NULL; /* a gateway's own format: the time of receipt instead */
	return sms_webhook_receive(req, resp, &m,
	                           &(struct sms_inbound){
	                               .gateway = "generic",
	                               .gateway_id = id && *id->value ? id->value : NULL,
	                               .from = from->value,
	                               .text = text->value,
	                               .len = text->len,
	                               .sent_at = ts && *ts->value ? ts->value : NULL,
	                               .origin = req->client,
	                           },
	                           sms_webhook_answer);
}
