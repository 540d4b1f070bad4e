/* demo_send.c - the demo's election day written to the store: the ballot and
 * the assignments in the caller's transaction, then every report through
 * intake and the single writer, as a channel's would be, a window at a time,
 * checking that intake did with each what the plan meant; then the clerk's
 * work (demo_review.c). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_reports_int.h"
#include "core/alloc.h"
#include "ingest/intake.h"
#include "store/writer.h"

#define WINDOW 1024 /* reports in the writer at once */

/* ------------------------------------------------------------ the deployment */

enum status demo_reports_deploy(struct demo_reports *d, struct store *st,
                                int64_t mission_id, struct err *e)
{
	enum upsert_result res;
	enum status rc;

	rc = store_choices_replace(st, mission_id, demo_ballot, DEMO_NCHOICES, e);
	if (rc) {
		err_prefix(e, "demo ballot: ");
		return rc;
	}
	rc = store_assignment_batch_begin(st, mission_id, e);
	for (size_t i = 0; !rc && i < d->nassignments; i++) {
		const struct assignment *a = &d->assignments[i];
		struct assignment_row row = {a->observer, a->place, a->day};
		rc = store_assignment_put(st, mission_id, &row, &res, e);
		if (rc)
			err_prefix(e, "demo assignment of %s to %s: ", a->observer,
			           a->place);
	}
	store_assignment_batch_end(st);
	return rc;
}

/* ------------------------------------------------------------ the reports */

/* Waiting for the writer: jobs submitted and not yet done. */
struct pending {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t left;
};

struct slot {
	struct intake_item it; /* first: the writer's job is the item's first member */
	struct pending *pending;
	size_t report; /* index of the report in the plan */
};

static void slot_done(struct writer_job *job)
{
	struct slot *s = (struct slot *)job;

	pthread_mutex_lock(&s->pending->mu);
	if (--s->pending->left == 0)
		pthread_cond_signal(&s->pending->cv);
	pthread_mutex_unlock(&s->pending->mu);
}

struct sender {
	struct demo_reports *d;
	struct store *st;
	const struct mission *m;
	struct intake *in;
	struct writer *w;
	struct pending pending;
	struct slot *slots;
	struct demo_sent *sent;
};

/* "tag: message" of the item's first problem, or "". */
static void first_problem(const struct intake_item *it, char *out, size_t size)
{
	const json_t *p = it->problems ? json_array_get(it->problems, 0) : NULL;
	const char *where = json_string_value(json_object_get(p, "tag"));
	const char *msg = json_string_value(json_object_get(p, "message"));

	if (!where)
		where = json_string_value(json_object_get(p, "field"));
	snprintf(out, size, "%s%s%s", where ? where : "", where ? ": " : "",
	         msg ? msg : "");
}

/* Check that intake did with report i what was planned, and note the
 * stored id and status. */
static enum status outcome(struct sender *s, size_t i, const struct intake_item *it,
                           struct err *e)
{
	struct report *r = &s->d->reports[i];
	struct report *orig = r->kind == ORIGINAL ? r : &s->d->reports[r->of];
	enum intake_outcome want = r->kind == RESENT ? INTAKE_DUPLICATE : INTAKE_STORED;
	enum intake_outcome got = intake_item_outcome(it);
	char problem[600];

	if (got == INTAKE_FAILED)
		return err_set(e, it->job.rc ? it->job.rc : ST_DB, "demo report %s: %s",
		               r->sub.client_id,
		               it->job.err.msg[0] ? it->job.err.msg : "the store failed");
	if (got != want) {
		first_problem(it, problem, sizeof(problem));
		if (!problem[0] && it->job.err.msg[0])
			snprintf(problem, sizeof(problem), "%s", it->job.err.msg);
		return err_set(e, ST_INTERNAL,
		               "demo report %s: %s, not %s as planned%s%s",
		               r->sub.client_id, intake_outcome_str(got),
		               intake_outcome_str(want), problem[0] ? ": " : "", problem);
	}
	s->sent->sent++;
	if (got == INTAKE_DUPLICATE) {
		s->sent->duplicates++;
		return ST_OK;
	}
	s->sent->stored++;
	orig->id = it->rec.id;
	orig->flagged = !strcmp(it->rec.status, "flagged");
	return ST_OK;
}

/* What the SMS channel made of report i: stored or a duplicate, as
 * planned, counted as intake's outcome() counts. */
