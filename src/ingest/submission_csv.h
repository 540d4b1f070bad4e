/* submission_csv.h - paper forms keyed in as CSV: one row per report, the
 * canonical fields as columns (id, form, station, observer, observed_at,
 * comment, replaces) and one column per question tag.
 *
 * Each row becomes the canonical JSON object of that report, so CSV rows go
 * through the same checks and the same intake as JSON (docs/submissions.md). */
#ifndef OBSERVA_SUBMISSION_CSV_H
#define OBSERVA_SUBMISSION_CSV_H

#include "core/err.h"
#include "ingest/csv.h"
#include "ingest/submission_json.h"

/* Read every row of r into out (format SUBMISSION_CSV), each record with
 * the line where its row starts.  The header names the columns in any
 * order and case; a name that is not one of the fields must be a tag
 * (form_tag_valid), which becomes an answer.  An empty cell is left out
 * (not answered); a select_multiple answer is written "1;3".
 *
 * Problems of the file itself refuse it whole: ST_INVALID (or the reader's
 * code) with "line L: ..." or "line L, column NAME: ..." for a CSV syntax
 * error, an empty file, a header without form, station and observer, a
 * column given twice, a name that is neither a field nor a tag, or a row
 * with another number of fields than the header.  out starts as
 * SUBMISSION_BATCH_INIT; release it with submission_batch_release(). */
enum status submission_csv_read(struct csv_reader *r, struct submission_batch *out,
                                struct err *e);

#endif
