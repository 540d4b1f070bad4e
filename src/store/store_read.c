/* store_read.c - a request's reads in one snapshot, dispatched to the
 * back-end.  See store_read.h. */
#include "store/store_read.h"

enum status store_read_savepoint(struct store *st, struct err *e)
{
	return st->ops->read_savepoint(st, e);
}
