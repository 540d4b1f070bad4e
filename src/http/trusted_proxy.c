/* trusted_proxy.c - the client's address behind reverse proxies
 * (trusted_proxy.h): addresses parsed with inet_pton, networks compared
 * bit by bit, X-Forwarded-For walked from its end. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/trusted_proxy.h"

/* The longest entry considered: an IPv6 address with a prefix. */
#define ENTRY_MAX 64

/* Parse address (an IPv4 mapped in IPv6 taken as IPv4) into a, *family
 * 4 or 6; false when it is not an address. */
static bool parse_addr(const char *address, unsigned char a[16], int *family)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0,    0,
	                                         0, 0, 0, 0, 0xff, 0xff};

	memset(a, 0, 16);
	if (inet_pton(AF_INET, address, a) == 1) {
		*family = 4;
		return true;
	}
	if (inet_pton(AF_INET6, address, a) != 1)
		return false;
	*family = 6;
	if (!memcmp(a, mapped, sizeof(mapped))) {
		memmove(a, a + 12, 4);
		memset(a + 4, 0, 12);
		*family = 4;
	}
	return true;
}

/* Parse "ADDR" or "ADDR/BITS" (len bytes at s) into net. */
static bool parse_net(const char *s, size_t len, struct trusted_net *net)
{
	char buf[ENTRY_MAX + 1], *slash, *end;
	long bits;
	int max;

	if (!len || len > ENTRY_MAX)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (!parse_addr(buf, net->addr, &net->family))
		return false;
	max = net->family == 4 ? 32 : 128;
	net->bits = max;
	if (!slash)
		return true;
	/* A mapped address's prefix counts the 96 bits before it. */
	bits = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end || bits < 0)
		return false;
	if (net->family == 4 && strchr(buf, ':'))
		bits -= 96;
	if (bits < 0 || bits > max)
		return false;
	net->bits = (int)bits;
	return true;
}

enum status trusted_proxy_add(struct trusted_proxies *tp, const char *list, struct err *e)
{
	const char *p = list ? list : "";

	for (;;) {
		size_t len;

		p += strspn(p, ", \t");
		if (!*p)
			return ST_OK;
		len = strcspn(p, ", \t");
		if (tp->n == TRUSTED_PROXY_MAX)
			return err_set(
			    e, ST_INVALID,
			    "trusted proxies: at most %d addresses or networks",
			    TRUSTED_PROXY_MAX);
		if (!parse_net(p, len, &tp->net[tp->n]))
			return err_set(e, ST_INVALID,
			               "trusted proxy \"%.*s\": not an IPv4 or IPv6 "
			               "address, or one with a /BITS prefix",
			               (int)(len > ENTRY_MAX ? ENTRY_MAX : len), p);
		tp->n++;
		p += len;
	}
}

static bool in_net(const struct trusted_net *net, const unsigned char a[16], int family)
{
	int whole = net->bits / 8, rest = net->bits % 8;

	if (net->family != family || memcmp(net->addr, a, (size_t)whole))
		return false;
	if (!rest)
		return true;
	return !((net->addr[whole] ^ a[whole]) & (0xff << (8 - rest)));
}

/* Whether the parsed address a is one of tp's. */
static bool has(const struct trusted_proxies *tp, const unsigned char a[16], int family)
{
	for (size_t i = 0; tp && i < tp->n; i++)
		if (in_net(&tp->net[i], a, family))
			return true;
	return false;
}

bool trusted_proxy_has(const struct trusted_proxies *tp, const char *address)
{
	unsigned char a[16];
	int family;

	return address && parse_addr(address, a, &family) && has(tp, a, family);
}

/* Write the parsed address a as inet_ntop does into out. */
static void write_addr(const unsigned char a[16], int family, char *out, size_t n)
{
	char text[INET6_ADDRSTRLEN];

	if (!inet_ntop(family == 4 ? AF_INET : AF_INET6, a, text, sizeof(text)))
		snprintf(text, sizeof(text), "unknown");
	snprintf(out, n, "%s", text);
}

/* The entry of xff ending before end (trimmed of blanks, an IPv6 one
 * possibly in brackets, an IPv4 one possibly with a port) into buf, ""
 * for an empty one, "?" for one too long to be an address; *start is
 * where it begins. */
static void entry_before(const char *xff, const char *end, char buf[ENTRY_MAX + 1],
                         const char **start)
{
	const char *s = end, *e = end;
	size_t len;

	while (s > xff && s[-1] != ',')
		s--;
	*start = s;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e > s && *s == '[') {
		const char *close = memchr(s, ']', (size_t)(e - s));
		s++;
		e = close ? close : s;
	} else if (memchr(s, '.', (size_t)(e - s)) && memchr(s, ':', (size_t)(e - s)) &&
	           memchr(s, ':', (size_t)(e - s)) == memrchr(s, ':', (size_t)(e - s))) {
		e = memchr(s, ':', (size_t)(e - s)); /* "a.b.c.d:port" */
	}
	len = (size_t)(e - s);
	if (len > ENTRY_MAX) {
		memcpy(buf, "?", 2); /* too long for an address */
		return;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
}

void trusted_proxy_client(const struct trusted_proxies *tp, const char *peer,
                          const char *xff, char *out, size_t n)
{
	unsigned char a[16], last[16];
	int family, last_family;
	const char *end, *start;
	char entry[ENTRY_MAX + 1];

	snprintf(out, n, "%s", peer ? peer : "unknown");
	if (!tp || !tp->n || !peer || !parse_addr(peer, last, &last_family) ||
	    !has(tp, last, last_family) || !xff)
		return;
	end = xff + strlen(xff);
	for (;;) {
		entry_before(xff, end, entry, &start);
		if (entry[0]) {
			/* Not an address: the last trusted hop is the client. */
			if (!parse_addr(entry, a, &family))
				break;
			memcpy(last, a, sizeof(a));
			last_family = family;
			if (!has(tp, a, family))
				break;
		}
		if (start == xff)
			break;
		end = start - 1; /* at the comma before the entry */
	}
	write_addr(last, last_family, out, n);
}
