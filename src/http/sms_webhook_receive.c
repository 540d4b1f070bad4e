/* sms_webhook_receive.c - a gateway's message received without holding
 * a worker thread: read what can be read, then wait for the writer, which
 * stores the message and reads it in one transaction, as reports of the
 * JSON API wait for theirs; the gateway is answered once it is on disk. */
#include <string.h>

#include "http/sms_outbox.h"
#include "http/sms_webhook.h"

struct webhook_rx {
	struct mission m;
	struct sms_inbound msg;
	struct sms_result r;
	struct sms_reception *rx;
	enum status (*answer)(struct http_resp *resp, const struct sms_result *r);
};

static void release(void *arg)
{
	struct webhook_rx *w = arg;

	sms_reception_free(w->rx);
	sms_result_release(&w->r);
}

/* The answer for outcome rc of the reception. */
static enum status conclude(struct http_req *req, struct http_resp *resp,
                            struct webhook_rx *w, enum status rc)
{
	if (w->r.reply_id)
		sms_outbox_wake(req->svc->outbox);
	if (!rc || !strcmp(w->r.status, "failed")) {
		http_log_unwritable(&req->err);
		err_clear(&req->err);
		rc = w->answer(resp, &w->r);
	}
	return rc;
}

static enum status finish(struct http_req *req, struct http_resp *resp)
{
	struct sms_reception *rx = sms_reception_of(req->deferred);
	struct webhook_rx *w = sms_reception_owner(rx);

	return conclude(req, resp, w, sms_reception_end(rx, &req->err));
}

enum status sms_webhook_receive(struct http_req *req, struct http_resp *resp,
                                const struct mission *m, const struct sms_inbound *msg,
                                enum status (*answer)(struct http_resp *resp,
                                                      const struct sms_result *r))
{
	struct webhook_rx *w = arena_alloc(&req->arena, sizeof(*w));
	enum status rc;

	*w = (struct webhook_rx){.m = *m, .msg = *msg, .answer = answer};
	http_on_release(req, release, w);
	rc = sms_reception_begin(req->svc->intake, req->store, &w->m, &w->msg, 0, &w->r,
	                         &w->rx, &req->err);
	if (rc)
		return conclude(req, resp, w, rc);
	sms_reception_set_owner(w->rx, w);
	http_defer(req, sms_reception_job(w->rx), finish);
	return ST_OK;
}
