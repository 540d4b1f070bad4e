/* h_api_alerts.c - GET /api/v1/missions/{m}/alerts: critical answers
 * (ballots in the box before voting, interference...), newest first,
 * a page at a time from the store (store_alerts.h). */
#include "http/api.h"
#include "http/api_rows.h"
#include "http/handlers.h"
#include "store/store_alerts.h"

static enum status add_alert(void *ctx, const struct alert_row *a)
{
	return api_list_add(ctx, alert_row_to_json(a));
}

enum status h_alerts_list(struct http_req *req, struct http_resp *resp)
{
	struct alert_filter f = {0};
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
		rc = store_alert_select(req->store, m.id, &f, &total, add_alert, &list,
		                        &req->err);
	if (!rc)
		rc = api_list_finish(&list, resp, total, f.limit, f.offset);
	api_list_release(&list);
	return rc;
}
