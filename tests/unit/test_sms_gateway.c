/* test_sms_gateway.c - what an outbound SMS becomes before any network:
 * the request for each kind of gateway (URL, form body, authentication),
 * settings that cannot make one, HTTP statuses read as outcomes, the
 * gateway's id read from its answer, form encoding. */
#include <string.h>

#include "test.h"
#include "http/sms_gateway.h"

static const struct sms_gateway_msg msg = {
    .id = 17, .to = "+77011234567", .text = "Явка 8:00 & ok?", .status_url = NULL};

static void test_generic_request(void **state)
{
	struct sms_config c = {.outbound_kind = "generic",
	                       .outbound_url = "https://sms.example.org/send",
	                       .outbound_secret = "tok"};
	struct sms_gateway_request rq;
	struct arena a = ARENA_INIT;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(sms_gateway_request(&c, &msg, &a, &rq, &e), ST_OK);
	assert_string_equal(rq.url, "https://sms.example.org/send");
	assert_string_equal(rq.body,
	                    "to=%2B77011234567&text=%D0%AF%D0%B2%D0%BA%D0%B0+8%3A00+"
	                    "%26+ok%3F&id=17");
	assert_string_equal(rq.bearer, "tok");
	assert_null(rq.user);
	/* A sender; a user makes it Basic. */
	c.sender = "OBSERVA";
	c.outbound_user = "acme";
	assert_int_equal(sms_gateway_request(&c, &msg, &a, &rq, &e), ST_OK);
	assert_non_null(strstr(rq.body, "&id=17&from=OBSERVA"));
	assert_null(rq.bearer);
	assert_string_equal(rq.user, "acme");
	assert_string_equal(rq.password, "tok");
	/* Without a secret, no authentication at all. */
	c.outbound_user = NULL;
	c.outbound_secret = NULL;
	assert_int_equal(sms_gateway_request(&c, &msg, &a, &rq, &e), ST_OK);
	assert_null(rq.bearer);
	assert_null(rq.user);
	arena_release(&a);
}

static void test_twilio_request(void **state)
{
	struct sms_config c = {.outbound_kind = "twilio",
	                       .outbound_user = "AC0001",
	                       .outbound_secret = "authtok",
	                       .sender = "+15005550006"};
	struct sms_gateway_msg m = msg;
	struct sms_gateway_request rq;
	struct arena a = ARENA_INIT;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(sms_gateway_request(&c, &m, &a, &rq, &e), ST_OK);
	assert_string_equal(
	    rq.url, "https://api.twilio.com/2010-04-01/Accounts/AC0001/Messages.json");
	assert_string_equal(rq.body,
	                    "To=%2B77011234567&From=%2B15005550006&Body=%D0%AF%D0%"
	                    "B2%D0%BA%D0%B0+8%3A00+%26+ok%3F");
	assert_string_equal(rq.user, "AC0001");
	assert_string_equal(rq.password, "authtok");
	assert_null(rq.bearer);
	/* Another base URL (a test's fake), and a status callback. */
	c.outbound_url = "http://127.0.0.1:9/";
	m.status_url = "https://o.example.org/sms/twilio/kz-2023/status";
	assert_int_equal(sms_gateway_request(&c, &m, &a, &rq, &e), ST_OK);
	assert_string_equal(
	    rq.url, "http://127.0.0.1:9/2010-04-01/Accounts/AC0001/Messages.json");
	assert_non_null(strstr(rq.body,
	                       "&StatusCallback=https%3A%2F%2Fo.example.org%2Fsms%"
	                       "2Ftwilio%2Fkz-2023%2Fstatus"));
	arena_release(&a);
}

