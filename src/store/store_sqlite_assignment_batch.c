/* store_sqlite_assignment_batch.c - many assignments put in one
 * transaction (an import of election day's teams), on db.h.
 *
 * One by one, an assignment costs a savepoint, a lookup of its station,
 * one of its observer, the insert and its audit entry: on PostgreSQL a
 * round trip each.  A batch reads the keys of the mission's stations and
 * observers and the assignments already stored once, into maps; each row
 * is checked and compared there, and the insert and its audit entry go
 * out without waiting for their answers.  The set of assignments follows
 * what the batch writes.  As for locations
 * (store_sqlite_location_batch.c), the caller's transaction makes the
 * batch all or nothing. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "store/store_sqlite.h"

#define ASSIGNMENTS_ALL                                                                  \
	"SELECT observer_id, station_id, day FROM assignment WHERE mission_id = ?1"

struct keyed {
	int64_t id;
	const char *level; /* a location's; NULL for an observer */
};

struct assignment_batch {
	int64_t mission_id;
	struct arena a;
	struct strmap places;    /* location code -> struct keyed */
	struct strmap observers; /* observer code -> struct keyed */
	struct strmap stored;    /* "observer-key station-key day" -> itself */
};

static void keep(struct assignment_batch *b, struct strmap *m, const char *code,
                 int64_t id, const char *level)
{
	struct keyed *k = arena_alloc(&b->a, sizeof(*k));

	k->id = id;
	k->level = level ? arena_strdup(&b->a, level) : NULL;
	strmap_set(m, arena_strdup(&b->a, code), k);
}

/* The set's key of one assignment, in the batch's arena. */
static char *stored_key(struct assignment_batch *b, int64_t observer, int64_t station,
                        const char *day)
{
	char head[48];
	size_t n = (size_t)snprintf(head, sizeof(head), "%" PRId64 " %" PRId64 " ",
	                            observer, station);
	size_t d = strlen(day);
	char *k = arena_alloc(&b->a, n + d + 1);

	memcpy(k, head, n);
	memcpy(k + n, day, d + 1);
	return k;
}

static enum status read_keys(struct store_sqlite *s, struct assignment_batch *b,
                             struct err *e)
{
	struct db_stmt *st = sdb_stmt(s, SQL_LOCATION_KEYS);
	enum status rc;
	bool row;

	db_bind_int64(st, 1, b->mission_id);
	while (!(rc = sdb_step(s, st, &row, "reading the stations", e)) && row)
		keep(b, &b->places, db_col_text(st, 1), db_col_int64(st, 0),
		     db_col_text(st, 2));
	db_reset(st);
	if (rc)
		return rc;
	st = sdb_stmt(s, SQL_OBSERVER_KEYS);
	db_bind_int64(st, 1, b->mission_id);
	while (!(rc = sdb_step(s, st, &row, "reading the observers", e)) && row)
		keep(b, &b->observers, db_col_text(st, 1), db_col_int64(st, 0), NULL);
	db_reset(st);
	return rc;
}

static enum status read_stored(struct store_sqlite *s, struct assignment_batch *b,
                               struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s, ASSIGNMENTS_ALL, 0, &st, "reading the assignments", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, b->mission_id);
	while (!(rc = sdb_step(s, st, &row, "reading the assignments", e)) && row) {
		char *k = stored_key(b, db_col_int64(st, 0), db_col_int64(st, 1),
		                     db_col_text(st, 2));
		strmap_set(&b->stored, k, k);
	}
	db_finalize(st);
	return rc;
}

enum status sqlite_assignment_batch_begin(struct store *base, int64_t mission_id,
                                          struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct assignment_batch *b;
	enum status rc;

	if (!s->in_tx)
		return err_set(e, ST_INVALID,
		               "a batch of assignments needs a transaction of its own");
	sqlite_assignment_batch_end(base);
	b = xcalloc(1, sizeof(*b)); /* the arena and the maps empty */
	b->mission_id = mission_id;
	s->abatch = b;
	rc = read_keys(s, b, e);
	if (!rc)
		rc = read_stored(s, b, e);
	if (rc)
		sqlite_assignment_batch_end(base);
	return rc;
}

void sqlite_assignment_batch_end(struct store *base)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct assignment_batch *b = s->abatch;

	if (!b)
		return;
	s->abatch = NULL;
	strmap_release(&b->places);
	strmap_release(&b->observers);
	strmap_release(&b->stored);
	arena_release(&b->a);
	free(b);
}

enum status sqlite_assignment_batch_put(struct store_sqlite *s, int64_t mission_id,
                                        const struct assignment_row *a,
                                        enum upsert_result *res, struct err *e)
{
	struct assignment_batch *b = s->abatch;
	struct keyed *place, *observer;
	struct db_stmt *st;
	char *k;
	enum status rc;

	if (mission_id != b->mission_id)
		return err_set(e, ST_INVALID,
		               "a batch of assignments is for one mission");
	place = strmap_get(&b->places, a->station);
	if (!place)
		return err_set(e, ST_NOT_FOUND,
		               "station: no polling station with code \"%s\"",
		               a->station);
	if (!sqlite_station_level(place->level))
		return err_set(e, ST_INVALID,
		               "station: \"%s\" is a %s, not a polling station or a "
		               "commission",
		               a->station, place->level);
	observer = strmap_get(&b->observers, a->observer);
	if (!observer)
		return err_set(e, ST_NOT_FOUND, "observer: no observer with code \"%s\"",
		               a->observer);
	k = stored_key(b, observer->id, place->id, a->day);
	if (strmap_get(&b->stored, k)) {
		*res = UPSERT_UNCHANGED;
		return ST_OK;
	}
	st = sqlite_assignment_insert(s, mission_id, observer->id, place->id, a->day);
	rc = sdb_write(s, st, "storing an assignment", e);
	if (!rc)
		rc = sqlite_assignment_audit(s, mission_id, a, e);
	if (rc)
		return rc;
	strmap_set(&b->stored, k, k);
	*res = UPSERT_INSERTED;
	return ST_OK;
}
