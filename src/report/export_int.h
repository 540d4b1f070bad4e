/* export_int.h - what the files of the exporter share: the cursor, the
 * table of kinds, and helpers for their pages.  Not for use outside
 * src/report/export*.c. */
#ifndef OBSERVA_EXPORT_INT_H
#define OBSERVA_EXPORT_INT_H

#include "core/arena.h"
#include "model/mission.h"
#include "report/export.h"

/* The options, by their index in export_option_names. */
enum export_option {
	XO_FORMAT,
	XO_BOM,
	XO_LANG,
	XO_VALUES,
	XO_LAYOUT,
	XO_FORM,
	XO_STATUS,
	XO_ORGANISATION,
	XO_COUNTRY,
	XO_ROLE,
	XO_TEAM,
	XO_PHONE,
	XO_LEVEL,
	XO_REGION,
	XO_STATION,
	XO_OBSERVER,
	XO_CHANNEL,
	XO_SINCE,
	XO_ALL_VERSIONS,
	XO__COUNT
};

#define XO(o)      (1u << (o))
#define XF(f)      (1u << (f))
#define XO_COMMON  (XO(XO_FORMAT) | XO(XO_BOM))
#define XF_TABULAR (XF(EXPORT_CSV) | XF(EXPORT_JSON) | XF(EXPORT_JSONL))

/* One kind of export. */
struct export_kind_def {
	const char *name;
	unsigned formats; /* XF() of the formats it can be written in */
	unsigned options; /* XO() of the options that apply besides XO_COMMON */
	/* Check the kind's options, set x->t's columns, prepare x->state. */
	enum status (*open)(struct export *x, struct err *e);
	/* Write the next rows; *more while rows may follow. */
	enum status (*page)(struct export *x, bool *more, struct err *e);
	void (*head)(struct export *x);  /* before the table, or NULL */
	void (*foot)(struct export *x);  /* after the table, or NULL */
	void (*close)(struct export *x); /* frees x->state, or NULL */
};

extern const struct export_kind_def export_observers_def, export_stations_def,
    export_submissions_def, export_incidents_def, export_sms_def, export_official_def,
    export_findings_def, export_accreditation_def, export_sms_out_def;

struct export
{
	const struct export_kind_def *def;
	struct store *st;
	struct mission m;        /* strings in arena */
	struct export_options o; /* strings in arena */
	struct arena arena;      /* lives as long as the export */
	struct export_table t;   /* its out is the caller's buffer */
	struct store_page page;  /* where the next page starts */
	bool begun, done;
	void *state; /* the kind's */
	char file_name[160];
};

/* Set the table's columns: n names (and HTML titles, or NULL), which must
 * live as long as x (static, or in x->arena). */
void export_columns(struct export *x, const char *const *names, const char *const *titles,
                    size_t n);

/* Start the key walk of an id-keyed kind: rows up to the last id of t now. */
enum status export_walk_start(struct export *x, enum store_export_table t, struct err *e);

/* *more after a page of the store: a full page means more may follow. */
bool export_page_full(const struct export *x);

/* ST_NOT_FOUND "NAME: no location with code \"X\" in mission M" unless
 * the mission has location code (NULL is fine). */
enum status export_check_location(struct export *x, const char *name, const char *code,
                                  struct err *e);

/* ST_INVALID "NAME: \"V\" is not one of: LIST" unless v (NULL is fine) is
 * one of the NULL-ended words. */
enum status export_check_word(const char *name, const char *v, const char *const *words,
                              struct err *e);

#endif
