/* h_api_results.c - GET /api/v1/missions/{m}/results/protocols and
 * /results/discrepancies: the arithmetic of the protocols observers
 * copied, and the official figures against those copies, computed as
 * "observa analyze protocols|discrepancies" does (results_load.h), with
 * the list of stations paged; the comparison is kept between requests
 * until a report, the change log or the official results move
 * (http/results_pool.h). */
#include <stdlib.h>
#include <string.h>

#include "analysis/results_load.h"
#include "core/text.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/results_pool.h"
#include "http/tally_pool.h"

static void add_paging(json_t *doc, int64_t limit, int64_t offset)
{
	json_object_set_new(doc, "limit", json_integer(limit));
	json_object_set_new(doc, "offset", json_integer(offset));
}

enum status h_results_protocols_get(struct http_req *req, struct http_resp *resp)
{
	struct protocol_check pc;
	const char *lang;
	int64_t limit, offset;
	struct mission m;
	json_t *doc;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_str(req, "lang", &lang);
	if (!rc)
		rc = api_paging(req, &limit, &offset);
	if (!rc) {
		/* The reports the mission's running tally knows, read by key. */
		struct protocol_reports held;
		rc = protocol_check_load_from(
		    req->store, m.id,
		    tally_pool_protocol_reports(req->store, m.id, &held), lang, &pc,
		    &req->err);
		tally_pool_protocol_release(&held);
	}
	if (rc)
		return rc;
	doc = protocol_check_to_json(&pc, (size_t)offset, (size_t)limit);
	add_paging(doc, limit, offset);
	protocol_check_release(&pc);
	return http_resp_json(resp, 200, doc);
}

/* The page asked for of the kept comparison. */
struct page {
	int64_t limit, offset;
	json_t *doc;
};

static enum status page_of(void *ctx, const struct discrepancy *d)
{
	struct page *pg = ctx;

	pg->doc = discrepancy_to_json(d, (size_t)pg->offset, (size_t)pg->limit);
	return ST_OK;
}

enum status h_results_discrepancies_get(struct http_req *req, struct http_resp *resp)
{
	struct page pg;
	const char *lang, *min_text;
	int64_t limit, offset, min = 1;
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_str(req, "lang", &lang);
	if (!rc)
		rc = api_query_str(req, "min", &min_text);
	if (!rc && min_text && !text_int64(min_text, 1, INT64_MAX / 2, &min))
		rc = err_set(&req->err, ST_INVALID,
		             "min: \"%s\" is not a whole number from 1", min_text);
	if (!rc)
		rc = api_paging(req, &limit, &offset);
	if (rc)
		return rc;
	pg = (struct page){limit, offset, NULL};
	rc = results_pool_discrepancy(req->store, m.id, min, lang, page_of, &pg,
	                              &req->err);
	if (rc == ST_NOT_FOUND && !strncmp(req->err.msg, "form: ", 6))
		rc = ST_INVALID; /* the mission lacks the form, the path is right */
	if (rc)
		return rc;
	add_paging(pg.doc, limit, offset);
	return http_resp_json(resp, 200, pg.doc);
}
