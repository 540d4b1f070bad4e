/* store_sqlite.h - internals shared by the files of the SQLite back-end.
 *
 * Not for use outside src/store, except by the store's own unit tests. */
#ifndef OBSERVA_STORE_SQLITE_H
#define OBSERVA_STORE_SQLITE_H

#include <sqlite3.h>

#include "store/db.h"
#include "store/store.h"

/* The columns of struct stored_submission, in read order, for
 * sqlite_read_submission(); append a WHERE clause. */
#define SQLITE_SUBMISSION_COLUMNS                                                        \
	"SELECT s.id, s.client_id, r.client_id, s.form, s.form_version, l.code,"         \
	" o.code, s.observed_at, s.received_at, s.channel, s.answers, s.comment,"        \
	" s.problems, s.status, s.content_hash, s.version, s.supersedes,"                \
	" s.superseded_by, s.reviewed_by, s.reviewed_at, s.review_note, s.sent_by,"      \
	" s.origin"                                                                      \
	" FROM submission s JOIN location l ON l.id = s.station_id"                      \
	" JOIN observer o ON o.id = s.observer_id"                                       \
	" LEFT JOIN submission r ON r.id = s.supersedes"

/* The region of a location: the nearest of its ancestors p1 (its
 * parent) to p6 whose level is region, city or abroad, with the joins of
 * SQLITE_ANCESTORS(alias of the location).  Joins on keys, so a listing
 * costs a few lookups per row whatever the size of the map. */
#define SQLITE_REGION_OF                                                                 \
	"CASE WHEN p1.level IN ('region', 'city', 'abroad') THEN p1.code"                \
	" WHEN p2.level IN ('region', 'city', 'abroad') THEN p2.code"                    \
	" WHEN p3.level IN ('region', 'city', 'abroad') THEN p3.code"                    \
	" WHEN p4.level IN ('region', 'city', 'abroad') THEN p4.code"                    \
	" WHEN p5.level IN ('region', 'city', 'abroad') THEN p5.code"                    \
	" WHEN p6.level IN ('region', 'city', 'abroad') THEN p6.code END"
#define SQLITE_ANCESTORS(loc)                                                            \
	" LEFT JOIN location p1 ON p1.id = " loc ".parent_id"                            \
	" LEFT JOIN location p2 ON p2.id = p1.parent_id"                                 \
	" LEFT JOIN location p3 ON p3.id = p2.parent_id"                                 \
	" LEFT JOIN location p4 ON p4.id = p3.parent_id"                                 \
	" LEFT JOIN location p5 ON p5.id = p4.parent_id"                                 \
	" LEFT JOIN location p6 ON p6.id = p5.parent_id"

/* Cached prepared statements, one slot per distinct SQL text. */
enum sql_stmt {
	SQL_MISSION_INSERT,
	SQL_MISSION_UPDATE,
	SQL_MISSION_GET,
	SQL_LOCATION_GET,
	SQL_LOCATION_GET_PAIR,
	SQL_LOCATION_INSERT,
	SQL_LOCATION_UPDATE,
	SQL_LOCATION_ALL,
	SQL_LOCATION_INSERT_UNDER,
	SQL_LOCATION_UPDATE_UNDER,
	SQL_OBSERVER_INSERT_BATCH,
	SQL_PHONES_DELETE_BY_CODE,
	SQL_PHONE_INSERT_BY_CODE,
	SQL_ORG_ALL,
	SQL_ORG_GET,
	SQL_ORG_INSERT,
	SQL_OBSERVER_GET,
	SQL_OBSERVER_INSERT,
	SQL_OBSERVER_UPDATE,
	SQL_PHONES_DELETE,
	SQL_PHONE_OWNER,
	SQL_PHONE_INSERT,
	SQL_AUDIT_INSERT,
	SQL_SAVEPOINT,
	SQL_RELEASE,
	SQL_ROLLBACK_TO,
	SQL_STATION_ID,
	SQL_OBSERVER_ID,
	SQL_OBSERVER_CODE,
	SQL_LOCATION_KEYS,
	SQL_OBSERVER_KEYS,
	SQL_SUB_BY_CLIENT,
	SQL_SUB_INSERT,
	SQL_SUB_INSERT_ROWID,
	SQL_SUB_SUPERSEDE,
	SQL_SUB_GET,
	SQL_SUB_BY_IDS,
	SQL_ASSIGNMENT_INSERT,
	SQL_SUB_PEERS,
	SQL_CONFLICT_PUT,
	SQL_CONFLICT_CLEAR,
	SQL_ALERT_ADD,
	SQL_FORMS_REV,
	SQL_CREDENTIAL_FIND,
	SQL_ATTACHMENT_ADD,
	SQL_RECEIVED_ADD,
	SQL_STATION_REPORTS,
	SQL_SESSION_FIND,
	SQL_TOKEN_FIND,
	SQL_ROLE_GET,
	SQL_REGISTRY_VERSION,
	SQL__COUNT
};

