/* h_api_meetings.c - GET and POST /api/v1/missions/{m}/meetings and GET
 * /api/v1/missions/{m}/meetings/{id}: the long-term log's meetings, listed
 * by date with filters and a word search, one in full with its documents
 * and observers, and a new one logged through the writer. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "http/api.h"
#include "http/handlers.h"
#include "model/ltm_json.h"
#include "report/ltm_report.h"

static enum status add_meeting(void *ctx, const struct meeting_row *m)
{
	return api_list_add(ctx, ltm_meeting_json(m));
}

enum status h_meetings_list(struct http_req *req, struct http_resp *resp)
{
	struct meeting_filter f = {0};
	struct api_list list;
	const char *kind = NULL;
	struct mission m;
	int64_t total = 0;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_paging(req, &f.limit, &f.offset);
	if (!rc)
		rc = api_query_date(req, "from", &f.from);
	if (!rc)
		rc = api_query_date(req, "to", &f.to);
	if (!rc)
		rc = api_query_str(req, "q", &f.q);
	if (!rc)
		rc = api_query_str(req, "kind", &kind);
	if (!rc && kind) {
		f.institution_kind = meeting_kind_canonical(kind);
		if (!f.institution_kind)
			rc = err_set(&req->err, ST_INVALID,
			             "kind: \"%s\" is not one of: %s", kind,
			             meeting_kinds_list());
	}
	if (!rc && f.limit == 0) {
		/* Count only: the store's limit <= 0 means every row. */
		rc = store_meeting_list(req->store, m.id, &f, &total, NULL, NULL,
		                        &req->err);
	} else if (!rc) {
		rc = store_meeting_list(req->store, m.id, &f, &total, add_meeting, &list,
		                        &req->err);
	}
	if (rc == ST_INVALID && !strncmp(req->err.msg, "search: ", 8))
		err_set(&req->err, ST_INVALID, "q: %s", req->err.msg + 8);
	if (!rc)
		rc = api_list_finish(&list, resp, total, f.limit, f.offset);
	api_list_release(&list);
	return rc;
}

enum status h_meeting_get(struct http_req *req, struct http_resp *resp)
{
	struct meeting_row r;
	struct mission m;
	int64_t id;
	json_t *j;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_path_id(req, "id", "meeting", &id);
	if (!rc)
		rc = store_meeting_get(req->store, m.id, id, &req->arena, &r, &req->err);
	if (rc)
		return rc;
	j = ltm_meeting_detail(req->store, m.id, &r, &req->err);
	if (!j)
		return req->err.code ? req->err.code : ST_INTERNAL;
	return http_resp_json(resp, 200, j);
}

/* ---- logging one ---- */

struct posting {
	int64_t mission_id;
	const char *mission;
	struct meeting m;       /* prepared */
	struct meeting_row row; /* as stored, strings in a */
	struct arena a;
};

static void release_posting(void *arg)
{
	arena_release(&((struct posting *)arg)->a);
}

/* In the writer thread. */
static enum status posting_write(struct store *st, void *ctx, struct err *e)
{
	struct posting *p = ctx;
	int64_t id = 0;
	enum status rc;

	rc = store_meeting_add(st, p->mission_id, &p->m, &id, e);
	if (!rc)
		rc = store_meeting_get(st, p->mission_id, id, &p->a, &p->row, e);
	return rc;
}

static enum status posting_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct posting *p = ctx;
	char where[256];

	(void)req;
	snprintf(where, sizeof(where), "/api/v1/missions/%s/meetings/%lld", p->mission,
	         (long long)p->row.id);
	http_resp_header(resp, "Location", where);
	return http_resp_json(resp, 201, ltm_meeting_json(&p->row));
}

static void add_problem(void *ctx, const struct err *e)
{
	const char *colon = strstr(e->msg, ": ");
	json_t *field =
	    colon ? json_stringn(e->msg, (size_t)(colon - e->msg)) : json_null();

	json_array_append_new(ctx,
	                      json_pack("{s:o, s:s}", "field", field, "message", e->msg));
}

enum status h_meeting_post(struct http_req *req, struct http_resp *resp)
{
	struct posting *p = arena_alloc(&req->arena, sizeof(*p));
	json_t *body = NULL;
	struct mission m;
	struct err e;
	enum status rc;

	*p = (struct posting){.a = ARENA_INIT};
	http_on_release(req, release_posting, p);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_body_json(req, &body);
	if (!rc)
		rc = meeting_from_json(body, &p->a, &p->m, &req->err);
	if (rc)
		goto out;
	err_clear(&e);
	if (meeting_prepare(&p->m, &p->a, &e)) {
		json_t *problems = json_array();
		meeting_problems(&p->m, add_problem, problems);
		rc = api_problems(
		    resp, 422, "the meeting was refused; nothing was stored", problems);
		goto out;
	}
	p->mission_id = m.id;
	p->mission = m.code;
	rc = api_write(req, posting_write, posting_render, p);
out:
	json_decref(body);
	return rc;
}
