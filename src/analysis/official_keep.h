/* official_keep.h - a mission's official station results kept in memory
 * between requests, as the server keeps its running tallies (tally.h):
 * every row as store_official_list() gives it (station, region, lines,
 * source, time), read once and read again only when the mission's marks
 * say the rows may differ (store_tally_marks(): an audited change to the
 * official results, or to the forms, ballot or locations, which the
 * regions and the protocol lines depend on).  It hands the rows over as an
 * official_rows source (official_rows.h), in the store's order, so every
 * analysis gives from it what it gives from the store; and it keeps what
 * the quick count and the seats sum from all of them (one pass over
 * 100,000 rows' JSON), computed the first time they are asked.
 *
 * A kept copy is immutable but for those sums, which it computes under its
 * own lock: several threads may use one copy at once.  Replacing the copy
 * (official_keep_refresh()) is the caller's to serialise.
 * tests/unit/test_official_keep.c compares every figure with the store's. */
#ifndef OBSERVA_OFFICIAL_KEEP_H
#define OBSERVA_OFFICIAL_KEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/official_rows.h"
#include "core/arena.h"
#include "core/err.h"
#include "model/votes.h"
#include "store/store.h"

struct official_keep;

/* Bring *k up to date with mission_id's official results: kept when the
 * marks have not moved, else read again (the old copy is then freed,
 * unless *k was NULL or handed to keep_old: with keep_old not NULL the
 * old copy is stored there for the caller to free, and *keep_old is NULL
 * when nothing was replaced).  marks (when not NULL) gets the marks read,
 * in the same read transaction as the rows. */
enum status official_keep_refresh(struct official_keep **k, struct store *st,
                                  int64_t mission_id, struct tally_marks *marks,
                                  struct official_keep **keep_old, struct err *e);

/* The rows as a source for the analyses; valid as long as k. */
const struct official_rows *official_keep_rows(struct official_keep *k);

/* official_votes_from() on the kept rows, the sums computed once; *rows
 * (and the names they point to) copied into a. */
enum status official_keep_votes(struct official_keep *k, struct store *st,
                                struct vote_row **rows /* OUT */, size_t *nrows /* OUT */,
                                int64_t *stations /* OUT */, struct arena *a,
                                struct err *e);

/* Count a user of k (official_keep_hold) and drop one (official_keep_drop,
 * which tells how many are left).  Not thread-safe: under the caller's
 * lock, the same that serialises official_keep_refresh(). */
void official_keep_hold(struct official_keep *k);
int official_keep_drop(struct official_keep *k);

/* A number that differs for every copy read (never 0). */
uint64_t official_keep_generation(const struct official_keep *k);

/* The rows kept, and the memory they take, about. */
size_t official_keep_count(const struct official_keep *k);
size_t official_keep_bytes(const struct official_keep *k);

void official_keep_free(struct official_keep *k);

#endif
