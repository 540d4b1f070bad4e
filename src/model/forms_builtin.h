/* forms_builtin.h - the standard forms OP, VO, CO, TA, IN and PR compiled
 * into the binary: the build makes build/gen/forms_builtin_data.c from
 * forms/CODE.json, so the JSON files are the only copy. */
#ifndef OBSERVA_FORMS_BUILTIN_H
#define OBSERVA_FORMS_BUILTIN_H

#include <stddef.h>

/* One shipped form: its code (the file's name) and its JSON text. */
struct forms_builtin {
	const char *code;
	const char *json;
};

/* The generated table, sorted by code and ended by {NULL, NULL}; use the
 * functions below rather than this. */
extern const struct forms_builtin forms_builtin_table[];

/* The JSON text of the shipped form code (exact, e.g. "OP"), or NULL.
 * The text is static. */
const char *forms_builtin_json(const char *code);

/* Number of shipped forms. */
size_t forms_builtin_count(void);

/* The code of the i-th shipped form (sorted by code), NULL past the end. */
const char *forms_builtin_code(size_t i);

#endif
