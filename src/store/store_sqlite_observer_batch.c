/* store_sqlite_observer_batch.c - many observers upserted in one
 * transaction (an import of a mission's observers), on db.h.
 *
 * One by one, an observer costs a read of it with its phones, of its
 * organisation, an insert that answers its key, a check of each phone's
 * owner and each phone's insert: on PostgreSQL a round trip each.  A
 * batch reads the mission's observers, their phones and its
 * organisations once, into maps; each row is compared and its phones
 * checked there, before anything is written, so that a row refused
 * (ST_CONFLICT, ST_INVALID) writes nothing, as one by one it was undone.
 * The writes find the observer by its code (its key may not be known
 * here) and go out without waiting for their answers; only a new
 * organisation waits for its key.  The maps follow what the batch writes.
 * As for locations (store_sqlite_location_batch.c), the caller's
 * transaction makes the batch all or nothing. */
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "store/store_sqlite.h"

/* SQL_OBSERVER_GET's columns for every observer of the mission, with the
 * phones as each back-end joins them (store_sqlite_observer.c). */
#define OBSERVERS_ALL(phones)                                                            \
	"SELECT o.id, o.code, o.full_name, g.name, o.country, o.role, " phones ","       \
	" o.email, o.languages, o.team, o.accreditation_status, o.badge_number,"         \
	" o.requested_on, o.decided_on, o.id_document FROM observer o"                   \
	" LEFT JOIN organisation g ON g.id = o.organisation_id"                          \
	" WHERE o.mission_id = ?1"
static const char observers_all_sqlite[] = OBSERVERS_ALL(
    "(SELECT group_concat(phone, ';') FROM (SELECT phone FROM observer_phone"
    " WHERE observer_id = o.id ORDER BY position))");
static const char observers_all_pg[] =
    OBSERVERS_ALL("(SELECT string_agg(phone, ';' ORDER BY position)"
                  " FROM observer_phone WHERE observer_id = o.id)");

#define PHONE_MAX 64 /* bytes of a phone, as store_phones() takes them */

struct observer_batch {
	int64_t mission_id;
	struct arena a;
	struct strmap by_code; /* code -> struct observer, as written */
	struct strmap phones;  /* phone -> its observer's code */
	struct strmap orgs;    /* name -> key, as an integer */
};

/* The next phone of the ';'-separated list at *p into out (skipping what
 * store_phones() skips: empty and overlong ones); false at the end. */
static bool next_phone(const char **p, char out[PHONE_MAX])
{
	while (*p && **p) {
		const char *semi = strchr(*p, ';');
		size_t n = semi ? (size_t)(semi - *p) : strlen(*p);
		const char *at = *p;

		*p = semi ? semi + 1 : NULL;
		if (n && n < PHONE_MAX) {
			memcpy(out, at, n);
			out[n] = '\0';
			return true;
		}
	}
	return false;
}

static void own_phones(struct observer_batch *b, const struct observer *o)
{
	const char *p = o->phones;
	char phone[PHONE_MAX];

	while (next_phone(&p, phone))
		strmap_set(&b->phones, arena_strdup(&b->a, phone), (void *)o->code);
}

static enum status read_all(struct store_sqlite *s, struct observer_batch *b,
                            struct err *e)
{
	bool pg = db_kind(s->conn) == DB_POSTGRES;
	struct db_stmt *st;
	enum status rc;
	bool row;

	rc = sdb_prepare(s, pg ? observers_all_pg : observers_all_sqlite, 0, &st,
	                 "reading the observers", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, b->mission_id);
	while (!(rc = sdb_step(s, st, &row, "reading the observers", e)) && row) {
		struct observer *o = arena_alloc(&b->a, sizeof(*o));
		sqlite_observer_read(st, &b->a, o);
		strmap_set(&b->by_code, o->code, o);
		own_phones(b, o);
	}
	db_finalize(st);
	if (rc)
		return rc;
	st = sdb_stmt(s, SQL_ORG_ALL);
	db_bind_int64(st, 1, b->mission_id);
	while (!(rc = sdb_step(s, st, &row, "reading the organisations", e)) && row)
		strmap_set(&b->orgs, arena_strdup(&b->a, db_col_text(st, 1)),
		           (void *)(intptr_t)db_col_int64(st, 0));
	db_reset(st);
	return rc;
}

enum status sqlite_observer_batch_begin(struct store *base, int64_t mission_id,
                                        struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct observer_batch *b;
	enum status rc;

	if (!s->in_tx)
		return err_set(e, ST_INVALID,
		               "a batch of observers needs a transaction of its own");
	sqlite_observer_batch_end(base);
	b = xcalloc(1, sizeof(*b)); /* the arena and the maps empty */
	b->mission_id = mission_id;
	s->obatch = b;
	rc = read_all(s, b, e);
	if (rc)
		sqlite_observer_batch_end(base);
	return rc;
}

void sqlite_observer_batch_end(struct store *base)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct observer_batch *b = s->obatch;

	if (!b)
		return;
	s->obatch = NULL;
	strmap_release(&b->by_code);
	strmap_release(&b->phones);
	strmap_release(&b->orgs);
	arena_release(&b->a);
	free(b);
}

