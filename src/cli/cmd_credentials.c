/* cmd_credentials.c - "observa observer credentials CODE": make (or, with
 * --renew, replace) an observer's credentials for ODK clients and print,
 * once, what the observer types into the client: the server URL with the
 * token, the user name and the PIN.  Only hashes are stored. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_credentials.h"
#include "core/alloc.h"
#include "model/credential.h"

#define DEFAULT_BASE_URL "http://127.0.0.1:8080"

static const char help[] =
    "usage: observa observer credentials CODE --mission M [--renew]\n"
    "                                    [--base-url URL] [--format text|json]\n\n"
    "Makes the observer's credentials for ODK Collect and other OpenRosa\n"
    "clients and prints them once: the server URL BASE/openrosa/TOKEN, the\n"
    "user name (the observer's code) and a six-digit PIN.  Only their hashes\n"
    "are kept, so they cannot be shown again: --renew makes new ones, and the\n"
    "old token and PIN stop working at once.  A client may instead use the\n"
    "server URL BASE/openrosa/m/MISSION with the user name and the PIN as\n"
    "password (HTTP Digest).  --base-url is the address clients reach\n"
    "the server at (default " DEFAULT_BASE_URL "); --format json prints\n"
    "{\"url\", \"token\", \"username\", \"pin\", \"digest_url\"}.\n";

struct options {
	const char *mission, *base_url, *code;
	bool renew, json;
};

/* The base URL without trailing slashes, or NULL when it is not an
 * http(s) URL. */
static char *base_url(const char *arg)
{
	size_t n = strlen(arg), scheme;

	if (!strncmp(arg, "http://", 7))
		scheme = 7;
	else if (!strncmp(arg, "https://", 8))
		scheme = 8;
	else
		return NULL;
	while (n > scheme && arg[n - 1] == '/')
		n--;
	if (n == scheme || strpbrk(arg, " \t\r\n?#"))
		return NULL;
	return xstrndup(arg, n);
}

static int parse(int argc, char **argv, struct options *o)
{
	enum { OPT_MISSION = 1, OPT_BASE, OPT_RENEW, OPT_FORMAT };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"base-url", required_argument, NULL, OPT_BASE},
	    {"renew", no_argument, NULL, OPT_RENEW},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	int opt;

	memset(o, 0, sizeof(*o));
	o->base_url = DEFAULT_BASE_URL;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return -1;
		case OPT_MISSION:
			o->mission = optarg;
			break;
		case OPT_BASE:
			o->base_url = optarg;
			break;
		case OPT_RENEW:
			o->renew = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error("observer",
				                   "--format is text or json");
			o->json = !strcmp(optarg, "json");
			break;
		default:
			return usage_error("observer", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("observer", "credentials needs the observer's CODE");
	if (optind + 1 < argc)
		return usage_error("observer", "unexpected argument \"%s\"",
		                   argv[optind + 1]);
	o->code = argv[optind];
	return EXIT_OK;
}

static void print(const struct options *o, const char *base, const struct mission *m,
                  const struct credential *c)
{
	char *url = xasprintf("%s/openrosa/%s", base, c->token);
	char *digest_url = xasprintf("%s/openrosa/m/%s", base, m->code);

	if (o->json) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "url", url, "token",
		                      c->token, "username", o->code, "pin", c->pin,
		                      "digest_url", digest_url);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("ODK credentials of observer %s, mission %s\n"
		       "  server URL: %s\n"
		       "  username:   %s\n"
		       "  PIN:        %s\n"
		       "  or, with the user name and PIN (HTTP Digest), the server URL\n"
		       "  %s\n",
		       o->code, m->code, url, o->code, c->pin, digest_url);
	}
	free(digest_url);
	sodium_memzero(url, strlen(url));
	free(url);
}

int observer_credentials_main(int argc, char **argv)
{
	struct options o;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct credential_row old;
	struct credential c;
	struct observer obs;
	struct mission m;
	enum upsert_result res;
	char *base = NULL;
	struct err e;
	int rc;

	err_clear(&e);
	rc = parse(argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	base = base_url(o.base_url);
	if (!base)
		return usage_error("observer",
		                   "--base-url \"%s\" is not an http:// or https:// URL "
		                   "without a query",
		                   o.base_url);
	rc = cli_open_store(&st);
	if (rc)
		goto out;
	rc = cli_load_mission(st, o.mission, &a, &m);
	if (rc)
		goto out;
	rc = EXIT_FAIL;
	if (store_observer_get(st, m.id, o.code, &a, &obs, &e)) {
		errorf("%s in mission %s", e.msg, m.code);
		goto out;
	}
	if (!store_credential_get(st, m.id, o.code, &a, &old, &e) && !o.renew) {
		errorf("observer %s already has credentials (made %s), which cannot be "
		       "shown again; give --renew to replace them (the old server URL "
		       "then stops working)",
		       o.code, old.created_at);
		goto out;
	}
	if (e.code && e.code != ST_NOT_FOUND) {
		errorf("%s", e.msg);
		goto out;
	}
	if (credential_new(&c, &e)) {
		errorf("%s", e.msg);
		goto out;
	}
	credential_set_digest(&c, o.code, m.code);
	if (store_credential_set(st, m.id, o.code, c.token_hash, c.pin_hash, c.digest_ha1,
	                         &res, &e)) {
		sodium_memzero(&c, sizeof(c));
		errorf("%s", e.msg);
		goto out;
	}
	print(&o, base, &m, &c);
	sodium_memzero(&c, sizeof(c));
	if (res == UPSERT_UPDATED)
		notef("the previous credentials of observer %s no longer work", o.code);
	rc = EXIT_OK;
out:
	free(base);
	store_close(st);
	arena_release(&a);
	return rc;
}
