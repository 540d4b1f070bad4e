/* h_api_forms.c - GET /api/v1/missions/{m}/forms and
 * /api/v1/missions/{m}/forms/{code}: the mission's form definitions, a
 * results protocol with one line per choice on the mission's ballot. */
#include <string.h>

#include "http/api.h"
#include "http/handlers.h"
#include "model/form.h"

/* The definition's "name" object, or null when it does not parse. */
static json_t *definition_name(const char *definition)
{
	json_t *def = json_loads(definition, 0, NULL);
	json_t *name = json_incref(json_object_get(def, "name"));

	json_decref(def);
	return name ? name : json_null();
}

static enum status add_form(void *ctx, const struct form_record *f)
{
	return api_list_add(ctx, json_pack("{s:s, s:I, s:s?, s:s?, s:o, s:s?}", "code",
	                                   f->code, "version", (json_int_t)f->version,
	                                   "kind", f->kind, "phase", f->phase, "name",
	                                   definition_name(f->definition), "updated_at",
	                                   f->updated_at));
}

enum status h_forms_list(struct http_req *req, struct http_resp *resp)
{
	struct api_list list;
	struct mission m;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = store_form_list(req->store, m.id, add_form, &list, &req->err);
	if (!rc)
		rc = api_list_finish(&list, resp, list.count, -1, 0);
	api_list_release(&list);
	return rc;
}

/* The ballot's choices, copied into the request's arena. */
struct choices {
	struct arena *a;
	struct ballot_choice *v;
	size_t n, alloc;
};

static enum status add_choice(void *ctx, const struct store_choice *c)
{
	struct choices *cs = ctx;

	if (cs->n == cs->alloc) {
		struct ballot_choice *v;
		cs->alloc = cs->alloc ? cs->alloc * 2 : 16;
		v = arena_alloc(cs->a, cs->alloc * sizeof(*v));
		if (cs->n)
			memcpy(v, cs->v, cs->n * sizeof(*v));
		cs->v = v;
	}
	cs->v[cs->n++] = (struct ballot_choice){
	    .order = c->order,
	    .code = arena_strdup(cs->a, c->code),
	    .name = arena_strdup(cs->a, c->name),
	    .kind = arena_strdup(cs->a, c->kind),
	};
	return ST_OK;
}

/* The definition with the mission's ballot applied (one line per choice),
 * for a form that declares choices. */
static enum status with_choices(struct http_req *req, const struct mission *m,
                                const struct form_record *rec, json_t **out)
{
	struct form_problems problems = FORM_PROBLEMS_INIT;
	struct choices cs = {&req->arena, NULL, 0, 0};
	struct form *f = NULL, *applied = NULL;
	enum status rc;

	*out = NULL;
	rc = form_parse(rec->definition, strlen(rec->definition), &f, &problems);
	if (rc) {
		rc = err_set(&req->err, ST_INTERNAL,
		             "form %s as stored does not parse: %s", rec->code,
		             problems.n ? problems.v[0].message : "?");
		goto out;
	}
	if (!f->choices) {
		*out = json_loads(rec->definition, 0, NULL);
		goto out;
	}
	rc = store_choices_list(req->store, m->id, add_choice, &cs, &req->err);
	if (!rc)
		rc = form_apply_choices(f, cs.v, cs.n, &applied, &req->err);
	if (rc) {
		err_prefix(&req->err, "form %s with the mission's ballot: ", rec->code);
		if (rc == ST_INVALID)
			rc = ST_INTERNAL; /* stored data, not the request, is wrong */
		goto out;
	}
	*out = form_to_json(applied);
out:
	form_problems_release(&problems);
	form_free(applied);
	form_free(f);
	return rc;
}

enum status h_form_get(struct http_req *req, struct http_resp *resp)
{
	struct form_record rec;
	struct mission m;
	json_t *doc;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = store_form_get(req->store, m.id, http_param(req, "code"),
		                    &req->arena, &rec, &req->err);
	if (!rc)
		rc = with_choices(req, &m, &rec, &doc);
	if (rc)
		return rc;
	if (!doc)
		return err_set(&req->err, ST_INTERNAL, "form %s as stored is not JSON",
		               rec.code);
	return http_resp_json(resp, 200, doc);
}
