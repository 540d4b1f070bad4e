/* official_rows.h - where the results analyses read a mission's official
 * station results from: the store (store_official_list(), every row by
 * station code with its region) or a copy of those rows kept in memory
 * (official_keep.h), which hands over the very same rows in the same
 * order, so that both give the same figures.  A source may also answer
 * the quick count's official shares from sums it keeps, instead of
 * reading every row again. */
#ifndef OBSERVA_OFFICIAL_ROWS_H
#define OBSERVA_OFFICIAL_ROWS_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct official_rows {
	/* Every official row of the mission as store_official_list() without
	 * a filter gives them: *total (when total is not NULL) their count,
	 * cb (when not NULL) called for each. */
	enum status (*list)(void *ctx, int64_t *total, store_official_cb cb, void *cbctx,
	                    struct err *e);
	/* pvt_official_from() for these rows, or NULL to sum the rows. */
	enum status (*pvt_shares)(void *ctx, const char *const *tags, size_t n,
	                          double *shares, int64_t *stations, struct err *e);
	void *ctx;
};

/* The rows of src, or of the store's mission_id when src is NULL. */
enum status official_rows_list(const struct official_rows *src, struct store *st,
                               int64_t mission_id, int64_t *total, store_official_cb cb,
                               void *ctx, struct err *e);

#endif
