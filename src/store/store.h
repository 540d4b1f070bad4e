/* store.h - the storage interface: everything observa keeps, behind one
 * table of operations per back-end.
 *
 * store_open("sqlite:PATH") picks the back-end by URL scheme; callers then
 * use the store_* functions below, which dispatch through struct
 * store_ops.  SQL lives only in the back-ends.  Every change made through
 * the store is written to the audit log in the same transaction, with the
 * actor and origin set by store_set_actor().
 *
 * A store handle is used by one thread at a time.  Strings handed back by
 * *_get functions live in the caller's arena; those handed to callbacks
 * live only until the callback returns.  A callback that returns non-OK
 * stops the iteration and its status is returned. */
#ifndef OBSERVA_STORE_H
#define OBSERVA_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "model/location.h"
#include "model/mission.h"
#include "model/observer.h"

#define STORE_DEFAULT_URL "sqlite:observa.db"

struct store_ops;

/* Every back-end's handle starts with this. */
struct store {
	const struct store_ops *ops;
	char *actor;  /* who makes the changes ("cli:alice"); owned */
	char *origin; /* where from ("local", "127.0.0.1"); owned */
};

enum upsert_result { UPSERT_INSERTED, UPSERT_UPDATED, UPSERT_UNCHANGED };

struct location_filter {
	const char *parent;      /* only children of this code (NULL: any) */
	bool top;                /* only locations without a parent */
	const char *level;       /* canonical level or NULL */
	const char *code_prefix; /* codes starting with this, or NULL */
	int64_t limit;           /* at most this many rows; <= 0: all */
	int64_t offset;
};

struct observer_filter {
	const char *status;       /* accreditation status or NULL */
	const char *organisation; /* organisation name or NULL */
	const char *country;      /* alpha-2 or NULL */
	const char *role;         /* canonical role or NULL */
	const char *team;         /* team name or NULL */
	const char *phone;        /* E.164 number or NULL */
	int64_t limit;            /* <= 0: all */
	int64_t offset;
};

/* One group of observers with the same status, organisation and country. */
struct observer_tally_row {
	const char *status;
	const char *organisation; /* NULL when none */
	const char *country;      /* NULL when unknown */
	int64_t count;
};

struct audit_entry {
	int64_t id;
	const char *at; /* ISO 8601 UTC */
	const char *actor, *origin;
	const char *mission;    /* mission code or NULL */
	const char *action;     /* create | update | delete */
	const char *entity;     /* mission | location | observer | ... */
	const char *entity_key; /* the entity's code */
	const char *before;     /* JSON text or NULL (create) */
	const char *after;      /* JSON text or NULL (delete) */
};

struct audit_filter {
	int64_t mission_id; /* 0: all missions */
	const char *entity; /* NULL: all */
	int64_t limit;      /* <= 0: all */
};

typedef enum status (*store_mission_cb)(void *ctx, const struct mission *m);
typedef enum status (*store_location_cb)(void *ctx, const struct location *l);
typedef enum status (*store_observer_cb)(void *ctx, const struct observer *o);
typedef enum status (*store_tally_cb)(void *ctx, const struct observer_tally_row *r);
typedef enum status (*store_audit_cb)(void *ctx, const struct audit_entry *a);

struct store_ops {
	const char *scheme; /* "sqlite" */
	enum status (*open)(const char *location, struct store **out, struct err *e);
	void (*close)(struct store *st);
	int (*schema_version)(struct store *st);
	enum status (*begin)(struct store *st, struct err *e);
	enum status (*commit)(struct store *st, struct err *e);
	void (*rollback)(struct store *st);

	enum status (*mission_create)(struct store *st, struct mission *m, struct err *e);
	enum status (*mission_update)(struct store *st, const struct mission *m,
	                              struct err *e);
	enum status (*mission_get)(struct store *st, const char *code, struct arena *a,
	                           struct mission *out, struct err *e);
	enum status (*mission_list)(struct store *st, store_mission_cb cb, void *ctx,
	                            struct err *e);

	enum status (*location_upsert)(struct store *st, int64_t mission_id,
	                               const struct location *l, enum upsert_result *res,
	                               struct err *e);
	enum status (*location_get)(struct store *st, int64_t mission_id,
	                            const char *code, struct arena *a,
	                            struct location *out, struct err *e);
	enum status (*location_list)(struct store *st, int64_t mission_id,
	                             const struct location_filter *f, int64_t *total,
	                             store_location_cb cb, void *ctx, struct err *e);
	enum status (*location_check_tree)(struct store *st, int64_t mission_id,
	                                   struct err *e);

