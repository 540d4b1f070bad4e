/* h_api_findings.c - GET /api/v1/missions/{m}/findings: the shares of
 * negative answers per form, question and region with their Wilson
 * intervals, incidents by category and region, reports by hour
 * (src/analysis/findings.h computes them; docs/analysis.md#process-findings);
 * and GET .../findings/chart: the same shares drawn as SVG, as the
 * statement draws them (report/findings_chart.h). */
#include <string.h>

#include "analysis/findings.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/tally_pool.h"
#include "report/findings_chart.h"

/* The findings the query asks for (form, region, lang) into *f. */
static enum status compute(struct http_req *req, struct findings *f)
{
	struct findings_options o = {0};
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_str(req, "form", &o.form);
	if (!rc)
		rc = api_query_str(req, "region", &o.region);
	if (!rc)
		rc = api_query_str(req, "lang", &o.lang);
	if (rc)
		return rc;
	if (!o.lang)
		o.lang = "en";
	else if (strcmp(o.lang, "en") && strcmp(o.lang, "ru"))
		return err_set(&req->err, ST_INVALID, "lang: \"%s\" is not en or ru",
		               o.lang);
	rc = tally_pool_findings(req->store, m.id, &o, f, &req->err);
	if (rc == ST_NOT_FOUND && (!strncmp(req->err.msg, "form: ", 6) ||
	                           !strncmp(req->err.msg, "region: ", 8)))
		rc = ST_INVALID; /* a query parameter, not the path: 400 */
	return rc;
}

enum status h_findings_get(struct http_req *req, struct http_resp *resp)
{
	struct findings f = {0};
	json_t *doc;
	enum status rc;

	rc = compute(req, &f);
	if (rc)
		return rc;
	doc = findings_to_json(&f);
	findings_release(&f);
	return http_resp_json(resp, 200, doc);
}

enum status h_findings_chart_get(struct http_req *req, struct http_resp *resp)
{
	struct findings f = {0};
	const char *question = NULL;
	enum status rc;

	rc = api_query_str(req, "question", &question);
	if (!rc)
		rc = compute(req, &f);
	if (rc)
		return rc;
	buf_reset(&resp->body);
	rc = findings_chart_svg(&f, question, &resp->body, &req->err);
	findings_release(&f);
	if (rc == ST_NOT_FOUND && !strncmp(req->err.msg, "question: ", 10))
		rc = ST_INVALID; /* a query parameter: 400 */
	if (rc)
		return rc;
	resp->status = 200;
	resp->content_type = "image/svg+xml; charset=utf-8";
	http_resp_header(resp, "Content-Security-Policy",
	                 "default-src 'none'; style-src 'unsafe-inline'");
	return ST_OK;
}
