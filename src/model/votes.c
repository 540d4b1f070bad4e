/* votes.c - names of the kinds of result rows and the tie rule between
 * rows. */
#include <stddef.h>

#include "core/text.h"
#include "model/votes.h"

static const char *const kind_names[VOTE__KINDS] = {
    [VOTE_LIST] = "list",
    [VOTE_AGAINST_ALL] = "against_all",
    [VOTE_INVALID] = "invalid",
};

const char *vote_kind_name(enum vote_kind k)
{
	return (unsigned)k < VOTE__KINDS ? kind_names[k] : "?";
}

bool vote_kind_parse(const char *s, enum vote_kind *out)
{
	static const struct {
		const char *name;
		enum vote_kind kind;
	} names[] = {
	    {"list", VOTE_LIST},
	    {"candidate", VOTE_LIST},
	    {"party", VOTE_LIST},
	    {"against_all", VOTE_AGAINST_ALL},
	    {"against-all", VOTE_AGAINST_ALL},
	    {"invalid", VOTE_INVALID},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (text_ieq(s, names[i].name)) {
			*out = names[i].kind;
			return true;
		}
	return false;
}

bool vote_row_before(const struct vote_row *a, size_t ia, const struct vote_row *b,
                     size_t ib)
{
	if (a->order != b->order)
		return a->order < b->order;
	return ia < ib;
}
