/* store_statement.c - the statement part of the store interface: each
 * function checks what it can and dispatches to the back-end's operation
 * (store_statement.h). */
#include "model/statement_block.h"
#include "store/store.h"

enum status store_statement_block_put(struct store *st, int64_t mission_id,
                                      const struct statement_block_row *b,
                                      enum upsert_result *res, struct err *e)
{
	enum status rc = statement_block_validate(b->lang, b->key, b->text, e);

	if (rc)
		return rc;
	return st->ops->statement_block_put(st, mission_id, b, res, e);
}

enum status store_statement_block_list(struct store *st, int64_t mission_id,
                                       const char *lang, store_statement_block_cb cb,
                                       void *ctx, struct err *e)
{
	return st->ops->statement_block_list(st, mission_id, lang, cb, ctx, e);
}
