/* server.c - libmicrohttpd glue.  A struct conn is made for each request
 * when its request line arrives and released (kept for a later request)
 * when MHD is done with it; the body is read with a cap; the response is
 * queued on a later call of the access handler than the first, since MHD
 * closes the connection after one queued on the first.  A handler that
 * defers (a report to store) has its connection suspended while the
 * writer commits, then resumed and answered, so no worker thread waits
 * for an fsync.  Then startup, the banner, and shutdown on a signal,
 * draining the waiting requests first.  docs/performance.md tells the
 * story and its measurements. */
#include <arpa/inet.h>
#include <malloc.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/log.h"
#include "core/spares.h"
#include "http/acceptor.h"
#include "http/client_addr.h"
#include "http/conn_guard.h"
#include "http/digest_nonce.h"
#include "http/events.h"
#include "http/http_stream.h"
#include "http/login_throttle.h"
#include "http/public_url.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "http/sec_headers.h"
#include "http/server.h"
#include "http/results_pool.h"
#include "http/tally_pool.h"
#include "http/sms_outbox.h"
#include "http/stop_signal.h"
#include "http/store_pool.h"
#include "http/tls.h"
#include "ingest/intake.h"
#include "ingest/sms_intake.h"

/* How long shutdown waits for answers already committed to be sent. */
#define DRAIN_SECONDS 10

/* A body over the cap is read and dropped up to this many times the cap
 * before its 413; past that the connection is closed. */
#define DROP_FACTOR 8

struct server {
	struct store_pool *pool;
	struct http_services svc; /* the writer and the intake */
	pthread_t main_thread;
	bool starting;       /* read and written by the main thread only */
	char start_msg[256]; /* MHD's last complaint while starting */
	pthread_mutex_t mu;  /* guards the fields below */
	pthread_cond_t idle; /* broadcast when a count below drops */
	bool stopping;       /* no more suspending: deferred jobs run in place */
	long suspended;      /* connections suspended, waiting for the writer */
	long unanswered;     /* requests that were suspended, not yet ended */
	/* Request structures kept for the next requests: a few KiB each,
	 * which glibc hands out slowly. */
	struct spares conns;
	bool tls;                              /* serving HTTPS */
	struct conn_guard *guard;              /* deadlines of request heads */
	struct acceptor *acc;                  /* hands out the connections */
	struct rate_limit *rl;                 /* requests per client, or NULL */
	bool rate_loopback;                    /* rl counts loopback clients too */
	const struct trusted_proxies *trusted; /* whose X-Forwarded-For is read */
};

/* Request structures kept at most. */
#define SPARE_CONNS 128

/* One request, from its request line to the end of its response. */
struct conn {
	struct http_req req;
	struct http_resp resp;
	struct server *srv;
	struct MHD_Connection *mc;
	struct writer_job relay; /* what the writer runs for req.deferred */
	atomic_bool job_done;    /* the writer told relay's outcome */
	bool suspended;          /* waiting for the writer (or resumed after) */
	int calls;               /* calls of the access handler so far */
	size_t body_max;         /* http_body_max() of the target */
	bool too_big;            /* the body passed body_max */
	size_t dropped;          /* bytes of body read past the cap */
};

#define CONN_OF_RELAY(j) ((struct conn *)((char *)(j)-offsetof(struct conn, relay)))

/* ---- one request ---- */

static const char *lookup_header(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_HEADER_KIND, name);
}

static struct conn *conn_new(struct server *srv, struct MHD_Connection *mc,
                             const char *target)
{
	struct conn *c = spares_take(&srv->conns);
	char addr[INET6_ADDRSTRLEN];

	c->srv = srv;
	c->mc = mc;
	atomic_init(&c->job_done, false);
	c->req.arena = (struct arena)ARENA_INIT;
	c->body_max = http_body_max(target);
	buf_init(&c->req.body, c->body_max);
	http_resp_init(&c->resp, &c->req.arena);
	c->req.target = arena_strdup(&c->req.arena, target);
	c->req.method = "?";
	c->req.svc = &srv->svc;
	c->req.header_fn = lookup_header;
	c->req.header_ctx = mc;
	c->req.tls = srv->tls;
	client_addr_peer(mc, addr, sizeof(addr));
	c->req.client = arena_strdup(&c->req.arena, addr);
	return c;
}

