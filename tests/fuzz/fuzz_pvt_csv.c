/* fuzz_pvt_csv.c - libFuzzer target for the files an analyst hands the
 * quick count and the official results import: the first byte chooses the
 * reader (a sample's results with fixed column options, a frame, an
 * allocation, official shares, or a column mapping as text), the rest is
 * the input.  Each is read or refused with a message, never a crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ingest/import_results.h"
#include "ingest/pvt_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void refused_says_why(enum status rc, const struct err *e)
{
	if (rc && !e->msg[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pvt_csv_spec spec = {"station", "stratum", "valid",
	                                         "3-4",     NULL,      NULL};
	struct arena a = ARENA_INIT;
	struct pvt_csv_pair *pairs;
	struct pvt_csv_unit *units;
	struct pvt_csv_sample sample;
	struct err e = {0};
	char path[64];
	size_t n;
	int fd;

	if (!size)
		return 0;
	if (data[0] % 5 == 4) { /* a mapping, as --map gives it */
		struct results_map m = {0};
		char *text = strndup((const char *)data + 1, size - 1);

		refused_says_why(results_map_parse(&m, text, &e), &e);
		results_map_release(&m);
		free(text);
		return 0;
	}
	fd = memfd_create("pvt", 0);
	if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	switch (data[0] % 5) {
	case 0:
		refused_says_why(pvt_csv_sample_read(path, &spec, &a, &sample, &e), &e);
		break;
	case 1:
		refused_says_why(pvt_csv_frame(path, "stratum", &a, &units, &n, &e), &e);
		break;
	case 2:
		refused_says_why(pvt_csv_allocation(path, &a, &pairs, &n, &e), &e);
		break;
	default:
		refused_says_why(pvt_csv_official(path, &a, &pairs, &n, &e), &e);
		break;
	}
	arena_release(&a);
	close(fd);
	return 0;
}
