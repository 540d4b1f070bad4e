/* official_forensics.c - the official results' forensic statistics: the
 * ballot's choices and their protocol lines, then one station_result per
 * official row fed to forensics.c.  See official_forensics.h. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/official_forensics.h"
#include "core/alloc.h"

struct choices {
	struct arena *a;
	const char **names, **tags, **kinds;
	int *orders;
	size_t n, cap;
	const char *prefix, *against;
};

static enum status add_choice(void *ctx, const struct store_choice *c)
{
	struct choices *ch = ctx;
	char tag[48];

	if (ch->n == ch->cap) {
		ch->cap = ch->cap ? ch->cap * 2 : 16;
		ch->names = xrealloc(ch->names, ch->cap * sizeof(*ch->names));
		ch->tags = xrealloc(ch->tags, ch->cap * sizeof(*ch->tags));
		ch->kinds = xrealloc(ch->kinds, ch->cap * sizeof(*ch->kinds));
		ch->orders = xrealloc(ch->orders, ch->cap * sizeof(*ch->orders));
	}
	if (!strcmp(c->kind, "against_all"))
		snprintf(tag, sizeof(tag), "%s", ch->against);
	else
		snprintf(tag, sizeof(tag), "%s%d", ch->prefix, c->order);
	ch->names[ch->n] = arena_strdup(ch->a, c->name);
	ch->tags[ch->n] = arena_strdup(ch->a, tag);
	ch->kinds[ch->n] = arena_strdup(ch->a, c->kind);
	ch->orders[ch->n] = c->order;
	ch->n++;
	return ST_OK;
}

struct feed {
	struct forensics *f;
	const struct choices *ch;
	int64_t *votes;
	int64_t rows;
};

static int64_t line(const json_t *lines, const char *tag)
{
	const json_t *v = json_object_get(lines, tag);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static enum status add_row(void *ctx, const struct official_result *r)
{
	struct feed *fd = ctx;
	json_t *lines = json_loads(r->lines, 0, NULL);
	struct station_result s = {0};

	if (!lines)
		return ST_OK; /* the store keeps objects only: not expected */
	s.id = r->station;
	s.registered = line(lines, "A");
	s.ballots = line(lines, "G") + line(lines, "H");
	s.invalid = line(lines, "I");
	s.valid = line(lines, "J");
	for (size_t c = 0; c < fd->ch->n; c++)
		fd->votes[c] = line(lines, fd->ch->tags[c]);
	s.votes = fd->votes;
	s.nchoices = fd->ch->n;
	forensics_add(fd->f, &s);
	fd->rows++;
	json_decref(lines);
	return ST_OK;
}

/* The PR form's prefix and against-all tag ("P", "AA" by default). */
static enum status ballot_tags(struct store *st, int64_t mission_id, struct choices *ch,
                               struct err *e)
{
	struct form_record fr;
	json_t *def, *c;
	enum status rc;

	ch->prefix = "P";
	ch->against = "AA";
	rc = store_form_get(st, mission_id, "PR", ch->a, &fr, e);
	if (rc)
		return rc;
	def = json_loads(fr.definition, 0, NULL);
	c = json_object_get(def, "choices");
	if (json_string_value(json_object_get(c, "prefix")))
		ch->prefix =
		    arena_strdup(ch->a, json_string_value(json_object_get(c, "prefix")));
	if (json_string_value(json_object_get(c, "against_all_tag")))
		ch->against = arena_strdup(
		    ch->a, json_string_value(json_object_get(c, "against_all_tag")));
	json_decref(def);
	return ST_OK;
}

/* The ballot's choices with their tags, into ch (its arrays malloc'ed). */
static enum status load_choices(struct store *st, int64_t mission_id, struct choices *ch,
                                struct err *e)
{
	enum status rc = ballot_tags(st, mission_id, ch, e);

	if (!rc)
		rc = store_choices_list(st, mission_id, add_choice, ch, e);
	if (!rc && !ch->n)
		rc = err_set(e, ST_NOT_FOUND, "the mission has no ballot choices");
	return rc;
}

static void choices_release(struct choices *ch)
{
	free(ch->names);
	free(ch->tags);
	free(ch->kinds);
	free(ch->orders);
}

