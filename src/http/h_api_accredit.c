/* h_api_accredit.c - POST /api/v1/missions/{m}/observers/{code}/accreditation:
 * the election commission's decision on an observer, recorded from the
 * dashboard as "observa observer accredit" does from the command line:
 * the same transitions (requested -> accredited | refused | withdrawn,
 * accredited -> withdrawn, refused or withdrawn -> requested), the badge
 * number for an accreditation, the date of the decision; made on the
 * writer, audited, answered with the observer as it is now. */
#include <string.h>

#include "core/text.h"
#include "http/api.h"
#include "http/handlers.h"
#include "model/registry_json.h"

struct accredit {
	int64_t mission_id;
	const char *code, *status, *badge, *date;
	json_t *observer; /* after the change, from the writer */
};

static void release_accredit(void *arg)
{
	struct accredit *c = arg;

	json_decref(c->observer);
}

/* In the writer thread: read the observer, check the transition, store. */
static enum status accredit_write(struct store *st, void *ctx, struct err *e)
{
	struct accredit *c = ctx;
	struct arena a = ARENA_INIT;
	enum upsert_result res;
	struct observer o;
	enum status rc;

	rc = store_observer_get(st, c->mission_id, c->code, &a, &o, e);
	if (rc)
		goto out;
	if (!accreditation_transition_ok(o.accreditation_status, c->status)) {
		rc = err_set(
		    e, ST_CONFLICT,
		    "observer %s is %s and cannot become %s (allowed: requested -> "
		    "accredited, refused or withdrawn; accredited -> withdrawn; "
		    "refused or withdrawn -> requested)",
		    o.code, o.accreditation_status, c->status);
		goto out;
	}
	if (!strcmp(c->status, "requested")) {
		o.requested_on = c->date;
		o.decided_on = NULL;
		o.badge_number = NULL;
	} else if (strcmp(c->status, o.accreditation_status)) {
		o.decided_on = c->date;
	}
	if (!strcmp(c->status, "refused"))
		o.badge_number = NULL;
	if (c->badge)
		o.badge_number = c->badge;
	o.accreditation_status = c->status;
	rc = observer_validate(&o, e);
	if (!rc)
		rc = store_observer_upsert(st, c->mission_id, &o, &res, e);
	if (!rc)
		c->observer = observer_to_json(&o);
out:
	arena_release(&a);
	return rc;
}

static enum status accredit_render(struct http_req *req, struct http_resp *resp,
                                   void *ctx)
{
	struct accredit *c = ctx;

	(void)req;
	return http_resp_json(resp, 200, json_incref(c->observer));
}

/* The string member name of body, trimmed, or NULL when absent or null. */
static enum status member(struct http_req *req, json_t *body, const char *name,
                          const char **out)
{
	json_t *v = json_object_get(body, name);

	*out = NULL;
	if (!v || json_is_null(v))
		return ST_OK;
	if (!json_is_string(v))
		return err_set(&req->err, ST_INVALID, "%s: must be a string", name);
	*out = text_trim(arena_strdup(&req->arena, json_string_value(v)));
	if (!**out)
		*out = NULL;
	return ST_OK;
}

static enum status read_body(struct http_req *req, struct accredit *c)
{
	const char *key, *status;
	json_t *body, *v;
	enum status rc;

	rc = api_body_json(req, &body);
	if (rc)
		return rc;
	if (!json_is_object(body)) {
		rc = err_set(
		    &req->err, ST_INVALID,
		    "body: must be a JSON object {\"status\", \"badge\", \"date\"}");
		goto out;
	}
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "status") && strcmp(key, "badge") &&
		    strcmp(key, "date")) {
			rc = err_set(&req->err, ST_INVALID,
			             "body: unknown field \"%s\" (the fields are status, "
			             "badge, date)",
			             key);
			goto out;
		}
	}
	rc = member(req, body, "status", &status);
	if (!rc)
		rc = member(req, body, "badge", &c->badge);
	if (!rc)
		rc = member(req, body, "date", &c->date);
	if (rc)
		goto out;
	if (!status) {
		rc = err_set(&req->err, ST_INVALID, "status: is required (one of: %s)",
		             accreditation_statuses_list());
		goto out;
	}
	c->status = accreditation_status_canonical(status);
	if (!c->status)
		rc = err_set(&req->err, ST_INVALID, "status: \"%s\" is not one of: %s",
		             status, accreditation_statuses_list());
	else if (c->date && !text_is_date(c->date))
		rc = err_set(&req->err, ST_INVALID, "date: \"%s\" is not YYYY-MM-DD",
		             c->date);
	else if (c->badge && strcmp(c->status, "accredited"))
		rc =
		    err_set(&req->err, ST_INVALID,
		            "badge: a badge number goes with the status accredited only");
out:
	json_decref(body);
	return rc;
}

enum status h_observer_accredit(struct http_req *req, struct http_resp *resp)
{
	struct accredit *c = arena_alloc(&req->arena, sizeof(*c));
	struct observer o;
	struct mission m;
	char today[21];
	enum status rc;

	(void)resp;
	*c = (struct accredit){.code = http_param(req, "code")};
	rc = api_mission(req, &m);
	/* An unknown observer is told at once, without waiting for the writer. */
	if (!rc)
		rc = store_observer_get(req->store, m.id, c->code, &req->arena, &o,
		                        &req->err);
	if (!rc)
		rc = read_body(req, c);
	if (rc)
		return rc;
	if (!c->date) {
		text_now_iso(today);
		today[10] = '\0';
		c->date = arena_strdup(&req->arena, today);
	}
	c->mission_id = m.id;
	http_on_release(req, release_accredit, c);
	return api_write(req, accredit_write, accredit_render, c);
}
