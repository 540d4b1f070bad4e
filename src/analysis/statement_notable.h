/* statement_notable.h - the notable incidents a statement describes one by
 * one: the critical ones (a current, not rejected report on an incident
 * form with at least one answer the form marks critical, as findings count
 * them), each with its category, region and station, time, what happened
 * and where its follow-up stands.  The first STATEMENT_NOTABLE_MAX by the
 * time observed are kept; the statement says how many more there are.
 *
 *   struct statement_notable n;
 *   rc = statement_notable_load(st, mission_id, &findings, "en", &arena, &n, &e);
 */
#ifndef OBSERVA_STATEMENT_NOTABLE_H
#define OBSERVA_STATEMENT_NOTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/findings.h"
#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

#define STATEMENT_NOTABLE_MAX 10 /* incidents described at most */

struct statement_incident {
	int64_t id;              /* the report's id */
	const char *form;        /* the incident form's code */
	const char *category;    /* the category in words (lang), or NULL */
	const char *station;     /* the station's code */
	const char *region;      /* its region's name (or code), NULL outside any */
	const char *observed_at; /* as sent (ISO 8601, with its offset), or the
	                          * time received when none */
	const char *what;        /* the report's text answers (and comment), one
	                          * after another; NULL when none */
	const char *status;      /* the review: new, flagged or verified */
};

struct statement_notable {
	struct statement_incident *items; /* by observed_at, then id */
	size_t n;                         /* at most STATEMENT_NOTABLE_MAX */
	int64_t total;                    /* critical incidents in all */
};

/* The critical incidents of every incident form of f (those with a
 * category question) of mission_id, texts in lang; strings in a.  Store
 * and form errors with e. */
enum status statement_notable_load(struct store *st, int64_t mission_id,
                                   const struct findings *f, const char *lang,
                                   struct arena *a,
                                   struct statement_notable *out /* OUT */,
                                   struct err *e);

/* Order two incidents: by observed_at (as UTC), then by id. */
int statement_incident_cmp(const struct statement_incident *x,
                           const struct statement_incident *y);

/* A copy of from whose strings are in a (a statement loaded again while
 * no incident report changed takes its list from the one it replaces). */
void statement_notable_copy(const struct statement_notable *from, struct arena *a,
                            struct statement_notable *out /* OUT */);

#endif
