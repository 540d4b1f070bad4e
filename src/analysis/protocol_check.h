/* protocol_check.h - the arithmetic of the results protocols observers
 * copied: each report's answers run through its form's checks (the
 * identities of docs/analysis.md#results-verification, such as "G + H == I + J"), with
 * the very evaluation that validated them on arrival (validate_submission()
 * in src/model), and every check that fails is listed per station with the
 * figures it read.
 *
 * Pure: it works on a parsed form and the reports handed to it, never on
 * the store; results_load.h gathers those from a mission.
 *
 *   struct protocol_check pc;
 *   protocol_check_init(&pc);
 *   protocol_check_add(&pc, form, reports, n, "en");   (once per form)
 *   protocol_check_finish(&pc);
 *   ... pc.items[i].failures[k].check, protocol_check_to_json(&pc, 0, 100) ...
 *   protocol_check_release(&pc);
 */
#ifndef OBSERVA_PROTOCOL_CHECK_H
#define OBSERVA_PROTOCOL_CHECK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/form.h"
#include "store/store.h"

/* One check a report fails. */
struct protocol_failure {
	const char *check;    /* the check's id: "boxes_balance" */
	const char *expr;     /* its expression: "G + H == I + J" */
	const char *message;  /* in the language asked for */
	const char *severity; /* "flag" or "reject" */
	const char *values;   /* JSON object text of the answers it read,
	                       * e.g. {"G":12,"H":840,"I":9,"J":850} */
};

/* A report with at least one failed check. */
struct protocol_report {
	const char *station, *form, *observer;
	int64_t submission; /* the report's id (its current version) */
	const char *status; /* new, flagged or verified */
	struct protocol_failure *failures;
	size_t nfailures;
};

/* How often one check of one form failed. */
struct protocol_check_count {
	const char *form, *check, *expr;
	int64_t reports; /* reports failing it */
};

struct protocol_check {
	int64_t reports;               /* reports checked */
	int64_t stations;              /* stations with a report checked */
	int64_t failed_reports;        /* reports failing at least one check */
	int64_t failed_stations;       /* stations with such a report */
	struct protocol_report *items; /* the failing reports, by station, form,
	                                * report id (after protocol_check_finish) */
	size_t nitems;
	struct protocol_check_count *by_check; /* every check of every form added,
	                                        * in form order, failing or not */
	size_t nchecks;
	/* private */
	size_t items_alloc, checks_alloc;
	void *stations_seen, *stations_failed; /* struct strmap * */
	struct arena arena;                    /* owns every string above */
};

/* An empty result; release it with protocol_check_release(). */
void protocol_check_init(struct protocol_check *pc);

/* Check the reports r[0..n) that are on form f (r[i].form equal to
 * f->code), current (superseded_by 0) and not rejected; others are passed
 * over.  f is the mission's form as reports are validated against it (with
 * the ballot applied: form_load()).  Each report's stored answers are
 * validated again with validate_submission(); the failed checks (severity
 * flag or reject) are kept, in the form's order, with their messages in
 * lang (NULL: the form's first language).  An answer that no longer fits
 * the form (after a change of the ballot) is left out, and the checks that
 * read it are not applicable, as on arrival.  ST_INVALID naming the report
 * when its stored answers are not a JSON object. */
enum status protocol_check_add(struct protocol_check *pc, const struct form *f,
                               const struct stored_submission *r, size_t n,
                               const char *lang, struct err *e);

/* Order the items by station, form and report id, and count the stations. */
void protocol_check_finish(struct protocol_check *pc);

/* Free everything; pc may be initialised again. */
void protocol_check_release(struct protocol_check *pc);

/* {"reports", "stations", "failed_reports", "failed_stations", "checks":
 * [{form, check, expr, reports}], "total": nitems, "items": [{station,
 * form, submission, observer, status, failures: [{check, expr, message,
 * severity, values: {tag: value}}]}]} with the items [offset,
 * offset + limit).  New reference. */
json_t *protocol_check_to_json(const struct protocol_check *pc, size_t offset,
                               size_t limit);

#endif
