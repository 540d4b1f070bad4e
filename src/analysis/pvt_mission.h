/* pvt_mission.h - the quick count of a mission: its frame of polling
 * stations with strata taken from the location tree, and its estimates
 * from the stored sample and the sample stations' results protocols.
 *
 * Strata are named by location attributes: "region" (the first location
 * above the station of level region, city or abroad, else the topmost one
 * below the country), "territory" (the first territorial commission above
 * it), "stratum" (the station's own stratum column: urban, rural ...), or
 * several joined by commas ("region,stratum"), whose values are joined by
 * '/'.  A station without the attribute is in stratum "(none)".
 *
 * The results: for each sample station, its current (latest version), not
 * rejected report on form PR; a verified one before others, then the
 * earliest received.  Valid votes are line J, each choice's votes its
 * ballot line (P<order>, or the against-all line), turnout is ballots in
 * the boxes (G + H) over voters on the list (A).  A station arrived when
 * its first not rejected PR report was received. */
#ifndef OBSERVA_PVT_MISSION_H
#define OBSERVA_PVT_MISSION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "analysis/official_rows.h"
#include "analysis/pvt_estimate.h"
#include "analysis/pvt_sample.h"
#include "store/store.h"

#define PVT_STRATA_ATTRS "region, territory, stratum"
#define PVT_NO_STRATUM   "(none)"

/* The mission's polling stations, by code, with their stratum by the
 * attributes strata_by (NULL: none).  *frame is an array of *n in a.
 * ST_INVALID naming an unknown attribute. */
enum status pvt_frame_load(struct store *st, int64_t mission_id, const char *strata_by,
                           struct arena *a, struct pvt_unit **frame /* OUT */,
                           size_t *n /* OUT */, struct err *e);

/* An official figure for a choice named by its code or name. */
struct pvt_official {
	const char *choice;
	double share; /* percent */
};

/* A sample station and whether (when) it reported. */
struct pvt_mission_station {
	const char *station, *stratum;
	int64_t draw_order;
	const char *arrived; /* NULL when it has not reported */
};

struct pvt_mission {
	struct pvt_sample_head head;
	struct pvt_mission_station *stations; /* by code */
	size_t nstations;
	const char **choice_codes; /* in ballot order, in.nchoices */
	size_t skipped;            /* reports without a usable figure */
	int64_t official_stations; /* stations of the imported official results
	                            * compared with, 0 when none were */
	struct pvt_input in;
	struct pvt_result result;
	struct arena arena; /* owns everything above */
};

/* The PR line of the valid ballots, the base of every share. */
#define PVT_TAG_VALID "J"

/* The official shares (percent of valid ballots, NaN when unknown) of the
 * choices whose PR tags are tags[0..n), summed over the mission's imported
 * official results; *stations is how many stations had them (0: none
 * imported). */
enum status pvt_official_from_store(struct store *st, int64_t mission_id,
                                    const char *const *tags, size_t n, double *shares,
                                    int64_t *stations, struct err *e);

/* pvt_official_from_store() on the rows of src (the store's when NULL). */
enum status pvt_official_from(const struct official_rows *src, struct store *st,
                              int64_t mission_id, const char *const *tags, size_t n,
                              double *shares, int64_t *stations, struct err *e);

/* Load the mission's sample and estimate from its reports, with official
 * shares when noff > 0, else those of the mission's imported official
 * results (store_official_list) when it has any.  ST_NOT_FOUND when the mission has no
 * sample (or no form PR), ST_INVALID for an official figure naming no choice. Release out
 * with pvt_mission_release() in every case. */
enum status pvt_mission_estimate(struct store *st, int64_t mission_id,
                                 const struct pvt_official *off, size_t noff,
                                 struct pvt_mission *out, struct err *e);
/* The same, with the imported official results read from src (the
 * store's when NULL). */
enum status pvt_mission_estimate_from(struct store *st, int64_t mission_id,
                                      const struct pvt_official *off, size_t noff,
                                      const struct official_rows *src,
                                      struct pvt_mission *out, struct err *e);
void pvt_mission_release(struct pvt_mission *pm);

/* {"method", "strata_by", "seed", "size", "frame_size", "frame_hash",
 * "generator", "drawn_at", "drawn_by", "strata": [{name, population,
 * sampled, reported}]}, with "stations": [{station, stratum, draw_order,
 * arrived}] when stations is true.  New reference. */
json_t *pvt_mission_sample_json(const struct pvt_mission *pm, bool stations);

/* The estimate as pvt_result_to_json() writes it, each choice with its
 * "code" as well, and "sample": pvt_mission_sample_json() without the
 * stations.  New reference. */
json_t *pvt_mission_to_json(const struct pvt_mission *pm);

#endif
