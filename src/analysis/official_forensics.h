/* official_forensics.h - what the seats and the forensic statistics read
 * from the official results: the forensic statistics (forensics.h) of the
 * commission's official station results a mission imported
 * (store_results.h), read through the store's iterator: per station, the
 * voters on the list (line A of the results protocol), the ballots found
 * in the boxes (G + H), invalid (I) and valid (J) ballots, and the votes
 * of each choice on the mission's ballot (P1..Pn, AA), in ballot order. */
#ifndef OBSERVA_OFFICIAL_FORENSICS_H
#define OBSERVA_OFFICIAL_FORENSICS_H

#include "analysis/forensics.h"
#include "analysis/official_rows.h"
#include "core/arena.h"
#include "core/err.h"
#include "model/votes.h"
#include "store/store.h"

/* Compute f over every official row of mission_id with opts (the leader
 * found automatically unless opts->leader names one); *names gets the
 * choices' names in ballot order (*nchoices of them, in a), which index
 * f's figures.  f is initialised here; the caller releases it with
 * forensics_release() whatever the outcome.  A row without valid ballots
 * or a list (lines missing) counts as a station left out.  ST_NOT_FOUND
 * ("the mission has no ballot choices" / "no official results") when
 * there is nothing to compute. */
enum status official_forensics(struct store *st, int64_t mission_id,
                               const struct forensics_opts *opts, struct forensics *f,
                               const char ***names /* OUT */, size_t *nchoices /* OUT */,
                               struct arena *a, struct err *e);

/* The official totals as the seats' vote table (seats.h): one row per
 * choice on the ballot in ballot order (kind list, or against all; order
 * the ballot's), each its votes summed over every official row, then one
 * row "Invalid ballots" (line I).  *rows lives in a; *stations counts the
 * official rows.  ST_NOT_FOUND as for official_forensics(). */
enum status official_votes(struct store *st, int64_t mission_id,
                           struct vote_row **rows /* OUT */, size_t *nrows /* OUT */,
                           int64_t *stations /* OUT */, struct arena *a, struct err *e);

/* The same two on the official rows of src (the store's when NULL). */
enum status official_forensics_from(struct store *st, int64_t mission_id,
                                    const struct official_rows *src,
                                    const struct forensics_opts *opts,
                                    struct forensics *f, const char ***names,
                                    size_t *nchoices, struct arena *a, struct err *e);
enum status official_votes_from(struct store *st, int64_t mission_id,
                                const struct official_rows *src, struct vote_row **rows,
                                size_t *nrows, int64_t *stations, struct arena *a,
                                struct err *e);

#endif
