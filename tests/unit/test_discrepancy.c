/* test_discrepancy.c - observed against official on hand-made stations:
 * one observer, observers who agree, who disagree with a clerk's value and
 * without one, the --min threshold, lines missing on either side, stations
 * observed without official figures, the totals per line, the largest
 * differences, relative sizes, and the JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "analysis/discrepancy.h"

static const struct results_line lines[] = {
    {"A", "Voters on the list", NULL, NULL},
    {"J", "Valid ballots", NULL, NULL},
    {"P1", "Votes for Nur", "NUR", "Nur"},
    {"P2", "Votes for Ak", "AK", "Ak"},
};
#define NLINES (sizeof(lines) / sizeof(lines[0]))

/* Parsed JSON objects, freed after each test. */
static json_t *made[64];
static size_t nmade;

static const json_t *obj(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);

	assert_non_null(j);
	made[nmade++] = j;
	return j;
}

static int free_made(void **state)
{
	while (nmade)
		json_decref(made[--nmade]);
	return 0;
}

static const struct discrepancy_station *station(const struct discrepancy *d,
                                                 const char *code)
{
	for (size_t i = 0; i < d->nstations; i++)
		if (!strcmp(d->stations[i].station, code))
			return &d->stations[i];
	return NULL;
}

/* A station where one observer copied P1 = 300 and the commission
 * published 350 (votes taken from P2), and one where they agree. */
static void one_observer(void **state)
{
	struct observed_protocol obs[] = {
	    {"S1", "O1", 11, obj("{\"A\":1000,\"J\":500,\"P1\":300,\"P2\":200}")},
	    {"S2", "O2", 12, obj("{\"A\":800,\"J\":400,\"P1\":250,\"P2\":150}")},
	};
	struct official_protocol off[] = {
	    {"S1", "R1", obj("{\"A\":1000,\"J\":500,\"P1\":350,\"P2\":150}")},
	    {"S2", "R1", obj("{\"A\":800,\"J\":400,\"P1\":250,\"P2\":150}")},
	};
	struct discrepancy_input in = {.lines = lines,
	                               .nlines = NLINES,
	                               .observed = obs,
	                               .nobserved = 2,
	                               .official = off,
	                               .nofficial = 2,
	                               .min = 1};
	struct discrepancy d;
	const struct discrepancy_station *s;

	discrepancy_compute(&in, &d);
	assert_int_equal(d.stations_observed, 2);
	assert_int_equal(d.stations_official, 2);
	assert_int_equal(d.stations_compared, 2);
	assert_int_equal(d.stations_differ, 1);
	assert_int_equal(d.stations_unresolved, 0);
	assert_int_equal(d.lines_differ, 2);
	assert_int_equal(d.nstations, 1);
	s = station(&d, "S1");
	assert_non_null(s);
	assert_string_equal(s->region, "R1");
	assert_true(s->differs);
	assert_int_equal(s->nlines, 2);
	assert_string_equal(d.lines[s->lines[0].line].tag, "P1");
	assert_int_equal(s->lines[0].observed, 300);
	assert_int_equal(s->lines[0].official, 350);
	assert_int_equal(s->lines[0].difference, 50);
	assert_true(s->lines[0].has_relative);
	assert_true(fabs(s->lines[0].relative - 50.0 / 300.0) < 1e-12);
	assert_int_equal(s->lines[0].source, SOURCE_REPORT);
	assert_string_equal(s->lines[0].observer, "O1");
	assert_int_equal(s->lines[0].submission, 11);
	assert_int_equal(s->lines[1].difference, -50);
	/* Votes moved: +50 to Nur, -50 from Ak, on one station each. */
	assert_int_equal(d.totals[2].stations, 1);
	assert_int_equal(d.totals[2].net, 50);
	assert_int_equal(d.totals[3].net, -50);
	assert_int_equal(d.totals[3].gross, 50);
	assert_int_equal(d.totals[0].stations, 0);
	discrepancy_release(&d);
}

/* Two observers: agreeing lines count once ("agreed"); a line they
 * disagree on takes a clerk's value when there is one ("resolved"), and
 * lists each differing observer otherwise ("observer"), outside the
 * totals.  A station's older report of the same observer does not count. */
