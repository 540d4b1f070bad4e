/* test_public_url.c - the public base URL a server may be given, and a
 * request's own URL rebuilt from it or from the Host and
 * X-Forwarded-Proto headers, as Twilio's signatures need it. */
#include <string.h>
#include <strings.h>

#include "test.h"
#include "http/public_url.h"

/* Headers as name, value, name, value ..., NULL. */
static const char *lookup(void *ctx, const char *name)
{
	const char *const *h = ctx;

	for (; *h; h += 2)
		if (!strcasecmp(h[0], name))
			return h[1];
	return NULL;
}

static struct http_req request(const char *const *headers,
                               const struct http_services *svc)
{
	struct http_req req = {.method = "POST",
	                       .target = "/sms/twilio/kz-2023/status?x=1",
	                       .svc = svc,
	                       .header_fn = lookup,
	                       .header_ctx = (void *)headers,
	                       .arena = ARENA_INIT};
	return req;
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(public_url_valid("https://observa.example.org"));
	assert_true(public_url_valid("https://observa.example.org/"));
	assert_true(public_url_valid("http://10.0.0.5:8080/observa"));
	assert_true(public_url_valid("http://[::1]:8080"));
	assert_false(public_url_valid(NULL));
	assert_false(public_url_valid(""));
	assert_false(public_url_valid("ftp://example.org"));
	assert_false(public_url_valid("https://"));
	assert_false(public_url_valid("https://user@example.org"));
	assert_false(public_url_valid("https://example.org/a?b=c"));
	assert_false(public_url_valid("https://example.org/#top"));
	assert_false(public_url_valid("https://example.org/a b"));
	assert_false(public_url_valid("observa.example.org"));
}

static void test_of_request(void **state)
{
	static const char *const plain[] = {"Host", "127.0.0.1:8080", NULL};
	static const char *const proxied[] = {"host", "observa.example.org",
	                                      "X-Forwarded-Proto", "HTTPS", NULL};
	static const char *const bad[] = {"Host", "evil/x", NULL};
	static const char *const none[] = {NULL};
	struct http_services svc = {.public_url = "https://o.example.org/base"};
	struct http_req req;
	const char *url;

	(void)state;
	req = request(plain, NULL);
	assert_int_equal(public_url_of_request(&req, &url), ST_OK);
	assert_string_equal(url, "http://127.0.0.1:8080/sms/twilio/kz-2023/status?x=1");
	arena_release(&req.arena);
	req = request(proxied, NULL);
	assert_int_equal(public_url_of_request(&req, &url), ST_OK);
	assert_string_equal(url,
	                    "https://observa.example.org/sms/twilio/kz-2023/status?x=1");
	arena_release(&req.arena);
	/* The configured URL wins over the headers. */
	req = request(proxied, &svc);
	assert_int_equal(public_url_of_request(&req, &url), ST_OK);
	assert_string_equal(url,
	                    "https://o.example.org/base/sms/twilio/kz-2023/status?x=1");
	arena_release(&req.arena);
	req = request(bad, NULL);
	assert_int_equal(public_url_of_request(&req, &url), ST_INVALID);
	req = request(none, NULL);
	assert_int_equal(public_url_origin(&req, &url), ST_INVALID);
	assert_non_null(strstr(req.err.msg, "Host header"));
	arena_release(&req.arena);
}

int test_public_url(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_of_request),
	};
	return cmocka_run_group_tests_name("public_url", tests, NULL, NULL);
}
