/* writer.h - the single writer: one thread that owns the process's writes
 * and commits many waiting jobs in one transaction (group commit).
 *
 * Intake threads hand jobs to the writer and learn the outcome only after
 * the transaction holding them is durable, so a 2xx is never sent for
 * something that is not on disk, and thousands of reports a second cost
 * one fsync per batch instead of one each.
 *
 *   struct my_job { struct writer_job base; ... };
 *   job.base.run = store_my_thing;    (runs in the writer thread)
 *   job.base.done = wake_my_client;   (after the commit, writer thread)
 *   writer_submit(w, &job.base);
 *
 * Each job runs inside its own savepoint: a job that fails is rolled back
 * alone and the others of its batch are still committed.  When the commit
 * itself fails, every job of the batch gets that error.
 *
 * Each transaction the writer begins starts with the registry's version
 * unread (registry_cache_unchanged() then reads it once for the batch).
 *
 * A batch whose jobs are all rerun_safe runs first without the savepoints
 * (two statements a job fewer, on the intake's hot path); should one of
 * them fail, the whole transaction is rolled back and the batch run again,
 * each job in its savepoint, so the outcome is the same. */
#ifndef OBSERVA_WRITER_H
#define OBSERVA_WRITER_H

#include "core/err.h"
#include "store/store.h"

struct writer;

struct writer_job {
	/* Do the job's writes on st (the writer's own handle, inside the
	 * batch transaction).  Return non-OK, with job->err filled, to have
	 * the job's writes rolled back. */
	enum status (*run)(struct store *st, struct writer_job *job);
	/* True when run may be called again after everything it wrote was
	 * rolled back: a second run does what the first would have done, as
	 * it keeps nothing of an earlier run but what it wrote. */
	bool rerun_safe;
	/* Told the outcome in job->rc and job->err, after the commit; runs in
	 * the writer thread, so it must be quick (wake someone up). */
	void (*done)(struct writer_job *job);
	enum status rc;
	struct err err;
	/* Set by run, with an error and nothing written, when what the job
	 * was prepared against has changed since (the registry's version,
	 * registry_cache.h): the request should be made again from the
	 * start.  run clears it when it begins. */
	bool retry;
	struct writer_job *next; /* private to the writer */
};

/* Open a store handle at url for the writer and start its thread. */
enum status writer_start(const char *url, struct writer **out, struct err *e);

/* Queue job; job->done is called exactly once, later, from the writer
 * thread.  The job must stay alive until then. */
void writer_submit(struct writer *w, struct writer_job *job);

/* Queue job and wait for its outcome (its done callback is not used);
 * returns job->rc. */
enum status writer_run(struct writer *w, struct writer_job *job);

/* Jobs committed and batches so far, for statistics. */
void writer_counts(struct writer *w, long long *jobs, long long *batches);
/* Batches of rerun_safe jobs run again, each job in its savepoint, after
 * one of them failed. */
long long writer_reruns(struct writer *w);

/* Finish every queued job, stop the thread, close the handle; NULL is a
 * no-op. */
void writer_stop(struct writer *w);

#endif
