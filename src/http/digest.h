/* digest.h - HTTP Digest authentication as ODK Collect speaks it
 * (RFC 7616 with MD5 and qop=auth): the Authorization header read, the
 * response a client should have sent, and the challenge to send it.
 * The nonces are digest_nonce.h's. */
#ifndef OBSERVA_DIGEST_H
#define OBSERVA_DIGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/md5.h"

/* The parameters of "Authorization: Digest ...", strings in an arena;
 * NULL when absent.  Other parameters are ignored. */
struct digest_auth {
	const char *username, *realm, *nonce, *uri, *qop, *nc, *cnonce, *response,
	    *opaque, *algorithm;
};

/* Read header (the Authorization value) into out, strings in a.  False
 * when it is not the Digest scheme or not a list of name=value pairs
 * (values a token or a quoted string with backslash escapes), or when
 * username, realm, nonce, uri, qop, nc, cnonce or response is missing. */
bool digest_parse(const char *header, struct arena *a, struct digest_auth *out /* OUT */);

/* nc as a number: exactly 8 hex digits.  False otherwise. */
bool digest_nc(const char *nc, uint32_t *out /* OUT */);

/* The response for qop=auth, ha1 being credential_digest_ha1()'s:
 * MD5(ha1 ":" nonce ":" nc ":" cnonce
 * ":auth:" MD5(method ":" uri)), as lower-case hex. */
void digest_expected(const char *ha1, const struct digest_auth *d, const char *method,
                     char out[MD5_HEX]);

/* The value of WWW-Authenticate for realm and nonce, with ", stale=true"
 * when stale; in a. */
const char *digest_challenge(const char *realm, const char *nonce, bool stale,
                             struct arena *a);

#endif
