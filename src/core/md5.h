/* md5.h - the MD5 message digest (RFC 1321), for the one place a protocol
 * asks for it: the hash of each XForm in an OpenRosa form list.  Not for
 * anything that must resist an attacker (libsodium does that). */
#ifndef OBSERVA_MD5_H
#define OBSERVA_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_BYTES 16
#define MD5_HEX   (2 * MD5_BYTES + 1) /* hex digits and a NUL */

/* A digest being computed: md5_init, md5_update any number of times with
 * pieces of any size, md5_final. */
struct md5 {
	uint32_t state[4];
	uint64_t bytes;          /* message length so far */
	unsigned char block[64]; /* bytes waiting for a whole block */
};

void md5_init(struct md5 *m);
void md5_update(struct md5 *m, const void *data, size_t len);
/* Write the digest to out; m must be initialised again before reuse. */
void md5_final(struct md5 *m, unsigned char out[MD5_BYTES]);

/* The digest of len bytes of data as 32 lower-case hex digits and a NUL. */
void md5_hex(const void *data, size_t len, char out[MD5_HEX]);

#endif
