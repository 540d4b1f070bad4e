/* store_results.c - the official-results part of the store interface:
 * each function dispatches to the back-end's operation (store_results.h). */
#include "store/store.h"

enum status store_official_put(struct store *st, int64_t mission_id,
                               const struct official_result *r, size_t n,
                               enum upsert_result *res, struct err *e)
{
	return st->ops->official_put(st, mission_id, r, n, res, e);
}

enum status store_official_list(struct store *st, int64_t mission_id,
                                const struct official_filter *f, int64_t *total,
                                store_official_cb cb, void *ctx, struct err *e)
{
	return st->ops->official_list(st, mission_id, f, total, cb, ctx, e);
}
