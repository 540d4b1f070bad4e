/* store_scan.c - the store's operations for analyses that read every
 * report and conflict once, dispatched to the back-end. */
#include "store/store.h"

enum status store_submission_scan(struct store *st, int64_t mission_id, const char *form,
                                  store_submission_cb cb, void *ctx, struct err *e)
{
	return st->ops->submission_scan(st, mission_id, form, cb, ctx, e);
}

enum status store_conflict_scan(struct store *st, int64_t mission_id, const char *form,
                                store_conflict_cb cb, void *ctx, struct err *e)
{
	return st->ops->conflict_scan(st, mission_id, form, cb, ctx, e);
}
