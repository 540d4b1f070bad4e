/* writer.c - the group-commit writer thread.  See writer.h. */
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>

#include "core/alloc.h"
#include "store/registry_cache.h"
#include "store/writer.h"

#define BATCH_MAX 2048 /* jobs in one transaction at most */

struct writer {
	struct store *st;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work;
	struct writer_job *head, *tail;
	bool stopping;
	long long jobs, batches, reruns;
};

/* Take up to BATCH_MAX queued jobs; NULL once stopping with none left. */
static struct writer_job *take_batch(struct writer *w)
{
	struct writer_job *batch, *last;
	int n = 1;

	pthread_mutex_lock(&w->mu);
	while (!w->head && !w->stopping)
		pthread_cond_wait(&w->work, &w->mu);
	batch = w->head;
	if (batch) {
		last = batch;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
	}
	pthread_mutex_unlock(&w->mu);
	return batch;
}

static bool all_rerun_safe(const struct writer_job *batch)
{
	for (const struct writer_job *j = batch; j; j = j->next)
		if (!j->rerun_safe)
			return false;
	return true;
}

/* Begin a batch's transaction, the registry's version not yet read in it. */
static enum status begin(struct writer *w, struct err *e)
{
	registry_cache_next(w->st);
	return store_begin(w->st, e);
}

/* Run every job of the batch in the open transaction without a savepoint
 * each; false, with the transaction rolled back and a new one begun (or
 * its failure in *rc), when one of them failed. */
static bool run_plain(struct writer *w, struct writer_job *batch, enum status *rc,
                      struct err *e)
{
	struct writer_job *j;

	for (j = batch; j; j = j->next) {
		err_clear(&j->err);
		j->rc = j->run(w->st, j);
		if (j->rc)
			break;
	}
	if (!j)
		return true;
	store_rollback(w->st);
	pthread_mutex_lock(&w->mu);
	w->reruns++;
	pthread_mutex_unlock(&w->mu);
	*rc = begin(w, e);
	return false;
}

static void run_batch(struct writer *w, struct writer_job *batch)
{
	struct writer_job *j, *next;
	struct err e;
	enum status rc;
	long long n = 0;

	err_clear(&e);
	rc = begin(w, &e);
	if (!rc && all_rerun_safe(batch) && run_plain(w, batch, &rc, &e)) {
		for (j = batch; j; j = j->next)
			n++;
		goto commit;
	}
	for (j = batch; j; j = j->next) {
		err_clear(&j->err);
		if (rc) {
			j->rc = rc;
			j->err = e;
			continue;
		}
		j->rc = store_savepoint(w->st, &j->err);
		if (!j->rc)
			j->rc = store_release(w->st, j->run(w->st, j));
		n++;
	}
commit:
	if (!rc) {
		rc = store_commit(w->st, &e);
		if (rc) {
			store_rollback(w->st);
			for (j = batch; j; j = j->next)
				if (!j->rc) {
					j->rc = rc;
					j->err = e;
				}
		}
	}
	pthread_mutex_lock(&w->mu);
	w->jobs += n;
	w->batches++;
	pthread_mutex_unlock(&w->mu);
	for (j = batch; j; j = next) {
		next = j->next; /* done() may free j */
		j->done(j);
	}
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	struct writer_job *batch;

	pthread_setname_np(pthread_self(), "observa-writer");
	while ((batch = take_batch(w)))
		run_batch(w, batch);
	return NULL;
}

enum status writer_start(const char *url, struct writer **out, struct err *e)
{
	struct writer *w = xcalloc(1, sizeof(*w));
	enum status rc;

	*out = NULL;
	rc = store_open(url, &w->st, e);
	if (rc) {
		free(w);
		return rc;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w)) {
		store_close(w->st);
		free(w);
		return err_set(e, ST_INTERNAL, "cannot start the writer thread");
	}
	*out = w;
	return ST_OK;
}

void writer_submit(struct writer *w, struct writer_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&w->mu);
	if (w->tail)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
}

/* A job someone waits for: the real done callback posts the semaphore. */
struct waited {
	struct writer_job job;
	struct writer_job *inner;
	sem_t sem;
};

static enum status waited_run(struct store *st, struct writer_job *job)
{
	struct waited *wt = (struct waited *)job;
	enum status rc = wt->inner->run(st, wt->inner);

	job->err = wt->inner->err;
	return rc;
}

static void waited_done(struct writer_job *job)
{
	struct waited *wt = (struct waited *)job;

	wt->inner->rc = job->rc;
	wt->inner->err = job->err;
	sem_post(&wt->sem);
}

enum status writer_run(struct writer *w, struct writer_job *job)
{
	struct waited wt = {.job = {.run = waited_run,
	                            .done = waited_done,
	                            .rerun_safe = job->rerun_safe},
	                    .inner = job};

	sem_init(&wt.sem, 0, 0);
	writer_submit(w, &wt.job);
	while (sem_wait(&wt.sem))
		; /* interrupted by a signal: keep waiting */
	sem_destroy(&wt.sem);
	return job->rc;
}

void writer_counts(struct writer *w, long long *jobs, long long *batches)
{
	pthread_mutex_lock(&w->mu);
	*jobs = w->jobs;
	*batches = w->batches;
	pthread_mutex_unlock(&w->mu);
}

long long writer_reruns(struct writer *w)
{
	long long n;

	pthread_mutex_lock(&w->mu);
	n = w->reruns;
	pthread_mutex_unlock(&w->mu);
	return n;
}

void writer_stop(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_broadcast(&w->work);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->mu);
	store_close(w->st);
	free(w);
}
