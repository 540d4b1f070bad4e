/* h_api_submissions.c - GET /api/v1/missions/{m}/submissions (paged, with
 * filters) and /api/v1/missions/{m}/submissions/{id}: a report with all
 * its versions, the conflicts on its station and form, its alerts and its
 * attachments. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "http/api.h"
#include "http/api_rows.h"
#include "http/handlers.h"
#include "http/tally_pool.h"
#include "ingest/submission_json.h"
#include "store/store_alerts.h"

static const char *const statuses[] = {"new", "flagged", "verified", "rejected", NULL};
static const char *const channels[] = {"api",   "csv", "web", "paper",
                                       "phone", "odk", "sms", NULL};

/* Query parameter name, which must be one of words. */
static enum status query_one_of(struct http_req *req, const char *name,
                                const char *const *words, const char *list,
                                const char **out)
{
	enum status rc = api_query_str(req, name, out);

	if (rc || !*out)
		return rc;
	for (size_t i = 0; words[i]; i++)
		if (!strcmp(*out, words[i]))
			return ST_OK;
	return err_set(&req->err, ST_INVALID, "%s: \"%s\" is not one of: %s", name, *out,
	               list);
}

static enum status read_filter(struct http_req *req, struct submission_filter *f)
{
	enum status rc;

	rc = api_paging(req, &f->limit, &f->offset);
	if (!rc)
		rc = api_query_str(req, "form", &f->form);
	if (!rc)
		rc = api_query_str(req, "station", &f->station);
	if (!rc)
		rc = api_query_str(req, "observer", &f->observer);
	if (!rc)
		rc = api_query_str(req, "region", &f->region);
	if (!rc)
		rc = query_one_of(req, "status", statuses,
		                  "new, flagged, verified, rejected", &f->status);
	if (!rc)
		rc = query_one_of(req, "channel", channels, SUBMISSION_CHANNELS,
		                  &f->channel);
	if (!rc)
		rc = api_query_str(req, "since", &f->since);
	if (!rc && f->since && !api_time_prefix(f->since))
		rc = err_set(&req->err, ST_INVALID,
		             "since: must be a date or time in UTC written "
		             "YYYY-MM-DD[THH:MM[:SS]][Z], not \"%s\"",
		             f->since);
	if (!rc)
		rc = api_query_flag(req, "all_versions", &f->all_versions);
	return rc;
}

static enum status add_submission(void *ctx, const struct stored_submission *s)
{
	return api_list_add(ctx, stored_submission_to_json(s));
}

enum status h_submissions_list(struct http_req *req, struct http_resp *resp)
{
	struct submission_filter f = {0};
	struct api_list list;
	struct mission m;
	int64_t total = 0;
	bool known = false;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = read_filter(req, &f);
	if (rc)
		goto out;
	/* The total from the running tally when it keeps it (millions of
	 * reports are not counted at each request); then the rows alone, when
	 * the page has any. */
	rc = tally_pool_report_count(req->store, m.id, &f, &total, &known, &req->err);
	if (rc)
		goto out;
	/* The store reads limit 0 as "no limit"; the API as "count only". */
	if (!known)
		rc = store_submission_list(req->store, m.id, &f, &total,
		                           f.limit ? add_submission : NULL, &list,
		                           &req->err);
	else if (f.limit && total > f.offset)
		rc = store_submission_list(req->store, m.id, &f, NULL, add_submission,
		                           &list, &req->err);
	if (rc)
		goto out;
	rc = api_list_finish(&list, resp, total, f.limit, f.offset);
out:
	api_list_release(&list);
	return rc;
}

/* ---- one report ---- */

static enum status add_version(void *ctx, const struct stored_submission *s)
{
	json_array_append_new(ctx, stored_submission_to_json(s));
	return ST_OK;
}

static enum status add_conflict(void *ctx, const struct conflict_row *c)
{
	json_array_append_new(ctx, conflict_row_to_json(c));
	return ST_OK;
}

/* The alerts raised by any version of the report, newest first. */
struct alerts_of {
	json_t *versions; /* the versions' JSON, for their ids */
	json_t *alerts;
};

static enum status add_alert_of(void *ctx, const struct alert_row *a)
{
	json_array_append_new(ctx, alert_row_to_json(a));
	return ST_OK;
}

static enum status alerts_of(struct http_req *req, int64_t mission_id,
                             struct alerts_of *ao)
{
	size_t n = json_array_size(ao->versions), i;
	int64_t *ids = xcalloc(n ? n : 1, sizeof(*ids));
	struct alert_filter f = {
	    .submission_ids = ids, .n_ids = n, .limit = INT64_MAX / 2};
	enum status rc = ST_OK;
	json_t *v;

	json_array_foreach(ao->versions, i, v) ids[i] =
	    json_integer_value(json_object_get(v, "id"));
	if (n)
		rc = store_alert_select(req->store, mission_id, &f, NULL, add_alert_of,
		                        ao->alerts, &req->err);
	free(ids);
	return rc;
}

static enum status add_attachment(void *ctx, const struct attachment_row *a)
{
	json_array_append_new(ctx, submission_json_attachment(a));
	return ST_OK;
}

enum status h_submission_get(struct http_req *req, struct http_resp *resp)
{
	struct conflict_filter cf = {0};
	struct stored_submission s;
	struct alerts_of ao = {NULL, NULL};
	json_t *doc = NULL, *conflicts = NULL, *attachments = NULL;
	struct mission m;
	int64_t id, total;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_path_id(req, "id", "report", &id);
	if (!rc)
		rc = store_submission_get(req->store, m.id, id, &req->arena, &s,
		                          &req->err);
	if (rc)
		return rc;
	doc = stored_submission_to_json(&s);
	ao.versions = json_array();
	ao.alerts = json_array();
	conflicts = json_array();
	attachments = json_array();
	rc = store_submission_versions(req->store, m.id, id, add_version, ao.versions,
	                               &req->err);
	if (rc)
		goto out;
	cf.station = s.station;
	cf.form = s.form;
	rc = store_conflict_list(req->store, m.id, &cf, &total, add_conflict, conflicts,
	                         &req->err);
	if (rc)
		goto out;
	rc = alerts_of(req, m.id, &ao);
	if (!rc)
		rc = store_attachment_list(req->store, m.id, id, add_attachment,
		                           attachments, &req->err);
	if (rc)
		goto out;
	json_object_set(doc, "versions", ao.versions);
	json_object_set(doc, "conflicts", conflicts);
	json_object_set(doc, "alerts", ao.alerts);
	json_object_set(doc, "attachments", attachments);
	rc = http_resp_json(resp, 200, doc);
	doc = NULL;
out:
	json_decref(doc);
	json_decref(conflicts);
	json_decref(attachments);
	json_decref(ao.versions);
	json_decref(ao.alerts);
	return rc;
}
