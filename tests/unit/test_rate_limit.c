/* test_rate_limit.c - token buckets: a burst, then one request per
 * 1/rate seconds, Retry-After rounded up, clients apart, a full table
 * giving way to the client seen longest ago; the client's name taken
 * from each kind of credential; loopback addresses; and the 429 answer. */
#include <string.h>

#include "test.h"
#include "http/rate_limit.h"

#define S 1000000000ll /* a second in nanoseconds */

static bool take(struct rate_limit *rl, const char *key, int64_t now, unsigned *retry)
{
	return rate_limit_take(rl, key, strlen(key), now, retry);
}

static void test_bucket(void **state)
{
	struct rate_limit *rl = rate_limit_new(2.0, 5.0, 64);
	unsigned retry = 99;
	int64_t t = 1000 * S;

	(void)state;
	assert_non_null(rl);
	/* A full bucket: the burst goes through, the next is refused. */
	for (int i = 0; i < 5; i++)
		assert_true(take(rl, "addr:10.0.0.1", t, &retry));
	assert_int_equal(retry, 0);
	assert_false(take(rl, "addr:10.0.0.1", t, &retry));
	assert_int_equal(retry, 1); /* one token at 2/s: half a second, rounded up */
	/* Refusals take nothing: half a second later one token is there. */
	assert_false(take(rl, "addr:10.0.0.1", t + S / 4, &retry));
	assert_true(take(rl, "addr:10.0.0.1", t + S / 2, &retry));
	assert_false(take(rl, "addr:10.0.0.1", t + S / 2, &retry));
	/* Another client has a bucket of its own. */
	assert_true(take(rl, "addr:10.0.0.2", t, &retry));
	/* Long idle fills the bucket only up to the burst. */
	for (int i = 0; i < 5; i++)
		assert_true(take(rl, "addr:10.0.0.1", t + 3600 * S, &retry));
	assert_false(take(rl, "addr:10.0.0.1", t + 3600 * S, &retry));
	/* A clock that goes back adds nothing. */
	assert_false(take(rl, "addr:10.0.0.1", t, &retry));
	rate_limit_free(rl);

	/* A slow rate gives a longer Retry-After. */
	rl = rate_limit_new(0.1, 1.0, 8);
	assert_true(take(rl, "k", t, &retry));
	assert_false(take(rl, "k", t, &retry));
	assert_int_equal(retry, 10);
	assert_false(take(rl, "k", t + 3 * S, &retry));
	assert_int_equal(retry, 7);
	rate_limit_free(rl);

	assert_null(rate_limit_new(0, 5, 8));
	assert_null(rate_limit_new(1, 0.5, 8));
}

static void test_table_full(void **state)
{
	/* One set of RATE_LIMIT_WAYS buckets. */
	struct rate_limit *rl = rate_limit_new(1.0, 1.0, RATE_LIMIT_WAYS);
	char key[32];
	unsigned retry;

	(void)state;
	assert_false(take(rl, "first", 0, &retry) && take(rl, "first", 0, &retry));
	for (int i = 0; i < RATE_LIMIT_WAYS - 1; i++) {
		snprintf(key, sizeof(key), "other-%d", i);
		assert_true(take(rl, key, S / 10 * (i + 1), &retry));
	}
	/* Every bucket is taken: "first" is still remembered as empty. */
	assert_false(take(rl, "first", S / 2, &retry));
	/* One more client pushes out the one seen longest ago ("other-0",
	 * since "first" was just seen), whose bucket starts full again. */
	assert_true(take(rl, "newcomer", S / 2, &retry));
	assert_false(take(rl, "first", S / 2, &retry));
	assert_true(take(rl, "other-0", S / 2, &retry));
	rate_limit_free(rl);
}

