/* http_stream.c - a producer behind libmicrohttpd's callback responses
 * (MHD_create_response_from_callback): bytes made a page at a time are
 * kept until MHD has taken them all, then the producer is asked again.
 * http_stream.h tells the threads and the lifetimes. */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "http/http_stream.h"

/* Bytes MHD asks for at most per call, and its buffer for this response. */
#define STREAM_BLOCK (64u << 10)
/* The most one page may hold before the export fails (a page is a few
 * hundred rows: far below this). */
#define STREAM_PAGE_MAX (256u << 20)

struct http_stream {
	http_stream_next next;
	void (*free)(void *ctx);
	void *ctx;
	struct buf pending;        /* made, not yet taken by MHD */
	size_t taken;              /* bytes of pending taken */
	bool done;                 /* next() said the body is complete */
	struct MHD_Connection *mc; /* where the body goes */
};

/* The connection of the producer running on this thread, if any. */
static _Thread_local struct MHD_Connection *current;

enum status http_resp_stream(struct http_resp *resp, int status, const char *content_type,
                             http_stream_next next, void (*free_ctx)(void *ctx),
                             void *ctx)
{
	struct http_stream *s = xcalloc(1, sizeof(*s));

	http_stream_discard(resp);
	s->next = next;
	s->free = free_ctx;
	s->ctx = ctx;
	buf_init(&s->pending, STREAM_PAGE_MAX);
	buf_reset(&resp->body);
	resp->stream = s;
	resp->status = status;
	resp->content_type = content_type;
	return ST_OK;
}

static void stream_free(void *cls)
{
	struct http_stream *s = cls;

	if (s->free)
		s->free(s->ctx);
	buf_release(&s->pending);
	free(s);
}

void http_stream_discard(struct http_resp *resp)
{
	if (resp->stream)
		stream_free(resp->stream);
	resp->stream = NULL;
}

/* MHD wants up to max bytes at offset pos of the body. */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct http_stream *s = cls;
	struct err e;
	enum status rc;
	size_t n;

	(void)pos;
	while (s->taken == s->pending.len) {
		if (s->done)
			return MHD_CONTENT_READER_END_OF_STREAM;
		buf_reset(&s->pending);
		s->taken = 0;
		err_clear(&e);
		current = s->mc;
		rc = s->next(s->ctx, &s->pending, &s->done, &e);
		current = NULL;
		if (rc) {
			log_msg(LOG_WARN, "http: a streamed response stopped: %s", e.msg);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		if (!s->pending.len && !s->done)
			return 0; /* suspended: asked again once resumed */
	}
	n = s->pending.len - s->taken;
	if (n > max)
		n = max;
	memcpy(out, s->pending.ptr + s->taken, n);
	s->taken += n;
	return (ssize_t)n;
}

struct MHD_Response *http_stream_response(struct http_resp *resp,
                                          struct MHD_Connection *mc)
{
	struct http_stream *s = resp->stream;
	struct MHD_Response *mr;

	resp->stream = NULL;
	s->mc = mc;
	mr = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
	                                       stream_read, s, stream_free);
	if (!mr)
		stream_free(s);
	return mr;
}

struct MHD_Connection *http_stream_suspend(void)
{
	if (current)
		MHD_suspend_connection(current);
	return current;
}

void http_stream_resume(struct MHD_Connection *mc)
{
	MHD_resume_connection(mc);
}
