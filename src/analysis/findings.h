/* findings.h - process findings: what the observers' reports say, as the
 * shares a mission publishes ("voting was assessed negatively in 7% of
 * 1,243 observations").  docs/analysis.md#process-findings explains every figure.
 *
 * Per form and question, nationwide and per region: the observations (the
 * reports that answered the question), how they answered (each canonical
 * answer with its count and share), and the share answered negatively
 * with its 95% Wilson score interval; per checklist, its overall rating
 * (the headline); per incident form, the incidents and the critical ones
 * by category and region; per form, the reports by hour of observation.
 *
 * The computation is pure: findings_begin() takes the mission's parsed
 * forms and its region map, findings_resolve() and findings_contest() the
 * conflicts between observers, findings_add() each current report once,
 * findings_end() the totals and intervals.  No SQL, no allocation per
 * report.  findings_compute() (findings_load.c) feeds it from a store.
 *
 *   struct findings f;
 *   struct findings_options o = {.lang = "en"};
 *   if (findings_compute(st, mission_id, &o, &f, &e)) ...;
 *   ... f.forms[i].questions[q].total.negative_share.share ...
 *   findings_release(&f);
 */
#ifndef OBSERVA_FINDINGS_H
#define OBSERVA_FINDINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/region_map.h"
#include "core/arena.h"
#include "core/err.h"
#include "model/form.h"
#include "store/store.h"

/* z for a two-sided 95% interval: the 0.975 quantile of the standard
 * normal distribution. */
#define FINDINGS_Z95 1.959963984540054

/* A share k/n with its Wilson score interval [low, high] (Wilson 1927):
 *
 *   p = k/n,  centre = (p + z^2/2n) / (1 + z^2/n),
 *   half-width = z * sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n),
 *   low = centre - half-width, high = centre + half-width,
 *
 * computed in that order in double precision; low is 0 when k == 0, high
 * is 1 when k == n, and both are kept within [0, 1].  defined is false
 * (and the numbers 0) when n == 0. */
struct findings_share {
	bool defined;
	double share, low, high;
};

/* The share of k in n with its interval at z (FINDINGS_Z95 for 95%). */
struct findings_share findings_wilson(int64_t k, int64_t n, double z);

/* One canonical answer of a question with a fixed set of answers (yesno,
 * rating, select_one, select_multiple). */
struct findings_value {
	int64_t value;
	const char *label; /* form_answer_label() in the findings' language */
	bool negative;     /* form_answer_negative() of it */
	bool critical;     /* form_answer_critical() of it: raises an alert */
};

/* One question in one region, or in the whole mission. */
struct findings_cell {
	int64_t observations;                 /* reports that answered it */
	int64_t negative;                     /* of them, answered negatively */
	int64_t critical;                     /* of them, with a critical answer */
	struct findings_share negative_share; /* negative of observations */
	const int64_t *counts; /* per value of the question: the reports that
	                        * chose it (select_multiple: every option
	                        * chosen counts, so counts may add up to more
	                        * than observations) */
};

struct findings_question {
	const char *tag, *text;
	enum question_type type;
	bool has_negative, has_critical;     /* the question lists such answers */
	const struct findings_value *values; /* yesno: yes, no; rating: very good
	                                      * to very bad; select: the options
	                                      * in definition order; none for
	                                      * integer, text and time */
	size_t nvalues;
	struct findings_cell total;          /* the mission (or the region asked) */
	const struct findings_cell *regions; /* one per findings.regions */
	int64_t resolved;                    /* answers a clerk's resolution replaced */
	int64_t contested; /* answers in open conflicts, counted as sent */
	int64_t left_out;  /* answers that do not fit the form as it is now */
};

/* An incident form's reports of one category. */
struct findings_category {
	int64_t value;
	const char *label;
	bool critical_value;            /* the category itself is critical */
	int64_t reports, critical;      /* in the mission (or the region asked) */
	const int64_t *region_reports;  /* per findings.regions */
	const int64_t *region_critical; /* per findings.regions */
};

