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

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode [s, s+n) with '+' as a space into a, keeping every byte
 * (an SMS is stored as it came, even when it is not UTF-8). */
static char *form_decode(const char *s, size_t n, size_t *len, struct arena *a)
{
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && (hi = hex_value(s[i + 1])) >= 0 &&
		           (lo = hex_value(s[i + 2])) >= 0) {
			out[k++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	*len = k;
	return out;
}

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
	const char *p = req->body.ptr, *end = p + req->body.len;

	memset(f, 0, sizeof(*f));
	while (p && p < end && f->n < SMS_FORM_MAX) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		struct sms_form_field *fl = &f->v[f->n];
		size_t klen;

		if (stop > p) {
			fl->key = form_decode(p, (size_t)((eq ? eq : stop) - p), &klen,
			                      &req->arena);
			fl->value = eq ? form_decode(eq + 1, (size_t)(stop - eq - 1),
			                             &fl->len, &req->arena)
			               : form_decode("", 0, &fl->len, &req->arena);
			f->n++;
		}
		p = amp ? amp + 1 : NULL;
	}
	if (p && p < end)
		return err_set(&req->err, ST_TOO_BIG, "body: more than %d fields",
		               SMS_FORM_MAX);
	return ST_OK;
}

const struct sms_form_field *sms_form_get(const struct sms_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].key, key))
			return &f->v[i];
	return NULL;
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
	struct sms_result r = {0};
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
	rc = sms_receive(req->svc->intake, req->store, req->svc->writer, &m,
	                 &(struct sms_inbound){
	                     .gateway = "generic",
	                     .gateway_id = id && *id->value ? id->value : NULL,
	                     .from = from->value,
	                     .text = text->value,
	                     .len = text->len,
	                     .sent_at = ts && *ts->value ? ts->value : NULL,
	                 },
	                 &r, &req->err);
	if (r.reply_id)
		sms_outbox_wake(req->svc->outbox);
	if (!rc || !strcmp(r.status, "failed")) {
		http_log_unwritable(&req->err);
		err_clear(&req->err);
		rc = sms_webhook_answer(resp, &r);
	}
	sms_result_release(&r);
	return rc;
}