static void test_unusable_settings(void **state)
{
	struct sms_config none = {0};
	struct sms_config generic = {.outbound_kind = "generic"};
	struct sms_config twilio = {
	    .outbound_kind = "twilio", .outbound_user = "AC1", .outbound_secret = "t"};
	struct sms_config odd = {.outbound_kind = "pigeon", .outbound_url = "http://x"};
	struct sms_send_result r;
	struct sms_gateway_request rq;
	struct arena a = ARENA_INIT;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(sms_gateway_request(&none, &msg, &a, &rq, &e), ST_INVALID);
	assert_string_equal(e.msg, "no outbound gateway configured");
	assert_int_equal(sms_gateway_request(&generic, &msg, &a, &rq, &e), ST_INVALID);
	assert_int_equal(sms_gateway_request(&twilio, &msg, &a, &rq, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "sender"));
	assert_int_equal(sms_gateway_request(&odd, &msg, &a, &rq, &e), ST_INVALID);
	/* Sending with such settings asks no one. */
	sms_gateway_send(&none, &msg, NULL, &r);
	assert_false(r.attempted);
	assert_int_equal(r.outcome, SMS_SEND_RETRY);
	assert_string_equal(r.error, "no outbound gateway configured");
	arena_release(&a);
}

static void test_classify(void **state)
{
	(void)state;
	assert_int_equal(sms_gateway_classify(200), SMS_SEND_TAKEN);
	assert_int_equal(sms_gateway_classify(201), SMS_SEND_TAKEN);
	assert_int_equal(sms_gateway_classify(202), SMS_SEND_TAKEN);
	assert_int_equal(sms_gateway_classify(400), SMS_SEND_PERMANENT);
	assert_int_equal(sms_gateway_classify(401), SMS_SEND_PERMANENT);
	assert_int_equal(sms_gateway_classify(404), SMS_SEND_PERMANENT);
	assert_int_equal(sms_gateway_classify(408), SMS_SEND_RETRY);
	assert_int_equal(sms_gateway_classify(429), SMS_SEND_RETRY);
	assert_int_equal(sms_gateway_classify(500), SMS_SEND_RETRY);
	assert_int_equal(sms_gateway_classify(503), SMS_SEND_RETRY);
	assert_int_equal(sms_gateway_classify(302), SMS_SEND_RETRY);
}

static void test_answer_id(void **state)
{
	char id[SMS_GATEWAY_ID_MAX];
	char small[4];

	(void)state;
#define ANSWER(kind, s) sms_gateway_answer_id(kind, s, strlen(s), id, sizeof(id))
	assert_true(ANSWER("generic", "{\"id\": \"abc-1\", \"status\": \"queued\"}"));
	assert_string_equal(id, "abc-1");
	assert_true(ANSWER("generic", "{\"id\": 991}"));
	assert_string_equal(id, "991");
	assert_true(ANSWER("twilio", "{\"sid\": \"SM123\", \"id\": \"no\"}"));
	assert_string_equal(id, "SM123");
	assert_false(ANSWER("twilio", "{\"id\": \"SM123\"}"));
	assert_false(ANSWER("generic", "OK"));
	assert_false(ANSWER("generic", ""));
	assert_false(ANSWER("generic", "[\"id\"]"));
	assert_false(ANSWER("generic", "{\"id\": \"\"}"));
	assert_false(ANSWER("generic", "{\"id\": \"a b\"}"));
	assert_false(ANSWER("generic", "{\"id\": \"a\\nb\"}"));
	assert_false(ANSWER("generic", "{\"id\": true}"));
#undef ANSWER
	assert_false(sms_gateway_answer_id("generic", "{\"id\": \"abcd\"}", 14, small,
	                                   sizeof(small)));
}

static void test_form_escape(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(sms_gateway_form_escape(&b, "a-z_0.9~ +/=&%é"), ST_OK);
	assert_string_equal(b.ptr, "a-z_0.9~+%2B%2F%3D%26%25%C3%A9");
	buf_release(&b);
}

int test_sms_gateway(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_generic_request),
	    cmocka_unit_test(test_twilio_request),
	    cmocka_unit_test(test_unusable_settings),
	    cmocka_unit_test(test_classify),
	    cmocka_unit_test(test_answer_id),
	    cmocka_unit_test(test_form_escape),
	};
	return cmocka_run_group_tests_name("sms_gateway", tests, NULL, NULL);
}
