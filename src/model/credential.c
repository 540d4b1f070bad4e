/* credential.c - making observers' tokens and PINs and hashing them, all
 * with libsodium (random bytes, BLAKE2b, argon2id). */
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