/* The organisation's key, stored (and audited) when new. */
static enum status org_key(struct store_sqlite *s, struct observer_batch *b,
                           const char *name, int64_t *id, struct err *e)
{
	void *v;
	struct db_stmt *st;
	enum status rc;
	bool row;

	if (strmap_find(&b->orgs, name, &v)) {
		*id = (int64_t)(intptr_t)v;
		return ST_OK;
	}
	st = sdb_stmt(s, SQL_ORG_INSERT);
	db_bind_int64(st, 1, b->mission_id);
	db_bind_text(st, 2, name);
	rc = sdb_step(s, st, &row, "storing an organisation", e);
	if (rc)
		return rc;
	*id = db_col_int64(st, 0); /* RETURNING id */
	db_reset(st);
	strmap_set(&b->orgs, arena_strdup(&b->a, name), (void *)(intptr_t)*id);
	return sqlite_audit(s, b->mission_id, "create", "organisation", name, NULL, NULL,
	                    e);
}

/* The errors store_phones() gives, found before anything is written. */
static enum status check_phones(struct observer_batch *b, const struct observer *o,
                                struct err *e)
{
	struct strmap seen = STRMAP_INIT;
	struct arena a = ARENA_INIT;
	const char *p = o->phones, *owner;
	char phone[PHONE_MAX];
	enum status rc = ST_OK;

	while (!rc && next_phone(&p, phone)) {
		owner = strmap_get(&b->phones, phone);
		if (owner && strcmp(owner, o->code))
			rc = err_set(e, ST_CONFLICT,
			             "phone: %s already belongs to observer \"%s\"",
			             phone, owner);
		else if (strmap_get(&seen, phone))
			rc = err_set(e, ST_INVALID, "phone: %s is listed twice", phone);
		else
			strmap_set(&seen, arena_strdup(&a, phone), (void *)1);
	}
	strmap_release(&seen);
	arena_release(&a);
	return rc;
}

static enum status write_phones(struct store_sqlite *s, struct observer_batch *b,
                                const struct observer *o, bool existed, struct err *e)
{
	const char *what = "storing phone numbers", *p = o->phones;
	char phone[PHONE_MAX];
	struct db_stmt *st;
	enum status rc = ST_OK;
	int pos = 0;

	if (existed) {
		st = sdb_stmt(s, SQL_PHONES_DELETE_BY_CODE);
		db_bind_int64(st, 1, b->mission_id);
		db_bind_text(st, 2, o->code);
		rc = sdb_write(s, st, what, e);
	}
	while (!rc && next_phone(&p, phone)) {
		st = sdb_stmt(s, SQL_PHONE_INSERT_BY_CODE);
		db_bind_int64(st, 1, b->mission_id);
		db_bind_text(st, 2, phone);
		db_bind_text(st, 3, o->code);
		db_bind_int64(st, 4, pos++);
		rc = sdb_write(s, st, what, e);
	}
	return rc;
}

/* A copy of o in the batch's arena, its phones owned in the map in place
 * of old's. */
static void keep(struct observer_batch *b, const struct observer *old,
                 const struct observer *o)
{
	struct observer *c = arena_alloc(&b->a, sizeof(*c));
	const char *p = old ? old->phones : NULL;
	char phone[PHONE_MAX];

	while (next_phone(&p, phone))
		if (strmap_get(&b->phones, phone) == old->code)
			strmap_set(&b->phones, phone, NULL);
	*c = *o;
	c->id = old ? old->id : 0;
#define COPY(f) c->f = arena_strdup(&b->a, o->f)
	COPY(code);
	COPY(full_name);
	COPY(organisation);
	COPY(country);
	COPY(role);
	COPY(phones);
	COPY(email);
	COPY(languages);
	COPY(team);
	COPY(accreditation_status);
	COPY(badge_number);
	COPY(requested_on);
	COPY(decided_on);
	COPY(id_document);
#undef COPY
	strmap_set(&b->by_code, c->code, c);
	own_phones(b, c);
}

enum status sqlite_observer_batch_put(struct store_sqlite *s, int64_t mission_id,
                                      const struct observer *o, enum upsert_result *res,
                                      struct err *e)
{
	struct observer_batch *b = s->obatch;
	const struct observer *old = strmap_get(&b->by_code, o->code);
	char *before = NULL, *after = NULL;
	int64_t org_id = 0;
	struct db_stmt *st;
	enum status rc;

	if (mission_id != b->mission_id)
		return err_set(e, ST_INVALID, "a batch of observers is for one mission");
	if (old && sqlite_observer_same(old, o)) {
		*res = UPSERT_UNCHANGED;
		return ST_OK;
	}
	rc = check_phones(b, o, e);
	if (!rc && o->organisation && *o->organisation)
		rc = org_key(s, b, o->organisation, &org_id, e);
	if (rc)
		return rc;
	st = sdb_stmt(s, old ? SQL_OBSERVER_UPDATE : SQL_OBSERVER_INSERT_BATCH);
	sqlite_observer_bind(st, mission_id, o, org_id);
	rc = sdb_write(s, st, "storing an observer", e);
	if (!rc)
		rc = write_phones(s, b, o, old != NULL, e);
	if (rc)
		return rc;
	before = old ? sqlite_observer_text(old) : NULL;
	after = sqlite_observer_text(o);
	rc = sqlite_audit(s, mission_id, old ? "update" : "create", "observer", o->code,
	                  before, after, e);
	free(before);
	free(after);
	if (rc)
		return rc;
	keep(b, old, o);
	*res = old ? UPSERT_UPDATED : UPSERT_INSERTED;
	return ST_OK;
}
