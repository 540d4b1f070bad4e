/* test_md5.c - MD5 against the test suite of RFC 1321 (appendix A.5), a
 * million "a", and the same digests fed in pieces of every size. */
#include <string.h>

#include "test.h"
#include "core/md5.h"

struct vector {
	const char *text;
	const char *hex;
};

/* RFC 1321, A.5 "Test suite". */
static const struct vector rfc[] = {
    {"", "d41d8cd98f00b204e9800998ecf8427e"},
    {"a", "0cc175b9c0f1b6a831c399e269772661"},
    {"abc", "900150983cd24fb0d6963f7d28e17f72"},
    {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
    {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
    {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
     "d174ab98d277d9f5a5611c2c9f419d9f"},
    {"1234567890123456789012345678901234567890123456789012345678901234567890123456"
     "7890",
     "57edf4a22be3c955ac49da2e2107b67a"},
};

static void test_rfc_suite(void **state)
{
	char hex[MD5_HEX];

	(void)state;
	for (size_t i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
		md5_hex(rfc[i].text, strlen(rfc[i].text), hex);
		assert_string_equal(hex, rfc[i].hex);
	}
}

static void to_hex(const unsigned char d[MD5_BYTES], char out[MD5_HEX])
{
	for (int i = 0; i < MD5_BYTES; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Every split of a text into two pieces, and byte by byte, gives the
 * digest of the whole: the block buffering and the padding at each
 * length around a block's end (55, 56, 63, 64 bytes). */
static void test_pieces(void **state)
{
	char text[200], hex[MD5_HEX], want[MD5_HEX];
	unsigned char d[MD5_BYTES];
	struct md5 m;

	(void)state;
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 26);
	for (size_t len = 0; len <= sizeof(text); len++) {
		md5_hex(text, len, want);
		for (size_t cut = 0; cut <= len; cut += 7) {
			md5_init(&m);
			md5_update(&m, text, cut);
			md5_update(&m, text + cut, len - cut);
			md5_final(&m, d);
			to_hex(d, hex);
			assert_string_equal(hex, want);
		}
		md5_init(&m);
		for (size_t i = 0; i < len; i++)
			md5_update(&m, text + i, 1);
		md5_final(&m, d);
		to_hex(d, hex);
		assert_string_equal(hex, want);
	}
}

/* Longer inputs; the expected digests come from another implementation
 * (Python's hashlib). */
static void test_long(void **state)
{
	static char a[1000000];
	unsigned char bytes[1280];
	char hex[MD5_HEX];

	(void)state;
	memset(a, 'a', sizeof(a));
	md5_hex(a, sizeof(a), hex);
	assert_string_equal(hex, "7707d6ae4e027c70eea2a935c2296f21");
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)i; /* 0..255, five times */
	md5_hex(bytes, sizeof(bytes), hex);
	assert_string_equal(hex, "82829f1f3f2bb0f18b25f278e5bba8bd");
}

int test_md5(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc_suite),
	    cmocka_unit_test(test_pieces),
	    cmocka_unit_test(test_long),
	};
	return cmocka_run_group_tests_name("md5", tests, NULL, NULL);
}
