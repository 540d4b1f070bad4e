/* fuzz_votes.c - libFuzzer target for VOTES.csv and what is computed from
 * it: the first two bytes choose the seats and the threshold, the rest is
 * the file.  A file that is read must keep votes_csv.h's promises, and
 * every method must then hand out all its seats (or none, with a note) to
 * qualified lists only; a winner must be one of the candidates. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/seats.h"
#include "analysis/winner.h"
#include "ingest/votes_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void allocate(const struct votes_table *t, enum seats_method m, int64_t seats,
                     int64_t pcm, enum seats_base base)
{
	struct seats_params p = {m, seats, pcm, base};
	struct seats_result res;
	struct err e;
	int64_t sum = 0;

	check(seats_allocate(t->rows, t->nrows, &p, &res, &e) == ST_OK);
	for (size_t i = 0; i < t->nrows; i++) {
		check(res.lines[i].seats >= 0);
		check(res.lines[i].qualified || res.lines[i].seats == 0);
		check(!res.lines[i].qualified || t->rows[i].kind == VOTE_LIST);
		sum += res.lines[i].seats;
	}
	check(sum == res.allocated);
	check(res.allocated == 0 || res.allocated == seats);
	check((res.allocated == 0) ==
	      ((res.notes & (SEATS_NO_VOTES | SEATS_NOBODY_QUALIFIED)) != 0));
	if (res.notes & SEATS_TIE_BY_ORDER)
		check(res.tie_won >= 0 && res.tie_lost >= 0 &&
		      res.tie_won != res.tie_lost);
	seats_result_release(&res);
}

static void decide(const struct votes_table *t, enum winner_rule rule)
{
	struct winner_params p = {rule, WINNER_BASE_VALID, 0};
	struct winner_result w;
	struct err e;

	check(winner_decide(t->rows, t->nrows, &p, &w, &e) == ST_OK);
	check(w.decided == (w.winner >= 0));
	if (w.winner >= 0)
		check(t->rows[w.winner].kind == VOTE_LIST);
	if (w.outcome == WINNER_RUNOFF)
		check(w.runoff[0] >= 0 && w.runoff[1] >= 0 && w.runoff[0] != w.runoff[1]);
	winner_result_release(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct votes_table t;
	struct csv_reader r;
	struct err e;
	int64_t seats, pcm;
	enum status rc;

	if (size < 2)
		return 0;
	seats = 1 + data[0] % 200;
	pcm = (int64_t)data[1] * 100; /* 0% to 25.5% */
	err_clear(&e);
	csv_open_mem(&r, (const char *)data + 2, size - 2);
	rc = votes_csv_read(&r, &t, &e);
	csv_close(&r);
	if (rc != ST_OK) {
		check(t.nrows == 0 && t.rows == NULL);
		check(e.msg[0] != '\0');
		votes_table_release(&t);
		return 0;
	}
	check(t.nrows >= 1);
	for (size_t i = 0; i < t.nrows; i++)
		check(t.rows[i].votes >= 0 && t.rows[i].votes <= VOTES_ROW_MAX &&
		      t.rows[i].name[0]);
	for (int m = 0; m < SEATS__METHODS; m++)
		allocate(&t, (enum seats_method)m, seats, pcm,
		         (enum seats_base)(data[1] % SEATS__BASES));
	decide(&t, WINNER_PLURALITY);
	decide(&t, WINNER_MAJORITY);
	votes_table_release(&t);
	return 0;
}
