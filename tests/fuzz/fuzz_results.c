/* fuzz_results.c - libFuzzer target for a commission's station results
 * file as `observa tabulate` and `forensics` read it: any bytes as the
 * CSV, read with fixed column options (registered 1, valid 2, invalid
 * 3, choices 4-5, ballots 6, id 7), every row added up.  A file is read or
 * refused with a message, never a crash, and totals keep their sums. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analysis/tabulate.h"
#include "ingest/results_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum status add(void *ctx, const struct station_result *row, struct err *e)
{
	return tabulate_add(ctx, row, e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct results_columns cols = {"1", "2", "3", "4-5", "6", "7"};
	struct results_csv r = {0};
	struct tabulate t;
	struct err e;
	char path[64];
	int fd = memfd_create("results", 0);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (results_csv_open(&r, path, &cols, &e) == ST_OK) {
		tabulate_init(&t, r.nchoices, r.has_ballots);
		if (results_csv_each(&r, add, &t, &e) != ST_OK && !e.msg[0])
			abort(); /* a refusal always says why */
		tabulate_release(&t);
	} else if (!e.msg[0]) {
		abort();
	}
	results_csv_close(&r);
	close(fd);
	return 0;
}
