/* http_req.c - looking up a request's path and query parameters, and the
 * names of permissions. */
#include <string.h>

#include "http/http.h"

const char *perm_name(enum perm p)
{
	static const char *const names[PERM__COUNT] = {
	    [PERM_PUBLIC] = "public",
	    [PERM_READ_MISSION] = "read_mission",
	    [PERM_READ_REGISTRY] = "read_registry",
	    [PERM_READ_OBSERVERS] = "read_observers",
	    [PERM_READ_ACCREDITATION] = "read_accreditation",
	};
	return (unsigned)p < PERM__COUNT ? names[p] : "unknown";
}

const char *http_param(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++)
		if (!strcmp(req->params[i].key, name))
			return req->params[i].value;
	return NULL;
}

const char *http_query(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (!strcmp(req->query[i].key, name))
			return req->query[i].value;
	return NULL;
}
