/* location.h - the tree of places a mission observes: country, regions,
 * districts, polling stations, and a branch for stations abroad.
 *
 * Each location has a string code unique in its mission; the tree is given
 * by each location's parent code.  Strings are borrowed (see mission.h). */
#ifndef OBSERVA_LOCATION_H
#define OBSERVA_LOCATION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define LOCATION_CODE_MAX 64

struct location {
	int64_t id; /* store's key; 0 before it is stored */
	const char *code;
	const char *name;
	const char *level;         /* canonical, see location_level_canonical */
	const char *parent;        /* parent's code, NULL at the top of the tree */
	int64_t registered_voters; /* stations only; -1 when unknown */
	bool has_coords;
	double latitude, longitude;
	const char *stratum; /* sampling stratum, NULL when none */
};

/* The canonical level for a word, or NULL.  Levels: country, region, city
 * (a city with the rank of a region), abroad (the branch holding stations
 * abroad), district, territory (a territorial commission), station. */
const char *location_level_canonical(const char *word);

/* Comma-separated canonical levels, for messages. */
const char *location_levels_list(void);

/* True when level is "station". */
bool location_is_station(const struct location *l);

/* Check every field on its own (the tree is the store's to check).
 * e's message names the field: "registered_voters: must be 0 or more". */
enum status location_validate(const struct location *l, struct err *e);

/* True when code is acceptable as a location or observer code: 1 to
 * LOCATION_CODE_MAX bytes of valid UTF-8, no control characters, no
 * slash, no leading or trailing space. */
bool registry_code_valid(const char *code);

#endif
