/* store_ltm.c - the long-term log's part of the store interface: each
 * function dispatches to the back-end's operation (store_ltm.h). */
#include "store/store.h"

void store_meeting_of_row(const struct meeting_row *r, struct meeting *m)
{
	*m = (struct meeting){
	    .id = r->id,
	    .date = r->date,
	    .time = r->time,
	    .place = r->place,
	    .counterpart = r->counterpart,
	    .institution_kind = r->institution_kind,
	    .institution = r->institution,
	    .participants = r->participants,
	    .topics = r->topics,
	    .summary = r->summary,
	    .follow_ups = r->follow_ups,
	    .created_at = r->created_at,
	};
}

enum status store_meeting_add(struct store *st, int64_t mission_id,
                              const struct meeting *m, int64_t *id, struct err *e)
{
	return st->ops->meeting_add(st, mission_id, m, id, e);
}

enum status store_meeting_update(struct store *st, int64_t mission_id,
                                 const struct meeting *m, bool *changed, struct err *e)
{
	return st->ops->meeting_update(st, mission_id, m, changed, e);
}

enum status store_meeting_find(struct store *st, int64_t mission_id, const char *date,
                               const char *time, const char *institution,
                               const char *counterpart, int64_t *id, struct err *e)
{
	return st->ops->meeting_find(st, mission_id, date, time, institution, counterpart,
	                             id, e);
}

enum status store_meeting_get(struct store *st, int64_t mission_id, int64_t id,
                              struct arena *a, struct meeting_row *out, struct err *e)
{
	return st->ops->meeting_get(st, mission_id, id, a, out, e);
}

enum status store_meeting_delete(struct store *st, int64_t mission_id, int64_t id,
                                 struct err *e)
{
	return st->ops->meeting_delete(st, mission_id, id, e);
}

enum status store_meeting_list(struct store *st, int64_t mission_id,
                               const struct meeting_filter *f, int64_t *total,
                               store_meeting_cb cb, void *ctx, struct err *e)
{
	return st->ops->meeting_list(st, mission_id, f, total, cb, ctx, e);
}

enum status store_document_add(struct store *st, int64_t mission_id,
                               const struct document *d, const void *data, int64_t *id,
                               char hash[DOCUMENT_HASH_HEX + 1], struct err *e)
{
	return st->ops->document_add(st, mission_id, d, data, id, hash, e);
}

enum status store_document_list(struct store *st, int64_t mission_id,
                                const struct document_filter *f, int64_t *total,
                                store_document_cb cb, void *ctx, struct err *e)
{
	return st->ops->document_list(st, mission_id, f, total, cb, ctx, e);
}

enum status store_document_get(struct store *st, int64_t mission_id, int64_t id,
                               struct arena *a, struct document *out, const void **data,
                               struct err *e)
{
	return st->ops->document_get(st, mission_id, id, a, out, data, e);
}

enum status store_document_delete(struct store *st, int64_t mission_id, int64_t id,
                                  struct err *e)
{
	return st->ops->document_delete(st, mission_id, id, e);
}
