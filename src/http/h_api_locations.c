/* h_api_locations.c - GET /api/v1/missions/{m}/locations (paged, with
 * filters) and /api/v1/missions/{m}/locations/{code}. */
#include "http/api.h"
#include "http/handlers.h"
#include "model/registry_json.h"

static enum status add_location(void *ctx, const struct location *l)
{
	return api_list_add(ctx, location_to_json(l));
}

/* The filter from the query: parent, level, code_prefix, top, region
 * (below it at any depth) and q (code or name containing it). */
static enum status read_filter(struct http_req *req, struct location_filter *f)
{
	const char *level;
	enum status rc;

	rc = api_paging(req, &f->limit, &f->offset);
	if (!rc)
		rc = api_query_str(req, "parent", &f->parent);
	if (!rc)
		rc = api_query_str(req, "code_prefix", &f->code_prefix);
	if (!rc)
		rc = api_query_flag(req, "top", &f->top);
	if (!rc)
		rc = api_query_str(req, "region", &f->region);
	if (!rc)
		rc = api_query_str(req, "q", &f->q);
	if (!rc)
		rc = api_query_str(req, "level", &level);
	if (rc)
		return rc;
	if (level) {
		f->level = location_level_canonical(level);
		if (!f->level)
			return err_set(&req->err, ST_INVALID,
			               "level: \"%s\" is not one of: %s", level,
			               location_levels_list());
	}
	if (f->top && f->parent)
		return err_set(
		    &req->err, ST_INVALID,
		    "top: cannot be combined with parent (top locations have none)");
	return ST_OK;
}

enum status h_locations_list(struct http_req *req, struct http_resp *resp)
{
	struct location_filter f = {0};
	struct api_list list;
	struct mission m;
	int64_t total = 0;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = read_filter(req, &f);
	if (rc)
		goto out;
	/* The store reads limit 0 as "no limit"; the API as "count only". */
	rc = store_location_list(req->store, m.id, &f, &total,
	                         f.limit ? add_location : NULL, &list, &req->err);
	if (rc)
		goto out;
	rc = api_list_finish(&list, resp, total, f.limit, f.offset);
out:
	api_list_release(&list);
	return rc;
}

enum status h_location_get(struct http_req *req, struct http_resp *resp)
{
	struct location l;
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = store_location_get(req->store, m.id, http_param(req, "code"),
		                        &req->arena, &l, &req->err);
	if (rc)
		return rc;
	return http_resp_json(resp, 200, location_to_json(&l));
}
