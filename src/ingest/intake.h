/* intake.h - the one path every report takes into observa, whatever the
 * channel: parse -> validate against the mission's form -> hand to the
 * single writer -> answer only once it is durable.
 *
 * A channel (the JSON API, `observa submit`, CSV of paper forms; later the
 * web form, ODK and SMS) builds a struct submission and calls
 * intake_prepare() on its own store handle (reads only: the mission's form,
 * the station, the observer).  That validates the report and fills a
 * struct intake_item.  If the item is acceptable, intake_job() gives the
 * writer job that stores it (idempotency, corrections, conflicts between
 * observers, alerts on critical answers); the channel submits it with
 * writer_submit() (asynchronous, e.g. a suspended HTTP connection) or
 * writer_run() (waits), and reads the outcome from the item.
 *
 *   struct intake_item it;
 *   intake_item_init(&it);
 *   rc = intake_prepare(in, st, mission, &sub, &it, &e);
 *   if (!rc && !it.refused) writer_run(w, intake_job(&it));
 *   ... intake_result_json(&it) ...
 *   intake_item_release(&it);
 */
#ifndef OBSERVA_INTAKE_H
#define OBSERVA_INTAKE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/form.h"
#include "model/mission.h"
#include "model/submission.h"
#include "store/store.h"
#include "store/writer.h"

/* Per-process state shared by all threads: the cache of parsed forms
 * (with the mission's ballot choices applied), reloaded when
 * store_forms_revision() changes.  Thread-safe. */
struct intake;

/* A new intake with an empty cache; the caller frees it with intake_free()
 * once no thread prepares with it any more (NULL is a no-op). */
struct intake *intake_new(void);
void intake_free(struct intake *in);

/* A mission's effective form (form_load()) as the intake validates
 * against it, from the cache: shared, read-only, held until given back. */
struct intake_form;

/* The form code (exact: "OP") of mission_id, loaded into the cache when
 * not there or out of date; *out is NULL (and ST_OK returned) when the
 * mission has no such form.  ST_INVALID when the stored definition does
 * not parse; other codes when st cannot be read.  Give *out back with
 * intake_form_put() (NULL is a no-op). */
enum status intake_form_get(struct intake *in, struct store *st, int64_t mission_id,
                            const char *code, struct intake_form **out /* OUT */,
                            struct err *e);
/* The form itself, valid until f is given back. */
const struct form *intake_form_def(const struct intake_form *f);
void intake_form_put(struct intake *in, struct intake_form *f);

/* What happened to one report. */
enum intake_outcome {
	INTAKE_STORED,    /* new report (or new version): 201 */
	INTAKE_DUPLICATE, /* same id, same content: already stored, 200 */
	INTAKE_INVALID,   /* problems of severity error or reject: 422, not stored */
	INTAKE_CONFLICT,  /* same id, different content, or a stale correction: 409 */
	INTAKE_FAILED,    /* the store failed (disk full, ...): 503, not stored */
};

struct intake_item {
	struct writer_job job; /* first: the writer's view of the item */
	int64_t mission_id;
	struct stored_submission rec; /* what will be stored; strings owned by the item */
	/* Array of {tag, value, message, severity}, plus "field" for a problem
	 * that is not about an answer (form, station, observer, observed_at,
	 * id, replaces) and "check", "expr" for a failed check; set by a
	 * successful intake_prepare() or intake_item_refuse(). */
	json_t *problems;
	json_t *alerts; /* array of {tag, value, message}: critical answers;
	                 * NULL when there are none */
	bool refused;   /* validation refused it: do not submit the job */
	/* Checked against the registry's version registry_version, taken
	 * from the cache without reading it (registry_cache_trusted()): the
	 * job stores nothing, and asks for the request to be made again
	 * (job.retry), unless that is still the version when it runs. */
	bool registry_check;
	int64_t registry_version;
	/* After the job ran (or after refusal); read it through
	 * intake_item_outcome(), which also knows about a failed commit. */
	enum intake_outcome outcome;
	/* Files that came with the report (intake_item_attach()), stored with
	 * it; hash set, name and content_type in the arena, data borrowed. */
	struct attachment_row *attachments;
	size_t nattachments;
	size_t attachments_added; /* how many the job stored */
	/* The report as it came (intake_item_keep()), kept in the mission's
	 * inbox when refused; received.id is its number there once the job
	 * kept it, 0 otherwise. */
	struct received_row received;
	/* private */
	struct arena arena;
	void *priv;
	size_t nproblems_checked; /* problems before the job added its own */
};

/* Empty it for intake_prepare() (outcome INTAKE_FAILED until a job runs);
 * release frees what it holds, after which it may be initialised again. */
void intake_item_init(struct intake_item *it);
void intake_item_release(struct intake_item *it);

/* Refuse the item without validating it, with problems (an array of
 * problem objects as above, stolen; NULL for none): for a report that
 * could not even be read as one, e.g. a field of the wrong type
 * (submission_from_json).  Sets refused and outcome INVALID. */
void intake_item_refuse(struct intake_item *it, json_t *problems);

/* Limits on what comes with one report (the multipart limits of ODK). */
#define INTAKE_ATTACHMENT_MAX  (10u << 20) /* bytes of one attachment */
#define INTAKE_ATTACHMENTS_MAX (20u << 20) /* bytes of them all */

