/* results_text.h - the results analyses as text for the terminal and as
 * CSV for R, Stata or a spreadsheet: the protocols whose arithmetic fails
 * (protocol_check.h) and the stations whose official figures differ from
 * the observers' copies (discrepancy.h).  CSV is RFC 4180 with a header
 * row, one row per failed check or per differing line. */
#ifndef OBSERVA_RESULTS_TEXT_H
#define OBSERVA_RESULTS_TEXT_H

#include <stdio.h>

#include "analysis/discrepancy.h"
#include "analysis/protocol_check.h"
#include "core/err.h"

/* The summary, the count of failures per check, then each failing report
 * with its checks, messages and the figures they read.  ST_IO with e
 * filled when writing fails. */
enum status protocol_check_text_write(const struct protocol_check *pc,
                                      const char *mission, FILE *out, struct err *e);

/* Columns station, form, submission, observer, status, check, expr,
 * message, values (the figures as "G=12 H=840"). */
enum status protocol_check_csv_write(const struct protocol_check *pc, FILE *out,
                                     struct err *e);

/* The summary, the largest differences, the totals per line, then each
 * station's differing lines. */
enum status discrepancy_text_write(const struct discrepancy *d, const char *mission,
                                   FILE *out, struct err *e);

/* Columns station, region, line, choice, observed, official, difference,
 * relative, source, observer, submission. */
enum status discrepancy_csv_write(const struct discrepancy *d, FILE *out, struct err *e);

#endif