static void conn_free(struct conn *c)
{
	if (!c)
		return;
	http_req_cleanup(&c->req);
	buf_release(&c->req.body);
	http_resp_release(&c->resp);
	arena_release(&c->req.arena);
	spares_give(&c->srv->conns, c);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	return conn_new(cls, mc, uri);
}

/* MHD is done with the request: its response was sent, or the client went
 * away, or the server stops.  Never while the connection is suspended. */
static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct conn *c = *con_cls;

	(void)toe;
	conn_guard_answered(mc);
	if (c && c->suspended) {
		pthread_mutex_lock(&srv->mu);
		srv->unanswered--;
		pthread_cond_broadcast(&srv->idle);
		pthread_mutex_unlock(&srv->mu);
	}
	conn_free(c);
	*con_cls = NULL;
}

/* True when the request announces a body larger than max. */
static bool announced_too_big(struct MHD_Connection *mc, size_t max)
{
	const char *cl = MHD_lookup_connection_value(mc, MHD_HEADER_KIND,
	                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (!cl)
		return false;
	n = strtoull(cl, &end, 10);
	return end != cl && n > max;
}

/* True when the client waits for "100 Continue" before sending its body. */
static bool expects_continue(struct MHD_Connection *mc)
{
	const char *v =
	    MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);

	return v && strcasecmp(v, "100-continue") == 0;
}

/* Route the request and run its handler on a store handle of its own,
 * which goes back to the pool before anything waits for the writer. */
static void handle(struct server *srv, struct conn *c)
{
	struct store *st;
	struct err e;

	err_clear(&e);
	if (store_pool_get(srv->pool, "http", c->req.client, &st, &e)) {
		http_resp_from_err(&c->resp, &c->req, &e);
		return;
	}
	c->req.store = st;
	router_dispatch(&c->req, c->req.target, &c->resp);
	c->req.store = NULL;
	store_pool_put(srv->pool, st);
}

/* 413, as JSON or, under /openrosa/, as an OpenRosa response. */
static void too_big(struct conn *c)
{
	http_resp_error_at(&c->resp, c->req.target, 413,
	                   "the request body is larger than %zu bytes", c->body_max);
}

static void log_request(struct conn *c)
{
	log_msg(LOG_DEBUG, "http: %s %s %s %d", c->req.client, c->req.method,
	        http_target_for_log(c->req.target, &c->req.arena), c->resp.status);
}

/* ---- waiting for the writer ---- */

/* In the writer thread, inside the batch's transaction. */
static enum status relay_run(struct store *st, struct writer_job *relay)
{
	struct writer_job *job = CONN_OF_RELAY(relay)->req.deferred;
	enum status rc;

	err_clear(&job->err);
	rc = job->run(st, job);
	relay->err = job->err;
	return rc;
}

/* In the writer thread, once the batch is durable (or failed): hand the
 * outcome to the request's job and wake its connection up.  After
 * MHD_resume_connection() a worker thread may answer and free c at once,
 * so c is not touched after it. */
static void relay_done(struct writer_job *relay)
{
	struct conn *c = CONN_OF_RELAY(relay);
	struct server *srv = c->srv;
	struct writer_job *job = c->req.deferred;

	job->rc = relay->rc;
	job->err = relay->err;
	if (job->rc)
		http_log_unwritable(&job->err);
	atomic_store(&c->job_done, true);
	MHD_resume_connection(c->mc);
	pthread_mutex_lock(&srv->mu);
	srv->suspended--;
	pthread_cond_broadcast(&srv->idle);
	pthread_mutex_unlock(&srv->mu);
}

/* Hand the deferred job to the writer with the connection suspended; true
 * when it is waiting now.  Once the server stops, suspending is over (MHD
 * must not be stopped with suspended connections): the job runs in place
 * and false says the response is ready. */
static bool wait_for_writer(struct server *srv, struct conn *c)
{
	bool async;

	pthread_mutex_lock(&srv->mu);
	async = !srv->stopping;
	if (async) {
		srv->suspended++;
		srv->unanswered++;
	}
	pthread_mutex_unlock(&srv->mu);
	if (!async) {
		writer_run(srv->svc.writer, c->req.deferred);
		router_finish(&c->req, &c->resp);
		return false;
	}
	c->suspended = true;
	c->relay.run = relay_run;
	c->relay.done = relay_done;
	c->relay.rerun_safe = ((struct writer_job *)c->req.deferred)->rerun_safe;
	/* Suspend first: resuming a connection that is not suspended is
	 * undefined, and the writer may be done before writer_submit returns. */
	MHD_suspend_connection(c->mc);
	writer_submit(srv->svc.writer, &c->relay);
	return true;
}

