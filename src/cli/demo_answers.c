/* demo_answers.c - what the demo's observers answer: the ballot of the 2023
 * Mazhilis party-list election; the checklists of the opening, voting,
 * counting and tabulation, negative answers more likely in troubled regions
 * and from strict teams; and the results protocols as commissions write
 * them, the problem ones included. */
#include <math.h>
#include <string.h>

#include "cli/demo_reports_int.h"

/* ------------------------------------------------------------ the ballot */

/* The seven parties of the 2023 party-list election and "against all". */
const struct store_choice demo_ballot[] = {
    {1, "AMANAT", "Amanat", "party"},
    {2, "AUYL", "Auyl", "party"},
    {3, "RESPUBLICA", "Respublica", "party"},
    {4, "AKZHOL", "Ak Zhol", "party"},
    {5, "QHP", "People's Party of Kazakhstan", "party"},
    {6, "JSDP", "National Social Democratic Party", "party"},
    {7, "BAYTAQ", "Baytaq", "party"},
    {8, "AGAINST", "Against all", "against_all"},
};
_Static_assert(sizeof(demo_ballot) / sizeof(demo_ballot[0]) == DEMO_NCHOICES,
               "DEMO_NCHOICES counts the ballot");

/* The protocol lines of the choices, and their shares of the valid votes,
 * roughly the official result. */
static const char *const choice_tag[DEMO_NCHOICES] = {"P1", "P2", "P3", "P4",
                                                      "P5", "P6", "P7", "AA"};
static const double share[DEMO_NCHOICES] = {0.54, 0.11, 0.09, 0.08,
                                            0.07, 0.05, 0.02, 0.03};

/* ------------------------------------------------------------ answers */

struct yesno {
	const char *tag;
	int good;        /* the answer that is not negative */
	double negative; /* chance of the other one, before the region's and team's
	                    factors */
	double asked;    /* chance the question is answered at all */
	bool critical;   /* the negative answer raises an alert */
};

static const struct yesno opening_q[] = {
    {"A", 1, 0.04, 1, false},    {"C", 1, 0.03, 0.99, false},
    {"D", 1, 0.01, 0.99, false}, {"E", 1, 0.015, 0.99, false},
    {"F", 1, 0.03, 0.99, false}, {"G", 1, 0.005, 0.99, false},
    {"H", 0, 0.05, 0.99, false}, {"I", 0, 0.002, 0.99, true},
    {"J", 1, 0.02, 0.99, false}, {"K", 0, 0.0015, 0.99, true},
    {NULL, 0, 0, 0, false},
};

static const struct yesno voting_q[] = {
    {"A", 1, 0.03, 0.99, false},  {"B", 1, 0.05, 0.99, false},
    {"C", 0, 0.08, 0.98, false},  {"D", 0, 0.03, 0.97, false},
    {"E", 0, 0.0015, 0.99, true}, {"F", 0, 0.0015, 0.9, true},
    {"G", 0, 0.03, 0.99, false},  {"H", 0, 0.002, 0.98, true},
    {"I", 1, 0.04, 0.35, false},  {"J", 0, 0.02, 0.99, false},
    {"K", 0, 0.06, 0.99, false},  {"L", 1, 0.12, 0.99, false},
    {NULL, 0, 0, 0, false},
};

static const struct yesno counting_q[] = {
    {"A", 1, 0.05, 0.99, false}, {"B", 1, 0.04, 0.8, false},  {"C", 1, 0.04, 0.99, false},
    {"D", 1, 0.06, 0.99, false}, {"E", 1, 0.05, 0.99, false}, {"F", 1, 0.02, 0.99, false},
    {"G", 1, 0.02, 0.99, false}, {"H", 0, 0.004, 0.97, true}, {"I", 1, 0.04, 0.99, false},
    {"J", 1, 0.06, 0.99, false}, {"K", 0, 0.02, 0.99, false}, {"L", 0, 0.03, 0.99, false},
    {"M", 0, 0.005, 0.97, true}, {NULL, 0, 0, 0, false},
};

static const struct yesno tabulation_q[] = {
    {"A", 1, 0.06, 1, false}, {"B", 1, 0.05, 1, false},    {"C", 0, 0.10, 1, false},
    {"E", 1, 0.03, 1, true},  {"F", 1, 0.04, 0.95, false}, {"G", 0, 0.03, 1, false},
    {NULL, 0, 0, 0, false},
};

struct verdict {
	int negatives;
	bool critical;
};

/* Answers to the yes/no questions q; factor scales the chance of each
 * negative answer. */
static json_t *checklist(struct demo_reports *d, const struct yesno *q, double factor,
                         struct verdict *v)
{
	json_t *a = json_object();

