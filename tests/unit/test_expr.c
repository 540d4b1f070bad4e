/* test_expr.c - the check-expression language: grammar, precedence,
 * three-valued semantics of unanswered tags, lists, overflow, and errors
 * that name their column. */
#include <string.h>

#include "test.h"
#include "core/alloc.h"
#include "model/expr.h"

/* Parse text, which must be valid. */
static struct expr *parse(const char *text)
{
	struct expr *x = NULL;
	struct err e;

	err_clear(&e);
	if (expr_parse(text, &x, &e))
		fail_msg("%s: %s", text, e.msg);
	return x;
}

/* The outcome of text over answers given as JSON text. */
static enum expr_outcome outcome(const char *text, const char *answers)
{
	struct expr *x = parse(text);
	json_t *a = json_loads(answers, 0, NULL);
	enum expr_outcome o;

	assert_non_null(a);
	o = expr_check(x, a);
	json_decref(a);
	expr_free(x);
	return o;
}

/* The error message of text, which must not parse. */
static void parse_error(const char *text, const char *message)
{
	struct expr *x = (struct expr *)1;
	struct err e;

	err_clear(&e);
	assert_int_equal(expr_parse(text, &x, &e), ST_INVALID);
	assert_null(x);
	if (!strstr(e.msg, message))
		fail_msg("%s: got \"%s\", wanted \"%s\"", text, e.msg, message);
}

static void test_arithmetic(void **state)
{
	assert_int_equal(outcome("1 + 2 * 3 == 7", "{}"), EXPR_PASS);
	assert_int_equal(outcome("(1 + 2) * 3 == 9", "{}"), EXPR_PASS);
	assert_int_equal(outcome("-2 * -3 == 6", "{}"), EXPR_PASS);
	assert_int_equal(outcome("10 - 3 - 2 == 5", "{}"), EXPR_PASS);
	assert_int_equal(outcome("7 / 2 == 3 and -7 / 2 == -3", "{}"), EXPR_PASS);
	assert_int_equal(
	    outcome("2 < 3 and 3 <= 3 and 4 > 3 and 4 >= 4 and 1 != 2", "{}"), EXPR_PASS);
	assert_int_equal(outcome("1 == 2", "{}"), EXPR_FAIL);
	assert_int_equal(
	    outcome("received == issued + cancelled",
	            "{\"received\": 500, \"issued\": 320, \"cancelled\": 180}"),
	    EXPR_PASS);
	assert_int_equal(
	    outcome("received == issued + cancelled",
	            "{\"received\": 500, \"issued\": 320, \"cancelled\": 170}"),
	    EXPR_FAIL);
	assert_int_equal(outcome("inbox <= issued", "{\"inbox\": 10, \"issued\": 9}"),
	                 EXPR_FAIL);
}

static void test_logic(void **state)
{
	const char *check = "B == 1 or C > 0";

	assert_int_equal(outcome(check, "{\"B\": 1, \"C\": 0}"), EXPR_PASS);
	assert_int_equal(outcome(check, "{\"B\": 0, \"C\": 2}"), EXPR_PASS);
	assert_int_equal(outcome(check, "{\"B\": 0, \"C\": 0}"), EXPR_FAIL);
	/* unknown or true is true; unknown or false is unknown */
	assert_int_equal(outcome(check, "{\"C\": 3}"), EXPR_PASS);
	assert_int_equal(outcome(check, "{\"C\": 0}"), EXPR_NA);
	/* unknown and false is false; unknown and true is unknown */
	assert_int_equal(outcome("A == 1 and B == 1", "{\"B\": 0}"), EXPR_FAIL);
	assert_int_equal(outcome("A == 1 and B == 1", "{\"B\": 1}"), EXPR_NA);
	assert_int_equal(outcome("not A", "{}"), EXPR_NA);
	assert_int_equal(outcome("not A", "{\"A\": 0}"), EXPR_PASS);
	assert_int_equal(outcome("A && !B || C == 2", "{\"A\": 1, \"B\": 0}"), EXPR_PASS);
	assert_int_equal(outcome("A == 1 AND B == 2 Or C", "{\"A\": 1, \"B\": 2}"),
	                 EXPR_PASS);
	assert_int_equal(outcome("not A == 1", "{\"A\": 2}"), EXPR_PASS);
	/* yes/no answers, true and false, count as 1 and 0 */
	assert_int_equal(outcome("A == 1 and B == 0", "{\"A\": true, \"B\": false}"),
	                 EXPR_PASS);
}

