/* session_json.h - what GET and POST /api/v1/session answer about the
 * caller: its name, whether it is an admin, the session's CSRF token, and
 * for each mission it may use its role and permissions (docs/api.md). */
#ifndef OBSERVA_SESSION_JSON_H
#define OBSERVA_SESSION_JSON_H

#include <jansson.h>

#include "http/auth.h"

/* {"user", "admin", "csrf" (sessions only), "expires_at", "missions":
 * [{"mission", "role", "permissions": [...]}]}: an admin's missions are
 * every mission, with role "admin"; a token's permissions are narrowed by
 * its scope.  Read on req->store; *out is a new reference. */
enum status session_json(struct http_req *req, const struct auth *a,
                         json_t **out /* OUT */);

/* The names of the permissions in set (perm_self_checked ones left out),
 * in enum order: a new array. */
json_t *session_perm_names(perm_set set);

#endif