	enum status (*observer_upsert)(struct store *st, int64_t mission_id,
	                               const struct observer *o, enum upsert_result *res,
	                               struct err *e);
	enum status (*observer_get)(struct store *st, int64_t mission_id,
	                            const char *code, struct arena *a,
	                            struct observer *out, struct err *e);
	enum status (*observer_list)(struct store *st, int64_t mission_id,
	                             const struct observer_filter *f, int64_t *total,
	                             store_observer_cb cb, void *ctx, struct err *e);
	enum status (*observer_tally)(struct store *st, int64_t mission_id,
	                              store_tally_cb cb, void *ctx, struct err *e);

	enum status (*audit_list)(struct store *st, const struct audit_filter *f,
	                          store_audit_cb cb, void *ctx, struct err *e);
};

/* ---- opening and transactions ---- */

/* Open (creating if needed) the store at url and bring its schema up to
 * date.  url is "sqlite:PATH" (a bare path also means SQLite).  Unknown
 * schemes are ST_UNSUPPORTED with the supported ones listed.  The caller
 * closes *out with store_close(). */
enum status store_open(const char *url, struct store **out, struct err *e);
/* Close and free; NULL is a no-op. */
void store_close(struct store *st);
/* Schema version the store is at. */
int store_schema_version(struct store *st);
/* Set who is making changes and from where, for the audit log. */
void store_set_actor(struct store *st, const char *actor, const char *origin);

/* One transaction: changes between begin and commit are all or nothing.
 * Without begin, each change is its own transaction. */
enum status store_begin(struct store *st, struct err *e);
enum status store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* ---- missions ---- */

/* Store a new mission (validated by the caller); sets m->id.  ST_EXISTS
 * when the code is taken. */
enum status store_mission_create(struct store *st, struct mission *m, struct err *e);
/* Replace the mission with m->code's fields.  ST_NOT_FOUND if absent. */
enum status store_mission_update(struct store *st, const struct mission *m,
                                 struct err *e);
/* Load a mission by code into out, strings in a.  ST_NOT_FOUND with a
 * message naming the code when there is none. */
enum status store_mission_get(struct store *st, const char *code, struct arena *a,
                              struct mission *out, struct err *e);
/* Every mission, by code. */
enum status store_mission_list(struct store *st, store_mission_cb cb, void *ctx,
                               struct err *e);

/* ---- locations ---- */

/* Insert or update the location with l->code.  The parent (by code) must
 * already exist and must not be a station; *res tells what happened
 * (UNCHANGED writes nothing and audits nothing). */
enum status store_location_upsert(struct store *st, int64_t mission_id,
                                  const struct location *l, enum upsert_result *res,
                                  struct err *e);
enum status store_location_get(struct store *st, int64_t mission_id, const char *code,
                               struct arena *a, struct location *out, struct err *e);
/* Locations matching f, ordered by code; *total gets the number matching
 * f without limit and offset.  cb may be NULL to count only. */
enum status store_location_list(struct store *st, int64_t mission_id,
                                const struct location_filter *f, int64_t *total,
                                store_location_cb cb, void *ctx, struct err *e);
/* ST_INVALID naming a location whose ancestors loop back to it. */
enum status store_location_check_tree(struct store *st, int64_t mission_id,
                                      struct err *e);

/* ---- observers ---- */

/* Insert or update the observer with o->code.  The organisation is created
 * by name when new.  Each phone number may belong to one observer of the
 * mission only (ST_CONFLICT naming the other observer). */
enum status store_observer_upsert(struct store *st, int64_t mission_id,
                                  const struct observer *o, enum upsert_result *res,
                                  struct err *e);
enum status store_observer_get(struct store *st, int64_t mission_id, const char *code,
                               struct arena *a, struct observer *out, struct err *e);
/* Observers matching f, ordered by code; *total as for locations. */
enum status store_observer_list(struct store *st, int64_t mission_id,
                                const struct observer_filter *f, int64_t *total,
                                store_observer_cb cb, void *ctx, struct err *e);
/* Counts of observers grouped by status, organisation and country. */
enum status store_observer_tally(struct store *st, int64_t mission_id, store_tally_cb cb,
                                 void *ctx, struct err *e);

/* ---- audit ---- */

/* Audit entries matching f, newest first. */
enum status store_audit_list(struct store *st, const struct audit_filter *f,
                             store_audit_cb cb, void *ctx, struct err *e);

#endif