/* Statements kept by their SQL text's address (sqlite_cached()). */
#define SQLITE_CACHED_MAX 64

struct store_sqlite {
	struct store base; /* must be first */
	sqlite3 *db;       /* the handle under conn, for what is not yet on db.h */
	struct db *conn;   /* the connection, through db.h */
	sqlite3_stmt *stmts[SQL__COUNT];
	struct db_stmt *dstmts[SQL__COUNT];
	int in_tx;
	int op_depth;        /* changes and reads open (sqlite_op_begin) */
	uint64_t op_unsaved; /* bit d: the read opened at depth d made no
	                      * savepoint, being inside another */
	int op_tx;           /* PostgreSQL: the outermost change began the transaction
	                      * (1 writing, 2 reading); SQLite: the depth of the change
	                      * that began one (BEGIN IMMEDIATE), 0 for none */
	struct location_batch *lbatch;   /* store_location_batch_begin() */
	struct observer_batch *obatch;   /* store_observer_batch_begin() */
	struct assignment_batch *abatch; /* store_assignment_batch_begin() */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cached[SQLITE_CACHED_MAX];
	int ncached;
	struct {
		const char *sql;
		struct db_stmt *st;
	} dcached[SQLITE_CACHED_MAX];
	int ndcached;
	struct unreported *unreported; /* store_sqlite_unreported.c */
};

/* ---- Stations known to have no report of a form yet
 * (store_sqlite_unreported.c) ----
 *
 * Whether station has certainly no report of form in mission other than
 * except_id (0: none left out), known without reading: true only on
 * SQLite, in a write transaction, for the one mission the connection
 * follows, from the second write transaction after the first call for it
 * on.  False means nothing: ask the database. */
bool sqlite_unreported_none(struct store_sqlite *s, int64_t mission_id,
                            int64_t station_id, const char *form, int64_t except_id);
/* This connection inserted report id of form at station in mission. */
void sqlite_unreported_inserted(struct store_sqlite *s, int64_t mission_id,
                                int64_t station_id, const char *form, int64_t id);
/* A write transaction has just begun (BEGIN IMMEDIATE): the counts are
 * brought up to date, before anything is inserted in it. */
void sqlite_unreported_begun(struct store_sqlite *s);
void sqlite_unreported_free(struct store_sqlite *s);

/* ---- The store's SQL through db.h (store_db.c) ----
 *
 * The same services as the sqlite_* helpers below, on struct db_stmt, so
 * that the operations written with them run on either database.  Errors
 * name what was being done ("reading observers: ..."); when the database
 * cannot be written or read (a full disk, a read-only file), the message
 * says so in plain words, as sqlite_unwritable() does. */

/* The statement for id, prepared on first use and handed out again reset,
 * its parameters NULL. */
struct db_stmt *sdb_stmt(struct store_sqlite *s, enum sql_stmt id);

/* sqlite_cached() and sqlite_cached_done() on db.h: sql is a string
 * literal, kept by its address. */
enum status sdb_cached(struct store_sqlite *s, const char *sql, struct db_stmt **st,
                       const char *what, struct err *e);
void sdb_cached_done(struct store_sqlite *s, struct db_stmt *st);

/* Prepare sql for one use (db_finalize() it, or hand it to sdb_each()). */
enum status sdb_prepare(struct store_sqlite *s, const char *sql, unsigned flags,
                        struct db_stmt **st, const char *what, struct err *e);

/* Step st: *row tells whether a row is there to read. */
enum status sdb_step(struct store_sqlite *s, struct db_stmt *st, bool *row,
                     const char *what, struct err *e);

/* Run st, which returns no row that matters (INSERT, UPDATE, DELETE). */
enum status sdb_run(struct store_sqlite *s, struct db_stmt *st, const char *what,
                    struct err *e);

/* sdb_run() for a write whose change count the caller does not read and
 * whose failure it need not hear before its next statement: on PostgreSQL
 * it may go out with the next statement that needs an answer (db_write()),
 * an error of its own then reported by that one or at the end of the
 * change. */
enum status sdb_write(struct store_sqlite *s, struct db_stmt *st, const char *what,
                      struct err *e);

/* Step st to its end, handing each row to row(st, ctx); finalize st in
 * every case.  A callback's non-OK status stops the walk and is returned. */
enum status sdb_each(struct store_sqlite *s, struct db_stmt *st,
                     enum status (*row)(struct db_stmt *st, void *ctx), void *ctx,
                     const char *what, struct err *e);

/* Column i as a string copied into a (or the statement's own, valid until
 * the next step, when a is NULL); NULL for SQL NULL. */
const char *sdb_col_text(struct db_stmt *st, int i, struct arena *a);

