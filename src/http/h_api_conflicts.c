/* h_api_conflicts.c - GET /api/v1/missions/{m}/conflicts (paged, with
 * filters) and POST /api/v1/missions/{m}/conflicts/{id}/resolve: where two
 * observers' reports on one station and form disagree, and a clerk's
 * settled value. */
#include <string.h>

#include "core/alloc.h"
#include "http/api.h"
#include "http/api_rows.h"
#include "http/handlers.h"

static enum status add_conflict(void *ctx, const struct conflict_row *c)
{
	return api_list_add(ctx, conflict_row_to_json(c));
}

enum status h_conflicts_list(struct http_req *req, struct http_resp *resp)
{
	struct conflict_filter f = {0};
	struct api_list list;
	struct mission m;
	int64_t total = 0;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_paging(req, &f.limit, &f.offset);
	if (!rc)
		rc = api_query_str(req, "station", &f.station);
	if (!rc)
		rc = api_query_str(req, "form", &f.form);
	if (!rc)
		rc = api_query_flag(req, "open", &f.open_only);
	if (rc)
		goto out;
	rc = store_conflict_list(req->store, m.id, &f, &total,
	                         f.limit ? add_conflict : NULL, &list, &req->err);
	if (rc)
		goto out;
	rc = api_list_finish(&list, resp, total, f.limit, f.offset);
out:
	api_list_release(&list);
	return rc;
}

/* ---- resolving ---- */

struct resolution {
	int64_t mission_id, id;
	char *value; /* JSON text of the settled value; freed with the request */
};

static void release_resolution(void *arg)
{
	free(((struct resolution *)arg)->value);
}

static enum status resolve_write(struct store *st, void *ctx, struct err *e)
{
	struct resolution *r = ctx;

	return store_conflict_resolve(st, r->mission_id, r->id, r->value, e);
}

static enum status resolve_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct resolution *r = ctx;
	json_t *value = json_loads(r->value, JSON_DECODE_ANY, NULL);

	return http_resp_json(resp, 200,
	                      json_pack("{s:I, s:b, s:o, s:s}", "id", (json_int_t)r->id,
	                                "open", 0, "resolved_value",
	                                value ? value : json_null(), "resolved_by",
	                                "http"));
}

enum status h_conflict_resolve(struct http_req *req, struct http_resp *resp)
{
	struct resolution *r = arena_alloc(&req->arena, sizeof(*r));
	json_t *body = NULL, *value, *v;
	const char *key;
	struct mission m;
	enum status rc;

	(void)resp;
	*r = (struct resolution){0};
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_path_id(req, "id", "conflict", &r->id);
	if (!rc)
		rc = api_body_json(req, &body);
	if (rc)
		goto out;
	value = json_object_get(body, "value");
	if (!json_is_object(body) || !value) {
		rc = err_set(&req->err, ST_INVALID,
		             "body: must be a JSON object {\"value\": ...} with the "
		             "settled answer");
		goto out;
	}
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "value")) {
			rc = err_set(
			    &req->err, ST_INVALID,
			    "body: unknown field \"%s\" (the only one is \"value\")",
			    key);
			goto out;
		}
	}
	r->mission_id = m.id;
	r->value = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
	http_on_release(req, release_resolution, r);
	rc = api_write(req, resolve_write, resolve_render, r);
out:
	json_decref(body);
	return rc;
}
