/* chart_curve.h - a cumulative curve over 0-100% as a self-contained SVG
 * document: the share of a total (0-100%) reached by the stations up to
 * each percentage, e.g. the leader's cumulative votes by turnout (Klimek
 * et al., PNAS 2012). */
#ifndef OBSERVA_CHART_CURVE_H
#define OBSERVA_CHART_CURVE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct chart_curve {
	const char *title;
	const char *x_title;
	const char *y_title;
	const double *values; /* n values in [0, 1]: the share reached at the
	                       * upper edge of each of n equal bins of 0-100% */
	size_t n;             /* >= 1 */
};

#define CHART_CURVE_WIDTH  800
#define CHART_CURVE_HEIGHT 450

/* Append the SVG document of c to out: a line from (0%, 0%) through
 * ((k + 1) 100% / n, 100% values[k]).  ST_INVALID when n is 0, ST_TOO_BIG
 * when out's cap is reached (out is then left as it was). */
enum status chart_curve_svg(const struct chart_curve *c, struct buf *out, struct err *e);

#endif
