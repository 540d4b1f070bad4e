/* fuzz_phone.c - libFuzzer target for phone_normalise: any bytes, as a
 * number and as a default country, must give E.164 or a clear error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "model/phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const countries[] = {"KZ", "RU", "UZ", "DE", "US", NULL, "xx"};
	char out[PHONE_MAX];
	char *s = xstrndup((const char *)data, size);
	struct err e;

	for (size_t i = 0; i < sizeof(countries) / sizeof(countries[0]); i++) {
		err_clear(&e);
		memset(out, 0, sizeof(out));
		if (phone_normalise(s, countries[i], out, &e) == ST_OK) {
			size_t n = strlen(out);
			if (out[0] != '+' || n < 9 || n > 16)
				abort();
			for (size_t k = 1; k < n; k++)
				if (out[k] < '0' || out[k] > '9')
					abort();
		} else if (!e.msg[0]) {
			abort();
		}
	}
	free(s);
	return 0;
}
