/* demo_reports.h - election day in the demo mission: the ballot of the 2023
 * Mazhilis party-list election, the teams' deployment to polling stations
 * and territorial commissions, and the reports they send from the opening
 * to the tabulation at night, made the same on every run.
 *
 * Reports go in as any channel's do (intake.h), then a clerk reviews them. */
#ifndef OBSERVA_DEMO_REPORTS_H
#define OBSERVA_DEMO_REPORTS_H

#include <stdint.h>

#include "cli/demo_mission.h"
#include "cli/demo_plan.h"
#include "core/err.h"
#include "model/mission.h"
#include "store/store.h"

#define DEMO_ELECTION_DAY "2023-03-19"
#define DEMO_NIGHT        "2023-03-20" /* the tabulation runs into the night */
#define DEMO_CLERK        "demo-clerk" /* the actor of reviews and resolutions */

/* Election day planned in memory. */
struct demo_reports;

/* What intake answered while the demo was made; the store keeps only what
 * it stored, not what was sent twice. */
struct demo_sent {
	long long sent;       /* reports handed to intake, those resent included */
	long long stored;     /* new reports and corrections */
	long long duplicates; /* reports sent again, acknowledged, not stored */
};

/* Plan election day over the places and observers of p (a demo plan as
 * demo_places_plan() and demo_people_plan() make it): the same p and seed
 * give the same day.  p must outlive the result, which the caller frees
 * with demo_reports_free() (NULL is a no-op). */
struct demo_reports *demo_reports_plan(const struct demo_plan *p, uint64_t seed);
void demo_reports_free(struct demo_reports *r);

/* Reports demo_reports_send() sends, resent ones included, for progress. */
long long demo_reports_rows(const struct demo_reports *r);

/* Store the ballot and the assignments of mission_id on st, inside the
 * caller's transaction; the plan's locations and observers must be stored
 * already.  A store error names the row. */
enum status demo_reports_deploy(struct demo_reports *r, struct store *st,
                                int64_t mission_id, struct err *e);

/* Send the reports of mission m through intake: prepared on st, stored by
 * a writer opened on url (st's database, where the deployment must be
 * committed); then corrections and reports sent twice; then, on st as
 * DEMO_CLERK (st's actor is put back after), the reviews of flagged reports
 * and the resolution of some conflicts, in one transaction.
 *
 * A report that intake does not take as planned (refused, or a duplicate
 * where a new report was meant) is an error naming it.  progress, when not
 * NULL, is told done plus the rows written so far, of total. */
enum status demo_reports_send(struct demo_reports *r, struct store *st, const char *url,
                              const struct mission *m, demo_progress_fn progress,
                              void *ctx, long long done /* rows written before */,
                              long long total /* rows in all */,
                              struct demo_sent *sent /* OUT */, struct err *e);

#endif
