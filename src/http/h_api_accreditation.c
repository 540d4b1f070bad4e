/* h_api_accreditation.c - GET /api/v1/missions/{m}/accreditation: the
 * mission's observers by accreditation status, organisation and country. */
#include "analysis/accreditation.h"
#include "http/api.h"
#include "http/handlers.h"

enum status h_accreditation_get(struct http_req *req, struct http_resp *resp)
{
	struct accreditation acc;
	struct mission m;
	enum status rc;

	accreditation_init(&acc);
	rc = api_mission(req, &m);
	if (rc)
		goto out;
	rc = accreditation_compute(req->store, m.id, &acc, &req->err);
	if (rc)
		goto out;
	rc = http_resp_json(resp, 200, accreditation_to_json(&acc));
out:
	accreditation_release(&acc);
	return rc;
}
