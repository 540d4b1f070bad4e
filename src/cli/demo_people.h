/* demo_people.h - the demo mission's observers: about 800 people from 12
 * observing organisations and 41 countries, with roles, teams of two,
 * phones, e-mails, languages and their accreditation by the CEC. */
#ifndef OBSERVA_DEMO_PEOPLE_H
#define OBSERVA_DEMO_PEOPLE_H

#include <stdint.h>

#include "cli/demo_plan.h"

/* Append the observers to p.  The same seed gives the same people.  Codes
 * are an organisation's prefix and a number ("ODIHR-001"); phone numbers
 * and e-mail addresses are unique; e-mails are under the reserved
 * ".example" domain, so none can reach a real person. */
void demo_people_plan(struct demo_plan *p, uint64_t seed);

#endif
