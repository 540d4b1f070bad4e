/* chart_fingerprint.h - the election fingerprint of Klimek et al. (PNAS
 * 2012) as a self-contained SVG heat map: turnout on the x axis, the
 * leader's share on the y axis (both 0-100%), each cell coloured by the
 * number of stations in it on a logarithmic scale (empty cells white),
 * with a colour key. */
#ifndef OBSERVA_CHART_FINGERPRINT_H
#define OBSERVA_CHART_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct chart_fingerprint {
	const char *title;
	const char *x_title;   /* "Turnout" */
	const char *y_title;   /* "Share of <leader>" */
	const int64_t *counts; /* [i * bins + j]: x bin i, y bin j */
	size_t bins;           /* on each axis, >= 1 */
};

#define CHART_FINGERPRINT_WIDTH  680
#define CHART_FINGERPRINT_HEIGHT 620

/* Append the SVG document of f to out.  ST_INVALID when bins is 0,
 * ST_TOO_BIG when out's cap is reached (out is then left as it was). */
enum status chart_fingerprint_svg(const struct chart_fingerprint *f, struct buf *out,
                                  struct err *e);

/* The colour of a cell holding count stations when the fullest holds max,
 * as "#rrggbb" in out[8]: white for 0, else along a dark-blue to yellow
 * ramp by log(1 + count) / log(1 + max). */
void chart_fingerprint_colour(int64_t count, int64_t max, char out[8]);

#endif
