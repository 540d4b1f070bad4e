/* test_digest.c - Digest nonces (made, checked, tampered, stale, counts
 * taken once, the table's bound) and the Authorization header and
 * response against RFC 2617's worked example. */
#include <string.h>

#include "test.h"
#include "http/digest.h"
#include "http/digest_nonce.h"
#include "model/credential.h"

#define T0 1700000000000ull

static void test_nonce_roundtrip(void **state)
{
	struct digest_nonces *n = digest_nonces_new(300, 16);
	struct digest_nonces *other = digest_nonces_new(300, 16);
	char a[DIGEST_NONCE_LEN + 1], b[DIGEST_NONCE_LEN + 1];

	(void)state;
	digest_nonce_make(n, T0, a);
	digest_nonce_make(n, T0, b);
	assert_int_equal(strlen(a), DIGEST_NONCE_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(digest_nonce_check(n, a, T0), DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_check(n, a, T0 + 300000), DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_check(n, a, T0 + 300001), DIGEST_NONCE_STALE);
	assert_int_equal(digest_nonce_take(n, a, 1, T0 + 300001), DIGEST_NONCE_STALE);
	/* Another process's secret, a changed byte, garbage. */
	assert_int_equal(digest_nonce_check(other, a, T0), DIGEST_NONCE_BAD);
	b[10] = b[10] == 'A' ? 'B' : 'A';
	assert_int_equal(digest_nonce_check(n, b, T0), DIGEST_NONCE_BAD);
	assert_int_equal(digest_nonce_check(n, "", T0), DIGEST_NONCE_BAD);
	assert_int_equal(digest_nonce_check(n, "abc", T0), DIGEST_NONCE_BAD);
	memset(b, '!', DIGEST_NONCE_LEN);
	assert_int_equal(digest_nonce_check(n, b, T0), DIGEST_NONCE_BAD);
	digest_nonces_free(n);
	digest_nonces_free(other);
}

static void test_nonce_counts(void **state)
{
	struct digest_nonces *n = digest_nonces_new(60, 16);
	char a[DIGEST_NONCE_LEN + 1], b[DIGEST_NONCE_LEN + 1];

	(void)state;
	digest_nonce_make(n, T0, a);
	digest_nonce_make(n, T0, b);
	assert_int_equal(digest_nonce_take(n, a, 0, T0), DIGEST_NONCE_REPLAY);
	assert_int_equal(digest_nonce_take(n, a, 1, T0), DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_take(n, a, 1, T0), DIGEST_NONCE_REPLAY);
	assert_int_equal(digest_nonce_take(n, a, 2, T0), DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_take(n, a, 7, T0), DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_take(n, a, 5, T0), DIGEST_NONCE_REPLAY);
	/* Each nonce has counts of its own. */
	assert_int_equal(digest_nonce_take(n, b, 1, T0), DIGEST_NONCE_OK);
	digest_nonces_free(n);
}

static void test_nonce_table_bound(void **state)
{
	struct digest_nonces *n = digest_nonces_new(60, 2);
	char a[DIGEST_NONCE_LEN + 1], b[DIGEST_NONCE_LEN + 1], c[DIGEST_NONCE_LEN + 1];
	char d[DIGEST_NONCE_LEN + 1];

	(void)state;
	digest_nonce_make(n, T0, a);
	digest_nonce_make(n, T0 + 1, b);
	digest_nonce_make(n, T0 + 2, c);
	assert_int_equal(digest_nonce_take(n, a, 1, T0 + 5), DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_take(n, b, 1, T0 + 5), DIGEST_NONCE_OK);
	/* Full: the oldest (a) is forgotten, and no count of it is taken
	 * again: it is stale from now on. */
	assert_int_equal(digest_nonce_take(n, c, 1, T0 + 5), DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_take(n, a, 2, T0 + 5), DIGEST_NONCE_STALE);
	assert_int_equal(digest_nonce_take(n, b, 1, T0 + 5), DIGEST_NONCE_REPLAY);
	assert_int_equal(digest_nonce_take(n, c, 2, T0 + 5), DIGEST_NONCE_OK);
	/* Once old, entries make room without forgetting anyone young. */
	digest_nonce_make(n, T0 + 70000, d);
	assert_int_equal(digest_nonce_take(n, d, 1, T0 + 70000), DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_take(n, d, 1, T0 + 70000), DIGEST_NONCE_REPLAY);
	digest_nonces_free(n);
}

/* RFC 2617 section 3.5. */
static void test_rfc2617_example(void **state)
{
	struct arena a = ARENA_INIT;
	struct digest_auth d;
	char ha1[MD5_HEX], resp[MD5_HEX];
	uint32_t nc;

	(void)state;
	assert_true(digest_parse(
	    "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
	    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
	    "qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
	    "response=\"6629fae49393a05397450978507c4ef1\", "
	    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
	    &a, &d));
	assert_string_equal(d.username, "Mufasa");
	assert_string_equal(d.uri, "/dir/index.html");
	assert_string_equal(d.qop, "auth");
	assert_null(d.algorithm);
	assert_true(digest_nc(d.nc, &nc));
	assert_int_equal(nc, 1);
	credential_digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life", ha1);
	digest_expected(ha1, &d, "GET", resp);
	assert_string_equal(resp, d.response);

	/* Escapes in quoted strings; what is not Digest or is garbled. */
	assert_true(digest_parse("digest username=\"a\\\"b\",realm=r,nonce=n,uri=\"/\","
	                         "qop=auth,nc=0000000a,cnonce=c,response=x",
	                         &a, &d));
	assert_string_equal(d.username, "a\"b");
	assert_false(digest_parse("Basic dXNlcjpwYXNz", &a, &d));
	assert_false(digest_parse(NULL, &a, &d));
	assert_false(digest_parse("Digest username=\"open", &a, &d));
	assert_false(digest_parse("Digest username", &a, &d));
	assert_false(digest_parse("Digest username=a realm=b", &a, &d));
	assert_false(digest_parse("Digest username=a", &a, &d)); /* fields missing */
	assert_false(digest_nc("1", &nc));
	assert_false(digest_nc("0000000g", &nc));
	assert_true(digest_nc("FFFFFFFF", &nc));
	assert_int_equal(nc, 0xffffffffu);
	assert_string_equal(
	    digest_challenge("observa kz-2023", "NONCE", true, &a),
	    "Digest realm=\"observa kz-2023\", qop=\"auth\", "
	    "nonce=\"NONCE\", opaque=\"57e9fdbdc9a8313616207835e864952e\", "
	    "algorithm=MD5, stale=true");
	arena_release(&a);
}

int test_digest(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nonce_roundtrip),
	    cmocka_unit_test(test_nonce_counts),
	    cmocka_unit_test(test_nonce_table_bound),
	    cmocka_unit_test(test_rfc2617_example),
	};
	return cmocka_run_group_tests_name("digest", tests, NULL, NULL);
}
