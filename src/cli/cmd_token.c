/* cmd_token.c - "observa token create|list|revoke": API tokens for scripts
 * and other programs, sent as "Authorization: Bearer TOKEN".  Only a
 * token's hash is kept; the token itself is printed once, as the last
 * line (docs/security.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/text.h"
#include "http/role.h"
#include "model/account.h"

#define CMD "token"

static const char help[] =
    "usage: observa token create --user NAME [--expires DAYS] [--scope SCOPE]\n"
    "       observa token list [--format text|json]\n"
    "       observa token revoke ID\n\n"
    "create makes a token that acts as user NAME (with its roles) and prints\n"
    "it, once, as the last line; send it as \"Authorization: Bearer TOKEN\".\n"
    "  --expires DAYS  it stops working after DAYS days (a decimal number;\n"
    "                  0 makes one that has already expired); default never\n"
    "  --scope SCOPE   what it may do of what the user may: all (default),\n"
    "                  read (the read_* permissions), or permissions joined\n"
    "                  by commas (read_mission,submit)\n"
    "list shows every token (never the token itself); revoke ID stops one.\n";

enum { OPT_USER = 1, OPT_EXPIRES, OPT_SCOPE, OPT_FORMAT };

static const struct option opts[] = {
    {"user", required_argument, NULL, OPT_USER},
    {"expires", required_argument, NULL, OPT_EXPIRES},
    {"scope", required_argument, NULL, OPT_SCOPE},
    {"format", required_argument, NULL, OPT_FORMAT},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *sub, *user, *scope, *id;
	double days; /* < 0: never */
	bool json;
};

static int parse(int argc, char **argv, struct args *a)
{
	char bad[80];
	perm_set set;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return -1;
		case OPT_USER:
			a->user = optarg;
			break;
		case OPT_EXPIRES:
			if (!text_double(optarg, &a->days) || a->days < 0 ||
			    a->days > 36500 || isnan(a->days))
				return usage_error(
				    CMD, "--expires wants days from 0 to 36500");
			break;
		case OPT_SCOPE:
			if (!scope_parse(optarg, &set, bad, sizeof(bad)))
				return usage_error(CMD,
				                   "--scope is all, read or permissions "
				                   "joined by commas; \"%s\" is none",
				                   bad);
			a->scope = optarg;
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
		return usage_error(CMD, "create, list or revoke?");
	a->sub = argv[optind++];
	if (!strcmp(a->sub, "revoke")) {
		if (optind >= argc)
			return usage_error(CMD, "which token? (observa token revoke ID)");
		a->id = argv[optind++];
	}
	if (optind < argc)
		return usage_error(CMD, "unexpected argument \"%s\"", argv[optind]);
	return EXIT_OK;
}

static int create(struct store *st, const struct args *a)
{
	char token[ACCOUNT_TOKEN_LEN + 1], hash[ACCOUNT_HASH_LEN + 1], expires[21];
	struct arena ar = ARENA_INIT;
	struct token_row t = {0};
	struct user_row u;
	int64_t id;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (!a->user)
		return usage_error(CMD, "create needs --user NAME");
	if (store_user_get(st, a->user, &ar, &u, &e)) {
		errorf("%s", e.msg);
		arena_release(&ar);
		return EXIT_FAIL;
	}
	account_token_new(token);
	account_secret_hash(token, hash);
	t.hash = hash;
	t.user_id = u.id;
	t.scope = a->scope ? a->scope : "all";
	if (a->days >= 0) {
		text_time_iso((long long)time(NULL) +
		                  (long long)llround(a->days * 86400.0),
		              expires);
		t.expires_at = expires;
	}
	if (store_token_create(st, &t, &id, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else {
		notef("token %lld acts as user \"%s\" with scope %s, %s%s; shown only "
		      "now:",
		      (long long)id, u.name, t.scope,
		      t.expires_at ? "until " : "no expiry",
		      t.expires_at ? t.expires_at : "");
		printf("%s\n", token);
	}
	sodium_memzero(token, sizeof(token));
	arena_release(&ar);
	return rc;
}

static enum status list_row(void *ctx, const struct token_row *t)
{
	json_t *arr = ctx;

	json_array_append_new(
	    arr, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:b, s:s?}", "id",
	                   (json_int_t)t->id, "user", t->user, "scope", t->scope,
	                   "created_at", t->created_at, "expires_at", t->expires_at,
	                   "revoked", t->revoked, "last_used", t->last_used));
	return ST_OK;
}

static int list(struct store *st, const struct args *a)
{
	json_t *arr = json_array(), *t;
	struct err e;
	size_t i;

	err_clear(&e);
	if (store_token_list(st, list_row, arr, &e)) {
		errorf("%s", e.msg);
		json_decref(arr);
		return EXIT_FAIL;
	}
	if (a->json) {
		cli_print_json(arr);
	} else {
		printf("%-5s %-20s %-12s %-20s %-20s %s\n", "ID", "USER", "SCOPE",
		       "CREATED", "EXPIRES", "STATE");
		json_array_foreach(arr, i, t)
		{
			json_t *exp = json_object_get(t, "expires_at");
			json_t *used = json_object_get(t, "last_used");

			printf("%-5lld %-20s %-12s %-20s %-20s %s%s%s\n",
			       (long long)json_integer_value(json_object_get(t, "id")),
			       json_string_value(json_object_get(t, "user")),
			       json_string_value(json_object_get(t, "scope")),
			       json_string_value(json_object_get(t, "created_at")),
			       json_is_string(exp) ? json_string_value(exp) : "never",
			       json_is_true(json_object_get(t, "revoked")) ? "revoked"
			                                                   : "active",
			       json_is_string(used) ? ", last used " : "",
			       json_is_string(used) ? json_string_value(used) : "");
		}
	}
	json_decref(arr);
	return EXIT_OK;
}

static int revoke(struct store *st, const struct args *a)
{
	int64_t id;
	struct err e;

	err_clear(&e);
	if (!text_int64(a->id, 1, INT64_MAX, &id))
		return usage_error(CMD, "a token's ID is a whole number (observa token "
		                        "list shows them)");
	if (store_token_revoke(st, id, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	notef("token %lld revoked", (long long)id);
	return EXIT_OK;
}

int cmd_token(int argc, char **argv)
{
	struct args a = {.days = -1};
	struct store *st = NULL;
	int rc = parse(argc, argv, &a);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (strcmp(a.sub, "create") && strcmp(a.sub, "list") && strcmp(a.sub, "revoke"))
		return usage_error(CMD, "no subcommand \"%s\" (create, list, revoke)",
		                   a.sub);
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	if (!strcmp(a.sub, "create"))
		rc = create(st, &a);
	else if (!strcmp(a.sub, "list"))
		rc = list(st, &a);
	else
		rc = revoke(st, &a);
	store_close(st);
	return rc;
}
