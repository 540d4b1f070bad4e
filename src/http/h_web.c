/* h_web.c - GET / and GET /static/{file}: the dashboard, a page and its
 * scripts, styles and dictionaries compiled into the binary
 * (web_assets.h).  Every answer carries a strict Content-Security-Policy
 * (no inline script or style, nothing from another origin) and an ETag;
 * browsers revalidate (no-cache), so a new binary's files show at once
 * and unchanged ones cost a 304. */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "http/web_assets.h"

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; "
                          "frame-src 'self'; base-uri 'none'; form-action 'self'; "
                          "frame-ancestors 'self'";

/* True when the If-None-Match header names etag (or is "*"). */
static bool etag_matches(const struct http_req *req, const char *etag)
{
	const char *inm = http_header(req, "If-None-Match");

	return inm && (!strcmp(inm, "*") || strstr(inm, etag));
}

static enum status answer(struct http_req *req, struct http_resp *resp, const char *path)
{
	const struct web_asset *a = web_asset_find(path);
	char etag[48];

	if (!a)
		return err_set(&req->err, ST_NOT_FOUND, "no such file: %s", req->path);
	snprintf(etag, sizeof(etag), "\"%s-%zu\"", a->crc, a->len);
	resp->content_type = web_asset_type(a->path);
	http_resp_header(resp, "Content-Security-Policy", csp);
	http_resp_header(resp, "Cache-Control", "no-cache");
	http_resp_header(resp, "ETag", etag);
	http_resp_header(resp, "Referrer-Policy", "no-referrer");
	if (etag_matches(req, etag)) {
		resp->status = 304;
		return ST_OK;
	}
	resp->status = 200;
	if (buf_append(&resp->body, a->data, a->len))
		return err_set(&req->err, ST_TOO_BIG, "%s is too large", path);
	return ST_OK;
}

enum status h_web_index(struct http_req *req, struct http_resp *resp)
{
	return answer(req, resp, "/index.html");
}

enum status h_web_static(struct http_req *req, struct http_resp *resp)
{
	const char *file = http_param(req, "file");
	char path[256];

	if (strchr(file, '/') || file[0] == '.' ||
	    snprintf(path, sizeof(path), "/static/%s", file) >= (int)sizeof(path))
		return err_set(&req->err, ST_NOT_FOUND, "no such file: %s", req->path);
	return answer(req, resp, path);
}
