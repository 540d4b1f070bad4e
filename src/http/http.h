/* http.h - what a handler sees of an HTTP exchange: the request (method,
 * decoded path parameters, query, headers, body, store, the process's
 * writer) and the response it fills, now or once a write is durable.
 *
 * server.c fills struct http_req and turns struct http_resp into bytes;
 * handlers never touch libmicrohttpd.  Every string in a request lives in
 * req->arena, which dies with the response. */
#ifndef OBSERVA_HTTP_H
#define OBSERVA_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"
#include "store/writer.h"

/* What a route requires of its caller: the router grants it when the
 * caller's role on the route's mission gives it (http/role.h). */
enum perm {
	PERM_PUBLIC,             /* anyone, even unauthenticated (health checks) */
	PERM_READ_MISSION,       /* see a mission's description */
	PERM_READ_REGISTRY,      /* see a mission's locations */
	PERM_READ_OBSERVERS,     /* see a mission's observers and their contacts */
	PERM_READ_ACCREDITATION, /* see accreditation figures */
	PERM_SUBMIT,             /* send reports (observers, data clerks) */
	PERM_READ_SUBMISSIONS,   /* read reports, their versions, conflicts, alerts */
	PERM_REVIEW,             /* verify or reject reports, settle conflicts */
	PERM_READ_COVERAGE,      /* see which stations reported (with phones) */
	PERM_READ_ASSIGNMENTS,   /* see who is deployed where */
	PERM_MANAGE_ASSIGNMENTS, /* deploy observers to stations */
	PERM_READ_FORMS,         /* see the mission's form definitions */
	PERM_ODK_FORMS,          /* an observer's ODK client: list and fetch XForms */
	PERM_ODK_SUBMIT,         /* an observer's ODK client: send reports */
	PERM_READ_SMS,           /* see the SMS sent and received, with numbers */
	PERM_SEND_SMS,           /* send texts to the mission's observers */
	PERM_READ_FINDINGS,      /* see the findings: shares by question and region,
	                          * no report or person */
	PERM_WRITE_STATEMENT,    /* write the statement's texts (head of mission) */
	PERM_READ_LTM,           /* read the long-term log: meetings, documents */
	PERM_WRITE_LTM,          /* log meetings, store documents */
	PERM_MANAGE_REGISTRY,    /* import observers and assignments; record
	                          * accreditation decisions */
	PERM_MANAGE_LOCATIONS,   /* import the locations: the stations, their
	                          * areas and registered voters */
	PERM__COUNT
};

/* The permission's name as documented in docs/api.md ("read_mission"). */
const char *perm_name(enum perm p);

#define HTTP_MAX_PARAMS   8            /* {name} parameters in one route */
#define HTTP_MAX_SEGMENTS 32           /* path segments in a request */
#define HTTP_BODY_MAX     (1 << 20)    /* request bodies larger get 413 */
#define HTTP_ODK_BODY_MAX (20 << 20)   /* under /openrosa/: a report with its files */
#define HTTP_RESP_MAX     (256u << 20) /* cap on one response body */

/* POST /api/v1/missions/{m}/documents: a document of the long-term log
 * (20 MiB at most) with its description. */
#define HTTP_DOCUMENT_BODY_MAX (21 << 20)

struct http_kv {
	const char *key;
	const char *value;
};

struct route;
struct http_req;
struct http_resp;
struct intake;
struct digest_nonces;
struct sms_outbox;
struct http_stream;
struct events;
struct auth;
struct login_throttle;

/* What the server shares with every request: the process's single writer
 * (group commit) and intake (with its cache of parsed forms).  NULL in a
 * request that no server made (unit tests of the router). */
struct http_services {
	struct writer *writer;
	struct intake *intake;
	struct digest_nonces *nonces; /* HTTP Digest's (digest_nonce.h) */
	const char *public_url;       /* "https://host[/path]", or NULL (public_url.h) */
	struct sms_outbox *outbox;    /* to wake once SMS are queued, or NULL */
	const char *db_url;           /* the store's URL, for handles of a
	                               * request's own (http_stream.h), or NULL */
	struct events *events;        /* the change hub of event streams
	                               * (events.h), or NULL */
	struct login_throttle *throttle; /* failed sign-ins (login_throttle.h) */
};