static void test_not_applicable(void **state)
{
	assert_int_equal(outcome("A == A", "{}"), EXPR_NA);
	assert_int_equal(outcome("A == B + C", "{\"A\": 1, \"B\": 1}"), EXPR_NA);
	assert_int_equal(outcome("A == B + C", "{\"A\": 1, \"B\": 1, \"C\": null}"),
	                 EXPR_NA);
	assert_int_equal(outcome("A == 1", "{\"A\": \"\"}"), EXPR_NA);
	assert_int_equal(outcome("A == 1", "{\"A\": \"some text\"}"), EXPR_NA);
	assert_int_equal(outcome("A == 1", "{\"A\": {\"x\": 1}}"), EXPR_NA);
	assert_int_equal(outcome("answered(A) == 0", "{}"), EXPR_PASS);
	assert_int_equal(outcome("answered(A, B, C) == 2", "{\"A\": 0, \"C\": \"x\"}"),
	                 EXPR_PASS);
	assert_int_equal(outcome("A == 1 or answered(B) > 0", "{\"A\": 0}"), EXPR_FAIL);
	/* not an object at all */
	{
		struct expr *x = parse("1 == 1");
		int64_t v = 7;
		assert_int_equal(expr_check(x, NULL), EXPR_PASS);
		assert_true(expr_eval(x, NULL, &v));
		assert_int_equal(v, 1);
		expr_free(x);
	}
	assert_string_equal(expr_outcome_str(EXPR_NA), "not applicable");
	assert_string_equal(expr_outcome_str(EXPR_PASS), "pass");
	assert_string_equal(expr_outcome_str(EXPR_FAIL), "fail");
}

static void test_lists(void **state)
{
	const char *seven =
	    "{\"P1\": 1, \"P2\": 2, \"P3\": 3, \"P4\": 4, \"P5\": 5, \"P6\": 6, "
	    "\"P7\": 7, \"AA\": 2, \"valid\": 30}";

	assert_int_equal(outcome("valid == sum(P1..P7) + AA", seven), EXPR_PASS);
	assert_int_equal(outcome("valid == sum(P1..P7, AA)", seven), EXPR_PASS);
	assert_int_equal(outcome("valid == sum(P1..P6)", seven), EXPR_FAIL);
	assert_int_equal(outcome("sum(P1, P3, P5..P7) == 1 + 3 + 5 + 6 + 7", seven),
	                 EXPR_PASS);
	assert_int_equal(outcome("valid == sum(P1..P8) + AA", seven), EXPR_NA);
	/* unbound: P* is every answered P<digits>, AA? is AA when answered */
	assert_int_equal(outcome("valid == sum(P*, AA?)", seven), EXPR_PASS);
	assert_int_equal(outcome("sum(P*, X?) == 28", seven), EXPR_PASS);
	assert_int_equal(outcome("sum(Q*) == 0", seven), EXPR_NA);
	assert_int_equal(outcome("answered(P*) == 7", seven), EXPR_PASS);
	assert_int_equal(outcome("answered(Q*) == 0", seven), EXPR_PASS);
	assert_int_equal(outcome("SUM(P1..P2) == 3", seven), EXPR_PASS);
}

