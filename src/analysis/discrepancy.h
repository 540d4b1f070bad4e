/* discrepancy.h - observed against official: for every polling station
 * with both an observer's copy of the results protocol and the election
 * commission's official figures, each line (protocol lines and votes per
 * choice) where the two differ, with the difference official - observed
 * and its size relative to the observed figure; and what it adds up to:
 * stations compared, stations that differ, the largest differences, and
 * the votes moved per line over all stations.
 *
 * What counts as the observed figure of a line, when several observers
 * copied the same protocol (docs/analysis.md#results-verification):
 *   - one observer: their figure ("report");
 *   - several who agree: that figure ("agreed");
 *   - several who disagree, and a clerk settled the conflict: the value
 *     the clerk set ("resolved"), as every analysis uses;
 *   - several who disagree, not settled: no one figure is the station's,
 *     so each observer's figure that differs from the official one is
 *     listed on its own ("observer", naming them).  Such lines make the
 *     station "unresolved" and stay out of the totals and the largest.
 *
 * Pure: it works on the arrays handed to it (results_load.h reads them
 * from a mission).  Figures are 64-bit integers; differences are exact. */
#ifndef OBSERVA_DISCREPANCY_H
#define OBSERVA_DISCREPANCY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define DISCREPANCY_LARGEST 10 /* the largest differences listed in the summary */

/* A line of the protocol, in the order of the form. */
struct results_line {
	const char *tag;    /* "A", "P3", "AA" */
	const char *label;  /* the question's text: "Number of valid ballots" */
	const char *choice; /* the ballot choice's code for a choice line, else NULL */
	const char *name;   /* the choice's name, else NULL */
};

/* One observer's copy of a station's protocol: their latest current, not
 * rejected report.  answers: object tag -> number (borrowed). */
struct observed_protocol {
	const char *station, *observer;
	int64_t submission;
	const json_t *answers;
};

/* A line on which observers disagreed and a clerk set the value. */
struct settled_line {
	const char *station, *tag;
	int64_t value;
};

/* The official figures of a station: object line tag -> number (borrowed). */
struct official_protocol {
	const char *station;
	const char *region; /* or NULL */
	const json_t *lines;
};

struct discrepancy_input {
	const struct results_line *lines;
	size_t nlines;
	const struct observed_protocol *observed; /* any order; one per observer
	                                           * and station (for several, the
	                                           * highest submission counts) */
	size_t nobserved;
	const struct settled_line *settled;
	size_t nsettled;
	const struct official_protocol *official; /* one per station: every
	                                           * station's, or only the
	                                           * observed stations' */
	size_t nofficial;
	int64_t official_total; /* stations with official results when official[]
	                         * holds only the observed ones; 0: count them
	                         * in official[] */
	int64_t min;            /* list differences of at least this size (|d| >= min);
	                         * 1 when less than 1 */
};

enum discrepancy_source {
	SOURCE_REPORT,   /* the one observer's figure */
	SOURCE_AGREED,   /* observers agree */
	SOURCE_RESOLVED, /* a clerk settled their conflict */
	SOURCE_OBSERVER  /* one of observers who disagree, not settled */
};

/* A line of a station where the figures differ. */
struct discrepancy_line {
	size_t line; /* index into discrepancy.lines */
	int64_t observed, official;
	int64_t difference; /* official - observed */
	bool has_relative;  /* false when observed is 0 */
	double relative;    /* difference / observed */
	enum discrepancy_source source;
	const char *observer; /* REPORT and OBSERVER: whose figure; else NULL */
	int64_t submission;   /* REPORT and OBSERVER: their report; else 0 */
};

struct discrepancy_station {
	const char *station, *region;
	struct discrepancy_line *lines; /* in line order, then by observer */
	size_t nlines;
	bool differs;    /* a report, agreed or resolved figure differs */
	bool unresolved; /* an observer's figure differs where they disagree */
};

/* One line over every station compared, from report, agreed and resolved
 * figures: the votes (or ballots, voters) moved. */
struct discrepancy_total {
	size_t line;
	int64_t stations; /* stations where this line differs */
	int64_t net;      /* the sum of official - observed */
	int64_t gross;    /* the sum of |official - observed| */
};

/* The station and line of one of the largest differences. */
struct discrepancy_ref {
	size_t station; /* index into discrepancy.stations */
	size_t line;    /* index into that station's lines */
};

struct discrepancy {
	int64_t min;
	struct results_line *lines; /* copies of the input's */
	size_t nlines;
	int64_t stations_observed;   /* stations with an observed protocol */
	int64_t stations_official;   /* stations with official figures */
	int64_t stations_compared;   /* stations with both */
	int64_t stations_differ;     /* compared stations with a difference */
	int64_t stations_unresolved; /* compared stations with an observer's
	                              * differing figure where observers disagree */
	int64_t lines_differ;        /* differing lines over all stations, report,
	                              * agreed and resolved figures only */
	const char **observed_only;  /* stations observed without official figures,
	                              * by code */
	size_t nobserved_only;
	struct discrepancy_station *stations; /* those with a listed difference,
	                                       * by code */
	size_t nstations;
	struct discrepancy_total *totals; /* one per line, in line order */
	struct discrepancy_ref largest[DISCREPANCY_LARGEST]; /* by |difference|
	                                                      * descending, then
	                                                      * station and line */
	size_t nlargest;
	struct arena arena; /* owns everything above */
};

/* Compare in's observed and official protocols into out, which owns
 * copies of everything it keeps (in may be freed after).  A line missing
 * from a station's official figures, or answered by none of its observers,
 * is not compared.  Release out with discrepancy_release(). */
void discrepancy_compute(const struct discrepancy_input *in,
                         struct discrepancy *out /* OUT */);
void discrepancy_release(struct discrepancy *d);

/* "report", "agreed", "resolved" or "observer". */
const char *discrepancy_source_str(enum discrepancy_source s);

/* {"min", "summary": {stations_observed, stations_official,
 * stations_compared, stations_differ, stations_unresolved, lines_differ,
 * observed_only: [...], largest: [line item + station, region], by_line:
 * [{line, label, choice, name, stations, net, gross}]}, "total": nstations,
 * "items": [{station, region, differs, unresolved, lines: [{line, label,
 * choice, name, observed, official, difference, relative, source,
 * observer, submission}]}]} with the stations [offset, offset + limit);
 * "relative" is null when the observed figure is 0.  New reference. */
json_t *discrepancy_to_json(const struct discrepancy *d, size_t offset, size_t limit);

#endif
