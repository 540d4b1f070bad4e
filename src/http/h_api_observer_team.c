/* h_api_observer_team.c - POST /api/v1/missions/{m}/observers/{code}/team:
 * put an observer in a team, or take it out of its team, from the
 * dashboard (a team is what a deployment by team follows: "observa import
 * assignments" and the dashboard deploy every member at once).  Made on
 * the writer with the rest of the observer unchanged, audited by the
 * store as any change of an observer, answered with the observer as it is
 * now. */
#include <string.h>

#include "core/text.h"
#include "http/api.h"
#include "http/handlers.h"
#include "model/registry_json.h"

struct team_change {
	int64_t mission_id;
	const char *code, *team; /* team NULL: none */
	json_t *observer;        /* after the change, from the writer */
};

static void release_team(void *arg)
{
	json_decref(((struct team_change *)arg)->observer);
}

/* In the writer thread: read the observer, change its team, store. */
static enum status team_write(struct store *st, void *ctx, struct err *e)
{
	struct team_change *c = ctx;
	struct arena a = ARENA_INIT;
	enum upsert_result res;
	struct observer o;
	enum status rc;

	rc = store_observer_get(st, c->mission_id, c->code, &a, &o, e);
	if (rc)
		goto out;
	o.team = c->team;
	rc = observer_validate(&o, e);
	if (!rc)
		rc = store_observer_upsert(st, c->mission_id, &o, &res, e);
	if (!rc)
		c->observer = observer_to_json(&o);
out:
	arena_release(&a);
	return rc;
}

static enum status team_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	(void)req;
	return http_resp_json(resp, 200,
	                      json_incref(((struct team_change *)ctx)->observer));
}

/* {"team": "T-3"} or {"team": null} (or ""): no team. */
static enum status read_body(struct http_req *req, struct team_change *c)
{
	const char *key;
	json_t *body, *v;
	enum status rc;

	rc = api_body_json(req, &body);
	if (rc)
		return rc;
	if (!json_is_object(body) || !json_object_get(body, "team")) {
		rc = err_set(&req->err, ST_INVALID,
		             "body: must be a JSON object {\"team\": \"...\"} (null: "
		             "no team)");
		goto out;
	}
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "team")) {
			rc = err_set(&req->err, ST_INVALID,
			             "body: unknown field \"%s\" (the field is team)",
			             key);
			goto out;
		}
	}
	v = json_object_get(body, "team");
	if (json_is_null(v))
		goto out;
	if (!json_is_string(v)) {
		rc = err_set(&req->err, ST_INVALID, "team: must be a string or null");
		goto out;
	}
	c->team = text_trim(arena_strdup(&req->arena, json_string_value(v)));
	if (!*c->team)
		c->team = NULL;
out:
	json_decref(body);
	return rc;
}

enum status h_observer_team(struct http_req *req, struct http_resp *resp)
{
	struct team_change *c = arena_alloc(&req->arena, sizeof(*c));
	struct observer o;
	struct mission m;
	enum status rc;

	(void)resp;
	*c = (struct team_change){.code = http_param(req, "code")};
	rc = api_mission(req, &m);
	/* An unknown observer is told at once, without waiting for the writer. */
	if (!rc)
		rc = store_observer_get(req->store, m.id, c->code, &req->arena, &o,
		                        &req->err);
	if (!rc)
		rc = read_body(req, c);
	if (rc)
		return rc;
	c->mission_id = m.id;
	http_on_release(req, release_team, c);
	return api_write(req, team_write, team_render, c);
}
