/* seats_text.h - a seat allocation and a winner as text for an analyst:
 * the rule and its figures (base, threshold, quota), a table of the rows
 * with columns aligned by characters (Cyrillic and Kazakh names line up),
 * and the outcome in a sentence, ties and empty results said plainly. */
#ifndef OBSERVA_SEATS_TEXT_H
#define OBSERVA_SEATS_TEXT_H

#include <stdio.h>

#include "analysis/seats.h"
#include "analysis/winner.h"
#include "core/err.h"

/* Write the allocation res of rows to out; preset names the preset used,
 * or is NULL.  ST_IO with e filled when writing fails. */
enum status seats_text_write(const struct seats_result *res, const struct vote_row *rows,
                             const char *preset, FILE *out, struct err *e);

/* Write the decision w among rows to out.  ST_IO when writing fails. */
enum status winner_text_write(const struct winner_result *w, const struct vote_row *rows,
                              FILE *out, struct err *e);

/* n with a comma between groups of three digits ("7,241,562") into
 * out[32]; returns out. */
const char *seats_text_int(long long n, char out[32]);

#endif
