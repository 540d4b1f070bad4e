/* votes_csv.h - VOTES.csv, an election's result table, one row per party
 * list or candidate (and optionally "against all" and invalid ballots), for
 * "observa seats" and "observa winner".
 *
 * Columns (header names in any ASCII case, in any order):
 *   name   required  the list or candidate, unique in the file
 *   votes  required  a whole number from 0 to VOTES_ROW_MAX, digits only
 *   kind   optional  list (default; also candidate, party), against_all,
 *                    invalid
 *   order  optional  registration order, a whole number >= 0, unique among
 *                    the rows that give one; a tie goes to the lower
 *                    order; rows without one come after those with one
 *
 *   struct votes_table t;
 *   if (votes_csv_load("votes.csv", &t, &e)) ...e.msg...;
 *   ... t.rows[0..t.nrows) ...
 *   votes_table_release(&t);
 */
#ifndef OBSERVA_VOTES_CSV_H
#define OBSERVA_VOTES_CSV_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "ingest/csv.h"
#include "model/votes.h"

#define VOTES_MAX_ROWS 100000

struct votes_table {
	struct vote_row *rows; /* nrows, in file order; names live in arena */
	long *lines;           /* the line each row starts on */
	size_t nrows;
	struct arena arena;
};

/* Read a whole VOTES.csv from r (opened by the caller) into t.  ST_INVALID
 * (or the reader's ST_TOO_BIG / ST_IO) with a message naming the line and
 * the column: "line 4, column votes: \"12a\" is not a whole number of
 * votes".  Refused: an empty file, a header without rows, unknown or
 * missing columns, an empty name, a name or an order given twice, a vote
 * count that is not a whole number from 0 to VOTES_ROW_MAX, votes adding
 * up to more than VOTES_TOTAL_MAX, an unknown kind, more than
 * VOTES_MAX_ROWS rows.  t is empty after an error; release it in every
 * case. */
enum status votes_csv_read(struct csv_reader *r, struct votes_table *t /* OUT */,
                           struct err *e);

/* Open path with csv_file_open() ("-" is standard input; ".gz" is
 * decompressed) and read it; messages start with the path. */
enum status votes_csv_load(const char *path, struct votes_table *t /* OUT */,
                           struct err *e);

/* The columns, for help and messages: "name, votes, kind, order". */
const char *votes_csv_columns(void);

void votes_table_release(struct votes_table *t);

#endif
