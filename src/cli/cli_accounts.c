/* cli_accounts.c - making users from the command line: their role, their
 * password (given on standard input, or generated and shown once), and
 * the first admin of a database that has no user. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_accounts.h"
#include "http/role.h"

bool cli_password_stdin(char out[ACCOUNT_PASSWORD_MAX + 2])
{
	struct err e;
	size_t n;

	if (!fgets(out, ACCOUNT_PASSWORD_MAX + 2, stdin)) {
		errorf("--password-stdin: no password on standard input");
		return false;
	}
	n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[--n] = '\0';
	if (n && out[n - 1] == '\r')
		out[--n] = '\0';
	if (account_password_check(out, &e)) {
		errorf("--password-stdin: %s", e.msg);
		return false;
	}
	return true;
}

int cli_user_create(struct store *st, const char *name, const char *role,
                    const char *mission, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	struct arena a = ARENA_INIT;
	struct mission m = {0};
	struct user_row u = {0};
	enum role r;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (!account_name_valid(name)) {
		errorf("\"%s\" cannot name a user: up to %d letters, digits, '.', '_', "
		       "'-' and '@', starting with a letter or digit",
		       name, ACCOUNT_NAME_MAX);
		return EXIT_USAGE;
	}
	if (!role_parse(role, &r)) {
		errorf("no role \"%s\" (admin, coordinator, analyst, clerk, observer, "
		       "viewer)",
		       role);
		return EXIT_USAGE;
	}
	if (r == ROLE_ADMIN && mission) {
		errorf("admin is a role on every mission: give no --mission");
		return EXIT_USAGE;
	}
	if (r != ROLE_ADMIN) {
		rc = cli_load_mission(st, mission, &a, &m);
		if (rc)
			goto out;
	}
	if (account_password_hash(password, hash, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	u.name = name;
	u.password_hash = hash;
	u.admin = r == ROLE_ADMIN;
	if (store_begin(st, &e) || store_user_create(st, &u, NULL, &e) ||
	    (r != ROLE_ADMIN && store_user_role_set(st, name, m.id, role, &e)) ||
	    store_commit(st, &e)) {
		store_rollback(st);
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
out:
	sodium_memzero(hash, sizeof(hash));
	arena_release(&a);
	return rc;
}

int cli_user_password(struct store *st, const char *name, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_change c = {.admin = -1, .disabled = -1};
	struct err e;

	err_clear(&e);
	if (account_password_hash(password, hash, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	c.password_hash = hash;
	if (store_user_update(st, name, &c, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cli_first_admin(struct store *st)
{
	char password[ACCOUNT_GENERATED_LEN + 1];
	struct err e;
	int64_t n = 0;
	int rc;

	err_clear(&e);
	if (store_user_count(st, &n, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	if (n)
		return EXIT_OK;
	account_password_generate(password);
	rc = cli_user_create(st, "admin", "admin", NULL, password);
	if (!rc)
		fprintf(
		    stderr,
		    "\nobserva: this database had no user: made user \"admin\" (admin "
		    "of every mission) with the password\n\n"
		    "    %s\n\n"
		    "observa: it is shown only now; change it with 'observa user "
		    "passwd admin', add users with 'observa user add'\n\n",
		    password);
	sodium_memzero(password, sizeof(password));
	return rc;
}
