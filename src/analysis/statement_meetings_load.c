/* statement_meetings_load.c - the meetings of a mission for its statement,
 * read from its log of long-term monitoring meetings (store_ltm.h): how
 * many with each kind of institution, the first and last dates, and the
 * notable ones by date. */
#include <string.h>

#include "analysis/statement_meetings.h"

const char *const statement_meeting_kind_names[MEETING__COUNT] = {
    [MEETING_ELECTION_COMMISSION] = "election_commission",
    [MEETING_PARLIAMENT] = "parliament",
    [MEETING_CANDIDATE] = "candidate",
    [MEETING_PARTY] = "party",
    [MEETING_LOCAL_AUTHORITY] = "local_authority",
    [MEETING_MEDIA] = "media",
    [MEETING_CIVIL_SOCIETY] = "civil_society",
    [MEETING_GOVERNMENT] = "government",
    [MEETING_INTERNATIONAL] = "international",
    [MEETING_OTHER] = "other",
};

enum statement_meeting_kind statement_meeting_kind_of(const char *name)
{
	for (int k = 0; name && k < MEETING__COUNT; k++)
		if (!strcmp(name, statement_meeting_kind_names[k]))
			return (enum statement_meeting_kind)k;
	return MEETING_OTHER;
}

/* Notable: meetings with the election commission, parliament,
 * candidates and parties. */
static bool notable(enum statement_meeting_kind k)
{
	return k == MEETING_ELECTION_COMMISSION || k == MEETING_PARLIAMENT ||
	       k == MEETING_CANDIDATE || k == MEETING_PARTY;
}

struct gather {
	struct statement_meetings *out;
	struct statement_meeting *list; /* STATEMENT_MEETINGS_NOTABLE of them */
	struct arena *a;
};

static enum status add_meeting(void *ctx, const struct meeting_row *m)
{
	struct gather *g = ctx;
	struct statement_meetings *out = g->out;
	enum statement_meeting_kind k = statement_meeting_kind_of(m->institution_kind);

	out->total++;
	out->by_kind[k]++;
	/* The log lists meetings by date: the first seen is the first. */
	if (!out->first)
		out->first = arena_strdup(g->a, m->date);
	out->last = arena_strdup(g->a, m->date);
	if (notable(k) && out->nnotable < STATEMENT_MEETINGS_NOTABLE) {
		struct statement_meeting *n = &g->list[out->nnotable++];

		n->date = arena_strdup(g->a, m->date);
		n->counterpart = arena_strdup(g->a, m->counterpart ? m->counterpart : "");
		n->institution = arena_strdup(g->a, m->institution);
		n->kind = k;
	}
	return ST_OK;
}

enum status statement_load_meetings(struct store *st, int64_t mission_id, struct arena *a,
                                    struct statement_meetings *out, struct err *e)
{
	struct gather g = {
	    out,
	    arena_alloc(a, STATEMENT_MEETINGS_NOTABLE * sizeof(struct statement_meeting)),
	    a};
	struct meeting_filter f = {0};
	int64_t total = 0;
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = store_meeting_list(st, mission_id, &f, &total, add_meeting, &g, e);
	if (rc)
		return rc;
	out->notable = g.list;
	out->recorded = out->total > 0;
	return ST_OK;
}
