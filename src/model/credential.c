/* credential.c - making observers' tokens and PINs and hashing them, with
 * libsodium (random bytes, BLAKE2b, argon2id), and the PIN's Digest HA1
 * (MD5, as the protocol wants). */
#include <stdio.h>
#include <string.h>

#include "model/credential.h"

void credential_token_hash(const char *token, char out[CREDENTIAL_HASH_LEN + 1])
{
	unsigned char h[CREDENTIAL_HASH_LEN / 2];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token),
	                   NULL, 0);
	sodium_bin2hex(out, CREDENTIAL_HASH_LEN + 1, h, sizeof(h));
}

bool credential_token_shape(const char *token)
{
	size_t n = 0;

	for (const char *c = token; *c; c++, n++) {
		bool ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		          (*c >= '0' && *c <= '9') || *c == '-' || *c == '_';
		if (!ok || n >= CREDENTIAL_TOKEN_LEN)
			return false;
	}
	return n == CREDENTIAL_TOKEN_LEN;
}

enum status credential_new(struct credential *c, struct err *e)
{
	unsigned char raw[CREDENTIAL_TOKEN_BYTES];

	if (sodium_init() < 0)
		return err_set(e, ST_INTERNAL, "libsodium cannot be initialised");
	memset(c, 0, sizeof(*c));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(c->token, sizeof(c->token), raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	snprintf(c->pin, sizeof(c->pin), "%06u", (unsigned)randombytes_uniform(1000000));
	credential_token_hash(c->token, c->token_hash);
	if (crypto_pwhash_str_alg(
	        c->pin_hash, c->pin, strlen(c->pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)) {
		sodium_memzero(c, sizeof(*c));
		return err_set(e, ST_NOMEM, "not enough memory to hash the PIN");
	}
	return ST_OK;
}

void credential_realm(const char *mission_code, char out[CREDENTIAL_REALM_MAX])
{
	snprintf(out, CREDENTIAL_REALM_MAX, "observa %s", mission_code);
}

void credential_digest_ha1(const char *observer, const char *realm, const char *pin,
                           char out[MD5_HEX])
{
	const char *parts[] = {observer, realm, pin};
	unsigned char d[MD5_BYTES];
	struct md5 m;

	md5_init(&m);
	for (size_t i = 0; i < 3; i++) {
		if (i)
			md5_update(&m, ":", 1);
		md5_update(&m, parts[i], strlen(parts[i]));
	}
	md5_final(&m, d);
	sodium_bin2hex(out, MD5_HEX, d, sizeof(d));
	sodium_memzero(&m, sizeof(m));
}

void credential_set_digest(struct credential *c, const char *observer,
                           const char *mission_code)
{
	char realm[CREDENTIAL_REALM_MAX];

	credential_realm(mission_code, realm);
	credential_digest_ha1(observer, realm, c->pin, c->digest_ha1);
}