/* The writer stored nothing of the request's job because the registry it
 * was checked against changed meanwhile (writer_job.retry): handle the
 * request again from the start, reading the registry this time.  True
 * when it waits for the writer again, false when its answer is ready. */
static bool again(struct server *srv, struct conn *c)
{
	c->suspended = false;
	atomic_store(&c->job_done, false);
	pthread_mutex_lock(&srv->mu);
	srv->unanswered--; /* counted again if it waits again */
	pthread_cond_broadcast(&srv->idle);
	pthread_mutex_unlock(&srv->mu);
	router_again(&c->req, &c->resp);
	handle(srv, c);
	return c->req.deferred && wait_for_writer(srv, c);
}

/* Stop suspending, wait until every suspended connection is resumed (the
 * writer finishes every job it has), then give the resumed ones a while to
 * send their answers. */
static void drain(struct server *srv)
{
	struct timespec deadline;

	clock_gettime(CLOCK_REALTIME, &deadline);
	pthread_mutex_lock(&srv->mu);
	srv->stopping = true;
	while (srv->suspended)
		pthread_cond_wait(&srv->idle, &srv->mu);
	deadline.tv_sec += DRAIN_SECONDS;
	while (srv->unanswered &&
	       pthread_cond_timedwait(&srv->idle, &srv->mu, &deadline) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&srv->mu);
}

/* Hand resp to MHD; the body's bytes go with it, or its stream. */
static enum MHD_Result queue(struct MHD_Connection *mc, struct conn *c)
{
	struct http_resp *r = &c->resp;
	struct MHD_Response *mr;
	enum MHD_Result ret;
	size_t len;
	char *body;

	if (r->stream) {
		mr = http_stream_response(r, mc);
	} else {
		body = buf_detach(&r->body, &len);
		mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!mr)
			free(body);
	}
	if (!mr)
		return MHD_NO;
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	{
		struct http_kv sec[SEC_HEADERS_MAX];
		size_t n = sec_headers(r, sec_headers_https(&c->req), sec);
		for (size_t i = 0; i < n; i++)
			MHD_add_response_header(mr, sec[i].key, sec[i].value);
	}
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(mr, r->headers[i].key, r->headers[i].value);
	ret = MHD_queue_response(mc, (unsigned)r->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	struct server *srv = cls;
	struct conn *c = *con_cls;

	(void)version;
	if (!c) {
		/* The URI callback always runs first; this is only a fallback. */
		c = conn_new(srv, mc, url);
		*con_cls = c;
	}
	if (c->suspended) {
		/* Resumed: the writer told the outcome. */
		if (!atomic_load(&c->job_done))
			return MHD_YES; /* not expected: MHD calls only once resumed */
		if (c->req.deferred->retry && !c->req.again) {
			if (again(srv, c))
				return MHD_YES;
		} else {
			router_finish(&c->req, &c->resp);
		}
		log_request(c);
		return queue(mc, c);
	}
	if (c->calls++ == 0) {
		c->req.method = arena_strdup(&c->req.arena, method);
		conn_guard_head_done(mc);
		if (srv->trusted->n) {
			char addr[INET6_ADDRSTRLEN];
			client_addr_forwarded(mc, srv->trusted, c->req.client, addr,
			                      sizeof(addr));
			c->req.client = arena_strdup(&c->req.arena, addr);
		}
		/* Past its rate a client is answered at once, which closes the
		 * connection too. */
		if (!rate_limit_request(srv->rl, srv->rate_loopback, &c->req,
		                        rate_limit_clock(), &c->resp)) {
			log_request(c);
			return queue(mc, c);
		}
		if (!announced_too_big(mc, c->body_max))
			return MHD_YES;
		/* A body up to a few times the cap is read and dropped before
		 * the 413: a client still sending when the server closes gets a
		 * reset, and often never reads the answer.  Past that, or when
		 * the client waits for "100 Continue", answering now makes MHD
		 * close the connection instead of reading the body. */
		if (!announced_too_big(mc, c->body_max * DROP_FACTOR) &&
		    !expects_continue(mc)) {
			c->too_big = true;
			return MHD_YES;
		}
		too_big(c);
		return queue(mc, c);
	}
	if (*upload_data_size) {
		conn_guard_body_read(mc, *upload_data_size);
		/* Past the cap (a chunked body announces no length) the rest is
		 * read and dropped, then 413; past a few times the cap the
		 * connection is dropped instead. */
		if (!c->too_big &&
		    buf_append(&c->req.body, upload_data, *upload_data_size))
			c->too_big = true;
		if (c->too_big) {
			c->dropped += *upload_data_size;
			if (c->dropped > c->body_max * DROP_FACTOR)
				return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	conn_guard_request_read(mc);
	if (c->too_big) {
		too_big(c);
	} else {
		handle(srv, c);
		if (c->req.deferred && wait_for_writer(srv, c))
			return MHD_YES;
	}
	log_request(c);
	return queue(mc, c);
}

/* ---- the daemon ---- */

/* The lifetime of Digest nonces: OBSERVA_DIGEST_NONCE_SECONDS, or
 * DIGEST_NONCE_LIFETIME (docs/odk.md). */
static enum status nonce_lifetime(unsigned *out, struct err *e)
{
	const char *v = getenv("OBSERVA_DIGEST_NONCE_SECONDS");
	char *end;
	long n;

	*out = DIGEST_NONCE_LIFETIME;
	if (!v || !*v)
		return ST_OK;
	n = strtol(v, &end, 10);
	if (*end || n < 1 || n > 86400)
		return err_set(e, ST_INVALID,
		               "OBSERVA_DIGEST_NONCE_SECONDS: must be from 1 to 86400, "
		               "not \"%s\"",
		               v);
	*out = (unsigned)n;
	return ST_OK;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct server *srv = cls;
	char msg[256];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '.'))
		msg[--n] = '\0';
	if (pthread_equal(pthread_self(), srv->main_thread) && srv->starting) {
		memcpy(srv->start_msg, msg, n + 1);
		return;
	}
	log_msg(LOG_WARN, "http: %s", msg);
}

