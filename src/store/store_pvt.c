/* store_pvt.c - the quick-count part of the store interface: each function
 * dispatches to the back-end's operation (store_pvt.h). */
#include "store/store.h"

enum status store_pvt_sample_put(struct store *st, int64_t mission_id,
                                 const struct pvt_sample_head *h,
                                 const struct pvt_sample_row *rows, size_t n,
                                 bool replace, struct err *e)
{
	return st->ops->pvt_sample_put(st, mission_id, h, rows, n, replace, e);
}

enum status store_pvt_sample_get(struct store *st, int64_t mission_id, struct arena *a,
                                 struct pvt_sample_head *out, struct err *e)
{
	return st->ops->pvt_sample_get(st, mission_id, a, out, e);
}

enum status store_pvt_sample_list(struct store *st, int64_t mission_id,
                                  store_pvt_row_cb cb, void *ctx, struct err *e)
{
	return st->ops->pvt_sample_list(st, mission_id, cb, ctx, e);
}

enum status store_pvt_sample_clear(struct store *st, int64_t mission_id, struct err *e)
{
	return st->ops->pvt_sample_clear(st, mission_id, e);
}

enum status store_pvt_reports(struct store *st, int64_t mission_id,
                              store_pvt_report_cb cb, void *ctx, struct err *e)
{
	return st->ops->pvt_reports(st, mission_id, cb, ctx, e);
}
