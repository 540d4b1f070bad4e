/* ltm_json.h - the JSON shape of the long-term log's meetings and
 * documents, and a meeting read from JSON (the API's POST body).
 *
 * One shape serves the API, the command line's --format json and the
 * audit log's images, as registry_json.h does for the registry.  Functions
 * returning json_t * return a new reference. */
#ifndef OBSERVA_LTM_JSON_H
#define OBSERVA_LTM_JSON_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "model/document.h"
#include "model/meeting.h"

/* {id (when set), date, time, place, counterpart, institution_kind,
 * institution, participants: [...], topics, summary, follow_ups,
 * created_at (when set)}; absent fields are null, participants an empty
 * array. */
json_t *meeting_to_json(const struct meeting *m);

/* {id (when set), meeting (its id or null), title, kind, direction, date,
 * file_name, content_type, size, hash, created_at (when set)}. */
json_t *document_to_json(const struct document *d);

/* The meeting in JSON object o, strings copied into a, not yet prepared
 * (meeting_prepare()).  The members are those of meeting_to_json() but id
 * and created_at; participants may be an array of strings or one string
 * of items joined by ';'; null or absent members are left NULL.
 * ST_INVALID with "FIELD: what" for a member of the wrong type or one
 * that is not a field ("unknown field \"x\" (the fields are ...)"). */
enum status meeting_from_json(const json_t *o, struct arena *a, struct meeting *out,
                              struct err *e);

/* Change meeting m by JSON object o, the body of a PATCH: each member
 * present replaces its field (strings copied into a), null empties it,
 * absent members leave theirs as they are.  Errors as for
 * meeting_from_json(); m may be partly changed then. */
enum status meeting_patch_json(const json_t *o, struct arena *a, struct meeting *m,
                               struct err *e);

#endif
