/* h_api_events.c - GET /api/v1/missions/{m}/events: a server-sent event
 * stream (text/event-stream) telling the dashboard when new data were
 * committed, so its live pages fetch again instead of polling.  The hub
 * is in events.h; docs/dashboard.md#the-event-stream tells the events. */
#include "http/api.h"
#include "http/events.h"
#include "http/handlers.h"
#include "http/http_stream.h"

enum status h_events_get(struct http_req *req, struct http_resp *resp)
{
	struct events_stream *s;
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (rc)
		return rc;
	if (!req->svc || !req->svc->events)
		return err_set(&req->err, ST_UNSUPPORTED, "no event streams here");
	rc = events_open(req->svc->events, &s, &req->err);
	if (rc)
		return rc;
	http_resp_header(resp, "Cache-Control", "no-store");
	http_resp_header(resp, "X-Accel-Buffering", "no");
	return http_resp_stream(resp, 200, "text/event-stream; charset=utf-8",
	                        events_next, events_close, s);
}
