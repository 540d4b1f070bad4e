/* cli_accounts.h - what the commands that make accounts share (user,
 * token, serve, demo): making a user with its role and password, reading a
 * password from standard input, and the first admin of a new database. */
#ifndef OBSERVA_CLI_ACCOUNTS_H
#define OBSERVA_CLI_ACCOUNTS_H

#include <stdbool.h>

#include "model/account.h"
#include "store/store.h"

/* Read a password from the first line of standard input (its line break
 * dropped) into out; prints the error and returns false when there is
 * none or it is not a valid password (account_password_check). */
bool cli_password_stdin(char out[ACCOUNT_PASSWORD_MAX + 2]);

/* Make user name with role (a role name; "admin" needs no mission, the
 * others mission's code) and password, in one transaction.  Prints the
 * error and returns an exit status. */
int cli_user_create(struct store *st, const char *name, const char *role,
                    const char *mission, const char *password);

/* Give user name a new password (ending its sessions); prints the error
 * and returns an exit status. */
int cli_user_password(struct store *st, const char *name, const char *password);

/* On a database without users, make user "admin" with a generated
 * password and print it once on stderr; nothing otherwise.  Returns an
 * exit status. */
int cli_first_admin(struct store *st);

#endif
