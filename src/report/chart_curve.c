/* chart_curve.c - drawing a cumulative share as one polyline over a
 * 0-100% by 0-100% plot. */
#include "report/chart_curve.h"
#include "report/chart_svg.h"

enum status chart_curve_svg(const struct chart_curve *c, struct buf *out, struct err *e)
{
	struct svg w = {.out = out};
	struct chart_frame f = {.x = 80, .y = 50, .x_max = 100, .y_max = 100};
	size_t start = out->len;

	if (!c->n)
		return err_set(e, ST_INVALID, "a curve needs at least one point");
	f.w = CHART_CURVE_WIDTH - f.x - 30;
	f.h = CHART_CURVE_HEIGHT - f.y - 60;
	svg_begin(&w, CHART_CURVE_WIDTH, CHART_CURVE_HEIGHT, c->title);
	svg_label(&w, CHART_CURVE_WIDTH / 2.0, 28, "middle", 16, 0, c->title);
	svg_putf(&w,
	         "<polyline fill=\"none\" stroke=\"#3b6ea8\" stroke-width=\"2\" "
	         "points=\"%.2f,%.2f",
	         f.x, f.y + f.h);
	for (size_t k = 0; k < c->n; k++) {
		double v = c->values[k] < 0 ? 0 : c->values[k] > 1 ? 1 : c->values[k];

		svg_putf(&w, " %.2f,%.2f", f.x + f.w * (double)(k + 1) / (double)c->n,
		         f.y + f.h - f.h * v);
	}
	svg_put(&w, "\"/>\n");
	chart_axes(&w, &f, 10, 1, 10, 1, c->x_title, c->y_title);
	svg_end(&w);
	if (w.rc) {
		out->len = start;
		out->ptr[start] = 0;
		return err_set(e, w.rc, "the curve \"%s\" does not fit: %s", c->title,
		               status_str(w.rc));
	}
	return ST_OK;
}
