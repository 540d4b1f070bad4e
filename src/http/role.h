/* role.h - what each role may do: the one table from a user's role on a
 * mission to the permissions of enum perm (docs/security.md has it as a
 * table), and the scopes that narrow an API token.
 *
 * admin is not tied to a mission and may do everything everywhere; the
 * other roles hold on the missions a user belongs to, one role each. */
#ifndef OBSERVA_ROLE_H
#define OBSERVA_ROLE_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

enum role {
	ROLE_ADMIN,
	ROLE_COORDINATOR,
	ROLE_ANALYST,
	ROLE_CLERK,
	ROLE_OBSERVER,
	ROLE_VIEWER,
	ROLE__COUNT
};

/* A set of permissions: bit p stands for enum perm p. */
typedef uint32_t perm_set;

#define PERM_BIT(p) ((perm_set)1 << (p))
#define PERM_ALL    ((perm_set)((1u << PERM__COUNT) - 1))

/* The role's name ("coordinator"), "unknown" out of range. */
const char *role_name(enum role r);

/* The role named name (exactly as role_name() spells it); false when
 * there is no such role. */
bool role_parse(const char *name, enum role *out /* OUT */);

/* What role r may do on its mission (admin: on every mission). */
perm_set role_perms(enum role r);

/* True for the permissions whose routes check their callers themselves
 * (public routes; ODK clients with their observers' credentials; SMS
 * gateways with their secrets): the router asks no account for them. */
bool perm_self_checked(enum perm p);

/* The permission named name ("read_mission"), false when none is. */
bool perm_parse(const char *name, enum perm *out /* OUT */);

/* The permissions a token's scope leaves: "all" every one, "read" those
 * whose names begin with "read_", or a list of permission names joined by
 * commas ("read_mission,submit").  false for anything else (an unknown
 * name, an empty item), with the offending item copied into bad (may be
 * NULL) when there is one. */
bool scope_parse(const char *scope, perm_set *out /* OUT */, char *bad, size_t bad_len);

#endif
