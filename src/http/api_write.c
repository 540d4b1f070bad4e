/* api_write.c - changes the JSON API makes (reviews, resolved conflicts,
 * assignments) go through the process's single writer like reports do,
 * so that SQLite has one writer and the answer waits for durability
 * without holding a worker thread. */
#include "core/alloc.h"
#include "http/api.h"
#include "http/auth.h"

struct api_write {
	struct writer_job job; /* first: req->deferred points here */
	api_write_fn write;
	api_render_fn render;
	void *ctx;
	const char *client;
	const char *actor; /* the signed-in user, for the audit log */
};

/* In the writer thread: the change, under the request's actor, the
 * handle's own actor being put back after. */
static enum status write_run(struct store *st, struct writer_job *job)
{
	struct api_write *w = (struct api_write *)job;
	char *actor = xstrdup(st->actor), *origin = xstrdup(st->origin);
	enum status rc;

	store_set_actor(st, w->actor, w->client);
	rc = w->write(st, w->ctx, &job->err);
	store_set_actor(st, actor, origin);
	free(actor);
	free(origin);
	return rc;
}

static enum status write_finish(struct http_req *req, struct http_resp *resp)
{
	struct api_write *w = (struct api_write *)req->deferred;

	if (w->job.rc) {
		req->err = w->job.err;
		return w->job.rc;
	}
	return w->render(req, resp, w->ctx);
}

enum status api_write(struct http_req *req, api_write_fn write, api_render_fn render,
                      void *ctx)
{
	struct api_write *w = arena_alloc(&req->arena, sizeof(*w));

	*w = (struct api_write){
	    .write = write,
	    .render = render,
	    .ctx = ctx,
	    .client = req->client,
	    .actor = req->auth ? req->auth->user : "http",
	};
	w->job.run = write_run;
	http_defer(req, &w->job, write_finish);
	return ST_OK;
}
