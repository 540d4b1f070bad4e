/* export.h - a mission's data as files for R, Stata, Excel and the
 * election commission: observers, stations, reports (wide or long),
 * incidents, inbound and outbound SMS, official results, findings and the
 * accreditation list, as CSV, JSON, JSON Lines or (the accreditation
 * list) a printable HTML page.  docs/exports.md lists every column.
 *
 * An export is a cursor: export_open() checks the options and writes
 * nothing; each export_next() appends the next page of rows (a few
 * hundred) to a buffer, read from the store with one short query, until
 * it says it is done.  The command line writes each page to its file; the
 * HTTP server sends each page as the client takes it.  Memory stays that
 * of one page, and the first bytes are ready at once.
 *
 *   struct export_options o;
 *   export_options_init(&o, EXPORT_OBSERVERS);
 *   rc = export_option_set(&o, "status", "accredited", &e);
 *   rc = export_open(st, "kz-2023", &o, &x, &e);
 *   while (!done && !(rc = export_next(x, &out, &done, &e))) { send out; reset }
 *   export_close(x);
 */
#ifndef OBSERVA_EXPORT_H
#define OBSERVA_EXPORT_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"
#include "report/export_table.h"
#include "store/store.h"

enum export_kind {
	EXPORT_OBSERVERS,
	EXPORT_STATIONS,
	EXPORT_SUBMISSIONS,
	EXPORT_INCIDENTS,
	EXPORT_SMS,
	EXPORT_OFFICIAL,
	EXPORT_FINDINGS,
	EXPORT_ACCREDITATION,
	EXPORT_SMS_OUT,
	EXPORT__KINDS
};

#define EXPORT_PAGE_ROWS 500 /* rows read from the store per page */

/* What to export and how.  Strings are borrowed: they must live until
 * export_open() returns (it copies them). */
struct export_options {
	enum export_kind kind;
	enum export_format format; /* default CSV */
	bool bom;                  /* CSV only */
	const char *lang;          /* "en" (default) or "ru": labels, names */
	bool codes;                /* answers as codes, not labels (values=codes) */
	bool long_layout;          /* reports: one row per answer (layout=long) */
	bool layout_given;         /* layout was set (wide needs a form) */
	/* Filters; which apply depends on the kind (export_open() refuses the
	 * others, naming them). */
	const char *form, *status, *organisation, *country, *role, *team, *phone;
	const char *level, *region, *station, *observer, *channel, *since;
	bool all_versions;
	unsigned given; /* bit (1 << option's index) for each option set */
};

/* The kind named name ("observers", "stations", "submissions",
 * "incidents", "sms", "official", "findings", "accreditation", "sms-out");
 * false when
 * none is. */
bool export_kind_parse(const char *name, enum export_kind *out /* OUT */);
const char *export_kind_name(enum export_kind k);
/* The kinds' names joined by ", ", for messages. */
const char *export_kinds_list(void);

/* Default options for kind (CSV, labels, English, wide when a form is
 * given). */
void export_options_init(struct export_options *o, enum export_kind kind);

/* Set option name from its text, as the query parameter name=value or
 * the command-line option --name value ('-' and '_' alike): format, bom,
 * lang, values (labels|codes), layout (wide|long), form, status,
 * organisation, country, role, team, phone, level, region, station,
 * observer, channel, since, all_versions.  bom and all_versions take
 * 1/0, true/false or yes/no ("" is true, for a flag on the command line).
 * value is borrowed.  ST_INVALID naming the option ("values: \"x\" is not
 * labels or codes"); ST_NOT_FOUND for a name that is no option. */
enum status export_option_set(struct export_options *o, const char *name,
                              const char *value, struct err *e);

/* The options' names, for the command line's option table; NULL-ended. */
extern const char *const export_option_names[];

struct export;

/* Start an export of mission_code's data from st, which the export reads
 * through until export_close() (one thread at a time).  Checks everything
 * before any byte is written: the options that apply to the kind and the
 * format, the codes named (mission, form, region, station, observer), the
 * values; ST_NOT_FOUND or ST_INVALID with e naming what.  Nothing is
 * written to st.  The caller closes *out with export_close(). */
enum status export_open(struct store *st, const char *mission_code,
                        const struct export_options *o, struct export **out /* OUT */,
                        struct err *e);

/* Append the next bytes (the head with the first page, then a page of
 * rows, the end with the last) to out; *done once everything is written.
 * Store failures (ST_DB...) and ST_TOO_BIG from out with e filled; the
 * export cannot go on after one. */
enum status export_next(struct export *x, struct buf *out, bool *done /* OUT */,
                        struct err *e);

/* Rows written so far (not counting the header). */
int64_t export_rows(const struct export *x);

/* The format, and a file name for the export: "kz-2023-observers.csv"
 * (in a static buffer of the export). */
enum export_format export_format_of(const struct export *x);
const char *export_file_name(const struct export *x);

/* Free x; its store handle stays the caller's.  NULL is a no-op. */
void export_close(struct export *x);

#endif
