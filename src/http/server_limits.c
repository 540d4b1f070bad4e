/* server_limits.c - the server's limits with their defaults filled in
 * and their ranges checked (server.h). */
#include "http/login_throttle.h"
#include "http/server.h"

#define LIMIT_MAX 1000000

static enum status in_range(const char *what, double v, double lo, double hi,
                            struct err *e)
{
	if (v < lo || v > hi)
		return err_set(e, ST_INVALID, "%s: must be from %g to %g, not %g", what,
		               lo, hi, v);
	return ST_OK;
}

enum status server_config_limits(const struct server_config *cfg,
                                 struct server_config *out, struct err *e)
{
	enum status rc;

	*out = *cfg;
	if (!out->timeout)
		out->timeout = SERVER_DEFAULT_TIMEOUT;
	if (!out->max_conns_per_client)
		out->max_conns_per_client = SERVER_DEFAULT_PER_CLIENT;
	if (!out->max_conns)
		out->max_conns = SERVER_DEFAULT_MAX_CONNS;
	if (out->rate_limit == 0)
		out->rate_limit = SERVER_DEFAULT_RATE;
	if (out->rate_burst == 0)
		out->rate_burst = out->rate_limit > SERVER_DEFAULT_BURST
		                      ? out->rate_limit
		                      : SERVER_DEFAULT_BURST;
	rc = in_range("timeout", out->timeout, 1, 86400, e);
	if (!rc)
		rc = in_range("connections per client", out->max_conns_per_client, 1,
		              LIMIT_MAX, e);
	if (!rc)
		rc = in_range("connections", out->max_conns, 1, LIMIT_MAX, e);
	if (!rc && out->rate_limit > 0)
		rc = in_range("rate limit", out->rate_limit, 0.001, LIMIT_MAX, e);
	if (!rc && out->rate_limit > 0)
		rc = in_range("rate burst", out->rate_burst, 1, LIMIT_MAX, e);
	if (!out->lock_seconds)
		out->lock_seconds = LOGIN_LOCK_BASE;
	if (!rc)
		rc = in_range("first lock", out->lock_seconds, 1, LOGIN_LOCK_MAX, e);
	if (!rc && !cfg->tls_cert != !cfg->tls_key)
		rc = err_set(e, ST_INVALID, "TLS wants both a certificate and its key");
	return rc;
}