/* One page of a filtered listing (struct sqlite_page on db.h). */
struct sdb_page {
	const char *what;
	const char *count_sql;
	const char *rows_sql;
	void (*bind)(struct db_stmt *st, const void *arg);
	const void *arg;
	int limit_at;
	int64_t limit, offset; /* limit <= 0: all rows */
	enum status (*row)(struct db_stmt *st, void *ctx);
	void *ctx;
};
enum status sdb_page_run(struct store_sqlite *s, const struct sdb_page *p,
                         int64_t *total /* OUT, may be NULL */, struct err *e);

/* Prepare sql, a string literal, into *st: the first time on this
 * connection it is compiled and kept under the literal's address, later
 * it is handed out again, reset.  For statements run once per report,
 * where compiling them each time would cost more than running them.  Give
 * *st back with sqlite_cached_done(), never sqlite3_finalize(); a statement
 * must not be taken again before it is given back.  ST_DB (with what)
 * when it cannot be compiled. */
enum status sqlite_cached(struct store_sqlite *s, const char *sql, sqlite3_stmt **st,
                          const char *what, struct err *e);

/* Give st back: reset and kept when sqlite_cached() made it, finalized
 * otherwise (so either kind may be released). */
void sqlite_cached_done(struct store_sqlite *s, sqlite3_stmt *st);

/* The statement for id, prepared on first use and reset for reuse. */
sqlite3_stmt *sqlite_stmt(struct store_sqlite *s, enum sql_stmt id);

/* Fill e from the connection's last error; returns ST_DB (or ST_BUSY,
 * ST_EXISTS for constraint violations when unique is true). */
enum status sqlite_fail(struct store_sqlite *s, const char *what, struct err *e);

/* When the connection's last error means that the database cannot be
 * written or read (a full disk, a read-only file or file system, an I/O
 * error), fill e with a message that says so in plain words, ending with
 * what was being done and SQLite's own words, and return true; false (e
 * untouched) for any other error.  store_sqlite_maint.c. */
bool sqlite_unwritable(struct store_sqlite *s, const char *what, struct err *e);

/* Run SQL text without results (e.g. "SAVEPOINT op"). */
enum status sqlite_exec(struct store_sqlite *s, const char *sql, struct err *e);

/* Every change and its audit entry are one unit: op_begin() opens a
 * savepoint (inside or outside a transaction), op_end() releases it when
 * rc is ST_OK and rolls it back otherwise; it returns rc. */
enum status sqlite_op_begin(struct store_sqlite *s, struct err *e);
enum status sqlite_op_end(struct store_sqlite *s, enum status rc);

/* One page of a filtered listing, and the number of rows matching the
 * filter.  count_sql and rows_sql take the same parameters, bound by
 * bind(st, arg); rows_sql ends with "LIMIT ?N OFFSET ?N+1" where N is
 * limit_at.  row() sees each row of the page; with row NULL only *total
 * is computed. */
struct sqlite_page {
	const char *what; /* "listing locations", for error messages */
	const char *count_sql;
	const char *rows_sql;
	void (*bind)(sqlite3_stmt *st, const void *arg);
	const void *arg;
	int limit_at;
	int64_t limit, offset; /* limit <= 0: all rows */
	enum status (*row)(sqlite3_stmt *st, void *ctx);
	void *ctx;
};

enum status sqlite_page_run(struct store_sqlite *s, const struct sqlite_page *p,
                            int64_t *total /* OUT, may be NULL */, struct err *e);

/* The id of the location where reports are made or observers assigned:
 * a polling station, or a commission (territory, district) for forms such
 * as tabulation; ST_NOT_FOUND, or ST_INVALID for a country, region, city or
 * the abroad branch, with "station: ..." messages.  And of observer code. */
enum status sqlite_station_id(struct store_sqlite *s, int64_t mission_id,
                              const char *code, int64_t *id /* OUT */, struct err *e);
/* Whether a location of level is one sqlite_station_id() accepts. */
bool sqlite_station_level(const char *level);
enum status sqlite_observer_id(struct store_sqlite *s, int64_t mission_id,
                               const char *code, int64_t *id /* OUT */, struct err *e);

/* Step the prepared, bound statement st to its end, handing each row to
 * row(st, ctx); finalize st in every case.  A row callback's non-OK
 * status stops the walk and is returned; a step error fills e naming
 * what was being done. */
enum status sqlite_each(struct store_sqlite *s, sqlite3_stmt *st,
                        enum status (*row)(sqlite3_stmt *st, void *ctx), void *ctx,
                        const char *what, struct err *e);

/* Bind a string or NULL. */
void sqlite_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Column i as a string copied into a, or NULL for SQL NULL. */
const char *sqlite_col_text(sqlite3_stmt *st, int i, struct arena *a);

/* Append an audit entry (who/where from s->base) in the current
 * transaction.  before/after are JSON text or NULL. */
