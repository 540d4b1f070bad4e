/* test_votes_csv.c - VOTES.csv read into result rows: every column, kinds
 * and orders, each kind of bad input refused with its line and column, and
 * thousands of damaged copies of a good file that must each be read or
 * refused cleanly, never half read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "core/text.h"
#include "ingest/votes_csv.h"

/* Read text; returns the status, with the table or the error filled. */
static enum status read_text(const char *text, size_t len, struct votes_table *t,
                             struct err *e)
{
	struct csv_reader r;
	enum status rc;

	err_clear(e);
	csv_open_mem(&r, text, len);
	rc = votes_csv_read(&r, t, e);
	csv_close(&r);
	return rc;
}

/* text must be refused with a message that contains want. */
static void refused(const char *text, const char *want)
{
	struct votes_table t;
	struct err e;
	enum status rc = read_text(text, strlen(text), &t, &e);

	if (rc == ST_OK || !strstr(e.msg, want))
		fail_msg("for %s: got \"%s\", wanted \"%s\"", text, e.msg, want);
	assert_int_equal(t.nrows, 0);
	assert_null(t.rows);
	votes_table_release(&t);
}

static void test_good(void **state)
{
	static const char text[] = "\xEF\xBB\xBF"
	                           "Name , VOTES,Kind,order\r\n"
	                           "\"Nur Otan\",5148074,list,1\r\n"
	                           "\"Ak Zhol, party\",792828,,2\r\n"
	                           "Народная партия,659019,Party,\r\n"
	                           "\r\n"
	                           "Против всех,0,against-all,\r\n"
	                           "Недействительные, 297718 ,INVALID,\r\n";
	struct votes_table t;
	struct err e;

	(void)state;
	assert_int_equal(read_text(text, sizeof(text) - 1, &t, &e), ST_OK);
	assert_int_equal(t.nrows, 5);
	assert_string_equal(t.rows[0].name, "Nur Otan");
	assert_int_equal(t.rows[0].votes, 5148074);
	assert_int_equal(t.rows[0].kind, VOTE_LIST);
	assert_int_equal(t.rows[0].order, 1);
	assert_string_equal(t.rows[1].name, "Ak Zhol, party");
	assert_int_equal(t.rows[1].kind, VOTE_LIST); /* empty kind: a list */
	assert_int_equal(t.rows[2].order, VOTES_NO_ORDER);
	assert_int_equal(t.rows[2].kind, VOTE_LIST);
	assert_int_equal(t.rows[3].kind, VOTE_AGAINST_ALL);
	assert_int_equal(t.rows[3].votes, 0);
	assert_int_equal(t.rows[4].kind, VOTE_INVALID);
	assert_int_equal(t.rows[4].votes, 297718); /* trimmed */
	assert_int_equal(t.lines[0], 2);
	assert_int_equal(t.lines[3], 6); /* the blank line is skipped */
	votes_table_release(&t);
	/* two columns are enough */
	assert_int_equal(read_text("name,votes\nA,1\n", 15, &t, &e), ST_OK);
	assert_int_equal(t.nrows, 1);
	assert_int_equal(t.rows[0].kind, VOTE_LIST);
	votes_table_release(&t);
}

static void test_refused(void **state)
{
	(void)state;
	refused("", "the file is empty");
	refused("name,votes\n", "line 1: the file has a header but no rows");
	refused("name\nA\n", "line 1: the required column \"votes\" is missing");
	refused("votes\n12\n", "the required column \"name\" is missing");
	refused("name,vots\nA,1\n", "unknown column \"vots\" (did you mean \"votes\"?)");
	refused("name,votes\nA,12a\n",
	        "line 2, column votes: \"12a\" is not a whole number of votes");
	refused("name,votes\nA,1\nB,-5\n", "line 3, column votes: \"-5\" is negative");
	refused("name,votes\nA,\"1,234\"\n", "line 2, column votes: \"1,234\" is not a "
	                                     "whole number of votes; write digits only");
	refused("name,votes\nA,1.5\n", "write digits only");
	refused("name,votes\nA,+5\n", "\"+5\" is not a whole number of votes");
	refused("name,votes\nA,1000000000001\n",
	        "line 2, column votes: 1000000000001 is more than 1000000000000 votes");
	refused("name,votes\nA,99999999999999999999999\n", "is more than");
	refused("name,votes\nA,\n", "line 2, column votes: is empty");
	refused("Name,Votes\n,5\n", "line 2, column Name: is empty");
	refused("name,votes,kind\nA,1,list\nB,2,blank\n",
	        "line 3, column kind: \"blank\" is not a kind of row");
	refused("name,votes\nA,1\nB,2\nA,3\n",
	        "line 4, column name: \"A\" is given twice (also on line 2)");
	refused("name,votes,order\nA,1,1\nB,2,2\nC,3,1\n",
	        "line 4, column order: 1 is also the order of the row on line 2");
	refused("name,votes,order\nA,1,first\n",
	        "line 2, column order: \"first\" is not a registration order");
	refused("name,votes\nA,1,x\n", "line 2: 3 fields, but the header has 2 columns");
	refused("name,votes\nA,\"1\n", "line 2, column 3: quoted field");
	refused("name,votes\nA,1\xff\n", "line 2");
	refused("name,votes,name\nA,1,B\n", "column \"name\" is given twice");
}

