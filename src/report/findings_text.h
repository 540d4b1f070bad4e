/* findings_text.h - a mission's findings for people, in English or
 * Russian: the sentences of a statement ("Voting was assessed negatively
 * in 7% of 1,243 observations (95% CI 5.7–8.5%).") and plain-text tables
 * per form, region and hour.
 *
 * Shown numbers are rounded half up, as floor(x * 10^d + 0.5) / 10^d on
 * the double x, which any language with IEEE doubles reproduces exactly. */
#ifndef OBSERVA_FINDINGS_TEXT_H
#define OBSERVA_FINDINGS_TEXT_H

#include <stdio.h>

#include "analysis/findings.h"
#include "core/err.h"

/* share (a proportion) as a percentage with decimals digits after the
 * point, without the sign: "6.3" ("6,3" in Russian). */
void findings_text_percent(double share, int decimals, const char *lang, char *buf,
                           size_t size);

/* n with its thousands grouped: "1,243" ("1 243" in Russian, with a
 * no-break space). */
void findings_text_count(int64_t n, const char *lang, char *buf, size_t size);

/* The headline of a checklist, from its overall rating: "Voting was
 * assessed negatively in 7% of 1,243 observations (95% CI 5.7–8.5%)."
 * The share is shown in whole percent, or to one decimal when that would
 * show 0 or 100 for a share that is neither.  "" when fm has no overall
 * rating.  lang "ru" gives Russian, anything else English. */
void findings_text_headline(const struct findings_form *fm, const char *lang, char *buf,
                            size_t size);

/* Write f, computed for mission code mission, as text to out: the
 * statement's sentences, then per form its questions with their answers,
 * the overall rating by region, incidents by category and region, and the
 * reports by hour.  ST_IO with e filled when writing fails. */
enum status findings_text_write(const struct findings *f, const char *mission, FILE *out,
                                struct err *e);

#endif
