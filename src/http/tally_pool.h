/* tally_pool.h - the server's running tallies (analysis/tally.h), one per
 * mission, made when a mission is first asked about and kept until the
 * server stops.  Each is behind its own lock: a request brings it up to
 * date with its own store handle and computes from it, so findings and
 * coverage answer from what changed since the last request instead of a
 * pass over every report.  A thread started with the server builds the
 * tallies of every mission in the background (tally_pool_warm()), so that
 * starting stays fast and the first request does not wait for the build.
 *
 * The figures are exactly those of findings_compute() and
 * coverage_compute() (tests/unit/test_tally.c). */
#ifndef OBSERVA_TALLY_POOL_H
#define OBSERVA_TALLY_POOL_H

#include "analysis/coverage.h"
#include "analysis/findings.h"
#include "analysis/results_load.h"

/* findings_compute() from the mission's tally. */
enum status tally_pool_findings(struct store *st, int64_t mission_id,
                                const struct findings_options *o, struct findings *out,
                                struct err *e);

/* coverage_compute() with the report counts from the mission's tally. */
enum status tally_pool_coverage(struct store *st, int64_t mission_id, const char *day,
                                const char *form, struct coverage *out, struct err *e);

/* The total of store_submission_list() for f from the mission's tally
 * (tally_report_count()): *known false, and nothing counted, when the
 * tally cannot tell (filters it does not keep, the tally not yet built
 * by the warming thread, or it could not be brought up to date: the
 * caller then counts with the store). */
enum status tally_pool_report_count(struct store *st, int64_t mission_id,
                                    const struct submission_filter *f, int64_t *n,
                                    bool *known /* OUT */, struct err *e);
/* store_coverage_rows() (in another order) from the mission's tally,
 * handed to cb under its lock; the signature of coverage_rows_fn. */
enum status tally_pool_coverage_rows(void *ctx, struct store *st, int64_t mission_id,
                                     store_coverage_cb cb, void *cbctx, struct err *e);

/* tally_form_mark() of form and tally_kind_mark() of every kind (by enum
 * form_kind) from the mission's tally brought up to date.  *known false,
 * the marks untouched, when the tally cannot tell (not yet built by the
 * warming thread, or it could not be brought up to date). */
void tally_pool_marks(struct store *st, int64_t mission_id, const char *form,
                      int64_t *form_mark, int64_t kind_marks[3], bool *known /* OUT */);

/* The mission's current, not rejected reports on protocol forms, from
 * its tally brought up to date (tally_protocol_ids()), in *out, which is
 * returned; NULL, *out empty, when the tally cannot tell, as for
 * tally_pool_marks() (the analyses then list the reports themselves).
 * Either way release *out with tally_pool_protocol_release(). */
const struct protocol_reports *tally_pool_protocol_reports(struct store *st,
                                                           int64_t mission_id,
                                                           struct protocol_reports *out);
void tally_pool_protocol_release(struct protocol_reports *r);

/* Build every mission's tally in a thread of its own, on a store handle
 * it opens on db_url.  Errors are logged, not fatal: a tally not built
 * then is built by the first request. */
void tally_pool_warm(const char *db_url);

/* Wait for the warming thread and free every tally (when the server
 * stops). */
void tally_pool_stop(void);

#endif
