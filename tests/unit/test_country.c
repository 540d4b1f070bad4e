/* test_country.c - the ISO 3166-1 table: its shape, its data for the
 * countries observa works in most, and lookups by code and by name. */
#include <string.h>

#include "test.h"

#include "core/text.h"
#include "model/country.h"

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static void table_is_sorted_and_complete(void **state)
{
	size_t n;
	const struct country *t = country_table(&n);

	assert_int_equal(n, 249);
	for (size_t i = 0; i < n; i++) {
		const struct country *c = &t[i];
		size_t cl = strlen(c->calling);

		assert_int_equal(strlen(c->code), 2);
		assert_true(c->code[0] >= 'A' && c->code[0] <= 'Z');
		assert_true(c->code[1] >= 'A' && c->code[1] <= 'Z');
		if (i > 0 && strcmp(t[i - 1].code, c->code) >= 0)
			fail_msg("%s comes after %s", c->code, t[i - 1].code);
		assert_true(c->name_en[0] != '\0');
		assert_true(utf8_valid(c->name_en, strlen(c->name_en)));
		assert_true(c->name_ru[0] != '\0');
		assert_true(utf8_valid(c->name_ru, strlen(c->name_ru)));
		/* Russian names are written in Cyrillic: no ASCII letters. */
		for (const char *p = c->name_ru; *p; p++)
			if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
				fail_msg("%s: Latin letter in \"%s\"", c->code,
				         c->name_ru);
		if (cl < 1 || cl > 3 || !all_digits(c->calling) || c->calling[0] == '0')
			fail_msg("%s: bad calling code \"%s\"", c->code, c->calling);
		if (strlen(c->trunk) > 2 || !all_digits(c->trunk))
			fail_msg("%s: bad trunk prefix \"%s\"", c->code, c->trunk);
		assert_ptr_equal(country_by_code(c->code), c);
	}
}

/* E.164 calling codes are prefix-free, which phone.c relies on: no code
 * is the beginning of a different one. */
static void calling_codes_are_prefix_free(void **state)
{
	size_t n;
	const struct country *t = country_table(&n);

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			const char *a = t[i].calling, *b = t[j].calling;
			if (strcmp(a, b) && !strncmp(a, b, strlen(a)))
				fail_msg("%s +%s is a prefix of %s +%s", t[i].code, a,
				         t[j].code, b);
		}
}

