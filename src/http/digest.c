/* digest.c - the Authorization header of the Digest scheme read into its
 * parameters, the MD5 responses (RFC 7616 section 3.4.1, qop=auth) and the
 * WWW-Authenticate challenge. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/digest.h"

static bool is_token_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~/:", c));
}

/* A quoted string at *p (past the opening quote), unescaped into a. */
static const char *quoted(const char **p, struct arena *a)
{
	const char *s = *p;
	size_t n = 0;
	char *out = arena_alloc(a, strlen(s) + 1);

	for (;;) {
		if (!*s)
			return NULL;
		if (*s == '"')
			break;
		if (*s == '\\') {
			s++;
			if (!*s)
				return NULL;
		}
		out[n++] = *s++;
	}
	out[n] = '\0';
	*p = s + 1;
	return out;
}

static void assign(struct digest_auth *d, const char *name, size_t len, const char *v)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
#define F(x) {#x, offsetof(struct digest_auth, x)}
	    F(username), F(realm),  F(nonce),    F(uri),    F(qop),
	    F(nc),       F(cnonce), F(response), F(opaque), F(algorithm),
#undef F
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].name) == len &&
		    !strncasecmp(fields[i].name, name, len))
			*(const char **)((char *)d + fields[i].off) = v;
}

bool digest_parse(const char *header, struct arena *a, struct digest_auth *out)
{
	const char *p = header;

	memset(out, 0, sizeof(*out));
	if (!p || strncasecmp(p, "Digest", 6) || (p[6] != ' ' && p[6] != '\t'))
		return false;
	p += 6;
	for (;;) {
		const char *name, *v;
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		name = p;
		while (is_token_char(*p) && *p != '/' && *p != ':')
			p++;
		len = (size_t)(p - name);
		while (*p == ' ' || *p == '\t')
			p++;
		if (!len || *p++ != '=')
			return false;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			p++;
			v = quoted(&p, a);
			if (!v)
				return false;
		} else {
			const char *s = p;
			while (is_token_char(*p))
				p++;
			if (p == s)
				return false;
			v = arena_strndup(a, s, (size_t)(p - s));
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != ',')
			return false;
		assign(out, name, len, v);
	}
	return out->username && out->realm && out->nonce && out->uri && out->qop &&
	       out->nc && out->cnonce && out->response;
}

bool digest_nc(const char *nc, uint32_t *out)
{
	uint32_t v = 0;

	if (strlen(nc) != 8)
		return false;
	for (int i = 0; i < 8; i++) {
		char c = nc[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0)
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return true;
}

/* MD5 of the strings of parts joined with ':', as hex. */
static void md5_joined(const char *const *parts, size_t n, char out[MD5_HEX])
{
	unsigned char d[MD5_BYTES];
	struct md5 m;

	md5_init(&m);
	for (size_t i = 0; i < n; i++) {
		if (i)
			md5_update(&m, ":", 1);
		md5_update(&m, parts[i], strlen(parts[i]));
	}
	md5_final(&m, d);
	for (int i = 0; i < MD5_BYTES; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void digest_expected(const char *ha1, const struct digest_auth *d, const char *method,
                     char out[MD5_HEX])
{
	char ha2[MD5_HEX];
	const char *a2[] = {method, d->uri};
	const char *parts[6] = {ha1, d->nonce, d->nc, d->cnonce, "auth", ha2};

	md5_joined(a2, 2, ha2);
	md5_joined(parts, 6, out);
}

const char *digest_challenge(const char *realm, const char *nonce, bool stale,
                             struct arena *a)
{
	char opaque[MD5_HEX];
	size_t n;
	char *out;

	/* The opaque value is returned by clients unchanged; nothing rests on
	 * it, so it is the realm's digest. */
	md5_hex(realm, strlen(realm), opaque);
	n = strlen(realm) + strlen(nonce) + 128;
	out = arena_alloc(a, n);
	snprintf(out, n,
	         "Digest realm=\"%s\", qop=\"auth\", nonce=\"%s\", opaque=\"%s\", "
	         "algorithm=MD5%s",
	         realm, nonce, opaque, stale ? ", stale=true" : "");
	return out;
}
