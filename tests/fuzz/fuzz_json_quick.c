/* fuzz_json_quick.c - differential libFuzzer target for the quick JSON
 * reader: whatever json_quick_load() reads, jansson must read too, to an
 * equal document whose members come in the same order (the same compact
 * text); and what jansson refuses the quick reader must refuse.  The
 * quick reader may decline what jansson reads: it leaves those to it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/json_quick.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t dump_flags = JSON_ENCODE_ANY | JSON_COMPACT;
	json_t *quick = NULL, *slow;
	json_error_t je;
	bool read;

	read = json_quick_load((const char *)data, size, &quick);
	slow = json_loadb((const char *)data, size,
	                  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!read) {
		check(quick == NULL);
	} else {
		char *a, *b;

		check(quick != NULL);
		check(slow != NULL);
		check(json_equal(quick, slow));
		a = json_dumps(quick, dump_flags);
		b = json_dumps(slow, dump_flags);
		check(a && b && !strcmp(a, b));
		free(a);
		free(b);
	}
	json_decref(quick);
	json_decref(slow);
	return 0;
}
