/* findings_csv.h - a mission's findings as one tidy CSV table for R,
 * Stata or Excel: one row per form, question, region (and the whole
 * mission) and answer.  docs/analysis.md#process-findings lists the columns. */
#ifndef OBSERVA_FINDINGS_CSV_H
#define OBSERVA_FINDINGS_CSV_H

#include <stdio.h>

#include "analysis/findings.h"
#include "core/err.h"

/* The header line, the columns joined by commas. */
extern const char findings_csv_header[];

/* Write f as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break; UTF-8 without a byte order mark) to out.
 * Shares are proportions rounded half up to six decimals.  ST_IO with e
 * filled when writing fails. */
enum status findings_csv_write(const struct findings *f, FILE *out, struct err *e);

#endif
