/* sms_secret.c - hashing a webhook secret with BLAKE2b-256 (libsodium's
 * crypto_generichash) and checking one against a stored hash. */
#include <sodium.h>
#include <string.h>

#include "model/sms_secret.h"

void sms_secret_hash(const char *secret, char out[SMS_SECRET_HASH_LEN + 1])
{
	unsigned char h[SMS_SECRET_HASH_LEN / 2];

	crypto_generichash(h, sizeof(h), (const unsigned char *)secret, strlen(secret),
	                   NULL, 0);
	sodium_bin2hex(out, SMS_SECRET_HASH_LEN + 1, h, sizeof(h));
}

bool sms_secret_ok(const char *secret, const char *hash_hex)
{
	unsigned char want[SMS_SECRET_HASH_LEN / 2], got[SMS_SECRET_HASH_LEN / 2];
	size_t n = 0;
	const char *end = NULL;

	if (!secret || !hash_hex || strlen(hash_hex) != SMS_SECRET_HASH_LEN)
		return false;
	if (sodium_hex2bin(want, sizeof(want), hash_hex, SMS_SECRET_HASH_LEN, NULL, &n,
	                   &end) ||
	    n != sizeof(want) || *end)
		return false;
	crypto_generichash(got, sizeof(got), (const unsigned char *)secret,
	                   strlen(secret), NULL, 0);
	return sodium_memcmp(want, got, sizeof(want)) == 0;
}
