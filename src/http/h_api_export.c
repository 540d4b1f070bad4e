/* h_api_export.c - GET /api/v1/missions/{m}/export/{what}: the exports of
 * "observa export" (src/report/export.h) streamed as the client reads
 * them.  The query's parameters are the command's options (format, bom,
 * form, status...).  Everything is checked before the 200: a wrong
 * option is a 400, an unknown mission a 404.  Then the export runs on a
 * store handle of its own, opened here and closed with the response
 * (http_stream.h), one page of rows per write.  docs/exports.md. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/http_stream.h"
#include "report/export.h"

struct export_stream {
	struct store *st; /* the export's own handle */
	struct export *x;
};

static enum status stream_next(void *ctx, struct buf *out, bool *done, struct err *e)
{
	struct export_stream *s = ctx;

	return export_next(s->x, out, done, e);
}

static void stream_free(void *ctx)
{
	struct export_stream *s = ctx;

	export_close(s->x);
	store_close(s->st);
	free(s);
}

/* True when the query names key before pair i: as everywhere in the API,
 * a parameter given twice counts once, the first time. */
static bool seen(const struct http_req *req, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (!strcmp(req->query[k].key, req->query[i].key))
			return true;
	return false;
}

/* The options from the query string, each checked.  Unlike the listings,
 * an export refuses a parameter it does not know: a misspelt filter would
 * otherwise export everything, which is worse for a file sent on than a
 * 400 is. */
static enum status read_options(struct http_req *req, struct export_options *o)
{
	for (size_t i = 0; i < req->nquery; i++) {
		enum status rc;
		if (seen(req, i))
			continue;
		rc = export_option_set(o, req->query[i].key, req->query[i].value,
		                       &req->err);
		if (rc == ST_NOT_FOUND)
			return err_set(
			    &req->err, ST_INVALID,
			    "%s: is not a parameter of exports; see docs/exports.md",
			    req->query[i].key);
		if (rc)
			return rc;
	}
	return ST_OK;
}

enum status h_export_get(struct http_req *req, struct http_resp *resp)
{
	const char *what = http_param(req, "what");
	struct export_stream *s;
	struct export_options o;
	enum export_kind kind;
	struct mission m;
	char disposition[256];
	enum status rc;

	/* The routes of the known exports come first: {what} is none. */
	if (what)
		return err_set(&req->err, ST_NOT_FOUND, "no export \"%s\"; there are: %s",
		               what, export_kinds_list());
	if (!req->nsegs || !export_kind_parse(req->segs[req->nsegs - 1], &kind))
		return err_set(&req->err, ST_NOT_FOUND, "no such export");
	export_options_init(&o, kind);
	rc = api_mission(req, &m);
	if (!rc)
		rc = read_options(req, &o);
	if (rc)
		return rc;
	if (!req->svc || !req->svc->db_url)
		return err_set(&req->err, ST_UNSUPPORTED,
		               "exports need the server's store");
	s = xcalloc(1, sizeof(*s));
	rc = store_open(req->svc->db_url, &s->st, &req->err);
	if (!rc) {
		rc = export_open(s->st, m.code, &o, &s->x, &req->err);
		/* The mission is there: what is not found was named in the query. */
		if (rc == ST_NOT_FOUND)
			rc = ST_INVALID;
	}
	if (rc) {
		stream_free(s);
		return rc;
	}
	snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"",
	         export_file_name(s->x));
	http_resp_header(resp, "Content-Disposition", disposition);
	http_resp_header(resp, "Cache-Control", "no-store");
	return http_resp_stream(resp, 200, export_format_type(export_format_of(s->x)),
	                        stream_next, stream_free, s);
}
