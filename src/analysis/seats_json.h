/* seats_json.h - the JSON documents of a seat allocation and of a
 * winner, for "--format json" (and any later API): the shapes are
 * described in docs/analysis.md#electoral-systems. */
#ifndef OBSERVA_SEATS_JSON_H
#define OBSERVA_SEATS_JSON_H

#include <jansson.h>

#include "analysis/seats.h"
#include "analysis/winner.h"

/* The allocation res of rows (the rows it was computed from).  A new
 * reference; the caller decrefs it. */
json_t *seats_to_json(const struct seats_result *res, const struct vote_row *rows);

/* The decision w among rows.  A new reference; the caller decrefs it. */
json_t *winner_to_json(const struct winner_result *w, const struct vote_row *rows);

#endif