enum status sqlite_audit(struct store_sqlite *s, int64_t mission_id, const char *action,
                         const char *entity, const char *key, const char *before,
                         const char *after, struct err *e);

/* Schema migrations: sqlite_migrations[i] brings the schema from version i
 * to i + 1. */
extern const char *const sqlite_migrations[];
extern const int sqlite_schema_latest;

/* fsync the file at path opened with flags; fsync the directory holding
 * path (a rename in it made durable).  0, or -1 with errno
 * (store_sqlite_maint.c). */
int store_sync_path(const char *path, int flags);
int store_sync_dir_of(const char *path);

/* Close everything s holds and free it (either back-end). */
void store_sqlite_free(struct store_sqlite *s);

/* sqlite_op_begin() and sqlite_op_end() on PostgreSQL, where a savepoint
 * needs a transaction around it (store_pg.c). */
enum status pg_op_begin(struct store_sqlite *s, struct err *e);
enum status pg_op_end(struct store_sqlite *s, enum status rc);
enum status pg_read_begin(struct store_sqlite *s, struct err *e);

/* Reads that must see one state of the database (a scan, a page of an
 * export): a savepoint on SQLite, as sqlite_op_begin(); on PostgreSQL a
 * REPEATABLE READ, READ ONLY transaction (or a savepoint inside one),
 * which does not wait for writers.  Ended by sqlite_op_end(). */
enum status sqlite_read_begin(struct store_sqlite *s, struct err *e);

/* Open path and migrate it to version target (sqlite_schema_latest for
 * normal use; lower only in tests of migrations). */
enum status store_sqlite_open_at(const char *path, int target, struct store **out,
                                 struct err *e);

/* Operations implemented in the other store_sqlite_*.c files. */
enum status sqlite_mission_create(struct store *st, struct mission *m, struct err *e);
enum status sqlite_mission_update(struct store *st, const struct mission *m,
                                  struct err *e);
enum status sqlite_mission_get(struct store *st, const char *code, struct arena *a,
                               struct mission *out, struct err *e);
enum status sqlite_mission_list(struct store *st, store_mission_cb cb, void *ctx,
                                struct err *e);
enum status sqlite_location_upsert(struct store *st, int64_t mission_id,
                                   const struct location *l, enum upsert_result *res,
                                   struct err *e);
enum status sqlite_location_get(struct store *st, int64_t mission_id, const char *code,
                                struct arena *a, struct location *out, struct err *e);
/* Shared by the single upsert and the batch (store_sqlite_location.c):
 * a row of SQL_LOCATION_GET's columns; whether two locations hold the
 * same; a location as the audit log keeps it (the caller frees it). */
void sqlite_location_read(struct db_stmt *st, struct arena *a, struct location *l);
/* Bind l to SQL_LOCATION_INSERT's or _UPDATE's parameters (and their
 * _UNDER forms') but the parent, ?5, which the caller binds. */
void sqlite_location_bind(struct db_stmt *st, int64_t mission_id,
                          const struct location *l);
bool sqlite_location_same(const struct location *a, const struct location *b);
char *sqlite_location_text(const struct location *l);
/* The same for observers (store_sqlite_observer.c), and
 * store_observer_batch_begin() and _end() with the upsert of one observer
 * of the batch (store_sqlite_observer_batch.c). */
void sqlite_observer_read(struct db_stmt *st, struct arena *a, struct observer *o);
/* Bind o to SQL_OBSERVER_INSERT's or _UPDATE's parameters, with its
 * organisation's key (0: none). */
void sqlite_observer_bind(struct db_stmt *st, int64_t mission_id,
                          const struct observer *o, int64_t org_id);
bool sqlite_observer_same(const struct observer *a, const struct observer *b);
char *sqlite_observer_text(const struct observer *o);
enum status sqlite_observer_batch_begin(struct store *st, int64_t mission_id,
                                        struct err *e);
void sqlite_observer_batch_end(struct store *st);
enum status sqlite_observer_batch_put(struct store_sqlite *s, int64_t mission_id,
                                      const struct observer *o, enum upsert_result *res,
                                      struct err *e);
/* store_location_batch_begin() and _end() (store_sqlite_location_batch.c),
 * and the upsert of one location of the batch. */
enum status sqlite_location_batch_begin(struct store *st, int64_t mission_id,
                                        struct err *e);
void sqlite_location_batch_end(struct store *st);
enum status sqlite_location_batch_put(struct store_sqlite *s, int64_t mission_id,
                                      const struct location *l, enum upsert_result *res,
                                      struct err *e);
enum status sqlite_location_list(struct store *st, int64_t mission_id,
                                 const struct location_filter *f, int64_t *total,
                                 store_location_cb cb, void *ctx, struct err *e);
enum status sqlite_location_check_tree(struct store *st, int64_t mission_id,
                                       struct err *e);
