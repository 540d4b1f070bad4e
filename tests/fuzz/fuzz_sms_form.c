/* fuzz_sms_form.c - libFuzzer target for the SMS gateways' form-encoded
 * webhook bodies (sms_form.h): arbitrary bytes read as a form, with
 * checks of what the header promises (at most SMS_FORM_MAX fields, each
 * value no longer than the body and NUL-terminated at its length,
 * ST_TOO_BIG only when the body holds more fields than that, the first
 * field found by its name) and of the decoder on the whole input (never
 * longer than what it decoded, and the identity on bytes that are neither
 * '+' nor '%'). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/sms_form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct arena a = ARENA_INIT;
	struct sms_form *f = malloc(sizeof(*f));
	size_t fields = 0, len;
	struct err e;
	enum status rc;
	char *d;

	check(f != NULL);
	/* non-empty pieces between '&': what the reader counts as fields */
	for (size_t i = 0, start = 0; i <= size; i++)
		if (i == size || body[i] == '&') {
			fields += i > start;
			start = i + 1;
		}
	rc = sms_form_read(size ? body : NULL, size, &a, f, &e);
	check(rc == ST_OK || rc == ST_TOO_BIG);
	check(f->n <= SMS_FORM_MAX);
	check(rc == ST_TOO_BIG ? fields > SMS_FORM_MAX : f->n == fields);
	for (size_t i = 0; i < f->n; i++) {
		const struct sms_form_field *fl = &f->v[i];
		const struct sms_form_field *first = sms_form_get(f, fl->key);

		check(fl->key && fl->value && fl->len <= size);
		check(fl->value[fl->len] == '\0');
		check(strlen(fl->key) <= size);
		check(first && first <= fl && !strcmp(first->key, fl->key));
	}
	d = sms_form_decode(body, size, &len, &a);
	check(d[len] == '\0' && len <= size);
	if (!memchr(body, '%', size) && !memchr(body, '+', size))
		check(len == size && !memcmp(d, body, size));
	arena_release(&a);
	free(f);
	return 0;
}
