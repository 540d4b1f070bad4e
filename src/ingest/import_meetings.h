/* import_meetings.h - the long-term log's meetings from a CSV file, one
 * row a meeting (docs/ltm.md#importing-a-log, docs/import-formats.md).
 *
 * As the other imports (import.h): the whole file is read and every row
 * checked first, then everything is written in one transaction, all or
 * nothing.  A meeting is known by its date, time, institution and
 * counterpart, so importing the same file again changes nothing and a
 * corrected file updates the meetings it corrects. */
#ifndef OBSERVA_IMPORT_MEETINGS_H
#define OBSERVA_IMPORT_MEETINGS_H

#include "ingest/import.h"

/* Import the meetings CSV read by r into mission m (m->id, m->code set).
 * Columns: date, institution_kind (or kind), institution (required);
 * time, place, counterpart, participants, topics, summary, follow_ups.
 * Each row is prepared and checked as meeting_prepare() does; two rows
 * of the file with the same date, time, institution and counterpart are
 * refused.  counts: inserted (new meetings), updated (a stored meeting
 * with other fields), unchanged.  Errors start "line L, column NAME: " or
 * "line L: "; on error nothing is written.  opts may be NULL. */
enum status import_meetings(struct csv_reader *r, struct store *st,
                            const struct mission *m, const struct import_opts *opts,
                            struct import_counts *counts /* OUT */, struct err *e);

/* The column names, comma-separated, for help and messages. */
const char *import_meeting_columns(void);

#endif
