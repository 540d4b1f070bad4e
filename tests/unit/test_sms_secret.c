/* test_sms_secret.c - a mission's webhook secret hashed as stored and
 * checked: BLAKE2b-256 of "s3cret" computed apart, with python3's
 * hashlib.blake2b(b"s3cret", digest_size=32).hexdigest(). */
#include "test.h"
#include "model/sms_secret.h"

static void test_hash_and_check(void **state)
{
	char hash[SMS_SECRET_HASH_LEN + 1];
	const char *want =
	    "061f7b1d4ef1470a55198d606b62ed5d59131a35cb6bcce1b8462a418da9b08b";

	(void)state;
	sms_secret_hash("s3cret", hash);
	assert_string_equal(hash, want);
	assert_true(sms_secret_ok("s3cret", want));
	assert_true(sms_secret_ok(
	    "s3cret",
	    "061F7B1D4EF1470A55198D606B62ED5D59131A35CB6BCCE1B8462A418DA9B08B"));
	assert_false(sms_secret_ok("s3creT", want));
	assert_false(sms_secret_ok("", want));
	assert_false(sms_secret_ok(NULL, want));
	assert_false(sms_secret_ok("s3cret", NULL));
	assert_false(sms_secret_ok("s3cret", "061f7b"));
	assert_false(sms_secret_ok(
	    "s3cret",
	    "061f7b1d4ef1470a55198d606b62ed5d59131a35cb6bcce1b8462a418da9b0zz"));
}

int test_sms_secret(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_and_check),
	};
	return cmocka_run_group_tests_name("sms_secret", tests, NULL, NULL);
}
