/* h_api_sms_out.c - POST /api/v1/missions/{m}/sms/broadcast, a text
 * queued for many observers on the writer (the sender is woken once it is
 * committed), and GET /api/v1/missions/{m}/sms/outbox, the queue of
 * outbound messages with their delivery state. */
#include <string.h>

#include "http/api.h"
#include "http/handlers.h"
#include "ingest/sms_json.h"
#include "http/sms_outbox.h"
#include "ingest/sms_broadcast.h"

/* ---- the outbox ---- */

static const char *const out_statuses[] = {"queued",    "sending",     "sent",
                                           "delivered", "undelivered", "failed"};

static enum status add_out(void *ctx, const struct sms_out_row *m)
{
	return api_list_add(ctx, sms_out_json(m));
}

enum status h_sms_outbox_list(struct http_req *req, struct http_resp *resp)
{
	struct sms_filter f = {0};
	struct api_list list;
	struct mission m;
	int64_t total = 0;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_paging(req, &f.limit, &f.offset);
	if (!rc)
		rc = api_query_oneof(req, "status", out_statuses,
		                     sizeof(out_statuses) / sizeof(*out_statuses),
		                     &f.status);
	if (!rc)
		rc = api_query_str(req, "phone", &f.phone);
	/* limit=0 counts only; the store reads "0" as "every row". */
	if (!rc)
		rc = store_sms_out_list(req->store, m.id, &f, &total,
		                        f.limit ? add_out : NULL, &list, &req->err);
	if (!rc)
		rc = api_list_finish(&list, resp, total, f.limit, f.offset);
	api_list_release(&list);
	return rc;
}

/* ---- broadcasts ---- */

struct broadcast {
	int64_t mission_id;
	struct sms_broadcast b;
	int64_t queued;
};

/* {"text", "team"?, "region"?, "status"?, "allow_long"?}: strings and a
 * boolean, nothing else. */
static enum status read_body(struct http_req *req, struct sms_broadcast *b)
{
	static const char *const fields[] = {"text", "team", "region", "status",
	                                     "allow_long"};
	const char **out[] = {&b->text, &b->filter.team, &b->filter.region,
	                      &b->filter.status};
	json_t *body, *v;
	const char *key;
	enum status rc;

	rc = api_body_json(req, &body);
	if (rc)
		return rc;
	if (!json_is_object(body)) {
		rc = err_set(&req->err, ST_INVALID,
		             "body: must be a JSON object {\"text\": ...}");
		goto out;
	}
	json_object_foreach(body, key, v)
	{
		size_t i = 0;
		while (i < 5 && strcmp(key, fields[i]))
			i++;
		if (i == 5) {
			rc = err_set(&req->err, ST_INVALID,
			             "body: unknown field \"%s\" (the fields are text, "
			             "team, region, status and allow_long)",
			             key);
			goto out;
		}
		if (json_is_null(v))
			continue;
		if (i == 4) {
			if (!json_is_boolean(v)) {
				rc = err_set(&req->err, ST_INVALID,
				             "allow_long: must be true or false");
				goto out;
			}
			b->allow_long = json_is_true(v);
			continue;
		}
		if (!json_is_string(v) || (i > 0 && !json_string_length(v))) {
			rc = err_set(&req->err, ST_INVALID, "%s: must be a%s string", key,
			             i ? " non-empty" : "");
			goto out;
		}
		*out[i] = arena_strdup(&req->arena, json_string_value(v));
	}
	if (!b->text)
		rc = err_set(&req->err, ST_INVALID, "text: the message is missing");
out:
	json_decref(body);
	return rc;
}

/* In the writer thread. */
static enum status broadcast_write(struct store *st, void *ctx, struct err *e)
{
	struct broadcast *w = ctx;

	return sms_broadcast_queue(st, w->mission_id, &w->b, &w->queued, e);
}

static enum status broadcast_render(struct http_req *req, struct http_resp *resp,
                                    void *ctx)
{
	struct broadcast *w = ctx;
	json_t *skipped = json_array();

	for (size_t i = 0; i < w->b.nskipped; i++)
		json_array_append_new(skipped, json_string(w->b.skipped[i]));
	if (w->queued)
		sms_outbox_wake(req->svc ? req->svc->outbox : NULL);
	return http_resp_json(resp, 202,
	                      json_pack("{s:I, s:o, s:I, s:I}", "queued",
	                                (json_int_t)w->queued, "skipped", skipped,
	                                "characters", (json_int_t)w->b.chars, "parts",
	                                (json_int_t)w->b.size.segments));
}

enum status h_sms_broadcast_post(struct http_req *req, struct http_resp *resp)
{
	struct broadcast *w = arena_alloc(&req->arena, sizeof(*w));
	struct mission m;
	enum status rc;

	(void)resp;
	memset(w, 0, sizeof(*w));
	rc = api_mission(req, &m);
	if (!rc)
		rc = read_body(req, &w->b);
	if (rc)
		return rc;
	rc = sms_broadcast_plan(req->store, m.id, &w->b, &req->arena, &req->err);
	/* An unknown region is a fault of the body, not of the path. */
	if (rc == ST_NOT_FOUND)
		rc = req->err.code = ST_INVALID;
	if (rc && sms_broadcast_too_long(&w->b)) {
		char why[ERR_MSG_MAX];

		snprintf(why, sizeof(why), "%s", req->err.msg);
		rc = err_set(&req->err, ST_INVALID,
		             "%s; \"allow_long\": true sends it as %zu SMS that the "
		             "phone joins",
		             why, w->b.size.segments);
	}
	if (rc)
		return rc;
	w->mission_id = m.id;
	return api_write(req, broadcast_write, broadcast_render, w);
}
