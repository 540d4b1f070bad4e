/* sms_broadcast.c - a broadcast's text and filters checked, its audience
 * read from the store and split into those with a number and those
 * without, and its messages queued in one savepoint. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "ingest/sms_broadcast.h"
#include "model/observer.h"

struct plan {
	struct sms_broadcast *b;
	struct arena *a;
	size_t cap_to, cap_skipped;
	struct sms_audience_row *to;
	const char **skipped;
};

static enum status take(void *ctx, const struct sms_audience_row *r)
{
	struct plan *p = ctx;
	struct sms_broadcast *b = p->b;

	if (!r->phone || !*r->phone) {
		if (b->nskipped == p->cap_skipped) {
			p->cap_skipped = p->cap_skipped ? 2 * p->cap_skipped : 16;
			p->skipped =
			    xrealloc(p->skipped, p->cap_skipped * sizeof(*p->skipped));
		}
		p->skipped[b->nskipped++] = arena_strdup(p->a, r->observer);
		return ST_OK;
	}
	if (b->nto == p->cap_to) {
		p->cap_to = p->cap_to ? 2 * p->cap_to : 64;
		p->to = xrealloc(p->to, p->cap_to * sizeof(*p->to));
	}
	p->to[b->nto++] = (struct sms_audience_row){
	    .observer = arena_strdup(p->a, r->observer),
	    .name = arena_strdup(p->a, r->name),
	    .phone = arena_strdup(p->a, r->phone),
	};
	return ST_OK;
}

/* The n items at v copied into a (NULL when none); v is freed. */
static void *into_arena(struct arena *a, void *v, size_t n, size_t size)
{
	void *out = NULL;

	if (n) {
		out = arena_alloc(a, n * size);
		memcpy(out, v, n * size);
	}
	free(v);
	return out;
}

static enum status check_text(struct sms_broadcast *b, struct err *e)
{
	const char *t = b->text;
	size_t n = t ? strlen(t) : 0;
	bool blank = true;

	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", t[i]))
			blank = false;
	if (blank)
		return err_set(e, ST_INVALID, "text: must not be empty");
	if (!utf8_valid(t, n))
		return err_set(e, ST_INVALID, "text: must be UTF-8");
	b->chars = utf8_count(t, n);
	if (b->chars > SMS_BROADCAST_TEXT_MAX)
		return err_set(e, ST_INVALID, "text: at most %d characters, not %zu",
		               SMS_BROADCAST_TEXT_MAX, b->chars);
	sms_text_size(t, n, &b->size);
	if (!b->allow_long && !sms_text_fits(t, n)) {
		if (b->size.gsm7)
			return err_set(e, ST_INVALID,
			               "text: %zu GSM-7 septets, more than one SMS holds "
			               "(%d)",
			               b->size.units, SMS_GSM7_ONE);
		return err_set(e, ST_INVALID,
		               "text: %zu UCS-2 units, more than one SMS holds (%d, as "
		               "a character outside GSM-7 makes the SMS UCS-2)",
		               b->size.units, SMS_UCS2_ONE);
	}
	return ST_OK;
}

bool sms_broadcast_too_long(const struct sms_broadcast *b)
{
	return !b->allow_long && b->size.segments > 1;
}

enum status sms_broadcast_plan(struct store *st, int64_t mission_id,
                               struct sms_broadcast *b, struct arena *a, struct err *e)
{
	struct plan p = {.b = b, .a = a};
	const char *status;
	enum status rc;

	b->to = NULL;
	b->skipped = NULL;
	b->nto = b->nskipped = 0;
	b->size = (struct sms_size){0};
	rc = check_text(b, e);
	if (rc)
		return rc;
	if (b->filter.status) {
		status = accreditation_status_canonical(b->filter.status);
		if (!status)
			return err_set(e, ST_INVALID, "status: \"%s\" is not one of: %s",
			               b->filter.status, accreditation_statuses_list());
		b->filter.status = status;
	}
	rc = store_sms_audience(st, mission_id, &b->filter, take, &p, e);
	b->to = into_arena(a, p.to, rc ? 0 : b->nto, sizeof(*p.to));
	b->skipped = into_arena(a, p.skipped, rc ? 0 : b->nskipped, sizeof(*p.skipped));
	if (rc)
		b->nto = b->nskipped = 0;
	return rc;
}

enum status sms_broadcast_queue(struct store *st, int64_t mission_id,
                                const struct sms_broadcast *b, int64_t *queued,
                                struct err *e)
{
	enum status rc;

	*queued = 0;
	rc = store_savepoint(st, e);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < b->nto; i++) {
		struct sms_out_row m = {.phone = b->to[i].phone,
		                        .observer = b->to[i].observer,
		                        .text = b->text,
		                        .kind = "broadcast"};
		rc = store_sms_out_add(st, mission_id, &m, e);
	}
	rc = store_release(st, rc);
	if (!rc)
		*queued = (int64_t)b->nto;
	return rc;
}
