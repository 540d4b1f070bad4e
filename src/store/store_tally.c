/* store_tally.c - the store's reads for running tallies, dispatched to the
 * back-end. */
#include "store/store.h"

enum status store_tally_begin(struct store *st, int *began, struct err *e)
{
	return st->ops->tally_begin(st, began, e);
}

void store_tally_end(struct store *st, int began)
{
	st->ops->tally_end(st, began);
}

enum status store_tally_marks(struct store *st, int64_t mission_id,
                              struct tally_marks *out, struct err *e)
{
	return st->ops->tally_marks(st, mission_id, NULL, out, e);
}

enum status store_tally_marks_since(struct store *st, int64_t mission_id,
                                    const struct tally_marks *since,
                                    struct tally_marks *out, struct err *e)
{
	return st->ops->tally_marks(st, mission_id, since, out, e);
}

enum status store_tally_reports(struct store *st, int64_t mission_id, int64_t after,
                                int64_t upto, store_tally_report_cb cb, void *ctx,
                                struct err *e)
{
	return st->ops->tally_reports(st, mission_id, after, upto, 0, cb, ctx, e);
}

enum status store_tally_report(struct store *st, int64_t mission_id, int64_t id,
                               store_tally_report_cb cb, void *ctx, struct err *e)
{
	return st->ops->tally_reports(st, mission_id, 0, 0, id, cb, ctx, e);
}

enum status store_tally_changes(struct store *st, int64_t mission_id, int64_t after,
                                int64_t upto, store_tally_change_cb cb, void *ctx,
                                struct err *e)
{
	return st->ops->tally_changes(st, mission_id, after, upto, cb, ctx, e);
}

enum status store_tally_conflicts(struct store *st, int64_t mission_id, int64_t id,
                                  store_tally_conflict_cb cb, void *ctx, struct err *e)
{
	return st->ops->tally_conflicts(st, mission_id, id, cb, ctx, e);
}
