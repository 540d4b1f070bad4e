/* sms_form.c - the SMS gateways' form-encoded bodies (sms_form.h). */
#include <string.h>

#include "http/sms_form.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *sms_form_decode(const char *s, size_t n, size_t *len, struct arena *a)
{
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && (hi = hex_value(s[i + 1])) >= 0 &&
		           (lo = hex_value(s[i + 2])) >= 0) {
			out[k++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	*len = k;
	return out;
}

enum status sms_form_read(const char *body, size_t len, struct arena *a,
                          struct sms_form *f, struct err *e)
{
	const char *p = body, *end = body ? body + len : NULL;

	memset(f, 0, sizeof(*f));
	while (p && p < end && f->n < SMS_FORM_MAX) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		struct sms_form_field *fl = &f->v[f->n];
		size_t klen;

		if (stop > p) {
			fl->key =
			    sms_form_decode(p, (size_t)((eq ? eq : stop) - p), &klen, a);
			fl->value = eq ? sms_form_decode(eq + 1, (size_t)(stop - eq - 1),
			                                 &fl->len, a)
			               : sms_form_decode("", 0, &fl->len, a);
			f->n++;
		}
		p = amp ? amp + 1 : NULL;
	}
	/* Empty fields are skipped, after the last one kept too. */
	while (p && p < end && *p == '&')
		p++;
	if (p && p < end)
		return err_set(e, ST_TOO_BIG, "body: more than %d fields", SMS_FORM_MAX);
	return ST_OK;
}

const struct sms_form_field *sms_form_get(const struct sms_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].key, key))
			return &f->v[i];
	return NULL;
}
