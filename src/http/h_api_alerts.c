/* h_api_alerts.c - GET /api/v1/missions/{m}/alerts: critical answers
 * (ballots in the box before voting, interference...), newest first,
 * paged here since the store hands over every alert. */
#include <string.h>

#include "http/api.h"
#include "http/api_rows.h"
#include "http/handlers.h"

struct alert_page {
	struct api_list list;
	const char *station, *form; /* filters, NULL for none */
	int64_t limit, offset, total;
};

static enum status add_alert(void *ctx, const struct alert_row *a)
{
	struct alert_page *p = ctx;

	if (p->station && (!a->station || strcmp(p->station, a->station)))
		return ST_OK;
	if (p->form && (!a->form || strcmp(p->form, a->form)))
		return ST_OK;
	if (api_page_take(p->total++, p->limit, p->offset))
		return api_list_add(&p->list, alert_row_to_json(a));
	return ST_OK;
}

enum status h_alerts_list(struct http_req *req, struct http_resp *resp)
{
	struct alert_page p = {0};
	struct mission m;
	enum status rc;

	api_list_init(&p.list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_paging(req, &p.limit, &p.offset);
	if (!rc)
		rc = api_query_str(req, "station", &p.station);
	if (!rc)
		rc = api_query_str(req, "form", &p.form);
	if (!rc)
		rc = store_alert_list(req->store, m.id, add_alert, &p, &req->err);
	if (!rc)
		rc = api_list_finish(&p.list, resp, p.total, p.limit, p.offset);
	api_list_release(&p.list);
	return rc;
}
