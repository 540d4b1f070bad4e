/* demo_plant.c - what goes wrong in the demo's reports, on purpose: protocols
 * that do not add up, implausible turnouts, copying slips and typos that the
 * team corrects later, other corrections, reports a clerk rejects, reports a
 * phone sends twice; then the order the reports are sent in. */
#include <stdlib.h>
#include <string.h>

#include "cli/demo_reports_int.h"
#include "core/alloc.h"

#define NRESENT  15 /* reports a phone sends twice */
#define NBAD_PR  6  /* protocols that do not add up as the commission wrote them */
#define NTYPO_PR 5  /* protocols miscopied by the observer, then corrected */
#define NTYPO_VO 2  /* voting checklists mistyped, then corrected */
#define NREVISED 13 /* other reports corrected after the team's debrief */

size_t demo_pick(struct demo_reports *d, const char *form, bool fresh)
{
	for (int tries = 0; tries < 1000000; tries++) {
		size_t i = demo_below(d, d->nreports);
		struct report *r = &d->reports[i];
		/* An SMS carries no report id, so it cannot be corrected or
		 * told apart when sent twice: those come by the other channels. */
		if (r->kind != ORIGINAL || strcmp(r->sub.form, form) ||
		    !strcmp(r->sub.channel, "sms"))
			continue;
		if (fresh && (r->special || r->doubled ||
		              (!strcmp(form, "VO") && demo_answer(r->answers, "M") < 0)))
			continue;
		r->special |= fresh;
		return i;
	}
	return SIZE_MAX;
}

static void replace_answers(struct report *r, json_t *a)
{
	json_decref(r->answers);
	r->answers = a;
	r->sub.answers = a;
}

/* A correction of reports[i] with answers fixed and a comment. */
static void correct(struct demo_reports *d, size_t i, json_t *fixed, const char *comment)
{
	struct report *c = demo_new_report(d), *o = &d->reports[i];

	*c = *o;
	c->kind = CORRECTION;
	c->of = i;
	c->answers = fixed;
	c->sub.answers = fixed;
	c->sub.client_id = demo_fmt(d, "%s-2", o->sub.client_id);
	c->sub.replaces = o->sub.client_id;
	c->sub.comment = comment;
}

static const char *const checked_note =
    "Checked with the team against their photo of the protocol: the figures are "
    "the commission's own.";

void demo_plant(struct demo_reports *d)
{
	static const enum pr_kind bad[] = {PR_VALID_SUM, PR_BOXES, PR_BALANCE};
	size_t i;

	for (int k = 0; k < NBAD_PR + 2; k++) {
		enum pr_kind kind = k < NBAD_PR    ? bad[k % 3]
		                    : k == NBAD_PR ? PR_HIGH
		                                   : PR_OVER;
		i = demo_pick(d, "PR", true);
		if (i == SIZE_MAX)
			continue;
		replace_answers(
		    &d->reports[i],
		    demo_protocol(d, &d->stations[d->reports[i].place], kind));
		d->reports[i].verify = checked_note;
	}
	for (int k = 0; k < NTYPO_PR; k++) {
		json_t *typo;
		i = demo_pick(d, "PR", true);
		if (i == SIZE_MAX)
			continue;
		typo = json_deep_copy(d->reports[i].answers);
		demo_slip(d, typo);
		correct(d, i, json_incref(d->reports[i].answers),
		        "Corrected: one line was miscopied from the protocol.");
		replace_answers(&d->reports[i], typo);
	}
	for (int k = 0; k < NTYPO_VO + 1; k++) {
		json_t *typo;
		i = demo_pick(d, "VO", true);
		if (i == SIZE_MAX)
			continue;
		typo = json_deep_copy(d->reports[i].answers);
		json_object_set_new(
		    typo, "N",
		    json_integer(demo_answer(typo, "N") * 10 + demo_between(d, 0, 9)));
		if (k < NTYPO_VO)
			correct(
			    d, i, json_incref(d->reports[i].answers),
			    "Corrected: a digit too many in the number who had voted.");
		else
			d->reports[i].reject = "Sent for the wrong station: the figures "
			                       "are those of the team's next station "
			                       "(confirmed by phone with the team).";
		replace_answers(&d->reports[i], typo);
	}
	for (int k = 0; k < NREVISED; k++) {
		static const char *const forms[] = {"OP", "VO", "VO", "CO"};
		const char *form = forms[demo_below(d, 4)];
		json_t *fixed;
		i = demo_pick(d, form, true);
		if (i == SIZE_MAX)
			continue;
		fixed = json_deep_copy(d->reports[i].answers);
		demo_disagree(d, fixed, form);
		correct(d, i, fixed, "Corrected after the team's evening debrief.");
	}
	i = demo_pick(d, "VO", true);
	if (i == SIZE_MAX)
		return;
	d->reports[demo_add_incident(
	               d, i, 1, 3, 0,
	               "People outside said ballots had been stuffed here before "
	               "the team came; the team saw nothing of it itself.")]
	    .reject =
	    "Hearsay, not an observation: the team did not see it (confirmed by "
	    "phone); no other report from this station suggests it.";
}

/* The connection dropped before the answer came. */
void demo_resend(struct demo_reports *d)
{
	static const char *const forms[] = {"VO", "VO", "OP", "CO", "PR"};

	for (int k = 0; k < NRESENT; k++) {
		size_t i = demo_pick(d, forms[k % 5], true);
		struct report *c;
		if (i == SIZE_MAX)
			continue;
		c = demo_new_report(d);
		*c = d->reports[i];
		c->kind = RESENT;
		c->of = i;
		c->answers = NULL; /* the original's are sent again */
	}
}

struct when {
	long when;
	size_t i;
};

static int by_when(const void *x, const void *y)
{
	const struct when *a = x, *b = y;

	if (a->when != b->when)
		return a->when < b->when ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void demo_order(struct demo_reports *d)
{
	struct when *w = xcalloc(d->nreports + 1, sizeof(*w));
	size_t n = 0, k = 0;

	for (size_t i = 0; i < d->nreports; i++)
		if (d->reports[i].kind == ORIGINAL)
			w[n++] = (struct when){d->reports[i].when, i};
	qsort(w, n, sizeof(*w), by_when);
	d->order = xcalloc(d->nreports + 1, sizeof(*d->order));
	for (; k < n; k++)
		d->order[k] = w[k].i;
	for (size_t i = 0; i < d->nreports; i++)
		if (d->reports[i].kind != ORIGINAL)
			d->order[k++] = i;
	free(w);
}
