/* findings_chart.h - the findings drawn as the statement draws them
 * (chart_bars.h): bars of the shares of negative observations with their
 * 95% intervals, for the dashboard and anyone with the API. */
#ifndef OBSERVA_FINDINGS_CHART_H
#define OBSERVA_FINDINGS_CHART_H

#include "analysis/findings.h"
#include "core/buf.h"
#include "core/err.h"

/* Append to out the SVG document of f (its language for the words):
 *   - question NULL and f of every form: one bar per form with an overall
 *     rating, its negative share (the statement's chart by phase);
 *   - question NULL and f of one form (f->form): one bar per question
 *     that has negative answers;
 *   - question a tag of that form: one bar per region, that question's
 *     negative share there.
 * Bars without observations are left out.  ST_NOT_FOUND ("question:
 * ...") for a tag the form does not have or with no negative answers;
 * ST_INVALID for a question without a form; ST_NOT_FOUND ("nothing to
 * draw: ...") when no bar has observations. */
enum status findings_chart_svg(const struct findings *f, const char *question,
                               struct buf *out, struct err *e);

#endif
