/* test_results_csv.c - station results read from small CSV files: header
 * cells with line breaks, columns by text, number, range and list (lists
 * added up), ids, gzip; and every error with its line, column and header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "test.h"
#include "ingest/results_csv.h"

/* A temporary file holding text; its name in path (removed by the caller). */
static void write_tmp(char *path, size_t n, const char *text, int gz)
{
	snprintf(path, n, "/tmp/observa-results-%d-XXXXXX%s", (int)getpid(),
	         gz ? ".gz" : ".csv");
	int fd = mkstemps(path, gz ? 3 : 4);

	assert_true(fd >= 0);
	close(fd);
	if (gz) {
		gzFile g = gzopen(path, "wb");
		assert_non_null(g);
		assert_int_equal(gzwrite(g, text, (unsigned)strlen(text)),
		                 (int)strlen(text));
		gzclose(g);
	} else {
		FILE *fp = fopen(path, "wb");
		assert_non_null(fp);
		fputs(text, fp);
		fclose(fp);
	}
}

/* What a read hands over, kept for the checks. */
struct seen {
	int n;
	long line[8];
	char id[8][64];
	int64_t reg[8], bal[8], valid[8], invalid[8], votes[8][4];
	int stop_at; /* fail on this station (1-based), 0 never */
};

static enum status keep(void *ctx, const struct station_result *s, struct err *e)
{
	struct seen *w = ctx;
	int i = w->n++;

	if (w->stop_at && w->n == w->stop_at)
		return err_set(e, ST_CONFLICT, "stopped at %s", s->id);
	if (i >= 8)
		return ST_OK;
	w->line[i] = s->line;
	snprintf(w->id[i], sizeof(w->id[i]), "%s", s->id);
	w->reg[i] = s->registered;
	w->bal[i] = s->ballots;
	w->valid[i] = s->valid;
	w->invalid[i] = s->invalid;
	for (size_t k = 0; k < s->nchoices && k < 4; k++)
		w->votes[i][k] = s->votes[k];
	return ST_OK;
}

/* Read text with cols; the status, with e and w filled. */
static enum status read_text(const char *text, int gz, const struct results_columns *c,
                             struct seen *w, struct err *e)
{
	char path[128];
	struct results_csv r;
	enum status rc;

	write_tmp(path, sizeof(path), text, gz);
	err_clear(e);
	rc = results_csv_open(&r, path, c, e);
	if (!rc) {
		rc = results_csv_each(&r, keep, w, e);
		results_csv_close(&r);
	}
	unlink(path);
	return rc;
}

static const char russian[] =
    "region,tik,uik,\"Число избирателей,\nвключенных в список\",в ящиках,"
    "в переносных,недейств,действ,Иванов,Петров,url\n"
    "Область,1 Адыгейская,1,1000,600,20,5,615,400,215,http://a\n"
    "Область,1 Адыгейская,\"2\",200,100,0,0,100,60,40,http://b\r\n";

static const struct results_columns russian_cols = {
    .registered = "Число избирателей, включенных в список",
    .valid = "действ",
    .invalid = "7",
    .choices = "Иванов-Петров",
    .ballots = "5,6",
    .id = "1-3",
};

static void test_reads(void **state)
{
	struct seen w = {0};
	struct err e;

	(void)state;
	assert_int_equal(read_text(russian, 0, &russian_cols, &w, &e), ST_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.line[0], 3); /* the header spans lines 1 and 2 */
	assert_int_equal(w.line[1], 4);
	assert_string_equal(w.id[0], "Область / 1 Адыгейская / 1");
	assert_int_equal(w.reg[0], 1000);
	assert_int_equal(w.bal[0], 620); /* 600 + 20 */
	assert_int_equal(w.valid[0], 615);
	assert_int_equal(w.invalid[0], 5);
	assert_int_equal(w.votes[0][0], 400);
	assert_int_equal(w.votes[0][1], 215);
	assert_int_equal(w.reg[1], 200);
	assert_int_equal(w.bal[1], 100);
	assert_int_equal(w.votes[1][1], 40);
}

