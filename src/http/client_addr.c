/* client_addr.c - a request's client address (client_addr.h): the
 * socket's, and every X-Forwarded-For header joined for
 * trusted_proxy_client(). */
#include <arpa/inet.h>
#include <stdio.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/buf.h"
#include "http/client_addr.h"
#include "http/server.h"

void client_addr_ipv4_text(const struct in_addr *a, char *out)
{
	const unsigned char *b = (const unsigned char *)&a->s_addr;

	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];
		if (v >= 100)
			*out++ = (char)('0' + v / 100);
		if (v >= 10)
			*out++ = (char)('0' + v / 10 % 10);
		*out++ = (char)('0' + v % 10);
		*out++ = i < 3 ? '.' : '\0';
	}
}

void client_addr_peer(struct MHD_Connection *mc, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	const void *a = NULL;

	if (sa && sa->sa_family == AF_INET && n >= INET_ADDRSTRLEN) {
		client_addr_ipv4_text(&((const struct sockaddr_in *)sa)->sin_addr, out);
		return;
	}
	if (sa && sa->sa_family == AF_INET)
		a = &((const struct sockaddr_in *)sa)->sin_addr;
	else if (sa && sa->sa_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
	if (!a || !inet_ntop(sa->sa_family, a, out, (socklen_t)n))
		snprintf(out, n, "unknown");
}

/* MHD_KeyValueIterator: append each X-Forwarded-For value to the buf,
 * after a comma. */
static enum MHD_Result join_xff(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	struct buf *b = cls;

	(void)kind;
	if (!key || !value || strcasecmp(key, "X-Forwarded-For"))
		return MHD_YES;
	if ((b->len && buf_appendc(b, ',')) || buf_appends(b, value))
		return MHD_NO;
	return MHD_YES;
}

void client_addr_forwarded(struct MHD_Connection *mc, const struct trusted_proxies *tp,
                           const char *peer, char *out, size_t n)
{
	struct buf b;

	snprintf(out, n, "%s", peer);
	if (!tp || !tp->n || !trusted_proxy_has(tp, peer))
		return;
	/* A head is at most SERVER_CONN_MEMORY bytes, so its headers fit. */
	buf_init(&b, SERVER_CONN_MEMORY);
	MHD_get_connection_values(mc, MHD_HEADER_KIND, join_xff, &b);
	if (b.len)
		trusted_proxy_client(tp, peer, b.ptr, out, n);
	buf_release(&b);
}