	v->negatives = 0;
	v->critical = false;
	for (; q->tag; q++) {
		double p = q->negative * factor;
		int answer;

		if (!demo_chance(d, q->asked))
			continue;
		answer = demo_chance(d, p < 0.6 ? p : 0.6) ? !q->good : q->good;
		json_object_set_new(a, q->tag, json_integer(answer));
		if (answer != q->good) {
			v->negatives++;
			v->critical |= q->critical;
		}
	}
	return a;
}

/* The overall rating, 1 very bad .. 4 very good, from what was seen; now
 * and then good despite a critical answer (the forms flag that). */
static int rating(struct demo_reports *d, const struct verdict *v)
{
	double u = demo_unit(d);

	if (v->critical)
		return u < 0.15 ? 3 : u < 0.55 ? 2 : 1;
	if (!v->negatives)
		return u < 0.02 ? 2 : u < 0.5 ? 3 : 4;
	if (v->negatives == 1)
		return u < 0.01 ? 1 : u < 0.15 ? 2 : u < 0.75 ? 3 : 4;
	return u < 0.1 ? 1 : u < 0.55 ? 2 : u < 0.95 ? 3 : 4;
}

int64_t demo_answer(const json_t *a, const char *tag)
{
	const json_t *v = json_object_get(a, tag);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static double factor(const struct demo_reports *d, const struct team *tm, size_t region)
{
	return d->regions[region].trouble * tm->strict;
}

json_t *demo_opening(struct demo_reports *d, const struct team *tm,
                     const struct station *s)
{
	struct verdict v;
	json_t *a = checklist(d, opening_q, factor(d, tm, s->region), &v);

	/* A late opening gives the time of the first voter; some forget. */
	if (demo_answer(a, "A") == 1)
		json_object_set_new(a, "B", json_string("07:00"));
	else if (demo_chance(d, 0.8))
		json_object_set_new(
		    a, "B", json_string(demo_fmt(d, "07:%02ld", demo_between(d, 8, 45))));
	json_object_set_new(a, "Z", json_integer(rating(d, &v)));
	return a;
}

/* Share of the day's voters who have voted by local time t. */
static double voted_by(long t)
{
	double x = (double)(t - demo_hm(7, 0)) / (double)(demo_hm(20, 0) - demo_hm(7, 0));

	return pow(x < 0 ? 0 : x > 1 ? 1 : x, 0.85);
}

json_t *demo_voting(struct demo_reports *d, const struct team *tm,
                    const struct station *s, long t)
{
	struct verdict v;
	json_t *a = checklist(d, voting_q, factor(d, tm, s->region), &v);

	if (demo_chance(d, 0.85)) {
		int64_t m = s->l->registered_voters;
		json_object_set_new(a, "M", json_integer(m));
		json_object_set_new(
		    a, "N", json_integer((int64_t)llround(m * s->turnout * voted_by(t))));
	}
	json_object_set_new(a, "Z", json_integer(rating(d, &v)));
	return a;
}

json_t *demo_counting(struct demo_reports *d, const struct team *tm,
                      const struct station *s)
{
	struct verdict v;
	json_t *a = checklist(d, counting_q, factor(d, tm, s->region), &v);

	json_object_set_new(a, "Z", json_integer(rating(d, &v)));
	return a;
}

json_t *demo_tabulation(struct demo_reports *d, const struct team *tm, size_t region)
{
	struct verdict v;
	double f = factor(d, tm, region);
	json_t *a = checklist(d, tabulation_q, f, &v);
	int64_t watched = demo_between(d, 15, 80);

	if (demo_answer(a, "C") == 1) {
		int legal = !demo_chance(d, 0.25 * f);
		json_object_set_new(a, "D", json_integer(legal));
		v.negatives += !legal;
	}
	json_object_set_new(a, "H", json_integer(watched));
	json_object_set_new(
	    a, "I", json_integer(demo_answer(a, "E") == 0 ? demo_between(d, 1, 3) : 0));
	json_object_set_new(a, "Z", json_integer(rating(d, &v)));
	return a;
}

/* The yes/no questions of form's checklist. */
static const struct yesno *questions(const char *form)
{
	return !strcmp(form, "OP")   ? opening_q
	       : !strcmp(form, "VO") ? voting_q
	       : !strcmp(form, "CO") ? counting_q
	                             : tabulation_q;
}

void demo_disagree(struct demo_reports *d, json_t *a, const char *form)
{
	const struct yesno *q = questions(form);
	const char *tags[32];
	size_t n = 0;

	for (; q->tag && n < 32; q++)
		if (!q->critical && demo_answer(a, q->tag) >= 0)
			tags[n++] = q->tag;
	if (n) {
		const char *t = tags[demo_below(d, n)];
		json_object_set_new(a, t, json_integer(!demo_answer(a, t)));
	}
}

/* ------------------------------------------------------------ protocols */

enum { LA, LB, LC, LD, LE, LF, LG, LH, LI, LJ, LK, LL, NLINES };

/* The valid votes split among the choices by their shares, the region's
 * lean and the station's own mood; stuffed: nearly all for the leader. */
static void split(struct demo_reports *d, const struct station *s, int64_t valid,
                  bool stuffed, int64_t votes[DEMO_NCHOICES])
{
	const struct region *rg = &d->regions[s->region];
	double w[DEMO_NCHOICES], frac[DEMO_NCHOICES], sum = 0;
	int64_t given = 0;

	for (size_t k = 0; k < DEMO_NCHOICES; k++) {
		w[k] = share[k] * rg->lean[k] * exp(0.25 * demo_gauss(d));
		if (!s->urban)
			w[k] *= k == 0 ? 1.08 : k == 1 ? 1.4 : k == 2 ? 0.7 : 1;
	}
	if (stuffed)
		w[0] *= 40;
	for (size_t k = 0; k < DEMO_NCHOICES; k++)
		sum += w[k];
	for (size_t k = 0; k < DEMO_NCHOICES; k++) {
		double x = (double)valid * w[k] / sum;
		votes[k] = (int64_t)x;
		frac[k] = x - (double)votes[k];
		given += votes[k];
	}
	while (given < valid) {
		size_t best = 0;
		for (size_t k = 1; k < DEMO_NCHOICES; k++)
			if (frac[k] > frac[best])
				best = k;
		votes[best]++;
		frac[best] = -1;
		given++;
	}
}

json_t *demo_protocol(struct demo_reports *d, const struct station *s, enum pr_kind kind)
{
	static const char *const tags[NLINES] = {"A", "B", "C", "D", "E", "F",
	                                         "G", "H", "I", "J", "K", "L"};
	int64_t v[NLINES] = {0}, votes[DEMO_NCHOICES], issued, away;
	double t = kind == PR_HIGH ? 0.975 + 0.015 * demo_unit(d) : s->turnout;
	json_t *a = json_object();

	v[LA] = s->l->registered_voters;
	issued = kind == PR_OVER ? v[LA] + demo_between(d, 12, 40)
	                         : (int64_t)llround(v[LA] * t);
	v[LB] = kind == PR_OVER ? issued + demo_between(d, 5, 30) : v[LA];
	v[LC] = (int64_t)llround(issued * (0.004 + 0.016 * demo_unit(d)));
	v[LE] = (int64_t)llround(issued * (kind >= PR_HIGH ? 0.2 + 0.1 * demo_unit(d)
	                                   : s->urban      ? 0.01 + 0.02 * demo_unit(d)
	                                                   : 0.03 + 0.04 * demo_unit(d)));
	v[LD] = issued - v[LC] - v[LE];
	v[LK] = demo_chance(d, 0.01);
	v[LF] = v[LB] + v[LL] - issued - v[LK];
	away = demo_chance(d, 0.25) ? demo_between(d, 1, 3) : 0; /* ballots taken away */
	v[LG] = v[LE];
	v[LH] = v[LC] + v[LD] - away;
	v[LI] = (int64_t)llround((v[LG] + v[LH]) * (0.004 + 0.018 * demo_unit(d)));
	v[LJ] = v[LG] + v[LH] - v[LI];
	split(d, s, v[LJ], kind >= PR_HIGH, votes);
	if (kind == PR_VALID_SUM)
		votes[1 + demo_below(d, 5)] += demo_between(d, 10, 60);
	else if (kind == PR_BOXES)
		v[LI] += demo_between(d, 5, 30);
	else if (kind == PR_BALANCE)
		v[LF] += v[LF] > 60 ? -demo_between(d, 10, 50) : demo_between(d, 10, 50);
	for (size_t i = 0; i < NLINES; i++)
		json_object_set_new(a, tags[i], json_integer(v[i]));
	for (size_t k = 0; k < DEMO_NCHOICES; k++)
		json_object_set_new(a, choice_tag[k], json_integer(votes[k]));
	return a;
}

void demo_slip(struct demo_reports *d, json_t *a)
{
	const char *tag = choice_tag[demo_below(d, DEMO_NCHOICES - 1)];
	int64_t v = demo_answer(a, tag), lo = v % 10, hi = v / 10 % 10;

	v = v >= 10 && lo != hi ? v - lo - 10 * hi + hi + 10 * lo : v + 10;
	json_object_set_new(a, tag, json_integer(v));
}
