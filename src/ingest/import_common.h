/* import_common.h - what the CSV importers share: the header row mapped to
 * the documented columns, the current row's values, messages that name the
 * line and the column, and progress.  Internal to src/ingest. */
#ifndef OBSERVA_IMPORT_COMMON_H
#define OBSERVA_IMPORT_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "ingest/csv.h"
#include "ingest/import.h"

#define IMPORT_MAX_COLUMNS 16

enum import_column_flags {
	IMPORT_REQUIRED = 1 << 0, /* the header must have it */
};

/* One documented column of an import file. */
struct import_column {
	const char *name;  /* as documented, lower case */
	const char *alias; /* another accepted spelling, or NULL */
	unsigned flags;
};

/* The header row of an input, mapped to a table of columns. */
struct import_header {
	const struct import_column *cols;
	size_t ncols;
	int field[IMPORT_MAX_COLUMNS];     /* the field holding column c; -1: absent */
	char *written[IMPORT_MAX_COLUMNS]; /* column c's name as the file writes it
	                                    * (owned), NULL when absent */
	size_t nfields;                    /* fields in the header, so in every row */
};

/* Read the header row from r and map it to cols[0..ncols).  kind names the
 * file in messages ("locations").  Header names are trimmed and compared
 * without regard to ASCII case.  Errors (ST_INVALID): an empty input, an
 * empty name, an unknown name (with the closest known name when one is
 * obviously meant), a column given twice, a required column missing; CSV
 * errors come from the reader.  Release h with import_header_release() in
 * every case. */
enum status import_header_read(struct import_header *h, const struct import_column *cols,
                               size_t ncols, const char *kind, struct csv_reader *r,
                               struct err *e);
void import_header_release(struct import_header *h);

/* Read the next data row into r.  *more is false at the end of input.  A
 * row whose number of fields differs from the header's is an error naming
 * its line.  Every field is trimmed of white space in place. */
enum status import_row_next(const struct import_header *h, struct csv_reader *r,
                            bool *more /* OUT */, struct err *e);

/* Column col's value in r's current row: trimmed, NULL when the column is
 * absent or the value is empty.  Valid until the next row is read. */
const char *import_value(const struct import_header *h, const struct csv_reader *r,
                         int col);

/* True when the header has column col. */
bool import_has_column(const struct import_header *h, int col);

/* Column col's name for messages: as the file writes it, else as documented. */
const char *import_column_name(const struct import_header *h, int col);

/* Fill e with code and "line L, column NAME: " (column may be NULL:
 * "line L: ") followed by the formatted text; returns code. */
enum status import_fail(struct err *e, enum status code, long line, const char *column,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Report at line L an error of a lower layer (model validation, store)
 * whose message reads "FIELD: what": when FIELD is one of the columns, the
 * message becomes "line L, column NAME: what", else "line L: message".
 * Returns cause->code.  e and cause may be the same. */
enum status import_fail_from(struct err *e, const struct import_header *h, long line,
                             const struct err *cause);

/* v as it may be quoted in a message: at most IMPORT_QUOTE_MAX - 4 bytes,
 * cut at a character boundary and ended with "..." when longer. */
#define IMPORT_QUOTE_MAX 84
const char *import_quote(const char *v, char out[IMPORT_QUOTE_MAX]);

/* After a problem rc (message in e) with r's current row: true when
 * opts collects problems and reading can go on (a problem of the data,
 * ST_INVALID, with the row read as CSV): the message went to
 * opts->problems and e is cleared.  False: stop with rc. */
bool import_collect(const struct import_opts *opts, const struct csv_reader *r,
                    enum status rc, struct err *e);

/* At the end of reading: ST_INVALID, with a message counting them, when
 * problems were collected; ST_OK otherwise. */
enum status import_collected(const struct import_opts *opts, struct err *e);

/* Call opts->progress if there is one. */
void import_progress(const struct import_opts *opts, enum import_phase phase,
                     long long done, long long total);

/* Rows between two progress reports. */
#define IMPORT_PROGRESS_EVERY 2048

/* After an import's commit: when it changed at least IMPORT_ANALYZE_ROWS
 * rows, refresh the database's statistics (store_analyze.h) so that the
 * servers plan for what the tables now hold.  A failure there changes
 * nothing imported and is not reported. */
#define IMPORT_ANALYZE_ROWS 1000
struct store;
struct import_counts;
void import_analyze(struct store *st, const struct import_counts *counts);

/* During an import, once its IMPORT_ANALYZE_ROWS-th row is written:
 * the statistics of tables (store_analyze_tables()), so that the rest of
 * the rows are written with the plans of a table that holds rows.  A
 * failure is not reported: the import goes on as planned before. */
void import_analyze_early(struct store *st, const char *tables,
                          const struct import_counts *counts);

#endif
