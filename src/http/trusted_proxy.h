/* trusted_proxy.h - the client's address behind reverse proxies.
 *
 * Behind a proxy every request comes from the proxy's address, so that
 * counting by address (sign-in and PIN throttles, rate limits) would
 * count everyone together, and the audit would say the proxy did it.
 * "observa serve --trusted-proxy ADDR" names the proxies whose word is
 * taken: only for a connection from one of them is X-Forwarded-For read,
 * from its right-most entry leftwards, skipping entries that are trusted
 * proxies too; the first one that is not is the client (each proxy
 * appends the address it was reached from, and everything left of that
 * is what the client itself wrote, which nobody should believe).  When
 * every entry is a trusted proxy, the left-most is taken; when an entry
 * is not an address, or there is no X-Forwarded-For, the address of the
 * last trusted hop is.  Addresses are compared as numbers: an IPv4
 * address mapped in IPv6 (::ffff:a.b.c.d) is that IPv4 address. */
#ifndef OBSERVA_TRUSTED_PROXY_H
#define OBSERVA_TRUSTED_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define TRUSTED_PROXY_MAX 64 /* addresses and networks at most */

struct trusted_net {
	unsigned char addr[16]; /* IPv4 in the first 4 bytes */
	int family;             /* 4 or 6 */
	int bits;               /* prefix length: 32 or 128 for one address */
};

struct trusted_proxies {
	size_t n;
	struct trusted_net net[TRUSTED_PROXY_MAX];
};

/* Add the addresses in list ("ADDR", "ADDR/BITS", several separated by
 * commas or spaces; IPv4 or IPv6).  ST_INVALID, with e naming the entry
 * and why, for one that is not an address or network, or past
 * TRUSTED_PROXY_MAX; ST_OK with nothing added for an empty list. */
enum status trusted_proxy_add(struct trusted_proxies *tp, const char *list,
                              struct err *e);

/* True when address (as inet_ntop writes it, or as a proxy wrote it) is
 * one of tp's. */
bool trusted_proxy_has(const struct trusted_proxies *tp, const char *address);

/* The client's address (see above) into out (n bytes, cut at n - 1):
 * peer, the connection's address, unless it is a trusted proxy; then
 * from xff, the X-Forwarded-For headers' values joined by commas in the
 * order received (NULL: none).  An address taken from xff is written as
 * inet_ntop writes it. */
void trusted_proxy_client(const struct trusted_proxies *tp, const char *peer,
                          const char *xff, char *out, size_t n);

#endif