enum status sqlite_observer_upsert(struct store *st, int64_t mission_id,
                                   const struct observer *o, enum upsert_result *res,
                                   struct err *e);
enum status sqlite_observer_get(struct store *st, int64_t mission_id, const char *code,
                                struct arena *a, struct observer *out, struct err *e);
enum status sqlite_observer_list(struct store *st, int64_t mission_id,
                                 const struct observer_filter *f, int64_t *total,
                                 store_observer_cb cb, void *ctx, struct err *e);
enum status sqlite_observer_tally(struct store *st, int64_t mission_id, store_tally_cb cb,
                                  void *ctx, struct err *e);
enum status sqlite_form_put(struct store *st, int64_t mission_id,
                            const struct form_record *f, enum upsert_result *res,
                            struct err *e);
enum status sqlite_form_get(struct store *st, int64_t mission_id, const char *code,
                            struct arena *a, struct form_record *out, struct err *e);
enum status sqlite_form_list(struct store *st, int64_t mission_id, store_form_cb cb,
                             void *ctx, struct err *e);
int64_t sqlite_forms_revision(struct store *st, int64_t mission_id);
enum status sqlite_registry_version(struct store *st, int64_t *n, struct err *e);
enum status sqlite_choices_replace(struct store *st, int64_t mission_id,
                                   const struct store_choice *c, size_t n, struct err *e);
enum status sqlite_choices_list(struct store *st, int64_t mission_id, store_choice_cb cb,
                                void *ctx, struct err *e);
enum status sqlite_submission_put(struct store *st, int64_t mission_id,
                                  struct stored_submission *s, enum put_outcome *out,
                                  struct err *e);
enum status sqlite_submission_get(struct store *st, int64_t mission_id, int64_t id,
                                  struct arena *a, struct stored_submission *out,
                                  struct err *e);
enum status sqlite_submission_list(struct store *st, int64_t mission_id,
                                   const struct submission_filter *f, int64_t *total,
                                   store_submission_cb cb, void *ctx, struct err *e);
#define SUB_BY_IDS_BATCH                                                                 \
	63 /* the ids SQL_SUB_BY_IDS takes, ?2 to ?64 (DB_MAX_PARAMS)                    \
	    */
enum status sqlite_submission_by_ids(struct store *st, int64_t mission_id,
                                     const int64_t *ids, size_t n, store_submission_cb cb,
                                     void *ctx, struct err *e);
enum status sqlite_submission_versions(struct store *st, int64_t mission_id, int64_t id,
                                       store_submission_cb cb, void *ctx, struct err *e);
enum status sqlite_submission_review(struct store *st, int64_t mission_id, int64_t id,
                                     const char *status, const char *note, struct err *e);
enum status sqlite_observer_key(struct store *st, int64_t mission_id, const char *code,
                                int64_t *id, struct err *e);
enum status sqlite_submission_peers(struct store *st, int64_t mission_id,
                                    const char *station, const char *form,
                                    const char *observer, store_submission_cb cb,
                                    void *ctx, struct err *e);
enum status sqlite_conflict_put(struct store *st, int64_t mission_id, const char *station,
                                const char *form, const char *tag, const char *values,
                                struct err *e);
enum status sqlite_conflict_clear(struct store *st, int64_t mission_id,
                                  const char *station, const char *form,
                                  const char *keep_tags, struct err *e);
enum status sqlite_conflict_list(struct store *st, int64_t mission_id,
                                 const struct conflict_filter *f, int64_t *total,
                                 store_conflict_cb cb, void *ctx, struct err *e);
enum status sqlite_conflict_resolve(struct store *st, int64_t mission_id, int64_t id,
                                    const char *value, struct err *e);
enum status sqlite_alert_add(struct store *st, int64_t mission_id, int64_t submission_id,
                             const char *tag, const char *value, const char *message,
                             struct err *e);
enum status sqlite_alert_list(struct store *st, int64_t mission_id, store_alert_cb cb,
                              void *ctx, struct err *e);
enum status sqlite_assignment_put(struct store *st, int64_t mission_id,
                                  const struct assignment_row *a, enum upsert_result *res,
                                  struct err *e);
/* Shared by the single put and the batch (store_sqlite_followup.c):
 * SQL_ASSIGNMENT_INSERT bound to one assignment; the audit entry of a
 * new one. */
struct db_stmt *sqlite_assignment_insert(struct store_sqlite *s, int64_t mission_id,
                                         int64_t observer_id, int64_t station_id,
                                         const char *day);
enum status sqlite_assignment_audit(struct store_sqlite *s, int64_t mission_id,
                                    const struct assignment_row *a, struct err *e);
/* store_assignment_batch_begin() and _end()
 * (store_sqlite_assignment_batch.c), and the put of one assignment of the
 * batch. */
enum status sqlite_assignment_batch_begin(struct store *st, int64_t mission_id,
                                          struct err *e);
