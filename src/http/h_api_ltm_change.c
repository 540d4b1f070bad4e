/* h_api_ltm_change.c - PATCH and DELETE /api/v1/missions/{m}/meetings/{id}
 * and DELETE /api/v1/missions/{m}/documents/{id}: correcting the long-term
 * log.  Each change runs in the writer, reading the stored meeting there,
 * so two corrections sent at once both apply; the audit log keeps every
 * meeting's and document's image before and after. */
#include <stdio.h>
#include <string.h>

#include "http/api.h"
#include "http/handlers.h"
#include "model/ltm_json.h"
#include "report/ltm_report.h"

struct ltm_change {
	int64_t mission_id;
	int64_t id;
	json_t *patch;          /* PATCH's body */
	struct meeting_row row; /* the meeting as stored after it */
	bool changed;
	struct arena a;
};

static void release_change(void *arg)
{
	struct ltm_change *c = arg;

	json_decref(c->patch);
	arena_release(&c->a);
}

/* A change for the request's mission and {id}, released with it. */
static enum status change_start(struct http_req *req, const char *what,
                                struct ltm_change **out)
{
	struct ltm_change *c = arena_alloc(&req->arena, sizeof(*c));
	struct mission m;
	enum status rc;

	*c = (struct ltm_change){.a = ARENA_INIT};
	http_on_release(req, release_change, c);
	*out = c;
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_path_id(req, "id", what, &c->id);
	c->mission_id = m.id;
	return rc;
}

/* ---- PATCH a meeting ---- */

static enum status patch_write(struct store *st, void *ctx, struct err *e)
{
	struct ltm_change *c = ctx;
	struct meeting m;
	enum status rc;

	rc = store_meeting_get(st, c->mission_id, c->id, &c->a, &c->row, e);
	if (rc)
		return rc;
	store_meeting_of_row(&c->row, &m);
	m.id = c->id;
	rc = meeting_patch_json(c->patch, &c->a, &m, e);
	if (!rc)
		rc = meeting_prepare(&m, &c->a, e);
	if (!rc)
		rc = store_meeting_update(st, c->mission_id, &m, &c->changed, e);
	if (!rc)
		rc = store_meeting_get(st, c->mission_id, c->id, &c->a, &c->row, e);
	return rc;
}

static enum status patch_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct ltm_change *c = ctx;
	json_t *j = ltm_meeting_json(&c->row);

	(void)req;
	json_object_set_new(j, "changed", json_boolean(c->changed));
	return http_resp_json(resp, 200, j);
}

enum status h_meeting_patch(struct http_req *req, struct http_resp *resp)
{
	struct ltm_change *c;
	struct meeting probe;
	enum status rc;

	(void)resp;
	rc = change_start(req, "meeting", &c);
	if (!rc)
		rc = api_body_json(req, &c->patch);
	/* The body's shape is checked here, before it waits for the writer. */
	if (!rc)
		rc = meeting_from_json(c->patch, &c->a, &probe, &req->err);
	if (rc)
		return rc;
	return api_write(req, patch_write, patch_render, c);
}

/* ---- DELETE a meeting or a document ---- */

static enum status meeting_delete_write(struct store *st, void *ctx, struct err *e)
{
	struct ltm_change *c = ctx;

	return store_meeting_delete(st, c->mission_id, c->id, e);
}

static enum status document_delete_write(struct store *st, void *ctx, struct err *e)
{
	struct ltm_change *c = ctx;

	return store_document_delete(st, c->mission_id, c->id, e);
}

static enum status delete_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct ltm_change *c = ctx;

	(void)req;
	return http_resp_json(
	    resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)c->id, "deleted", 1));
}

enum status h_meeting_delete(struct http_req *req, struct http_resp *resp)
{
	struct ltm_change *c;
	enum status rc;

	(void)resp;
	rc = change_start(req, "meeting", &c);
	if (rc)
		return rc;
	return api_write(req, meeting_delete_write, delete_render, c);
}

enum status h_document_delete(struct http_req *req, struct http_resp *resp)
{
	struct ltm_change *c;
	enum status rc;

	(void)resp;
	rc = change_start(req, "document", &c);
	if (rc)
		return rc;
	return api_write(req, document_delete_write, delete_render, c);
}
