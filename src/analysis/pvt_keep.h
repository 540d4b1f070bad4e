/* pvt_keep.h - drawing a mission's quick-count sample and keeping it, as
 * "observa pvt sample" and the demo do: the frame of the mission's polling
 * stations with their strata (pvt_frame_load), the draw (pvt_sample_draw)
 * and the record of how it was drawn with its stations
 * (store_pvt_sample_put), so the same frame, method, size and seed always
 * give the same stored sample.  docs/analysis.md#quick-count-pvt explains the draw. */
#ifndef OBSERVA_PVT_KEEP_H
#define OBSERVA_PVT_KEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/pvt_sample.h"
#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

/* What to draw. */
struct pvt_keep_spec {
	const char *strata_by;  /* location attributes ("region", "region,stratum");
	                         * NULL for a simple random sample */
	enum pvt_method method; /* PVT_SRS exactly when strata_by is NULL */
	int64_t size;           /* stations; 0 with PVT_GIVEN takes the sum */
	const struct pvt_alloc *given; /* PVT_GIVEN: the size of every stratum */
	size_t ngiven;
	int64_t seed; /* 0 .. 2^63 - 1 */
	bool replace; /* draw over the mission's sample if it has one */
};

/* What was drawn and kept. */
struct pvt_kept {
	size_t frame_size;           /* stations in the frame */
	size_t nstrata;              /* strata of the draw (1 for srs) */
	struct pvt_sample_row *rows; /* the stations in draw order, with their
	                              * strata; in the caller's arena */
	size_t n;
};

/* Draw the sample of mission_id by spec and store it, audited as
 * store_pvt_sample_put() says, with the generator PVT_GENERATOR and the
 * allocation per stratum.  ST_INVALID (from the frame or the draw, the
 * message naming what is wrong) stores nothing; ST_EXISTS when the
 * mission has a sample and spec->replace is false.  out's strings live
 * in a. */
enum status pvt_keep_sample(struct store *st, int64_t mission_id,
                            const struct pvt_keep_spec *spec, struct arena *a,
                            struct pvt_kept *out /* OUT */, struct err *e);

#endif
