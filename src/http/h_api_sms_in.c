/* h_api_sms_in.c - GET /api/v1/missions/{m}/sms/inbox: every inbound SMS
 * of the mission, newest first and paged, with what became of it (report,
 * repeat, problems) and the reply it got; ?status= and ?phone= filter. */
#include <string.h>

#include "http/api.h"
#include "http/handlers.h"
#include "ingest/sms_json.h"

static const char *const in_statuses[] = {"received", "accepted", "rejected", "duplicate",
                                          "unknown_sender"};

static enum status add_in(void *ctx, const struct sms_in_row *m)
{
	return api_list_add(ctx, sms_in_json(m));
}

enum status h_sms_inbox_list(struct http_req *req, struct http_resp *resp)
{
	struct sms_filter f = {0};
	struct api_list list;
	struct mission m;
	int64_t total = 0;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_paging(req, &f.limit, &f.offset);
	if (!rc)
		rc = api_query_oneof(req, "status", in_statuses,
		                     sizeof(in_statuses) / sizeof(*in_statuses),
		                     &f.status);
	if (!rc)
		rc = api_query_str(req, "phone", &f.phone);
	/* limit=0 counts only; the store reads "0" as "every row". */
	if (!rc)
		rc = store_sms_in_list(req->store, m.id, &f, &total,
		                       f.limit ? add_in : NULL, &list, &req->err);
	if (!rc)
		rc = api_list_finish(&list, resp, total, f.limit, f.offset);
	api_list_release(&list);
	return rc;
}
