/* h_api_missions.c - GET /api/v1/missions and /api/v1/missions/{m}. */
#include "http/api.h"
#include "http/handlers.h"
#include "model/registry_json.h"

static enum status add_mission(void *ctx, const struct mission *m)
{
	return api_list_add(ctx, mission_to_json(m));
}

enum status h_missions_list(struct http_req *req, struct http_resp *resp)
{
	struct api_list list;
	enum status rc;

	api_list_init(&list);
	rc = store_mission_list(req->store, add_mission, &list, &req->err);
	if (rc)
		goto out;
	rc = api_list_finish(&list, resp, list.count, -1, 0);
out:
	api_list_release(&list);
	return rc;
}

enum status h_mission_get(struct http_req *req, struct http_resp *resp)
{
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (rc)
		return rc;
	return http_resp_json(resp, 200, mission_to_json(&m));
}
