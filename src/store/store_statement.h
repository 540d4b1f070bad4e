/* store_statement.h - what the store keeps of a mission's statement: the
 * blocks people write (model/statement_block.h), one text per mission,
 * language and key, with when and by whom it was last changed.  Every
 * change is audited as entity "statement_block" keyed "LANG/KEY".
 *
 * The types, included by store.h, whose end declares the operations
 * (store_statement_block_put, store_statement_block_list); the same rules
 * hold (strings handed to callbacks live until the callback returns). */
#ifndef OBSERVA_STORE_STATEMENT_H
#define OBSERVA_STORE_STATEMENT_H

#include <stdint.h>

#include "core/err.h"

/* One block of a mission's statement. */
struct statement_block_row {
	const char *lang;       /* "en", "ru" */
	const char *key;        /* "summary", "conclusions", "recommendations" */
	const char *text;       /* as written: plain text, paragraphs split by
	                         * blank lines */
	const char *updated_at; /* set by the store (ISO 8601 UTC) */
	const char *updated_by; /* set by the store: its actor */
};

typedef enum status (*store_statement_block_cb)(void *ctx,
                                                const struct statement_block_row *b);

#endif
