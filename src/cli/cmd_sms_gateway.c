/* cmd_sms_gateway.c - "observa sms gateway": show or change how a
 * mission's outbound SMS are sent (a generic HTTP gateway or Twilio) and
 * the secrets its webhooks are checked with.  Secrets are read from a
 * file or an environment variable, never from the command line, where
 * other users of the machine could see them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "model/sms_secret.h"

static const char help[] =
    "usage: observa sms gateway --mission M [--kind generic|twilio|none]\n"
    "           [--url URL] [--user U] [--secret-file FILE | --secret-env VAR]\n"
    "           [--sender S] [--twilio-token-file FILE]\n"
    "           [--webhook-secret-env VAR] [--duplicate-hours H]\n"
    "           [--format text|json]\n\n"
    "Without options that change them, prints the mission's SMS settings\n"
    "(secrets only as set or not).  Otherwise changes those given, keeps\n"
    "the others, and prints the result.  docs/sms-gateways.md explains them.\n\n"
    "  --kind K        generic (an HTTP POST of to, text, id, from), twilio,\n"
    "                  or none: outbound messages wait in the queue\n"
    "  --url URL       generic: where to POST; twilio: the API's base URL\n"
    "                  (default https://api.twilio.com)\n"
    "  --user U        twilio: the account SID; generic: a user for Basic\n"
    "                  authentication (else the secret is a Bearer token)\n"
    "  --secret-file FILE, --secret-env VAR\n"
    "                  the gateway's secret (Twilio's auth token, a bearer\n"
    "                  token) from the file's first line or the variable\n"
    "  --sender S      the From number or sender name (Twilio needs one)\n"
    "  --twilio-token-file FILE\n"
    "                  the auth token Twilio's webhooks are signed with\n"
    "                  (default: the twilio gateway's secret)\n"
    "  --webhook-secret-env VAR\n"
    "                  the secret generic webhooks send; only its hash is kept\n"
    "  --duplicate-hours H\n"
    "                  the same text from one number within H hours is a\n"
    "                  repeat (default 12)\n";

#define CMD        "sms gateway"
#define SECRET_MAX 4096

struct options {
	const char *mission, *kind, *url, *user, *sender;
	const char *secret_file, *secret_env, *token_file, *webhook_env;
	int64_t duplicate_hours;
	bool changes, json;
};

/* The secret in path's first line (trailing white space dropped), in a;
 * NULL with the error printed. */
static const char *secret_from_file(const char *path, struct arena *a)
{
	char line[SECRET_MAX + 2];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f) {
		errorf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	n = strlen(line);
	if (n > SECRET_MAX) {
		errorf("%s: the secret is longer than %d bytes", path, SECRET_MAX);
		return NULL;
	}
	while (n && strchr(" \t\r\n", line[n - 1]))
		line[--n] = '\0';
	if (!n) {
		errorf("%s: no secret on its first line", path);
		return NULL;
	}
	return arena_strdup(a, line);
}

static const char *secret_from_env(const char *var, struct arena *a)
{
	const char *v = getenv(var);

	if (!v || !*v) {
		errorf("the environment variable %s is not set or empty", var);
		return NULL;
	}
	if (strlen(v) > SECRET_MAX) {
		errorf("%s: the secret is longer than %d bytes", var, SECRET_MAX);
		return NULL;
	}
	return arena_strdup(a, v);
}

static bool http_url(const char *u)
{
	if (strncmp(u, "http://", 7) && strncmp(u, "https://", 8))
		return false;
	for (const char *c = u; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			return false;
	return strlen(u) > 8;
}

/* -1: help printed; otherwise an exit status. */
static int parse(int argc, char **argv, struct options *o)
{
	enum {
		OPT_MISSION = 1,
		OPT_KIND,
		OPT_URL,
		OPT_USER,
		OPT_SECRET_FILE,
		OPT_SECRET_ENV,
		OPT_SENDER,
		OPT_TOKEN_FILE,
		OPT_WEBHOOK_ENV,
		OPT_DUP,
		OPT_FORMAT
	};
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"kind", required_argument, NULL, OPT_KIND},
	    {"url", required_argument, NULL, OPT_URL},
	    {"user", required_argument, NULL, OPT_USER},
	    {"secret-file", required_argument, NULL, OPT_SECRET_FILE},
	    {"secret-env", required_argument, NULL, OPT_SECRET_ENV},
	    {"sender", required_argument, NULL, OPT_SENDER},
	    {"twilio-token-file", required_argument, NULL, OPT_TOKEN_FILE},
	    {"webhook-secret-env", required_argument, NULL, OPT_WEBHOOK_ENV},
	    {"duplicate-hours", required_argument, NULL, OPT_DUP},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		o->changes |= opt != OPT_MISSION && opt != OPT_FORMAT;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return -1;
		case OPT_MISSION:
			o->mission = optarg;
			break;
		case OPT_KIND:
			if (strcmp(optarg, "generic") && strcmp(optarg, "twilio") &&
			    strcmp(optarg, "none"))
				return usage_error(CMD,
				                   "--kind is generic, twilio or none");
			o->kind = optarg;
			break;
		case OPT_URL:
			if (!http_url(optarg))
				return usage_error(
				    CMD, "--url wants an http:// or https:// URL");
			o->url = optarg;
			break;
		case OPT_USER:
			o->user = optarg;
			break;
		case OPT_SECRET_FILE:
			o->secret_file = optarg;
			break;
		case OPT_SECRET_ENV:
			o->secret_env = optarg;
			break;
		case OPT_SENDER:
			o->sender = optarg;
			break;
		case OPT_TOKEN_FILE:
			o->token_file = optarg;
			break;
		case OPT_WEBHOOK_ENV:
			o->webhook_env = optarg;
			break;
		case OPT_DUP:
			if (!text_int64(optarg, 1, 24 * 30, &o->duplicate_hours))
				return usage_error(
				    CMD, "--duplicate-hours wants hours from 1 to 720");
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error(CMD, "--format is text or json");
			o->json = !strcmp(optarg, "json");
			break;
		default:
			return usage_error(CMD, "unknown option");
		}
	}
	if (optind < argc)
		return usage_error(CMD, "unexpected argument \"%s\"", argv[optind]);
	if (o->secret_file && o->secret_env)
		return usage_error(CMD, "give --secret-file or --secret-env, not both");
	return EXIT_OK;
}

