/* mission.h - an observation mission for one election, and its rules.
 *
 * A mission is named everywhere by its code, a short slug such as
 * "kz-2023".  Strings in struct mission are borrowed: whoever fills the
 * struct says how long they live (usually an arena). */
#ifndef OBSERVA_MISSION_H
#define OBSERVA_MISSION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct mission {
	int64_t id;       /* store's key; 0 before it is stored */
	const char *code; /* slug: [a-z0-9][a-z0-9-]{1,31} */
	const char *name;
	const char *organisation;  /* the observing organisation, may be NULL */
	const char *election_type; /* canonical word, see election_type_canonical */
	const char *election_date; /* YYYY-MM-DD */
	const char *country;       /* ISO 3166-1 alpha-2 of the election */
	const char *long_term_start, *long_term_end;   /* YYYY-MM-DD or NULL */
	const char *short_term_start, *short_term_end; /* YYYY-MM-DD or NULL */
	const char *settings;   /* JSON object text; NULL means "{}" */
	const char *created_at; /* set by the store */
};

/* The canonical election type for a word a user typed, or NULL.
 * Canonical: president, senate, parliament, local, referendum, other;
 * "mazhilis" means parliament and "maslikhat" means local. */
const char *election_type_canonical(const char *word);

/* A comma-separated list of the canonical election types, for messages. */
const char *election_types_list(void);

/* True when code is a valid mission slug. */
bool mission_code_valid(const char *code);

/* Check every field; e names the first bad field and why. */
enum status mission_validate(const struct mission *m, struct err *e);

#endif
