/* url.c - percent-decoding of paths and queries (RFC 3986 section 2.1,
 * with the form convention that '+' in a query is a space). */
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "http/url.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum status url_decode(const char *s, size_t n, bool plus_space, struct arena *a,
                       char **out, struct err *e)
{
	char *d = arena_alloc(a, n + 1);
	size_t len = 0;

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return err_set(e, ST_INVALID,
				               "bad percent-encoding at \"%.*s\"",
				               (int)(n - i < 3 ? n - i : 3), s + i);
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c == '\0')
			return err_set(e, ST_INVALID, "%%00 (a NUL byte) is not allowed");
		d[len++] = c;
	}
	d[len] = '\0';
	if (!utf8_valid(d, len))
		return err_set(e, ST_INVALID, "not valid UTF-8 once decoded");
	*out = d;
	return ST_OK;
}

enum status url_split_path(const char *path, size_t n, size_t max, struct arena *a,
                           const char ***segs, size_t *nsegs, struct err *e)
{
	const char **out;
	size_t count = 0, i = 1;

	*segs = NULL;
	*nsegs = 0;
	if (n == 0 || path[0] != '/')
		return err_set(e, ST_INVALID, "the path must start with '/'");
	for (size_t k = 0; k < n; k++)
		count += path[k] == '/';
	if (count > max)
		return err_set(e, ST_NOT_FOUND, "the path has more than %zu segments",
		               max);
	out = arena_alloc(a, count * sizeof(*out));
	for (size_t s = 0; s < count; s++) {
		const char *slash = memchr(path + i, '/', n - i);
		size_t end = slash ? (size_t)(slash - path) : n;
		char *d;
		enum status rc = url_decode(path + i, end - i, false, a, &d, e);
		if (rc) {
			err_prefix(e, "path: ");
			return rc;
		}
		out[s] = d;
		i = end + 1;
	}
	*segs = out;
	*nsegs = count;
	return ST_OK;
}

enum status url_parse_query(const char *q, size_t n, struct arena *a,
                            struct http_kv **pairs, size_t *npairs, struct err *e)
{
	struct http_kv *out;
	size_t count = 1, used = 0, i = 0;

	*pairs = NULL;
	*npairs = 0;
	for (size_t k = 0; k < n; k++)
		count += q[k] == '&';
	out = arena_alloc(a, count * sizeof(*out));
	while (i < n) {
		const char *amp = memchr(q + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - q) : n;
		const char *eq = memchr(q + i, '=', end - i);
		size_t kend = eq ? (size_t)(eq - q) : end;
		char *key, *value;
		enum status rc;

		if (end == i) {
			i = end + 1;
			continue;
		}
		rc = url_decode(q + i, kend - i, true, a, &key, e);
		if (rc) {
			err_prefix(e, "query: parameter name: ");
			return rc;
		}
		if (eq)
			rc = url_decode(eq + 1, end - kend - 1, true, a, &value, e);
		else
			value = arena_strdup(a, "");
		if (rc) {
			err_prefix(e, "%s: ", key);
			return rc;
		}
		out[used].key = key;
		out[used].value = value;
		used++;
		i = end + 1;
	}
	*pairs = out;
	*npairs = used;
	return ST_OK;
}

/* The origin-form part of an absolute-form target ("http://host/p?q" is
 * "/p?q", RFC 9112 section 3.2.2; "http://host?q" is "/?q"), or target
 * itself. */
static const char *origin_form(const char *target, struct arena *a)
{
	const char *rest = NULL, *end;
	char *s;

	if (!strncasecmp(target, "http://", 7))
		rest = target + 7;
	else if (!strncasecmp(target, "https://", 8))
		rest = target + 8;
	if (!rest)
		return target;
	end = rest + strcspn(rest, "/?");
	if (*end == '/')
		return end;
	s = arena_alloc(a, strlen(end) + 2);
	s[0] = '/';
	memcpy(s + 1, end, strlen(end) + 1);
	return s;
}

enum status url_parse_target(struct http_req *req, const char *target, struct err *e)
{
	const char *qmark;
	size_t plen;
	enum status rc;

	req->target = arena_strdup(&req->arena, target);
	target = origin_form(target, &req->arena);
	qmark = strchr(target, '?');
	plen = qmark ? (size_t)(qmark - target) : strlen(target);
	req->path = arena_strndup(&req->arena, target, plen);
	rc = url_split_path(target, plen, HTTP_MAX_SEGMENTS, &req->arena, &req->segs,
	                    &req->nsegs, e);
	if (rc)
		return rc;
	if (!qmark)
		return ST_OK;
	return url_parse_query(qmark + 1, strlen(qmark + 1), &req->arena, &req->query,
	                       &req->nquery, e);
}