/* Apply o to c, reading the secrets; false with the error printed. */
static bool apply(const struct options *o, struct sms_config *c, struct arena *a)
{
	char hash[SMS_SECRET_HASH_LEN + 1];
	/* A token taken from the twilio gateway's secret follows it. */
	bool token_follows = c->twilio_token && c->outbound_secret &&
	                     !strcmp(c->twilio_token, c->outbound_secret);
	const char *s;

	if (o->kind && !strcmp(o->kind, "none")) {
		c->outbound_kind = c->outbound_url = c->outbound_user = NULL;
		c->outbound_secret = NULL;
	} else if (o->kind) {
		c->outbound_kind = o->kind;
	}
	if (o->url)
		c->outbound_url = o->url;
	if (o->user)
		c->outbound_user = *o->user ? o->user : NULL;
	if (o->sender)
		c->sender = *o->sender ? o->sender : NULL;
	if (o->secret_file || o->secret_env) {
		s = o->secret_file ? secret_from_file(o->secret_file, a)
		                   : secret_from_env(o->secret_env, a);
		if (!s)
			return false;
		c->outbound_secret = s;
		if (token_follows)
			c->twilio_token = NULL;
	}
	if (o->token_file) {
		s = secret_from_file(o->token_file, a);
		if (!s)
			return false;
		c->twilio_token = s;
	}
	if (o->webhook_env) {
		s = secret_from_env(o->webhook_env, a);
		if (!s)
			return false;
		sms_secret_hash(s, hash);
		c->secret_hash = arena_strdup(a, hash);
	}
	if (o->duplicate_hours)
		c->duplicate_hours = o->duplicate_hours;
	return true;
}

/* What the kind needs; false with the error printed. */
static bool complete(struct sms_config *c)
{
	if (!c->outbound_kind)
		return true;
	if (!strcmp(c->outbound_kind, "generic") && !c->outbound_url) {
		errorf("a generic gateway needs --url");
		return false;
	}
	if (!strcmp(c->outbound_kind, "twilio")) {
		if (!c->outbound_user || !c->outbound_secret || !c->sender) {
			errorf(
			    "a twilio gateway needs --user (the account SID), the auth "
			    "token (--secret-file or --secret-env) and --sender");
			return false;
		}
		/* The auth token signs Twilio's webhooks too. */
		if (!c->twilio_token)
			c->twilio_token = c->outbound_secret;
	}
	return true;
}

static void show(const char *mission, const struct sms_config *c, bool json)
{
	int64_t hours = c->duplicate_hours > 0 ? c->duplicate_hours : SMS_DUPLICATE_HOURS;
	json_t *j;

	if (json) {
		j = json_pack(
		    "{s:s, s:s?, s:s?, s:s?, s:b, s:s?, s:b, s:b, s:I, s:s?}", "mission",
		    mission, "outbound_kind", c->outbound_kind, "outbound_url",
		    c->outbound_url, "outbound_user", c->outbound_user, "outbound_secret",
		    c->outbound_secret != NULL, "sender", c->sender, "webhook_secret",
		    c->secret_hash != NULL, "twilio_token", c->twilio_token != NULL,
		    "duplicate_hours", (json_int_t)hours, "updated_at", c->updated_at);
		cli_print_json(j);
		json_decref(j);
		return;
	}
	printf("mission           %s\n", mission);
	printf("outbound gateway  %s\n", c->outbound_kind ? c->outbound_kind : "none");
	if (c->outbound_kind) {
		printf("url               %s\n",
		       c->outbound_url ? c->outbound_url : "(Twilio's own)");
		printf("user              %s\n",
		       c->outbound_user ? c->outbound_user : "-");
		printf("secret            %s\n", c->outbound_secret ? "set" : "not set");
		printf("sender            %s\n", c->sender ? c->sender : "-");
	}
	printf("webhook secret    %s\n", c->secret_hash ? "set" : "not set");
	printf("twilio token      %s\n", c->twilio_token ? "set" : "not set");
	printf("duplicate window  %lld hours\n", (long long)hours);
	if (c->updated_at)
		printf("updated           %s\n", c->updated_at);
}

int cmd_sms_gateway(int argc, char **argv)
{
	struct options o = {0};
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct sms_config c = {0};
	struct mission m;
	struct err e;
	int rc;

	err_clear(&e);
	rc = parse(argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	rc = cli_load_mission(st, o.mission, &a, &m);
	if (rc)
		goto out;
	rc = EXIT_FAIL;
	if (store_sms_config_get(st, m.id, &a, &c, &e) && e.code != ST_NOT_FOUND) {
		errorf("%s", e.msg);
		goto out;
	}
	if (o.changes) {
		if (!apply(&o, &c, &a) || !complete(&c))
			goto out;
		err_clear(&e);
		if (store_sms_config_put(st, m.id, &c, &e) ||
		    store_sms_config_get(st, m.id, &a, &c, &e)) {
			errorf("%s", e.msg);
			goto out;
		}
	}
	show(m.code, &c, o.json);
	rc = EXIT_OK;
out:
	store_close(st);
	arena_release(&a);
	return rc;
}
