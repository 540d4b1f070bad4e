/* tabulate.c - adding up station results and checking each station's
 * protocol arithmetic (valid = sum of choices, valid + invalid <=
 * registered, ballots = valid + invalid when ballots are given). */
#include <stdlib.h>
#include <string.h>

#include "analysis/tabulate.h"
#include "core/alloc.h"

static const struct {
	unsigned bit;
	const char *key, *text;
} checks[TAB_NCHECKS] = {
    {TAB_VALID_SUM, "valid_sum", "valid = sum of choices"},
    {TAB_OVER_REGISTERED, "over_registered", "valid + invalid <= registered"},
    {TAB_BALLOTS, "ballots", "ballots = valid + invalid"},
};

const char *tabulate_check_text(unsigned check)
{
	for (int i = 0; i < TAB_NCHECKS; i++)
		if (checks[i].bit == check)
			return checks[i].text;
	return "?";
}

const char *tabulate_check_key(unsigned check)
{
	for (int i = 0; i < TAB_NCHECKS; i++)
		if (checks[i].bit == check)
			return checks[i].key;
	return "?";
}

double tabulate_ratio(int64_t x, int64_t y)
{
	return y ? (double)x / (double)y : 0.0;
}

void tabulate_init(struct tabulate *t, size_t nchoices, bool ballots_given)
{
	memset(t, 0, sizeof(*t));
	t->nchoices = nchoices;
	t->ballots_given = ballots_given;
	t->votes = xcalloc(nchoices ? nchoices : 1, sizeof(*t->votes));
}

/* *total += v, false on overflow. */
static bool add(int64_t *total, int64_t v)
{
	return !__builtin_add_overflow(*total, v, total);
}

enum status tabulate_add(struct tabulate *t, const struct station_result *s,
                         struct err *e)
{
	int64_t choices = 0, cast = s->valid + s->invalid;
	int64_t ballots = station_ballots(s);
	unsigned bad = 0;
	bool ok = true;

	for (size_t i = 0; i < t->nchoices; i++) {
		choices += s->votes[i];
		ok = ok && add(&t->votes[i], s->votes[i]);
	}
	ok = ok && add(&t->registered, s->registered) && add(&t->ballots, ballots) &&
	     add(&t->valid, s->valid) && add(&t->invalid, s->invalid);
	if (!ok)
		return err_set(e, ST_TOO_BIG, "line %ld: the totals overflow", s->line);
	t->stations++;
	if (s->valid != choices)
		bad |= TAB_VALID_SUM;
	if (cast > s->registered)
		bad |= TAB_OVER_REGISTERED;
	if (t->ballots_given && s->ballots != cast)
		bad |= TAB_BALLOTS;
	if (!bad)
		return ST_OK;
	for (int i = 0; i < TAB_NCHECKS; i++)
		if (bad & checks[i].bit)
			t->failed[i]++;
	if (t->nbad == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->bad = xrealloc(t->bad, t->cap * sizeof(*t->bad));
	}
	t->bad[t->nbad++] = (struct tabulate_row){
	    .line = s->line,
	    .id = xstrdup(s->id ? s->id : ""),
	    .checks = bad,
	    .registered = s->registered,
	    .ballots = ballots,
	    .valid = s->valid,
	    .invalid = s->invalid,
	    .choices = choices,
	};
	return ST_OK;
}

void tabulate_release(struct tabulate *t)
{
	for (size_t i = 0; i < t->nbad; i++)
		free(t->bad[i].id);
	free(t->bad);
	free(t->votes);
	memset(t, 0, sizeof(*t));
}
