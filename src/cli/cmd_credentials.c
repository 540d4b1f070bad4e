/* cmd_credentials.c - "observa observer credentials CODE": make (or, with
 * --renew, replace) an observer's credentials for ODK clients and print,
 * once, what the observer types into the client: the server URL with the
 * token, the user name and the PIN, as text, JSON, or a page with the QR
 * code ODK Collect scans (report/collect_qr.h).  Only hashes are stored. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_credentials.h"
#include "core/alloc.h"
#include "model/credential.h"
#include "report/collect_qr.h"

#define DEFAULT_BASE_URL "http://127.0.0.1:8080"
#define SVG_MAX          (4u << 20) /* far above the largest QR code's page */

static const char help[] =
    "usage: observa observer credentials CODE --mission M [--renew]\n"
    "                                    [--base-url URL] [--format text|json|svg]\n\n"
    "Makes the observer's credentials for ODK Collect and other OpenRosa\n"
    "clients and prints them once: the server URL BASE/openrosa/TOKEN, the\n"
    "user name (the observer's code) and a six-digit PIN.  Only their hashes\n"
    "are kept, so they cannot be shown again: --renew makes new ones, and the\n"
    "old token and PIN stop working at once.  A client may instead use the\n"
    "server URL BASE/openrosa/m/MISSION with the user name and the PIN as\n"
    "password (HTTP Digest).  --base-url is the address clients reach\n"
    "the server at (default " DEFAULT_BASE_URL "); --format json prints\n"
    "{\"url\", \"token\", \"username\", \"pin\", \"digest_url\"}.  --format svg\n"
    "writes an SVG page to print for the observer: a QR code that ODK Collect\n"
    "scans to set itself up (the server URL with the token and the user name),\n"
    "with the Digest URL, the user name and the PIN written under it.  The\n"
    "page is as secret as the server URL.\n";

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SVG };

struct options {
	const char *mission, *base_url, *code;
	bool renew;
	enum format format;
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
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "svg"))
				o->format = FORMAT_SVG;
			else
				return usage_error("observer",
				                   "--format is text, json or svg");
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

/* The two server URLs of credentials c: with the token, and for Digest. */
struct urls {
	char *token, *digest;
};

static void urls_make(struct urls *u, const char *base, const struct mission *m,
                      const struct credential *c)
{
	u->token = xasprintf("%s/openrosa/%s", base, c->token);
	u->digest = xasprintf("%s/openrosa/m/%s", base, m->code);
}

static void urls_release(struct urls *u)
{
	if (u->token) {
		sodium_memzero(u->token, strlen(u->token));
		free(u->token);
	}
	free(u->digest);
	*u = (struct urls){0};
}

/* The page with the QR code, made before the credentials are stored so
 * that a failure leaves the old ones in place. */
static int svg_page(const struct options *o, const struct mission *m,
                    const struct credential *c, const struct urls *u, struct buf *svg)
{
	const struct collect_qr q = {u->token, o->code, m->code, u->digest, c->pin};
	struct err e;

	err_clear(&e);
	if (collect_qr_page(&q, svg, NULL, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int print(const struct options *o, const struct mission *m,
                 const struct credential *c, const struct urls *u, const struct buf *svg)
{
	if (o->format == FORMAT_SVG) {
		if (fwrite(svg->ptr, 1, svg->len, stdout) != svg->len || fflush(stdout)) {
			errorf(
			    "cannot write the page: %s; the credentials are made, give "
			    "--renew to make new ones",
			    strerror(errno));
			return EXIT_FAIL;
		}
	} else if (o->format == FORMAT_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "url", u->token,
		                      "token", c->token, "username", o->code, "pin",
		                      c->pin, "digest_url", u->digest);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("ODK credentials of observer %s, mission %s\n"
		       "  server URL: %s\n"
		       "  username:   %s\n"
		       "  PIN:        %s\n"
		       "  or, with the user name and PIN (HTTP Digest), the server URL\n"
		       "  %s\n",
		       o->code, m->code, u->token, o->code, c->pin, u->digest);
	}
	return EXIT_OK;
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
	struct urls u = {0};
	struct buf svg;
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
	buf_init(&svg, SVG_MAX);
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
	urls_make(&u, base, &m, &c);
	if (o.format == FORMAT_SVG && svg_page(&o, &m, &c, &u, &svg)) {
		sodium_memzero(&c, sizeof(c));
		goto out;
	}
	if (store_credential_set(st, m.id, o.code, c.token_hash, c.pin_hash, c.digest_ha1,
	                         &res, &e)) {
		sodium_memzero(&c, sizeof(c));
		errorf("%s", e.msg);
		goto out;
	}
	rc = print(&o, &m, &c, &u, &svg);
	sodium_memzero(&c, sizeof(c));
	if (res == UPSERT_UPDATED)
		notef("the previous credentials of observer %s no longer work", o.code);
out:
	urls_release(&u);
	sodium_memzero(svg.ptr, svg.len);
	buf_release(&svg);
	free(base);
	store_close(st);
	arena_release(&a);
	return rc;
}
