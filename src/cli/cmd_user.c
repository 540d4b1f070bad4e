/* cmd_user.c - "observa user add|list|passwd|disable|enable|role": the
 * accounts people sign in to the API and the dashboard with, and their
 * role on each mission (docs/security.md). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_accounts.h"
#include "http/role.h"

#define CMD "user"

static const char help[] =
    "usage: observa user add NAME --role ROLE [--mission M] [--password-stdin]\n"
    "       observa user list [--format text|json]\n"
    "       observa user passwd NAME [--password-stdin]\n"
    "       observa user disable NAME\n"
    "       observa user enable NAME\n"
    "       observa user role NAME --role ROLE|none --mission M\n\n"
    "Roles: admin (every mission; no --mission), coordinator, analyst, clerk,\n"
    "observer, viewer (on one mission each; docs/security.md says what each\n"
    "may do).  Without --password-stdin, add and passwd make a password and\n"
    "print it, once, as the last line.  A new password or disabling ends the\n"
    "user's sessions.  role gives the user ROLE on another mission, changes\n"
    "it, or with \"none\" takes it off the mission; --role admin without\n"
    "--mission makes the user an admin, --role none without it takes that\n"
    "away.\n";

enum { OPT_ROLE = 1, OPT_MISSION, OPT_PASSWORD_STDIN, OPT_FORMAT };

static const struct option opts[] = {
    {"role", required_argument, NULL, OPT_ROLE},
    {"mission", required_argument, NULL, OPT_MISSION},
    {"password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN},
    {"format", required_argument, NULL, OPT_FORMAT},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *sub, *name, *role, *mission;
	bool password_stdin, json;
};

/* -1: help printed; otherwise an exit status. */
static int parse(int argc, char **argv, struct args *a)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return -1;
		case OPT_ROLE:
			a->role = optarg;
			break;
		case OPT_MISSION:
			a->mission = optarg;
			break;
		case OPT_PASSWORD_STDIN:
			a->password_stdin = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error(CMD, "--format is text or json");
			a->json = !strcmp(optarg, "json");
			break;
		default:
			return usage_error(CMD, "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error(CMD, "add, list, passwd, disable, enable or role?");
	a->sub = argv[optind++];
	if (strcmp(a->sub, "list")) {
		if (optind >= argc)
			return usage_error(CMD, "which user? (observa user %s NAME)",
			                   a->sub);
		a->name = argv[optind++];
	}
	if (optind < argc)
		return usage_error(CMD, "unexpected argument \"%s\"", argv[optind]);
	return EXIT_OK;
}

/* The password to set: from standard input, or generated into buf and
 * flagged to be shown. */
static bool password_for(const struct args *a, char buf[ACCOUNT_PASSWORD_MAX + 2],
                         bool *generated)
{
	*generated = !a->password_stdin;
	if (a->password_stdin)
		return cli_password_stdin(buf);
	account_password_generate(buf);
	return true;
}

static void show_password(const char *name, const char *password)
{
	notef("the password of user \"%s\", shown only now:", name);
	printf("%s\n", password);
}

/* An observer's account is named by the observer's code on the mission:
 * it sends that observer's reports and sees its stations. */
static int observer_named(struct store *st, const char *name, const char *mission)
{
	struct arena ar = ARENA_INIT;
	struct observer o;
	struct mission m;
	struct err e;
	int rc;

	err_clear(&e);
	rc = cli_load_mission(st, mission, &ar, &m);
	if (!rc && store_observer_get(st, m.id, name, &ar, &o, &e)) {
		errorf("an observer's account is named by the observer's code, and %s "
		       "has no observer \"%s\" ('observa observer list --mission %s')",
		       mission, name, mission);
		rc = EXIT_FAIL;
	}
	arena_release(&ar);
	return rc;
}

static int add(struct store *st, const struct args *a)
{
	char password[ACCOUNT_PASSWORD_MAX + 2];
	bool generated;
	int rc;

	if (!a->role)
		return usage_error(CMD, "add needs --role ROLE");
	if (!strcmp(a->role, "observer") && a->mission &&
	    observer_named(st, a->name, a->mission))
		return EXIT_FAIL;
	if (!password_for(a, password, &generated))
		return EXIT_FAIL;
	rc = cli_user_create(st, a->name, a->role, a->mission, password);
	if (!rc) {
		if (a->mission)
			notef("user \"%s\" added: %s of %s", a->name, a->role,
			      a->mission);
		else
			notef("user \"%s\" added: %s", a->name, a->role);
		if (generated)
			show_password(a->name, password);
	}
	sodium_memzero(password, sizeof(password));
	return rc;
}

static int passwd(struct store *st, const struct args *a)
{
	char password[ACCOUNT_PASSWORD_MAX + 2];
	bool generated;
	int rc;

	if (!password_for(a, password, &generated))
		return EXIT_FAIL;
	rc = cli_user_password(st, a->name, password);
	if (!rc) {
		notef("user \"%s\" has a new password; its sessions are ended", a->name);
		if (generated)
			show_password(a->name, password);
	}
	sodium_memzero(password, sizeof(password));
	return rc;
}

