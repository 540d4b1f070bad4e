/* colspec.h - columns of a commission's CSV file as an analyst names
 * them on the command line: by the header's text or by 1-based number,
 * one ("--valid 10", "--valid 'Число действительных бюллетеней'"), a
 * range ("--choices 14-21", "--choices 'Nur Otan-Against all'") or a
 * list ("--id 1,2,3").  Header texts may hold '-' and ',' themselves:
 * the whole text is tried as one name before it is split. */
#ifndef OBSERVA_COLSPEC_H
#define OBSERVA_COLSPEC_H

#include <stddef.h>

#include "core/err.h"

/* The 0-based column of spec in header (n names): the header text,
 * trimmed and compared exactly, else ignoring ASCII case when that
 * matches one column only; else a number from 1 to n.  ST_INVALID naming
 * spec (and what the header has) otherwise, or when a name matches more
 * than one column. */
enum status colspec_one(const char *const *header, size_t n, const char *spec,
                        size_t *col /* OUT */, struct err *e);

/* The columns of spec: one column, or FROM-TO (both ends as
 * colspec_one(), FROM not after TO) in header order.  *cols is a new
 * array of *ncols indexes the caller frees. */
enum status colspec_range(const char *const *header, size_t n, const char *spec,
                          size_t **cols /* OUT */, size_t *ncols /* OUT */,
                          struct err *e);

/* The columns of a comma-separated list of specs (each one column or a
 * range), in the order given.  *cols is a new array the caller frees. */
enum status colspec_list(const char *const *header, size_t n, const char *spec,
                         size_t **cols /* OUT */, size_t *ncols /* OUT */,
                         struct err *e);

#endif
