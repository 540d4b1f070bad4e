/* tally_counts.c - the running tally's counts of current reports by form,
 * status, channel, time of receipt and region, from which the dashboard's
 * report counts are answered without reading millions of rows (tally.h,
 * tally_report_count()).
 *
 * A region is the one the analyses group stations by (region_map.h); the
 * store's filter by a location takes every station below it, the same
 * stations when the location is a region with no other region below it
 * (region_map_whole()), and only then does the tally answer.
 *
 * A report is counted under its form, status, channel and the date of its
 * time of receipt when that time is written YYYY-MM-DDTHH:MM:SSZ (as the
 * store writes it), else under the whole text.  The store compares times
 * as text (byte by byte), so "received at or after D" (D a date, or a date
 * followed by a time of midnight) holds for every report of a later date,
 * none of an earlier one, and all of date D, whose times are at least
 * DT00:00:00Z; a report keyed by its whole text is compared as the store
 * compares it.  Only the status of a report changes once it is stored (a
 * review), besides its being superseded: the tally keeps the status each
 * report was counted under, and its form, channel and time are read again
 * when it is taken back. */
#include <stdlib.h>
#include <string.h>

#include "analysis/tally_int.h"
#include "core/alloc.h"

unsigned char tally_status(struct tally *t, const char *status)
{
	size_t n = sizeof(t->statuses) / sizeof(t->statuses[0]);

	if (!status)
		return 0;
	for (size_t i = 0; i < t->nstatuses; i++)
		if (!strcmp(t->statuses[i], status))
			return (unsigned char)(i + 1);
	if (t->nstatuses == n) {
		t->counts_broken = true;
		return 0;
	}
	t->statuses[t->nstatuses++] = xstrdup(status);
	return (unsigned char)t->nstatuses;
}

/* YYYY-MM-DDTHH:MM:SSZ, digits where the pattern has them. */
static bool canonical(const char *at)
{
	static const char pat[] = "9999-99-99T99:99:99Z";

	for (size_t i = 0; i < sizeof(pat) - 1; i++) {
		char c = at[i];
		if (pat[i] == '9' ? c < '0' || c > '9' : c != pat[i])
			return false;
	}
	return at[sizeof(pat) - 1] == '\0';
}

void tally_count(struct tally *t, const struct stored_submission *s,
                 const struct tally_rep *rep, size_t region, int64_t sign)
{
	const char *status;
	char day[11], *key;
	bool canon;
	uintptr_t i;

	if (t->counts_broken)
		return;
	if (!s->form || !s->channel || !s->received_at || !rep->status) {
		t->counts_broken = true; /* not a report the store can hold */
		return;
	}
	status = t->statuses[rep->status - 1];
	canon = canonical(s->received_at);
	if (canon) {
		memcpy(day, s->received_at, 10);
		day[10] = '\0';
	}
	key = xasprintf("%s\x1f%s\x1f%s\x1f%zu\x1f%c%s", s->form, status, s->channel,
	                region, canon ? 'd' : 't', canon ? day : s->received_at);
	i = (uintptr_t)strmap_get(&t->count_of, key);
	if (!i) {
		struct tally_count *c;
		tally_grow((void **)&t->counts, &t->capcounts, t->ncounts + 1,
		           sizeof(*t->counts));
		c = &t->counts[t->ncounts++];
		c->form = xstrdup(s->form);
		c->status = xstrdup(status);
		c->channel = xstrdup(s->channel);
		c->day = xstrdup(canon ? day : s->received_at);
		c->canonical = canon;
		c->region = region;
		c->key = key;
		i = t->ncounts;
		strmap_add(&t->count_of, key, (void *)i, NULL);
	} else {
		free(key);
	}
	t->counts[i - 1].n += sign;
}

void tally_counts_release(struct tally *t)
{
	for (size_t i = 0; i < t->ncounts; i++) {
		free(t->counts[i].form);
		free(t->counts[i].status);
		free(t->counts[i].channel);
		free(t->counts[i].day);
		free(t->counts[i].key);
	}
	free(t->counts);
	for (size_t i = 0; i < t->nstatuses; i++)
		free(t->statuses[i]);
	strmap_release(&t->count_of);
}

/* The date of since when the tally can compare with it: since is a date,
 * or a date and midnight written as a prefix of "T00:00:00Z" that ends
 * after the minutes or the seconds. */
static bool since_date(const char *since, char day[11])
{
	static const char midnight[] = "T00:00:00Z";
	size_t n = strlen(since);

	if (n < 10 || (n != 10 && n != 16 && n != 19 && n != 20) ||
	    strncmp(since + 10, midnight, n - 10))
		return false;
	memcpy(day, since, 10);
	day[10] = '\0';
	return true;
}

bool tally_report_count(const struct tally *t, const char *form, const char *status,
                        const char *channel, const char *region, const char *since,
                        int64_t *n)
{
	size_t r = 0;
	char day[11];
	int64_t sum = 0;

	if (!t->built || t->counts_broken || (since && !since_date(since, day)))
		return false;
	if (region) {
		r = region_map_find(&t->rm, region);
		if (!region_map_whole(&t->rm, r))
			return false;
	}
	for (size_t i = 0; i < t->ncounts; i++) {
		const struct tally_count *c = &t->counts[i];
		if ((form && strcmp(c->form, form)) ||
		    (status && strcmp(c->status, status)) ||
		    (channel && strcmp(c->channel, channel)) ||
		    (region && c->region != r))
			continue;
		if (since && strcmp(c->day, c->canonical ? day : since) < 0)
			continue;
		sum += c->n;
	}
	*n = sum;
	return true;
}
