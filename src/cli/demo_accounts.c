/* demo_accounts.c - the demo mission's users and their passwords, new on
 * every run. */
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_accounts.h"
#include "cli/demo_accounts.h"

static const char *const users[DEMO_ACCOUNTS][2] = {
    {"coordinator", "coordinator"},
    {"clerk", "clerk"},
    {"viewer", "viewer"},
};

int demo_accounts(struct store *st, const char *mission,
                  struct demo_login out[DEMO_ACCOUNTS])
{
	struct arena a = ARENA_INIT;
	struct user_row u;
	struct err e;
	int rc = EXIT_OK;

	for (int i = 0; i < DEMO_ACCOUNTS && !rc; i++) {
		out[i].user = users[i][0];
		out[i].role = users[i][1];
		account_password_generate(out[i].password);
		err_clear(&e);
		if (store_user_get(st, out[i].user, &a, &u, &e) == ST_OK)
			rc = cli_user_password(st, out[i].user, out[i].password);
		else if (e.code == ST_NOT_FOUND)
			rc = cli_user_create(st, out[i].user, out[i].role, mission,
			                     out[i].password);
		else {
			errorf("%s", e.msg);
			rc = EXIT_FAIL;
		}
	}
	arena_release(&a);
	return rc;
}
