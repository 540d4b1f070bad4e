/* form_load.h - a mission's form as reports are checked against it: the
 * stored definition parsed, with the mission's ballot choices applied when
 * the form declares choices (one integer question per candidate or party).
 *
 * The intake caches what this gives; "observa form show" and the API show
 * it, so every channel sees the same questions. */
#ifndef OBSERVA_FORM_LOAD_H
#define OBSERVA_FORM_LOAD_H

#include <stdint.h>

#include "core/err.h"
#include "model/form.h"
#include "store/store.h"

/* Load form code of mission_id from st into *out, which the caller frees
 * with form_free().  ST_NOT_FOUND ("no form with code ...") when the
 * mission has none; ST_INVALID when the stored definition does not parse
 * or the ballot's choices do not fit it (e's message says why); other
 * codes when the store cannot be read. */
enum status form_load(struct store *st, int64_t mission_id, const char *code,
                      struct form **out /* OUT */, struct err *e);

/* The mission's ballot choices applied to f when f declares choices; when
 * it does not, *out is NULL and ST_OK is returned.  The caller frees *out. */
enum status form_load_apply_ballot(struct store *st, int64_t mission_id,
                                   const struct form *f, struct form **out /* OUT */,
                                   struct err *e);

#endif
