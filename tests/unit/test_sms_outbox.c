/* test_sms_outbox.c - the outbound queue's rules without threads or HTTP:
 * the back-off schedule, a message marked before its send, its state
 * after each kind of outcome (taken, to retry, refused, the last attempt,
 * no gateway to send it), and phone numbers masked for the log. */
#include <string.h>

#include "test.h"
#include "http/sms_outbox.h"

/* 2023-03-19T00:00:00Z */
#define T0 1679184000LL

static const struct sms_outbox_timing timing = {
    .poll = 1, .stale = 60, .retry = 30, .timeout = 15};

static struct sms_out_row queued(int64_t attempts)
{
	return (struct sms_out_row){.id = 42,
	                            .mission_id = 1,
	                            .phone = "+77011234567",
	                            .text = "Polls open at 8",
	                            .kind = "broadcast",
	                            .status = "queued",
	                            .attempts = attempts,
	                            .next_attempt_at = "2023-03-19T00:00:00Z",
	                            .created_at = "2023-03-18T23:50:00Z"};
}

static struct sms_send_result result(enum sms_send_outcome o, const char *id,
                                     const char *error)
{
	struct sms_send_result r = {.outcome = o, .attempted = true};

	snprintf(r.gateway_id, sizeof(r.gateway_id), "%s", id ? id : "");
	snprintf(r.error, sizeof(r.error), "%s", error ? error : "");
	return r;
}

static void test_backoff(void **state)
{
	static const long long want[] = {30,  60,   120,  240,  480,
	                                 960, 1800, 1800, 1800, 1800};

	(void)state;
	for (int i = 0; i < 10; i++)
		assert_int_equal(sms_outbox_backoff(i + 1, 30), want[i]);
	assert_int_equal(sms_outbox_backoff(1000, 30), 1800);
	/* A shorter first wait scales the whole schedule. */
	assert_int_equal(sms_outbox_backoff(1, 1), 1);
	assert_int_equal(sms_outbox_backoff(3, 1), 4);
	assert_int_equal(sms_outbox_backoff(9, 1), 60);
}

static void test_mark(void **state)
{
	struct sms_out_row m = queued(2), out;
	struct arena a = ARENA_INIT;

	(void)state;
	m.last_error = "HTTP 500";
	sms_outbox_mark(&m, T0, &timing, &a, &out);
	assert_string_equal(out.status, "sending");
	assert_string_equal(out.next_attempt_at, "2023-03-19T00:01:00Z");
	assert_int_equal(out.attempts, 2);
	assert_string_equal(out.last_error, "HTTP 500");
	/* Found "sending": a send cut short, whose attempt counts. */
	m.status = "sending";
	sms_outbox_mark(&m, T0, &timing, &a, &out);
	assert_int_equal(out.attempts, 3);
	assert_non_null(strstr(out.last_error, "interrupted"));
	arena_release(&a);
}

static void test_after_taken(void **state)
{
	struct sms_out_row m = queued(1), out;
	struct sms_send_result r = result(SMS_SEND_TAKEN, "gw-7", NULL);
	struct arena a = ARENA_INIT;

	(void)state;
	m.last_error = "HTTP 503";
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.status, "sent");
	assert_int_equal(out.attempts, 2);
	assert_string_equal(out.gateway_id, "gw-7");
	assert_string_equal(out.sent_at, "2023-03-19T00:00:00Z");
	assert_null(out.last_error);
	/* No id from the gateway: observa's own stands for it. */
	r = result(SMS_SEND_TAKEN, NULL, NULL);
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.gateway_id, "42");
	arena_release(&a);
}

static void test_after_retry_and_fail(void **state)
{
	struct sms_out_row m = queued(0), out;
	struct sms_send_result r = result(SMS_SEND_RETRY, NULL, "HTTP 500: boom");
	struct arena a = ARENA_INIT;

	(void)state;
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.status, "queued");
	assert_int_equal(out.attempts, 1);
	assert_string_equal(out.next_attempt_at, "2023-03-19T00:00:30Z");
	assert_string_equal(out.last_error, "HTTP 500: boom");
	assert_null(out.gateway_id);
	assert_null(out.sent_at);
	m = queued(3);
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_int_equal(out.attempts, 4);
	assert_string_equal(out.next_attempt_at, "2023-03-19T00:04:00Z");
	/* The tenth attempt is the last. */
	m = queued(8);
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.status, "queued");
	m = queued(SMS_OUTBOX_MAX_ATTEMPTS - 1);
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.status, "failed");
	assert_int_equal(out.attempts, SMS_OUTBOX_MAX_ATTEMPTS);
	assert_string_equal(out.last_error, "HTTP 500: boom");
	/* A refusal is final at once. */
	m = queued(0);
	r = result(SMS_SEND_PERMANENT, NULL, "HTTP 400: bad number");
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.status, "failed");
	assert_int_equal(out.attempts, 1);
	assert_string_equal(out.last_error, "HTTP 400: bad number");
	arena_release(&a);
}

static void test_after_no_gateway(void **state)
{
	struct sms_out_row m = queued(0), out;
	struct sms_send_result r = {.outcome = SMS_SEND_RETRY};
	struct arena a = ARENA_INIT;

	(void)state;
	snprintf(r.error, sizeof(r.error), "no outbound gateway configured");
	/* Queued ten minutes ago: the next look is ten minutes ahead, no
	 * attempt counted. */
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.status, "queued");
	assert_int_equal(out.attempts, 0);
	assert_string_equal(out.last_error, "no outbound gateway configured");
	assert_string_equal(out.next_attempt_at, "2023-03-19T00:10:00Z");
	/* Just queued: the first wait; long ago: the longest. */
	m.created_at = "2023-03-19T00:00:00Z";
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.next_attempt_at, "2023-03-19T00:00:30Z");
	m.created_at = "2023-03-01T00:00:00Z";
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.next_attempt_at, "2023-03-19T00:30:00Z");
	/* A message found "sending" goes back to the queue. */
	m.status = "sending";
	sms_outbox_after(&m, &r, T0, &timing, &a, &out);
	assert_string_equal(out.status, "queued");
	arena_release(&a);
}

static void test_phone_mask(void **state)
{
	char out[PHONE_MAX];

	(void)state;
	sms_phone_mask("+77011234567", out);
	assert_string_equal(out, "+7701*****67");
	sms_phone_mask("+442079460958", out);
	assert_string_equal(out, "+4420******58");
	sms_phone_mask("+1234567", out);
	assert_string_equal(out, "********");
	sms_phone_mask("+12345678", out);
	assert_string_equal(out, "*********");
	sms_phone_mask("+123456789", out);
	assert_string_equal(out, "+1234***89");
	sms_phone_mask(NULL, out);
	assert_string_equal(out, "");
}

int test_sms_outbox(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_backoff),
	    cmocka_unit_test(test_mark),
	    cmocka_unit_test(test_after_taken),
	    cmocka_unit_test(test_after_retry_and_fail),
	    cmocka_unit_test(test_after_no_gateway),
	    cmocka_unit_test(test_phone_mask),
	};
	return cmocka_run_group_tests_name("sms_outbox", tests, NULL, NULL);
}