/* A connection started or ended: its head's deadline, and the count of
 * open connections. */
static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	struct server *srv = cls;

	conn_guard_notify(srv->guard, mc, socket_context, toe);
	acceptor_notify(srv->acc, toe);
}

/* The socket address for host and port; *v6 tells the family. */
static enum status resolve(const char *host, int port, struct sockaddr_storage *out,
                           bool *v6, struct err *e)
{
	struct addrinfo hints = {0}, *res = NULL;
	int r;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	r = getaddrinfo(host, NULL, &hints, &res);
	if (r)
		return err_set(e, ST_INVALID, "bind address \"%s\": %s", host,
		               gai_strerror(r));
	memset(out, 0, sizeof(*out));
	memcpy(out, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	if (*v6)
		((struct sockaddr_in6 *)out)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
	freeaddrinfo(res);
	return ST_OK;
}

/* Start MHD with SIGINT and SIGTERM blocked, so that its threads inherit
 * the mask and the signals come to the thread waiting for them. */
static struct MHD_Daemon *start(struct server *srv, unsigned flags,
                                struct sockaddr_storage *addr,
                                const struct server_config *cfg, int threads,
                                const struct tls_pair *tls)
{
	struct MHD_Daemon *d;
	sigset_t block, old;
	/* Each worker may hold every connection the acceptor lets in, and a
	 * few more it has not yet seen end. */
	intptr_t mhd_limit =
	    ((intptr_t)cfg->max_conns + 64) * (threads > 1 ? threads : 1);

	/* The logger comes first so that it hears about the options after it.
	 * One thread is MHD's own polling thread, without a pool.  Options
	 * with a callback take it as an intptr_t and its closure after. */
	struct MHD_OptionItem options[] = {
	    {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, srv},
	    {MHD_OPTION_SOCK_ADDR, 0, addr},
	    {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, srv},
	    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, srv},
	    {MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0, NULL},
	    {MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout, NULL},
	    {MHD_OPTION_CONNECTION_MEMORY_LIMIT, SERVER_CONN_MEMORY, NULL},
	    /* The total is the acceptor's to keep; libmicrohttpd's own limit
	     * (shared out between the workers) is never reached (acceptor.h). */
	    {MHD_OPTION_CONNECTION_LIMIT, mhd_limit, NULL},
	    {MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_conns_per_client, NULL},
	    {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, srv},
	    {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, tls ? tls->cert : NULL},
	    {tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, tls ? tls->key : NULL},
	    {MHD_OPTION_END, 0, NULL},
	};

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	srv->main_thread = pthread_self();
	srv->starting = true;
	if (tls)
		flags |= MHD_USE_TLS;
	d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv,
	                     MHD_OPTION_ARRAY, options, MHD_OPTION_END);
	srv->starting = false;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (d && srv->start_msg[0])
		log_msg(LOG_WARN, "http: %s", srv->start_msg);
	return d;
}

