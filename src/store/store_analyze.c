/* store_analyze.c - the planner's statistics after a bulk change,
 * dispatched to the back-end.  See store_analyze.h. */
#include "store/store_analyze.h"

enum status store_analyze(struct store *st, struct err *e)
{
	return st->ops->analyze(st, e);
}

enum status store_analyze_tables(struct store *st, const char *tables, struct err *e)
{
	return st->ops->analyze_tables(st, tables, e);
}
