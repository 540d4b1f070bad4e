/* test_router.c - the HTTP front end without a socket: percent-decoding,
 * path splitting, query parsing, pattern matching, 404/405, error bodies,
 * the API's paging parameters, and the built-in route table. */
#include <string.h>

#include "core/log.h"
#include "http/api.h"
#include "http/auth.h"
#include "http/openrosa.h"
#include "http/router.h"
#include "http/url.h"
#include "test.h"

/* ---- percent-decoding ---- */

static void decode_ok(const char *in, bool plus_space, const char *want)
{
	struct arena a = ARENA_INIT;
	struct err e;
	char *out;

	err_clear(&e);
	assert_int_equal(url_decode(in, strlen(in), plus_space, &a, &out, &e), ST_OK);
	assert_string_equal(out, want);
	arena_release(&a);
}

static void decode_bad(const char *in, const char *msg)
{
	struct arena a = ARENA_INIT;
	struct err e;
	char *out;

	err_clear(&e);
	assert_int_equal(url_decode(in, strlen(in), false, &a, &out, &e), ST_INVALID);
	assert_null(out);
	assert_string_equal(e.msg, msg);
	arena_release(&a);
}

static void test_decode(void **state)
{
	(void)state;
	decode_ok("", false, "");
	decode_ok("kz-2023", false, "kz-2023");
	decode_ok("%41%62c", false, "Abc");
	decode_ok("%d0%b0", false, "а"); /* lower-case hex */
	decode_ok("%D0%A3%D0%98%D0%9A%20%E2%84%96592", false, "УИК №592");
	decode_ok("УИК", false, "УИК"); /* raw UTF-8 passes through */
	decode_ok("a+b", false, "a+b");
	decode_ok("a+b", true, "a b");
	decode_ok("%2B", true, "+");
	decode_ok("a%2Fb", false, "a/b");
	decode_ok("100%25", false, "100%");
	decode_bad("%", "bad percent-encoding at \"%\"");
	decode_bad("ab%4", "bad percent-encoding at \"%4\"");
	decode_bad("%G1", "bad percent-encoding at \"%G1\"");
	decode_bad("%1G", "bad percent-encoding at \"%1G\"");
	decode_bad("%00", "%00 (a NUL byte) is not allowed");
	decode_bad("%C3%28", "not valid UTF-8 once decoded");
	decode_bad("%C0%AF", "not valid UTF-8 once decoded");    /* overlong '/' */
	decode_bad("%ED%A0%80", "not valid UTF-8 once decoded"); /* surrogate */
	decode_bad("%D0", "not valid UTF-8 once decoded");       /* truncated */
}

/* A decoder must not read past n even when the bytes after it are hex. */
static void test_decode_bounds(void **state)
{
	struct arena a = ARENA_INIT;
	struct err e;
	char *out;

	(void)state;
	assert_int_equal(url_decode("ab%41", 3, false, &a, &out, &e), ST_INVALID);
	assert_int_equal(url_decode("ab%41", 2, false, &a, &out, &e), ST_OK);
	assert_string_equal(out, "ab");
	arena_release(&a);
}

/* ---- paths ---- */

/* Split path and join the segments as "[a][b]". */
static enum status split(const char *path, char *joined, size_t n, struct err *e)
{
	struct arena a = ARENA_INIT;
	const char **segs;
	size_t nsegs, used = 0;
	enum status rc;

	err_clear(e);
	joined[0] = '\0';
	rc = url_split_path(path, strlen(path), 8, &a, &segs, &nsegs, e);
	for (size_t i = 0; !rc && i < nsegs; i++)
		used += (size_t)snprintf(joined + used, n - used, "[%s]", segs[i]);
	arena_release(&a);
	return rc;
}

