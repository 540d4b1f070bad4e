/* fuzz_cookie.c - libFuzzer target for the Cookie header reader, the
 * session cookie read for signing in, and the Digest Authorization
 * header: arbitrary bytes read for a few cookie names, with checks of
 * what cookie.h promises (a value found lies inside the header, holds
 * cookie-octets only, and its name appears in the header; an error
 * leaves no value), that auth_cookie_value() (auth.h) gives a session
 * exactly when cookie_get() finds a non-empty one that fits, and what
 * digest.h promises (a header read has every required field). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "http/auth.h"
#include "http/cookie.h"
#include "http/digest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static int octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"observa_session", "a", "x-y", "s"};
	char *h = xstrndup((const char *)data, size);
	size_t hlen = strlen(h);
	struct arena a = ARENA_INIT;
	struct digest_auth d;

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		const char *v = (const char *)1;
		size_t n = 99;
		struct err e;
		enum status rc = cookie_get(h, names[k], &v, &n, &e);
		if (rc) {
			check(rc == ST_NOT_FOUND || rc == ST_INVALID ||
			      rc == ST_CONFLICT);
			check(v == NULL && n == 0 && e.msg[0]);
			continue;
		}
		check(v >= h && v + n <= h + hlen);
		for (size_t i = 0; i < n; i++)
			check(octet((unsigned char)v[i]));
		check(strstr(h, names[k]) != NULL);
		check(hlen <= COOKIE_HEADER_MAX);
	}
	{
		char id[48];
		const char *v;
		size_t n;
		bool got = auth_cookie_value(h, AUTH_COOKIE, id, sizeof(id));
		bool want =
		    !cookie_get(h, AUTH_COOKIE, &v, &n, NULL) && n && n < sizeof(id);

		check(got == want);
		if (got)
			check(strlen(id) == n && !memcmp(id, v, n));
	}
	if (digest_parse(h, &a, &d))
		check(d.username && d.realm && d.nonce && d.uri && d.qop && d.nc &&
		      d.cnonce && d.response);
	{
		uint32_t nc;
		if (digest_nc(h, &nc))
			check(hlen == 8);
	}
	arena_release(&a);
	free(h);
	return 0;
}
