/* import_tree.h - the rows of a locations import put in an order where
 * every parent comes before its children, with missing parents, stations
 * used as parents and loops found before anything is written.  Internal to
 * src/ingest. */
#ifndef OBSERVA_IMPORT_TREE_H
#define OBSERVA_IMPORT_TREE_H

#include <stddef.h>

#include "core/err.h"
#include "core/strmap.h"
#include "model/location.h"
#include "model/mission.h"
#include "store/store.h"

/* One row of a locations file. */
struct import_loc {
	struct location l;
	long line;    /* line where the row begins */
	size_t index; /* position among the rows */
};

/* Fill order[0..n) with the indexes of rows[0..n) so that a parent given in
 * the file comes before its children; among equals the file's order is
 * kept.  codes maps every row's code to its struct import_loc.  A parent
 * that is not in the file is looked up in mission m of st.
 *
 * Errors name the line of the first bad row and the column parent_col:
 * a parent that is neither in the file nor in the mission (ST_NOT_FOUND),
 * a parent that is a polling station, parents that would form a loop
 * (counting the locations already in the mission) (ST_INVALID); store
 * errors are passed on. */
enum status import_tree_order(struct store *st, const struct mission *m,
                              struct import_loc *const *rows, size_t n,
                              const struct strmap *codes, const char *parent_col,
                              size_t *order /* OUT: n entries */, struct err *e);

#endif
