/* sms_secret.h - a mission's SMS webhook secret: the text a gateway sends
 * with each webhook, of which observa keeps only the hash (lower-case hex
 * BLAKE2b-256, struct sms_config's secret_hash). */
#ifndef OBSERVA_SMS_SECRET_H
#define OBSERVA_SMS_SECRET_H

#include <stdbool.h>

#define SMS_SECRET_HASH_LEN 64 /* hex digits of a hash */

/* The hash of secret, as stored, into out. */
void sms_secret_hash(const char *secret, char out[SMS_SECRET_HASH_LEN + 1]);

/* True when secret hashes to hash_hex (any case), compared in constant
 * time.  False when either is NULL or hash_hex is not 64 hex digits. */
bool sms_secret_ok(const char *secret, const char *hash_hex);

#endif
