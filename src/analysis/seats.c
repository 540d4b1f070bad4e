/* seats.c - the threshold, then largest remainder (Hare, Droop) or highest
 * quotients (D'Hondt, Sainte-Laguë), in exact integer arithmetic: a
 * remainder or a quotient is compared by cross-multiplying, never as a
 * floating-point number.  Doubles are made only for the output. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/seats.h"
#include "core/alloc.h"
#include "core/text.h"

/* ---- names and presets ---- */

static const char *const method_names[SEATS__METHODS] = {
    [SEATS_HARE] = "hare",
    [SEATS_DROOP] = "droop",
    [SEATS_DHONDT] = "dhondt",
    [SEATS_SAINTE_LAGUE] = "sainte-lague",
};

static const char *const method_titles[SEATS__METHODS] = {
    [SEATS_HARE] = "largest remainder, Hare quota",
    [SEATS_DROOP] = "largest remainder, Droop quota",
    [SEATS_DHONDT] = "D'Hondt highest quotients",
    [SEATS_SAINTE_LAGUE] = "Sainte-Laguë highest quotients",
};

static const char *const base_names[SEATS__BASES] = {
    [SEATS_BASE_ALL] = "all",
    [SEATS_BASE_VALID] = "valid",
    [SEATS_BASE_LISTS] = "lists",
};

const char *seats_method_name(enum seats_method m)
{
	return (unsigned)m < SEATS__METHODS ? method_names[m] : "?";
}

const char *seats_method_title(enum seats_method m)
{
	return (unsigned)m < SEATS__METHODS ? method_titles[m] : "?";
}

bool seats_method_parse(const char *s, enum seats_method *out)
{
	for (int m = 0; m < SEATS__METHODS; m++)
		if (text_ieq(s, method_names[m])) {
			*out = (enum seats_method)m;
			return true;
		}
	/* the usual other spellings */
	if (text_ieq(s, "d'hondt") || text_ieq(s, "jefferson")) {
		*out = SEATS_DHONDT;
		return true;
	}
	if (text_ieq(s, "sainte_lague") || text_ieq(s, "webster")) {
		*out = SEATS_SAINTE_LAGUE;
		return true;
	}
	return false;
}

const char *seats_base_name(enum seats_base b)
{
	return (unsigned)b < SEATS__BASES ? base_names[b] : "?";
}

bool seats_base_parse(const char *s, enum seats_base *out)
{
	for (int b = 0; b < SEATS__BASES; b++)
		if (text_ieq(s, base_names[b])) {
			*out = (enum seats_base)b;
			return true;
		}
	return false;
}

bool seats_percent_parse(const char *s, int64_t *pcm)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++)
		if (digits < 4)
			whole = whole * 10 + (*s - '0');
	if (!digits || digits > 3)
		return false;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, decimals++)
			if (decimals < 3)
				frac = frac * 10 + (*s - '0');
		if (!decimals || decimals > 3)
			return false;
		for (int d = decimals; d < 3; d++)
			frac *= 10;
	}
	if (*s == '%')
		s++;
	if (*s)
		return false;
	*pcm = whole * 1000 + frac;
	return *pcm <= SEATS_PCM_ALL;
}

const struct seats_preset seats_presets[] = {
    {"mazhilis-2023",
     "Mazhilis of Kazakhstan since 2023: 69 list seats, 5% of the valid ballots "
     "(lists and against all), Hare largest remainder",
     {SEATS_HARE, 69, 5000, SEATS_BASE_VALID}},
    {"mazhilis-2021",
     "Mazhilis of Kazakhstan in 2021: 98 list seats, 7% of the valid ballots, "
     "Hare largest remainder",
     {SEATS_HARE, 98, 7000, SEATS_BASE_VALID}},
};
const size_t seats_npresets = sizeof(seats_presets) / sizeof(seats_presets[0]);

const struct seats_preset *seats_preset_find(const char *name)
{
	for (size_t i = 0; i < seats_npresets; i++)
		if (text_ieq(name, seats_presets[i].name))
			return &seats_presets[i];
	return NULL;
}

/* ---- the threshold ---- */

static bool in_base(enum seats_base base, enum vote_kind k)
{
	switch (base) {
	case SEATS_BASE_ALL:
		return true;
	case SEATS_BASE_VALID:
		return k != VOTE_INVALID;
	default:
		return k == VOTE_LIST;
	}
}

/* Totals, the base and the threshold; which rows qualify. */
static enum status apply_threshold(const struct vote_row *rows, size_t nrows,
                                   struct seats_result *res, struct err *e)
{
	const struct seats_params *p = &res->params;
	int64_t total = 0;

