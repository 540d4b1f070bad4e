/* demo_accounts.h - the demo's accounts: a coordinator, a clerk and a
 * viewer of the demo mission, each given a new random password on every
 * run of "observa demo" (only hashes are kept, so a password cannot be
 * shown again), which the demo prints as its login. */
#ifndef OBSERVA_DEMO_ACCOUNTS_H
#define OBSERVA_DEMO_ACCOUNTS_H

#include "model/account.h"
#include "store/store.h"

#define DEMO_ACCOUNTS 3

struct demo_login {
	const char *user; /* "coordinator" */
	const char *role; /* its role on the mission */
	char password[ACCOUNT_GENERATED_LEN + 1];
};

/* Make (once) the demo's users with their roles on mission, then give
 * each a new password, in out[0..DEMO_ACCOUNTS).  Prints the error and
 * returns an exit status. */
int demo_accounts(struct store *st, const char *mission,
                  struct demo_login out[DEMO_ACCOUNTS] /* OUT */);

#endif
