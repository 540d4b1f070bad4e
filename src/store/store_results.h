/* store_results.h - what the store keeps of the election commission's
 * official results: one row per polling station holding the station's
 * protocol figures as a JSON object, line -> number.  The lines are the
 * results protocol form's tags ("A" ... "L", "P1" ... "Pn", "AA"), so an
 * official row and an observer's copy of the protocol compare line by line.
 *
 * The types, included by store.h, whose end declares the operations
 * (store_official_put, store_official_list).  docs/analysis.md#results-verification
 * describes the results and how they are imported. */
#ifndef OBSERVA_STORE_RESULTS_H
#define OBSERVA_STORE_RESULTS_H

#include <stdint.h>

#include "core/status.h"

/* The official figures of one polling station. */
struct official_result {
	const char *station;    /* location code of a polling station */
	const char *region;     /* listings only: the code of the first location of
	                         * level region, city or abroad above the station,
	                         * NULL when there is none; ignored when storing */
	const char *lines;      /* JSON object text: line tag -> whole number >= 0 */
	const char *source;     /* where the figures came from (a file's name), or NULL */
	const char *updated_at; /* listings only: when the row last changed */
};

struct official_filter {
	const char *station; /* only this station's row, or NULL */
	const char *region;  /* only stations below this location (any level), or NULL */
	int64_t limit, offset; /* limit <= 0: all rows */
};

typedef enum status (*store_official_cb)(void *ctx, const struct official_result *r);

#endif
