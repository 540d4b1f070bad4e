/* digest_nonce.h - the nonces of HTTP Digest authentication (RFC 7616):
 * stateless and unforgeable (a time, random bytes and an HMAC-SHA256 of
 * both under a secret made at start), old after a lifetime, and each
 * nonce count taken once (a bounded table of the highest seen, by nonce).
 * docs/odk.md says how clients meet them. */
#ifndef OBSERVA_DIGEST_NONCE_H
#define OBSERVA_DIGEST_NONCE_H

#include <stddef.h>
#include <stdint.h>

#define DIGEST_NONCE_LEN      75   /* base64url of 8 + 16 + 32 bytes, no padding */
#define DIGEST_NONCE_LIFETIME 300  /* seconds, unless OBSERVA_DIGEST_NONCE_SECONDS */
#define DIGEST_NONCE_TABLE    4096 /* nonces whose counts are remembered */

enum digest_nonce_result {
	DIGEST_NONCE_OK,
	DIGEST_NONCE_BAD,    /* not one this process made: tampered or garbled */
	DIGEST_NONCE_STALE,  /* made here, but too old (or forgotten): ask again */
	DIGEST_NONCE_REPLAY, /* its count is not above the highest taken */
};

struct digest_nonces;

/* A new set with a random secret, nonces living lifetime_s seconds (>= 1)
 * and counts remembered for up to capacity nonces (>= 1).  Thread-safe.
 * Free with digest_nonces_free(). */
struct digest_nonces *digest_nonces_new(unsigned lifetime_s, size_t capacity);
void digest_nonces_free(struct digest_nonces *n);

/* The lifetime given to digest_nonces_new(), in seconds. */
unsigned digest_nonces_lifetime(const struct digest_nonces *n);

/* Milliseconds since the epoch (CLOCK_REALTIME): the "now" of the calls
 * below, which take it so that tests can choose it. */
uint64_t digest_now_ms(void);

/* Write a new nonce made at now_ms, NUL-terminated, to out. */
void digest_nonce_make(struct digest_nonces *n, uint64_t now_ms,
                       char out[DIGEST_NONCE_LEN + 1]);

/* Whether nonce is one of n's, and young enough at now_ms: DIGEST_NONCE_OK,
 * _BAD or _STALE.  The HMAC is compared in constant time.  Takes nothing:
 * call digest_nonce_take() once the response it came with is right. */
enum digest_nonce_result digest_nonce_check(struct digest_nonces *n, const char *nonce,
                                            uint64_t now_ms);

/* Take nonce count nc of nonce (checked already): DIGEST_NONCE_OK when nc
 * is above every count taken with it so far, which is remembered until
 * the nonce is old; DIGEST_NONCE_REPLAY otherwise.  When the table is
 * full the oldest nonce is forgotten, and it and every nonce no younger
 * are then DIGEST_NONCE_STALE, so that no count is taken twice. */
enum digest_nonce_result digest_nonce_take(struct digest_nonces *n, const char *nonce,
                                           uint32_t nc, uint64_t now_ms);

#endif
