/* test_phone.c - normalisation of telephone numbers to E.164: the ways
 * observers write them in KZ, RU, UZ, KG, DE, GB, US, TR and elsewhere, and
 * the errors for what cannot be a telephone number. */
#include <string.h>

#include "test.h"

#include "model/phone.h"

struct good {
	const char *input, *country, *want;
};

struct bad {
	const char *input, *country, *msg; /* msg: a part of the message */
};

static void run_good(const struct good *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[PHONE_MAX];
		struct err e;
		enum status st;

		err_clear(&e);
		st = phone_normalise(g[i].input, g[i].country, out, &e);
		if (st != ST_OK)
			fail_msg("\"%s\" (%s): %s", g[i].input,
			         g[i].country ? g[i].country : "no country", e.msg);
		if (strcmp(out, g[i].want))
			fail_msg("\"%s\" (%s) gives %s, expected %s", g[i].input,
			         g[i].country ? g[i].country : "no country", out,
			         g[i].want);
	}
}

static void run_bad(const struct bad *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[PHONE_MAX];
		struct err e;
		enum status st;

		err_clear(&e);
		memcpy(out, "+1", 3);
		st = phone_normalise(b[i].input, b[i].country, out, &e);
		if (st != ST_INVALID)
			fail_msg("\"%s\" (%s) gives %s, expected an error", b[i].input,
			         b[i].country ? b[i].country : "no country", out);
		assert_int_equal(e.code, ST_INVALID);
		assert_string_equal(out, "");
		if (!strstr(e.msg, b[i].msg))
			fail_msg("\"%s\": message \"%s\" lacks \"%s\"", b[i].input, e.msg,
			         b[i].msg);
	}
}

#define RUN_GOOD(a) run_good(a, sizeof(a) / sizeof(a[0]))
#define RUN_BAD(a)  run_bad(a, sizeof(a) / sizeof(a[0]))

static void kazakhstan_and_russia(void **state)
{
	static const struct good g[] = {
	    {"+7 701 123-45-67", NULL, "+77011234567"},
	    {"+7 (701) 123 45 67", "DE", "+77011234567"},
	    {"(+7) 701 123 45 67", NULL, "+77011234567"},
	    {"+77011234567", "KZ", "+77011234567"},
	    {"8 (701) 1234567", "KZ", "+77011234567"},
	    {"8 (701) 123-45-67", "kz", "+77011234567"},
	    {"8-701-123-45-67", "KZ", "+77011234567"},
	    {"87011234567", "KZ", "+77011234567"},
	    {"7011234567", "KZ", "+77011234567"},
	    {"701 123 45 67", "KZ", "+77011234567"},
	    {"77011234567", "KZ", "+77011234567"},
	    {"7 701 123 45 67", "KZ", "+77011234567"},
	    {"8 (7172) 12-34-56", "KZ", "+77172123456"},
	    {"007 701 123 45 67", "KZ", "+77011234567"},
	    {"8 916 123-45-67", "RU", "+79161234567"},
	    {"9161234567", "RU", "+79161234567"},
	    {"79161234567", "RU", "+79161234567"},
	    {"8 (495) 123-45-67", "RU", "+74951234567"},
	    {"8 800 555 35 35", "RU", "+78005553535"},
	    {"800 555 35 35", "RU", "+78005553535"},
	    {"8 812 123 45 67", "RU", "+78121234567"},
	    {"812 123 45 67", "RU", "+78121234567"},
	    /* "8, tone, 10": the old international prefix */
	    {"8 10 49 30 1234567", "KZ", "+49301234567"},
	    {"810 998 90 123 45 67", "RU", "+998901234567"},
	};
	static const struct bad b[] = {
	    {"8 (701) 12", "KZ", "\"8 (701) 12\" is too short for a telephone number"},
	    {"+7 701 x23", "KZ",
	     "\"+7 701 x23\" has 'x' at position 8; a telephone number has only "
	     "digits, spaces, + ( ) - . /"},
	    {"+7 701 123 45 6", NULL, "has 9 digits after +7"},
	    {"+7 8 701 123 45 67", NULL, "has 11 digits after +7"},
	    {"8 701 123 45 67 8", "KZ", "digits after +7"},
	    {"7011234567", NULL, "national number \"7011234567\" needs a country"},
	    {"87011234567", "", "needs a country"},
	};

	RUN_GOOD(g);
	RUN_BAD(b);
}

static void tilde_is_not_a_separator(void **state)
{
	static const struct bad b[] = {
	    {"8~10 44 20 7946 0958", "RU", "has '~' at position 2"},
	};
	RUN_BAD(b);
}