enum status official_forensics(struct store *st, int64_t mission_id,
                               const struct forensics_opts *opts, struct forensics *f,
                               const char ***names, size_t *nchoices, struct arena *a,
                               struct err *e)
{
	return official_forensics_from(st, mission_id, NULL, opts, f, names, nchoices, a,
	                               e);
}

enum status official_forensics_from(struct store *st, int64_t mission_id,
                                    const struct official_rows *src,
                                    const struct forensics_opts *opts,
                                    struct forensics *f, const char ***names,
                                    size_t *nchoices, struct arena *a, struct err *e)
{
	struct choices ch = {.a = a};
	struct feed fd = {0};
	int64_t total = 0;
	enum status rc;

	memset(f, 0, sizeof(*f));
	*names = NULL;
	*nchoices = 0;
	rc = load_choices(st, mission_id, &ch, e);
	if (!rc)
		rc = official_rows_list(src, st, mission_id, &total, NULL, NULL, e);
	if (!rc && !total)
		rc = err_set(e, ST_NOT_FOUND, "the mission has no official results");
	if (rc)
		goto out;
	forensics_init(f, ch.n, opts);
	fd = (struct feed){f, &ch, xcalloc(ch.n, sizeof(int64_t)), 0};
	rc = official_rows_list(src, st, mission_id, NULL, add_row, &fd, e);
	free(fd.votes);
	if (rc)
		goto out;
	forensics_finish(f);
	*names = arena_alloc(a, ch.n * sizeof(**names));
	memcpy(*names, ch.names, ch.n * sizeof(**names));
	*nchoices = ch.n;
out:
	choices_release(&ch);
	return rc;
}

struct sums {
	const struct choices *ch;
	int64_t *votes; /* per choice, then invalid */
	int64_t rows;
};

static enum status sum_row(void *ctx, const struct official_result *r)
{
	struct sums *sm = ctx;
	json_t *lines = json_loads(r->lines, 0, NULL);

	if (!lines)
		return ST_OK;
	for (size_t c = 0; c < sm->ch->n; c++)
		sm->votes[c] += line(lines, sm->ch->tags[c]);
	sm->votes[sm->ch->n] += line(lines, "I");
	sm->rows++;
	json_decref(lines);
	return ST_OK;
}

enum status official_votes(struct store *st, int64_t mission_id, struct vote_row **rows,
                           size_t *nrows, int64_t *stations, struct arena *a,
                           struct err *e)
{
	return official_votes_from(st, mission_id, NULL, rows, nrows, stations, a, e);
}

enum status official_votes_from(struct store *st, int64_t mission_id,
                                const struct official_rows *src, struct vote_row **rows,
                                size_t *nrows, int64_t *stations, struct arena *a,
                                struct err *e)
{
	struct choices ch = {.a = a};
	struct sums sm = {0};
	enum status rc;

	*rows = NULL;
	*nrows = 0;
	*stations = 0;
	rc = load_choices(st, mission_id, &ch, e);
	if (rc)
		goto out;
	sm = (struct sums){&ch, xcalloc(ch.n + 1, sizeof(int64_t)), 0};
	rc = official_rows_list(src, st, mission_id, NULL, sum_row, &sm, e);
	if (!rc && !sm.rows)
		rc = err_set(e, ST_NOT_FOUND, "the mission has no official results");
	if (rc)
		goto out;
	*rows = arena_alloc(a, (ch.n + 1) * sizeof(**rows));
	for (size_t c = 0; c < ch.n; c++)
		(*rows)[c] = (struct vote_row){
		    ch.names[c], sm.votes[c],
		    strcmp(ch.kinds[c], "against_all") ? VOTE_LIST : VOTE_AGAINST_ALL,
		    ch.orders[c]};
	(*rows)[ch.n] = (struct vote_row){"Invalid ballots", sm.votes[ch.n], VOTE_INVALID,
	                                  VOTES_NO_ORDER};
	*nrows = ch.n + 1;
	*stations = sm.rows;
out:
	free(sm.votes);
	choices_release(&ch);
	return rc;
}
