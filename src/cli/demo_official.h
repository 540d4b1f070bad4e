/* demo_official.h - the election commission's official results in the demo
 * mission: every polling station's protocol, the same as the observers
 * copied where they copied it, except a handful of stations where the
 * figures were changed on the way up (votes moved to the ruling party,
 * turnout inflated with extra ballots), which the comparison of observed
 * and official results finds. */
#ifndef OBSERVA_DEMO_OFFICIAL_H
#define OBSERVA_DEMO_OFFICIAL_H

#include <stdint.h>

#include "cli/demo_reports.h"
#include "core/err.h"
#include "model/mission.h"
#include "store/store.h"

#define DEMO_MOVED    4 /* stations where votes were moved to the ruling party */
#define DEMO_INFLATED 3 /* stations where turnout was inflated */

/* Import the official results of every station of mission m, planned by
 * r (its reports stored already by demo_reports_send()), through the same
 * path as "observa import results" (a CSV made in memory).  The same r
 * gives the same results.  A store or import error names the line.
 * Afterwards r holds every station's protocol as its commission wrote it,
 * before any change, for the quick count's observers (demo_pvt.h). */
enum status demo_official_load(struct demo_reports *r, struct store *st,
                               const struct mission *m, struct err *e);

/* What the summary says: the stations with official results, and those
 * whose results differ from what observers copied (discrepancy_load). */
enum status demo_official_counts(struct store *st, int64_t mission_id,
                                 int64_t *stations /* OUT */, int64_t *differ /* OUT */,
                                 struct err *e);

#endif
