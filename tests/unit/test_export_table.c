/* test_export_table.c - the cell writer of exports (export_table.h): CSV
 * quoting, numbers bare, CRLF and the byte order mark; JSON escaping of
 * keys and texts, null for empty cells, the array and JSON Lines; HTML
 * escaping; bytes that are not UTF-8 replaced in every format. */
#include <stdlib.h>
#include <string.h>

#include "report/export_table.h"
#include "test.h"

static const char *const cols3[] = {"a", "b \"q\"", "c"};

static char *table_text(enum export_format f, bool bom)
{
	struct buf out;
	struct export_table t;

	buf_init(&out, BUF_NO_CAP);
	export_table_init(&t, f, cols3, 3);
	t.out = &out;
	t.bom = bom;
	export_table_begin(&t);
	export_table_text(&t, "plain");
	export_table_int(&t, -42);
	export_table_text(&t, "a,b \"c\"\r\nd");
	export_table_row_end(&t);
	export_table_null(&t);
	export_table_real(&t, 53.2);
	export_table_text(&t, "Жанна\x01 \xff<&>'\\");
	export_table_row_end(&t);
	export_table_finish(&t);
	assert_int_equal(t.rc, ST_OK);
	assert_int_equal(t.rows, 2);
	return buf_detach(&out, NULL);
}

static void test_csv_quoting(void **state)
{
	char *s = table_text(EXPORT_CSV, false);

	(void)state;
	/* Quoted only when needed, quotes doubled, numbers bare, CRLF, a
	 * byte that is not UTF-8 replaced, anything else as it is. */
	assert_string_equal(s, "a,\"b \"\"q\"\"\",c\r\n"
	                       "plain,-42,\"a,b \"\"c\"\"\r\nd\"\r\n"
	                       ",53.2,Жанна\x01 \xef\xbf\xbd<&>'\\\r\n");
	free(s);
	s = table_text(EXPORT_CSV, true);
	assert_memory_equal(s,
	                    "\xef\xbb\xbf"
	                    "a,",
	                    5);
	free(s);
}

static void test_json_escaping(void **state)
{
	char *s = table_text(EXPORT_JSON, false);

	(void)state;
	assert_string_equal(
	    s,
	    "[\n{\"a\":\"plain\",\"b \\\"q\\\"\":-42,\"c\":\"a,b \\\"c\\\"\\r\\nd\"},\n"
	    "{\"a\":null,\"b \\\"q\\\"\":53.2,"
	    "\"c\":\"Жанна\\u0001 \xef\xbf\xbd<&>'\\\\\"}\n]\n");
	free(s);
	s = table_text(EXPORT_JSONL, false);
	assert_string_equal(s, "{\"a\":\"plain\",\"b \\\"q\\\"\":-42,"
	                       "\"c\":\"a,b \\\"c\\\"\\r\\nd\"}\n"
	                       "{\"a\":null,\"b \\\"q\\\"\":53.2,"
	                       "\"c\":\"Жанна\\u0001 \xef\xbf\xbd<&>'\\\\\"}\n");
	free(s);
}

static void test_html_escaping(void **state)
{
	char *s = table_text(EXPORT_HTML, false);

	(void)state;
	assert_non_null(strstr(s, "<th>b &quot;q&quot;</th>"));
	assert_non_null(strstr(s, "<tr><td>plain</td><td class=\"n\">-42</td>"));
	assert_non_null(
	    strstr(s, "<td>Жанна\x01 \xef\xbf\xbd&lt;&amp;&gt;&#39;\\</td></tr>"));
	assert_non_null(strstr(s, "</tbody>\n</table>\n"));
	free(s);
}

static void test_empty_json(void **state)
{
	struct buf out;
	struct export_table t;

	(void)state;
	buf_init(&out, BUF_NO_CAP);
	export_table_init(&t, EXPORT_JSON, cols3, 3);
	t.out = &out;
	export_table_begin(&t);
	export_table_finish(&t);
	assert_string_equal(out.ptr, "[]\n");
	buf_release(&out);
}

int test_export_table(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_quoting),
	    cmocka_unit_test(test_json_escaping),
	    cmocka_unit_test(test_html_escaping),
	    cmocka_unit_test(test_empty_json),
	};

	return cmocka_run_group_tests_name("export_table", tests, NULL, NULL);
}
