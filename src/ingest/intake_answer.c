/* intake_answer.c - the answer to the sender of a report written as JSON
 * text, without building a jansson document: the JSON API sends one per
 * report, and the document and its dump cost more than writing it. */
#include <string.h>

#include "core/json_out.h"
#include "ingest/intake.h"

static int dump_to_buf(const char *text, size_t n, void *ctx)
{
	return buf_append(ctx, text, n) ? -1 : 0;
}

/* Append j as the HTTP layer writes JSON. */
static enum status dump(struct buf *b, const json_t *j)
{
	if (json_dump_callback(j, dump_to_buf, b,
	                       JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)))
		return ST_TOO_BIG;
	return ST_OK;
}

/* An array, "[]" when it is NULL or empty. */
static enum status array(struct buf *b, const json_t *a)
{
	if (!a || !json_array_size(a))
		return buf_append(b, "[]", 2);
	return dump(b, a);
}

enum status intake_result_write(const struct intake_item *it, struct buf *b)
{
	enum intake_outcome o = intake_item_outcome(it);
	enum status rc;

	if (o != INTAKE_STORED && o != INTAKE_DUPLICATE) {
		/* Refusals and failures: rarer, and their messages vary. */
		json_t *j = intake_result_json(it);
		rc = dump(b, j);
		json_decref(j);
		return rc;
	}
	rc = buf_appendc(b, '{');
	if (!rc)
		rc = json_out_key(b, "id");
	if (!rc)
		rc = json_out_int(b, it->rec.id);
	if (!rc)
		rc = json_out_key(b, "client_id");
	if (!rc)
		rc = json_out_string(b, it->rec.client_id);
	if (!rc)
		rc = json_out_key(b, "status");
	if (!rc)
		rc = json_out_string(b, it->rec.status);
	if (!rc)
		rc = json_out_key(b, "version");
	if (!rc)
		rc = json_out_int(b, it->rec.version);
	if (!rc)
		rc = json_out_key(b, "duplicate");
	if (!rc)
		rc = buf_appends(b, o == INTAKE_DUPLICATE ? "true" : "false");
	if (!rc)
		rc = json_out_key(b, "problems");
	if (!rc)
		rc = array(b, it->problems);
	if (!rc && o == INTAKE_STORED && it->alerts && json_array_size(it->alerts)) {
		rc = json_out_key(b, "alerts");
		if (!rc)
			rc = dump(b, it->alerts);
	}
	if (!rc)
		rc = buf_appendc(b, '}');
	return rc;
}
