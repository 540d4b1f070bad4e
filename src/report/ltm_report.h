/* ltm_report.h - the long-term log as the command line and the API give
 * it: a meeting with its documents and the observers among its
 * participants, and the log in figures (meetings by kind of institution,
 * documents by direction) with the sentence a summary prints.
 *
 * The JSON shapes are documented in docs/ltm.md; json_t * results are new
 * references. */
#ifndef OBSERVA_LTM_REPORT_H
#define OBSERVA_LTM_REPORT_H

#include <jansson.h>
#include <stddef.h>

#include "store/store.h"

/* meeting_to_json() of r with "documents": the number of its documents.
 * What lists show. */
json_t *ltm_meeting_json(const struct meeting_row *r);

/* One meeting in full: ltm_meeting_json() with "documents" the array of
 * its documents (document_to_json(), by date) and "observers" the
 * participants that are observers' codes of the mission, each {code,
 * full_name, organisation, country}.  NULL with e set on a store error. */
json_t *ltm_meeting_detail(struct store *st, int64_t mission_id,
                           const struct meeting_row *r, struct err *e);

#define LTM_KINDS 10 /* institution kinds (meeting_kinds_list()) */

/* The log in figures. */
struct ltm_tally {
	int64_t meetings;
	int64_t by_kind[LTM_KINDS]; /* in the order of ltm_kind_name() */
	int64_t documents, handed_over, received;
	char first[11], last[11]; /* dates of the first and last meetings,
	                           * "" when there are none */
};

/* The canonical kind number i (0 .. LTM_KINDS - 1), or NULL. */
const char *ltm_kind_name(size_t i);

/* Count the mission's meetings and documents into *t. */
enum status ltm_tally(struct store *st, int64_t mission_id, struct ltm_tally *t /* OUT */,
                      struct err *e);

/* "25 meetings (6 with the election commission, 5 with parliament ...),
 * 4 documents (3 handed over, 1 received)" into out[0..n): the kinds with
 * meetings, most first (ties in the order of the kinds).  Returns out. */
const char *ltm_tally_sentence(const struct ltm_tally *t, char *out, size_t n);

#endif
