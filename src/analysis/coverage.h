/* coverage.h - which polling stations have reported, per form and region.
 *
 * For every form that observers fill at stations (checklists and results
 * protocols; incident reports are not expected anywhere), and every region
 * (the location of level region, city or abroad above the station):
 * stations expected, reported, missing, flagged and in conflict, and the
 * list of missing stations with their observers' phones.
 *
 * Each form is counted over the locations of its level (form_record.level):
 * polling stations, or commissions for forms filled there (tabulation at
 * territorial commissions); "station" here means either.
 *
 * Stations expected are those with an observer assigned (on day, when
 * given); a mission without any assignment, on any day, expects every
 * station.  Stations of the quick count's sample are expected on the
 * results protocol (form PR) as well, and counted apart: how many there
 * are and how many reported PR, per region and in all.  Works on what the
 * store hands over
 * (locations, forms, assignments, coverage rows, observers), never on SQL;
 * each is read once into hash maps, so a national mission (100,000
 * stations, 30,000 observers) takes one pass over each.  That part, the
 * registry, can be kept between computations (struct coverage_reg, read
 * again only when the store's registry mark moves), so that a server
 * asked over and over reads only the report counts.  docs/coverage.md
 * explains the counts to users.
 *
 *   struct coverage c;
 *   if (coverage_compute(st, mission_id, "2023-03-19", NULL, &c, &e)) ...;
 *   ... c.regions[r].cells[f].n.missing, coverage_to_json(&c) ...
 *   coverage_release(&c);
 */
#ifndef OBSERVA_COVERAGE_H
#define OBSERVA_COVERAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

/* Counts of stations for one form in one region (or the whole mission).
 * A station counts as reported when it has a current report (the latest
 * version of a report, not rejected) on the form.  flagged and conflicts
 * count every station that reported, expected or extra. */
struct coverage_counts {
	int64_t expected;  /* stations assigned (or all, see above) */
	int64_t reported;  /* expected stations with at least one current report */
	int64_t missing;   /* expected - reported */
	int64_t flagged;   /* stations with a current report that is flagged */
	int64_t conflicts; /* stations with open conflicts between observers */
	int64_t extra;     /* stations nobody was assigned to that reported anyway */
};

struct coverage_cell {
	const char *form;
	struct coverage_counts n;
};

/* The quick count's sample stations and how many of them have a current
 * report on form PR (whatever form the coverage was asked for). */
struct coverage_sample {
	int64_t stations, reported;
};

struct coverage_region {
	const char *code, *name;       /* NULL code and name: stations outside any
	                                * region (listed last) */
	struct coverage_cell *cells;   /* one per form, in coverage.forms order */
	struct coverage_sample sample; /* zero without a sample */
};

/* An expected station without a current report on a form. */
struct coverage_missing {
	const char *form;
	const char *station, *station_name;
	const char *region;     /* region code, NULL outside any region */
	const char **observers; /* codes of the observers assigned (on day) */
	const char **names;     /* their full names (NULL if unknown) */
	const char **phones;    /* their phones, E.164 joined by ';', or NULL */
	size_t nobservers;      /* 0 when the mission has no assignment */
};

struct coverage {
	const char *day;    /* the day asked for, or NULL */
	const char **forms; /* form codes covered: by phase (opening,
	                     * voting, counting, tabulation, others),
	                     * then by code */
	size_t nforms;
	bool all_expected;               /* the mission has no assignment at all,
	                                  * so every station is expected */
	int64_t stations;                /* polling stations of the mission */
	struct coverage_region *regions; /* by region code */
	size_t nregions;
	struct coverage_cell *total;      /* one per form: the whole mission */
	struct coverage_missing *missing; /* by form, region, station */
	size_t nmissing;
	bool has_sample;               /* the mission has a quick-count sample */
	struct coverage_sample sample; /* the whole mission's */
	struct arena arena;            /* owns everything above */
};

/* Compute the coverage of mission on day (YYYY-MM-DD or NULL for every
 * day).  form, when not NULL, limits it to that form.  Errors: ST_INVALID
 * for a day that is not a date or an incident form, ST_NOT_FOUND for a
 * form the mission does not have (messages start "day: " or "form: "),
 * store errors.  On success release out with coverage_release(); on error
 * out holds nothing. */
enum status coverage_compute(struct store *st, int64_t mission_id, const char *day,
                             const char *form, struct coverage *out, struct err *e);
/* Where coverage_compute_rows() reads the per-station report counts:
 * as store_coverage_rows() hands them over. */
typedef enum status (*coverage_rows_fn)(void *ctx, struct store *st, int64_t mission_id,
                                        store_coverage_cb cb, void *cbctx, struct err *e);
/* The same with the report counts from rows(rows_ctx, ...) rather than
 * from the store (a running tally, analysis/tally.h). */
enum status coverage_compute_rows(struct store *st, int64_t mission_id, const char *day,
                                  const char *form, coverage_rows_fn rows, void *rows_ctx,
                                  struct coverage *out, struct err *e);
/* What coverage reads of a mission's registry: its forms, the locations
 * forms are filled at with their regions, every assignment with its day,
 * the observers assigned with their names and phones, and the quick
 * count's sample, with the registry mark (tally_marks.registry) it was
 * read at.  Read-only once made: computations may share it. */
struct coverage_reg;

/* Read the mission's registry, in one read transaction (the caller's, when
 * it is in one).  Store errors; *out is NULL on error. */
enum status coverage_reg_load(struct store *st, int64_t mission_id,
                              struct coverage_reg **out, struct err *e);
/* Keep *reg (NULL: none yet) when the store's registry mark of the mission
 * is still the one it was read at; read it again otherwise (the old one is
 * freed).  On error *reg is left as it was. */
enum status coverage_reg_refresh(struct coverage_reg **reg, struct store *st,
                                 int64_t mission_id, struct err *e);
void coverage_reg_free(struct coverage_reg *reg);

/* coverage_compute_rows() on the registry reg instead of the store's
 * registry: the same result when reg is up to date.  The result owns its
 * strings: reg may be freed while it is in use. */
enum status coverage_compute_reg(const struct coverage_reg *reg, struct store *st,
                                 const char *day, const char *form, coverage_rows_fn rows,
                                 void *rows_ctx, struct coverage *out, struct err *e);

/* Free everything; c may be computed again.  Releasing a zeroed struct is
 * harmless. */
void coverage_release(struct coverage *c);

/* {"day", "forms": [...], "all_expected", "stations", "total": {form:
 * counts}, "regions": [{code, name, forms: {form: counts}}], "missing":
 * [{form, station, name, region, observers: [{code, name, phones: [...]}]}],
 * "missing_total"}; counts are {expected, reported, missing, flagged,
 * conflicts, extra}.  With a quick-count sample, "sample": {stations,
 * reported} at the top and in each region ("sample": null at the top
 * without).  New reference. */
json_t *coverage_to_json(const struct coverage *c);

/* The same document with only the missing entries [offset, offset+limit)
 * (a page for the API: a mission that assigns nobody may miss 500,000
 * reports at the opening); "missing_total" still counts them all. */
json_t *coverage_to_json_page(const struct coverage *c, size_t offset, size_t limit);

#endif
