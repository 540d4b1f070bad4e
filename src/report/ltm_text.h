/* ltm_text.h - one meeting of the long-term log as text for a terminal:
 * its fields, the observers' names beside their codes, the summary and
 * follow-ups wrapped, and its documents. */
#ifndef OBSERVA_LTM_TEXT_H
#define OBSERVA_LTM_TEXT_H

#include <jansson.h>
#include <stdio.h>

/* Print j, as ltm_meeting_detail() makes it, on out. */
void ltm_meeting_text(FILE *out, const json_t *j);

#endif
