/* api_rows.h - the JSON the API gives for the store's follow-up rows:
 * conflicts between observers, alerts on critical answers, assignments.
 * Each function returns a new reference. */
#ifndef OBSERVA_API_ROWS_H
#define OBSERVA_API_ROWS_H

#include <jansson.h>

#include "store/store.h"

/* {id, station, form, tag, values: [{submission, observer, value}], open,
 * resolved_value (null while open), resolved_by, resolved_at}. */
json_t *conflict_row_to_json(const struct conflict_row *c);

/* {id, submission, station, form, tag, value (the canonical answer),
 * message, created_at}. */
json_t *alert_row_to_json(const struct alert_row *a);

/* {observer, station, day}. */
json_t *assignment_row_to_json(const struct assignment_row *a);

#endif
