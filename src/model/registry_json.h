/* registry_json.h - the JSON shape of missions, locations and observers.
 *
 * One shape serves the API, the CLI's --format json and the audit log's
 * before/after images, so they always agree.  Each function returns a new
 * reference the caller releases with json_decref(). */
#ifndef OBSERVA_REGISTRY_JSON_H
#define OBSERVA_REGISTRY_JSON_H

#include <jansson.h>

#include "model/location.h"
#include "model/mission.h"
#include "model/observer.h"

json_t *mission_to_json(const struct mission *m);
json_t *location_to_json(const struct location *l);
/* phones and languages become arrays; accreditation holds status,
 * badge_number, requested_on, decided_on, and id_document when set. */
json_t *observer_to_json(const struct observer *o);

/* Compact text of j with keys in insertion order; the caller frees it. */
char *json_text(const json_t *j);

#endif
