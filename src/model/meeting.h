/* meeting.h - the long-term monitoring log's meetings: whom the mission
 * met (the election commission, parliament, candidates, parties, local
 * authorities, media, civil society ...), when, where, who went, what was
 * discussed and what is to follow, with the rules every channel (the
 * command line, a CSV import, the API) applies before one is stored.
 *
 * Strings are borrowed, as in mission.h.  docs/ltm.md describes the log. */
#ifndef OBSERVA_MEETING_H
#define OBSERVA_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

/* Bytes of each field at most (UTF-8 text). */
#define MEETING_PLACE_MAX        200
#define MEETING_COUNTERPART_MAX  300
#define MEETING_INSTITUTION_MAX  300
#define MEETING_PARTICIPANT_MAX  200 /* one participant */
#define MEETING_PARTICIPANTS_MAX 50  /* participants in one meeting */
#define MEETING_TOPICS_MAX       1000
#define MEETING_SUMMARY_MAX      (64 * 1024)
#define MEETING_FOLLOW_UPS_MAX   (8 * 1024)

struct meeting {
	int64_t id;                   /* store's key; 0 before it is stored */
	const char *date;             /* YYYY-MM-DD, required */
	const char *time;             /* HH:MM (24 h, local time) or NULL */
	const char *place;            /* where, or NULL */
	const char *counterpart;      /* the person met ("Chairman B. Sadykov") */
	const char *institution_kind; /* canonical: meeting_kind_canonical() */
	const char *institution;      /* its name, required */
	const char *participants;     /* the mission's people: items joined by ';',
	                               * each an observer's code or a name */
	const char *topics;           /* one line, or NULL */
	const char *summary;          /* text, lines allowed, or NULL */
	const char *follow_ups;       /* text, lines allowed, or NULL */
	const char *created_at;       /* set by the store */
};

/* The canonical institution kind for a word a user typed, or NULL.
 * Canonical: election_commission, parliament, candidate, party,
 * local_authority, media, civil_society, government, international,
 * other.  Case, '-', '_' and spaces do not matter; synonyms such as
 * "CEC", "ЦИК", "Mazhilis", "Senate", "akimat", "NGO", "embassy" are
 * understood. */
const char *meeting_kind_canonical(const char *word);

/* word lower-cased (ASCII letters), '-', '_' and white space read as one
 * space, trimmed, into out[0..n): how the log's words (kinds, directions)
 * are compared.  False when it does not fit. */
bool meeting_fold_word(const char *word, char *out, size_t n);

/* The canonical kinds, comma-separated, for messages and help. */
const char *meeting_kinds_list(void);

/* True when s is a time of day written HH:MM, 00:00 to 23:59. */
bool meeting_time_valid(const char *s);

/* Make m ready to store: every text field trimmed of white space at both
 * ends (an empty one becomes NULL), the institution kind made canonical,
 * a time H:MM written HH:MM, the participants split at ';', each
 * trimmed, empty ones dropped and joined again by ';' (the new strings in
 * a), then meeting_validate().
 * e names the first bad field as "FIELD: what" (FIELD as in the CSV
 * columns and the API: date, time, institution_kind ...). */
enum status meeting_prepare(struct meeting *m, struct arena *a, struct err *e);

/* Check a prepared meeting: date a real date, time HH:MM, institution kind
 * canonical, institution present, every field valid UTF-8 within its
 * length, one-line fields without control characters (summary and
 * follow_ups may hold line breaks and tabs), at most
 * MEETING_PARTICIPANTS_MAX participants of at most MEETING_PARTICIPANT_MAX
 * bytes each.  e as for meeting_prepare. */
enum status meeting_validate(const struct meeting *m, struct err *e);

/* Every problem meeting_validate() would find, not only the first: fn
 * (may be NULL) sees each as an err whose message starts "FIELD: ".
 * Returns how many there are. */
typedef void (*meeting_problem_fn)(void *ctx, const struct err *e);
size_t meeting_problems(const struct meeting *m, meeting_problem_fn fn, void *ctx);

#endif