static void central_asia_and_belarus(void **state)
{
	static const struct good g[] = {
	    {"+998 90 123 45 67", NULL, "+998901234567"},
	    {"+998 (90) 123-45-67", "KZ", "+998901234567"},
	    {"90 123 45 67", "UZ", "+998901234567"},
	    {"998 90 123 45 67", "UZ", "+998901234567"},
	    {"8 90 123 45 67", "UZ", "+998901234567"}, /* the old trunk prefix */
	    {"88 123 45 67", "UZ", "+998881234567"},   /* 88 is a mobile code */
	    {"71 123 45 67", "UZ", "+998711234567"},
	    {"+996 555 123 456", NULL, "+996555123456"},
	    {"0555 123 456", "KG", "+996555123456"},
	    {"0 (312) 12-34-56", "KG", "+996312123456"},
	    {"555 123 456", "KG", "+996555123456"},
	    {"996 555 123 456", "KG", "+996555123456"},
	    {"+992 93 123 4567", NULL, "+992931234567"},
	    {"93 123 4567", "TJ", "+992931234567"},
	    {"88 123 4567", "TJ", "+992881234567"},
	    {"8 65 12 34 56", "TM", "+99365123456"},
	    {"+994 50 123 45 67", NULL, "+994501234567"},
	    {"050 123 45 67", "AZ", "+994501234567"},
	    {"8 029 123-45-67", "BY", "+375291234567"},
	    {"80291234567", "BY", "+375291234567"},
	    {"029 123 45 67", "BY", "+375291234567"},
	    {"29 123 45 67", "BY", "+375291234567"},
	    {"375 29 123 45 67", "BY", "+375291234567"},
	    {"8 10 7 701 123 45 67", "BY", "+77011234567"},
	};
	static const struct bad b[] = {
	    {"+998 90 123 45 6", NULL,
	     "has 8 digits after +998, but numbers in "
	     "Uzbekistan have 9"},
	    {"90 123 45 678", "UZ", "has 10 digits after +998"},
	};

	RUN_GOOD(g);
	RUN_BAD(b);
}

static void europe(void **state)
{
	static const struct good g[] = {
	    {"030 1234567", "DE", "+49301234567"},
	    {"030/1234567", "DE", "+49301234567"},
	    {"(030) 123 45 67", "DE", "+49301234567"},
	    {"0151 12345678", "DE", "+4915112345678"},
	    {"+49 (0)30 1234567", NULL, "+49301234567"},
	    {"+49 30 1234567", "KZ", "+49301234567"},
	    {"0049 30 1234567", "GB", "+49301234567"},
	    {"49 151 12345678", "DE", "+4915112345678"},
	    {"020 7946 0958", "GB", "+442079460958"},
	    {"07911 123456", "GB", "+447911123456"},
	    {"+44 (0) 20 7946 0958", NULL, "+442079460958"},
	    {"00 44 20 7946 0958", "KZ", "+442079460958"},
	    {"0044 (0)20 7946 0958", NULL, "+442079460958"},
	    {"0532 123 45 67", "TR", "+905321234567"},
	    {"(0532) 123 45 67", "TR", "+905321234567"},
	    {"+90 532 123 45 67", NULL, "+905321234567"},
	    {"90 532 123 45 67", "TR", "+905321234567"},
	    {"06 30 123 4567", "HU", "+36301234567"},
	    {"0 612 34567", "LT", "+37061234567"},
	    {"8 612 34567", "LT", "+37061234567"}, /* before 2025 */
	    {"06 12 34 56 78", "FR", "+33612345678"},
	    {"06 1234 5678", "IT", "+390612345678"}, /* Italy keeps the 0 */
	    {"333 123 4567", "IT", "+393331234567"},
	    {"050-123-45-67", "UA", "+380501234567"},
	};

	RUN_GOOD(g);
}

static void north_america(void **state)
{
	static const struct good g[] = {
	    {"(212) 555-0100", "US", "+12125550100"},
	    {"212.555.0100", "US", "+12125550100"},
	    {"212-555-0100", "us", "+12125550100"},
	    {"1-212-555-0100", "US", "+12125550100"},
	    {"1 (212) 555-0100", "CA", "+12125550100"},
	    {"+1 212 555 0100", NULL, "+12125550100"},
	    {"001 212 555 0100", "DE", "+12125550100"},
	    {"810 1 212 555 0100", "KZ", "+12125550100"},
	    {"011 44 20 7946 0958", "US", "+442079460958"},
	    {"011 7 701 123 45 67", "CA", "+77011234567"},
	};

	RUN_GOOD(g);
}

