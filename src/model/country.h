/* country.h - the ISO 3166-1 alpha-2 country table built into observa,
 * with English and Russian names and international calling codes. */
#ifndef OBSERVA_COUNTRY_H
#define OBSERVA_COUNTRY_H

#include <stddef.h>

struct country {
	const char *code;    /* "KZ": ISO 3166-1 alpha-2, upper case */
	const char *name_en; /* "Kazakhstan" */
	const char *name_ru; /* "Казахстан" */
	const char *calling; /* "7": ITU-T E.164 country calling code, digits only */
	const char *trunk;   /* national trunk prefix dialled before national
	                      * numbers ("8" for KZ/RU, "0" for most, "1" in
	                      * North America, "" where there is none) */
};

/* The entry for an alpha-2 code (any case), or NULL. */
const struct country *country_by_code(const char *code);

/* Find a country by its alpha-2 code, its English or Russian name, or a
 * common other name ("Russian Federation", "Киргизия", "UK"), or NULL.
 * Surrounding spaces are ignored; names match without regard to case in
 * Latin and Cyrillic letters, with "ё" as "е" and "’" as "'". */
const struct country *country_find(const char *code_or_name);

/* The whole table, sorted by code; *n receives its length. */
const struct country *country_table(size_t *n /* OUT */);

#endif
