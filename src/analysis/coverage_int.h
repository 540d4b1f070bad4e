/* coverage_int.h - what coverage_reg.c (reading the registry) and
 * coverage.c (counting) share: the part of a mission's registry coverage
 * is laid out by, as read from the store once.
 *
 * It holds every form with its level and phase, every location a form
 * can be filled at (polling stations, and the levels of the forms that
 * are not incident forms) with its region, the assignments of each of
 * them in the store's order with their day, the observers assigned with
 * their names and phones, and which stations are in the quick count's
 * sample.  Nothing depends on the day or the form asked for: coverage.c
 * picks those out at each computation, so one registry serves every
 * request until the registry changes. */
#ifndef OBSERVA_COVERAGE_INT_H
#define OBSERVA_COVERAGE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/coverage.h"
#include "analysis/region_map.h"
#include "core/arena.h"
#include "core/strmap.h"

/* A form as the store lists it. */
struct creg_form {
	const char *code;
	const char *level; /* where it is filled; "station" when not set
	                    * (interned: see coverage_reg.levels) */
	int rank;          /* phase order: opening, voting, counting,
	                    * tabulation, others */
	bool incident;     /* an incident form: never expected */
};

/* An assignment of an observer to a location on a day. */
struct creg_assign {
	const char *day;
	uint32_t obs;  /* index in coverage_reg.obs */
	uint32_t next; /* the location's next assignment + 1, or 0 */
};

/* A location a form may be filled at, in the store's order (by code). */
struct creg_loc {
	const char *code, *name;
	const char *level; /* interned: see coverage_reg.levels */
	size_t region;     /* region_map_of() in coverage_reg.rm */
	bool sampled;      /* in the quick count's sample */
	uint32_t first;    /* its first assignment + 1, or 0 */
	uint32_t last;     /* its last assignment + 1, or 0 */
};

/* An observer with an assignment; name and phones NULL when the
 * observer list does not have the code. */
struct creg_obs {
	const char *code, *name, *phones;
};

struct coverage_reg {
	int64_t mission_id;
	int64_t mark;            /* tally_marks.registry when read */
	struct tally_marks seen; /* the marks last read (store_tally_marks_since) */
	struct arena a;
	/* Each level once: two levels of forms or locations are the same
	 * when their pointers are, which spares comparing strings for every
	 * station and form.  levels[0] is "station". */
	const char **levels;
	size_t nlevels, cap_levels;
	struct creg_form *forms; /* in the store's order */
	size_t nforms, cap_forms;
	struct creg_loc *locs;
	size_t nlocs, cap_locs;
	struct strmap locmap; /* code -> index in locs + 1 */
	uint32_t *loc_of_id;  /* by the store's key: index in locs + 1, or 0 */
	size_t nloc_of_id;
	struct region_map rm; /* every location of the mission */
	struct creg_obs *obs;
	size_t nobs, cap_obs;
	struct strmap obsmap; /* code -> index in obs + 1 */
	struct creg_assign *as;
	size_t nas, cap_as;
	bool any_assignment; /* the mission assigns someone, anywhere, any day */
};

#endif
