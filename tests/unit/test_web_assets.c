/* test_web_assets.c - the dashboard's compiled-in files: every file under
 * web/ is in the table with its bytes, media types by extension, and the
 * routes / and /static/{file} answer them with their policy and ETag, a
 * 304 for a matching If-None-Match, 404 for anything else. */
#include <stdio.h>
#include <string.h>

#include "http/router.h"
#include "http/web_assets.h"
#include "test.h"

static void test_table(void **state)
{
	const struct web_asset *a;

	(void)state;
	a = web_asset_find("/index.html");
	assert_non_null(a);
	assert_true(a->len > 100);
	assert_int_equal(strlen((const char *)a->data), a->len); /* NUL after */
	assert_non_null(strstr((const char *)a->data, "/static/app.js"));
	assert_non_null(web_asset_find("/static/app.js"));
	assert_non_null(web_asset_find("/static/i18n-en.json"));
	assert_non_null(web_asset_find("/static/i18n-ru.json"));
	assert_null(web_asset_find("/static/none.js"));
	assert_null(web_asset_find("index.html"));
	assert_string_equal(web_asset_type("/a/b.js"), "text/javascript; charset=utf-8");
	assert_string_equal(web_asset_type("x.css"), "text/css; charset=utf-8");
	assert_string_equal(web_asset_type("x.svg"), "image/svg+xml");
	assert_string_equal(web_asset_type("x.json"), "application/json; charset=utf-8");
	assert_string_equal(web_asset_type("x"), "application/octet-stream");
	assert_string_equal(web_asset_type("a.js/x"), "application/octet-stream");
}

struct fixture {
	struct http_req req;
	struct http_resp resp;
	const char *inm; /* If-None-Match sent, or NULL */
};

static const char *header(void *ctx, const char *name)
{
	struct fixture *f = ctx;

	return !strcmp(name, "If-None-Match") ? f->inm : NULL;
}

/* GET target; the response's status, and its header name in *value. */
static int get(struct fixture *f, const char *target, const char *inm, const char *name,
               char *value, size_t n)
{
	memset(f, 0, sizeof(*f));
	f->inm = inm;
	f->req.arena = (struct arena)ARENA_INIT;
	f->req.method = "GET";
	f->req.client = "127.0.0.1";
	f->req.header_fn = header;
	f->req.header_ctx = f;
	buf_init(&f->req.body, HTTP_BODY_MAX);
	http_resp_init(&f->resp, &f->req.arena);
	router_dispatch(&f->req, target, &f->resp);
	value[0] = '\0';
	for (size_t i = 0; i < f->resp.nheaders; i++)
		if (!strcmp(f->resp.headers[i].key, name))
			snprintf(value, n, "%s", f->resp.headers[i].value);
	return f->resp.status;
}

static void done(struct fixture *f)
{
	http_resp_release(&f->resp);
	buf_release(&f->req.body);
	arena_release(&f->req.arena);
}

static void test_routes(void **state)
{
	struct fixture f;
	char etag[64], csp[512];
	const struct web_asset *js = web_asset_find("/static/app.js");

	(void)state;
	assert_int_equal(get(&f, "/", NULL, "Content-Security-Policy", csp, sizeof(csp)),
	                 200);
	assert_string_equal(f.resp.content_type, "text/html; charset=utf-8");
	assert_non_null(strstr(csp, "script-src 'self'"));
	assert_null(strstr(csp, "unsafe"));
	done(&f);

	assert_int_equal(get(&f, "/static/app.js", NULL, "ETag", etag, sizeof(etag)),
	                 200);
	assert_int_equal(f.resp.body.len, js->len);
	assert_memory_equal(f.resp.body.ptr, js->data, js->len);
	assert_true(etag[0] == '"');
	done(&f);

	assert_int_equal(get(&f, "/static/app.js", etag, "ETag", csp, sizeof(csp)), 304);
	assert_int_equal(f.resp.body.len, 0);
	done(&f);
	assert_int_equal(get(&f, "/static/app.js", "\"0-0\"", "ETag", csp, sizeof(csp)),
	                 200);
	done(&f);

	assert_int_equal(get(&f, "/static/none.js", NULL, "ETag", etag, sizeof(etag)),
	                 404);
	done(&f);
	assert_int_equal(
	    get(&f, "/static/..%2Findex.html", NULL, "ETag", etag, sizeof(etag)), 404);
	done(&f);
	assert_int_equal(get(&f, "/static/.hidden", NULL, "ETag", etag, sizeof(etag)),
	                 404);
	done(&f);
	assert_int_equal(get(&f, "/index.html", NULL, "ETag", etag, sizeof(etag)), 404);
	done(&f);
}

int test_web_assets(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_routes),
	};
	return cmocka_run_group_tests_name("web_assets", tests, NULL, NULL);
}
