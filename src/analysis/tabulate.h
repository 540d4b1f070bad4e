/* tabulate.h - the totals of a commission's station-level results and the
 * stations whose protocol arithmetic does not add up.
 *
 * Fed one station at a time (model/station_result.h), it keeps the totals
 * (stations, registered, ballots, valid, invalid, each choice's votes) and
 * checks three identities on every station:
 *
 *   TAB_VALID_SUM       valid = the sum of the choices' votes
 *   TAB_OVER_REGISTERED valid + invalid <= registered
 *   TAB_BALLOTS         ballots = valid + invalid, only when the file
 *                       gives ballots (a ballots column)
 *
 * A station failing any of them is listed with its line, id and figures.
 * Memory grows only with the number of stations listed.
 *
 *   struct tabulate t;
 *   tabulate_init(&t, nchoices, has_ballots);
 *   for each station: if (tabulate_add(&t, &s, &e)) ...;
 *   json_t *j = tabulate_to_json(&t, names);
 *   tabulate_release(&t);
 */
#ifndef OBSERVA_TABULATE_H
#define OBSERVA_TABULATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/station_result.h"

enum tabulate_check {
	TAB_VALID_SUM = 1 << 0,
	TAB_OVER_REGISTERED = 1 << 1,
	TAB_BALLOTS = 1 << 2,
};
#define TAB_NCHECKS 3

/* A station whose arithmetic fails one check or more. */
struct tabulate_row {
	long line;
	char *id;        /* owned by the struct tabulate */
	unsigned checks; /* the failed checks, TAB_* */
	int64_t registered, ballots, valid, invalid;
	int64_t choices; /* the sum of the choices' votes */
};

struct tabulate {
	size_t nchoices;
	bool ballots_given; /* ballots come from the file, not valid + invalid */
	int64_t stations;
	int64_t registered;
	int64_t ballots; /* the given ballots, or valid + invalid */
	int64_t valid;
	int64_t invalid;
	int64_t *votes;              /* nchoices totals */
	int64_t failed[TAB_NCHECKS]; /* stations failing each check, in TAB_ order */
	struct tabulate_row *bad;    /* the inconsistent stations in file order */
	size_t nbad, cap;
};

/* Start empty totals for nchoices choices. */
void tabulate_init(struct tabulate *t, size_t nchoices, bool ballots_given);

/* Add one station (s->nchoices must be t->nchoices).  ST_TOO_BIG when a
 * total would overflow (impossible for counts up to STATION_COUNT_MAX in
 * fewer than 9 million stations). */
enum status tabulate_add(struct tabulate *t, const struct station_result *s,
                         struct err *e);

/* The name of a check ("valid = sum of choices", ...) for one TAB_ bit. */
const char *tabulate_check_text(unsigned check);
/* Its key in JSON ("valid_sum", "over_registered", "ballots"). */
const char *tabulate_check_key(unsigned check);

/* x / y, or 0 when y is 0. */
double tabulate_ratio(int64_t x, int64_t y);

/* The JSON document of docs/analysis.md#tabulation-and-forensics: stations, registered,
 * ballots, valid, invalid, turnout, choices[] {name, votes, share_valid,
 * share_all}, checks, inconsistent_count, inconsistent_by_check,
 * inconsistent[] {line, id, problems[]}.  names are the choices' names.
 * The caller owns the result. */
json_t *tabulate_to_json(const struct tabulate *t, const char *const *names);

/* Free the totals and the list; t may be initialised again. */
void tabulate_release(struct tabulate *t);

#endif
