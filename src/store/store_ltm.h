/* store_ltm.h - what the store keeps of the long-term monitoring log: the
 * mission's meetings (model/meeting.h) and the documents handed over or
 * received (model/document.h), their bytes in the database next to them
 * as the reports' attachments are.
 *
 * Included by store.h; the same rules hold (strings of *_get functions in
 * the caller's arena, those of callbacks valid during the call; every
 * change audited in the same savepoint).  docs/ltm.md describes the log. */
#ifndef OBSERVA_STORE_LTM_H
#define OBSERVA_STORE_LTM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "model/document.h"
#include "model/meeting.h"

struct store;

/* A stored meeting as lists and lookups give it. */
struct meeting_row {
	int64_t id;
	const char *date, *time, *place, *counterpart, *institution_kind, *institution,
	    *participants, *topics, *summary, *follow_ups, *created_at;
	int64_t ndocuments; /* documents that belong to it */
};

#define STORE_SEARCH_WORDS 16

/* Meetings matching every field that is set. */
struct meeting_filter {
	const char *from, *to;        /* dates, both included, or NULL */
	const char *institution_kind; /* canonical kind or NULL */
	const char *q;                /* text search in counterpart, institution,
	                               * topics, summary: each word of q (split at
	                               * white space; at most STORE_SEARCH_WORDS)
	                               * must occur in one of them; ASCII letters
	                               * ignore case */
	int64_t limit, offset;        /* limit <= 0: all */
};

typedef enum status (*store_meeting_cb)(void *ctx, const struct meeting_row *m);

/* Documents matching every field that is set. */
struct document_filter {
	int64_t meeting_id;    /* only this meeting's; 0: any */
	const char *kind;      /* canonical kind or NULL */
	const char *direction; /* handed_over | received | NULL */
	int64_t limit, offset; /* limit <= 0: all */
};

typedef enum status (*store_document_cb)(void *ctx, const struct document *d);

/* The meeting m of r (the fields it shares; ndocuments left out). */
void store_meeting_of_row(const struct meeting_row *r, struct meeting *m /* OUT */);

/* ---- meetings ---- */

/* Store m (prepared: meeting_prepare()) as a new meeting of the mission;
 * *id gets its key.  A meeting is known by its date, time, institution
 * and counterpart: when the mission has one with the same four,
 * ST_EXISTS naming its id and nothing is written.  Audited as entity
 * "meeting" keyed by the id, with meeting_to_json() as the image. */
enum status store_meeting_add(struct store *st, int64_t mission_id,
                              const struct meeting *m, int64_t *id /* OUT */,
                              struct err *e);

/* Replace the fields of meeting m->id with m's.  *changed is true, or
 * false when every field is as stored (nothing written, nothing
 * audited).  ST_NOT_FOUND when the mission has no meeting m->id;
 * ST_EXISTS when another meeting has m's date, time, institution and
 * counterpart. */
enum status store_meeting_update(struct store *st, int64_t mission_id,
                                 const struct meeting *m, bool *changed /* OUT */,
                                 struct err *e);

/* The id of the mission's meeting on date at time (NULL: none given) with
 * institution and counterpart (NULL: none), or 0 in *id when there is
 * none. */
enum status store_meeting_find(struct store *st, int64_t mission_id, const char *date,
                               const char *time, const char *institution,
                               const char *counterpart, int64_t *id /* OUT */,
                               struct err *e);

/* Meeting id of the mission, strings in a.  ST_NOT_FOUND ("no meeting
 * with id N in this mission") otherwise. */
enum status store_meeting_get(struct store *st, int64_t mission_id, int64_t id,
                              struct arena *a, struct meeting_row *out /* OUT */,
                              struct err *e);

/* Remove meeting id (audited as a delete).  ST_NOT_FOUND as for
 * store_meeting_get; ST_CONFLICT when documents belong to it: they are
 * records of what was handed over and stay. */
enum status store_meeting_delete(struct store *st, int64_t mission_id, int64_t id,
                                 struct err *e);

/* The mission's meetings matching f (NULL: all), by date, then time
 * (meetings without a time first), then id; *total (may be NULL) counts
 * those matching f whatever its limit and offset.  cb may be NULL to
 * count only.  This is what the statement reads the log from. */
enum status store_meeting_list(struct store *st, int64_t mission_id,
                               const struct meeting_filter *f, int64_t *total,
                               store_meeting_cb cb, void *ctx, struct err *e);

/* ---- documents ---- */

/* Store d (prepared: document_prepare(); d->hash and d->created_at are
 * ignored) with its d->size bytes of data.  The store hashes the bytes
 * itself: *id and hash get the new key and the hex BLAKE2b-256.  A
 * meeting, when d->meeting_id is set, must be one of the mission's
 * (ST_NOT_FOUND, "meeting: ...").  Audited as entity "document" keyed by
 * the id, with document_to_json() (never the bytes) as the image. */
enum status store_document_add(struct store *st, int64_t mission_id,
                               const struct document *d, const void *data,
                               int64_t *id /* OUT */,
                               char hash[DOCUMENT_HASH_HEX + 1] /* OUT */, struct err *e);

/* The mission's documents matching f (NULL: all), by date then id,
 * without their bytes; *total and cb as for store_meeting_list. */
enum status store_document_list(struct store *st, int64_t mission_id,
                                const struct document_filter *f, int64_t *total,
                                store_document_cb cb, void *ctx, struct err *e);

/* Document id of the mission with its bytes (*data, out->size of them),
 * all in a; data NULL reads the description only.  ST_NOT_FOUND ("no
 * document with id N in this mission") otherwise. */
enum status store_document_get(struct store *st, int64_t mission_id, int64_t id,
                               struct arena *a, struct document *out /* OUT */,
                               const void **data /* OUT, may be NULL */, struct err *e);

/* Remove document id of the mission (one stored by mistake, say), bytes
 * and all.  ST_NOT_FOUND as for store_document_get.  Audited as entity
 * "document" keyed by the id, with its description (never the bytes)
 * and hash as the image before, so the log says what was removed. */
enum status store_document_delete(struct store *st, int64_t mission_id, int64_t id,
                                  struct err *e);

#endif