/* The writer's thread, like MHD's, leaves SIGINT and SIGTERM to the
 * thread waiting for them. */
static enum status start_writer(const char *url, struct writer **out, struct err *e)
{
	sigset_t block, old;
	enum status rc;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = writer_start(url, out, e);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Read the SMS a stop left stored but unread, before serving. */
static enum status recover_sms(struct server *srv, struct err *e)
{
	struct store *st = NULL;
	size_t done = 0;
	enum status rc;

	rc = store_pool_get(srv->pool, "server", "local", &st, e);
	if (rc)
		return rc;
	rc = sms_recover(srv->svc.intake, st, srv->svc.writer, &done, e);
	store_pool_put(srv->pool, st);
	if (!rc && done)
		fprintf(stderr, "observa: read %zu SMS left unread by the last stop\n",
		        done);
	return rc;
}

/* Every request allocates and frees its arena and JSON; glibc would hand
 * the freed top of each thread's heap back to the kernel each time
 * (madvise, page faults, TLB shootdowns across cores: a tenth of the
 * server's time under load).  Keep up to 64 MiB per heap instead. */
static void tune_malloc(void)
{
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
}

/* url without its trailing slashes (request targets start with one), or
 * NULL; the caller frees it. */
static char *trimmed_url(const char *url)
{
	size_t n = url ? strlen(url) : 0;

	while (n && url[n - 1] == '/')
		n--;
	return n ? xstrndup(url, n) : NULL;
}

enum status server_run(const struct server_config *cfg, struct err *e)
{
	struct server srv = {0};
	struct stop_signal stop;
	struct sockaddr_storage addr;
	struct MHD_Daemon *d = NULL;
	const union MHD_DaemonInfo *info;
	const char *bind = cfg->bind && *cfg->bind ? cfg->bind : SERVER_DEFAULT_BIND;
	int threads = cfg->threads ? cfg->threads : SERVER_DEFAULT_THREADS;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	MHD_socket listener = MHD_INVALID_SOCKET;
	bool v6 = false, catching = false, bracket = strchr(bind, ':') != NULL;
	long long jobs = 0, batches = 0;
	char *public_url = NULL;
	struct server_config lim; /* cfg with its limits' defaults */
	struct tls_pair tls = {0};
	unsigned lifetime;
	enum status rc;
	int sig;

