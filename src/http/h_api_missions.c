/* h_api_missions.c - GET /api/v1/missions (the missions the caller may
 * see) and /api/v1/missions/{m}. */
#include "http/api.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "model/registry_json.h"

struct listing {
	struct api_list list;
	struct http_req *req;
};

static enum status add_mission(void *ctx, const struct mission *m)
{
	struct listing *l = ctx;
	const struct auth *a = l->req->auth;
	perm_set set;
	enum status rc;

	/* An admin sees every mission; others those where they may read it. */
	if (a && !a->admin) {
		rc = auth_perms_on(l->req, a, m->code, &set, NULL);
		if (rc)
			return rc;
		if (!(set & PERM_BIT(PERM_READ_MISSION)))
			return ST_OK;
	}
	return api_list_add(&l->list, mission_to_json(m));
}

enum status h_missions_list(struct http_req *req, struct http_resp *resp)
{
	struct listing l = {.req = req};
	struct api_list *list = &l.list;
	enum status rc;

	api_list_init(list);
	rc = store_mission_list(req->store, add_mission, &l, &req->err);
	if (rc)
		goto out;
	rc = api_list_finish(list, resp, list->count, -1, 0);
out:
	api_list_release(list);
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
