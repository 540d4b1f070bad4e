/* tally_int.h - what tally.c (reports, stations, building and catching
 * up) and tally_conf.c (the conflicts) share: the tally itself. */
#ifndef OBSERVA_TALLY_INT_H
#define OBSERVA_TALLY_INT_H

#include "analysis/findings_int.h"
#include "analysis/tally.h"
#include "core/strmap.h"

/* The state a report was last counted in. */
enum {
	TALLY_SEEN = 1 << 0,     /* counted (as its other bits say) */
	TALLY_CURRENT = 1 << 1,  /* not superseded */
	TALLY_REJECTED = 1 << 2, /* status rejected */
	TALLY_FLAGGED = 1 << 3   /* status flagged */
};

#define TALLY_NONE UINT32_MAX

struct tally_rep {
	unsigned char state;
	unsigned char status; /* counted under statuses[status - 1]; 0: none */
	uint32_t ov;          /* its first conflict node, or TALLY_NONE */
};

/* The current reports of one form, status, channel, time of receipt and
 * region: day is the date of a time written YYYY-MM-DDTHH:MM:SSZ
 * (canonical), or the whole text of any other; region an index in the
 * tally's region map, or its number of regions for a station outside
 * every region. */
struct tally_count {
	char *form, *status, *channel, *day;
	size_t region;
	char *key; /* of tally.count_of */
	bool canonical;
	int64_t n;
};

/* A report's link to a conflict that lists it. */
struct tally_node {
	uint32_t conf; /* index in tally.confs */
	uint32_t next; /* the report's next node, or the next free one */
};

/* The coverage rows' counters of one station and form. */
struct tally_cov {
	int32_t reports;   /* current, not rejected */
	int32_t flagged;   /* of them, flagged */
	int32_t conflicts; /* open conflicts */
};

/* A conflict as held. */
struct tally_conf {
	int64_t id;
	bool live, open;
	size_t station, cform;       /* its coverage counters */
	bool has_ov;                 /* on a form and question findings know */
	struct findings_override ov; /* its effect on an answer */
	int64_t *subs;               /* the reports it lists, in order */
	size_t nsubs;
};

/* A conflict touched by the change log, as the store has it now. */
struct tally_newconf {
	int64_t id, station_id;
	char *station, *form, *tag, *resolved;
	int64_t *subs;
	size_t nsubs;
};

struct tally {
	int64_t mission_id;
	bool built;
	struct tally_marks marks;
	int64_t builds;
	/* the layout: forms, regions, findings' counters of every form */
	struct form **forms;
	size_t nforms;
	struct region_map rm;
	struct findings f; /* begun for every form and region, never ended */
	/* reports by id - base */
	int64_t base;
	struct tally_rep *rep;
	size_t nrep, caprep, nseen;
	/* stations: slot_of[station id] = slot + 1; coverage forms */
	uint32_t *slot_of;
	size_t capslot_of;
	char **scode;
	size_t nst, capst;
	int64_t *sid; /* per slot: the station's id */
	size_t capsid;
	struct strmap cforms; /* form code -> index + 1 */
	char **fcode;
	size_t nf, capf, capfcode;
	struct tally_cov *cov; /* nst x capf */
	size_t capcov;
	/* conflicts: conf_of[conflict id] = index + 1 */
	struct tally_conf *confs;
	size_t nconfs, capconfs, nconfs_live;
	uint32_t *conf_of;
	size_t capconf_of;
	struct tally_node *nodes;
	size_t nnodes, capnodes;
	uint32_t free_node;
	/* catching up */
	int64_t *ids; /* reports touched */
	size_t nids, capids;
	int64_t *conf_ids; /* conflicts touched */
	size_t nconf_ids, capconf_ids;
	struct tally_newconf *newc;
	size_t nnewc, capnewc;
	bool found;
	const struct findings_override **ovbuf;
	size_t capovbuf;
	/* counts of the current reports (tally_counts.c) */
	char *statuses[254];
	size_t nstatuses;
	struct strmap count_of; /* key -> index + 1 */
	struct tally_count *counts;
	size_t ncounts, capcounts;
	bool counts_broken; /* a report it cannot key: never answers */
	/* when each form's reports last changed (tally_marks.c) */
	/* the current, not rejected reports on forms of kind protocol (and
	 * on forms the layout does not know), ascending (tally_protocols.c) */
	int64_t *pids;
	size_t npids, cappids;
	int64_t epoch;       /* kept when the tally is emptied */
	int64_t built_epoch; /* the epoch of the last build */
	struct tally_fmark *fmarks;
	size_t nfmarks, capfmarks;
};

/* A form code and the epoch its reports last changed at. */
struct tally_fmark {
	char *code;
	int64_t mark;
};

/* Report s of form code is counted, taken back or counted again: its
 * form's mark moves. */
void tally_fmark_touch(struct tally *t, const char *code);
/* The marks freed (when the tally is emptied; the epoch stays). */
void tally_fmarks_release(struct tally *t);

/* Whether form code is of kind k in the tally's layout (true for a form
 * it does not know: it may be of any kind). */
bool tally_of_kind(const struct tally *t, const char *code, enum form_kind k);

/* Report id, current and not rejected, on a protocol form: held (sign 1)
 * or let go (-1) in the tally's list of them. */
void tally_protocol(struct tally *t, int64_t id, int64_t sign);

void tally_grow(void **v, size_t *cap, size_t n, size_t sz);
struct tally_rep *tally_rep(struct tally *t, int64_t id);
size_t tally_station(struct tally *t, int64_t sid, const char *code);
size_t tally_cform(struct tally *t, const char *code);

/* The status index of a report (tally_rep.status) and its count: the
 * report counted (sign 1) or taken back (-1) under rep's status and its
 * station's region (as tally_count.region). */
unsigned char tally_status(struct tally *t, const char *status);
void tally_count(struct tally *t, const struct stored_submission *s,
                 const struct tally_rep *rep, size_t region, int64_t sign);
void tally_counts_release(struct tally *t);

/* A report or a conflict named by the change log. */
void tally_touch(struct tally *t, int64_t report_id);
void tally_conf_touch(struct tally *t, int64_t conflict_id);

/* Store callback: hold conflict c (building). */
enum status tally_conf_put(void *ctx, const struct tally_conflict *c);
/* Read the conflicts touched as they are now, touching the reports they
 * listed and list. */
enum status tally_confs_read(struct tally *t, struct store *st, struct err *e);
/* Put the conflicts read by tally_confs_read() in place of the old ones. */
void tally_confs_apply(struct tally *t);
void tally_confs_release(struct tally *t);

#endif
