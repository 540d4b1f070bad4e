/* store_maint.c - backup, restore and checks of the store interface: each
 * function dispatches to the back-end's operation (store_maint.h). */
#include "store/store.h"

enum status store_backup(struct store *st, const char *path, store_progress_cb cb,
                         void *ctx, struct err *e)
{
	return st->ops->backup(st, path, cb, ctx, e);
}

enum status store_check(struct store *st, store_problem_cb cb, void *ctx,
                        int64_t *problems, struct err *e)
{
	return st->ops->check(st, cb, ctx, problems, e);
}

enum status store_is_empty(struct store *st, bool *empty, struct err *e)
{
	return st->ops->is_empty(st, empty, e);
}

enum status store_restore(struct store *st, const char *path, store_progress_cb cb,
                          void *ctx, struct err *e)
{
	return st->ops->restore(st, path, cb, ctx, e);
}
