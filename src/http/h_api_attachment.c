/* h_api_attachment.c - GET /api/v1/missions/{m}/submissions/{id}/
 * attachments/{name}: the bytes of a file that came with a report, with
 * the media type it was sent with, always as a download. */
#include "core/buf.h"
#include "http/api.h"
#include "http/disposition.h"
#include "http/handlers.h"
#include "model/attachment.h"

enum status h_submission_attachment_get(struct http_req *req, struct http_resp *resp)
{
	const char *name = http_param(req, "name"), *why;
	struct attachment_row a;
	struct mission m;
	int64_t id;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_path_id(req, "id", "report", &id);
	if (rc)
		return rc;
	if (!attachment_name_valid(name, &why))
		return err_set(&req->err, ST_INVALID, "attachment name: %s", why);
	rc = store_attachment_get(req->store, m.id, id, name, &req->arena, &a, &req->err);
	if (rc)
		return rc;
	rc = buf_append(&resp->body, a.data, (size_t)a.size);
	if (rc)
		return err_set(&req->err, rc, "the attachment is too large to send");
	resp->status = 200;
	resp->content_type = a.content_type;
	http_disposition(resp, a.name); /* the server adds nosniff to every answer */
	return ST_OK;
}
