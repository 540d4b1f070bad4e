/* session_json.c - the caller's account as the session routes show it:
 * missions, roles and permissions, for a dashboard to know what to offer. */
#include "http/session_json.h"

json_t *session_perm_names(perm_set set)
{
	json_t *names = json_array();

	for (int p = 0; p < PERM__COUNT; p++)
		if ((set & PERM_BIT(p)) && !perm_self_checked((enum perm)p))
			json_array_append_new(names,
			                      json_string(perm_name((enum perm)p)));
	return names;
}

struct ctx {
	const struct auth *a;
	json_t *missions;
};

static void add(struct ctx *c, const char *mission, const char *role, perm_set set)
{
	json_array_append_new(c->missions,
	                      json_pack("{s:s, s:s, s:o}", "mission", mission, "role",
	                                role, "permissions", session_perm_names(set)));
}

static enum status admin_mission(void *ctx, const struct mission *m)
{
	struct ctx *c = ctx;

	add(c, m->code, role_name(ROLE_ADMIN), role_perms(ROLE_ADMIN) & c->a->scope);
	return ST_OK;
}

static enum status user_mission(void *ctx, const struct user_role_row *r)
{
	struct ctx *c = ctx;
	enum role role;

	if (role_parse(r->role, &role) && role != ROLE_ADMIN)
		add(c, r->mission, r->role, role_perms(role) & c->a->scope);
	return ST_OK;
}

enum status session_json(struct http_req *req, const struct auth *a, json_t **out)
{
	struct ctx c = {.a = a, .missions = json_array()};
	enum status rc;
	json_t *j;

	*out = NULL;
	if (a->admin)
		rc = store_mission_list(req->store, admin_mission, &c, &req->err);
	else
		rc = store_user_role_list(req->store, a->user_id, user_mission, &c,
		                          &req->err);
	if (rc) {
		json_decref(c.missions);
		return rc;
	}
	j = json_pack("{s:s, s:b}", "user", a->user, "admin", a->admin);
	if (a->csrf)
		json_object_set_new(j, "csrf", json_string(a->csrf));
	json_object_set_new(j, "expires_at",
	                    a->expires_at ? json_string(a->expires_at) : json_null());
	json_object_set_new(j, "missions", c.missions);
	*out = j;
	return ST_OK;
}
