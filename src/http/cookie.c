/* cookie.c - a strict reader of the Cookie header (cookie.h). */
#include <string.h>

#include "http/cookie.h"

/* RFC 9110 section 5.6.2: tchar. */
static int tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 6265 section 4.1.1: cookie-octet. */
static int cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
	       (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

int cookie_name_valid(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!tchar((unsigned char)s[i]))
			return 0;
	return 1;
}

static int ows(char c)
{
	return c == ' ' || c == '\t';
}

enum status cookie_get(const char *header, const char *name, const char **value,
                       size_t *len, struct err *e)
{
	size_t nlen = name ? strlen(name) : 0, hlen, i = 0;
	const char *found = NULL;
	size_t found_len = 0;

	*value = NULL;
	*len = 0;
	if (!cookie_name_valid(name, nlen))
		return err_set(e, ST_INVALID, "cookie name \"%s\" is not a token",
		               name ? name : "");
	if (!header)
		return err_set(e, ST_NOT_FOUND, "no Cookie header");
	hlen = strnlen(header, COOKIE_HEADER_MAX + 1);
	if (hlen > COOKIE_HEADER_MAX)
		return err_set(e, ST_INVALID, "Cookie header longer than %d bytes",
		               COOKIE_HEADER_MAX);
	while (i < hlen && ows(header[i]))
		i++;
	if (i == hlen)
		return err_set(e, ST_NOT_FOUND, "an empty Cookie header");
	for (;;) {
		size_t k, kend, v, vend;

		while (i < hlen && ows(header[i]))
			i++;
		k = i;
		while (i < hlen && tchar((unsigned char)header[i]))
			i++;
		if (i == k || i >= hlen || header[i] != '=')
			return err_set(
			    e, ST_INVALID,
			    "Cookie header: a name=value pair expected at byte %zu",
			    k + 1);
		kend = i;
		v = ++i;
		if (i < hlen && header[i] == '"') {
			v = ++i;
			while (i < hlen && cookie_octet((unsigned char)header[i]))
				i++;
			if (i >= hlen || header[i] != '"')
				return err_set(
				    e, ST_INVALID,
				    "Cookie header: unterminated or bad quoted "
				    "value at byte %zu",
				    v);
			vend = i++;
		} else {
			while (i < hlen && cookie_octet((unsigned char)header[i]))
				i++;
			vend = i;
		}
		while (i < hlen && ows(header[i]))
			i++;
		if (i < hlen && header[i] != ';')
			return err_set(
			    e, ST_INVALID,
			    "Cookie header: byte %zu is not allowed in a value", i + 1);
		if (kend - k == nlen && !memcmp(header + k, name, nlen)) {
			if (found)
				return err_set(e, ST_CONFLICT,
				               "Cookie header: cookie %s is sent twice",
				               name);
			found = header + v;
			found_len = vend - v;
		}
		if (i >= hlen)
			break;
		i++; /* the ';' */
	}
	if (!found)
		return err_set(e, ST_NOT_FOUND, "no cookie called %s", name);
	*value = found;
	*len = found_len;
	return ST_OK;
}
