/* region_map.h - the region each location of a mission lies in, as the
 * analyses group stations: the first location of level region, city or
 * abroad above it.  Coverage and findings both use it, so a station counts
 * in the same region everywhere.
 *
 *   struct region_map rm;
 *   region_map_init(&rm);
 *   ... region_map_add(&rm, l) for every location (any order) ...
 *   region_map_finish(&rm);
 *   size_t r = region_map_of(&rm, "15-0123");  r < rm.nregions: rm.regions[r]
 *   region_map_release(&rm);
 *
 * Adding copies what it keeps; after region_map_finish() lookups only read,
 * so threads may share a finished map. */
#ifndef OBSERVA_REGION_MAP_H
#define OBSERVA_REGION_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/strmap.h"
#include "model/location.h"
#include "store/store.h"

/* Deeper than any real tree; guards the walk up against a loop. */
#define REGION_MAP_DEPTH_MAX 64

struct region_map_node;

struct region_map_region {
	const char *code, *name;
};

struct region_map {
	struct region_map_region *regions; /* the locations of level region, city
	                                    * or abroad, in the order added (by
	                                    * code when added from a location
	                                    * list, which is ordered by code) */
	size_t nregions;
	/* private */
	struct arena arena;
	struct strmap locs;             /* code -> struct region_map_node */
	struct region_map_node **nodes; /* in the order added */
	size_t nnodes, cap_nodes, cap_regions;
	bool *holds;     /* per region: another region lies below it */
	bool unresolved; /* a walk up looped or ran too deep */
};

/* What region_map_of() answers besides a region's index. */
#define REGION_MAP_NONE    ((size_t)-1) /* a location outside any region */
#define REGION_MAP_UNKNOWN ((size_t)-2) /* no location with that code */

/* True when level (canonical) is one that analyses group by: region, city
 * (a city with the rank of a region) or abroad. */
bool region_map_level(const char *level);

void region_map_init(struct region_map *m);
/* Note location l (its code, name, level and parent are copied).  A code
 * added twice keeps its first entry. */
void region_map_add(struct region_map *m, const struct location *l);
/* Resolve every location's region once, after the last add.  A location
 * whose parents loop, or run deeper than REGION_MAP_DEPTH_MAX, is outside
 * any region. */
void region_map_finish(struct region_map *m);
/* The index in m->regions of the region code lies in (a region is in
 * itself), REGION_MAP_NONE outside any region, REGION_MAP_UNKNOWN for a
 * code never added.  Only after region_map_finish(). */
size_t region_map_of(const struct region_map *m, const char *code);
/* The index of the region with code, or REGION_MAP_UNKNOWN when code is
 * not a location of level region, city or abroad. */
size_t region_map_find(const struct region_map *m, const char *code);
/* Whether the locations below region r (an index in m->regions), r
 * itself included, are exactly those region_map_of() places in r: no
 * other region lies below r, and no walk up from a location was cut
 * short by a loop or by REGION_MAP_DEPTH_MAX.  Only after
 * region_map_finish(). */
bool region_map_whole(const struct region_map *m, size_t r);
/* Free everything; m may be initialised again. */
void region_map_release(struct region_map *m);

/* Fill a map initialised by the caller with every location of the mission
 * and finish it.  Store errors are returned with e filled. */
enum status region_map_load(struct store *st, int64_t mission_id, struct region_map *m,
                            struct err *e);

#endif
