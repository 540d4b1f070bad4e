/* tally.h - a mission's running tally: the counters its findings and its
 * coverage are made of, kept in memory and brought up to date from what
 * the store says changed since the last time, so that a dashboard asking
 * over and over on election day does not read 2 million reports each
 * time.  docs/architecture.md ("Running tallies") describes the design.
 *
 * A tally keeps, for the mission, the findings' counters of every form in
 * every region block (findings_int.h), the coverage rows' counters per
 * station and form (current reports, flagged ones, open conflicts), the
 * state each report was counted in, and the conflicts with their effect on
 * answers.  tally_refresh() reads, in one read transaction, where the
 * store stands (store_tally_marks()):
 *
 *   - the forms, ballot or locations changed (an audited change): it is
 *     built again from scratch, as findings_compute() would read;
 *   - entries in the change log (a report reviewed or corrected, a
 *     conflict stored, changed, resolved or cleared): each report they
 *     touch is taken back as it was counted and counted again as it is;
 *   - reports with ids above the last one seen: counted.
 *
 * The figures are those of the full computation exactly (the same counting
 * code, findings_tally(); tests/unit/test_tally.c compares both after
 * every step of random histories).  Not thread-safe: one caller at a time
 * (tally_pool.h in the server holds a lock).
 *
 *   struct tally *t = tally_new(mission_id);
 *   if (!tally_refresh(t, st, &e) && !tally_findings(t, &o, &f, &e)) ...
 *   tally_free(t);
 */
#ifndef OBSERVA_TALLY_H
#define OBSERVA_TALLY_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/findings.h"
#include "core/err.h"
#include "store/store.h"

struct tally;

struct tally *tally_new(int64_t mission_id);
void tally_free(struct tally *t);

/* Bring t up to date with the store's data.  On error t is emptied and
 * built again from scratch at the next call. */
enum status tally_refresh(struct tally *t, struct store *st, struct err *e);

/* The findings as findings_compute() gives them for o, from t as last
 * refreshed.  Errors as findings_begin(). */
enum status tally_findings(struct tally *t, const struct findings_options *o,
                           struct findings *out, struct err *e);

/* The coverage rows as store_coverage_rows() gives them (in another
 * order), from t as last refreshed. */
enum status tally_coverage_rows(struct tally *t, store_coverage_cb cb, void *ctx,
                                struct err *e);

/* How many of the mission's current reports (superseded versions left
 * out) have form, status and channel, are at a station below the location
 * coded region (each NULL for any) and were received at or after since
 * (NULL for any): the total of store_submission_list() with those
 * filters, from t as last refreshed.  False, *n untouched, when t cannot
 * tell: since is not a date, alone or followed by a time of midnight
 * ("T00:00", "T00:00:00", "T00:00:00Z"); region is not a location of
 * level region, city or abroad, or has another such below it
 * (region_map_whole()); or t is not built. */
bool tally_report_count(const struct tally *t, const char *form, const char *status,
                        const char *channel, const char *region, const char *since,
                        int64_t *n /* OUT */);

/* The ids of the mission's current, not rejected reports on forms of
 * kind protocol, ascending, from t as last refreshed: *ids is a copy the
 * caller frees.  False, nothing copied, when t is not built.  (A report
 * on a form the tally's layout does not know may be among them.) */
bool tally_protocol_ids(const struct tally *t, int64_t **ids /* OUT */,
                        size_t *n /* OUT */);

/* A number that moves whenever a report of form code is counted, taken
 * back or counted again (a new report, a review, a correction, a conflict
 * over it) or the tally is built again (forms, ballot or locations
 * changed), from t as last refreshed: while it stays the same, so do the
 * form's current reports, their statuses and their settled answers, and
 * what is computed from them alone can be kept.  Numbers from different
 * tallies mean nothing to each other. */
int64_t tally_form_mark(const struct tally *t, const char *form);

/* The highest tally_form_mark() of the forms of kind k in the tally's
 * layout, and of any form it does not know. */
int64_t tally_kind_mark(const struct tally *t, enum form_kind k);

/* What the tally holds, for the server's log and the benchmarks. */
struct tally_stats {
	int64_t reports;   /* reports seen */
	int64_t conflicts; /* conflicts held */
	int64_t builds;    /* times built from scratch */
	size_t bytes;      /* memory of its arrays, about */
};
void tally_stats(const struct tally *t, struct tally_stats *out);

#endif
