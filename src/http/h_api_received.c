/* h_api_received.c - GET /api/v1/missions/{m}/received: the reports that
 * were refused by validation but kept as they came (the inbox), newest
 * first and paged, for a clerk to key in by hand. */
#include "http/api.h"
#include "http/handlers.h"
#include "ingest/submission_json.h"

static enum status add_received(void *ctx, const struct received_row *r)
{
	return api_list_add(ctx, submission_json_received(r));
}

enum status h_received_list(struct http_req *req, struct http_resp *resp)
{
	struct api_list list;
	struct mission m;
	int64_t limit = 0, offset = 0, total = 0;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_paging(req, &limit, &offset);
	/* The store reads limit 0 as "no limit"; the API as "count only". */
	if (!rc)
		rc = store_received_list(req->store, m.id, limit, offset, &total,
		                         limit ? add_received : NULL, &list, &req->err);
	if (!rc)
		rc = api_list_finish(&list, resp, total, limit, offset);
	api_list_release(&list);
	return rc;
}