/* Reports of one form in one hour of observation. */
struct findings_hour {
	const char *hour; /* "2023-03-19T07": the date and hour of observed_at
	                   * as written, in the report's own offset; NULL for
	                   * reports without a time of observation */
	int64_t reports;
};

struct findings_form {
	const char *code, *name, *kind, *phase;
	int64_t reports;               /* reports counted */
	int64_t critical;              /* of them, with at least one critical
	                                * answer (those that raised alerts) */
	const int64_t *region_reports; /* per findings.regions */
	const int64_t *region_critical;
	const struct findings_question *questions;
	size_t nquestions;
	const struct findings_question *rating; /* checklists: the overall rating
	                                         * (the last rating question),
	                                         * the headline; else NULL */
	/* Incident forms: the category is the first select_one question. */
	const struct findings_question *category;   /* NULL for other forms */
	const struct findings_category *categories; /* one per option */
	size_t ncategories;
	int64_t uncategorised;             /* incident reports without a category */
	const struct findings_hour *hours; /* hours with reports, in order, then
	                                    * those without a time */
	size_t nhours;
};

struct findings_region {
	const char *code, *name; /* NULL: stations outside any region */
};

struct findings {
	const char *lang;   /* the language of texts and labels */
	const char *form;   /* the form asked for, or NULL for all */
	const char *region; /* the region asked for, or NULL for all */
	double z;
	int64_t reports;             /* current reports counted */
	int64_t rejected;            /* current reports left out because rejected */
	struct findings_form *forms; /* by phase (opening, voting, counting,
	                              * tabulation, any), then by code */
	size_t nforms;
	struct findings_region *regions; /* by code; stations outside any
	                                  * region last, when they reported */
	size_t nregions;
	struct arena arena;         /* owns everything above */
	struct findings_work *work; /* private: the counting */
};

struct findings_options {
	const char *lang;   /* labels and texts: "en", "ru"...; NULL: each form's
	                     * first language */
	const char *form;   /* one form's code, or NULL for every form */
	const char *region; /* one region's code (region, city or abroad), or
	                     * NULL for the whole mission */
	double z;           /* 0: FINDINGS_Z95 */
};

/* Start counting over forms[0..nforms) (parsed, with the ballot applied;
 * borrowed until findings_end()) and the finished region map rm (borrowed
 * until findings_end()).  Errors: ST_NOT_FOUND for a form or region the
 * mission does not have ("form: ...", "region: ..."); out then holds
 * nothing.  On success release out with findings_release(), ended or
 * not. */
enum status findings_begin(struct findings *out, const struct form *const *forms,
                           size_t nforms, const struct region_map *rm,
                           const struct findings_options *o, struct err *e);

/* A conflict a clerk resolved: the answer to tag of report submission_id
 * on form is value (canonical, as stored with the conflict) instead of
 * what the report says.  Call before the reports are added.  Unknown
 * forms and tags are ignored. */
void findings_resolve(struct findings *f, int64_t submission_id, const char *form,
                      const char *tag, const json_t *value);
/* An open conflict: the answer to tag of report submission_id on form is
 * disputed.  It counts as sent, and is counted in contested. */
void findings_contest(struct findings *f, int64_t submission_id, const char *form,
                      const char *tag);

/* Count report s: ignored unless current (superseded_by == 0) and on a
 * form and, when asked, in the region of the findings; a rejected report
 * is only counted as left out. */
void findings_add(struct findings *f, const struct stored_submission *s);

/* Totals, shares, intervals and labels; after it the forms and region map
 * given to findings_begin() are no longer used. */
void findings_end(struct findings *f);

/* Free everything; releasing a zeroed struct is harmless. */
void findings_release(struct findings *f);

/* The whole computation from a store: the mission's forms (with its
 * ballot), its locations, its conflicts and its current reports, each
 * read once.  Errors as findings_begin(), ST_INVALID when a stored form
 * does not parse, and store errors. */
enum status findings_compute(struct store *st, int64_t mission_id,
                             const struct findings_options *o, struct findings *out,
                             struct err *e);

/* The findings as one JSON document (docs/analysis.md#process-findings).  New
 * reference. */
json_t *findings_to_json(const struct findings *f);

#endif
