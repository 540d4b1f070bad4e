/* http_resp.c - filling a response: JSON bodies, {"error": ...} bodies,
 * extra headers, and the mapping of outcome codes to HTTP statuses. */
#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/text.h"
#include "http/http.h"
#include "http/http_stream.h"
#include "http/openrosa.h"

void http_resp_init(struct http_resp *resp, struct arena *a)
{
	resp->status = 0;
	resp->content_type = HTTP_JSON;
	buf_init(&resp->body, HTTP_RESP_MAX);
	resp->nheaders = 0;
	resp->arena = a;
	resp->stream = NULL;
}

void http_resp_release(struct http_resp *resp)
{
	buf_release(&resp->body);
	resp->nheaders = 0;
	http_stream_discard(resp);
}

void http_resp_header(struct http_resp *resp, const char *name, const char *value)
{
	assert(resp->nheaders < HTTP_MAX_HEADERS);
	if (resp->nheaders >= HTTP_MAX_HEADERS)
		return;
	resp->headers[resp->nheaders].key = arena_strdup(resp->arena, name);
	resp->headers[resp->nheaders].value = arena_strdup(resp->arena, value);
	resp->nheaders++;
}

static int dump_to_buf(const char *text, size_t n, void *ctx)
{
	return buf_append(ctx, text, n) ? -1 : 0;
}

enum status http_buf_json(struct buf *b, const json_t *j)
{
	if (json_dump_callback(j, dump_to_buf, b,
	                       JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)))
		return ST_TOO_BIG;
	return ST_OK;
}

enum status http_resp_json(struct http_resp *resp, int status, json_t *j)
{
	enum status rc;

	buf_reset(&resp->body);
	rc = http_buf_json(&resp->body, j);
	json_decref(j);
	if (rc) {
		buf_release(&resp->body);
		return rc;
	}
	resp->status = status;
	resp->content_type = HTTP_JSON;
	return ST_OK;
}

/* Copy s into a with every byte that breaks UTF-8 replaced by '?', since
 * jansson refuses strings that are not UTF-8 and messages may quote what
 * a client sent. */
static char *utf8_clean(struct arena *a, const char *s)
{
	size_t n = strlen(s), i = 0;
	char *d = arena_strndup(a, s, n);

	while (i < n) {
		size_t k = 1;
		while (k <= 4 && i + k <= n && !utf8_valid(d + i, k))
			k++;
		if (k > 4 || i + k > n) {
			d[i++] = '?';
			continue;
		}
		i += k;
	}
	return d;
}

void http_resp_error(struct http_resp *resp, int status, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX + 64];
	json_t *j;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	j = json_object();
	json_object_set_new(j, "error", json_string(utf8_clean(resp->arena, msg)));
	/* A short object always fits under HTTP_RESP_MAX. */
	http_resp_json(resp, status, j);
}

void http_resp_error_at(struct http_resp *resp, const char *target, int status,
                        const char *fmt, ...)
{
	char msg[ERR_MSG_MAX + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (http_target_openrosa(target))
		openrosa_resp_message(resp, status, "error", msg);
	else
		http_resp_error(resp, status, "%s", msg);
}

int http_status_for(enum status st)
{
	switch (st) {
	case ST_OK:
		return 200;
	case ST_INVALID:
		return 400;
	case ST_UNAUTHENTICATED:
		return 401;
	case ST_DENIED:
		return 403;
	case ST_NOT_FOUND:
		return 404;
	case ST_EXISTS:
	case ST_CONFLICT:
		return 409;
	case ST_TOO_BIG:
		return 413;
	case ST_UNSUPPORTED:
		return 501;
	case ST_BUSY:
		return 503;
	default:
		return 500;
	}
}

static bool is_unwritable(const struct err *e)
{
	return e->code == ST_IO && !strncmp(e->msg, "the database cannot be", 22);
}

void http_log_unwritable(const struct err *e)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static time_t last;
	static long long missed;
	long long n = 0;
	bool now_log = false;
	time_t t = time(NULL);

	if (!is_unwritable(e))
		return;
	pthread_mutex_lock(&mu);
	if (t - last >= 10) {
		now_log = true;
		n = missed;
		missed = 0;
		last = t;
	} else {
		missed++;
	}
	pthread_mutex_unlock(&mu);
	if (now_log)
		log_msg(LOG_ERROR,
		        "%s (and %lld more such failures since the last message)", e->msg,
		        n);
}

void http_resp_from_err(struct http_resp *resp, const struct http_req *req,
                        const struct err *e)
{
	enum status code = e->code ? e->code : ST_INTERNAL;
	int status = http_status_for(code);
	/* A full disk or a read-only database (the store's words): the
	 * operator must act, and the client should try again later. */
	if (is_unwritable(e)) {
		http_log_unwritable(e);
		http_resp_header(resp, "Retry-After", "5");
		http_resp_error_at(resp, req->target, 503, "%s; nothing was changed",
		                   e->msg);
		return;
	}

	if (req->retry_after > 0) {
		char secs[24];

		snprintf(secs, sizeof(secs), "%ld", req->retry_after);
		http_resp_header(resp, "Retry-After", secs);
		http_resp_error_at(resp, req->target, 429, "%s",
		                   e->msg[0] ? e->msg : "too many requests");
		return;
	}
	if (status < 500) {
		http_resp_error_at(resp, req->target, status, "%s",
		                   e->msg[0] ? e->msg : status_str(code));
		if (status == 401 && req->challenge)
			http_resp_header(resp, "WWW-Authenticate", req->challenge);
		return;
	}
	log_msg(LOG_ERROR, "http: %s %s: %s", req->method,
	        http_target_for_log(req->target, resp->arena),
	        e->msg[0] ? e->msg : status_str(code));
	if (code == ST_BUSY)
		http_resp_header(resp, "Retry-After", "1");
	http_resp_error_at(resp, req->target, status,
	                   "%s; the server's log has the details", status_str(code));
}
