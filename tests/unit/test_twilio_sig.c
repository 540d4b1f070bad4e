/* test_twilio_sig.c - Twilio's webhook signature against values computed
 * apart from observa, with python3:
 *
 *   import hmac, hashlib, base64
 *   def sig(token, url, params):
 *       text = url + ''.join(k + v for k, v in sorted(params))
 *       mac = hmac.new(token.encode(), text.encode(), hashlib.sha1)
 *       return base64.b64encode(mac.digest()).decode()
 *
 * and the ways a signature is refused. */
#include <string.h>

#include "test.h"
#include "http/twilio_sig.h"

#define TOKEN "d1f0c0ffee5eed0bservatest0000001"
#define URL   "https://observa.example.org/sms/twilio/kz-2023/status"

/* sig(TOKEN, URL, these) = "ke6F5JVTvBae8DHE4UHWdW1P9KU=" */
static const struct http_kv status_params[] = {
    {"MessageSid", "SM0123456789abcdef0123456789abcdef"},
    {"MessageStatus", "delivered"},
    {"AccountSid", "AC00000000000000000000000000000001"},
    {"To", "+77011234567"},
    {"From", "+15005550006"},
};
#define NSTATUS (sizeof(status_params) / sizeof(status_params[0]))

static void test_known_vectors(void **state)
{
	/* sig("tok", "http://h/p", [("b","2"), ("a","Привет"), ("B","1")]):
	 * names in byte order, so "B" comes before "a". */
	static const struct http_kv mixed[] = {{"b", "2"}, {"a", "Привет"}, {"B", "1"}};
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	assert_int_equal(twilio_signature(TOKEN, URL, status_params, NSTATUS, &b), ST_OK);
	assert_string_equal(b.ptr, "ke6F5JVTvBae8DHE4UHWdW1P9KU=");
	buf_reset(&b);
	/* No parameters, a query in the URL: sig("tok", URL, []). */
	assert_int_equal(
	    twilio_signature("tok", "http://127.0.0.1:8080/sms/twilio/m1/status?x=1",
	                     NULL, 0, &b),
	    ST_OK);
	assert_string_equal(b.ptr, "jauOjPQSBUPYeqywElc9GZFhFAM=");
	buf_reset(&b);
	assert_int_equal(twilio_signature("tok", "http://h/p", mixed, 3, &b), ST_OK);
	assert_string_equal(b.ptr, "f3MoltbJCNlCn5sbK9O09Yw8FpA=");
	buf_release(&b);
}

static void test_ok_and_refused(void **state)
{
	struct http_kv changed[NSTATUS];
	const char *good = "ke6F5JVTvBae8DHE4UHWdW1P9KU=";

	(void)state;
	assert_true(twilio_signature_ok(TOKEN, URL, status_params, NSTATUS, good));
	/* Another token, URL, parameter value; a changed or cut signature. */
	assert_false(twilio_signature_ok("another", URL, status_params, NSTATUS, good));
	assert_false(twilio_signature_ok(
	    TOKEN, "http://observa.example.org/sms/twilio/kz-2023/status", status_params,
	    NSTATUS, good));
	memcpy(changed, status_params, sizeof(changed));
	changed[1].value = "undelivered";
	assert_false(twilio_signature_ok(TOKEN, URL, changed, NSTATUS, good));
	assert_false(twilio_signature_ok(TOKEN, URL, status_params, NSTATUS - 1, good));
	assert_false(twilio_signature_ok(TOKEN, URL, status_params, NSTATUS,
	                                 "ke6F5JVTvBae8DHE4UHWdW1P9KV="));
	assert_false(twilio_signature_ok(TOKEN, URL, status_params, NSTATUS,
	                                 "ke6F5JVTvBae8DHE4UHWdW1P9KU"));
	assert_false(twilio_signature_ok(TOKEN, URL, status_params, NSTATUS, ""));
	assert_false(twilio_signature_ok(TOKEN, URL, status_params, NSTATUS, NULL));
	assert_false(twilio_signature_ok(NULL, URL, status_params, NSTATUS, good));
	assert_false(twilio_signature_ok("", URL, status_params, NSTATUS, good));
	/* The order parameters come in does not matter. */
	changed[1] = status_params[4];
	changed[4] = status_params[1];
	assert_true(twilio_signature_ok(TOKEN, URL, changed, NSTATUS, good));
}

int test_twilio_sig(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_vectors),
	    cmocka_unit_test(test_ok_and_refused),
	};
	return cmocka_run_group_tests_name("twilio_sig", tests, NULL, NULL);
}