	rc = server_config_limits(cfg, &lim, e);
	if (rc)
		return rc;
	if (threads < 1 || threads > SERVER_MAX_THREADS)
		return err_set(e, ST_INVALID, "threads: must be from 1 to %d, not %d",
		               SERVER_MAX_THREADS, threads);
	if (cfg->port < 0 || cfg->port > 65535)
		return err_set(e, ST_INVALID, "port: must be from 0 to 65535, not %d",
		               cfg->port);
	if (cfg->public_url && !public_url_valid(cfg->public_url))
		return err_set(e, ST_INVALID,
		               "public URL: must be http:// or https://, a host and a "
		               "path, without query, not \"%s\"",
		               cfg->public_url);
	rc = nonce_lifetime(&lifetime, e);
	if (rc)
		return rc;
	if (cfg->tls_cert) {
		rc = tls_load(cfg->tls_cert, cfg->tls_key, &tls, e);
		if (rc)
			return rc;
		srv.tls = true;
	}
	if (lim.rate_limit > 0) {
		srv.rl = rate_limit_new(lim.rate_limit, lim.rate_burst, RATE_LIMIT_SLOTS);
		srv.rate_loopback = lim.rate_limit_loopback;
	}
	srv.trusted = &lim.trusted;
	public_url = trimmed_url(cfg->public_url);
	tune_malloc();
	/* A write past the file size limit (ulimit -f) must fail like a full
	 * disk, answered 503, not kill the server with SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);
	pthread_mutex_init(&srv.mu, NULL);
	spares_init(&srv.conns, SPARE_CONNS, sizeof(struct conn));
	pthread_cond_init(&srv.idle, NULL);
	srv.svc.nonces = digest_nonces_new(lifetime, DIGEST_NONCE_TABLE);
	rc = resolve(bind, cfg->port, &addr, &v6, e);
	if (rc)
		goto out;
	if (v6)
		flags |= MHD_USE_IPv6;
	rc = store_pool_open(cfg->db_url, threads, &srv.pool, e);
	if (rc)
		goto out;
	rc = start_writer(cfg->db_url, &srv.svc.writer, e);
	if (rc)
		goto out;
	srv.svc.public_url = public_url;
	srv.svc.db_url = cfg->db_url;
	if (!cfg->no_sms_send) {
		rc = sms_outbox_start(cfg->db_url, srv.svc.writer, public_url,
		                      &srv.svc.outbox, e);
		if (rc)
			goto out;
	}
	srv.svc.intake = intake_new();
	srv.svc.events = events_start(srv.svc.writer, cfg->db_url);
	srv.svc.throttle = login_throttle_new(lim.lock_seconds);
	rc = recover_sms(&srv, e);
	if (rc)
		goto out;
	rc = stop_signal_catch(&stop, e);
	if (rc)
		goto out;
	catching = true;
	json_object_seed(0);
	rc = conn_guard_start((unsigned)lim.timeout, &srv.guard, e);
	if (rc)
		goto out;
	srv.acc = acceptor_new((unsigned)lim.max_conns);
	d = start(&srv, flags, &addr, &lim, threads, srv.tls ? &tls : NULL);
	if (!d) {
		rc = err_set(e, ST_IO, "cannot listen on %s port %d: %s", bind, cfg->port,
		             srv.start_msg[0] ? srv.start_msg
		                              : "the HTTP server did not start");
		goto out;
	}
	/* The daemon's threads stop accepting; the acceptor hands out the
	 * connections evenly between them (acceptor.h).  This is done before
	 * the server says it is listening, while its workers are idle:
	 * libmicrohttpd takes the socket out of each worker's epoll set, and
	 * a worker woken by a connection this instant would do the same. */
	listener = MHD_quiesce_daemon(d);
	if (listener == MHD_INVALID_SOCKET) {
		rc = err_set(e, ST_INTERNAL, "cannot take over the listening socket");
		goto out;
	}
	rc = acceptor_start(srv.acc, d, threads, listener, e);
	if (rc)
		goto out;
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "observa: serving %s on http%s://%s%s%s:%u/\n", cfg->db_url,
	        srv.tls ? "s" : "", bracket ? "[" : "", bind, bracket ? "]" : "",
	        info ? (unsigned)info->port : (unsigned)cfg->port);
	fflush(stderr);
	tally_pool_warm(cfg->db_url);
	sig = stop_signal_wait(&stop);
	/* No new connections; the open ones are served until MHD stops.  The
	 * writer outlives MHD, since a request may still reach it. */
	acceptor_stop(srv.acc);
	events_stop(srv.svc.events); /* event streams end: none stays suspended */
	drain(&srv);
	MHD_stop_daemon(d);
	d = NULL;
	writer_counts(srv.svc.writer, &jobs, &batches);
	fprintf(stderr,
	        "observa: %s received, stopped serving (%lld writes committed in %lld "
	        "transactions)\n",
	        sig == SIGINT ? "SIGINT" : "SIGTERM", jobs, batches);
out:
	acceptor_stop(srv.acc);
	if (d) {
		events_stop(srv.svc.events);
		MHD_stop_daemon(d);
	}
	events_free(srv.svc.events);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	if (catching)
		stop_signal_release(&stop);
	conn_guard_stop(srv.guard);
	acceptor_free(srv.acc);
	rate_limit_free(srv.rl);
	tls_release(&tls);
	/* The sender records its last outcome through the writer. */
	sms_outbox_stop(srv.svc.outbox);
	writer_stop(srv.svc.writer);
	tally_pool_stop();
	results_pool_stop();
	intake_free(srv.svc.intake);
	digest_nonces_free(srv.svc.nonces);
	login_throttle_free(srv.svc.throttle);
	store_pool_free(srv.pool);
	spares_release(&srv.conns);
	pthread_cond_destroy(&srv.idle);
	pthread_mutex_destroy(&srv.mu);
	free(public_url);
	return rc;
}