static void test_binding(void **state)
{
	const char *tags[] = {"A", "J", "P1", "P2", "P3", "AA", "Z"};
	struct expr *x = parse("J == sum(P*, AA?)");
	json_t *a = json_pack("{s:i, s:i, s:i, s:i, s:i}", "J", 10, "P1", 3, "P2", 3,
	                      "P3", 2, "AA", 2);

	expr_bind(x, tags, 7);
	assert_int_equal(expr_check(x, a), EXPR_PASS);
	/* a bound line that is unanswered makes the check not applicable */
	json_object_del(a, "P3");
	assert_int_equal(expr_check(x, a), EXPR_NA);
	json_object_set_new(a, "P3", json_integer(2));
	/* an answer outside the bound tags does not count */
	json_object_set_new(a, "P9", json_integer(100));
	assert_int_equal(expr_check(x, a), EXPR_PASS);
	/* without AA in the form, AA? is nothing, even when answered */
	expr_bind(x, tags, 5);
	assert_int_equal(expr_check(x, a), EXPR_FAIL);
	json_object_set_new(a, "J", json_integer(8));
	assert_int_equal(expr_check(x, a), EXPR_PASS);
	/* no P line in the form at all: the sum is unknown */
	expr_bind(x, tags, 2);
	assert_int_equal(expr_check(x, a), EXPR_NA);
	json_decref(a);
	expr_free(x);
	assert_true(expr_prefix_matches("P", "P12"));
	assert_false(expr_prefix_matches("P", "P"));
	assert_false(expr_prefix_matches("P", "PA1"));
	assert_false(expr_prefix_matches("P", "p1"));
}

static void test_has_and_time(void **state)
{
	assert_int_equal(outcome("has(A, 3)", "{\"A\": [1, 3]}"), EXPR_PASS);
	assert_int_equal(outcome("has(A, 2)", "{\"A\": [1, 3]}"), EXPR_FAIL);
	assert_int_equal(outcome("has(A, 2)", "{\"A\": 2}"), EXPR_PASS);
	assert_int_equal(outcome("has(A, -2)", "{\"A\": -2}"), EXPR_PASS);
	assert_int_equal(outcome("has(A, 2)", "{}"), EXPR_NA);
	assert_int_equal(outcome("A == 2", "{\"A\": [1, 3]}"), EXPR_PASS);
	assert_int_equal(outcome("T >= 8 * 60 and T < 9 * 60", "{\"T\": \"08:15\"}"),
	                 EXPR_PASS);
	assert_int_equal(outcome("T == 7 * 60 + 5", "{\"T\": \"7:05\"}"), EXPR_PASS);
	assert_int_equal(outcome("T > 0", "{\"T\": \"25:00\"}"), EXPR_NA);
}

static void test_overflow(void **state)
{
	assert_int_equal(outcome("9223372036854775807 + 1 > 0", "{}"), EXPR_NA);
	assert_int_equal(outcome("-9223372036854775807 - 2 < 0", "{}"), EXPR_NA);
	assert_int_equal(outcome("A * A > 0", "{\"A\": 9223372036854775807}"), EXPR_NA);
	assert_int_equal(outcome("(-9223372036854775807 - 1) / -1 > 0", "{}"), EXPR_NA);
	assert_int_equal(outcome("-(-9223372036854775807 - 1) > 0", "{}"), EXPR_NA);
	assert_int_equal(outcome("A / B == 1", "{\"A\": 1, \"B\": 0}"), EXPR_NA);
	assert_int_equal(outcome("A / B == 1 or 1 == 1", "{\"A\": 1, \"B\": 0}"),
	                 EXPR_PASS);
	assert_int_equal(
	    outcome("sum(A, B) > 0",
	            "{\"A\": 9223372036854775807, \"B\": 9223372036854775807}"),
	    EXPR_NA);
	assert_int_equal(outcome("-9223372036854775807 - 1 < 0", "{}"), EXPR_PASS);
}