static void several_observers(void **state)
{
	struct observed_protocol obs[] = {
	    {"S1", "O1", 21, obj("{\"A\":1000,\"J\":500,\"P1\":300,\"P2\":200}")},
	    {"S1", "O2", 22, obj("{\"A\":1000,\"J\":510,\"P1\":310,\"P2\":200}")},
	    {"S1", "O2", 20, obj("{\"A\":9,\"J\":9,\"P1\":9,\"P2\":9}")}, /* older */
	    {"S2", "O3", 31, obj("{\"A\":800,\"J\":400,\"P1\":200,\"P2\":200}")},
	    {"S2", "O4", 32, obj("{\"A\":800,\"J\":400,\"P1\":210,\"P2\":190}")},
	};
	struct settled_line settled[] = {{"S1", "J", 500}, {"S1", "P1", 300}};
	struct official_protocol off[] = {
	    {"S1", "R1", obj("{\"A\":1000,\"J\":520,\"P1\":320,\"P2\":200}")},
	    {"S2", "R2", obj("{\"A\":800,\"J\":400,\"P1\":200,\"P2\":200}")},
	};
	struct discrepancy_input in = {.lines = lines,
	                               .nlines = NLINES,
	                               .observed = obs,
	                               .nobserved = 5,
	                               .settled = settled,
	                               .nsettled = 2,
	                               .official = off,
	                               .nofficial = 2,
	                               .min = 1};
	struct discrepancy d;
	const struct discrepancy_station *s;

	discrepancy_compute(&in, &d);
	assert_int_equal(d.stations_compared, 2);
	assert_int_equal(d.stations_differ, 1);
	assert_int_equal(d.stations_unresolved, 1);
	/* S1: A and P2 agree with the official figures; J and P1 were settled
	 * at 500 and 300, and the commission has 520 and 320. */
	s = station(&d, "S1");
	assert_int_equal(s->nlines, 2);
	assert_int_equal(s->lines[0].source, SOURCE_RESOLVED);
	assert_int_equal(s->lines[0].observed, 500);
	assert_int_equal(s->lines[0].difference, 20);
	assert_null(s->lines[0].observer);
	assert_int_equal(s->lines[1].source, SOURCE_RESOLVED);
	assert_int_equal(s->lines[1].difference, 20);
	/* S2: the observers disagree on P1 and P2, unsettled: only O4's
	 * figures differ from the official ones, each listed. */
	s = station(&d, "S2");
	assert_false(s->differs);
	assert_true(s->unresolved);
	assert_int_equal(s->nlines, 2);
	assert_int_equal(s->lines[0].source, SOURCE_OBSERVER);
	assert_string_equal(s->lines[0].observer, "O4");
	assert_int_equal(s->lines[0].submission, 32);
	assert_int_equal(s->lines[0].difference, -10);
	assert_int_equal(s->lines[1].difference, 10);
	/* Totals and the largest take only the station's own figures. */
	assert_int_equal(d.totals[2].net, 20);
	assert_int_equal(d.totals[3].stations, 0);
	assert_int_equal(d.lines_differ, 2);
	assert_int_equal(d.nlargest, 2);
	discrepancy_release(&d);
	/* Agreeing observers: "agreed", no observer named. */
	obs[1].answers = obs[0].answers;
	in.nsettled = 0;
	discrepancy_compute(&in, &d);
	s = station(&d, "S1");
	assert_int_equal(s->lines[0].source, SOURCE_AGREED);
	assert_int_equal(s->lines[0].observed, 500);
	assert_null(s->lines[0].observer);
	discrepancy_release(&d);
}

/* Differences smaller than min are not listed or counted; lines missing
 * from the official row or unanswered are not compared; an observed
 * station without official figures is listed apart. */
