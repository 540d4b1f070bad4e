/* h_api_pvt.c - GET /api/v1/missions/{m}/pvt: the mission's quick count,
 * how its sample was drawn with its strata, the estimates with their
 * margins, and their convergence as reports arrived
 * (src/analysis/pvt_mission.h computes it, as "observa pvt estimate", with
 * the official results kept between requests: http/results_pool.h). */
#include "analysis/pvt_mission.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/results_pool.h"

enum status h_pvt_get(struct http_req *req, struct http_resp *resp)
{
	struct pvt_mission pm;
	struct mission m;
	json_t *doc;
	enum status rc;

	rc = api_mission(req, &m);
	if (rc)
		return rc;
	rc = results_pool_pvt(req->store, m.id, &pm, &req->err);
	if (rc) {
		pvt_mission_release(&pm);
		return rc;
	}
	doc = pvt_mission_to_json(&pm);
	json_object_set_new(doc, "mission", json_string(m.code));
	pvt_mission_release(&pm);
	return http_resp_json(resp, 200, doc);
}