	for (size_t i = 0; i < nrows; i++) {
		const struct vote_row *r = &rows[i];
		if (r->votes < 0 || r->votes > VOTES_ROW_MAX)
			return err_set(
			    e, ST_INVALID, "%s: %lld votes is out of range (0 to %lld)",
			    r->name, (long long)r->votes, (long long)VOTES_ROW_MAX);
		if ((unsigned)r->kind >= VOTE__KINDS)
			return err_set(e, ST_INVALID, "%s: unknown kind of row", r->name);
		total += r->votes;
		if (total > VOTES_TOTAL_MAX)
			return err_set(e, ST_INVALID,
			               "the rows have more than %lld votes together",
			               (long long)VOTES_TOTAL_MAX);
		if (r->kind == VOTE_LIST)
			res->list_votes += r->votes;
		else if (r->kind == VOTE_AGAINST_ALL)
			res->against_all_votes += r->votes;
		else
			res->invalid_votes += r->votes;
		if (in_base(p->base, r->kind))
			res->base_votes += r->votes;
	}
	/* votes >= base x pcm / 10^5 is votes >= the ceiling of it */
	res->threshold_votes =
	    (res->base_votes * p->threshold_pcm + SEATS_PCM_ALL - 1) / SEATS_PCM_ALL;
	for (size_t i = 0; i < nrows; i++) {
		struct seats_line *l = &res->lines[i];
		l->in_base = in_base(p->base, rows[i].kind);
		l->share = !l->in_base ? NAN
		           : res->base_votes
		               ? (double)rows[i].votes / (double)res->base_votes
		               : 0.0;
		l->qualified = rows[i].kind == VOTE_LIST && rows[i].votes > 0 &&
		               rows[i].votes >= res->threshold_votes;
		l->remainder = NAN;
		l->next_quotient = NAN;
		if (l->qualified) {
			res->qualified_votes += rows[i].votes;
			res->nqualified++;
		}
	}
	return ST_OK;
}

/* ---- largest remainder ---- */

struct lr_ctx {
	const struct vote_row *rows;
	const int64_t *rem; /* remainders, comparable as integers */
};

/* Larger remainder first; equal remainders: registered earlier first. */
static int by_remainder(const void *pa, const void *pb, void *pctx)
{
	const struct lr_ctx *c = pctx;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (c->rem[a] != c->rem[b])
		return c->rem[a] > c->rem[b] ? -1 : 1;
	return vote_row_before(&c->rows[a], a, &c->rows[b], b) ? -1 : 1;
}

/* Hare: whole_i = floor(v_i S / V), remainder (in votes) = (v_i S mod V) / S.
 * Droop: q = floor(V / (S+1)) + 1, whole_i = floor(v_i / q), remainder =
 * v_i mod q.  The seats left go one each to the largest remainders; when
 * more are left than lists (Droop with fewer votes than seats) the order
 * is gone through again. */
static void largest_remainder(const struct vote_row *rows, size_t nrows,
                              struct seats_result *res)
{
	int64_t S = res->params.seats, V = res->qualified_votes, left = S, droop = 0;
	int64_t *rem = xcalloc(nrows, sizeof(*rem));
	size_t *idx = xcalloc(res->nqualified, sizeof(*idx)), nq = 0, k;
	struct lr_ctx ctx = {rows, rem};

	if (res->params.method == SEATS_DROOP) {
		droop = V / (S + 1) + 1;
		res->quota = (double)droop;
	} else {
		res->quota = (double)V / (double)S;
	}
	for (size_t i = 0; i < nrows; i++) {
		struct seats_line *l = &res->lines[i];
		int64_t v = rows[i].votes;
		if (!l->qualified)
			continue;
		if (droop) {
			l->whole = v / droop;
			rem[i] = v % droop;
			l->remainder = (double)rem[i];
		} else {
			l->whole = v * S / V;
			rem[i] = v * S % V;
			l->remainder = (double)rem[i] / (double)S;
		}
		l->seats = l->whole;
		left -= l->whole;
		idx[nq++] = i;
	}
	qsort_r(idx, nq, sizeof(*idx), by_remainder, &ctx);
	for (k = 0; left > 0; k++, left--) {
		struct seats_line *l = &res->lines[idx[k % nq]];
		l->seats++;
		l->remainder_seats++;
	}
	/* The last seat was tied when the first list left without a seat in
	 * the last pass had the same remainder as the last one served. */
	if (k && k % nq) {
		size_t won = idx[(k - 1) % nq], lost = idx[k % nq];
		if (rem[won] == rem[lost]) {
			res->notes |= SEATS_TIE_BY_ORDER;
			res->tie_won = (long)won;
			res->tie_lost = (long)lost;
		}
	}
	free(idx);
	free(rem);
}

/* ---- highest quotients ---- */

struct dv_ctx {
	const struct vote_row *rows;
	struct seats_line *lines;
	enum seats_method method;
};

/* The divisor of a list's next seat when it holds s seats. */
static int64_t divisor(enum seats_method m, int64_t s)
{
	return m == SEATS_DHONDT ? s + 1 : 2 * s + 1;
}

/* True when row a's next quotient beats row b's: a larger v/d, compared as
 * v_a d_b > v_b d_a; equal quotients go to the list registered earlier. */