static void threshold_and_missing(void **state)
{
	struct observed_protocol obs[] = {
	    {"S1", "O1", 1, obj("{\"A\":1000,\"J\":500,\"P1\":300}")},
	    {"S3", "O1", 2, obj("{\"A\":700}")},
	    {"S0", "O2", 3, obj("{\"A\":700}")},
	};
	struct official_protocol off[] = {
	    {"S1", NULL, obj("{\"A\":1003,\"J\":520,\"P2\":999}")},
	    {"S9", NULL, obj("{\"A\":1}")},
	};
	struct discrepancy_input in = {.lines = lines,
	                               .nlines = NLINES,
	                               .observed = obs,
	                               .nobserved = 3,
	                               .official = off,
	                               .nofficial = 2,
	                               .min = 5};
	struct discrepancy d;
	const struct discrepancy_station *s;

	discrepancy_compute(&in, &d);
	assert_int_equal(d.min, 5);
	assert_int_equal(d.stations_observed, 3);
	assert_int_equal(d.stations_official, 2);
	assert_int_equal(d.stations_compared, 1);
	assert_int_equal(d.nobserved_only, 2);
	assert_string_equal(d.observed_only[0], "S0");
	assert_string_equal(d.observed_only[1], "S3");
	s = station(&d, "S1");
	assert_int_equal(s->nlines, 1); /* A differs by 3 < 5; P1, P2 one-sided */
	assert_string_equal(d.lines[s->lines[0].line].tag, "J");
	assert_null(s->region);
	discrepancy_release(&d);
	in.min = 0;                /* taken as 1 */
	in.official_total = 10000; /* official[] holds only some stations */
	discrepancy_compute(&in, &d);
	assert_int_equal(d.min, 1);
	assert_int_equal(d.stations_official, 10000);
	assert_int_equal(station(&d, "S1")->nlines, 2);
	discrepancy_release(&d);
}

/* The largest differences by size, then station; relative sizes need an
 * observed figure above 0. */
static void largest_and_relative(void **state)
{
	struct observed_protocol obs[] = {
	    {"S1", "O1", 1, obj("{\"P1\":0,\"P2\":100}")},
	    {"S2", "O2", 2, obj("{\"P1\":100,\"P2\":100}")},
	    {"S3", "O3", 3, obj("{\"P1\":100,\"P2\":100}")},
	};
	struct official_protocol off[] = {
	    {"S1", NULL, obj("{\"P1\":40,\"P2\":60}")},
	    {"S2", NULL, obj("{\"P1\":150,\"P2\":100}")},
	    {"S3", NULL, obj("{\"P1\":60,\"P2\":100}")},
	};
	struct discrepancy_input in = {.lines = lines,
	                               .nlines = NLINES,
	                               .observed = obs,
	                               .nobserved = 3,
	                               .official = off,
	                               .nofficial = 3,
	                               .min = 1};
	struct discrepancy d;
	const struct discrepancy_line *l;
	json_t *doc, *s1;

	discrepancy_compute(&in, &d);
	assert_int_equal(d.nlargest, 4);
	l = &d.stations[d.largest[0].station].lines[d.largest[0].line];
	assert_string_equal(d.stations[d.largest[0].station].station, "S2");
	assert_int_equal(l->difference, 50);
	/* S1 P1 +40, S1 P2 -40 and S3 P1 -40 tie: by station, then line. */
	assert_string_equal(d.stations[d.largest[1].station].station, "S1");
	assert_string_equal(d.lines[d.stations[0].lines[d.largest[1].line].line].tag,
	                    "P1");
	assert_string_equal(d.stations[d.largest[3].station].station, "S3");
	assert_false(d.stations[0].lines[0].has_relative);
	assert_int_equal(d.totals[2].net, 40 + 50 - 40);
	assert_int_equal(d.totals[2].gross, 130);
	doc = discrepancy_to_json(&d, 0, 1);
	assert_int_equal(json_integer_value(json_object_get(doc, "total")), 3);
	assert_int_equal(json_array_size(json_object_get(doc, "items")), 1);
	s1 = json_array_get(json_object_get(doc, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(s1, "station")), "S1");
	assert_true(json_is_null(json_object_get(
	    json_array_get(json_object_get(s1, "lines"), 0), "relative")));
	assert_true(
	    fabs(json_real_value(json_object_get(
	             json_array_get(json_object_get(s1, "lines"), 1), "relative")) +
	         0.4) < 1e-9);
	assert_int_equal(json_integer_value(json_object_get(
	                     json_object_get(doc, "summary"), "stations_differ")),
	                 3);
	json_decref(doc);
	discrepancy_release(&d);
}

int test_discrepancy(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(one_observer, free_made),
	    cmocka_unit_test_teardown(several_observers, free_made),
	    cmocka_unit_test_teardown(threshold_and_missing, free_made),
	    cmocka_unit_test_teardown(largest_and_relative, free_made),
	};
	return cmocka_run_group_tests_name("discrepancy", tests, NULL, NULL);
}
