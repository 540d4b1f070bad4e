/* test_registry.c - the rules of the registry model: missions, locations,
 * observers and accreditation, and the figures computed from them. */
#include <string.h>

#include "test.h"
#include "analysis/accreditation.h"
#include "core/text.h"
#include "model/location.h"
#include "model/mission.h"
#include "model/observer.h"

static void test_dates(void **state)
{
	assert_true(text_is_date("2023-03-19"));
	assert_true(text_is_date("2024-02-29"));
	assert_false(text_is_date("2023-02-29"));
	assert_false(text_is_date("2023-13-01"));
	assert_false(text_is_date("2023-3-19"));
	assert_false(text_is_date("19.03.2023"));
}

static void test_mission_rules(void **state)
{
	struct mission m = {.code = "kz-2023",
	                    .name = "Early Mazhilis election",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ",
	                    .long_term_start = "2023-02-20",
	                    .long_term_end = "2023-03-18"};
	struct err e;

	assert_int_equal(mission_validate(&m, &e), ST_OK);
	assert_string_equal(election_type_canonical("Mazhilis"), "parliament");
	assert_string_equal(election_type_canonical("maslikhat"), "local");
	assert_null(election_type_canonical("coronation"));
	m.code = "KZ 2023";
	assert_int_equal(mission_validate(&m, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "KZ 2023"));
	m.code = "kz-2023";
	m.long_term_end = "2023-01-01";
	assert_int_equal(mission_validate(&m, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "long-term phase ends"));
	m.long_term_end = NULL;
	m.country = "XX";
	assert_int_equal(mission_validate(&m, &e), ST_INVALID);
}

static void test_location_rules(void **state)
{
	struct location l = {.code = "15-0123",
	                     .name = "Школа №5",
	                     .level = "station",
	                     .parent = "15",
	                     .registered_voters = 1840};
	struct err e;

	assert_int_equal(location_validate(&l, &e), ST_OK);
	assert_string_equal(location_level_canonical("Polling station"), "station");
	l.level = "region";
	assert_int_equal(location_validate(&l, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "registered_voters"));
	l.level = "station";
	l.has_coords = true;
	l.latitude = 91;
	assert_int_equal(location_validate(&l, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "latitude"));
	l.has_coords = false;
	l.code = "a/b";
	assert_int_equal(location_validate(&l, &e), ST_INVALID);
	assert_true(registry_code_valid("УИК №592"));
	assert_false(registry_code_valid(" x"));
}

static void test_observer_rules(void **state)
{
	struct observer o = {.code = "OBS-1",
	                     .full_name = "Nurlan Abenov",
	                     .role = "sto",
	                     .country = "KZ",
	                     .email = "n.abenov@example.org",
	                     .languages = "kk;ru;en",
	                     .accreditation_status = "pending"};
	struct err e;

	assert_int_equal(observer_validate(&o, &e), ST_OK);
	assert_string_equal(observer_role_canonical("Long-term observer"), "long_term");
	assert_string_equal(accreditation_status_canonical("Pending"), "requested");
	o.email = "not-an-address";
	assert_int_equal(observer_validate(&o, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "email"));
	o.email = NULL;
	o.languages = "english";
	assert_int_equal(observer_validate(&o, &e), ST_INVALID);
	o.languages = NULL;
	o.accreditation_status = "requested";
	o.badge_number = "CEC-7";
	assert_int_equal(observer_validate(&o, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "badge"));
}

static void test_accreditation_transitions(void **state)
{
	assert_true(accreditation_transition_ok("requested", "accredited"));
	assert_true(accreditation_transition_ok("requested", "refused"));
	assert_true(accreditation_transition_ok("accredited", "withdrawn"));
	assert_false(accreditation_transition_ok("accredited", "refused"));
	assert_false(accreditation_transition_ok("refused", "accredited"));
	assert_true(accreditation_transition_ok("refused", "requested"));
}

static void add(struct accreditation *acc, const char *status, const char *org,
                const char *country, int64_t n)
{
	struct observer_tally_row r = {status, org, country, n};
	accreditation_add_row(acc, &r);
}

static void test_accreditation_figures(void **state)
{
	struct accreditation acc;

	accreditation_init(&acc);
	add(&acc, "accredited", "CIS IPA", "RU", 500);
	add(&acc, "accredited", "OSCE/ODIHR", "DE", 112);
	add(&acc, "requested", "OSCE/ODIHR", "FR", 180);
	add(&acc, "requested", NULL, NULL, 1);
	accreditation_finish(&acc);
	assert_int_equal(acc.total, 793);
	assert_int_equal(acc.organisations, 2);
	assert_int_equal(acc.countries_count, 3);
	assert_string_equal(acc.summary,
	                    "793 observers from 2 organisations and 3 countries; "
	                    "612 accredited, 181 pending");
	assert_string_equal(
	    acc.summary_ru,
	    "793 наблюдателя от 2 организаций и 3 стран; аккредитовано 612, "
	    "ожидают аккредитации 181");
	/* Largest group first, the group without a name last. */
	assert_string_equal(acc.orgs[0].key, "CIS IPA");
	assert_null(acc.orgs[2].key);
	assert_int_equal(acc.orgs[1].by_status[ACC_REQUESTED], 180);
	accreditation_release(&acc);

	accreditation_init(&acc);
	add(&acc, "refused", "TurkPA", "TR", 1);
	accreditation_finish(&acc);
	assert_string_equal(acc.summary, "1 observer from 1 organisation and 1 country; "
	                                 "0 accredited, 0 pending, 1 refused");
	assert_string_equal(acc.summary_ru,
	                    "1 наблюдатель от 1 организации и 1 страны; "
	                    "аккредитовано 0, ожидают аккредитации 0, отказано 1");
	accreditation_release(&acc);
}

int test_registry(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_mission_rules),
	    cmocka_unit_test(test_location_rules),
	    cmocka_unit_test(test_observer_rules),
	    cmocka_unit_test(test_accreditation_transitions),
	    cmocka_unit_test(test_accreditation_figures),
	};
	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
