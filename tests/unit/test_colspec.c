/* test_colspec.c - columns named on the command line against a header of
 * Russian protocol lines (texts with commas and dashes), by text, number,
 * range and list; and CSV files read by name, gzip-compressed or not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "test.h"
#include "ingest/colspec.h"
#include "ingest/csv.h"
#include "ingest/csv_file.h"

static const char *const header[] = {
    "region",
    "tik",
    "uik",
    "Число избирателей, включенных в список",
    "Число недействительных бюллетеней",
    "Бабурин Сергей Николаевич",
    "Грудинин Павел Николаевич",
    "Path-with-dash",
    "Region",
};
#define N (sizeof(header) / sizeof(header[0]))

static void test_one(void **state)
{
	size_t c;
	struct err e;

	(void)state;
	assert_int_equal(colspec_one(header, N, "uik", &c, &e), ST_OK);
	assert_int_equal(c, 2);
	assert_int_equal(
	    colspec_one(header, N, " Число избирателей, включенных в список ", &c, &e),
	    ST_OK);
	assert_int_equal(c, 3);
	assert_int_equal(colspec_one(header, N, "4", &c, &e), ST_OK);
	assert_int_equal(c, 3);
	assert_int_equal(colspec_one(header, N, "TIK", &c, &e), ST_OK); /* one match */
	assert_int_equal(c, 1);
	assert_int_equal(colspec_one(header, N, "region", &c, &e), ST_OK); /* exact */
	assert_int_equal(c, 0);
	assert_int_equal(colspec_one(header, N, "REGION", &c, &e), ST_INVALID); /* two */
	assert_int_equal(colspec_one(header, N, "10", &c, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "from 1 to 9"));
	assert_int_equal(colspec_one(header, N, "0", &c, &e), ST_INVALID);
	assert_int_equal(colspec_one(header, N, "", &c, &e), ST_INVALID);
}

static void test_ranges(void **state)
{
	size_t *cols = NULL, n = 0;
	struct err e;

	(void)state;
	assert_int_equal(colspec_range(header, N, "6-7", &cols, &n, &e), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(cols[0], 5);
	assert_int_equal(cols[1], 6);
	free(cols);
	assert_int_equal(
	    colspec_range(header, N,
	                  "Бабурин Сергей Николаевич-Грудинин Павел Николаевич", &cols,
	                  &n, &e),
	    ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(cols[0], 5);
	free(cols);
	/* a name with a dash is one column */
	assert_int_equal(colspec_range(header, N, "Path-with-dash", &cols, &n, &e),
	                 ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cols[0], 7);
	free(cols);
	assert_int_equal(colspec_range(header, N, "7-6", &cols, &n, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "ends before it starts"));
	assert_null(cols);
	assert_int_equal(colspec_range(header, N, "6-99", &cols, &n, &e), ST_INVALID);
	/* a list: commas inside a header text stay one column */
	assert_int_equal(colspec_list(header, N, "1,3,6-7", &cols, &n, &e), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(cols[1], 2);
	assert_int_equal(cols[3], 6);
	free(cols);
	assert_int_equal(colspec_list(header, N, "Число избирателей, включенных в список",
	                              &cols, &n, &e),
	                 ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cols[0], 3);
	free(cols);
	assert_int_equal(colspec_list(header, N, "1,,2", &cols, &n, &e), ST_INVALID);
}

static void test_files(void **state)
{
	char plain[] = "/tmp/observa-colspec-XXXXXX";
	char gz[64];
	const char text[] = "a,b\n1,\"x\ny\"\n";
	struct csv_reader r;
	struct err e;
	FILE *fp;
	gzFile g;
	int fd;

	(void)state;
	fd = mkstemp(plain);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	snprintf(gz, sizeof(gz), "%s.gz", plain);
	g = gzopen(gz, "wb");
	gzwrite(g, text, sizeof(text) - 1);
	gzclose(g);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(csv_file_open(k ? gz : plain, &fp, &e), ST_OK);
		csv_open_file(&r, fp);
		assert_int_equal(csv_next(&r, &e), ST_OK);
		assert_int_equal(r.nfields, 2);
		assert_int_equal(csv_next(&r, &e), ST_OK);
		assert_string_equal(r.fields[1], "x\ny");
		assert_int_equal(csv_next(&r, &e), ST_OK);
		assert_int_equal(r.nfields, 0);
		csv_close(&r);
		csv_file_close(fp);
	}
	assert_int_equal(csv_file_open("/nonexistent/x.csv.gz", &fp, &e), ST_IO);
	assert_non_null(strstr(e.msg, "/nonexistent/x.csv.gz"));
	assert_int_equal(csv_file_open("/nonexistent/x.csv", &fp, &e), ST_IO);
	assert_int_equal(csv_file_open("-", &fp, &e), ST_OK);
	assert_ptr_equal(fp, stdin);
	csv_file_close(fp);
	unlink(plain);
	unlink(gz);
}

int test_colspec(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one),
	    cmocka_unit_test(test_ranges),
	    cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests_name("colspec", tests, NULL, NULL);
}
