/* h_api_coverage.c - GET /api/v1/missions/{m}/coverage: which stations
 * reported, per form and region, and the missing ones with their
 * observers' phones (src/analysis/coverage.h computes it). */
#include <string.h>

#include "analysis/coverage.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/tally_pool.h"

enum status h_coverage_get(struct http_req *req, struct http_resp *resp)
{
	struct coverage c = {0};
	const char *day, *form;
	int64_t limit, offset;
	struct mission m;
	json_t *doc;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_date(req, "day", &day);
	if (!rc)
		rc = api_query_str(req, "form", &form);
	if (!rc)
		rc = api_paging(req, &limit, &offset);
	if (rc)
		return rc;
	rc = tally_pool_coverage(req->store, m.id, day, form, &c, &req->err);
	if (rc == ST_NOT_FOUND && !strncmp(req->err.msg, "form: ", 6))
		rc = ST_INVALID; /* a query parameter, not the path: 400 */
	if (rc)
		return rc;
	doc = coverage_to_json_page(&c, (size_t)offset, (size_t)limit);
	json_object_set_new(doc, "limit", json_integer(limit));
	json_object_set_new(doc, "offset", json_integer(offset));
	coverage_release(&c);
	return http_resp_json(resp, 200, doc);
}
