/* statement.h - every figure of a mission's preliminary statement,
 * gathered in one struct from the analyses that compute them: who
 * observed (accreditation), where (stations and regions visited), the
 * meetings before election day, the findings per phase and the incidents
 * (findings.h), the protocols' arithmetic and the official results against
 * the observers' copies (results_load.h), the quick count (pvt_mission.h),
 * and the blocks the head of mission writes.  report/statement.h writes it
 * as Markdown or HTML; docs/statement.md says where each figure comes from.
 *
 *   struct statement s;
 *   if (statement_load(st, &mission, "en", &s, &e)) ...;
 *   ... statement_render(&s, STATEMENT_HTML, &out, &e) ...
 *   statement_release(&s);
 */
#ifndef OBSERVA_STATEMENT_H
#define OBSERVA_STATEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/accreditation.h"
#include "analysis/coverage.h"
#include "analysis/discrepancy.h"
#include "analysis/findings.h"
#include "analysis/official_rows.h"
#include "analysis/protocol_check.h"
#include "analysis/pvt_mission.h"
#include "analysis/statement_meetings.h"

struct protocol_reports; /* results_load.h */
#include "analysis/statement_notable.h"
#include "core/arena.h"
#include "core/err.h"
#include "model/mission.h"
#include "store/store.h"

/* Where observers went on election day: polling stations (and, for forms
 * filled at commissions, territorial commissions) with at least one
 * current report (the latest version, not rejected).  A station is abroad
 * when the first location above it of level region, city or abroad is of
 * level abroad. */
struct statement_visits {
	int64_t stations;            /* polling stations of the mission */
	int64_t stations_abroad;     /* of them abroad */
	int64_t visited;             /* polling stations with a current report on a
	                              * form filled at polling stations */
	int64_t visited_abroad;      /* of them abroad */
	int64_t regions;             /* locations of level region or city */
	int64_t regions_visited;     /* of them, with a station visited */
	int64_t commissions_visited; /* other places with a current report on a
	                              * form filled there (tabulation at
	                              * territorial commissions) */
	int64_t reports;             /* current, not rejected reports on forms
	                              * filled at polling stations */
};

/* Count the visits of mission_id from its locations, forms and coverage
 * rows (store_coverage_rows), each read once.  Store errors with e. */
enum status statement_visits_load(struct store *st, int64_t mission_id,
                                  struct statement_visits *out /* OUT */, struct err *e);
/* The same with the coverage rows from rows(rows_ctx, ...) (in any order)
 * rather than from the store; rows NULL: the store's. */
enum status statement_visits_load_rows(struct store *st, int64_t mission_id,
                                       coverage_rows_fn rows, void *rows_ctx,
                                       struct statement_visits *out /* OUT */,
                                       struct err *e);

/* What the visits are counted against: the mission's locations and
 * forms, read once, which a server keeps while they do not change (the
 * tally's layout mark), so that a statement computed again after a
 * report walks only the coverage rows.  Store errors with e; free with
 * statement_visits_layout_free() (NULL is a no-op). */
struct statement_visits_layout;
enum status statement_visits_layout_load(struct store *st, int64_t mission_id,
                                         struct statement_visits_layout **out,
                                         struct err *e);
void statement_visits_layout_free(struct statement_visits_layout *l);
/* statement_visits_load_rows() against a layout loaded before. */
enum status statement_visits_count(const struct statement_visits_layout *l,
                                   struct store *st, int64_t mission_id,
                                   coverage_rows_fn rows, void *rows_ctx,
                                   struct statement_visits *out /* OUT */, struct err *e);

/* The blocks a statement shows, in model/statement_block.h's order. */
enum {
	STATEMENT_SUMMARY,
	STATEMENT_CONCLUSIONS,
	STATEMENT_RECOMMENDATIONS,
	STATEMENT_NBLOCKS
};

struct statement {
	struct mission mission; /* strings in arena */
	const char *lang;       /* "en" or "ru" */
	const char *as_of;      /* when the figures were taken, ISO 8601 UTC */
	struct accreditation acc;
	struct statement_visits visits;
	struct statement_meetings meetings;
	struct findings findings; /* every form, texts in lang */
	bool has_protocols;       /* the mission has a protocol form */
	struct protocol_check protocols;
	bool has_discrepancy; /* the mission has form PR */
	struct discrepancy discrepancy;
	bool has_pvt; /* the mission has drawn a quick-count sample */
	struct pvt_mission pvt;
	struct statement_notable notable;      /* the critical incidents, strings in
	                                        * arena */
	const char *blocks[STATEMENT_NBLOCKS]; /* the text in lang, NULL when
	                                        * empty or never written */
	struct arena arena;                    /* owns the strings above */
};

/* Gather the figures of mission m (as loaded from st) in lang ("en" or
 * "ru": the language of form texts, labels and blocks).  A mission
 * without a protocol form, form PR or a quick-count sample simply lacks
 * those parts (has_* false).  Errors: ST_INVALID for another language,
 * the analyses' and the store's errors.  Release out with
 * statement_release() in every case. */
enum status statement_load(struct store *st, const struct mission *m, const char *lang,
                           struct statement *out /* OUT */, struct err *e);

/* Where statement_load_from() takes its most costly parts from:
 * the official results (NULL: the store's), the findings (NULL:
 * findings_compute(); else a function giving what it gives, as the
 * server's running tallies do) and the coverage rows the visits are
 * counted from (NULL: store_coverage_rows()).  ctx goes to both
 * functions. */
struct statement_sources {
	const struct official_rows *official;
	enum status (*findings)(void *ctx, struct store *st, int64_t mission_id,
	                        const struct findings_options *o, struct findings *out,
	                        struct err *e);
	void *ctx;
	coverage_rows_fn coverage_rows;
	/* NULL, or a statement of the same mission and language loaded
	 * earlier whose protocol checks, discrepancies and quick count still
	 * hold (no report of a protocol form, official row or sample changed
	 * since): they are moved from it instead of computed again, and it
	 * is left to be released. */
	struct statement *reuse;
	/* NULL, or a statement of the same mission and language loaded
	 * earlier whose critical incidents still hold (no incident report
	 * changed since): its list is copied instead of read again. */
	const struct statement *reuse_notable;
	/* NULL, or the reports on the protocol forms a running tally knows
	 * (results_load.h): read by key for the protocol checks and the
	 * discrepancies. */
	const struct protocol_reports *reports;
	/* NULL, or the visits' layout of the mission as it is now: the
	 * visits are counted against it instead of reading the locations
	 * and forms again. */
	const struct statement_visits_layout *visits;
};

/* statement_load() with those parts from src (NULL: the store's). */
enum status statement_load_from(struct store *st, const struct mission *m,
                                const char *lang, const struct statement_sources *src,
                                struct statement *out /* OUT */, struct err *e);

/* Free everything; releasing a zeroed struct is harmless. */
void statement_release(struct statement *s);

#endif
