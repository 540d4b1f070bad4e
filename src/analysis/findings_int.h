/* findings_int.h - what findings.c (the counting) and findings_end.c (the
 * totals, intervals and labels) share: the counters of one computation. */
#ifndef OBSERVA_FINDINGS_INT_H
#define OBSERVA_FINDINGS_INT_H

#include "analysis/answers_scan.h"
#include "analysis/findings.h"
#include "core/strmap.h"

/* A question's counters in a region's block, in this order, followed by
 * one counter per value of the question. */
enum { C_OBS, C_NEG, C_CRIT, C_RESOLVED, C_CONTESTED, C_LEFT, C_VALUES };

/* A form's counters in a region's block, in this order, followed by two
 * counters (reports, critical) per category of an incident form, then the
 * questions' counters.  F_REJECTED counts the current reports left out
 * because rejected. */
enum { F_REPORTS, F_CRITICAL, F_UNCATEGORISED, F_REJECTED, F_CATEGORIES };

/* A question as counted. */
struct findings_qmeta {
	const struct form_question *q;
	size_t nvalues;
	int64_t *values;           /* value of each slot, in the order shown */
	bool *negative, *critical; /* per slot */
	unsigned char *slot_of;    /* select questions: value -> slot + 1, 0 when
	                            * the value is no option (FORM_OPTION_MAX + 1
	                            * entries); NULL for other types */
	size_t off;                /* its counters' offset in a region's block */
};

/* A form as counted. */
struct findings_fmeta {
	const struct form *form;
	struct findings_qmeta *qs; /* one per question of form */
	long rating, category;     /* question indexes, -1 when none */
	size_t ncategories;        /* slots of the category question */
	size_t block;              /* counters in one region's block */
	int64_t *cnt;              /* nblocks blocks of block counters */
	unsigned char *mark;       /* per question, while one report is read:
	                            * MARK_RESOLVED or MARK_CONTESTED */
};

enum { MARK_RESOLVED = 1, MARK_CONTESTED = 2 };

/* A conflict's effect on one answer of one report. */
struct findings_override {
	int64_t submission;
	size_t form, question;
	bool resolved;
	struct answer_value *value; /* resolved: the clerk's value */
	size_t next;                /* the report's next override, or OV_NONE */
};

#define OV_NONE ((size_t)-1)

struct findings_work {
	const struct region_map *rm;
	struct findings_fmeta *fm; /* in the order of findings.forms */
	size_t nforms;
	struct strmap codes; /* form code -> index + 1 */
	size_t nblocks;      /* the map's regions, then outside any */
	size_t only_region;  /* a block index, or (size_t)-1 for all */
	struct findings_override *ov;
	size_t nov, cap_ov;
	size_t *ov_heads;   /* hash table: report id -> its first override */
	size_t ov_slots;    /* 0 until built, then a power of two > 2 nov */
	int64_t *hour_keys; /* sorted: YYYYMMDDHH, INT64_MAX for no time */
	int64_t *hour_cnt;  /* nhours x nforms x nblocks */
	size_t nhours, cap_hours;
	const struct findings_override **ovbuf; /* one report's overrides */
	size_t cap_ovbuf;
	struct arena arena; /* dies with the computation */
};

/* Count (sign 1) or take back (sign -1) report s, current, of form fi (an
 * index of w->fm) in block r, rejected or not, with the effects of the
 * conflicts on its answers ov[0..nov) (all of form fi, at most one per
 * question).  findings_add() and the running tally (tally.c) both count
 * through it, so that they count alike. */
void findings_tally(struct findings_work *w, size_t fi, size_t r,
                    const struct stored_submission *s, bool rejected, int64_t sign,
                    const struct findings_override *const *ov, size_t nov);

/* The hour key of a time of observation (YYYYMMDDHH, INT64_MAX for none),
 * and the index of key in w->hour_keys, inserted when new. */
int64_t findings_hour_key(const char *observed_at);
size_t findings_hour_slot(struct findings_work *w, int64_t key);

/* The mission's forms, parsed, the ballot applied (as findings_compute()
 * reads them): *forms, *nforms the caller's to free (form_free() each,
 * then free()).  Errors as findings_compute(); then nothing is left. */
enum status findings_load_forms(struct store *st, int64_t mission_id,
                                struct form ***forms, size_t *nforms, struct err *e);

#endif
