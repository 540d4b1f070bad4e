/* forms_install.c - storing parsed forms, and the shipped forms of every
 * new mission. */
#include <string.h>

#include "ingest/forms_install.h"
#include "model/forms_builtin.h"

enum status forms_install_put(struct store *st, int64_t mission_id, const struct form *f,
                              enum upsert_result *res, struct err *e)
{
	json_t *def = form_to_json(f);
	char *text = json_dumps(def, JSON_COMPACT | JSON_PRESERVE_ORDER);
	struct form_record rec = {
	    .code = f->code,
	    .version = f->version,
	    .kind = form_kind_str(f->kind),
	    .phase = form_phase_str(f->phase),
	    .level = f->level,
	    .definition = text,
	};
	enum status rc;

	if (!text)
		rc = err_set(e, ST_NOMEM, "cannot write form %s as JSON", f->code);
	else
		rc = store_form_put(st, mission_id, &rec, res, e);
	free(text);
	json_decref(def);
	return rc;
}

enum status forms_install_builtin(struct store *st, int64_t mission_id, struct err *e)
{
	enum status rc = ST_OK;

	for (size_t i = 0; !rc && forms_builtin_code(i); i++) {
		struct form_problems problems = FORM_PROBLEMS_INIT;
		const char *code = forms_builtin_code(i),
		           *json = forms_builtin_json(code);
		enum upsert_result res;
		struct form *f = NULL;

		if (form_parse(json, strlen(json), &f, &problems))
			rc = err_set(e, ST_INTERNAL,
			             "the shipped form %s does not parse: %s: %s", code,
			             problems.v[0].path, problems.v[0].message);
		else
			rc = forms_install_put(st, mission_id, f, &res, e);
		form_free(f);
		form_problems_release(&problems);
	}
	return rc;
}
