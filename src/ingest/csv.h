/* csv.h - a streaming RFC 4180 CSV reader with precise error positions.
 *
 * Reads records one at a time from a FILE* or a memory buffer: quoted
 * fields, doubled quotes, commas and line breaks inside quotes, CRLF, LF or
 * lone CR line ends, an optional UTF-8 byte-order mark at the very start.
 * Every field must be valid UTF-8.  Errors name the physical line and column
 * (1-based, columns counted in characters) where the problem was seen.
 *
 *   struct csv_reader r;
 *   csv_open_file(&r, fp);
 *   while ((rc = csv_next(&r, &e)) == ST_OK && r.nfields) { ...r.fields[i]... }
 *   csv_close(&r);
 */
#ifndef OBSERVA_CSV_H
#define OBSERVA_CSV_H

#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"

#define CSV_MAX_FIELD  (1u << 20)  /* one field may hold at most 1 MiB */
#define CSV_MAX_FIELDS 4096        /* fields per record */
#define CSV_MAX_RECORD (64u << 20) /* bytes of one record, all fields */

struct csv_reader {
	/* The current record, valid until the next csv_next() or csv_close().
	 * fields[i] is a NUL-terminated copy of field i with quotes removed;
	 * line breaks inside quoted fields are kept as they were (CRLF stays
	 * CRLF). */
	char **fields;
	size_t nfields;   /* 0 after the last record or an error */
	long line;        /* physical line where the current record starts */
	long *field_col;  /* column where each field starts, 1-based; for
	                   * a quoted field, the column of its quote */
	long *field_line; /* line where each field starts */

	/* private */
	FILE *fp;                 /* NULL when reading memory */
	const unsigned char *win; /* bytes being read: iobuf or the memory */
	size_t win_len, win_pos;
	long long win_base;     /* bytes consumed before win (for progress) */
	int eof;                /* fp has reported end of input or an error */
	int read_errno;         /* errno of a failed read, 0 if none */
	int at_start;           /* byte-order mark not yet looked for */
	long cur_line, cur_col; /* position of win[win_pos] */
	struct buf store;       /* field bytes, each field followed by a NUL */
	size_t *offsets;        /* where each field starts in store */
	size_t cap_fields;      /* room in fields, field_col, field_line, offsets */
	unsigned field_high;    /* nonzero once the field has a non-ASCII byte */
	struct err fail;        /* a failure, returned again by later calls */
	char iobuf[65536];
};

/* Read from fp (not closed by csv_close). */
void csv_open_file(struct csv_reader *r, FILE *fp);
/* Read from mem[0..len) which must outlive the reader. */
void csv_open_mem(struct csv_reader *r, const char *mem, size_t len);

/* Read the next record.  Returns ST_OK with nfields > 0 for a record,
 * ST_OK with nfields == 0 at end of input, or ST_INVALID / ST_TOO_BIG /
 * ST_IO with e filled.  Every message starts "line L, column C: ", e.g.
 * "line 7, column 12: quoted field opened here is never closed".
 * A failure is final: later calls return it again with nfields == 0.
 * A blank line (nothing but its line end) is skipped, not a record. */
enum status csv_next(struct csv_reader *r, struct err *e);

/* Bytes consumed so far; for progress reporting. */
long long csv_bytes_read(const struct csv_reader *r);

/* Free the reader's memory; calling it twice is harmless. */
void csv_close(struct csv_reader *r);

#endif
