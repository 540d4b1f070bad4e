/* demo_incidents.c - incidents the demo's teams report on form IN: those
 * that go with what a checklist found (ballot stuffing, voting under
 * pressure, a wrong count) and others drawn by how often each kind is seen,
 * each a little after a report at the same place, sent at once. */
#include <string.h>

#include "cli/demo_reports_int.h"

#define NINCIDENTS 30 /* incidents besides those that go with a checklist */

struct incident_kind {
	int category; /* the IN form's A */
	double weight;
	const char *what;
};

static const struct incident_kind incident_kinds[] = {
    {1, 0.5,
     "Two folded ballots went into the stationary box together; the chair did "
     "not react when the team asked."},
    {1, 0.5,
     "A commission member dropped a bundle of ballots into the box while the "
     "room was crowded."},
    {2, 2,
     "A minibus brought the same group of about ten voters twice within an hour; "
     "they were given ballots again."},
    {3, 2,
     "A school director stood at the entrance noting which of her staff came to "
     "vote."},
    {3, 2,
     "Workers of a local company said they had been told to send their manager a "
     "photo of their marked ballot."},
    {4, 2,
     "People at the exit handed voters shop vouchers, saying they came from a "
     "party."},
    {5, 3,
     "The chair kept the team behind a rope five metres from the tables, too far "
     "to see the voter list."},
    {6, 3,
     "A man who is not on the commission gave the chair instructions and handled "
     "the voter list."},
    {7, 2.5, "Posters of a party hung in the corridor leading to the voting room."},
    {7, 2.5,
     "A candidate's leaflets lay on the table where voters sign for their "
     "ballots."},
    {8, 1,
     "A commission member shoved a domestic observer out of the room and "
     "threatened him when he filmed."},
    {9, 0.5,
     "The figures the chair announced after the count differ from those written "
     "in the posted protocol."},
    {9, 0.5,
     "The protocol was filled in with figures before the ballots of the "
     "stationary box were counted."},
    {10, 3,
     "The booths faced the window and the commission's table, so how voters "
     "marked their ballots could be seen."},
    {11, 2.5,
     "The voter list terminal was down for forty minutes; voters were asked to "
     "wait or come back later."},
    {11, 2.5,
     "A power cut left the station dark for half an hour; voting went on by "
     "torchlight."},
    {12, 2,
     "A voter in a wheelchair could not reach the voting room on the second "
     "floor; no mobile box was offered."},
};
#define NKINDS (sizeof(incident_kinds) / sizeof(incident_kinds[0]))

/* What an observer writes about an incident of category. */
static const char *what_of(struct demo_reports *d, int category)
{
	size_t found[NKINDS] = {0}, n = 0;

	for (size_t i = 0; i < NKINDS; i++)
		if (incident_kinds[i].category == category)
			found[n++] = i;
	return n ? incident_kinds[found[demo_below(d, n)]].what : "";
}

/* Sent at once over the phone's data connection. */
size_t demo_add_incident(struct demo_reports *d, size_t at, int category, int severity,
                         int follow_up, const char *what)
{
	struct report o = d->reports[at];
	long t = o.local + demo_between(d, 3 * 60, 25 * 60);
	json_t *a = json_pack(
	    "{s:i, s:i, s:s, s:s, s:i}", "A", category, "B", severity, "C", what, "D",
	    demo_fmt(d, "%02ld:%02ld", t % DEMO_DAY_SECS / 3600, t / 60 % 60), "E",
	    follow_up);
	size_t i = demo_add(d, o.team, o.place, "IN", t, a);

	d->reports[i].sub.client_id =
	    demo_fmt(d, "%s-IN-%03d", d->teams[o.team].reporter, ++d->incidents);
	d->reports[i].sub.channel = d->teams[o.team].sms ? "sms" : "api";
	return i;
}

void demo_linked_incidents(struct demo_reports *d, size_t at)
{
	const json_t *a = d->reports[at].answers;
	const char *form = d->reports[at].sub.form;

	if (!strcmp(form, "VO") && demo_answer(a, "E") == 1)
		demo_add_incident(d, at, 1, 3, 1, what_of(d, 1));
	if (!strcmp(form, "VO") && demo_answer(a, "H") == 1 && demo_chance(d, 0.5))
		demo_add_incident(d, at, 3, 2, 1, what_of(d, 3));
	if (!strcmp(form, "CO") && demo_answer(a, "M") == 1)
		demo_add_incident(d, at, 9, 3, 1, what_of(d, 9));
}

void demo_random_incidents(struct demo_reports *d)
{
	double w[NKINDS];

	for (size_t i = 0; i < NKINDS; i++)
		w[i] = incident_kinds[i].weight;
	for (int k = 0; k < NINCIDENTS; k++) {
		const struct incident_kind *ik =
		    &incident_kinds[demo_weighted(d, w, NKINDS)];
		const char *form = ik->category == 9 ? "CO" : "VO";
		bool critical =
		    ik->category == 1 || ik->category == 8 || ik->category == 9;
		double u = demo_unit(d);
		int severity = critical   ? (u < 0.75 ? 3 : 2)
		               : u < 0.55 ? 1
		               : u < 0.93 ? 2
		                          : 3;
		size_t at = demo_pick(d, form, false);

		if (at == SIZE_MAX)
			continue;
		demo_add_incident(d, at, ik->category, severity,
		                  severity == 3   ? !demo_chance(d, 0.1)
		                  : severity == 2 ? demo_chance(d, 0.7)
		                                  : demo_chance(d, 0.1),
		                  ik->what);
	}
}