void sqlite_assignment_batch_end(struct store *st);
enum status sqlite_assignment_batch_put(struct store_sqlite *s, int64_t mission_id,
                                        const struct assignment_row *a,
                                        enum upsert_result *res, struct err *e);
/* End every batch (a batch lives in one transaction; store_sqlite.c). */
void sqlite_batches_end(struct store *st);
enum status sqlite_assignment_list(struct store *st, int64_t mission_id,
                                   const struct assignment_row *only,
                                   store_assignment_cb cb, void *ctx, struct err *e);
enum status sqlite_coverage_rows(struct store *st, int64_t mission_id,
                                 store_coverage_cb cb, void *ctx, struct err *e);
enum status sqlite_audit_note(struct store *st, const char *action, const char *entity,
                              const char *key, const char *after, struct err *e);
enum status sqlite_audit_list(struct store *st, const struct audit_filter *f,
                              store_audit_cb cb, void *ctx, struct err *e);
enum status sqlite_credential_set(struct store *st, int64_t mission_id,
                                  const char *observer, const char *token_hash,
                                  const char *pin_hash, const char *digest_ha1,
                                  enum upsert_result *res, struct err *e);
enum status sqlite_credential_get(struct store *st, int64_t mission_id,
                                  const char *observer, struct arena *a,
                                  struct credential_row *out, struct err *e);
enum status sqlite_credential_find(struct store *st, const char *token_hash,
                                   struct arena *a, struct credential_row *out,
                                   struct err *e);
enum status sqlite_attachment_add(struct store *st, int64_t submission_id,
                                  const struct attachment_row *a, bool *added,
                                  struct err *e);
enum status sqlite_attachment_list(struct store *st, int64_t mission_id,
                                   int64_t submission_id, store_attachment_cb cb,
                                   void *ctx, struct err *e);
enum status sqlite_attachment_get(struct store *st, int64_t mission_id,
                                  int64_t submission_id, const char *name,
                                  struct arena *a, struct attachment_row *out,
                                  struct err *e);
enum status sqlite_received_add(struct store *st, int64_t mission_id,
                                struct received_row *r, struct err *e);
enum status sqlite_received_list(struct store *st, int64_t mission_id, int64_t limit,
                                 int64_t offset, int64_t *total, store_received_cb cb,
                                 void *ctx, struct err *e);

/* store_sqlite_sms.c, store_sqlite_sms_out.c */
enum status sqlite_sms_config_get(struct store *st, int64_t mission_id, struct arena *a,
                                  struct sms_config *out, struct err *e);
enum status sqlite_sms_config_put(struct store *st, int64_t mission_id,
                                  const struct sms_config *c, struct err *e);
enum status sqlite_observer_by_phone(struct store *st, int64_t mission_id,
                                     const char *phone, struct arena *a,
                                     const char **code, struct err *e);
enum status sqlite_sms_in_add(struct store *st, int64_t mission_id, struct sms_in_row *m,
                              struct err *e);
enum status sqlite_sms_in_recent(struct store *st, int64_t mission_id, const char *phone,
                                 const char *text_key, const char *since, int64_t not_id,
                                 struct arena *a, struct sms_in_row *out, struct err *e);
enum status sqlite_sms_in_finish(struct store *st, int64_t mission_id,
                                 const struct sms_in_row *m, struct err *e);
enum status sqlite_sms_in_get(struct store *st, int64_t mission_id, int64_t id,
                              struct arena *a, struct sms_in_row *out, struct err *e);
enum status sqlite_sms_in_list(struct store *st, int64_t mission_id,
                               const struct sms_filter *f, int64_t *total,
                               store_sms_in_cb cb, void *ctx, struct err *e);
enum status sqlite_sms_in_pending(struct store *st, const char *before, int64_t limit,
                                  store_sms_in_cb cb, void *ctx, struct err *e);
enum status sqlite_sms_out_add(struct store *st, int64_t mission_id,
                               struct sms_out_row *m, struct err *e);
enum status sqlite_sms_out_due(struct store *st, const char *now, const char *stale,
                               int64_t limit, store_sms_out_cb cb, void *ctx,
                               struct err *e);
enum status sqlite_sms_out_claim(struct store *st, const struct sms_out_row *seen,
                                 const struct sms_out_row *marked, bool *claimed,
                                 struct err *e);
enum status sqlite_sms_out_update(struct store *st, const struct sms_out_row *m,
                                  struct err *e);
enum status sqlite_sms_out_delivery(struct store *st, int64_t mission_id,
                                    const char *gateway_id, const char *status,
                                    struct err *e);
enum status sqlite_sms_out_list(struct store *st, int64_t mission_id,
                                const struct sms_filter *f, int64_t *total,
                                store_sms_out_cb cb, void *ctx, struct err *e);