static int set_disabled(struct store *st, const struct args *a, int disabled)
{
	struct user_change c = {.admin = -1, .disabled = disabled};
	struct err e;

	err_clear(&e);
	if (store_user_update(st, a->name, &c, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	notef("user \"%s\" %s", a->name,
	      disabled ? "disabled: it cannot sign in and its sessions are ended"
	               : "enabled");
	return EXIT_OK;
}

static int role(struct store *st, const struct args *a)
{
	struct arena ar = ARENA_INIT;
	bool none = a->role && !strcmp(a->role, "none");
	struct mission m;
	enum role r;
	struct err e;
	int rc;

	err_clear(&e);
	if (!a->role || (!none && !role_parse(a->role, &r)))
		return usage_error(CMD, "role needs --role coordinator, analyst, clerk, "
		                        "observer, viewer or none");
	if (none && !a->mission) {
		struct user_change c = {.admin = 0, .disabled = -1};
		if (store_user_update(st, a->name, &c, &e)) {
			errorf("%s", e.msg);
			return EXIT_FAIL;
		}
		notef("user \"%s\" is not an admin now", a->name);
		return EXIT_OK;
	}
	if (!none && r == ROLE_ADMIN) {
		struct user_change c = {.admin = 1, .disabled = -1};
		if (a->mission)
			return usage_error(CMD,
			                   "admin is a role on every mission: give no "
			                   "--mission");
		if (store_user_update(st, a->name, &c, &e)) {
			errorf("%s", e.msg);
			return EXIT_FAIL;
		}
		notef("user \"%s\" is an admin", a->name);
		return EXIT_OK;
	}
	if (!none && r == ROLE_OBSERVER && observer_named(st, a->name, a->mission))
		return EXIT_FAIL;
	rc = cli_load_mission(st, a->mission, &ar, &m);
	if (!rc && store_user_role_set(st, a->name, m.id, none ? NULL : a->role, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
	if (!rc)
		notef(none ? "user \"%s\" has no role on %s now"
		           : "user \"%s\" is %s of %s",
		      a->name, none ? a->mission : a->role, a->mission);
	arena_release(&ar);
	return rc;
}

/* ---- list ---- */

struct listing {
	struct store *st;
	json_t *users; /* by name: {"name", ..., "missions": {code: role}} */
	json_t *order; /* names in order */
};

static enum status user_row(void *ctx, const struct user_row *u)
{
	struct listing *l = ctx;

	json_object_set_new(l->users, u->name,
	                    json_pack("{s:s, s:b, s:b, s:s, s:s, s:{}}", "name", u->name,
	                              "admin", u->admin, "disabled", u->disabled,
	                              "created_at", u->created_at, "password_at",
	                              u->password_at, "missions"));
	json_array_append_new(l->order, json_string(u->name));
	return ST_OK;
}

static enum status role_row(void *ctx, const struct user_role_row *r)
{
	struct listing *l = ctx;
	json_t *u = json_object_get(l->users, r->user);

	if (u)
		json_object_set_new(json_object_get(u, "missions"), r->mission,
		                    json_string(r->role));
	return ST_OK;
}

static void print_text(const struct listing *l)
{
	size_t i;
	json_t *n;

	printf("%-24s %-8s %-20s %s\n", "USER", "STATE", "CREATED", "ROLES");
	json_array_foreach(l->order, i, n)
	{
		json_t *u = json_object_get(l->users, json_string_value(n));
		json_t *missions = json_object_get(u, "missions");
		const char *code;
		json_t *r;
		bool first = true;

		printf("%-24s %-8s %-20s ", json_string_value(n),
		       json_is_true(json_object_get(u, "disabled")) ? "disabled"
		                                                    : "active",
		       json_string_value(json_object_get(u, "created_at")));
		if (json_is_true(json_object_get(u, "admin"))) {
			printf("admin");
			first = false;
		}
		json_object_foreach(missions, code, r)
		{
			printf("%s%s of %s", first ? "" : ", ", json_string_value(r),
			       code);
			first = false;
		}
		printf("%s\n", first ? "none" : "");
	}
}

static int list(struct store *st, const struct args *a)
{
	struct listing l = {st, json_object(), json_array()};
	json_t *arr;
	size_t i;
	json_t *n;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (store_user_list(st, user_row, &l, &e) ||
	    store_user_role_list(st, 0, role_row, &l, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (a->json) {
		arr = json_array();
		json_array_foreach(l.order, i, n)
		{
			json_array_append(arr,
			                  json_object_get(l.users, json_string_value(n)));
		}
		cli_print_json(arr);
		json_decref(arr);
	} else {
		print_text(&l);
	}
	json_decref(l.users);
	json_decref(l.order);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	struct args a = {0};
	struct store *st = NULL;
	int rc = parse(argc, argv, &a);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (strcmp(a.sub, "add") && strcmp(a.sub, "list") && strcmp(a.sub, "passwd") &&
	    strcmp(a.sub, "disable") && strcmp(a.sub, "enable") && strcmp(a.sub, "role"))
		return usage_error(CMD,
		                   "no subcommand \"%s\" (add, list, passwd, "
		                   "disable, enable, role)",
		                   a.sub);
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	if (!strcmp(a.sub, "add"))
		rc = add(st, &a);
	else if (!strcmp(a.sub, "list"))
		rc = list(st, &a);
	else if (!strcmp(a.sub, "passwd"))
		rc = passwd(st, &a);
	else if (!strcmp(a.sub, "disable"))
		rc = set_disabled(st, &a, 1);
	else if (!strcmp(a.sub, "enable"))
		rc = set_disabled(st, &a, 0);
	else
		rc = role(st, &a);
	store_close(st);
	return rc;
}
