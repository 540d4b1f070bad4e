/* test_sec_headers.c - the security headers: always the same four, a
 * Cache-Control unless the handler chose one, HSTS only over HTTPS (TLS,
 * an https public URL, or a proxy's X-Forwarded-Proto). */
#include <string.h>

#include "test.h"
#include "http/sec_headers.h"

static const char *value(const struct http_kv *h, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(h[i].key, name))
			return h[i].value;
	return NULL;
}

static void test_headers(void **state)
{
	struct arena a = ARENA_INIT;
	struct http_resp resp;
	struct http_kv h[SEC_HEADERS_MAX];
	size_t n;

	(void)state;
	http_resp_init(&resp, &a);
	n = sec_headers(&resp, false, h);
	assert_int_equal(n, 5);
	assert_string_equal(value(h, n, "X-Content-Type-Options"), "nosniff");
	assert_string_equal(value(h, n, "Referrer-Policy"), "no-referrer");
	assert_string_equal(value(h, n, "X-Frame-Options"), "DENY");
	assert_string_equal(value(h, n, "Cache-Control"), "no-store");
	assert_null(value(h, n, "Strict-Transport-Security"));
	/* No inline script anywhere in the policy. */
	assert_null(strstr(value(h, n, "Content-Security-Policy"), "unsafe-inline"));
	assert_non_null(
	    strstr(value(h, n, "Content-Security-Policy"), "script-src 'self'"));
	assert_non_null(
	    strstr(value(h, n, "Content-Security-Policy"), "frame-ancestors 'none'"));

	n = sec_headers(&resp, true, h);
	assert_int_equal(n, 6);
	assert_string_equal(value(h, n, "Strict-Transport-Security"), "max-age=31536000");

	/* A handler's own Cache-Control stands. */
	http_resp_header(&resp, "cache-control", "public, max-age=3600");
	n = sec_headers(&resp, false, h);
	assert_int_equal(n, 4);
	assert_null(value(h, n, "Cache-Control"));
	http_resp_release(&resp);
	arena_release(&a);
}

static const char *proto_header(void *ctx, const char *name)
{
	return !strcmp(name, "X-Forwarded-Proto") ? ctx : NULL;
}

static void test_https(void **state)
{
	struct http_services svc = {0};
	struct http_req req = {0};

	(void)state;
	assert_false(sec_headers_https(&req));
	req.tls = true;
	assert_true(sec_headers_https(&req));
	req.tls = false;
	req.svc = &svc;
	svc.public_url = "http://observa.example.org";
	assert_false(sec_headers_https(&req));
	svc.public_url = "HTTPS://observa.example.org";
	assert_true(sec_headers_https(&req));
	svc.public_url = NULL;
	req.header_fn = proto_header;
	req.header_ctx = "https";
	assert_true(sec_headers_https(&req));
	req.header_ctx = "http";
	assert_false(sec_headers_https(&req));
}

int test_sec_headers(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_https),
	};
	return cmocka_run_group_tests_name("sec_headers", tests, NULL, NULL);
}