static void test_gzip_and_defaults(void **state)
{
	struct results_columns c = {
	    .registered = "4", .valid = "8", .invalid = "7", .choices = "9-10"};
	struct seen w = {0};
	struct err e;
	char path[128];
	struct results_csv r;

	(void)state;
	assert_int_equal(read_text(russian, 1, &c, &w, &e), ST_OK);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.id[0], "line 3"); /* no --id */
	assert_int_equal(w.bal[0], -1);         /* no --ballots */
	assert_int_equal(w.valid[1], 100);

	/* the choices' names, line breaks as spaces */
	write_tmp(path, sizeof(path), russian, 0);
	c.choices = "4,9";
	assert_int_equal(results_csv_open(&r, path, &c, &e), ST_OK);
	assert_int_equal(r.nchoices, 2);
	assert_string_equal(r.choice_names[0], "Число избирателей, включенных в список");
	assert_string_equal(r.choice_names[1], "Иванов");
	assert_false(r.has_ballots);
	results_csv_close(&r);
	results_csv_close(&r); /* twice is harmless */
	unlink(path);
}

static void test_choice_lookup(void **state)
{
	struct results_columns c = {
	    .registered = "4", .valid = "8", .invalid = "7", .choices = "9-10"};
	struct results_csv r;
	struct err e;
	char path[128];
	size_t i = 99;

	(void)state;
	write_tmp(path, sizeof(path), russian, 0);
	assert_int_equal(results_csv_open(&r, path, &c, &e), ST_OK);
	assert_int_equal(results_csv_choice(&r, "Петров", &i, &e), ST_OK);
	assert_int_equal(i, 1);
	assert_int_equal(results_csv_choice(&r, "Иван", &i, &e), ST_OK); /* a part */
	assert_int_equal(i, 0);
	assert_int_equal(results_csv_choice(&r, "10", &i, &e), ST_OK); /* column 10 */
	assert_int_equal(i, 1);
	assert_int_equal(results_csv_choice(&r, "ов", &i, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "more than one"));
	assert_int_equal(results_csv_choice(&r, "Сидоров", &i, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "none"));
	assert_int_equal(results_csv_choice(&r, "4", &i, &e),
	                 ST_INVALID); /* not a choice */
	results_csv_close(&r);
	unlink(path);
}

/* read_text must fail with code and a message holding each of want. */
static void expect_error(const char *text, const struct results_columns *c,
                         enum status code, const char *want1, const char *want2)
{
	struct seen w = {0};
	struct err e;

	assert_int_equal(read_text(text, 0, c, &w, &e), code);
	if (!strstr(e.msg, want1) || (want2 && !strstr(e.msg, want2)))
		fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", e.msg, want1,
		         want2 ? want2 : "");
}

static const struct results_columns simple = {
    .registered = "reg", .valid = "valid", .invalid = "invalid", .choices = "A-B"};

