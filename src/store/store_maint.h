/* store_maint.h - keeping a database safe: an online backup into a file
 * while others keep writing, restoring one, and checking a database's
 * integrity and the consistency of what observa keeps in it
 * (docs/reliability.md).
 *
 *   rc = store_backup(st, "/backups/day.db", progress, NULL, &e);
 *   rc = store_check(st, print_problem, NULL, &n, &e);   n == 0: sound
 *   rc = store_restore(target, "/backups/day.db", progress, NULL, &e);
 *
 * Included by store.h; the operations are at the end of its table. */
#ifndef OBSERVA_STORE_MAINT_H
#define OBSERVA_STORE_MAINT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct store;

/* Told how far a copy is: done of total, in the back-end's units (pages
 * for SQLite); called after every step and once at the end. */
typedef void (*store_progress_cb)(void *ctx, long long done, long long total);

/* One problem found by store_check(): check names the check
 * ("integrity", "foreign_keys", "schema", "versions", "sms"), detail
 * says what is wrong and where.  A non-OK return stops the check. */
typedef enum status (*store_problem_cb)(void *ctx, const char *check, const char *detail);

/* Copy the whole database, as it was at one moment (the start of the
 * copy), into a new file at path, while other connections and processes
 * keep reading and writing: everything committed before the call is in
 * the copy, nothing half-written is.  The copy is written beside path
 * first and renamed to path once complete and synced, so path is either
 * absent or a whole backup; an existing file at path is replaced (the
 * caller decides whether that is wanted).  The copy is a plain database
 * file that opens on its own (no journal or WAL beside it).  cb may be
 * NULL.  ST_IO when path cannot be written. */
enum status store_backup(struct store *st, const char *path, store_progress_cb cb,
                         void *ctx, struct err *e);

/* Check st's database: the back-end's own integrity check, foreign keys,
 * that the schema is the version this observa writes, and observa's own
 * rules (a report's versions link both ways and each chain has one
 * current version; an SMS names a report that exists).  cb (may be NULL)
 * is called for each problem; *problems (may be NULL) is their number.
 * ST_OK whether or not problems were found; another code when the check
 * could not run. */
enum status store_check(struct store *st, store_problem_cb cb, void *ctx,
                        int64_t *problems /* OUT */, struct err *e);

/* *empty is true when no table of st's database holds a row. */
enum status store_is_empty(struct store *st, bool *empty /* OUT */, struct err *e);

/* Replace the whole content of st's database with the backup at path,
 * after checking that path is an observa database whose schema version
 * this observa knows (not newer) and that passes the integrity check:
 * ST_INVALID, with the reason, when it is not, and nothing changed.
 * Whether st may be overwritten (store_is_empty) is the caller's
 * decision.  A backup of an older schema is restored as it is: close and
 * open the store again to bring it up to date.  cb may be NULL. */
enum status store_restore(struct store *st, const char *path, store_progress_cb cb,
                          void *ctx, struct err *e);

#endif
