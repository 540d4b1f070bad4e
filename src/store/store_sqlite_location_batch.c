/* store_sqlite_location_batch.c - many locations upserted in one
 * transaction (an import of a country's stations), on db.h.
 *
 * The single upsert reads the location and its parent before each write,
 * in a savepoint of its own: on PostgreSQL a round trip to wait for, and
 * another for the writes' answers, for every row.  A batch reads the
 * mission's locations once, into a map by code, compares each row with
 * it and checks the parent there; the writes name the parent by its code
 * (it may have been written earlier in the batch, its key still unknown
 * here) and go out without waiting for their answers.  The map follows
 * what the batch writes.  The caller's transaction makes the batch all or
 * nothing: a write that fails is reported by a later statement or by the
 * commit, and the caller rolls back. */
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "store/store_sqlite.h"

struct location_batch {
	int64_t mission_id;
	struct arena a;
	struct strmap by_code; /* code -> struct location, as written */
};

enum status sqlite_location_batch_begin(struct store *base, int64_t mission_id,
                                        struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct location_batch *b;
	struct db_stmt *st;
	enum status rc;
	bool row;

	if (!s->in_tx)
		return err_set(e, ST_INVALID,
		               "a batch of locations needs a transaction of its own");
	sqlite_location_batch_end(base);
	b = xcalloc(1, sizeof(*b)); /* the arena and the map empty */
	b->mission_id = mission_id;
	s->lbatch = b;
	st = sdb_stmt(s, SQL_LOCATION_ALL);
	db_bind_int64(st, 1, mission_id);
	while (!(rc = sdb_step(s, st, &row, "reading the locations", e)) && row) {
		struct location *l = arena_alloc(&b->a, sizeof(*l));
		sqlite_location_read(st, &b->a, l);
		strmap_set(&b->by_code, l->code, l);
	}
	db_reset(st);
	if (rc)
		sqlite_location_batch_end(base);
	return rc;
}

void sqlite_location_batch_end(struct store *base)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct location_batch *b = s->lbatch;

	if (!b)
		return;
	s->lbatch = NULL;
	strmap_release(&b->by_code);
	arena_release(&b->a);
	free(b);
}

/* A copy of l in the batch's arena. */
static struct location *copy_location(struct location_batch *b, const struct location *l,
                                      int64_t id)
{
	struct location *c = arena_alloc(&b->a, sizeof(*c));

	*c = *l;
	c->id = id;
	c->code = arena_strdup(&b->a, l->code);
	c->name = arena_strdup(&b->a, l->name);
	c->level = arena_strdup(&b->a, l->level);
	c->parent = arena_strdup(&b->a, l->parent);
	c->stratum = arena_strdup(&b->a, l->stratum);
	return c;
}

enum status sqlite_location_batch_put(struct store_sqlite *s, int64_t mission_id,
                                      const struct location *l, enum upsert_result *res,
                                      struct err *e)
{
	struct location_batch *b = s->lbatch;
	struct location *old = strmap_get(&b->by_code, l->code), *parent = NULL;
	char *before = NULL, *after = NULL;
	struct db_stmt *st;
	enum status rc;

	if (mission_id != b->mission_id)
		return err_set(e, ST_INVALID, "a batch of locations is for one mission");
	if (old && sqlite_location_same(old, l)) {
		*res = UPSERT_UNCHANGED;
		return ST_OK;
	}
	if (l->parent) {
		parent = strmap_get(&b->by_code, l->parent);
		if (!parent)
			return err_set(e, ST_NOT_FOUND,
			               "parent: no location with code \"%s\"", l->parent);
		if (!strcmp(parent->level, "station"))
			return err_set(e, ST_INVALID,
			               "parent: \"%s\" is a polling station and cannot "
			               "contain other locations",
			               l->parent);
	}
	st = sdb_stmt(s, old ? SQL_LOCATION_UPDATE_UNDER : SQL_LOCATION_INSERT_UNDER);
	sqlite_location_bind(st, mission_id, l);
	db_bind_text(st, 5, l->parent);
	rc = sdb_write(s, st, "storing a location", e);
	if (rc)
		return rc;
	before = old ? sqlite_location_text(old) : NULL;
	after = sqlite_location_text(l);
	rc = sqlite_audit(s, mission_id, old ? "update" : "create", "location", l->code,
	                  before, after, e);
	free(before);
	free(after);
	if (rc)
		return rc;
	strmap_set(&b->by_code, l->code, copy_location(b, l, old ? old->id : 0));
	*res = old ? UPSERT_UPDATED : UPSERT_INSERTED;
	return ST_OK;
}
