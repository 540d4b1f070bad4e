/* export_sms_out.c - the export of outbound SMS: the outbox, replies to
 * observers' messages and broadcasts alike, with their delivery state,
 * newest first as GET .../sms/outbox lists them.  docs/exports.md lists
 * the columns.
 *
 * The rows come from store_sms_out_list() a page at a time by offset.
 * Messages queued while the export runs go to the top of that order and
 * push the rest down, so the export keeps to the messages that existed
 * when it began (ids up to the first row's) and skips a row it has
 * already written (an id not below the last one written): nothing is
 * missed and nothing is written twice. */
#include <string.h>

#include "model/phone.h"
#include "report/export_int.h"

static const char *const out_columns[] = {
    "id",       "created_at", "phone",      "observer", "kind",
    "reply_to", "text",       "status",     "attempts", "next_attempt_at",
    "sent_at",  "gateway_id", "last_error",
};

#define NOUT_COLUMNS (sizeof(out_columns) / sizeof(out_columns[0]))

struct sms_out {
	struct sms_filter f;
	int64_t head;    /* the newest id when the export began; 0 before */
	int64_t last;    /* the last id written; 0 before */
	int64_t fetched; /* rows the last page read */
};

static enum status out_open(struct export *x, struct err *e)
{
	static const char *const statuses[] = {
	    "queued", "sending", "sent", "delivered", "undelivered", "failed", NULL};
	struct sms_out *s = arena_alloc(&x->arena, sizeof(*s));
	enum status rc = export_check_word("status", x->o.status, statuses, e);

	if (rc)
		return rc;
	memset(s, 0, sizeof(*s));
	s->f.status = x->o.status;
	if (x->o.phone) {
		char phone[PHONE_MAX];
		struct err pe;
		err_clear(&pe);
		if (phone_normalise(x->o.phone, x->m.country, phone, &pe))
			return err_set(e, ST_INVALID, "phone: %s", pe.msg);
		s->f.phone = arena_strdup(&x->arena, phone);
	}
	s->f.limit = EXPORT_PAGE_ROWS;
	x->state = s;
	export_columns(x, out_columns, NULL, NOUT_COLUMNS);
	return ST_OK;
}

static void text_or_null(struct export_table *t, const char *v)
{
	if (v)
		export_table_text(t, v);
	else
		export_table_null(t);
}

static enum status out_row(void *ctx, const struct sms_out_row *m)
{
	struct export *x = ctx;
	struct sms_out *s = x->state;
	struct export_table *t = &x->t;

	s->fetched++;
	if (!s->head)
		s->head = m->id;
	if (m->id > s->head || (s->last && m->id >= s->last))
		return ST_OK; /* queued since, or written already */
	s->last = m->id;
	export_table_int(t, m->id);
	export_table_text(t, m->created_at);
	export_table_text(t, m->phone);
	text_or_null(t, m->observer);
	export_table_text(t, m->kind);
	if (m->reply_to)
		export_table_int(t, m->reply_to);
	else
		export_table_null(t);
	export_table_text(t, m->text);
	export_table_text(t, m->status);
	export_table_int(t, m->attempts);
	text_or_null(t, m->next_attempt_at);
	text_or_null(t, m->sent_at);
	text_or_null(t, m->gateway_id);
	text_or_null(t, m->last_error);
	export_table_row_end(t);
	return ST_OK;
}

static enum status out_page(struct export *x, bool *more, struct err *e)
{
	struct sms_out *s = x->state;
	int64_t total = 0;
	enum status rc;

	s->fetched = 0;
	rc = store_sms_out_list(x->st, x->m.id, &s->f, &total, out_row, x, e);
	s->f.offset += s->fetched;
	*more = !rc && s->fetched == s->f.limit;
	return rc;
}

const struct export_kind_def export_sms_out_def = {
    .name = "sms-out",
    .formats = XF_TABULAR,
    .options = XO(XO_STATUS) | XO(XO_PHONE),
    .open = out_open,
    .page = out_page,
};