/* Fills the response of a deferred request once its writer job's outcome
 * (job->rc, job->err) is known; runs on a worker thread, without a store
 * handle.  Returns as a handler does. */
typedef enum status (*http_finish)(struct http_req *req, struct http_resp *resp);

#define HTTP_MAX_CLEANUPS 4

struct http_cleanup {
	void (*fn)(void *arg);
	void *arg;
};

struct http_req {
	const char *method; /* "GET", as sent */
	const char *target; /* raw request target: path and query */
	const char *path;   /* raw path, without the query */
	const char **segs;  /* percent-decoded path segments */
	size_t nsegs;
	struct http_kv *query; /* decoded query pairs, in order */
	size_t nquery;
	struct http_kv params[HTTP_MAX_PARAMS]; /* {name} -> decoded segment */
	size_t nparams;
	const struct route *route;       /* the matched route, NULL before routing */
	const char *client;              /* client address ("127.0.0.1") */
	struct buf body;                 /* request body, at most HTTP_BODY_MAX bytes */
	struct store *store;             /* this request's store handle, borrowed */
	const struct http_services *svc; /* the process's writer and intake */
	/* Request headers, looked up by the server's function (any case). */
	const char *(*header_fn)(void *ctx, const char *name);
	void *header_ctx;
	/* Set by http_defer(): the job to run on the writer, then finish. */
	struct writer_job *deferred;
	http_finish finish;
	struct http_cleanup cleanups[HTTP_MAX_CLEANUPS]; /* run at the end */
	size_t ncleanups;
	struct arena arena; /* everything of this request lives here */
	struct err err;     /* a handler's lower layers report here */
	/* WWW-Authenticate for a 401 answer, set by an authentication step
	 * that wants a challenge sent (in arena); NULL for none. */
	const char *challenge;
	/* Seconds a throttle wants the client to wait: with an error, the
	 * answer is 429 with Retry-After instead of the error's status; 0 for
	 * none. */
	long retry_after;
	/* True when the request came over TLS ("observa serve --tls-cert"):
	 * cookies set in answers to it may say Secure.  Behind a proxy that
	 * ends TLS it is false; sec_headers_https() tells about the client's
	 * side of the proxy. */
	bool tls;
	/* Who is calling (http/auth.h): set by the router once a session
	 * cookie or a Bearer token was checked, NULL before and on routes
	 * that check their callers themselves. */
	const struct auth *auth;
	/* The request is being made again (router_again()) because the
	 * registry it was checked against changed: this time its lookups
	 * read the registry's version (registry_cache.h). */
	bool again;
};

#define HTTP_MAX_HEADERS 8

struct http_resp {
	int status;               /* 0 until a handler or the router sets it */
	const char *content_type; /* static string or in the request's arena */
	struct buf body;
	struct http_kv headers[HTTP_MAX_HEADERS]; /* extra headers */
	size_t nheaders;
	struct arena *arena; /* the request's arena, for header values */
	/* A body made while it is sent instead of body (http_stream.h), or
	 * NULL; owned by the response until the server takes it. */
	struct http_stream *stream;
};

#define HTTP_JSON "application/json; charset=utf-8"
#define HTTP_XML  "text/xml; charset=utf-8"

/* True when target (a raw request target) is under /openrosa/, where ODK
 * clients talk OpenRosa: bodies up to HTTP_ODK_BODY_MAX, and errors as
 * OpenRosa responses (XML) instead of JSON. */
bool http_target_openrosa(const char *target);

/* The largest request body accepted for target: HTTP_ODK_BODY_MAX under
 * /openrosa/, HTTP_DOCUMENT_BODY_MAX for /api/v1/missions/{m}/documents,
 * HTTP_BODY_MAX elsewhere. */
size_t http_body_max(const char *target);