static void every_name_finds_its_country(void **state)
{
	size_t n;
	const struct country *t = country_table(&n);

	for (size_t i = 0; i < n; i++) {
		char upper[128];

		if (country_find(t[i].name_en) != &t[i])
			fail_msg("\"%s\" does not find %s", t[i].name_en, t[i].code);
		if (country_find(t[i].name_ru) != &t[i])
			fail_msg("\"%s\" does not find %s", t[i].name_ru, t[i].code);
		snprintf(upper, sizeof(upper), "%s", t[i].name_en);
		for (char *p = upper; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		if (country_find(upper) != &t[i])
			fail_msg("\"%s\" does not find %s", upper, t[i].code);
	}
}

static void check(const char *code, const char *en, const char *ru, const char *calling,
                  const char *trunk)
{
	const struct country *c = country_by_code(code);

	if (!c)
		fail_msg("%s is missing", code);
	assert_string_equal(c->name_en, en);
	assert_string_equal(c->name_ru, ru);
	assert_string_equal(c->calling, calling);
	assert_string_equal(c->trunk, trunk);
}

static void data_of_the_region(void **state)
{
	check("KZ", "Kazakhstan", "Казахстан", "7", "8");
	check("RU", "Russia", "Россия", "7", "8");
	check("KG", "Kyrgyzstan", "Кыргызстан", "996", "0");
	check("UZ", "Uzbekistan", "Узбекистан", "998", "");
	check("TJ", "Tajikistan", "Таджикистан", "992", "");
	check("TM", "Turkmenistan", "Туркменистан", "993", "8");
	check("AZ", "Azerbaijan", "Азербайджан", "994", "0");
	check("AM", "Armenia", "Армения", "374", "0");
	check("GE", "Georgia", "Грузия", "995", "0");
	check("BY", "Belarus", "Беларусь", "375", "8");
	check("UA", "Ukraine", "Украина", "380", "0");
	check("MD", "Moldova", "Молдова", "373", "0");
	check("MN", "Mongolia", "Монголия", "976", "0");
	check("CN", "China", "Китай", "86", "0");
	check("TR", "Türkiye", "Турция", "90", "0");
	check("DE", "Germany", "Германия", "49", "0");
	check("GB", "United Kingdom", "Великобритания", "44", "0");
	check("FR", "France", "Франция", "33", "0");
	check("IT", "Italy", "Италия", "39", "");
	check("HU", "Hungary", "Венгрия", "36", "06");
	check("LT", "Lithuania", "Литва", "370", "0");
	check("PL", "Poland", "Польша", "48", "");
	check("US", "United States", "США", "1", "1");
	check("CA", "Canada", "Канада", "1", "1");
	check("AE", "United Arab Emirates", "Объединённые Арабские Эмираты", "971", "0");
	check("AD", "Andorra", "Андорра", "376", "");
	check("ZW", "Zimbabwe", "Зимбабве", "263", "0");
}

static void by_code(void **state)
{
	assert_string_equal(country_by_code("KZ")->code, "KZ");
	assert_string_equal(country_by_code("kz")->code, "KZ");
	assert_string_equal(country_by_code("rU")->code, "RU");
	assert_string_equal(country_by_code("ad")->code, "AD");
	assert_string_equal(country_by_code("ZW")->code, "ZW");
	assert_null(country_by_code("XK")); /* Kosovo: user-assigned, not ISO */
	assert_null(country_by_code("AA"));
	assert_null(country_by_code("ZZ"));
	assert_null(country_by_code("K"));
	assert_null(country_by_code("KAZ"));
	assert_null(country_by_code("K1"));
	assert_null(country_by_code(""));
	assert_null(country_by_code(NULL));
	assert_null(country_by_code("Казахстан"));
}

static void expect(const char *query, const char *code)
{
	const struct country *c = country_find(query);

	if (!c)
		fail_msg("\"%s\" finds nothing, expected %s", query, code);
	if (strcmp(c->code, code))
		fail_msg("\"%s\" finds %s, expected %s", query, c->code, code);
}

static void find_by_code_and_english(void **state)
{
	expect("KZ", "KZ");
	expect("kz", "KZ");
	expect(" de ", "DE");
	expect("Kazakhstan", "KZ");
	expect("kazakhstan", "KZ");
	expect("  KAZAKHSTAN\t", "KZ");
	expect("Russia", "RU");
	expect("Russian Federation", "RU");
	expect("russian federation", "RU");
	expect("United States of America", "US");
	expect("USA", "US");
	expect("UK", "GB");
	expect("Great Britain", "GB");
	expect("Türkiye", "TR");
	expect("TÜRKIYE", "TR");
	expect("Turkey", "TR");
	expect("Côte d'Ivoire", "CI");
	expect("CÔTE D’IVOIRE", "CI");
	expect("Cote d'Ivoire", "CI");
	expect("Ivory Coast", "CI");
	expect("åland islands", "AX");
	expect("Czech Republic", "CZ");
	expect("Kyrgyz Republic", "KG");
	expect("Congo", "CG");
	expect("DR Congo", "CD");
	expect("Korea, Republic of", "KR");
	expect("Viet Nam", "VN");
	expect("Holy See", "VA");
}

static void find_by_russian(void **state)
{
	expect("Казахстан", "KZ");
	expect("Россия", "RU");
	expect("Российская Федерация", "RU");
	expect("Кыргызстан", "KG");
	expect("Киргизия", "KG");
	expect("Узбекистан", "UZ");
	expect("Азербайджан", "AZ");
	expect("Беларусь", "BY");
	expect("Белоруссия", "BY");
	expect("Турция", "TR");
	expect("Германия", "DE");
	expect("Таджикистан", "TJ");
	expect("Туркмения", "TM");
	expect("КАЗАХСТАН", "KZ");
	expect("казахстан", "KZ");
	expect("кЫРГЫЗСТАН", "KG");
	expect("Объединенные Арабские Эмираты", "AE");
	expect("ОБЪЕДИНЁННЫЕ АРАБСКИЕ ЭМИРАТЫ", "AE");
	expect("ОАЭ", "AE");
	expect("Кот-д'Ивуар", "CI");
	expect("Соединённые Штаты Америки", "US");
	expect("ЮАР", "ZA");
	expect("Северная Корея", "KP");
	expect("Южная Корея", "KR");
}

static void find_nothing(void **state)
{
	assert_null(country_find(NULL));
	assert_null(country_find(""));
	assert_null(country_find("   "));
	assert_null(country_find("Atlantis"));
	assert_null(country_find("Kazakh"));
	assert_null(country_find("Kazakhstann"));
	assert_null(country_find("Казах"));
	assert_null(country_find("XK"));
	assert_null(country_find("\xff\xfe"));
	assert_null(country_find("Kazakhstan\xd0"));
}

int test_country(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_is_sorted_and_complete),
	    cmocka_unit_test(calling_codes_are_prefix_free),
	    cmocka_unit_test(every_name_finds_its_country),
	    cmocka_unit_test(data_of_the_region),
	    cmocka_unit_test(by_code),
	    cmocka_unit_test(find_by_code_and_english),
	    cmocka_unit_test(find_by_russian),
	    cmocka_unit_test(find_nothing),
	};
	return cmocka_run_group_tests_name("country", tests, NULL, NULL);
}
