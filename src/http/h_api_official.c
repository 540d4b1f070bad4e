/* h_api_official.c - GET /api/v1/missions/{m}/results/official: the
 * election commission's official results as imported, one item per
 * polling station with its region and its lines (store_official_list),
 * paged, for one station (?station=) or the stations below a location
 * (?region=). */
#include "http/api.h"
#include "http/handlers.h"

static enum status add_official(void *ctx, const struct official_result *r)
{
	json_t *lines = json_loads(r->lines, 0, NULL);

	return api_list_add(
	    ctx, json_pack("{s:s, s:o, s:o, s:o, s:s?}", "station", r->station, "region",
	                   r->region ? json_string(r->region) : json_null(), "lines",
	                   lines ? lines : json_object(), "source",
	                   r->source ? json_string(r->source) : json_null(), "updated_at",
	                   r->updated_at));
}

enum status h_results_official_get(struct http_req *req, struct http_resp *resp)
{
	struct official_filter f = {0};
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
		rc = api_query_str(req, "region", &f.region);
	if (rc)
		goto out;
	rc = store_official_list(req->store, m.id, &f, &total,
	                         f.limit ? add_official : NULL, &list, &req->err);
	if (!rc)
		rc = api_list_finish(&list, resp, total, f.limit, f.offset);
out:
	api_list_release(&list);
	return rc;
}
