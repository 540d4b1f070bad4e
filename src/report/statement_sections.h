/* statement_sections.h - the sections of a mission's statement, each a
 * function of the figures it shows (and nothing else), so each can be
 * written and tested on its own.  They write through a struct sdoc
 * (statement_doc.h) in its format and language, state the base of every
 * share ("in 7% of 1,243 observations") and refer each figure to the
 * appendix entry of the method that gives it (sdoc_ref).
 * report/statement.h puts them together. */
#ifndef OBSERVA_STATEMENT_SECTIONS_H
#define OBSERVA_STATEMENT_SECTIONS_H

#include "analysis/accreditation.h"
#include "analysis/discrepancy.h"
#include "analysis/findings.h"
#include "analysis/protocol_check.h"
#include "analysis/pvt_mission.h"
#include "analysis/statement.h"
#include "analysis/statement_meetings.h"
#include "report/statement_doc.h"

/* "Who observed": observers, organisations and countries with their
 * accreditation (acc, finished), a table of organisations, the countries,
 * and where the observers went on election day (v). */
void statement_who_section(struct sdoc *d, const struct accreditation *acc,
                           const struct statement_visits *v);

/* "Meetings before election day" from m: how many, from when to when, with
 * which kinds of institution, and the notable ones; when m->recorded is
 * false, one plain sentence saying that no meetings were recorded. */
void statement_meetings_section(struct sdoc *d, const struct statement_meetings *m);

/* "Findings by phase": for each checklist with an overall rating, by
 * phase, its headline (findings_text_headline()) and the questions most
 * often answered negatively, with shares, bases and intervals; a table of
 * the phases; and in HTML the chart of the phases' negative shares with
 * their intervals (chart_bars). */
void statement_findings_section(struct sdoc *d, const struct findings *f);

/* "Incidents": for each incident form, its reports and critical ones, by
 * category, and the regions with the most; then the critical incidents one
 * by one (n, its first STATEMENT_NOTABLE_MAX) with "and N more". */
void statement_incidents_section(struct sdoc *d, const struct findings *f,
                                 const struct statement_notable *n);

/* "Results verification": the protocols' arithmetic (pc), the official
 * results against the observers' copies (disc), the quick count (pvt, with
 * a chart in HTML); each may be NULL when the mission lacks it, and the
 * section says so. */
void statement_results_section(struct sdoc *d, const struct protocol_check *pc,
                               const struct discrepancy *disc,
                               const struct pvt_mission *pvt);

/* A block the head of mission writes (key: "summary", "conclusions",
 * "recommendations"): its text, or when text is NULL or blank a
 * placeholder naming the command that sets it for mission and the
 * writer's language. */
void statement_block_section(struct sdoc *d, const char *key, const char *text,
                             const char *mission);

/* The appendix "How these figures were computed": one numbered entry per
 * method referenced so far, in the order of d's references, each naming
 * the command (with mission's code) and the API path that give the same
 * figures. */
void statement_methods_section(struct sdoc *d, const char *mission);

#endif