/* target fit for a log: the token of an /openrosa/<token>/ path (a
 * secret) replaced by "***", in a when changed; /openrosa/m/ paths as
 * they are. */
const char *http_target_for_log(const char *target, struct arena *a);

/* The decoded value of path parameter name ("m" for "{m}"), or NULL. */
const char *http_param(const struct http_req *req, const char *name);

/* The decoded value of the first query parameter called name, or NULL
 * when it is absent.  "?top" gives "" (present, empty). */
const char *http_query(const struct http_req *req, const char *name);

/* The value of request header name (any case), or NULL when absent. */
const char *http_header(const struct http_req *req, const char *name);

/* Answer later: once the handler returns and its store handle is back in
 * the pool, the server hands job to the process's writer and keeps the
 * connection waiting without holding a thread; when the job's transaction
 * is durable (or failed), finish(req, resp) fills the response.  job and
 * whatever finish reads must live as long as the request (its arena, or
 * memory freed by a cleanup).  The handler returns ST_OK and leaves resp
 * empty.  job->done is not used: the server relays the job. */
void http_defer(struct http_req *req, struct writer_job *job, http_finish finish);

/* Have fn(arg) called when the request ends, after its response is sent
 * or the client went away, in reverse order of registration.  More than
 * HTTP_MAX_CLEANUPS is a bug (assert()ed). */
void http_on_release(struct http_req *req, void (*fn)(void *arg), void *arg);

/* Run and forget the cleanups; the server calls it once per request. */
void http_req_cleanup(struct http_req *req);

/* Prepare an empty response whose header values live in a. */
void http_resp_init(struct http_resp *resp, struct arena *a);
/* Free the body; resp may be reused after http_resp_init. */
void http_resp_release(struct http_resp *resp);

/* Add a header (name and value copied into resp->arena).  Headers past
 * HTTP_MAX_HEADERS are dropped, which is a bug: assert()ed. */
void http_resp_header(struct http_resp *resp, const char *name, const char *value);

/* Answer status with the compact JSON text of j; steals the reference.
 * ST_TOO_BIG when the text passes HTTP_RESP_MAX. */
enum status http_resp_json(struct http_resp *resp, int status, json_t *j);

/* Append the compact JSON text of j to b (JSON_ENCODE_ANY: any value).
 * ST_TOO_BIG when b's cap is reached. */
enum status http_buf_json(struct buf *b, const json_t *j);

/* Answer status with {"error": message}; bytes of the message that are not
 * UTF-8 (from what a client sent) become '?'. */
void http_resp_error(struct http_resp *resp, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* http_resp_error(), or under /openrosa/ (http_target_openrosa(target))
 * an OpenRosa response with the message, nature "error", and the
 * X-OpenRosa-Version header (openrosa_resp.h). */
void http_resp_error_at(struct http_resp *resp, const char *target, int status,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The HTTP status for an outcome code: ST_INVALID 400,
 * ST_UNAUTHENTICATED 401, ST_NOT_FOUND 404,
 * ST_EXISTS and ST_CONFLICT 409, ST_TOO_BIG 413, ST_DENIED 403,
 * ST_UNSUPPORTED 501, ST_BUSY 503, anything else 500. */
int http_status_for(enum status st);

/* Answer the error in e: its message for client errors (4xx); for server
 * errors a generic text, the message itself being logged (it may name
 * files or SQL the client has no business seeing).  As JSON, or as an
 * OpenRosa response under /openrosa/ (http_resp_error_at).  A 401 carries
 * req->challenge, when set, as WWW-Authenticate.  With req->retry_after
 * set, 429 with Retry-After and e's message, whatever e's code. */
void http_resp_from_err(struct http_resp *resp, const struct http_req *req,
                        const struct err *e);

/* Log e when it says the database cannot be written (a full disk, a
 * read-only file: the store's words), at most once every 10 seconds with
 * the number of such failures in between, so an operator learns of it
 * without the log flooding; other errors are ignored.  Thread-safe. */
void http_log_unwritable(const struct err *e);

#endif
