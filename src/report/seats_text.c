/* seats_text.c - the seat allocation and the winner as text: a few lines
 * of figures, a table measured in characters, and the outcome said in a
 * sentence. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "core/text.h"
#include "report/seats_text.h"

#define NAME_MAX_CHARS 40 /* widest name before it is cut */
#define CELL_MAX       512

const char *seats_text_int(long long n, char out[32])
{
	char digits[24];
	unsigned long long u =
	    n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	int len, k = 0;

	len = snprintf(digits, sizeof(digits), "%llu", u);
	if (n < 0)
		out[k++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return out;
}

/* x >= 0 with two decimals and grouped thousands ("67,346.13"). */
static const char *real2(double x, char out[48])
{
	char whole[32];
	long long cents = llround(x * 100.0);

	snprintf(out, 48, "%s.%02lld", seats_text_int(cents / 100, whole), cents % 100);
	return out;
}

/* votes / base in percent with two decimals ("71.09%"). */
static const char *percent(double share, char out[16])
{
	if (isnan(share))
		return "-";
	snprintf(out, 16, "%.2f%%", share * 100.0);
	return out;
}

/* s on one line (each control character becomes a space), cut with
 * "..." after max_chars characters or when out is full. */
static const char *flatten(const char *s, size_t max_chars, char out[CELL_MAX])
{
	size_t n = 0, chars = 0;

	while (*s) {
		size_t len = 1;
		while (((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		if (chars == max_chars || n + len > CELL_MAX - 4) {
			memcpy(out + n, "...", 3);
			n += 3;
			break;
		}
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			out[n] = ' ';
		else
			memcpy(out + n, s, len);
		n += (unsigned char)*s < 0x20 || *s == 0x7f ? 1 : len;
		s += len;
		chars++;
	}
	out[n] = '\0';
	return out;
}

/* A name for a table cell: at most NAME_MAX_CHARS characters. */
static const char *cell_text(const char *s, char out[CELL_MAX])
{
	return flatten(s, NAME_MAX_CHARS, out);
}

/* A name for a sentence: whole, on one line. */
static const char *one_line(const char *s, char out[CELL_MAX])
{
	return flatten(s, CELL_MAX, out);
}

static size_t width_of(const char *s)
{
	char line[CELL_MAX];

	s = cell_text(s, line);
	return utf8_count(s, strlen(s));
}

/* s padded to width characters, on the left when right is set. */
static void put_cell(FILE *out, const char *s, size_t width, int right)
{
	char line[CELL_MAX];
	size_t n;

	s = cell_text(s, line);
	n = utf8_count(s, strlen(s));
	if (right)
		fprintf(out, "%*s%s", (int)(width > n ? width - n : 0), "", s);
	else
		fprintf(out, "%s%*s", s, (int)(width > n ? width - n : 0), "");
}

static size_t name_width(const struct vote_row *rows, size_t n, const char *title)
{
	size_t w = strlen(title);

	for (size_t i = 0; i < n; i++)
		if (width_of(rows[i].name) > w)
			w = width_of(rows[i].name);
	return w;
}

static enum status finish(FILE *out, struct err *e)
{
	if (fflush(out) || ferror(out))
		return err_set(e, ST_IO, "cannot write the result: %s", strerror(errno));
	return ST_OK;
}

/* ---- seats ---- */

static const char *base_text(enum seats_base b)
{
	switch (b) {
	case SEATS_BASE_ALL:
		return "every ballot: lists, against all and invalid";
	case SEATS_BASE_VALID:
		return "the valid ballots: lists and against all";
	default:
		return "the votes for lists";
	}
}

static void seats_head(const struct seats_result *res, const char *preset, FILE *out)
{
	const struct seats_params *p = &res->params;
	char a[32], b[32], c[48], d[48];

	fprintf(out, "Seats       %s by %s", seats_text_int(p->seats, a),
	        seats_method_title(p->method));
	if (preset)
		fprintf(out, " (preset %s)", preset);
	fprintf(out, "\nBase        %s votes, %s\n", seats_text_int(res->base_votes, a),
	        base_text(p->base));
	if (p->threshold_pcm)
		fprintf(out, "Threshold   %g%% of the base: %s votes or more\n",
		        (double)p->threshold_pcm / 1000.0,
		        seats_text_int(res->threshold_votes, b));
	else
		fputs("Threshold   none: every list with a vote takes part\n", out);
	if (!res->allocated)
		return;
	if (p->method == SEATS_HARE)
		fprintf(out,
		        "Quota       %s votes of %zu qualified list%s / %s seats = %s\n",
		        seats_text_int(res->qualified_votes, a), res->nqualified,
		        res->nqualified == 1 ? "" : "s", seats_text_int(p->seats, b),
		        real2(res->quota, c));
	else if (p->method == SEATS_DROOP)
		fprintf(
		    out,
		    "Quota       %s votes of %zu qualified list%s / (%lld + 1) seats, "
		    "whole part + 1 = %s\n",
		    seats_text_int(res->qualified_votes, a), res->nqualified,
		    res->nqualified == 1 ? "" : "s", (long long)p->seats,
		    seats_text_int((long long)res->quota, b));
	else
		fprintf(out,
		        "Divisors    %s\nLast seat   won at a quotient of %s; the best "
		        "claim left was %s\n",
		        p->method == SEATS_DHONDT ? "1, 2, 3, 4, ..." : "1, 3, 5, 7, ...",
		        real2(res->last_quotient, c), real2(res->next_quotient, d));
}

/* One row of the table; the columns after share are left out for rows that
 * are not lists, so no line ends in spaces. */
static void seats_row(const struct vote_row *row, const struct seats_line *l, size_t nw,
                      int lr, FILE *out)
{
	char a[32], s[16], r[48];
	double extra = lr ? l->remainder : l->next_quotient;

	put_cell(out, row->name, nw, 0);
	fprintf(out, "  %13s  %7s", seats_text_int(row->votes, a), percent(l->share, s));
	if (row->kind != VOTE_LIST) {
		fprintf(out, "  %s\n",
		        row->kind == VOTE_INVALID ? "(invalid)" : "(against all)");
		return;
	}
	fprintf(out, "  %-6s", l->qualified ? "yes" : "no");
	if (lr)
		fprintf(out, "  %6s", l->qualified ? seats_text_int(l->whole, a) : "");
	fprintf(out, "  %14s  %6s\n", l->qualified ? real2(extra, r) : "",
	        seats_text_int(l->seats, a));
}

static void seats_table(const struct seats_result *res, const struct vote_row *rows,
                        FILE *out)
{
	int lr = res->params.method == SEATS_HARE || res->params.method == SEATS_DROOP;
	size_t nw = name_width(rows, res->nrows, "list");

	fputc('\n', out);
	put_cell(out, "list", nw, 0);
	fprintf(out, "  %13s  %7s  %-6s", "votes", "share", "passed");
	if (lr)
		fprintf(out, "  %6s", "whole");
	fprintf(out, "  %14s  %6s\n", lr ? "remainder" : "next quotient", "seats");
	for (size_t i = 0; i < res->nrows; i++)
		seats_row(&rows[i], &res->lines[i], nw, lr, out);
}

static void seats_outcome(const struct seats_result *res, const struct vote_row *rows,
                          FILE *out)
{
	char a[32], b[32];
	int first = 1;

	fputc('\n', out);
	if (res->notes & SEATS_NO_VOTES) {
		fputs("No list has a vote: no seats are allocated.\n", out);
		return;
	}
	if (res->notes & SEATS_NOBODY_QUALIFIED) {
		fprintf(out,
		        "No list reached the threshold of %s votes: no seats are "
		        "allocated.\n",
		        seats_text_int(res->threshold_votes, a));
		return;
	}
	fprintf(out, "%s seat%s:", seats_text_int(res->allocated, a),
	        res->allocated == 1 ? "" : "s");
	for (size_t i = 0; i < res->nrows; i++)
		if (res->lines[i].seats) {
			char name[CELL_MAX];
			fprintf(out, "%s %s %s", first ? "" : ",",
			        one_line(rows[i].name, name),
			        seats_text_int(res->lines[i].seats, a));
			first = 0;
		}
	fputs(".\n", out);
	if (res->notes & SEATS_TIE_BY_ORDER) {
		char w[CELL_MAX], l[CELL_MAX];
		fprintf(out,
		        "The last seat was tied between %s and %s (equal %s); it went to "
		        "%s, registered earlier.\n",
		        one_line(rows[res->tie_won].name, w),
		        one_line(rows[res->tie_lost].name, l),
		        res->params.method <= SEATS_DROOP ? "remainders" : "quotients",
		        w);
	}
	if (res->notes & SEATS_FEWER_VOTES)
		fprintf(
		    out,
		    "Note: the qualified lists have %s votes, fewer than the %s seats; "
		    "every seat is still given by the method's rule.\n",
		    seats_text_int(res->qualified_votes, a),
		    seats_text_int(res->params.seats, b));
}

enum status seats_text_write(const struct seats_result *res, const struct vote_row *rows,
                             const char *preset, FILE *out, struct err *e)
{
	seats_head(res, preset, out);
	seats_table(res, rows, out);
	seats_outcome(res, rows, out);
	return finish(out, e);
}

/* ---- winner ---- */

static void winner_head(const struct winner_result *w, FILE *out)
{
	const struct winner_params *p = &w->params;
	const char *base = p->base == WINNER_BASE_ALL
	                       ? "every ballot: candidates, against all and invalid"
	                       : "the valid ballots: candidates and against all";
	char a[32], b[32];

	if (p->rule == WINNER_MAJORITY)
		fprintf(out, "Rule        absolute majority: more than half of %s\n",
		        base);
	else
		fputs("Rule        plurality: the most votes wins\n", out);
	if (p->electors)
		fprintf(out, "Electors    %s; %s took part (%.2f%%): quorum %s\n",
		        seats_text_int(p->electors, a), seats_text_int(w->took_part, b),
		        100.0 * (double)w->took_part / (double)p->electors,
		        w->quorum_met ? "met (more than half)"
		                      : "NOT met (half or fewer)");
	fprintf(out, "Base        %s votes", seats_text_int(w->base_votes, a));
	if (p->rule == WINNER_MAJORITY)
		fprintf(out, "; a majority is %s votes or more",
		        seats_text_int(w->majority_votes, b));
	fputc('\n', out);
}

static void winner_table(const struct winner_result *w, const struct vote_row *rows,
                         size_t nrows, FILE *out)
{
	size_t nw = name_width(rows, nrows, "candidate");
	char a[32], s[16];

	fputc('\n', out);
	put_cell(out, "candidate", nw, 0);
	fprintf(out, "  %13s  %7s\n", "votes", "share");
	for (size_t k = 0; k < w->ncandidates; k++) {
		const struct vote_row *r = &rows[w->ranking[k]];
		put_cell(out, r->name, nw, 0);
		fprintf(out, "  %13s  %7s\n", seats_text_int(r->votes, a),
		        percent(w->base_votes ? (double)r->votes / (double)w->base_votes
		                              : 0.0,
		                s));
	}
	for (size_t i = 0; i < nrows; i++) {
		int in_base =
		    rows[i].kind != VOTE_INVALID || w->params.base == WINNER_BASE_ALL;
		if (rows[i].kind == VOTE_LIST)
			continue;
		put_cell(out, rows[i].name, nw, 0);
		fprintf(out, "  %13s  %7s  (%s%s)\n", seats_text_int(rows[i].votes, a),
		        in_base ? percent(w->base_votes ? (double)rows[i].votes /
		                                              (double)w->base_votes
		                                        : 0.0,
		                          s)
		                : "-",
		        rows[i].kind == VOTE_INVALID ? "invalid" : "against all",
		        in_base ? "" : ", not in the base");
	}
}

/* "A, B and C" */
static void names(FILE *out, const struct vote_row *rows, const long *ids, size_t n)
{
	char name[CELL_MAX];

	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s",
		        i == 0       ? ""
		        : i + 1 == n ? " and "
		                     : ", ",
		        one_line(rows[ids[i]].name, name));
}

static void winner_outcome(const struct winner_result *w, const struct vote_row *rows,
                           FILE *out)
{
	char a[32], b[32], s[16], n1[CELL_MAX], n2[CELL_MAX], n3[CELL_MAX];
	const struct vote_row *top = w->ncandidates ? &rows[w->ranking[0]] : NULL;
	double top_share =
	    top && w->base_votes ? (double)top->votes / (double)w->base_votes : 0.0;

	fputc('\n', out);
	switch (w->outcome) {
	case WINNER_ELECTED:
		fprintf(out, "Elected: %s, %s votes (%s)%s.\n", one_line(top->name, n1),
		        seats_text_int(top->votes, a), percent(top_share, s),
		        w->params.rule == WINNER_MAJORITY ? ", more than half"
		                                          : ", the most votes");
		break;
	case WINNER_TIE:
		fputs("Not decided: ", out);
		names(out, rows, w->tied, w->ntied);
		fprintf(out, " are tied with %s votes each; the law settles a tie.\n",
		        seats_text_int(top->votes, a));
		break;
	case WINNER_RUNOFF:
		fprintf(out,
		        "Not decided: nobody has more than half (%s has %s).\nRunoff: %s "
		        "and %s.\n",
		        one_line(top->name, n1), percent(top_share, s),
		        one_line(rows[w->runoff[0]].name, n2),
		        one_line(rows[w->runoff[1]].name, n3));
		break;
	case WINNER_RUNOFF_TIE:
		fputs("Not decided: nobody has more than half, and ", out);
		names(out, rows, w->tied, w->ntied);
		fprintf(out, " are tied with %s votes each for a place in the runoff",
		        seats_text_int(rows[w->tied[0]].votes, a));
		if (w->runoff[0] >= 0)
			fprintf(out, " beside %s", one_line(rows[w->runoff[0]].name, n1));
		fputs("; the law settles a tie.\n", out);
		break;
	case WINNER_NO_MAJORITY:
		fprintf(out,
		        "Not decided: %s has %s, not more than half, and there is no "
		        "second candidate for a runoff.\n",
		        one_line(top->name, n1), percent(top_share, s));
		break;
	case WINNER_NO_QUORUM:
		fprintf(out,
		        "Not decided: %s of %s electors took part, not more than half; "
		        "the session is not valid.\n",
		        seats_text_int(w->took_part, a),
		        seats_text_int(w->params.electors, b));
		break;
	case WINNER_NO_VOTES:
		fputs("Not decided: no candidate has a vote.\n", out);
		break;
	default:
		fputs("Not decided: the file has no candidate.\n", out);
		break;
	}
	if (w->against_all_ahead && top)
		fprintf(out, "Note: against all has %s votes, more than %s.\n",
		        seats_text_int(w->against_all_votes, a), one_line(top->name, n2));
}

enum status winner_text_write(const struct winner_result *w, const struct vote_row *rows,
                              FILE *out, struct err *e)
{
	winner_head(w, out);
	winner_table(w, rows, w->nrows, out);
	winner_outcome(w, rows, out);
	return finish(out, e);
}
