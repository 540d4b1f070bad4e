/* h_api_observers.c - GET /api/v1/missions/{m}/observers (paged, with
 * filters) and /api/v1/missions/{m}/observers/{code}. */
#include "http/api.h"
#include "http/handlers.h"
#include "model/country.h"
#include "model/phone.h"
#include "model/registry_json.h"

static enum status add_observer(void *ctx, const struct observer *o)
{
	return api_list_add(ctx, observer_to_json(o));
}

/* A query parameter that must be one word of a closed list: canonical()
 * maps it (synonyms included) or says NULL. */
static enum status query_word(struct http_req *req, const char *name,
                              const char *(*canonical)(const char *),
                              const char *(*list)(void), const char **out)
{
	const char *v;
	enum status rc = api_query_str(req, name, &v);

	*out = NULL;
	if (rc || !v)
		return rc;
	*out = canonical(v);
	if (!*out)
		return err_set(&req->err, ST_INVALID, "%s: \"%s\" is not one of: %s",
		               name, v, list());
	return ST_OK;
}

/* The filter from the query: status, organisation, country, role, team,
 * phone (normalised with the mission's country as the default). */
static enum status read_filter(struct http_req *req, const struct mission *m,
                               struct observer_filter *f)
{
	const char *country, *phone;
	enum status rc;

	rc = api_paging(req, &f->limit, &f->offset);
	if (!rc)
		rc = query_word(req, "status", accreditation_status_canonical,
		                accreditation_statuses_list, &f->status);
	if (!rc)
		rc = query_word(req, "role", observer_role_canonical, observer_roles_list,
		                &f->role);
	if (!rc)
		rc = api_query_str(req, "organisation", &f->organisation);
	if (!rc)
		rc = api_query_str(req, "team", &f->team);
	if (!rc)
		rc = api_query_str(req, "country", &country);
	if (!rc)
		rc = api_query_str(req, "phone", &phone);
	if (rc)
		return rc;
	if (country) {
		const struct country *c = country_by_code(country);
		if (!c)
			return err_set(
			    &req->err, ST_INVALID,
			    "country: \"%s\" is not an ISO 3166-1 alpha-2 code", country);
		f->country = c->code;
	}
	if (phone) {
		char *e164 = arena_alloc(&req->arena, PHONE_MAX);
		rc = phone_normalise(phone, m->country, e164, &req->err);
		if (rc) {
			err_prefix(&req->err, "phone: ");
			return rc;
		}
		f->phone = e164;
	}
	return ST_OK;
}

enum status h_observers_list(struct http_req *req, struct http_resp *resp)
{
	struct observer_filter f = {0};
	struct api_list list;
	struct mission m;
	int64_t total = 0;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = read_filter(req, &m, &f);
	if (rc)
		goto out;
	/* The store reads limit 0 as "no limit"; the API as "count only". */
	rc = store_observer_list(req->store, m.id, &f, &total,
	                         f.limit ? add_observer : NULL, &list, &req->err);
	if (rc)
		goto out;
	rc = api_list_finish(&list, resp, total, f.limit, f.offset);
out:
	api_list_release(&list);
	return rc;
}

enum status h_observer_get(struct http_req *req, struct http_resp *resp)
{
	struct observer o;
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = store_observer_get(req->store, m.id, http_param(req, "code"),
		                        &req->arena, &o, &req->err);
	if (rc)
		return rc;
	return http_resp_json(resp, 200, observer_to_json(&o));
}
