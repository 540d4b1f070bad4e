/* intake_job.c - the writer job of one report: store it (the store tells
 * a duplicate, a conflicting id or a stale correction) with its
 * attachments, then update the conflicts between observers on its station
 * and form and raise an alert for each critical answer, all in the job's
 * savepoint; or keep a refused report as received, in the inbox. */
#include <string.h>

#include "core/alloc.h"
#include "ingest/intake.h"
#include "store/registry_cache.h"

/* A store error about the report ("station: no polling station ...") as a
 * problem of it->problems, naming the field when the message does. */
static void add_store_problem(struct intake_item *it, const struct err *e)
{
	static const char *const fields[] = {"station", "observer", "replaces",
	                                     "id",      "form",     NULL};
	const char *msg = e->msg, *field = NULL;

	for (size_t i = 0; fields[i]; i++) {
		size_t n = strlen(fields[i]);
		if (!strncmp(msg, fields[i], n) && !strncmp(msg + n, ": ", 2)) {
			field = fields[i];
			msg += n + 2;
			break;
		}
	}
	if (!it->problems)
		it->problems = json_array();
	json_array_append_new(
	    it->problems, json_pack("{s:s*, s:n, s:n, s:s, s:s}", "field", field, "tag",
	                            "value", "message", msg, "severity", "error"));
}

/* The stored report's status and version, for a duplicate's answer. */
static enum status read_back(struct store *st, struct intake_item *it, struct err *e)
{
	struct stored_submission got;
	enum status rc =
	    store_submission_get(st, it->mission_id, it->rec.id, &it->arena, &got, e);

	if (!rc) {
		it->rec.status = got.status;
		it->rec.version = got.version;
	}
	return rc;
}

static enum status raise_alerts(struct store *st, struct intake_item *it, struct err *e)
{
	enum status rc = ST_OK;
	size_t i;
	json_t *a;

	json_array_foreach(it->alerts, i, a)
	{
		char *value = json_dumps(json_object_get(a, "value"),
		                         JSON_ENCODE_ANY | JSON_COMPACT);
		rc = store_alert_add(st, it->mission_id, it->rec.id,
		                     json_string_value(json_object_get(a, "tag")), value,
		                     json_string_value(json_object_get(a, "message")), e);
		free(value);
		if (rc)
			break;
	}
	return rc;
}

/* Compare with other observers' reports on the same station and form. */
static enum status refresh_conflicts(struct store *st, struct intake_item *it,
                                     struct err *e)
{
	return intake_conflicts_refresh_at(st, it->mission_id, it->rec.station_id,
	                                   it->rec.station, it->rec.form, &it->rec,
	                                   it->rec.version == 1, e);
}

/* Store the attachments under the report; those whose name it has already
 * (a duplicate sent again) are skipped. */
static enum status store_attachments(struct store *st, struct intake_item *it,
                                     struct err *e)
{
	enum status rc = ST_OK;
	bool added;

	it->attachments_added = 0;
	for (size_t i = 0; i < it->nattachments && !rc; i++) {
		rc = store_attachment_add(st, it->rec.id, &it->attachments[i], &added, e);
		if (!rc && added)
			it->attachments_added++;
	}
	return rc;
}

/* Keep the refused report in the inbox with its problems. */
static enum status keep_received(struct store *st, struct intake_item *it, struct err *e)
{
	json_t *none = it->problems ? NULL : json_array();
	char *problems = json_dumps(it->problems ? it->problems : none,
	                            JSON_COMPACT | JSON_PRESERVE_ORDER);
	enum status rc;

	json_decref(none);

	it->received.problems = problems;
	rc = store_received_add(st, it->mission_id, &it->received, e);
	it->received.problems = NULL;
	free(problems);
	if (rc)
		it->received.id = 0;
	return rc;
}

/* The problems the store added in an earlier run of the job, whose writes
 * were rolled back (writer.h: rerun_safe), are dropped. */
static void forget_store_problems(struct intake_item *it)
{
	size_t n = it->problems ? json_array_size(it->problems) : 0;

	while (n > it->nproblems_checked)
		json_array_remove(it->problems, --n);
}

/* The registry as the report was checked against it is still the
 * registry: its version is the one the check took from the cache (read
 * once a batch: the writer's transaction sees every change committed
 * before it began).  Otherwise job->retry, and nothing is written. */
static enum status registry_unchanged(struct store *st, struct intake_item *it,
                                      struct err *e)
{
	enum status rc;
	bool same;

	if (!it->registry_check)
		return ST_OK;
	rc = registry_cache_unchanged(st, it->registry_version, &same, e);
	if (rc || same)
		return rc;
	it->job.retry = true;
	return err_set(e, ST_BUSY,
	               "the mission's registry changed while the report was checked");
}

/* A refused report kept as received (intake_item_keep()), unless the
 * registry it was refused on has changed: then the request is made
 * again. */
static enum status run_refused(struct store *st, struct writer_job *job)
{
	struct intake_item *it = (struct intake_item *)job;
	enum status rc;

	job->retry = false;
	rc = registry_unchanged(st, it, &job->err);
	if (rc) {
		it->outcome = INTAKE_FAILED;
		return rc;
	}
	return keep_received(st, it, &job->err);
}

static enum status run(struct store *st, struct writer_job *job)
{
	struct intake_item *it = (struct intake_item *)job;
	enum put_outcome put;
	enum status rc;

	job->retry = false;
	forget_store_problems(it);
	rc = registry_unchanged(st, it, &job->err);
	if (rc)
		goto failed;
	rc = store_submission_put(st, it->mission_id, &it->rec, &put, &job->err);
	if (rc == ST_CONFLICT) {
		it->outcome = INTAKE_CONFLICT;
		return rc;
	}
	if (rc == ST_NOT_FOUND || rc == ST_INVALID) {
		it->outcome = INTAKE_INVALID;
		add_store_problem(it, &job->err);
		/* Nothing of the report was written: keep it as received. */
		if (it->received.raw && !keep_received(st, it, &job->err))
			return ST_OK;
		return rc;
	}
	if (rc)
		goto failed;
	if (put == PUT_DUPLICATE) {
		rc = read_back(st, it, &job->err);
		if (!rc)
			rc = store_attachments(st, it, &job->err);
		if (rc)
			goto failed;
		it->outcome = INTAKE_DUPLICATE;
		return ST_OK;
	}
	rc = store_attachments(st, it, &job->err);
	if (!rc)
		rc = refresh_conflicts(st, it, &job->err);
	if (!rc)
		rc = raise_alerts(st, it, &job->err);
	if (rc)
		goto failed;
	it->outcome = INTAKE_STORED;
	return ST_OK;
failed:
	it->outcome = INTAKE_FAILED;
	return rc;
}

struct writer_job *intake_job(struct intake_item *it)
{
	it->job.run = it->refused ? run_refused : run;
	/* Everything a run keeps is written or set anew by the next run. */
	it->job.rerun_safe = true;
	it->nproblems_checked = it->problems ? json_array_size(it->problems) : 0;
	return &it->job;
}
