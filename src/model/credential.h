/* credential.h - an observer's credentials for ODK clients: a random token
 * that goes in the server URL (/openrosa/<token>), as ODK Central's app
 * users have, and a six-digit PIN, the password of HTTP Digest under
 * /openrosa/m/<mission>.  Only hashes are stored (the PIN's twice: argon2id,
 * and the HA1 Digest needs); the secrets are shown once, when made. */
#ifndef OBSERVA_CREDENTIAL_H
#define OBSERVA_CREDENTIAL_H

#include <stdbool.h>
#include <sodium.h>

#include "core/err.h"
#include "core/md5.h"

#define CREDENTIAL_TOKEN_BYTES 32 /* random bytes of a token */
#define CREDENTIAL_TOKEN_LEN   43 /* their base64url text, without padding */
#define CREDENTIAL_HASH_LEN    64 /* hex digits of a token's hash */
#define CREDENTIAL_PIN_LEN     6  /* decimal digits of a PIN */
#define CREDENTIAL_REALM_MAX   64 /* "observa " and a mission code, NUL */

/* New credentials: the secrets to show and the hashes to store. */
struct credential {
	char token[CREDENTIAL_TOKEN_LEN + 1];     /* base64url (RFC 4648 section 5) */
	char pin[CREDENTIAL_PIN_LEN + 1];         /* "042917": leading zeros kept */
	char token_hash[CREDENTIAL_HASH_LEN + 1]; /* credential_token_hash(token) */
	char pin_hash[crypto_pwhash_STRBYTES];    /* argon2id string with its salt */
	char digest_ha1[MD5_HEX]; /* credential_digest_ha1(), "" until set */
};

/* Make new credentials from libsodium's random generator: a token of
 * CREDENTIAL_TOKEN_BYTES random bytes and a PIN drawn uniformly from
 * 000000..999999, hashed with crypto_pwhash_str (argon2id, the interactive
 * limits: about 64 MiB and a tenth of a second).  ST_NOMEM when argon2id
 * cannot get its memory.  Wipe c (sodium_memzero) once shown. */
enum status credential_new(struct credential *c /* OUT */, struct err *e);

/* True when token has the shape of a token: CREDENTIAL_TOKEN_LEN
 * characters of the base64url alphabet.  Anything else need not be looked
 * up. */
bool credential_token_shape(const char *token);

/* The hash under which a token is stored and found: BLAKE2b-256 of its
 * text (crypto_generichash), as lower-case hex.  A token has 256 random
 * bits, so a fast hash is enough: no salt, and one index lookup finds it. */
void credential_token_hash(const char *token, char out[CREDENTIAL_HASH_LEN + 1]);

/* The Digest realm of a mission: "observa " and its code, in out. */
void credential_realm(const char *mission_code, char out[CREDENTIAL_REALM_MAX]);

/* HA1 of HTTP Digest (RFC 7616): MD5(observer ":" realm ":" pin) as
 * lower-case hex, which is all a server needs to check Digest responses.
 * It is as good as the PIN to whoever reads it: stored like a hash, never
 * shown. */
void credential_digest_ha1(const char *observer, const char *realm, const char *pin,
                           char out[MD5_HEX]);

/* Set c->digest_ha1 for observer of the mission with code mission_code,
 * from c->pin: what credential_new() cannot know. */
void credential_set_digest(struct credential *c, const char *observer,
                           const char *mission_code);

#endif
