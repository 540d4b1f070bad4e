/* client_addr.h - the address of a request's client: the connection's
 * own, or, for a connection from a trusted proxy, the one its
 * X-Forwarded-For headers tell (trusted_proxy.h). */
#ifndef OBSERVA_CLIENT_ADDR_H
#define OBSERVA_CLIENT_ADDR_H

#include <microhttpd.h>
#include <netinet/in.h>
#include <stddef.h>

#include "http/trusted_proxy.h"

/* The connection's peer address as inet_ntop writes it ("unknown" when
 * it has none) into out (n bytes). */
void client_addr_peer(struct MHD_Connection *mc, char *out, size_t n);

/* a in dotted decimal, as inet_ntop writes it, into out (at least
 * INET_ADDRSTRLEN bytes).  Written by hand: inet_ntop was about 2% of a
 * report's instructions in the server. */
void client_addr_ipv4_text(const struct in_addr *a, char *out);

/* The client's address for a request on mc whose headers have arrived,
 * peer being client_addr_peer()'s, into out (n bytes): peer itself unless
 * it is one of tp's (tp NULL or empty: always peer). */
void client_addr_forwarded(struct MHD_Connection *mc, const struct trusted_proxies *tp,
                           const char *peer, char *out, size_t n);

#endif