static enum status sms_outcome(struct sender *s, size_t i, bool stored, struct err *e)
{
	struct report *r = &s->d->reports[i];
	bool want = r->kind != RESENT;

	if (stored != want)
		return err_set(e, ST_INTERNAL,
		               "demo SMS of %s at %s: %s, not %s as planned", r->sub.form,
		               r->sub.station, stored ? "stored" : "a duplicate",
		               want ? "stored" : "a duplicate");
	s->sent->sent++;
	if (stored)
		s->sent->stored++;
	else
		s->sent->duplicates++;
	return ST_OK;
}

/* Prepare and submit the reports order[from, to), wait for all of them,
 * check each outcome.  Reports of SMS teams go one by one through the
 * SMS channel, which waits for its own writes. */
static enum status send_window(struct sender *s, size_t from, size_t to, struct err *e)
{
	size_t prepared = 0;
	enum status rc = ST_OK;

	for (size_t k = from; k < to && !rc; k++) {
		size_t i = s->d->order[k];
		struct slot *sl;
		bool stored;

		if (!strcmp(s->d->reports[i].sub.channel, "sms")) {
			rc = demo_sms_send(s->d, i, s->st, s->m, s->in, s->w, &stored, e);
			if (!rc)
				rc = sms_outcome(s, i, stored, e);
			continue;
		}
		sl = &s->slots[prepared++];
		intake_item_init(&sl->it);
		sl->pending = &s->pending;
		sl->report = i;
		rc =
		    intake_prepare(s->in, s->st, s->m, &s->d->reports[i].sub, &sl->it, e);
		if (rc || sl->it.refused)
			continue;
		intake_job(&sl->it)->done = slot_done;
		pthread_mutex_lock(&s->pending.mu);
		s->pending.left++;
		pthread_mutex_unlock(&s->pending.mu);
		writer_submit(s->w, &sl->it.job);
	}
	pthread_mutex_lock(&s->pending.mu);
	while (s->pending.left)
		pthread_cond_wait(&s->pending.cv, &s->pending.mu);
	pthread_mutex_unlock(&s->pending.mu);
	for (size_t k = 0; k < prepared; k++) {
		if (!rc)
			rc = outcome(s, s->slots[k].report, &s->slots[k].it, e);
		intake_item_release(&s->slots[k].it);
	}
	return rc;
}

/* Send order[from, to) a window at a time. */
static enum status send_range(struct sender *s, size_t from, size_t to,
                              demo_progress_fn progress, void *ctx, long long done,
                              long long total, struct err *e)
{
	enum status rc = ST_OK;

	for (size_t k = from; k < to && !rc; k += WINDOW) {
		size_t end = k + WINDOW < to ? k + WINDOW : to;
		rc = send_window(s, k, end, e);
		if (progress)
			progress(ctx, done + (long long)end, total);
	}
	return rc;
}

enum status demo_reports_send(struct demo_reports *d, struct store *st, const char *url,
                              const struct mission *m, demo_progress_fn progress,
                              void *ctx, long long done, long long total,
                              struct demo_sent *sent, struct err *e)
{
	struct sender s = {.d = d, .st = st, .m = m, .sent = sent};
	size_t originals = 0;
	enum status rc;

	memset(sent, 0, sizeof(*sent));
	while (originals < d->nreports &&
	       d->reports[d->order[originals]].kind == ORIGINAL)
		originals++;
	rc = writer_start(url, &s.w, e);
	if (rc)
		return rc;
	s.in = intake_new();
	s.slots = xcalloc(WINDOW, sizeof(*s.slots));
	pthread_mutex_init(&s.pending.mu, NULL);
	pthread_cond_init(&s.pending.cv, NULL);
	/* The day's reports first: a correction or a report sent again
	 * comes after the report it repeats is stored. */
	rc = send_range(&s, 0, originals, progress, ctx, done, total, e);
	if (!rc)
		rc =
		    send_range(&s, originals, d->nreports, progress, ctx, done, total, e);
	if (!rc)
		rc = demo_sms_extras(d, st, m, s.in, s.w, sent, e);
	writer_stop(s.w);
	if (!rc)
		rc = demo_clerk(d, st, m->id, e);
	pthread_cond_destroy(&s.pending.cv);
	pthread_mutex_destroy(&s.pending.mu);
	free(s.slots);
	intake_free(s.in);
	return rc;
}
