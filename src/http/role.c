/* role.c - the table of what each role may do, and token scopes.  Change
 * docs/security.md's table ("Accounts and roles") with this one. */
#include <stdio.h>
#include <string.h>

#include "http/role.h"

/* Read everything of a mission, findings and exports included. */
#define READ_ALL                                                                         \
	(PERM_BIT(PERM_READ_MISSION) | PERM_BIT(PERM_READ_REGISTRY) |                    \
	 PERM_BIT(PERM_READ_OBSERVERS) | PERM_BIT(PERM_READ_ACCREDITATION) |             \
	 PERM_BIT(PERM_READ_SUBMISSIONS) | PERM_BIT(PERM_READ_COVERAGE) |                \
	 PERM_BIT(PERM_READ_ASSIGNMENTS) | PERM_BIT(PERM_READ_FORMS) |                   \
	 PERM_BIT(PERM_READ_SMS) | PERM_BIT(PERM_READ_FINDINGS) |                        \
	 PERM_BIT(PERM_READ_LTM))

static const struct {
	const char *name;
	perm_set perms;
} roles[ROLE__COUNT] = {
    [ROLE_ADMIN] = {"admin", PERM_ALL},
    [ROLE_COORDINATOR] = {"coordinator", PERM_ALL},
    [ROLE_ANALYST] = {"analyst", READ_ALL},
    /* Data clerks key in paper and phoned-in reports, review flagged ones,
     * look after observers (imports, accreditation decisions) and their
     * deployment, and chase stations that have not reported (coverage).
     * The locations stay with the coordinator: their registered voters
     * weigh every turnout and sample figure. */
    [ROLE_CLERK] = {"clerk",
                    PERM_BIT(PERM_READ_MISSION) | PERM_BIT(PERM_SUBMIT) |
                        PERM_BIT(PERM_REVIEW) | PERM_BIT(PERM_READ_SUBMISSIONS) |
                        PERM_BIT(PERM_READ_OBSERVERS) |
                        PERM_BIT(PERM_READ_ACCREDITATION) |
                        PERM_BIT(PERM_READ_ASSIGNMENTS) |
                        PERM_BIT(PERM_MANAGE_ASSIGNMENTS) |
                        PERM_BIT(PERM_MANAGE_REGISTRY) | PERM_BIT(PERM_READ_REGISTRY) |
                        PERM_BIT(PERM_READ_FORMS) | PERM_BIT(PERM_READ_COVERAGE)},
    [ROLE_OBSERVER] = {"observer", PERM_BIT(PERM_SUBMIT) | PERM_BIT(PERM_READ_FORMS)},
    [ROLE_VIEWER] = {"viewer",
                     PERM_BIT(PERM_READ_MISSION) | PERM_BIT(PERM_READ_FINDINGS)},
};

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? roles[r].name : "unknown";
}

bool role_parse(const char *name, enum role *out)
{
	for (int r = 0; r < ROLE__COUNT; r++)
		if (name && !strcmp(name, roles[r].name)) {
			*out = (enum role)r;
			return true;
		}
	return false;
}

perm_set role_perms(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? roles[r].perms : 0;
}

bool perm_self_checked(enum perm p)
{
	return p == PERM_PUBLIC || p == PERM_ODK_FORMS || p == PERM_ODK_SUBMIT;
}

bool perm_parse(const char *name, enum perm *out)
{
	for (int p = 0; p < PERM__COUNT; p++)
		if (!strcmp(name, perm_name((enum perm)p))) {
			*out = (enum perm)p;
			return true;
		}
	return false;
}

/* The permission named by s[0..n), or false with it copied into bad. */
static bool scope_item(const char *s, size_t n, perm_set *set, char *bad, size_t bad_len)
{
	char name[64];
	enum perm p;

	if (n && n < sizeof(name)) {
		memcpy(name, s, n);
		name[n] = '\0';
		if (perm_parse(name, &p) && !perm_self_checked(p)) {
			*set |= PERM_BIT(p);
			return true;
		}
	}
	if (bad && bad_len)
		snprintf(bad, bad_len, "%.*s", (int)(n < 64 ? n : 64), s);
	return false;
}

bool scope_parse(const char *scope, perm_set *out, char *bad, size_t bad_len)
{
	perm_set set = 0;
	const char *s = scope;

	if (bad && bad_len)
		bad[0] = '\0';
	if (!scope)
		return false;
	if (!strcmp(scope, "all")) {
		*out = PERM_ALL;
		return true;
	}
	if (!strcmp(scope, "read")) {
		for (int p = 0; p < PERM__COUNT; p++)
			if (!strncmp(perm_name((enum perm)p), "read_", 5))
				set |= PERM_BIT(p);
		*out = set;
		return true;
	}
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);

		if (!scope_item(s, n, &set, bad, bad_len))
			return false;
		if (!comma)
			break;
		s = comma + 1;
	}
	*out = set;
	return true;
}
