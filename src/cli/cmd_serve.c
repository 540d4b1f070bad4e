/* cmd_serve.c - "observa serve": the JSON API over HTTP until SIGINT or
 * SIGTERM (src/http/server.c does the serving and the signals). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cli_accounts.h"
#include "core/text.h"
#include "http/public_url.h"
#include "http/server.h"

static const char help[] =
    "usage: observa serve [--db URL] [--bind ADDR] [--port N] [--threads N]\n"
    "                     [--public-url URL] [--no-sms-send]\n\n"
    "Serve the JSON API (docs/api.md) over HTTP until interrupted (Ctrl-C or\n"
    "SIGTERM), then finish the requests in progress and exit 0.  Reports and\n"
    "other changes are answered once they are durably committed; one writer\n"
    "commits them together (docs/performance.md).\n\n"
    "  --bind ADDR    address or host name to listen on (default 127.0.0.1;\n"
    "                 0.0.0.0 or :: for every interface)\n"
    "  --port N       TCP port (default 8080; 0 picks a free one)\n"
    "  --threads N    worker threads, each with its own database connection\n"
    "                 for reading (default 4, at most 256)\n"
    "  --public-url URL  the base URL clients reach the server at, such as\n"
    "                 https://observa.example.org behind a proxy: Twilio's\n"
    "                 signatures cover it and its status callbacks go to it\n"
    "                 (default: each request's Host header)\n"
    "  --no-sms-send  queue outbound SMS but do not send them\n"
    "                 (docs/sms-gateways.md)\n\n"
    "Once it listens, it prints \"observa: serving URL on http://HOST:PORT/\" on\n"
    "stderr.  The database must exist: create it with 'observa init'.\n\n"
    "Every route but /healthz, the ODK and the SMS gateway routes needs a\n"
    "signed-in user (POST /api/v1/session) or an API token ('observa token\n"
    "create'); docs/security.md.  On a database without users, serve first\n"
    "makes user \"admin\" and prints its password, once, on stderr.\n";

enum { OPT_BIND = 1, OPT_PORT, OPT_THREADS, OPT_PUBLIC_URL, OPT_NO_SMS_SEND };

static const struct option opts[] = {
    {"bind", required_argument, NULL, OPT_BIND},
    {"port", required_argument, NULL, OPT_PORT},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"public-url", required_argument, NULL, OPT_PUBLIC_URL},
    {"no-sms-send", no_argument, NULL, OPT_NO_SMS_SEND},
    CLI_COMMON_OPTIONS,
    {0},
};

/* The file of a SQLite URL ("sqlite:PATH" or a bare path), else NULL. */
static const char *sqlite_path(const char *url)
{
	if (!strncmp(url, "sqlite:", 7))
		return url + 7;
	return strstr(url, "://") ? NULL : url;
}

/* Fail early and plainly when the database cannot be used, rather than
 * serve an empty one that store_open() would create; make the first admin
 * of a database without users. */
static int check_db(void)
{
	const char *path = sqlite_path(cli_db_url);
	struct store *st;
	struct stat sb;
	int rc;

	if (path && *path && stat(path, &sb)) {
		errorf("no database at %s (create it with 'observa init --db %s')", path,
		       cli_db_url);
		return EXIT_FAIL;
	}
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	rc = cli_first_admin(st);
	store_close(st);
	return rc;
}

int cmd_serve(int argc, char **argv)
{
	struct server_config cfg = {.bind = SERVER_DEFAULT_BIND, .port = 8080};
	struct err e;
	int64_t n;
	int opt, rc;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_BIND:
			cfg.bind = optarg;
			break;
		case OPT_PORT:
			if (!text_int64(optarg, 0, 65535, &n))
				return usage_error(
				    "serve", "--port wants a number from 0 to 65535");
			cfg.port = (int)n;
			break;
		case OPT_THREADS:
			if (!text_int64(optarg, 1, SERVER_MAX_THREADS, &n))
				return usage_error(
				    "serve", "--threads wants a number from 1 to %d",
				    SERVER_MAX_THREADS);
			cfg.threads = (int)n;
			break;
		case OPT_PUBLIC_URL:
			if (!public_url_valid(optarg))
				return usage_error(
				    "serve",
				    "--public-url wants an http:// or https:// URL "
				    "without query, not \"%s\"",
				    optarg);
			cfg.public_url = optarg;
			break;
		case OPT_NO_SMS_SEND:
			cfg.no_sms_send = true;
			break;
		default:
			return usage_error("serve", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("serve", "unexpected argument \"%s\"", argv[optind]);
	cfg.db_url = cli_db_url;
	rc = check_db();
	if (rc)
		return rc;
	if (server_run(&cfg, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
