/* h_api_forensics.c - GET /api/v1/missions/{m}/results/forensics: the
 * forensic statistics of the commission's official station results
 * (analysis/official_forensics.h), as "observa forensics --format json"
 * gives them for a file; with ?chart=turnout|leader_share|fingerprint|
 * cumulative, that chart as SVG, drawn by the same code as its --svg-dir
 * (src/report/chart_*.c), for the dashboard's results page, its words in
 * English or Russian (?lang=en|ru). */
#include <string.h>

#include "analysis/official_forensics.h"
#include "core/alloc.h"
#include "http/api.h"
#include "http/handlers.h"
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

enum status h_results_forensics_get(struct http_req *req, struct http_resp *resp)
{
	struct forensics_opts opts = {.leader = FORENSICS_LEADER_AUTO, .seed = 1};
	struct forensics f;
	const char **names;
	const char *which, *lang = NULL;
	size_t n;
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
	/* A chart needs no integer-percentage test: the fewest resamples. */
	if (which)
		opts.resamples = 2;
	rc = official_forensics(req->store, m.id, &opts, &f, &names, &n, &req->arena,
	                        &req->err);
	if (!rc && which)
		rc = chart(req, resp, &f, names[f.leader], which,
		           lang && !strcmp(lang, "ru"));
	else if (!rc)
		rc = http_resp_json(resp, 200, forensics_to_json(&f, names));
	forensics_release(&f);
	return rc;
}
