/* results_pool.h - what the server keeps per mission for its results
 * pages and its statement, beside the running tallies (tally_pool.h):
 * the official station results (official_keep.h), the forensic statistics
 * of those results (for the JSON and for the charts), the comparison of
 * observed and official protocols, and the loaded statement per language.
 * Each is kept with the marks of the store it was computed at
 * (store_tally_marks()) and computed again only when a mark it depends on
 * has moved:
 *
 *   official rows, the quick count's and seats' sums: official, layout;
 *   forensics (JSON and charts):  the official rows kept;
 *   discrepancies:                those, new reports, the change log (a
 *                                 report reviewed, a conflict settled);
 *   statement:                    new reports, the change log, any audited
 *                                 change of the mission (official results,
 *                                 forms, registry, meetings, documents,
 *                                 blocks, the mission).
 *
 * Every answer is the one the full computation gives, byte for byte
 * (tests/unit/test_official_keep.c).  Memory: one copy of each per
 * mission (two statements, one per language), logged when read. */
#ifndef OBSERVA_RESULTS_POOL_H
#define OBSERVA_RESULTS_POOL_H

#include <stdbool.h>

#include "analysis/discrepancy.h"
#include "analysis/forensics.h"
#include "analysis/pvt_mission.h"
#include "core/buf.h"
#include "model/mission.h"
#include "model/votes.h"
#include "report/statement.h"
#include "store/store.h"

/* pvt_mission_estimate() without official figures given. */
enum status results_pool_pvt(struct store *st, int64_t mission_id,
                             struct pvt_mission *out, struct err *e);

/* official_votes(), rows in a. */
enum status results_pool_votes(struct store *st, int64_t mission_id,
                               struct vote_row **rows, size_t *nrows, int64_t *stations,
                               struct arena *a, struct err *e);

/* official_forensics() with the options of the API (leader found, seed 1,
 * 1,000 resamples; 2 when chart is true), handed to cb under the pool's
 * lock. */
typedef enum status (*results_pool_forensics_cb)(void *ctx, const struct forensics *f,
                                                 const char *const *names);
enum status results_pool_forensics(struct store *st, int64_t mission_id, bool chart,
                                   results_pool_forensics_cb cb, void *ctx,
                                   struct err *e);

/* discrepancy_load() handed to cb under the pool's lock. */
typedef enum status (*results_pool_discrepancy_cb)(void *ctx,
                                                   const struct discrepancy *d);
enum status results_pool_discrepancy(struct store *st, int64_t mission_id, int64_t min,
                                     const char *lang, results_pool_discrepancy_cb cb,
                                     void *ctx, struct err *e);

/* statement_build() of mission m in lang ("en" or "ru"). */
enum status results_pool_statement(struct store *st, const struct mission *m,
                                   const char *lang, enum statement_output o,
                                   struct buf *out, struct err *e);

/* Free everything (when the server stops). */
void results_pool_stop(void);

#endif
