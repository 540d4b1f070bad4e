/* store_tally.h - what an analysis kept up to date in memory (a running
 * tally, analysis/tally.h) reads from the store: where the store stands
 * (the last report, the last change to older reports and conflicts, the
 * last change to the registry), the reports added since, the changes
 * logged since, and single reports and conflicts by key.
 *
 * Included by store.h.  Reads only; the strings handed to callbacks live
 * until the callback returns.  docs/architecture.md ("Running tallies")
 * describes the design. */
#ifndef OBSERVA_STORE_TALLY_H
#define OBSERVA_STORE_TALLY_H

#include <stdint.h>

#include "core/err.h"

struct store;
struct stored_submission;

/* Where a mission's data stands.  Each mark only grows. */
struct tally_marks {
	int64_t report;   /* the highest report id of the store (any mission) */
	int64_t change;   /* the highest entry of the change log (any mission) */
	int64_t layout;   /* the mission's last audited change to its forms,
	                   * ballot or locations: what a tally is laid out by */
	int64_t registry; /* the same, or to its observers, organisations,
	                   * assignments or quick-count sample */
	int64_t official; /* the mission's last audited change to its official
	                   * results (an import that changes no row adds none) */
	int64_t audit;    /* the mission's last audited change of any kind
	                   * (meetings, documents, statement blocks, the mission
	                   * itself... as well as all of the above) */
};

/* One entry of the change log. */
enum tally_change_kind {
	TALLY_CHANGE_REPORT = 1,  /* a report's status or superseded_by changed */
	TALLY_CHANGE_CONFLICT = 2 /* a conflict was stored, changed or deleted */
};

/* A conflict as a tally keeps it. */
struct tally_conflict {
	int64_t id;
	int64_t station_id;
	const char *station, *form, *tag;
	const char *values;         /* JSON array [{"submission", ...}] */
	const char *resolved_value; /* JSON text, NULL while open */
};

typedef enum status (*store_tally_change_cb)(void *ctx, int64_t seq,
                                             enum tally_change_kind kind, int64_t ref);
typedef enum status (*store_tally_conflict_cb)(void *ctx, const struct tally_conflict *c);
typedef enum status (*store_tally_report_cb)(void *ctx,
                                             const struct stored_submission *s);

/* Start and end a read transaction, so that the marks and every read in
 * between see one state of the database.  store_tally_begin() does
 * nothing (and store_tally_end() then nothing either) when the handle is
 * already in a transaction; *began tells which. */
enum status store_tally_begin(struct store *st, int *began /* OUT */, struct err *e);
void store_tally_end(struct store *st, int began);

enum status store_tally_marks(struct store *st, int64_t mission_id,
                              struct tally_marks *out, struct err *e);

/* The same, from marks read earlier of the same mission in the same
 * store (since, NULL: none): the audited marks are then found among the
 * audit entries after since->audit only, instead of a walk back through
 * the mission's whole log (130,000 entries after an import of 100,000
 * official rows).  out may be since. */
enum status store_tally_marks_since(struct store *st, int64_t mission_id,
                                    const struct tally_marks *since,
                                    struct tally_marks *out, struct err *e);

/* The mission's reports with after < id <= upto, current or not, by id,
 * each with id, form, station (code), station_id, observed_at, status,
 * answers, superseded_by, channel and received_at set. */
enum status store_tally_reports(struct store *st, int64_t mission_id, int64_t after,
                                int64_t upto, store_tally_report_cb cb, void *ctx,
                                struct err *e);
/* One report of the mission by id, the same fields; cb is not called when
 * there is none. */
enum status store_tally_report(struct store *st, int64_t mission_id, int64_t id,
                               store_tally_report_cb cb, void *ctx, struct err *e);

/* The mission's change log entries with after < seq <= upto, in order. */
enum status store_tally_changes(struct store *st, int64_t mission_id, int64_t after,
                                int64_t upto, store_tally_change_cb cb, void *ctx,
                                struct err *e);

/* The mission's conflicts by id, all of them (id 0) or the one with id
 * (cb not called when it is gone). */
enum status store_tally_conflicts(struct store *st, int64_t mission_id, int64_t id,
                                  store_tally_conflict_cb cb, void *ctx, struct err *e);

#endif