static void separators_and_spaces(void **state)
{
	static const struct good g[] = {
	    {"  +7 701 123 45 67  ", NULL, "+77011234567"},
	    {"+7\t701\t1234567", NULL, "+77011234567"},
	    {"+7\xc2\xa0"
	     "701\xc2\xa0"
	     "123\xc2\xa0"
	     "45\xc2\xa0"
	     "67",
	     NULL, "+77011234567"},
	    {"+7.701.123.45.67", NULL, "+77011234567"},
	    {"+7/701/1234567", NULL, "+77011234567"},
	    {"+7-(701)-123-45-67", NULL, "+77011234567"},
	    {"+12345678901234", NULL, "+12345678901234"},
	};

	RUN_GOOD(g);
}

static void lengths(void **state)
{
	static const struct good g[] = {
	    {"+12345678", NULL, "+12345678"},
	    {"+123456789012345", NULL, "+123456789012345"},
	    {"+49 1234 5678 9012 3", NULL,
	     "+49123456789012"
	     "3"},
	};
	static const struct bad b[] = {
	    {"+1234567", NULL, "\"+1234567\" is too short for a telephone number"},
	    {"+1234567890123456", NULL, "is too long for a telephone number"},
	    {"00 49 1234 5678 9012 34", NULL, "is too long"},
	    {"1234 5678 9012 3456", "US", "is too long"},
	    {"123456789012345678901234567890123456789012345678901234567890", "US",
	     "is too long"},
	    {"+7", NULL, "too short"},
	    {"12", "DE", "too short"},
	};

	RUN_GOOD(g);
	RUN_BAD(b);
}

static void errors(void **state)
{
	static const struct bad b[] = {
	    {"+7 701 x23", "KZ", "has 'x' at position 8"},
	    {"+7 701 123 45 67 ext. 5", NULL, "has 'e' at position 18"},
	    {"+7 701 тест", NULL, "has 'т' at position 8"},
	    {"+7\xc2\xa0"
	     "701 №",
	     NULL, "has '№' at position 8"},
	    {"+７ 701 123 45 67", NULL, "has '７' at position 2"},
	    {"+7 701\n1234567", NULL, "control character U+000A at position 7"},
	    {"+7 701 \xff"
	     "1234567",
	     NULL, "not UTF-8 (0xFF) at position 8"},
	    {"+7 701 \xd0", NULL, "not UTF-8 (0xD0) at position 8"},
	    {"7 701 +23", "KZ", "has '+' at position 7; '+' may only begin"},
	    {"++77011234567", NULL, "has '+' at position 2"},
	    {"+999 123 456 789", NULL,
	     "\"+999 123 456 789\" does not begin with a country calling code"},
	    {"+80 0123 4567", NULL, "does not begin with a country calling code"},
	    {"+0 123 456 789", NULL, "no country calling code"},
	    {"000 123 456 789", NULL, "no country calling code"},
	    {"030 1234567", NULL, "national number \"030 1234567\" needs a country"},
	    {"030 1234567", "XX", "unknown country \"XX\""},
	    {"030 1234567", "Germany", "unknown country \"Germany\""},
	    {"030 1234567", "D\nE", "unknown country \"D?E\""},
	    {"", "KZ", "telephone number is empty"},
	    {"   ", "KZ", "telephone number is empty"},
	    {"()-", "KZ", "has no digits"},
	    {"+", NULL, "has no digits"},
	};

	RUN_BAD(b);
}

static void long_inputs_are_cut_in_messages(void **state)
{
	char in[600], out[PHONE_MAX];
	struct err e;

	memset(in, '5', sizeof(in) - 2);
	in[sizeof(in) - 2] = 'x';
	in[sizeof(in) - 1] = '\0';
	err_clear(&e);
	assert_int_equal(phone_normalise(in, "KZ", out, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "...\" has 'x' at position 599"));
	assert_true(strlen(e.msg) < 200);
}

static void null_err_and_null_input(void **state)
{
	char out[PHONE_MAX];
	struct err e;

	assert_int_equal(phone_normalise("+77011234567", NULL, out, NULL), ST_OK);
	assert_string_equal(out, "+77011234567");
	assert_int_equal(phone_normalise("abc", "KZ", out, NULL), ST_INVALID);
	assert_string_equal(out, "");
	err_clear(&e);
	assert_int_equal(phone_normalise(NULL, "KZ", out, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "missing"));
}

int test_phone(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(kazakhstan_and_russia),
	    cmocka_unit_test(tilde_is_not_a_separator),
	    cmocka_unit_test(central_asia_and_belarus),
	    cmocka_unit_test(europe),
	    cmocka_unit_test(north_america),
	    cmocka_unit_test(separators_and_spaces),
	    cmocka_unit_test(lengths),
	    cmocka_unit_test(errors),
	    cmocka_unit_test(long_inputs_are_cut_in_messages),
	    cmocka_unit_test(null_err_and_null_input),
	};
	return cmocka_run_group_tests_name("phone", tests, NULL, NULL);
}
