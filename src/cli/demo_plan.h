/* demo_plan.h - the demo mission held in memory before it is stored.
 *
 * The generators (demo_places.c, demo_people.c) append locations and
 * observers to a plan; demo_mission.c then writes the plan to a store in
 * one transaction.  Every string of a plan lives in its arena. */
#ifndef OBSERVA_DEMO_PLAN_H
#define OBSERVA_DEMO_PLAN_H

#include <stddef.h>

#include "core/arena.h"
#include "model/location.h"
#include "model/observer.h"

struct demo_plan {
	struct arena arena;         /* every string below */
	struct location *locations; /* parents before their children */
	size_t nlocations, locations_alloc;
	struct observer *observers;
	size_t nobservers, observers_alloc;
};

#define DEMO_PLAN_INIT                                                                   \
	{                                                                                \
		ARENA_INIT, NULL, 0, 0, NULL, 0, 0                                       \
	}

/* Append a copy of *l (its strings are not copied: put them in the plan's
 * arena first) and return the stored copy. */
struct location *demo_plan_add_location(struct demo_plan *p, const struct location *l);
struct observer *demo_plan_add_observer(struct demo_plan *p, const struct observer *o);

/* printf into a new string in the plan's arena. */
char *demo_plan_fmt(struct demo_plan *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Free everything; p may be reused after "= DEMO_PLAN_INIT". */
void demo_plan_release(struct demo_plan *p);

#endif
