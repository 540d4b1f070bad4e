/* coverage_text.h - a mission's coverage as plain-text tables for the
 * terminal: one table per form of regions with expected, reported and
 * missing stations, and optionally the list of missing stations with their
 * observers' phones.  Columns are aligned by characters, so Cyrillic and
 * Kazakh names line up. */
#ifndef OBSERVA_COVERAGE_TEXT_H
#define OBSERVA_COVERAGE_TEXT_H

#include <stdio.h>

#include "analysis/coverage.h"
#include "core/err.h"

enum coverage_text_flags {
	COVERAGE_TEXT_MISSING = 1 << 0, /* also list the missing stations */
};

/* Write c, computed for mission code mission, to out.  ST_IO with e filled
 * when writing fails (a full disk, a closed pipe). */
enum status coverage_text_write(const struct coverage *c, const char *mission,
                                unsigned flags, FILE *out, struct err *e);

#endif
