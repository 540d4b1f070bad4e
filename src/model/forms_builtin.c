/* forms_builtin.c - lookup in the table of shipped forms generated at build
 * time from the JSON files in forms/. */
#include <string.h>

#include "model/forms_builtin.h"

const char *forms_builtin_json(const char *code)
{
	for (size_t i = 0; forms_builtin_table[i].code; i++)
		if (!strcmp(forms_builtin_table[i].code, code))
			return forms_builtin_table[i].json;
	return NULL;
}

size_t forms_builtin_count(void)
{
	size_t n = 0;

	while (forms_builtin_table[n].code)
		n++;
	return n;
}

const char *forms_builtin_code(size_t i)
{
	return i < forms_builtin_count() ? forms_builtin_table[i].code : NULL;
}