static bool beats(const struct dv_ctx *c, size_t a, size_t b)
{
	int64_t da = divisor(c->method, c->lines[a].seats);
	int64_t db = divisor(c->method, c->lines[b].seats);
	int64_t x = c->rows[a].votes * db, y = c->rows[b].votes * da;

	if (x != y)
		return x > y;
	return vote_row_before(&c->rows[a], a, &c->rows[b], b);
}

/* Restore the heap below position at (the best claim on top). */
static void sift_down(const struct dv_ctx *c, size_t *heap, size_t n, size_t at)
{
	for (;;) {
		size_t best = at, l = 2 * at + 1, r = l + 1, t;
		if (l < n && beats(c, heap[l], heap[best]))
			best = l;
		if (r < n && beats(c, heap[r], heap[best]))
			best = r;
		if (best == at)
			return;
		t = heap[at];
		heap[at] = heap[best];
		heap[best] = t;
		at = best;
	}
}

static double quotient(const struct dv_ctx *c, size_t i, int64_t seats)
{
	return (double)c->rows[i].votes / (double)divisor(c->method, seats);
}

/* Seat after seat to the highest quotient v_i / d(s_i), with d(s) = s + 1
 * (D'Hondt) or 2s + 1 (Sainte-Laguë); a heap keeps the best claim on top,
 * so S seats among n lists take O(S log n). */
static void highest_quotients(const struct vote_row *rows, size_t nrows,
                              struct seats_result *res)
{
	struct dv_ctx c = {rows, res->lines, res->params.method};
	size_t *heap = xcalloc(res->nqualified, sizeof(*heap)), n = 0, won = 0;

	for (size_t i = 0; i < nrows; i++)
		if (res->lines[i].qualified)
			heap[n++] = i;
	for (size_t at = n / 2; at-- > 0;)
		sift_down(&c, heap, n, at);
	for (int64_t s = 0; s < res->params.seats; s++) {
		won = heap[0];
		res->lines[won].seats++;
		sift_down(&c, heap, n, 0);
	}
	res->last_quotient = quotient(&c, won, res->lines[won].seats - 1);
	res->next_quotient = quotient(&c, heap[0], res->lines[heap[0]].seats);
	/* heap[0] is the best claim left; it equals the last seat's quotient
	 * exactly when the two cross-multiply to the same product. */
	if (heap[0] != won &&
	    rows[won].votes * divisor(c.method, res->lines[heap[0]].seats) ==
	        rows[heap[0]].votes * divisor(c.method, res->lines[won].seats - 1)) {
		res->notes |= SEATS_TIE_BY_ORDER;
		res->tie_won = (long)won;
		res->tie_lost = (long)heap[0];
	}
	for (size_t i = 0; i < nrows; i++) {
		struct seats_line *l = &res->lines[i];
		if (!l->qualified)
			continue;
		l->whole = l->seats;
		l->next_quotient = quotient(&c, i, l->seats);
	}
	free(heap);
}

/* ---- the whole allocation ---- */

enum status seats_allocate(const struct vote_row *rows, size_t nrows,
                           const struct seats_params *params, struct seats_result *res,
                           struct err *e)
{
	enum status rc;

	memset(res, 0, sizeof(*res));
	if ((unsigned)params->method >= SEATS__METHODS ||
	    (unsigned)params->base >= SEATS__BASES)
		return err_set(e, ST_INVALID, "unknown method or threshold base");
	if (params->seats < 1 || params->seats > SEATS_MAX)
		return err_set(e, ST_INVALID, "the number of seats must be from 1 to %d",
		               SEATS_MAX);
	if (params->threshold_pcm < 0 || params->threshold_pcm > SEATS_PCM_ALL)
		return err_set(e, ST_INVALID, "the threshold must be from 0%% to 100%%");
	res->params = *params;
	res->nrows = nrows;
	res->lines = xcalloc(nrows ? nrows : 1, sizeof(*res->lines));
	res->quota = res->last_quotient = res->next_quotient = NAN;
	res->tie_won = res->tie_lost = -1;
	rc = apply_threshold(rows, nrows, res, e);
	if (rc) {
		seats_result_release(res);
		return rc;
	}
	if (!res->list_votes) {
		res->notes |= SEATS_NO_VOTES;
		return ST_OK;
	}
	if (!res->nqualified) {
		res->notes |= SEATS_NOBODY_QUALIFIED;
		return ST_OK;
	}
	if (res->qualified_votes < params->seats)
		res->notes |= SEATS_FEWER_VOTES;
	res->allocated = params->seats;
	if (params->method == SEATS_HARE || params->method == SEATS_DROOP)
		largest_remainder(rows, nrows, res);
	else
		highest_quotients(rows, nrows, res);
	return ST_OK;
}

void seats_result_release(struct seats_result *res)
{
	free(res->lines);
	res->lines = NULL;
	res->nrows = 0;
}
