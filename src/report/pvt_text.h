/* pvt_text.h - the quick count as text for the terminal: the estimates
 * with their margins and intervals (and official figures when given), the
 * strata, notes on what the margins cannot cover, and the convergence as
 * reports arrived; and a mission's sample station by station.  Names are
 * aligned by characters, so Cyrillic and Kazakh names line up. */
#ifndef OBSERVA_PVT_TEXT_H
#define OBSERVA_PVT_TEXT_H

#include <stdio.h>

#include "analysis/pvt_estimate.h"
#include "analysis/pvt_mission.h"
#include "core/err.h"

/* Write the estimates of r (computed from in) to out.  ST_IO when writing
 * fails. */
enum status pvt_text_estimate(const struct pvt_input *in, const struct pvt_result *r,
                              FILE *out, struct err *e);

/* Write how pm's sample was drawn, its strata and its stations (with the
 * time each reported) to out. */
enum status pvt_text_sample(const struct pvt_mission *pm, const char *mission, FILE *out,
                            struct err *e);

#endif