static void test_errors(void **state)
{
	struct results_columns c = simple;

	(void)state;
	expect_error("id,reg,invalid,valid,A,B\n1,100,1,12a,5,7\n", &simple, ST_INVALID,
	             "line 2, column 4 (valid)", "\"12a\" is not a whole number");
	expect_error("id,reg,invalid,valid,A,B\n1,100,1,12,5,7\n2,100,1,12,5,\n", &simple,
	             ST_INVALID, "line 3, column 6 (B)", "the cell is empty");
	expect_error("id,reg,invalid,valid,A,B\n1,100,-1,12,5,7\n", &simple, ST_INVALID,
	             "line 2, column 3 (invalid)", "is negative");
	expect_error("id,reg,invalid,valid,A,B\n1,100,1.5,12,5,7\n", &simple, ST_INVALID,
	             "column 3 (invalid)", "\"1.5\" is not a whole number");
	expect_error("id,reg,invalid,valid,A,B\n1,10000000000000,1,12,5,7\n", &simple,
	             ST_INVALID, "column 2 (reg)", "above 10^12");
	/* ragged rows, short and long */
	expect_error("id,reg,invalid,valid,A,B\n1,100,1,12,5,7\n2,100,1,12,5\n", &simple,
	             ST_INVALID, "line 3: 5 fields, the header has 6", NULL);
	expect_error("id,reg,invalid,valid,A,B\n1,100,1,12,5,7,8\n", &simple, ST_INVALID,
	             "line 2: 7 fields, the header has 6", NULL);
	/* empty file, header only */
	expect_error("", &simple, ST_INVALID, "the file is empty", NULL);
	expect_error("id,reg,invalid,valid,A,B\n", &simple, ST_INVALID,
	             "no station after the header", NULL);
	/* missing column, range backwards */
	c.valid = "valide";
	expect_error("id,reg,invalid,valid,A,B\n1,100,1,12,5,7\n", &c, ST_INVALID,
	             "--valid: column", "\"valide\"");
	c = simple;
	c.choices = "B-A";
	expect_error("id,reg,invalid,valid,A,B\n1,100,1,12,5,7\n", &c, ST_INVALID,
	             "--choices: ", "the range ends before it starts");
	c = simple;
	c.registered = "9";
	expect_error("id,reg,invalid,valid,A,B\n1,100,1,12,5,7\n", &c, ST_INVALID,
	             "--registered: ", "from 1 to 6");
	/* broken CSV keeps the reader's position */
	expect_error("id,reg,invalid,valid,A,B\n1,100,1,12,5,\"7\n", &simple, ST_INVALID,
	             "line 2, column", "never closed");
}

static void test_io_and_stop(void **state)
{
	struct results_csv r;
	struct seen w = {.stop_at = 2};
	struct err e;

	(void)state;
	assert_int_equal(results_csv_open(&r, "/nonexistent/results.csv", &simple, &e),
	                 ST_IO);
	assert_non_null(strstr(e.msg, "/nonexistent/results.csv"));
	/* the callback's failure stops the reading and is returned */
	assert_int_equal(read_text("id,reg,invalid,valid,A,B\n1,9,1,2,1,1\n2,9,1,2,1,1\n"
	                           "3,9,1,2,1,1\n",
	                           0, &simple, &w, &e),
	                 ST_CONFLICT);
	assert_string_equal(e.msg, "stopped at line 3");
	assert_int_equal(w.n, 2);
}

/* Many stations in flat memory: the reader keeps one row at a time. */
static void test_many_rows(void **state)
{
	char path[128];
	struct seen w = {0};
	struct results_csv r;
	struct err e;
	FILE *fp;

	(void)state;
	write_tmp(path, sizeof(path), "id,reg,invalid,valid,A,B\n", 0);
	fp = fopen(path, "ab");
	for (int i = 0; i < 20000; i++)
		fprintf(fp, "%d,%d,%d,%d,%d,%d\n", i, 1000 + i, i % 7, 500, 300, 200);
	fclose(fp);
	assert_int_equal(results_csv_open(&r, path, &simple, &e), ST_OK);
	assert_int_equal(results_csv_each(&r, keep, &w, &e), ST_OK);
	assert_int_equal(w.n, 20000);
	assert_int_equal(r.stations, 20000);
	assert_true(results_csv_bytes(&r) > 20000 * 20);
	results_csv_close(&r);
	unlink(path);
}

int test_results_csv(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads),
	    cmocka_unit_test(test_gzip_and_defaults),
	    cmocka_unit_test(test_choice_lookup),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_io_and_stop),
	    cmocka_unit_test(test_many_rows),
	};
	return cmocka_run_group_tests_name("results_csv", tests, NULL, NULL);
}