static void test_split_path(void **state)
{
	char j[256];
	struct err e;

	(void)state;
	assert_int_equal(split("/", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "[]");
	assert_int_equal(split("/healthz", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "[healthz]");
	assert_int_equal(split("/a/b%20c/", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "[a][b c][]");
	assert_int_equal(split("//x", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "[][x]");
	/* An encoded slash stays inside its segment. */
	assert_int_equal(split("/l/a%2Fb", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "[l][a/b]");
	/* '+' is not a space in a path. */
	assert_int_equal(split("/a+b", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "[a+b]");
	assert_int_equal(split("/1/2/3/4/5/6/7/8", j, sizeof(j), &e), ST_OK);

	assert_int_equal(split("/1/2/3/4/5/6/7/8/9", j, sizeof(j), &e), ST_NOT_FOUND);
	assert_int_equal(split("", j, sizeof(j), &e), ST_INVALID);
	assert_int_equal(split("healthz", j, sizeof(j), &e), ST_INVALID);
	assert_string_equal(e.msg, "the path must start with '/'");
	assert_int_equal(split("*", j, sizeof(j), &e), ST_INVALID);
	assert_int_equal(split("/a/%zz", j, sizeof(j), &e), ST_INVALID);
	assert_string_equal(e.msg, "path: bad percent-encoding at \"%zz\"");
}

/* ---- queries ---- */

/* Parse q and join the pairs as "k=v;". */
static enum status query(const char *q, char *joined, size_t n, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct http_kv *kv;
	size_t nkv, used = 0;
	enum status rc;

	err_clear(e);
	joined[0] = '\0';
	rc = url_parse_query(q, strlen(q), &a, &kv, &nkv, e);
	for (size_t i = 0; !rc && i < nkv; i++)
		used += (size_t)snprintf(joined + used, n - used, "%s=%s;", kv[i].key,
		                         kv[i].value);
	arena_release(&a);
	return rc;
}

static void test_query(void **state)
{
	char j[256];
	struct err e;

	(void)state;
	assert_int_equal(query("", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "");
	assert_int_equal(query("limit=10&offset=20", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "limit=10;offset=20;");
	assert_int_equal(query("&&top&&", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "top=;");
	assert_int_equal(query("a=&=b", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "a=;=b;");
	assert_int_equal(query("a=1=2", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "a=1=2;");
	assert_int_equal(
	    query("team=Team+A%2B&code_prefix=%D0%A3%D0%98%D0%9A", j, sizeof(j), &e),
	    ST_OK);
	assert_string_equal(j, "team=Team A+;code_prefix=УИК;");
	assert_int_equal(query("a%3Db=c%26d", j, sizeof(j), &e), ST_OK);
	assert_string_equal(j, "a=b=c&d;");

	assert_int_equal(query("limit=%zz", j, sizeof(j), &e), ST_INVALID);
	assert_string_equal(e.msg, "limit: bad percent-encoding at \"%zz\"");
	assert_int_equal(query("ok=1&parent=%FF", j, sizeof(j), &e), ST_INVALID);
	assert_string_equal(e.msg, "parent: not valid UTF-8 once decoded");
	assert_int_equal(query("%=1", j, sizeof(j), &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "query: parameter name: bad percent-encoding at \"%\"");
}

/* ---- a request as the server makes it ---- */

struct fixture {
	struct http_req req;
	struct http_resp resp;
};

/* The caller of these requests: an admin, so the router's permission
 * check passes without a store (test_auth.c tests the check itself). */
static const struct auth fx_admin = {
    .user_id = 1, .user = "tester", .admin = true, .scope = PERM_ALL};

static void fx_init(struct fixture *f, const char *method)
{
	memset(f, 0, sizeof(*f));
	f->req.auth = &fx_admin;
	f->req.arena = (struct arena)ARENA_INIT;
	f->req.method = method;
	f->req.client = "127.0.0.1";
	buf_init(&f->req.body, HTTP_BODY_MAX);
	http_resp_init(&f->resp, &f->req.arena);
}

static void fx_release(struct fixture *f)
{
	http_resp_release(&f->resp);
	buf_release(&f->req.body);
	arena_release(&f->req.arena);
}

static void test_target_and_accessors(void **state)
{
	struct fixture f;
	struct err e;

	(void)state;
	fx_init(&f, "GET");
	err_clear(&e);
	assert_int_equal(url_parse_target(&f.req, "/a/%D0%A3?x=1&y=%D0%A3&x=2&z", &e),
	                 ST_OK);
	assert_string_equal(f.req.path, "/a/%D0%A3");
	assert_int_equal(f.req.nsegs, 2);
	assert_string_equal(f.req.segs[1], "У");
	assert_string_equal(http_query(&f.req, "x"), "1"); /* the first wins */
	assert_string_equal(http_query(&f.req, "y"), "У");
	assert_string_equal(http_query(&f.req, "z"), "");
	assert_null(http_query(&f.req, "w"));
	assert_null(http_query(&f.req, "X")); /* names are case-sensitive */
	fx_release(&f);

	fx_init(&f, "GET");
	assert_int_equal(url_parse_target(&f.req, "/only?", &e), ST_OK);
	assert_int_equal(f.req.nquery, 0);
	assert_null(http_query(&f.req, "only"));
	fx_release(&f);

	/* The absolute form a proxy sends is read as its path and query. */
	fx_init(&f, "GET");
	assert_int_equal(url_parse_target(&f.req, "http://example.org:80/a/b?x=1", &e),
	                 ST_OK);
	assert_string_equal(f.req.target, "http://example.org:80/a/b?x=1");
	assert_string_equal(f.req.path, "/a/b");
	assert_int_equal(f.req.nsegs, 2);
	assert_string_equal(http_query(&f.req, "x"), "1");
	fx_release(&f);
	fx_init(&f, "GET");
	assert_int_equal(url_parse_target(&f.req, "HTTPS://example.org?x=2", &e), ST_OK);
	assert_string_equal(f.req.path, "/");
	assert_string_equal(http_query(&f.req, "x"), "2");
	fx_release(&f);
	fx_init(&f, "GET");
	assert_int_equal(url_parse_target(&f.req, "ftp://example.org/a", &e), ST_INVALID);
	fx_release(&f);
}

/* ---- matching ---- */

static enum status h_ok(struct http_req *req, struct http_resp *resp)
{
	json_t *j = json_object();

	for (size_t i = 0; i < req->nparams; i++)
		json_object_set_new(j, req->params[i].key,
		                    json_string(req->params[i].value));
	return http_resp_json(resp, 200, j);
}

static enum status h_missing(struct http_req *req, struct http_resp *resp)
{
	(void)resp;
	return err_set(&req->err, ST_NOT_FOUND, "no mission with code \"%s\"",
	               http_param(req, "m"));
}

static enum status h_crash(struct http_req *req, struct http_resp *resp)
{
	/* Starts a body, then fails: the error must replace the body. */
	buf_appends(&resp->body, "{\"half\":");
	return err_set(&req->err, ST_DB, "disk I/O error in /secret/path.db");
}

static enum status h_silent(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	(void)resp;
	return ST_OK;
}

static enum status h_badparam(struct http_req *req, struct http_resp *resp)
{
	int64_t limit, offset;
	enum status rc = api_paging(req, &limit, &offset);

	if (rc)
		return rc;
	return http_resp_json(resp, 200,
	                      json_pack("{s:I, s:I}", "limit", (json_int_t)limit,
	                                "offset", (json_int_t)offset));
}

static const struct route table[] = {
    {"GET", "/healthz", h_ok, PERM_PUBLIC},
    {"GET", "/m", h_ok, PERM_READ_MISSION},
    {"GET", "/m/{m}", h_ok, PERM_READ_MISSION},
    {"PUT", "/m/{m}", h_ok, PERM_READ_MISSION},
    {"GET", "/m/{m}/l/{code}", h_ok, PERM_READ_REGISTRY},
    {"GET", "/m/{m}/missing", h_missing, PERM_READ_MISSION},
    {"GET", "/crash", h_crash, PERM_PUBLIC},
    {"GET", "/silent", h_silent, PERM_PUBLIC},
    {"GET", "/paged", h_badparam, PERM_PUBLIC},
    {"DELETE", "/paged", h_ok, PERM_PUBLIC},
    {"POST", "/paged", h_ok, PERM_PUBLIC},
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

static bool matches(const char *pattern, const char *path, const char *want_params)
{
	struct fixture f;
	struct http_kv params[HTTP_MAX_PARAMS];
	size_t np;
	struct err e;
	char joined[256] = "";
	size_t used = 0;
	bool ok;

	fx_init(&f, "GET");
	assert_int_equal(url_parse_target(&f.req, path, &e), ST_OK);
	ok = router_pattern_match(pattern, f.req.segs, f.req.nsegs, &f.req.arena, params,
	                          &np);
	for (size_t i = 0; ok && i < np; i++)
		used += (size_t)snprintf(joined + used, sizeof(joined) - used, "%s=%s;",
		                         params[i].key, params[i].value);
	if (ok && want_params)
		assert_string_equal(joined, want_params);
	fx_release(&f);
	return ok;
}

static void test_pattern_match(void **state)
{
	(void)state;
	assert_true(matches("/", "/", ""));
	assert_true(matches("/healthz", "/healthz", ""));
	assert_true(matches("/m/{m}", "/m/kz-2023", "m=kz-2023;"));
	assert_true(matches("/m/{m}/l/{code}",
	                    "/m/kz/l/%D0%A3%D0%98%D0%9A%20%E2%84%96592",
	                    "m=kz;code=УИК №592;"));
	assert_true(matches("/m/{m}/l/{code}", "/m/kz/l/a%2Fb", "m=kz;code=a/b;"));
	assert_true(
	    matches("/h%61lthz", "/h%2561lthz", "")); /* literals are not decoded */

	assert_false(matches("/healthz", "/", NULL));
	assert_false(matches("/", "/healthz", NULL));
	assert_false(matches("/healthz", "/healthz/", NULL));
	assert_false(matches("/healthz", "/Healthz", NULL));
	assert_false(matches("/healthz", "/healthzz", NULL));
	assert_false(matches("/healthz", "/health", NULL));
	assert_false(matches("/m/{m}", "/m", NULL));
	assert_false(matches("/m/{m}", "/m/", NULL)); /* a parameter is never empty */
	/* Braces that do not enclose a whole segment are literal text. */
	assert_true(matches("/a/{b", "/a/{b", ""));
	assert_false(matches("/a/{b", "/a/x", NULL));
	assert_true(matches("/{x}y", "/{x}y", ""));
	assert_false(matches("/{x}y", "/zy", NULL));
	assert_true(matches("/a/{}", "/a/v", "=v;"));
	assert_true(matches("/a/{", "/a/{", ""));
	assert_false(matches("/a/b", "/a/bc", NULL));
	assert_false(matches("/a/bc", "/a/b", NULL));
	assert_false(matches("/a/b/", "/a/b", NULL));
	assert_false(matches("/m/{m}", "/m/a/b", NULL));
	assert_false(matches("/m/{m}/l", "/m//l", NULL));
}

static enum status match(const char *method, const char *target, char *allow,
                         const struct route **route, struct err *e)
{
	struct fixture f;
	enum status rc;

	fx_init(&f, method);
	err_clear(e);
	assert_int_equal(url_parse_target(&f.req, target, e), ST_OK);
	rc = router_match_in(table, NTABLE, &f.req, allow, 128, e);
	*route = f.req.route;
	fx_release(&f);
	return rc;
}

static void test_match(void **state)
{
	const struct route *r;
	struct err e;
	char allow[128];

	(void)state;
	assert_int_equal(match("GET", "/m/x", allow, &r, &e), ST_OK);
	assert_ptr_equal(r, &table[2]);
	assert_int_equal(match("HEAD", "/m/x", allow, &r, &e), ST_OK);
	assert_ptr_equal(r, &table[2]);
	assert_int_equal(match("PUT", "/m/x?y=1", allow, &r, &e), ST_OK);
	assert_ptr_equal(r, &table[3]);

	assert_int_equal(match("POST", "/m/x", allow, &r, &e), ST_UNSUPPORTED);
	assert_null(r);
	assert_string_equal(allow, "GET, HEAD, PUT");
	assert_string_equal(
	    e.msg, "method POST is not allowed on /m/x (allowed: GET, HEAD, PUT)");
	assert_int_equal(match("PUT", "/healthz", allow, &r, &e), ST_UNSUPPORTED);
	assert_string_equal(allow, "GET, HEAD");
	assert_int_equal(match("get", "/healthz", allow, &r, &e), ST_UNSUPPORTED);
	assert_int_equal(match("PATCH", "/paged", allow, &r, &e), ST_UNSUPPORTED);
	assert_string_equal(allow, "GET, HEAD, DELETE, POST");

	assert_int_equal(match("GET", "/nowhere", allow, &r, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "no such path: /nowhere");
	assert_int_equal(match("POST", "/nowhere", allow, &r, &e), ST_NOT_FOUND);
	assert_int_equal(match("GET", "/m/x/l", allow, &r, &e), ST_NOT_FOUND);
}

/* ---- dispatch: complete responses ---- */

static void dispatch(const char *method, const char *target, int status, const char *body)
{
	struct fixture f;

	fx_init(&f, method);
	router_dispatch_in(table, NTABLE, &f.req, target, &f.resp);
	assert_int_equal(f.resp.status, status);
	assert_string_equal(f.resp.content_type, HTTP_JSON);
	assert_string_equal(f.resp.body.ptr, body);
	fx_release(&f);
}

static void test_dispatch(void **state)
{
	enum log_level saved = log_threshold;
	struct fixture f;

	(void)state;
	/* The 500s below are logged; keep the test's output clean. */
	log_threshold = (enum log_level)(LOG_ERROR + 1);
	dispatch("GET", "/m/kz-2023/l/%D0%A3%201", 200,
	         "{\"m\":\"kz-2023\",\"code\":\"У 1\"}");
	dispatch("GET", "/nowhere?x=1", 404, "{\"error\":\"no such path: /nowhere\"}");
	dispatch("GET", "/m/x%ZZ", 400,
	         "{\"error\":\"path: bad percent-encoding at \\\"%ZZ\\\"\"}");
	dispatch("GET", "/m/x?limit=%FF", 400,
	         "{\"error\":\"limit: not valid UTF-8 once decoded\"}");
	dispatch("GET", "/m/nope/missing", 404,
	         "{\"error\":\"no mission with code \\\"nope\\\"\"}");
	/* Server errors hide their details from the client. */
	dispatch("GET", "/crash", 500,
	         "{\"error\":\"database error; the server's log has the details\"}");
	dispatch("GET", "/silent", 500,
	         "{\"error\":\"internal error; the server's log has the details\"}");
	dispatch("GET", "/\xff\xfe", 400,
	         "{\"error\":\"path: not valid UTF-8 once decoded\"}");
	/* Bytes that are not UTF-8 in a quoted piece of path come back as '?'. */
	dispatch("GET", "/%\xff\xfe", 400,
	         "{\"error\":\"path: bad percent-encoding at \\\"%??\\\"\"}");

	fx_init(&f, "DELETE");
	router_dispatch_in(table, NTABLE, &f.req, "/m/x", &f.resp);
	assert_int_equal(f.resp.status, 405);
	assert_int_equal(f.resp.nheaders, 1);
	assert_string_equal(f.resp.headers[0].key, "Allow");
	assert_string_equal(f.resp.headers[0].value, "GET, HEAD, PUT");
	assert_string_equal(f.resp.body.ptr,
	                    "{\"error\":\"method DELETE is not allowed on /m/x "
	                    "(allowed: GET, HEAD, PUT)\"}");
	fx_release(&f);
	log_threshold = saved;
}

static void test_paging(void **state)
{
	(void)state;
	dispatch("GET", "/paged", 200, "{\"limit\":100,\"offset\":0}");
	dispatch("GET", "/paged?limit=1000&offset=5", 200,
	         "{\"limit\":1000,\"offset\":5}");
	dispatch("GET", "/paged?limit=0", 200, "{\"limit\":0,\"offset\":0}");
	dispatch("GET", "/paged?limit=abc", 400,
	         "{\"error\":\"limit: must be a whole number from 0 to 1000, not "
	         "\\\"abc\\\"\"}");
	dispatch("GET", "/paged?limit=-1", 400,
	         "{\"error\":\"limit: must be a whole number from 0 to 1000, not "
	         "\\\"-1\\\"\"}");
	dispatch("GET", "/paged?limit=5000", 400,
	         "{\"error\":\"limit: must be a whole number from 0 to 1000, not "
	         "\\\"5000\\\"\"}");
	dispatch(
	    "GET", "/paged?limit=", 400,
	    "{\"error\":\"limit: must be a whole number from 0 to 1000, not \\\"\\\"\"}");
	dispatch("GET", "/paged?limit=1e3", 400,
	         "{\"error\":\"limit: must be a whole number from 0 to 1000, not "
	         "\\\"1e3\\\"\"}");
	dispatch("GET", "/paged?limit=+10", 400,
	         "{\"error\":\"limit: must be a whole number from 0 to 1000, not \\\" "
	         "10\\\"\"}");
	dispatch(
	    "GET", "/paged?offset=-5", 400,
	    "{\"error\":\"offset: must be a whole number from 0 to 4611686018427387903, "
	    "not \\\"-5\\\"\"}");
	dispatch(
	    "GET", "/paged?offset=99999999999999999999", 400,
	    "{\"error\":\"offset: must be a whole number from 0 to 4611686018427387903, "
	    "not \\\"99999999999999999999\\\"\"}");
}

static void test_flags_and_strings(void **state)
{
	struct fixture f;
	struct err e;
	const char *s;
	bool b;

	(void)state;
	fx_init(&f, "GET");
	assert_int_equal(
	    url_parse_target(&f.req, "/?t1=1&t2=TRUE&f1=0&f2=no&bad=2&empty=", &e),
	    ST_OK);
	assert_int_equal(api_query_flag(&f.req, "t1", &b), ST_OK);
	assert_true(b);
	assert_int_equal(api_query_flag(&f.req, "t2", &b), ST_OK);
	assert_true(b);
	assert_int_equal(api_query_flag(&f.req, "f1", &b), ST_OK);
	assert_false(b);
	assert_int_equal(api_query_flag(&f.req, "f2", &b), ST_OK);
	assert_false(b);
	assert_int_equal(api_query_flag(&f.req, "absent", &b), ST_OK);
	assert_false(b);
	assert_int_equal(api_query_flag(&f.req, "bad", &b), ST_INVALID);
	assert_string_equal(f.req.err.msg,
	                    "bad: must be 1 or 0 (true or false), not \"2\"");
	assert_int_equal(api_query_str(&f.req, "t1", &s), ST_OK);
	assert_string_equal(s, "1");
	assert_int_equal(api_query_str(&f.req, "absent", &s), ST_OK);
	assert_null(s);
	assert_int_equal(api_query_str(&f.req, "empty", &s), ST_INVALID);
	assert_string_equal(f.req.err.msg, "empty: must not be empty");
	fx_release(&f);
}

/* ---- statuses and the built-in table ---- */

static void test_statuses(void **state)
{
	(void)state;
	assert_int_equal(http_status_for(ST_OK), 200);
	assert_int_equal(http_status_for(ST_INVALID), 400);
	assert_int_equal(http_status_for(ST_UNAUTHENTICATED), 401);
	assert_int_equal(http_status_for(ST_DENIED), 403);
	assert_int_equal(http_status_for(ST_NOT_FOUND), 404);
	assert_int_equal(http_status_for(ST_EXISTS), 409);
	assert_int_equal(http_status_for(ST_CONFLICT), 409);
	assert_int_equal(http_status_for(ST_TOO_BIG), 413);
	assert_int_equal(http_status_for(ST_UNSUPPORTED), 501);
	assert_int_equal(http_status_for(ST_BUSY), 503);
	assert_int_equal(http_status_for(ST_DB), 500);
	assert_int_equal(http_status_for(ST_IO), 500);
	assert_string_equal(perm_name(PERM_PUBLIC), "public");
	assert_string_equal(perm_name(PERM_READ_OBSERVERS), "read_observers");
	assert_string_equal(perm_name(PERM_ODK_SUBMIT), "odk_submit");
	assert_string_equal(perm_name(PERM_ODK_FORMS), "odk_forms");
	assert_string_equal(perm_name(PERM__COUNT), "unknown");
}

static void test_openrosa_targets(void **state)
{
	struct arena a = ARENA_INIT;
	struct buf b;

	(void)state;
	assert_true(http_target_openrosa("/openrosa/tok/formList"));
	assert_false(http_target_openrosa("/api/v1/missions"));
	assert_false(http_target_openrosa("/openrosa"));
	assert_int_equal(http_body_max("/openrosa/tok/submission"), HTTP_ODK_BODY_MAX);
	assert_int_equal(http_body_max("/api/v1/missions/m/submissions"), HTTP_BODY_MAX);
	/* The token, a secret, stays out of logs. */
	assert_string_equal(http_target_for_log("/openrosa/SECRET/formList?formID=x", &a),
	                    "/openrosa/***/formList?formID=x");
	assert_string_equal(http_target_for_log("/openrosa/SECRET", &a), "/openrosa/***");
	assert_string_equal(http_target_for_log("/healthz", &a), "/healthz");
	/* XML text: escaped, and bytes XML cannot carry replaced. */
	buf_init(&b, 1024);
	assert_int_equal(openrosa_buf_text(&b, "a&<>\"'\x01\xff Қ\xef\xbf\xbe\t"), ST_OK);
	assert_string_equal(b.ptr, "a&amp;&lt;&gt;&quot;&apos;?? Қ?\t");
	buf_release(&b);
	arena_release(&a);
}

static void test_builtin_routes(void **state)
{
	size_t n;
	const struct route *r = router_routes(&n);

	(void)state;
	assert_true(n >= 8);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(r[i].handler);
		assert_int_equal(r[i].pattern[0], '/');
		assert_true(r[i].perm < PERM__COUNT);
		for (size_t k = 0; k < i; k++)
			assert_false(!strcmp(r[i].method, r[k].method) &&
			             !strcmp(r[i].pattern, r[k].pattern));
	}
	assert_string_equal(r[0].pattern, "/healthz");
	assert_int_equal(r[0].perm, PERM_PUBLIC);
}

int test_router(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode),
	    cmocka_unit_test(test_decode_bounds),
	    cmocka_unit_test(test_split_path),
	    cmocka_unit_test(test_query),
	    cmocka_unit_test(test_target_and_accessors),
	    cmocka_unit_test(test_pattern_match),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_dispatch),
	    cmocka_unit_test(test_paging),
	    cmocka_unit_test(test_flags_and_strings),
	    cmocka_unit_test(test_statuses),
	    cmocka_unit_test(test_openrosa_targets),
	    cmocka_unit_test(test_builtin_routes),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
