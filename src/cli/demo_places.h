/* demo_places.h - the demo mission's map: Kazakhstan, its 17 regions and 3
 * cities of republican status, their territorial election commissions (one
 * for each district, and one for a region's centre city), about 10,000
 * polling stations with about 12 million voters, and about 70 stations
 * abroad. */
#ifndef OBSERVA_DEMO_PLACES_H
#define OBSERVA_DEMO_PLACES_H

#include <stdint.h>

#include "cli/demo_plan.h"

/* Code of the branch that holds the stations abroad. */
#define DEMO_ABROAD_CODE "ABR"

/* Append the location tree to p, parents first.  The same seed gives the
 * same tree.  Codes: "KZ" (country), "R01".."R20" (regions and cities),
 * "R01-D01" (territorial commissions, level "territory", named after their
 * district or city), "01-0001" (stations: region number, station number),
 * "ABR" and "ABR-001" (abroad).  Names are in Kazakh, those abroad in
 * Russian. */
void demo_places_plan(struct demo_plan *p, uint64_t seed);

#endif
