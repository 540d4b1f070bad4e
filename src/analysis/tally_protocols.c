/* tally_protocols.c - the running tally's list of the mission's current,
 * not rejected reports on the results protocol forms (tally.h,
 * tally_protocol_ids()), so that the analyses of protocols (discrepancies
 * with the official results, the protocols' arithmetic, the statement)
 * read those reports by key (store_submission_by_ids()) rather than pass
 * over every report of the mission to pick them out.  The list is kept in
 * ascending order: reports arrive in that order, so a new one is added at
 * the end, and a corrected or reviewed one is found by halving. */
#include <stdlib.h>
#include <string.h>

#include "analysis/tally_int.h"
#include "core/alloc.h"

/* Where id is in t->pids, or where it would go. */
static size_t place(const struct tally *t, int64_t id)
{
	size_t lo = 0, hi = t->npids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->pids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void tally_protocol(struct tally *t, int64_t id, int64_t sign)
{
	size_t at = t->npids && t->pids[t->npids - 1] < id ? t->npids : place(t, id);
	bool held = at < t->npids && t->pids[at] == id;

	if (sign > 0 && !held) {
		tally_grow((void **)&t->pids, &t->cappids, t->npids + 1,
		           sizeof(*t->pids));
		memmove(t->pids + at + 1, t->pids + at,
		        (t->npids - at) * sizeof(*t->pids));
		t->pids[at] = id;
		t->npids++;
	} else if (sign < 0 && held) {
		memmove(t->pids + at, t->pids + at + 1,
		        (t->npids - at - 1) * sizeof(*t->pids));
		t->npids--;
	}
}

bool tally_protocol_ids(const struct tally *t, int64_t **ids, size_t *n)
{
	if (!t->built)
		return false;
	*n = t->npids;
	*ids = xmalloc((t->npids ? t->npids : 1) * sizeof(**ids));
	if (t->npids)
		memcpy(*ids, t->pids, t->npids * sizeof(**ids));
	return true;
}
