/* test_throttle_kept.c - failures kept for a window of their own (ODK
 * PINs): a key locked to the longest lock is not forgotten when the lock
 * ends, as one kept for LOGIN_WINDOW is, so each further failure locks it
 * for LOGIN_LOCK_MAX again; and it is forgotten once its window passes. */
#include "test.h"
#include "http/login_throttle.h"

static void test_kept(void **state)
{
	struct login_throttle *t = login_throttle_new(0);
	time_t now = 1000000;

	(void)state;
	/* Both keys locked for the longest time. */
	for (int i = 0; i < 12; i++) {
		login_throttle_fail(t, "short", 2, now);
		login_throttle_fail_kept(t, "kept", 2, DIGEST_CODE_WINDOW, now);
	}
	assert_int_equal(login_throttle_wait(t, "short", now), LOGIN_LOCK_MAX);
	assert_int_equal(login_throttle_wait(t, "kept", now), LOGIN_LOCK_MAX);
	/* Once the lock is over, the short key starts afresh: one failure
	 * does not lock it.  The kept one is locked at once, for as long. */
	now += LOGIN_LOCK_MAX;
	assert_int_equal(login_throttle_wait(t, "kept", now), 0);
	login_throttle_fail(t, "short", 2, now);
	login_throttle_fail_kept(t, "kept", 2, DIGEST_CODE_WINDOW, now);
	assert_int_equal(login_throttle_wait(t, "short", now), 0);
	assert_int_equal(login_throttle_wait(t, "kept", now), LOGIN_LOCK_MAX);
	/* A window after the last failure, the kept key is forgotten too. */
	now += DIGEST_CODE_WINDOW;
	login_throttle_fail_kept(t, "kept", 2, DIGEST_CODE_WINDOW, now);
	assert_int_equal(login_throttle_wait(t, "kept", now), 0);
	login_throttle_free(t);
}

int test_throttle_kept(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kept),
	};
	return cmocka_run_group_tests_name("throttle_kept", tests, NULL, NULL);
}
