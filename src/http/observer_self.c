/* observer_self.c - an observer's account acting as its observer
 * (observer_self.h). */
#include <string.h>

#include "http/auth.h"
#include "http/observer_self.h"
#include "store/registry_cache.h"
#include "store/store.h"
#include "store/store_users.h"

enum status observer_self(struct http_req *req, const struct mission *m, bool *is)
{
	const char *role = NULL;
	enum status rc;

	*is = false;
	if (!req->auth || req->auth->admin)
		return ST_OK;
	rc = registry_role_get(req->store, req->auth->user_id, m->code, &req->arena,
	                       &role, &req->err);
	if (rc == ST_NOT_FOUND) {
		err_clear(&req->err);
		return ST_OK;
	}
	*is = !rc && role && !strcmp(role, "observer");
	return rc;
}

static enum status found(void *ctx, const struct assignment_row *a)
{
	(void)a;
	*(bool *)ctx = true;
	return ST_OK;
}

enum status observer_self_check(struct http_req *req, const struct mission *m,
                                const char *observer, const char *station)
{
	struct assignment_row only = {0};
	bool is, deployed = false;
	enum status rc = observer_self(req, m, &is);

	if (rc || !is)
		return rc;
	/* A report naming no observer or station is refused by its
	 * validation. */
	if (observer && strcmp(observer, req->auth->user))
		return err_set(&req->err, ST_DENIED,
		               "observer: the account of observer %s sends its own "
		               "reports only, not %s's",
		               req->auth->user, observer);
	if (!station)
		return ST_OK;
	only.observer = req->auth->user;
	only.station = station;
	rc = store_assignment_list(req->store, m->id, &only, found, &deployed, &req->err);
	if (rc || deployed)
		return rc;
	return err_set(&req->err, ST_DENIED,
	               "station: observer %s is not assigned to station %s; its "
	               "account reports from its own stations only",
	               req->auth->user, station);
}
