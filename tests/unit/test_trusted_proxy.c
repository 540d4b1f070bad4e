/* test_trusted_proxy.c - the client's address behind proxies: the list
 * of trusted proxies (addresses, networks, IPv4 mapped in IPv6, bad
 * entries), and X-Forwarded-For read only from a trusted peer, from its
 * right-most untrusted entry, with ports, brackets, blanks and garbage;
 * and a peer's IPv4 address written as inet_ntop writes it. */
#include <arpa/inet.h>
#include <string.h>

#include "test.h"
#include "http/client_addr.h"
#include "http/trusted_proxy.h"

static void test_list(void **state)
{
	struct trusted_proxies tp = {0};
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(trusted_proxy_add(&tp, "", &e), ST_OK);
	assert_int_equal(tp.n, 0);
	assert_int_equal(trusted_proxy_add(&tp, "127.0.0.1, ::1", &e), ST_OK);
	assert_int_equal(trusted_proxy_add(&tp, "10.1.0.0/16 2001:db8::/32", &e), ST_OK);
	assert_int_equal(trusted_proxy_add(&tp, "::ffff:192.168.7.0/120", &e), ST_OK);
	assert_int_equal(tp.n, 5);
	assert_true(trusted_proxy_has(&tp, "127.0.0.1"));
	assert_true(trusted_proxy_has(&tp, "::ffff:127.0.0.1"));
	assert_false(trusted_proxy_has(&tp, "127.0.0.2"));
	assert_true(trusted_proxy_has(&tp, "::1"));
	assert_true(trusted_proxy_has(&tp, "10.1.255.3"));
	assert_false(trusted_proxy_has(&tp, "10.2.0.1"));
	assert_true(trusted_proxy_has(&tp, "2001:db8:ffff::9"));
	assert_false(trusted_proxy_has(&tp, "2001:db9::9"));
	assert_true(trusted_proxy_has(&tp, "192.168.7.200"));
	assert_false(trusted_proxy_has(&tp, "192.168.8.1"));
	assert_false(trusted_proxy_has(&tp, "unknown"));
	assert_false(trusted_proxy_has(&tp, NULL));
	const char *bad[] = {"1.2.3",    "10.0.0.0/33", "::/129",    "proxy.example.org",
	                     "1.2.3.4/", "1.2.3.4/x",   "1.2.3.4/-1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct trusted_proxies t = {0};
		err_clear(&e);
		assert_int_equal(trusted_proxy_add(&t, bad[i], &e), ST_INVALID);
		assert_non_null(strstr(e.msg, bad[i]));
	}
	/* Past the table's size. */
	{
		struct trusted_proxies t = {0};
		for (int i = 0; i < TRUSTED_PROXY_MAX; i++)
			assert_int_equal(trusted_proxy_add(&t, "10.0.0.1", &e), ST_OK);
		assert_int_equal(trusted_proxy_add(&t, "10.0.0.1", &e), ST_INVALID);
	}
}

static const char *client(const struct trusted_proxies *tp, const char *peer,
                          const char *xff)
{
	static char out[64];

	trusted_proxy_client(tp, peer, xff, out, sizeof(out));
	return out;
}

static void test_client(void **state)
{
	struct trusted_proxies tp = {0}, none = {0};
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(trusted_proxy_add(&tp, "127.0.0.1,10.0.0.0/8", &e), ST_OK);
	/* No trusted proxies, or a peer that is not one: the peer. */
	assert_string_equal(client(&none, "127.0.0.1", "203.0.113.5"), "127.0.0.1");
	assert_string_equal(client(NULL, "127.0.0.1", "203.0.113.5"), "127.0.0.1");
	assert_string_equal(client(&tp, "198.51.100.1", "203.0.113.5"), "198.51.100.1");
	/* A trusted peer without the header, or with an empty one. */
	assert_string_equal(client(&tp, "127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(client(&tp, "127.0.0.1", ""), "127.0.0.1");
	assert_string_equal(client(&tp, "127.0.0.1", " , "), "127.0.0.1");
	/* The right-most entry that is no trusted proxy; what the client
	 * wrote to its left is ignored. */
	assert_string_equal(client(&tp, "127.0.0.1", "203.0.113.5"), "203.0.113.5");
	assert_string_equal(client(&tp, "127.0.0.1", "1.1.1.1, 203.0.113.5"),
	                    "203.0.113.5");
	assert_string_equal(client(&tp, "127.0.0.1", "1.1.1.1, 203.0.113.5, 10.9.8.7"),
	                    "203.0.113.5");
	assert_string_equal(client(&tp, "::ffff:127.0.0.1", "203.0.113.5,10.0.0.2"),
	                    "203.0.113.5");
	/* Every entry trusted: the left-most. */
	assert_string_equal(client(&tp, "127.0.0.1", "10.0.0.3, 10.0.0.2"), "10.0.0.3");
	/* Garbage where an address should be: the last trusted hop. */
	assert_string_equal(client(&tp, "127.0.0.1", "203.0.113.5, evil"), "127.0.0.1");
	assert_string_equal(client(&tp, "127.0.0.1", "evil, 10.0.0.2"), "10.0.0.2");
	assert_string_equal(client(&tp, "127.0.0.1", "unknown"), "127.0.0.1");
	{
		char big[200];
		memset(big, '1', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_string_equal(client(&tp, "127.0.0.1", big), "127.0.0.1");
	}
	/* Blanks, ports, brackets, IPv6 written as inet_ntop writes it. */
	assert_string_equal(client(&tp, "127.0.0.1", "  203.0.113.5:4711\t"),
	                    "203.0.113.5");
	assert_string_equal(client(&tp, "127.0.0.1", "[2001:DB8::0:1]:443"),
	                    "2001:db8::1");
	assert_string_equal(client(&tp, "127.0.0.1", "2001:db8:0::7"), "2001:db8::7");
	assert_string_equal(client(&tp, "127.0.0.1", "::ffff:203.0.113.9"),
	                    "203.0.113.9");
	/* Empty elements are skipped. */
	assert_string_equal(client(&tp, "127.0.0.1", "203.0.113.5,,10.0.0.1,"),
	                    "203.0.113.5");
}

/* Every value of each octet, in each position, and a spread of whole
 * addresses: the same text as inet_ntop's. */
static void test_ipv4_text(void **state)
{
	char want[INET_ADDRSTRLEN], got[INET_ADDRSTRLEN];
	struct in_addr a;
	uint32_t x = 12345;

	(void)state;
	for (int i = 0; i < 4 * 256 + 100000; i++) {
		if (i < 4 * 256) {
			unsigned char b[4] = {1, 2, 3, 4};
			b[i / 256] = (unsigned char)(i % 256);
			memcpy(&a.s_addr, b, 4);
		} else {
			x = x * 1664525u + 1013904223u;
			a.s_addr = x;
		}
		assert_non_null(inet_ntop(AF_INET, &a, want, sizeof(want)));
		memset(got, 'x', sizeof(got));
		client_addr_ipv4_text(&a, got);
		assert_string_equal(got, want);
	}
}

int test_trusted_proxy(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_client),
	    cmocka_unit_test(test_ipv4_text),
	};
	return cmocka_run_group_tests_name("trusted_proxy", tests, NULL, NULL);
}
