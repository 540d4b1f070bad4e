/* accreditation.h - the accreditation figures missions publish:
 * "793 observers from 12 organisations and 41 countries; 612 accredited,
 * 181 pending", with totals by status, organisation and country.
 *
 * Works on the grouped counts the store hands over (struct
 * observer_tally_row), never on SQL:
 *
 *   struct accreditation acc;
 *   accreditation_init(&acc);
 *   store_observer_tally(st, mission_id, accreditation_add_row, &acc, &e);
 *   accreditation_finish(&acc);
 *   ... acc.summary, accreditation_to_json(&acc) ...
 *   accreditation_release(&acc);
 */
#ifndef OBSERVA_ACCREDITATION_H
#define OBSERVA_ACCREDITATION_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

enum { ACC_REQUESTED, ACC_ACCREDITED, ACC_REFUSED, ACC_WITHDRAWN, ACC__COUNT };

struct accreditation_group {
	char *key; /* organisation name or country code; NULL = none */
	int64_t count;
	int64_t by_status[ACC__COUNT];
};

struct accreditation {
	int64_t total;
	int64_t by_status[ACC__COUNT];
	struct accreditation_group *orgs; /* largest first, then by name; the
	                                   * group without a name last */
	size_t norgs;
	struct accreditation_group *countries; /* likewise, by code */
	size_t ncountries;
	int64_t organisations;   /* distinct named organisations */
	int64_t countries_count; /* distinct known countries */
	char *summary;           /* English sentence, after finish */
	char *summary_ru;        /* Russian sentence, after finish */
};

/* Status names in enum order: "requested", "accredited", ... */
extern const char *const accreditation_status_names[ACC__COUNT];

void accreditation_init(struct accreditation *acc);
/* Add one group of observers; a store_tally_cb (ctx is the struct). */
enum status accreditation_add_row(void *acc, const struct observer_tally_row *row);
/* Sort the groups and write the sentences. */
void accreditation_finish(struct accreditation *acc);
void accreditation_release(struct accreditation *acc);

/* The JSON document of the API and of --format json: total, by_status,
 * by_organisation [{name, count, by_status}], by_country [{code, name,
 * name_ru, count, by_status}], organisations, countries, summary,
 * summary_ru.  New reference. */
json_t *accreditation_to_json(const struct accreditation *acc);

/* Load and finish the figures of a mission in one call. */
enum status accreditation_compute(struct store *st, int64_t mission_id,
                                  struct accreditation *acc, struct err *e);

#endif
