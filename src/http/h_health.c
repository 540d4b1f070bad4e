/* h_health.c - GET /healthz: the server is up and its store answers. */
#include "http/handlers.h"

enum status h_healthz(struct http_req *req, struct http_resp *resp)
{
	int version = store_schema_version(req->store);

	if (version < 0)
		return err_set(&req->err, ST_DB, "the store does not answer");
	return http_resp_json(
	    resp, 200,
	    json_pack("{s:s, s:i}", "status", "ok", "schema_version", version));
}