/* Add a file that came with the report, to be stored with it (a duplicate
 * stores only the names not stored before).  name is checked with
 * attachment_name_valid(); content_type NULL means
 * "application/octet-stream".  name and content_type are copied; the len
 * bytes of data are borrowed and must outlive the job.  ST_INVALID for a
 * bad name or a name given twice, ST_TOO_BIG past the limits above
 * (e says which). */
enum status intake_item_attach(struct intake_item *it, const char *name,
                               const char *content_type, const void *data, size_t len,
                               struct err *e);

/* Have the report kept as received if it is refused: channel ("odk"),
 * the sender's observer code when known (or NULL) and the raw text as it
 * came.  channel and observer are copied; the len bytes of raw are
 * borrowed and must outlive the job.  Without it a refused item is simply
 * answered; with it the channel runs intake_job() on the refused item too,
 * which keeps it in the inbox (store_received_add) with its problems. */
void intake_item_keep(struct intake_item *it, const char *channel, const char *observer,
                      const char *raw, size_t len);

/* The item's final outcome: it->outcome, except that a report whose job
 * ran but whose batch failed to commit is INTAKE_FAILED, and so is a
 * refused report that could not be kept as received. */
enum intake_outcome intake_item_outcome(const struct intake_item *it);

/* "stored", "duplicate", "invalid", "conflict" or "failed". */
const char *intake_outcome_str(enum intake_outcome o);

/* Validate sub for mission on st (a reader handle of the caller's thread)
 * and fill it.  Problems of the report itself (unknown form, station,
 * observer or tag, wrong type, out of range, missing required answer,
 * failed reject check, observed_at not an ISO 8601 date and time) set
 * it->refused and it->outcome = INTAKE_INVALID and are listed in
 * it->problems, all of them; the return is still ST_OK.  A non-OK return
 * means the store could not be read (e filled).
 *
 * An accepted item's rec holds the canonical report: the form's code and
 * version, answers as compact JSON with sorted keys, status "new" or
 * "flagged", the failed flag checks as problems, and content_hash, a hex
 * BLAKE2b digest of form, station, observer, observed_at, answers, comment
 * and replaces, so the same report sent again (by any channel) is a
 * duplicate.  sub->channel NULL means "api".  sub is only read during the
 * call. */
enum status intake_prepare(struct intake *in, struct store *st,
                           const struct mission *mission, const struct submission *sub,
                           struct intake_item *it, struct err *e);

/* The writer job that stores a prepared, not refused item, or keeps a
 * refused one in the inbox when intake_item_keep() was called (a refused
 * item without it must not be submitted).  After it ran,
 * intake_item_outcome(it), it->rec.id, it->rec.version and it->job.err tell
 * the result.  Set it->job.done before writer_submit() (intake_job() sets
 * only job.run); writer_run() needs none.
 *
 * When the report is stored (a new report or a new version), the job also
 * updates the conflicts of its station and form (intake_conflicts_refresh)
 * and raises an alert for each critical answer.  A duplicate changes
 * nothing.  Store errors: ST_CONFLICT gives INTAKE_CONFLICT (same id with
 * other content, or a correction of a report already corrected);
 * ST_NOT_FOUND and ST_INVALID give INTAKE_INVALID with a problem added to
 * it->problems (e.g. "replaces": no such report), and the report is then
 * kept in the inbox when intake_item_keep() was called; any other
 * INTAKE_FAILED.  Attachments are stored with a new report or version;
 * with a duplicate, only those of names not yet stored. */
struct writer_job *intake_job(struct intake_item *it);

/* Recompute the conflicts between observers on station and form: among
 * the current, not rejected reports (each observer's latest), every tag
 * answered differently becomes a conflict (store_conflict_put, values
 * [{"submission", "observer", "value"}] by report id) and conflicts on tags
 * that now agree are dropped.  Run it, in the same transaction, after
 * anything that changes which reports count: the intake job does so for
 * each stored report; a review (verify, reject) must too. */
enum status intake_conflicts_refresh(struct store *st, int64_t mission_id,
                                     const char *station, const char *form,
                                     struct err *e);
/* The same on the location whose key is station_id (station is its
 * code), as the intake job does it, just being the report it has stored
 * there (its id, observer_id and answers are used, and the store is not
 * read for it; NULL: none): with first, that report is the first version
 * of a new report, so when no other observer has reported there is
 * nothing to do (there was no conflict before it either). */
enum status intake_conflicts_refresh_at(struct store *st, int64_t mission_id,
                                        int64_t station_id, const char *station,
                                        const char *form,
                                        const struct stored_submission *just, bool first,
                                        struct err *e);

/* The HTTP status for the item's outcome (201, 200, 422, 409, 503). */
int intake_http_status(const struct intake_item *it);

/* The answer to the sender: {"id": N, "status": "new"|"flagged",
 * "version": V, "duplicate": bool, "problems": [...]} on success, or
 * {"error": "...", "problems": [...]} otherwise.  New reference. */
json_t *intake_result_json(const struct intake_item *it);

/* The same answer appended to b as compact JSON text, without building a
 * document (cheaper for the answers of stored reports, which are most);
 * ST_TOO_BIG when b's cap is reached. */
enum status intake_result_write(const struct intake_item *it, struct buf *b);

#endif