static void test_errors(void **state)
{
	char deep[300], notnot[400], minus[200], *long_text;

	parse_error("", "column 1: expected an expression, found the end");
	parse_error("A ==",
	            "column 5: expected a number, a tag, a function or \"(\", found "
	            "the end of the expression");
	parse_error("A = B", "column 3: \"=\" is not an operator: write \"==\"");
	parse_error("A == (B + 1", "column 12: expected \")\", found the end");
	parse_error("A B", "column 3: expected an operator or the end of the expression, "
	                   "found \"B\"");
	parse_error("foo(A) == 1", "column 1: unknown function \"foo\"");
	parse_error("A < B < C", "column 7: comparisons cannot be chained");
	parse_error("sum() == 1", "column 5: expected a tag, found \")\"");
	parse_error("sum(P1..Q3) == 1",
	            "column 5: range P1..Q3: both ends must have the same "
	            "prefix");
	parse_error("sum(P7..P1) == 1", "range P7..P1 goes backwards");
	parse_error("sum(P1..P5000) == 1", "has more than 1000 tags");
	parse_error("sum(PA..PB) == 1", "must end in a number");
	parse_error("sum(P1*) == 1", "a prefix must end in a letter");
	parse_error("sum(A + B) == 1", "column 7: expected \",\" or \")\", found \"+\"");
	parse_error("has(A) == 1", "column 6: expected \",\"");
	parse_error("99999999999999999999 > 1", "column 1: number too large");
	parse_error("1P == 1", "column 2: a number cannot run into a letter");
	parse_error("A & B", "column 3: \"&\" is not an operator");
	parse_error("A | B", "column 3: \"|\" is not an operator");
	parse_error("A . B", "column 3: \".\" is not allowed here");
	/* columns count characters, not bytes */
	parse_error("\"Б\" == Б", "column 1: unexpected character \"\"\"");
	parse_error("A == Б",
	            "column 6: unexpected character \"Б\" (tags and operators are "
	            "ASCII)");
	parse_error("A == 1 + Ж + Б", "column 10:");
	parse_error("A == \x01", "column 6: unexpected control character 0x01");
	parse_error("A == \xff", "column 6: unexpected byte 0xFF (not UTF-8)");
	parse_error("A == \xd0", "column 6: unexpected byte 0xD0 (not UTF-8)");
	parse_error("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ == 1", "tag longer than 32");
	parse_error("A + not B",
	            "column 5: expected a number, a tag, a function or \"(\", "
	            "found \"not\"");

	/* nesting is limited whatever the form of it */
	memset(deep, '(', 100);
	memcpy(deep + 100, "A", 2);
	parse_error(deep, "nested too deeply");
	notnot[0] = '\0';
	for (int i = 0; i < 60; i++)
		memcpy(notnot + 4 * i, "not ", 5);
	memcpy(notnot + 240, "A", 2);
	parse_error(notnot, "nested too deeply");
	memset(minus, '-', 100);
	memcpy(minus + 100, "1", 2);
	parse_error(minus, "nested too deeply");
	long_text = xmalloc(EXPR_MAX_LEN + 10);
	memset(long_text, ' ', EXPR_MAX_LEN + 5);
	memcpy(long_text + EXPR_MAX_LEN + 5, "1", 2);
	parse_error(long_text, "longer than 2000 characters");
	free(long_text);
}

static void test_tags(void **state)
{
	struct expr *x =
	    parse("J == sum(P*, AA?, B1..B3) + answered(T) + X + X + has(S, 2)");
	size_t n;
	const struct expr_tag *t = expr_tags(x, &n);

	assert_string_equal(
	    expr_text(x), "J == sum(P*, AA?, B1..B3) + answered(T) + X + X + has(S, 2)");
	assert_int_equal(n, 9);
	assert_string_equal(t[0].name, "J");
	assert_int_equal(t[0].kind, EXPR_TAG);
	assert_int_equal(t[0].column, 1);
	assert_string_equal(t[1].name, "P");
	assert_int_equal(t[1].kind, EXPR_TAG_PREFIX);
	assert_int_equal(t[1].column, 10);
	assert_string_equal(t[2].name, "AA");
	assert_int_equal(t[2].kind, EXPR_TAG_OPTIONAL);
	assert_string_equal(t[3].name, "B1");
	assert_string_equal(t[5].name, "B3");
	assert_int_equal(t[5].column, 19); /* a range's tags: the column of the range */
	assert_string_equal(t[6].name, "T");
	assert_false(t[6].value_used);
	assert_true(t[0].value_used);
	assert_string_equal(t[7].name, "X");
	assert_string_equal(t[8].name, "S");
	expr_free(x);
	expr_free(NULL);
}

int test_expr(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arithmetic),     cmocka_unit_test(test_logic),
	    cmocka_unit_test(test_not_applicable), cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_binding),        cmocka_unit_test(test_has_and_time),
	    cmocka_unit_test(test_overflow),       cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_tags),
	};
	return cmocka_run_group_tests_name("expr", tests, NULL, NULL);
}
