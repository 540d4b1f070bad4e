/* h_api_forensics.c - GET /api/v1/missions/{m}/results/forensics: the
 * forensic statistics of the commission's official station results
 * (analysis/official_forensics.h), as "observa forensics --format json"
 * gives them for a file; with ?chart=turnout|leader_share|fingerprint|
 * cumulative, that chart as SVG, drawn by the same code as its --svg-dir
 * (src/report/chart_*.c), for the dashboard's results page, its words in
 * English or Russian (?lang=en|ru).  Both are computed once per import of
 * official results and kept (http/results_pool.h). */
#include <string.h>

#include "analysis/official_forensics.h"
#include "core/alloc.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/results_pool.h"
#include "report/chart_curve.h"
#include "report/chart_fingerprint.h"
#include "report/chart_histogram.h"

static const char *const charts[] = {"turnout", "leader_share", "fingerprint",
                                     "cumulative"};
static const char *const langs[] = {"en", "ru"};

/* The chart named, as SVG, into resp; ru: its words in Russian. */
static enum status chart(struct http_req *req, struct http_resp *resp,
                         const struct forensics *f, const char *leader, const char *which,
                         bool ru)
{
	char *share = xasprintf(ru ? "Доля %s" : "Share of %s", leader);
	char *fp_title = xasprintf(ru ? "Явка и доля %s по участкам"
	                              : "Turnout and share of %s by station",
	                           leader);
	char *cum = xasprintf(ru ? "Накопленные голоса %s по явке"
	                         : "Cumulative votes of %s by turnout",
	                      leader);
	const char *turnout = ru ? "Явка" : "Turnout";
	const char *stations = ru ? "Участки" : "Polling stations";
	struct chart_histogram th = {ru ? "Явка по участкам"
	                                : "Turnout by polling station",
	                             turnout, stations, f->turnout_hist, f->opts.bins};
	struct chart_histogram lh = {share, share, stations, f->leader_hist,
	                             f->opts.bins};
	struct chart_fingerprint fp = {fp_title, turnout, share, f->fingerprint,
	                               FORENSICS_FP_BINS};
	struct chart_curve cv = {cum, turnout,
	                         ru ? "Доля голосов при меньшей явке"
	                            : "Share of the votes at lower turnout",
	                         f->cumulative, FORENSICS_FP_BINS};
	enum status rc;

	buf_reset(&resp->body);
	if (!strcmp(which, "turnout"))
		rc = chart_histogram_svg(&th, &resp->body, &req->err);
	else if (!strcmp(which, "leader_share"))
		rc = chart_histogram_svg(&lh, &resp->body, &req->err);
	else if (!strcmp(which, "fingerprint"))
		rc = chart_fingerprint_svg(&fp, &resp->body, &req->err);
	else
		rc = chart_curve_svg(&cv, &resp->body, &req->err);
	free(share);
	free(fp_title);
	free(cum);
	if (rc)
		return rc;
	resp->status = 200;
	resp->content_type = "image/svg+xml; charset=utf-8";
	http_resp_header(resp, "Content-Security-Policy",
	                 "default-src 'none'; style-src 'unsafe-inline'");
	return ST_OK;
}

/* What the kept forensics are handed to. */
struct answer {
	struct http_req *req;
	struct http_resp *resp;
	const char *which, *lang;
};

static enum status answer(void *ctx, const struct forensics *f, const char *const *names)
{
	struct answer *an = ctx;

	if (an->which)
		return chart(an->req, an->resp, f, names[f->leader], an->which,
		             an->lang && !strcmp(an->lang, "ru"));
	return http_resp_json(an->resp, 200, forensics_to_json(f, names));
}

enum status h_results_forensics_get(struct http_req *req, struct http_resp *resp)
{
	struct answer an;
	const char *which, *lang = NULL;
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_oneof(req, "chart", charts,
		                     sizeof(charts) / sizeof(charts[0]), &which);
	if (!rc)
		rc = api_query_oneof(req, "lang", langs, 2, &lang);
	if (rc)
		return rc;
	an = (struct answer){req, resp, which, lang};
	return results_pool_forensics(req->store, m.id, which != NULL, answer, &an,
	                              &req->err);
}
