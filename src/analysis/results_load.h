/* results_load.h - the results analyses of a stored mission: what
 * protocol_check.h and discrepancy.h take, read from the store (the
 * mission's protocol forms with its ballot applied, the current reports,
 * the conflicts a clerk settled, the official results), then computed.
 * The CLI, the API and the demo's summary share these, so they give the
 * same figures.  The forms come through ingest's form_load(), the one
 * place that applies a ballot to a stored form. */
#ifndef OBSERVA_RESULTS_LOAD_H
#define OBSERVA_RESULTS_LOAD_H

#include <stdint.h>

#include "analysis/discrepancy.h"
#include "analysis/official_rows.h"
#include "analysis/protocol_check.h"
#include "core/arena.h"
#include "core/err.h"
#include "model/form.h"
#include "store/store.h"

/* The results protocol form that official results are kept and compared
 * by: its tags name the official lines. */
#define RESULTS_FORM "PR"

/* The current, not rejected reports on the protocol forms, when a running
 * tally knows which they are (tally_protocol_ids()): read by key instead
 * of picked out of every report of the mission.  NULL where one is taken:
 * listed from the store. */
struct protocol_reports {
	const int64_t *ids;
	size_t n;
};

/* Check the current, not rejected reports on every form of kind protocol
 * of mission_id (protocol_check_add), messages in lang (NULL: each form's
 * first language).  On success out is finished and the caller releases
 * it with protocol_check_release(); on error it holds nothing.  Errors:
 * a stored form that does not parse or does not fit the ballot
 * (ST_INVALID), store errors. */
enum status protocol_check_load(struct store *st, int64_t mission_id, const char *lang,
                                struct protocol_check *out /* OUT */, struct err *e);

/* The same on the reports known (NULL: listed from the store). */
enum status protocol_check_load_from(struct store *st, int64_t mission_id,
                                     const struct protocol_reports *known,
                                     const char *lang,
                                     struct protocol_check *out /* OUT */, struct err *e);

/* The lines of protocol form f, in its order: every integer question,
 * with its text in lang and, for a ballot line, the choice's code and
 * name.  Strings are f's own (they live as long as f); *lines is a new
 * array the caller frees. */
void results_lines(const struct form *f, const char *lang,
                   struct results_line **lines /* OUT */, size_t *n /* OUT */);

/* Compare the mission's observed protocols on RESULTS_FORM with its
 * official results (discrepancy_compute), listing differences of at least
 * min; labels in lang.  The caller releases out with discrepancy_release()
 * on success.  ST_NOT_FOUND ("form: ...") when the mission has no form
 * RESULTS_FORM; store errors. */
enum status discrepancy_load(struct store *st, int64_t mission_id, int64_t min,
                             const char *lang, struct discrepancy *out /* OUT */,
                             struct err *e);

/* The same on the official rows of src (the store's when NULL) and the
 * reports known (NULL: listed from the store). */
enum status discrepancy_load_from(struct store *st, int64_t mission_id,
                                  const struct official_rows *src,
                                  const struct protocol_reports *known, int64_t min,
                                  const char *lang, struct discrepancy *out /* OUT */,
                                  struct err *e);

#endif
