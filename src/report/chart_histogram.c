/* chart_histogram.c - drawing a histogram over 0-100%: bars as one path,
 * round ticks on the count axis, every 10% on the percentage axis. */
#include "report/chart_histogram.h"
#include "report/chart_svg.h"

enum status chart_histogram_svg(const struct chart_histogram *h, struct buf *out,
                                struct err *e)
{
	struct svg w = {.out = out};
	size_t start = out->len;
	int64_t max = 0;
	struct chart_frame f = {.x = 80, .y = 50, .x_max = 100};
	double step, bw;

	if (!h->nbins)
		return err_set(e, ST_INVALID, "a histogram needs at least one bin");
	for (size_t i = 0; i < h->nbins; i++)
		if (h->counts[i] > max)
			max = h->counts[i];
	f.w = CHART_HISTOGRAM_WIDTH - f.x - 30;
	f.h = CHART_HISTOGRAM_HEIGHT - f.y - 60;
	step = chart_step((double)max, 5);
	f.y_max = step * (double)((int64_t)((double)max / step) + 1);
	bw = f.w / (double)h->nbins;

	svg_begin(&w, CHART_HISTOGRAM_WIDTH, CHART_HISTOGRAM_HEIGHT, h->title);
	svg_label(&w, CHART_HISTOGRAM_WIDTH / 2.0, 28, "middle", 16, 0, h->title);
	/* every bar a subpath of one path: small documents even at 1,000 bins */
	svg_put(&w, "<path fill=\"#3b6ea8\" d=\"");
	for (size_t i = 0; i < h->nbins; i++) {
		double bh;

		if (!h->counts[i])
			continue;
		bh = f.h * (double)h->counts[i] / f.y_max;
		svg_putf(&w, "M%.2f %.2fh%.2fv%.2fh%.2fz", f.x + bw * (double)i,
		         f.y + f.h - bh, bw, bh, -bw);
	}
	svg_put(&w, "\"/>\n");
	chart_axes(&w, &f, 10, 1, step, 0, h->x_title, h->y_title);
	svg_end(&w);
	if (w.rc) {
		out->len = start;
		out->ptr[start] = 0;
		return err_set(e, w.rc, "the histogram \"%s\" does not fit: %s", h->title,
		               status_str(w.rc));
	}
	return ST_OK;
}
