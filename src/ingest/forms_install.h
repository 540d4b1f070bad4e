/* forms_install.h - forms put into a mission: the shipped ones (OP VO CO TA
 * IN PR) every new mission starts with, and any parsed definition.
 *
 * A form is stored as its documented JSON (form_to_json), so what is
 * stored, shown and compared is the same text whatever spacing the file had. */
#ifndef OBSERVA_FORMS_INSTALL_H
#define OBSERVA_FORMS_INSTALL_H

#include <stdint.h>

#include "core/err.h"
#include "model/form.h"
#include "store/store.h"

/* Store f in mission_id, replacing a form with the same code (audited);
 * *res says whether it was new, changed or the same. */
enum status forms_install_put(struct store *st, int64_t mission_id, const struct form *f,
                              enum upsert_result *res /* OUT */, struct err *e);

/* Store every shipped form in mission_id (forms_builtin.h).  Run it in the
 * transaction that creates the mission, so a mission never exists without
 * its forms.  ST_INTERNAL naming the form if a shipped definition does not
 * parse (a build error); store errors as they come. */
enum status forms_install_builtin(struct store *st, int64_t mission_id, struct err *e);

#endif
