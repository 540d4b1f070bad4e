/* twilio_sig.c - Twilio's webhook signature: the signed text (URL, then
 * the parameters by name), HMAC-SHA1 from GnuTLS, base64 from libsodium,
 * and a comparison in constant time. */
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "http/twilio_sig.h"

#define SHA1_BYTES 20
#define SIG_MAX    4096 /* a signature longer than this is no signature */

static int by_name_then_value(const void *a, const void *b)
{
	const struct http_kv *x = *(const struct http_kv *const *)a;
	const struct http_kv *y = *(const struct http_kv *const *)b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

/* url, then every parameter's name and value, names in byte order. */
static enum status signed_text(const char *url, const struct http_kv *params, size_t n,
                               struct buf *text)
{
	const struct http_kv **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	enum status rc;

	for (size_t i = 0; i < n; i++)
		sorted[i] = &params[i];
	qsort(sorted, n, sizeof(*sorted), by_name_then_value);
	rc = buf_appends(text, url);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = buf_appends(text, sorted[i]->key);
		if (!rc && sorted[i]->value)
			rc = buf_appends(text, sorted[i]->value);
	}
	free(sorted);
	return rc;
}

enum status twilio_signature(const char *auth_token, const char *url,
                             const struct http_kv *params, size_t n, struct buf *out)
{
	unsigned char mac[SHA1_BYTES];
	char b64[sodium_base64_ENCODED_LEN(SHA1_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	struct buf text;
	enum status rc;

	buf_init(&text, BUF_NO_CAP);
	rc = signed_text(url, params, n, &text);
	if (!rc && gnutls_hmac_fast(GNUTLS_MAC_SHA1, auth_token, strlen(auth_token),
	                            text.ptr, text.len, mac) < 0)
		rc = ST_INTERNAL;
	if (!rc) {
		sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac),
		                  sodium_base64_VARIANT_ORIGINAL);
		rc = buf_appends(out, b64);
	}
	buf_release(&text);
	return rc;
}

bool twilio_signature_ok(const char *auth_token, const char *url,
                         const struct http_kv *params, size_t n, const char *signature)
{
	struct buf want;
	bool ok;

	if (!auth_token || !*auth_token || !url || !*url || !signature || !*signature)
		return false;
	buf_init(&want, SIG_MAX);
	ok = !twilio_signature(auth_token, url, params, n, &want) &&
	     want.len == strlen(signature) &&
	     sodium_memcmp(want.ptr, signature, want.len) == 0;
	buf_release(&want);
	return ok;
}