static void test_totals(void **state)
{
	char text[512];
	size_t n = 0;
	struct votes_table t;
	struct err e;

	(void)state;
	/* ten rows of 10^12 are 10^13, the most there may be */
	n += (size_t)snprintf(text + n, sizeof(text) - n, "name,votes\n");
	for (int i = 0; i < 10; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "L%d,1000000000000\n",
		                      i);
	assert_int_equal(read_text(text, n, &t, &e), ST_OK);
	assert_int_equal(t.nrows, 10);
	votes_table_release(&t);
	/* one vote more is refused on the line that passes the total */
	n += (size_t)snprintf(text + n, sizeof(text) - n, "L10,1\n");
	assert_int_equal(read_text(text, n, &t, &e), ST_INVALID);
	assert_string_equal(e.msg, "line 12, column votes: the votes add up to more than "
	                           "10000000000000");
	votes_table_release(&t);
}

static void test_load(void **state)
{
	char path[] = "/tmp/observa-votes-XXXXXX";
	static const char text[] = "name,votes\nA,3\nB,4\n";
	struct votes_table t;
	struct err e;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	err_clear(&e);
	assert_int_equal(votes_csv_load(path, &t, &e), ST_OK);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.rows[1].votes, 4);
	votes_table_release(&t);
	unlink(path);
	assert_int_equal(votes_csv_load(path, &t, &e), ST_IO);
	assert_non_null(strstr(e.msg, path));
	votes_table_release(&t);
}

/* ---- damaged files ---- */

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A table that was read must keep every promise of votes_csv.h. */
static void check_table(const struct votes_table *t)
{
	int64_t total = 0;

	assert_true(t->nrows >= 1);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct vote_row *r = &t->rows[i];
		assert_true(r->name[0] != '\0');
		assert_true(utf8_valid(r->name, strlen(r->name)));
		assert_true(r->votes >= 0 && r->votes <= VOTES_ROW_MAX);
		assert_true((unsigned)r->kind < VOTE__KINDS);
		total += r->votes;
		if (i)
			assert_true(t->lines[i] > t->lines[i - 1]);
		for (size_t j = 0; j < i; j++) {
			assert_true(strcmp(r->name, t->rows[j].name) != 0);
			if (r->order != VOTES_NO_ORDER)
				assert_true(r->order != t->rows[j].order);
		}
	}
	assert_true(total <= VOTES_TOTAL_MAX);
}

static void test_damaged(void **state)
{
	static const char good[] = "name,votes,kind,order\n"
	                           "Nur Otan,5148074,list,1\n"
	                           "\"Ak Zhol\",792828,list,2\n"
	                           "Auyl,383023,,3\n"
	                           "against all,12000,against_all,\n"
	                           "invalid,297718,invalid,\n";
	static const char alphabet[] = ",\"\n\r 0123456789-.abkzAZ\xd0\x9f\xff\t;";
	char buf[512];
	int read_ok = 0, refused_n = 0;

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		size_t len = sizeof(good) - 1, edits = 1 + rng() % 4;
		struct votes_table t;
		struct err e;
		enum status rc;

		memcpy(buf, good, len);
		for (size_t k = 0; k < edits; k++) {
			size_t at = len ? rng() % len : 0;
			char c = alphabet[rng() % (sizeof(alphabet) - 1)];
			switch (rng() % 3) {
			case 0: /* replace */
				if (len)
					buf[at] = c;
				break;
			case 1: /* insert */
				if (len + 1 < sizeof(buf)) {
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = c;
					len++;
				}
				break;
			default: /* delete a run */
				if (len) {
					size_t run = 1 + rng() % 8;
					if (at + run > len)
						run = len - at;
					memmove(buf + at, buf + at + run, len - at - run);
					len -= run;
				}
			}
		}
		rc = read_text(buf, len, &t, &e);
		if (rc == ST_OK) {
			check_table(&t);
			read_ok++;
		} else {
			assert_true(rc == ST_INVALID || rc == ST_TOO_BIG);
			assert_int_equal(t.nrows, 0);
			/* every message says where, but the one for an empty file */
			assert_true(!strncmp(e.msg, "line ", 5) ||
			            !strncmp(e.msg, "the file is empty", 17));
			refused_n++;
		}
		votes_table_release(&t);
	}
	/* both outcomes occur, so the test exercises both paths */
	assert_true(read_ok > 100);
	assert_true(refused_n > 100);
}

int test_votes_csv(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_totals),  cmocka_unit_test(test_load),
	    cmocka_unit_test(test_damaged),
	};
	return cmocka_run_group_tests_name("votes_csv", tests, NULL, NULL);
}