/* store_sqlite_sms_audience.c */
enum status sqlite_sms_audience(struct store *st, int64_t mission_id,
                                const struct sms_audience_filter *f,
                                store_sms_audience_cb cb, void *ctx, struct err *e);

/* store_sqlite_pvt.c */
enum status sqlite_pvt_sample_put(struct store *st, int64_t mission_id,
                                  const struct pvt_sample_head *h,
                                  const struct pvt_sample_row *rows, size_t n,
                                  bool replace, struct err *e);
enum status sqlite_pvt_sample_get(struct store *st, int64_t mission_id, struct arena *a,
                                  struct pvt_sample_head *out, struct err *e);
enum status sqlite_pvt_sample_list(struct store *st, int64_t mission_id,
                                   store_pvt_row_cb cb, void *ctx, struct err *e);
enum status sqlite_pvt_sample_clear(struct store *st, int64_t mission_id, struct err *e);
/* store_sqlite_results.c */
enum status sqlite_official_put(struct store *st, int64_t mission_id,
                                const struct official_result *r, size_t n,
                                enum upsert_result *res, struct err *e);
enum status sqlite_official_list(struct store *st, int64_t mission_id,
                                 const struct official_filter *f, int64_t *total,
                                 store_official_cb cb, void *ctx, struct err *e);
/* store_sqlite_export.c */
enum status sqlite_export_prepare(struct store *st, struct err *e);
enum status sqlite_export_last_id(struct store *st, enum store_export_table t,
                                  int64_t *id, struct err *e);
enum status sqlite_export_observers(struct store *st, int64_t mission_id,
                                    const struct observer_filter *f, struct store_page *p,
                                    store_export_observer_cb cb, void *ctx,
                                    struct err *e);
enum status sqlite_export_accreditation(struct store *st, int64_t mission_id,
                                        const struct observer_filter *f,
                                        struct store_page *p, store_export_observer_cb cb,
                                        void *ctx, struct err *e);
enum status sqlite_export_locations(struct store *st, int64_t mission_id,
                                    const struct export_location_filter *f,
                                    struct store_page *p, store_export_location_cb cb,
                                    void *ctx, struct err *e);
enum status sqlite_export_submissions(struct store *st, int64_t mission_id,
                                      const struct submission_filter *f,
                                      struct store_page *p, store_export_submission_cb cb,
                                      void *ctx, struct err *e);
enum status sqlite_export_sms_in(struct store *st, int64_t mission_id,
                                 const struct sms_filter *f, struct store_page *p,
                                 store_sms_in_cb cb, void *ctx, struct err *e);
enum status sqlite_export_official(struct store *st, int64_t mission_id,
                                   const struct official_filter *f, struct store_page *p,
                                   store_official_cb cb, void *ctx, struct err *e);
/* store_sqlite_scan.c */
enum status sqlite_submission_scan(struct store *st, int64_t mission_id, const char *form,
                                   store_submission_cb cb, void *ctx, struct err *e);
enum status sqlite_conflict_scan(struct store *st, int64_t mission_id, const char *form,
                                 store_conflict_cb cb, void *ctx, struct err *e);
/* store_sqlite_statement.c */
enum status sqlite_statement_block_put(struct store *st, int64_t mission_id,
                                       const struct statement_block_row *b,
                                       enum upsert_result *res, struct err *e);
enum status sqlite_statement_block_list(struct store *st, int64_t mission_id,
                                        const char *lang, store_statement_block_cb cb,
                                        void *ctx, struct err *e);
/* store_sqlite_ltm.c, store_sqlite_ltm_doc.c */
enum status sqlite_meeting_add(struct store *st, int64_t mission_id,
                               const struct meeting *m, int64_t *id, struct err *e);
enum status sqlite_meeting_update(struct store *st, int64_t mission_id,
                                  const struct meeting *m, bool *changed, struct err *e);
enum status sqlite_meeting_find(struct store *st, int64_t mission_id, const char *date,
                                const char *time, const char *institution,
                                const char *counterpart, int64_t *id, struct err *e);
enum status sqlite_meeting_get(struct store *st, int64_t mission_id, int64_t id,
                               struct arena *a, struct meeting_row *out, struct err *e);
enum status sqlite_meeting_delete(struct store *st, int64_t mission_id, int64_t id,
                                  struct err *e);
enum status sqlite_meeting_list(struct store *st, int64_t mission_id,
                                const struct meeting_filter *f, int64_t *total,
                                store_meeting_cb cb, void *ctx, struct err *e);
enum status sqlite_document_add(struct store *st, int64_t mission_id,
                                const struct document *d, const void *data, int64_t *id,
                                char *hash, struct err *e);
enum status sqlite_document_list(struct store *st, int64_t mission_id,
                                 const struct document_filter *f, int64_t *total,
                                 store_document_cb cb, void *ctx, struct err *e);
