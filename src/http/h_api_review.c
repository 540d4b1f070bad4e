/* h_api_review.c - POST /api/v1/missions/{m}/submissions/{id}/verify and
 * /reject: a clerk's decision on a report, with a note (required to
 * reject), made on the writer and audited under the request's actor; the
 * conflicts on the report's station and form are recomputed with it. */
#include <string.h>

#include "core/text.h"
#include "http/api.h"
#include "http/handlers.h"
#include "ingest/intake.h"
#include "ingest/submission_json.h"

#define NOTE_MAX 2000 /* characters in a note */

struct review {
	int64_t mission_id, id;
	const char *status; /* verified | rejected */
	const char *note;   /* NULL when none */
	json_t *report;     /* the report after the review, from the writer */
};

static void release_review(void *arg)
{
	struct review *r = arg;

	json_decref(r->report);
}

/* In the writer thread: the review, then the report as it is now. */
static enum status review_write(struct store *st, void *ctx, struct err *e)
{
	struct review *r = ctx;
	struct stored_submission s;
	struct arena a = ARENA_INIT;
	enum status rc;

	rc = store_submission_review(st, r->mission_id, r->id, r->status, r->note, e);
	if (!rc)
		rc = store_submission_get(st, r->mission_id, r->id, &a, &s, e);
	/* A rejected report no longer counts in the conflicts on its station
	 * and form (nor a verified one that was rejected before). */
	if (!rc)
		rc = intake_conflicts_refresh(st, r->mission_id, s.station, s.form, e);
	if (!rc)
		r->report = stored_submission_to_json(&s);
	arena_release(&a);
	return rc;
}

static enum status review_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct review *r = ctx;

	return http_resp_json(resp, 200, json_incref(r->report));
}

/* {"note": "..."} from the body; an empty body has no note. */
static enum status read_note(struct http_req *req, bool required, const char **note)
{
	json_t *body, *v;
	const char *key;
	enum status rc;

	*note = NULL;
	rc = api_body_json(req, &body);
	if (rc)
		return rc;
	if (!json_is_object(body)) {
		rc = err_set(&req->err, ST_INVALID,
		             "body: must be a JSON object {\"note\": ...}");
		goto out;
	}
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "note")) {
			rc = err_set(
			    &req->err, ST_INVALID,
			    "body: unknown field \"%s\" (the only one is \"note\")", key);
			goto out;
		}
	}
	v = json_object_get(body, "note");
	if (v && !json_is_null(v) && !json_is_string(v)) {
		rc = err_set(&req->err, ST_INVALID, "note: must be a string");
		goto out;
	}
	if (json_string_length(v) > 0) {
		char *t = text_trim(arena_strdup(&req->arena, json_string_value(v)));
		if (*t)
			*note = t;
	}
	if (*note && utf8_count(*note, strlen(*note)) > NOTE_MAX)
		rc = err_set(&req->err, ST_INVALID, "note: at most %d characters",
		             NOTE_MAX);
	else if (!*note && required)
		rc = err_set(&req->err, ST_INVALID,
		             "note: rejecting a report needs a note saying why");
out:
	json_decref(body);
	return rc;
}

static enum status review(struct http_req *req, const char *status, bool note_required)
{
	struct review *r = arena_alloc(&req->arena, sizeof(*r));
	struct stored_submission s;
	struct mission m;
	enum status rc;

	*r = (struct review){.status = status};
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_path_id(req, "id", "report", &r->id);
	if (!rc)
		rc = read_note(req, note_required, &r->note);
	/* An unknown report is told at once, without waiting for the writer. */
	if (!rc)
		rc = store_submission_get(req->store, m.id, r->id, &req->arena, &s,
		                          &req->err);
	if (rc)
		return rc;
	r->mission_id = m.id;
	http_on_release(req, release_review, r);
	return api_write(req, review_write, review_render, r);
}

enum status h_submission_verify(struct http_req *req, struct http_resp *resp)
{
	(void)resp;
	return review(req, "verified", false);
}

enum status h_submission_reject(struct http_req *req, struct http_resp *resp)
{
	(void)resp;
	return review(req, "rejected", true);
}
