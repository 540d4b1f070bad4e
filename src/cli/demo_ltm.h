/* demo_ltm.h - the long-term monitoring log of the demo mission: the
 * meetings its head, coordinators, core team and long-term observers held
 * between 20 February and 18 March 2023 with the election commission,
 * parliament's committees, the campaign offices of the seven parties and
 * of candidates, regional akimats, media and civil society, and the
 * documents handed over or received at them (a calendar of the election,
 * an interim report, the legal compliance review, the long-term
 * monitoring report).
 *
 * The institutions are real; every person and every word said is
 * invented.  The log is the same on every run. */
#ifndef OBSERVA_DEMO_LTM_H
#define OBSERVA_DEMO_LTM_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/mission.h"
#include "store/store.h"

/* One meeting of the demo's log.  who names the mission's people by role,
 * separated by spaces: H the head, C1 C2 the coordinators, K1 ... the
 * core team, L1 ... the long-term observers, I1 ... the interpreters, of
 * the mission's own organisation, in the order of their codes. */
struct demo_meeting {
	const char *date, *time, *place, *counterpart, *kind, *institution;
	const char *who, *topics, *summary, *follow_ups;
};

/* The demo's meetings, by date and time; *n gets how many. */
const struct demo_meeting *demo_ltm_meetings(size_t *n /* OUT */);

/* One document of the demo's log, made by make() into b (Markdown). */
struct demo_document {
	size_t meeting; /* index in demo_ltm_meetings() */
	const char *title, *kind, *direction, *file_name;
	void (*make)(struct buf *b);
};

/* The demo's documents, by date; *n gets how many. */
const struct demo_document *demo_ltm_documents(size_t *n /* OUT */);

/* Write the log of mission m into st in one transaction: each meeting
 * with its participants' codes found among m's observers, then each
 * document.  Every record is checked as a user's would be
 * (meeting_prepare(), document_prepare()); an error names the meeting or
 * document. */
enum status demo_ltm_log(struct store *st, const struct mission *m, struct err *e);

#endif