enum status sqlite_document_delete(struct store *st, int64_t mission_id, int64_t id,
                                   struct err *e);
enum status sqlite_document_get(struct store *st, int64_t mission_id, int64_t id,
                                struct arena *a, struct document *out, const void **data,
                                struct err *e);
/* store_sqlite_intake.c */
enum status sqlite_observer_code(struct store *st, int64_t mission_id, int64_t id,
                                 struct arena *a, const char **code, struct err *e);
enum status sqlite_station_reports(struct store *st, int64_t mission_id,
                                   int64_t station_id, const char *form,
                                   int64_t except_id, store_submission_cb cb, void *ctx,
                                   struct err *e);
enum status sqlite_location_keys(struct store *st, int64_t mission_id, store_key_cb cb,
                                 void *ctx, struct err *e);
enum status sqlite_observer_keys(struct store *st, int64_t mission_id, store_key_cb cb,
                                 void *ctx, struct err *e);
enum status sqlite_location_key(struct store *st, int64_t mission_id, const char *code,
                                int64_t *id, const char **level, struct err *e);
/* store_sqlite_tally.c */
enum status sqlite_tally_begin(struct store *st, int *began, struct err *e);
void sqlite_tally_end(struct store *st, int began);
enum status sqlite_tally_marks(struct store *st, int64_t mission_id,
                               const struct tally_marks *since, struct tally_marks *out,
                               struct err *e);
enum status sqlite_tally_reports(struct store *st, int64_t mission_id, int64_t after,
                                 int64_t upto, int64_t one, store_tally_report_cb cb,
                                 void *ctx, struct err *e);
enum status sqlite_tally_changes(struct store *st, int64_t mission_id, int64_t after,
                                 int64_t upto, store_tally_change_cb cb, void *ctx,
                                 struct err *e);
enum status sqlite_tally_conflicts(struct store *st, int64_t mission_id, int64_t id,
                                   store_tally_conflict_cb cb, void *ctx, struct err *e);

/* store_sqlite_users.c, store_sqlite_sessions.c, store_sqlite_tokens.c */
enum status sqlite_user_create(struct store *st, const struct user_row *u, int64_t *id,
                               struct err *e);
enum status sqlite_user_get(struct store *st, const char *name, struct arena *a,
                            struct user_row *out, struct err *e);
enum status sqlite_user_list(struct store *st, store_user_cb cb, void *ctx,
                             struct err *e);
enum status sqlite_user_count(struct store *st, int64_t *n, struct err *e);
enum status sqlite_user_update(struct store *st, const char *name,
                               const struct user_change *c, struct err *e);
enum status sqlite_user_role_set(struct store *st, const char *name, int64_t mission_id,
                                 const char *role, struct err *e);
enum status sqlite_user_role_list(struct store *st, int64_t user_id,
                                  store_user_role_cb cb, void *ctx, struct err *e);
enum status sqlite_user_role_get(struct store *st, int64_t user_id, const char *mission,
                                 struct arena *a, const char **role, struct err *e);
enum status sqlite_session_create(struct store *st, const struct session_row *s,
                                  struct err *e);
enum status sqlite_session_find(struct store *st, const char *id_hash, struct arena *a,
                                struct session_row *out, struct err *e);
enum status sqlite_session_touch(struct store *st, const char *id_hash, const char *when,
                                 struct err *e);
enum status sqlite_session_delete(struct store *st, const char *id_hash,
                                  const char *before, struct err *e);
enum status sqlite_token_create(struct store *st, const struct token_row *t, int64_t *id,
                                struct err *e);
enum status sqlite_token_find(struct store *st, const char *hash, struct arena *a,
                              struct token_row *out, struct err *e);
enum status sqlite_token_list(struct store *st, store_token_cb cb, void *ctx,
                              struct err *e);
enum status sqlite_token_revoke(struct store *st, int64_t id, struct err *e);
enum status sqlite_token_touch(struct store *st, int64_t id, const char *when,
                               struct err *e);
/* store_sqlite_maint.c: backup, restore and checks (store_maint.h). */
enum status sqlite_backup(struct store *st, const char *path, store_progress_cb cb,
                          void *ctx, struct err *e);
enum status sqlite_check(struct store *st, store_problem_cb cb, void *ctx,
                         int64_t *problems, struct err *e);
enum status sqlite_is_empty(struct store *st, bool *empty, struct err *e);
enum status sqlite_restore(struct store *st, const char *path, store_progress_cb cb,
                           void *ctx, struct err *e);
enum status sqlite_pvt_reports(struct store *st, int64_t mission_id,
                               store_submission_cb cb, void *ctx, struct err *e);
/* store_sqlite_alerts.c */
enum status sqlite_alert_select(struct store *st, int64_t mission_id,
                                const struct alert_filter *f, int64_t *total,
                                store_alert_cb cb, void *ctx, struct err *e);

#endif