static void test_client(void **state)
{
	char out[RATE_LIMIT_KEY];

	(void)state;
	rate_limit_client("Bearer abc.def", NULL, "10.0.0.1", out, sizeof(out));
	assert_string_equal(out, "bearer:abc.def");
	rate_limit_client("bearer xyz", "observa_session=s1", "10.0.0.1", out,
	                  sizeof(out));
	assert_string_equal(out, "bearer:xyz");
	rate_limit_client("Digest username=\"O-01\", realm=\"r\", nonce=\"n\"", NULL,
	                  "10.0.0.1", out, sizeof(out));
	assert_string_equal(out, "digest:O-01@10.0.0.1");
	rate_limit_client("Digest realm=\"r\", username=u2, nonce=\"n\"", NULL, "::1",
	                  out, sizeof(out));
	assert_string_equal(out, "digest:u2@::1");
	/* "xusername" is not "username". */
	rate_limit_client("Digest xusername=\"a\"", NULL, "10.0.0.1", out, sizeof(out));
	assert_string_equal(out, "auth:Digest xusername=\"a\"");
	rate_limit_client("Basic dXNlcjpwYXNz", NULL, "10.0.0.1", out, sizeof(out));
	assert_string_equal(out, "auth:Basic dXNlcjpwYXNz");
	rate_limit_client(NULL, "a=1; observa_session=tok", "10.0.0.1", out, sizeof(out));
	assert_string_equal(out, "session:tok");
	/* A malformed Cookie header or an empty session: the address. */
	rate_limit_client("", "observa_session=tok;;", "10.0.0.1", out, sizeof(out));
	assert_string_equal(out, "addr:10.0.0.1");
	rate_limit_client(NULL, "observa_session=", "10.0.0.1", out, sizeof(out));
	assert_string_equal(out, "addr:10.0.0.1");
	/* Cut to fit. */
	rate_limit_client("Bearer 0123456789", NULL, "x", out, 10);
	assert_string_equal(out, "bearer:01");

	assert_true(rate_limit_loopback("127.0.0.1"));
	assert_true(rate_limit_loopback("127.5.6.7"));
	assert_true(rate_limit_loopback("::1"));
	assert_true(rate_limit_loopback("::ffff:127.0.0.1"));
	assert_false(rate_limit_loopback("10.0.0.1"));
	assert_false(rate_limit_loopback("1127.0.0.1"));
	assert_false(rate_limit_loopback("::2"));
	assert_false(rate_limit_loopback(NULL));
}

static const char *header_of(void *ctx, const char *name)
{
	return !strcmp(name, "Authorization") ? ctx : NULL;
}

static void test_request(void **state)
{
	struct rate_limit *rl = rate_limit_new(1.0, 2.0, 64);
	struct http_req req = {.arena = ARENA_INIT};
	struct http_resp resp;
	int allowed = 0;

	(void)state;
	req.target = "/api/v1/missions";
	req.client = "10.1.2.3";
	req.header_fn = header_of;
	req.header_ctx = "Bearer t1";
	http_resp_init(&resp, &req.arena);
	for (int i = 0; i < 3; i++)
		allowed += rate_limit_request(rl, false, &req, S, &resp);
	assert_int_equal(allowed, 2);
	assert_int_equal(resp.status, 429);
	assert_int_equal(resp.nheaders, 1);
	assert_string_equal(resp.headers[0].key, "Retry-After");
	assert_string_equal(resp.headers[0].value, "1");
	assert_non_null(strstr((const char *)resp.body.ptr, "too many requests"));
	http_resp_release(&resp);
	/* Another token has its own bucket. */
	req.header_ctx = "Bearer t2";
	http_resp_init(&resp, &req.arena);
	assert_true(rate_limit_request(rl, false, &req, S, &resp));
	assert_int_equal(resp.status, 0);
	/* Loopback is not counted unless asked; no table, no limit. */
	req.header_ctx = "Bearer t1";
	req.client = "127.0.0.1";
	assert_true(rate_limit_request(rl, false, &req, S, &resp));
	assert_false(rate_limit_request(rl, true, &req, S, &resp));
	http_resp_release(&resp);
	http_resp_init(&resp, &req.arena);
	assert_true(rate_limit_request(NULL, true, &req, S, &resp));
	http_resp_release(&resp);
	arena_release(&req.arena);
	rate_limit_free(rl);
}

int test_rate_limit(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bucket),
	    cmocka_unit_test(test_table_full),
	    cmocka_unit_test(test_client),
	    cmocka_unit_test(test_request),
	};
	return cmocka_run_group_tests_name("rate_limit", tests, NULL, NULL);
}
