/* observer.h - observers, their roles and their accreditation.
 *
 * An observer is accredited by the election commission: requested, then
 * accredited or refused; an accreditation may later be withdrawn.
 * Strings are borrowed (see mission.h). */
#ifndef OBSERVA_OBSERVER_H
#define OBSERVA_OBSERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct observer {
	int64_t id; /* store's key; 0 before it is stored */
	const char *code;
	const char *full_name;
	const char *organisation; /* name, NULL when none */
	const char *country;      /* alpha-2 of origin, NULL when unknown */
	const char *role;         /* canonical, see observer_role_canonical */
	const char *phones;       /* E.164 numbers joined by ';', NULL if none */
	const char *email;
	const char *languages; /* ISO 639-1 codes joined by ';' */
	const char *team;
	const char *accreditation_status; /* requested|accredited|refused|withdrawn */
	const char *badge_number;         /* the commission's badge, NULL until issued */
	const char *requested_on;         /* YYYY-MM-DD or NULL */
	const char *decided_on; /* YYYY-MM-DD or NULL: accredited/refused/withdrawn */
	/* The passport or identity card the commission accredits the observer
	 * on (its number, as written), NULL when none was given. */
	const char *id_document;
};

#define OBSERVER_ID_DOCUMENT_MAX 64 /* bytes of an id_document */

/* Canonical role for a word ("Long-term observer", "LTO", "long_term"), or
 * NULL.  Canonical: head, coordinator, core_team, long_term, short_term,
 * national, expert, interpreter, driver, security, other. */
const char *observer_role_canonical(const char *word);
const char *observer_roles_list(void);

/* Canonical accreditation status for a word, or NULL. */
const char *accreditation_status_canonical(const char *word);
const char *accreditation_statuses_list(void);

/* True when an observer may move from status "from" to "to":
 * requested -> accredited | refused | withdrawn; accredited -> withdrawn;
 * refused -> requested (a new request); withdrawn -> requested.
 * Staying in the same status is allowed (e.g. to record a badge). */
bool accreditation_transition_ok(const char *from, const char *to);

/* Check every field on its own; e names the field ("email: ..."). */
enum status observer_validate(const struct observer *o, struct err *e);

#endif
