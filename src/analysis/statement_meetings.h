/* statement_meetings.h - what a statement says of the mission's meetings
 * before election day (long-term monitoring: the election commission,
 * parliament, candidates, parties, media ...): how many, with whom by
 * kind of institution, from when to when, and the notable ones.
 *
 * statement_load_meetings() fills it from the mission's log of meetings
 * (store_ltm.h); a mission without one has recorded false, and the
 * statement says so plainly.  report/statement_sections.h renders it. */
#ifndef OBSERVA_STATEMENT_MEETINGS_H
#define OBSERVA_STATEMENT_MEETINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

/* The kinds of institution a meeting is held with, in the order the
 * statement lists them. */
enum statement_meeting_kind {
	MEETING_ELECTION_COMMISSION,
	MEETING_PARLIAMENT,
	MEETING_CANDIDATE,
	MEETING_PARTY,
	MEETING_LOCAL_AUTHORITY,
	MEETING_MEDIA,
	MEETING_CIVIL_SOCIETY,
	MEETING_GOVERNMENT,
	MEETING_INTERNATIONAL,
	MEETING_OTHER,
	MEETING__COUNT
};

/* The kinds' names as the log writes them: "election_commission" ... */
extern const char *const statement_meeting_kind_names[MEETING__COUNT];

/* The kind named name, or MEETING_OTHER for a name not in the list. */
enum statement_meeting_kind statement_meeting_kind_of(const char *name);

/* At most this many meetings are listed by name. */
#define STATEMENT_MEETINGS_NOTABLE 12

/* One meeting the statement names. */
struct statement_meeting {
	const char *date;        /* YYYY-MM-DD */
	const char *counterpart; /* who was met ("Chairman of the CEC") */
	const char *institution; /* "Central Election Commission", or NULL */
	enum statement_meeting_kind kind;
};

struct statement_meetings {
	bool recorded;                   /* the mission has a log of meetings with
	                                  * at least one meeting; false: the
	                                  * statement says none were recorded */
	int64_t total;                   /* meetings in the log */
	int64_t by_kind[MEETING__COUNT]; /* of them, with each kind of institution */
	const char *first, *last;        /* dates of the first and last meeting */
	const struct statement_meeting *notable; /* by date: those with the
	                                          * election commission,
	                                          * parliament, candidates and
	                                          * parties, up to
	                                          * STATEMENT_MEETINGS_NOTABLE */
	size_t nnotable;
};

/* Fill out with the meetings of mission_id's log (store_meeting_list),
 * strings in a.  Store errors are returned with e filled. */
enum status statement_load_meetings(struct store *st, int64_t mission_id, struct arena *a,
                                    struct statement_meetings *out /* OUT */,
                                    struct err *e);

#endif
