/* h_api_submit.c - POST /api/v1/missions/{m}/submissions: one canonical
 * JSON report through the intake path.  Parsed and validated here, on the
 * request's store handle; stored by the single writer while the
 * connection waits without a thread; answered once durable. */
#include <string.h>

#include "core/text.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/observer_self.h"
#include "ingest/intake.h"
#include "ingest/submission_json.h"
#include "store/store_read.h"

static void release_item(void *arg)
{
	intake_item_release(arg);
}

static enum status answer(struct http_resp *resp, const struct intake_item *it)
{
	enum status rc;

	buf_reset(&resp->body);
	rc = intake_result_write(it, &resp->body);
	if (rc) {
		buf_release(&resp->body);
		return rc;
	}
	resp->status = intake_http_status(it);
	resp->content_type = HTTP_JSON;
	if (resp->status == 503)
		http_resp_header(resp, "Retry-After", "5");
	return ST_OK;
}

/* Once the writer is done with the item (job first in the item). */
static enum status finish(struct http_req *req, struct http_resp *resp)
{
	return answer(resp, (struct intake_item *)req->deferred);
}

/* The channel of a report keyed in on the dashboard's data entry page,
 * which says so with "X-Observa-Channel" (docs/api.md): "paper" for a
 * paper form, "phone" for a report phoned in, "web" for one the observer
 * typed; any other value, or none, is "api". */
static const char *entry_channel(const struct http_req *req)
{
	static const char *const words[] = {"web", "paper", "phone", NULL};
	const char *ch = http_header(req, "X-Observa-Channel");

	for (size_t i = 0; ch && words[i]; i++)
		if (!strcmp(ch, words[i]))
			return words[i];
	return "api";
}

/* Without an "id", the Idempotency-Key header serves as the client id;
 * with both, they must agree. */
static enum status idempotency_key(struct http_req *req, struct submission *sub)
{
	const char *key = http_header(req, "Idempotency-Key");
	size_t n;

	if (!key)
		return ST_OK;
	n = strlen(key);
	if (!n || n > SUBMISSION_ID_MAX || !utf8_valid(key, n))
		return err_set(&req->err, ST_INVALID,
		               "Idempotency-Key: must be 1 to %d bytes of UTF-8 text",
		               SUBMISSION_ID_MAX);
	if (sub->client_id && strcmp(sub->client_id, key))
		return err_set(
		    &req->err, ST_INVALID,
		    "Idempotency-Key: \"%s\" differs from the report's id \"%s\"", key,
		    sub->client_id);
	sub->client_id = arena_strdup(&req->arena, key);
	return ST_OK;
}

enum status h_submission_post(struct http_req *req, struct http_resp *resp)
{
	struct intake_item *it;
	struct submission sub;
	json_t *root = NULL, *problems;
	struct mission m;
	enum status rc;

	if (!req->svc || !req->svc->intake)
		return err_set(&req->err, ST_UNSUPPORTED,
		               "reports need the server's intake");
	/* The reads below (mission, form, station, observer) share one
	 * snapshot: one read transaction instead of one per statement. */
	rc = store_read_savepoint(req->store, &req->err);
	if (rc)
		return rc;
	rc = api_mission(req, &m);
	if (rc)
		goto out;
	rc = submission_json_load(req->body.ptr, req->body.len, &root, &req->err);
	if (rc) {
		err_prefix(&req->err, "malformed JSON: ");
		goto out;
	}
	it = arena_alloc(&req->arena, sizeof(*it));
	intake_item_init(it);
	http_on_release(req, release_item, it);
	rc = submission_from_json(root, &sub, NULL, &req->err);
	if (rc == ST_INVALID) {
		/* Not a report at all (wrong types, unknown fields): 422, with
		 * the problems listed (read again, rather than gathered for
		 * every report). */
		problems = json_array();
		err_clear(&req->err);
		submission_from_json(root, &sub, problems, &req->err);
		intake_item_refuse(it, problems);
		rc = answer(resp, it);
		goto out;
	}
	if (!rc)
		rc = observer_self_check(req, &m, sub.observer, sub.station);
	if (rc)
		goto out;
	sub.channel = entry_channel(req);
	/* The account (or token's user) that auth_require() made the store's
	 * actor, and the client's address: who keyed the report in. */
	sub.sent_by = req->store->actor;
	sub.origin = req->client;
	rc = idempotency_key(req, &sub);
	if (!rc)
		rc =
		    intake_prepare(req->svc->intake, req->store, &m, &sub, it, &req->err);
	if (rc)
		goto out;
	if (it->refused)
		rc = answer(resp, it);
	else
		http_defer(req, intake_job(it), finish);
out:
	json_decref(root);
	return store_release(req->store, rc);
}
