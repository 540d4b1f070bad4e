/* statement_meetings_load.c - the meetings of a mission for its statement,
 * from its log of long-term monitoring meetings.  The log is not in the
 * store yet, so nothing is read and no meeting is reported: the statement
 * then says that none were recorded, never a made-up figure. */
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

enum status statement_load_meetings(struct store *st, int64_t mission_id, struct arena *a,
                                    struct statement_meetings *out, struct err *e)
{
	(void)st;
	(void)mission_id;
	(void)a;
	(void)e;
	memset(out, 0, sizeof(*out));
	return ST_OK;
}
