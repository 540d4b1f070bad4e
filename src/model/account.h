/* account.h - the secrets of user accounts: names, passwords (argon2id,
 * libsodium's crypto_pwhash_str), generated passwords, and the random
 * secrets of sessions and API tokens, which are stored only as their
 * BLAKE2b hash (they carry 256 random bits, so a fast unsalted hash is
 * enough and one index lookup finds them). */
#ifndef OBSERVA_ACCOUNT_H
#define OBSERVA_ACCOUNT_H

#include <stdbool.h>
#include <sodium.h>

#include "core/err.h"

#define ACCOUNT_NAME_MAX      64  /* bytes of a user name */
#define ACCOUNT_PASSWORD_MIN  8   /* bytes of a password, at least */
#define ACCOUNT_PASSWORD_MAX  256 /* and at most */
#define ACCOUNT_SECRET_LEN    43  /* base64url of 32 random bytes */
#define ACCOUNT_HASH_LEN      64  /* hex of a BLAKE2b-256 hash */
#define ACCOUNT_TOKEN_PREFIX  "obs_"
#define ACCOUNT_TOKEN_LEN     (4 + ACCOUNT_SECRET_LEN)
#define ACCOUNT_GENERATED_LEN 20 /* characters of a generated password */

/* True when name may name a user: 1 to ACCOUNT_NAME_MAX characters of
 * letters, digits, '.', '_', '-' and '@', starting with a letter or a
 * digit.  No ':' so that it cannot pass for the command line's actors
 * ("cli:NAME") in the audit log. */
bool account_name_valid(const char *name);

/* Check a password's length (ACCOUNT_PASSWORD_MIN to _MAX bytes, no NUL
 * and no line break); ST_INVALID saying what is wrong. */
enum status account_password_check(const char *password, struct err *e);

/* The argon2id string of password (crypto_pwhash_str with the interactive
 * limits: about 64 MiB and a tenth of a second).  ST_NOMEM when argon2id
 * cannot get its memory. */
enum status account_password_hash(const char *password,
                                  char out[crypto_pwhash_STRBYTES] /* OUT */,
                                  struct err *e);

/* True when password matches hash.  With hash NULL (no such user) a
 * dummy hash is checked instead, so that an unknown name costs the same
 * time as a wrong password, and false is returned. */
bool account_password_verify(const char *hash, const char *password);

/* A new password of ACCOUNT_GENERATED_LEN characters from an alphabet
 * without look-alikes (about 113 bits). */
void account_password_generate(char out[ACCOUNT_GENERATED_LEN + 1] /* OUT */);

/* A new random secret: 32 bytes from libsodium, as base64url without
 * padding. */
void account_secret_new(char out[ACCOUNT_SECRET_LEN + 1] /* OUT */);

/* A new API token: ACCOUNT_TOKEN_PREFIX and a secret. */
void account_token_new(char out[ACCOUNT_TOKEN_LEN + 1] /* OUT */);

/* True when s has the shape of a secret (or, with the prefix, a token):
 * anything else need not be looked up. */
bool account_secret_shape(const char *s);
bool account_token_shape(const char *s);

/* The hash a secret or token is stored and found under: BLAKE2b-256 of its
 * text as lower-case hex. */
void account_secret_hash(const char *secret, char out[ACCOUNT_HASH_LEN + 1] /* OUT */);

/* Compare two strings in time that depends on their lengths only
 * (sodium_memcmp): for secrets. */
bool account_secret_equal(const char *a, const char *b);

#endif
