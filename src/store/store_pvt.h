/* store_pvt.h - what the store keeps of a mission's quick-count sample:
 * how it was drawn (method, strata, seed, size, the frame's size and hash,
 * the generator, the allocation, when and by whom), so it can be redrawn
 * and audited, and the stations drawn with their strata.
 *
 * Included by store.h; the same rules hold (strings of *_get functions in
 * the caller's arena, those of callbacks valid during the call). */
#ifndef OBSERVA_STORE_PVT_H
#define OBSERVA_STORE_PVT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

struct store;

/* How a mission's sample was drawn.  A mission has one sample at most. */
struct pvt_sample_head {
	const char *method;     /* "srs", "proportional" or "given" */
	const char *strata_by;  /* what stratifies it ("region", "region,stratum"),
	                         * NULL for srs */
	int64_t seed;           /* 0 .. 2^63 - 1 */
	int64_t size;           /* stations drawn */
	int64_t frame_size;     /* stations in the frame */
	const char *frame_hash; /* pvt_draw.frame_hash */
	const char *generator;  /* PVT_GENERATOR */
	const char *allocation; /* JSON array text [{"stratum", "population",
	                         * "size"}] by stratum ("stratum" null for srs) */
	const char *drawn_at;   /* set by the store */
	const char *drawn_by;   /* set by the store: its actor */
};

/* One station of the sample. */
struct pvt_sample_row {
	const char *station; /* location code of a polling station */
	const char *stratum; /* NULL for srs */
	int64_t draw_order;  /* 1, 2 ... in the order drawn */
};

typedef enum status (*store_pvt_row_cb)(void *ctx, const struct pvt_sample_row *r);

/* Store the mission's sample: head and rows[0..n).  When the mission has
 * a sample already, ST_EXISTS unless replace is true, which replaces it.
 * Every station must be a polling station of the mission (ST_NOT_FOUND
 * naming it).  Audited as entity "pvt_sample" keyed "sample" (create, or
 * update with the old sample as before), the image holding the head and
 * every station with its stratum in draw order. */
enum status store_pvt_sample_put(struct store *st, int64_t mission_id,
                                 const struct pvt_sample_head *h,
                                 const struct pvt_sample_row *rows, size_t n,
                                 bool replace, struct err *e);
/* The head of the mission's sample, strings in a.  ST_NOT_FOUND ("the
 * mission has no quick-count sample") when none was drawn. */
enum status store_pvt_sample_get(struct store *st, int64_t mission_id, struct arena *a,
                                 struct pvt_sample_head *out /* OUT */, struct err *e);
/* The sample's stations, by station code; none when there is no sample. */
enum status store_pvt_sample_list(struct store *st, int64_t mission_id,
                                  store_pvt_row_cb cb, void *ctx, struct err *e);
/* Remove the mission's sample (audited as a delete); ST_NOT_FOUND when
 * there is none. */
enum status store_pvt_sample_clear(struct store *st, int64_t mission_id, struct err *e);

struct stored_submission;
typedef enum status (*store_pvt_report_cb)(void *ctx, const struct stored_submission *s);
/* The mission's reports on the results protocol (form PR) at the stations
 * of its sample, every version, by id from the highest: those of
 * store_submission_list() with form "PR" and all_versions that are at a
 * sample station, in the same order, found by station rather than by a
 * pass over every report.  None without a sample. */
enum status store_pvt_reports(struct store *st, int64_t mission_id,
                              store_pvt_report_cb cb, void *ctx, struct err *e);

#endif
