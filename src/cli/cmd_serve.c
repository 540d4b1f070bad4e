/* cmd_serve.c - "observa serve": the JSON API over HTTP until SIGINT or
 * SIGTERM (src/http/server.c does the serving and the signals). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cli_accounts.h"
#include "core/text.h"
#include "http/login_throttle.h"
#include "http/public_url.h"
#include "http/server.h"

static const char help[] =
    "usage: observa serve [--db URL] [--bind ADDR] [--port N] [--threads N]\n"
    "                     [--public-url URL] [--no-sms-send]\n"
    "                     [--tls-cert FILE --tls-key FILE] [--timeout SECONDS]\n"
    "                     [--max-connections N] [--max-connections-per-client N]\n"
    "                     [--rate-limit N] [--rate-burst N] [--rate-limit-loopback]\n"
    "                     [--trusted-proxy ADDR]... [--lock-seconds N]\n\n"
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
    "                 (docs/sms-gateways.md)\n"
    "  --tls-cert FILE, --tls-key FILE  serve HTTPS with this certificate\n"
    "                 (PEM, chain after it) and its unencrypted PEM key\n"
    "  --timeout SECONDS  how long a connection may idle, and a request's\n"
    "                 line and headers may take to arrive (default 60)\n"
    "  --max-connections N  open connections at most (default 1000)\n"
    "  --max-connections-per-client N  open connections from one address\n"
    "                 at most (default 256)\n"
    "  --rate-limit N  requests a second per client: per credential, else\n"
    "                 per address (default 100; 0: no limit); more get 429\n"
    "  --rate-burst N  requests a client may make at once (default 500)\n"
    "  --rate-limit-loopback  count clients on 127.0.0.1 and ::1 too (not\n"
    "                 counted by default: local tools, benchmarks, a proxy)\n"
    "  --trusted-proxy ADDR  a reverse proxy whose X-Forwarded-For tells the\n"
    "                 client's address (its right-most entry that is not a\n"
    "                 trusted proxy): an address or ADDR/BITS, several with\n"
    "                 commas or the option again (default: none, every\n"
    "                 client is the address it connects from)\n"
    "  --lock-seconds N  how long sign-ins (or an ODK observer code's PINs)\n"
    "                 are refused after too many failures: N seconds the\n"
    "                 first time, twice as long after each further failure,\n"
    "                 up to 15 minutes (default 30; 1 to 900)\n\n"
    "Once it listens, it prints \"observa: serving URL on http://HOST:PORT/\" on\n"
    "stderr (https:// with TLS).  The database must exist: create it with\n"
    "'observa init'.  docs/security.md tells how to deploy it.\n\n"
    "Every route but /healthz, the ODK and the SMS gateway routes needs a\n"
    "signed-in user (POST /api/v1/session) or an API token ('observa token\n"
    "create'); docs/security.md.  On a database without users, serve first\n"
    "makes user \"admin\" and prints its password, once, on stderr.\n";

enum {
	OPT_BIND = 1,
	OPT_PORT,
	OPT_THREADS,
	OPT_PUBLIC_URL,
	OPT_NO_SMS_SEND,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_TIMEOUT,
	OPT_MAX_CONNS,
	OPT_MAX_CONNS_CLIENT,
	OPT_RATE_LIMIT,
	OPT_RATE_BURST,
	OPT_RATE_LOOPBACK,
	OPT_TRUSTED_PROXY,
	OPT_LOCK_SECONDS
};

static const struct option opts[] = {
    {"bind", required_argument, NULL, OPT_BIND},
    {"port", required_argument, NULL, OPT_PORT},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"public-url", required_argument, NULL, OPT_PUBLIC_URL},
    {"no-sms-send", no_argument, NULL, OPT_NO_SMS_SEND},
    {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
    {"tls-key", required_argument, NULL, OPT_TLS_KEY},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"max-connections", required_argument, NULL, OPT_MAX_CONNS},
    {"max-connections-per-client", required_argument, NULL, OPT_MAX_CONNS_CLIENT},
    {"rate-limit", required_argument, NULL, OPT_RATE_LIMIT},
    {"rate-burst", required_argument, NULL, OPT_RATE_BURST},
    {"rate-limit-loopback", no_argument, NULL, OPT_RATE_LOOPBACK},
    {"trusted-proxy", required_argument, NULL, OPT_TRUSTED_PROXY},
    {"lock-seconds", required_argument, NULL, OPT_LOCK_SECONDS},
    CLI_COMMON_OPTIONS,
    {0},
};

/* A number from lo to hi for option name into *out; a usage error
 * otherwise. */
static int count_arg(const char *name, const char *arg, int64_t lo, int64_t hi, int *out)
{
	int64_t n;

	if (!text_int64(arg, lo, hi, &n))
		return usage_error("serve", "--%s wants a number from %lld to %lld", name,
		                   (long long)lo, (long long)hi);
	*out = (int)n;
	return EXIT_OK;
}

/* The TLS and limit options (see help); a usage error for any other. */
static int limit_option(struct server_config *cfg, int opt, const char *arg)
{
	int n = 0, rc;

	switch (opt) {
	case OPT_TLS_CERT:
		cfg->tls_cert = arg;
		return EXIT_OK;
	case OPT_TLS_KEY:
		cfg->tls_key = arg;
		return EXIT_OK;
	case OPT_TIMEOUT:
		return count_arg("timeout", arg, 1, 86400, &cfg->timeout);
	case OPT_MAX_CONNS:
		return count_arg("max-connections", arg, 1, 1000000, &cfg->max_conns);
	case OPT_MAX_CONNS_CLIENT:
		return count_arg("max-connections-per-client", arg, 1, 1000000,
		                 &cfg->max_conns_per_client);
	case OPT_RATE_LIMIT:
		rc = count_arg("rate-limit", arg, 0, 1000000, &n);
		cfg->rate_limit = n ? n : -1;
		return rc;
	case OPT_RATE_BURST:
		rc = count_arg("rate-burst", arg, 1, 1000000, &n);
		cfg->rate_burst = n;
		return rc;
	case OPT_RATE_LOOPBACK:
		cfg->rate_limit_loopback = true;
		return EXIT_OK;
	case OPT_LOCK_SECONDS:
		return count_arg("lock-seconds", arg, 1, LOGIN_LOCK_MAX,
		                 &cfg->lock_seconds);
	case OPT_TRUSTED_PROXY: {
		struct err e;
		err_clear(&e);
		if (trusted_proxy_add(&cfg->trusted, arg, &e))
			return usage_error("serve", "--trusted-proxy: %s", e.msg);
		return EXIT_OK;
	}
	default:
		return usage_error("serve", "unknown option");
	}
}

/* Fail early and plainly when the database cannot be used, rather than
 * serve an empty one that store_open() would create; make the first admin
 * of a database without users. */
static int check_db(void)
{
	const char *path = cli_sqlite_path(cli_db_url);
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
			rc = limit_option(&cfg, opt, optarg);
			if (rc)
				return rc;
		}
	}
	if (!cfg.tls_cert != !cfg.tls_key)
		return usage_error("serve", "--tls-cert and --tls-key go together");
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
