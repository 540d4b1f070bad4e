/* export_table.h - rows of typed cells written as CSV, a JSON array, JSON
 * Lines or an HTML table, one cell at a time into a buffer, so that an
 * export of any size never holds more than the rows not yet sent.
 *
 * CSV is RFC 4180: a header row, CRLF line ends, a field quoted only when
 * it holds a comma, a quote or a line break (quotes doubled), numbers
 * never quoted, UTF-8, with a byte order mark first only when asked (for
 * Excel).  JSON gives each row as an object keyed by the column names, in
 * column order; an empty cell is null.  Bytes that are not UTF-8 (none
 * should be stored) become U+FFFD in every format.  docs/exports.md. */
#ifndef OBSERVA_EXPORT_TABLE_H
#define OBSERVA_EXPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_JSONL, EXPORT_HTML };

struct export_table {
	enum export_format format;
	struct buf *out;            /* where bytes go; may change between rows */
	const char *const *columns; /* names: the CSV header, the JSON keys */
	const char *const *titles;  /* HTML header cells; NULL: the names */
	size_t ncolumns;
	bool bom;       /* CSV: start with the UTF-8 byte order mark */
	size_t cell;    /* cells written in the current row */
	int64_t rows;   /* rows ended */
	enum status rc; /* the first failure of out (ST_TOO_BIG), or ST_OK */
};

/* Prepare t for rows of n columns; the names (and titles) must outlive it. */
void export_table_init(struct export_table *t, enum export_format f,
                       const char *const *columns, size_t n);

/* What goes before the first row: the BOM and the header row (CSV), "["
 * (JSON), the table's head (HTML); nothing for JSON Lines. */
void export_table_begin(struct export_table *t);

/* The next cell of the row: text (NULL for an empty cell), a whole
 * number, a real (15 significant digits), a number already written as
 * text (digits, '-', '.'; written as it is), a JSON value's text (as it is
 * in JSON, as text elsewhere), or nothing. */
void export_table_text(struct export_table *t, const char *s);
void export_table_int(struct export_table *t, int64_t v);
void export_table_real(struct export_table *t, double v);
void export_table_number(struct export_table *t, const char *digits);
void export_table_json(struct export_table *t, const char *json);
void export_table_null(struct export_table *t);

/* End the row; a row with fewer cells than columns is padded with empty
 * ones (a bug: assert()ed). */
void export_table_row_end(struct export_table *t);

/* What goes after the last row: "]" (JSON), the table's end (HTML). */
void export_table_finish(struct export_table *t);

/* s with &, <, >, " and ' escaped for HTML text and attributes, appended
 * to out. */
void export_html_escape(struct buf *out, const char *s);

/* The media type of a format ("text/csv; charset=utf-8; header=present")
 * and the file name extension ("csv"). */
const char *export_format_type(enum export_format f);
const char *export_format_ext(enum export_format f);

/* The format named name (csv, json, jsonl, html); false when none is. */
bool export_format_parse(const char *name, enum export_format *out /* OUT */);

#endif
