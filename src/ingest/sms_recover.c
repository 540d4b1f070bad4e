/* sms_recover.c - messages whose reading a stop interrupted: stored raw
 * (so acknowledged to no one yet, or answered 503) but never read.  The
 * server reads them when it starts, so none waits for its gateway to
 * send it again. */
#include <string.h>

#include "core/text.h"
#include "ingest/sms_intake.h"

struct pending {
	struct sms_in_row *v;
	size_t n, cap;
	struct arena *a;
};

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static enum status keep(void *ctx, const struct sms_in_row *r)
{
	struct pending *p = ctx;
	struct sms_in_row *c;

	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		struct sms_in_row *v = arena_alloc(p->a, cap * sizeof(*v));

		if (p->n)
			memcpy(v, p->v, p->n * sizeof(*v));
		p->v = v;
		p->cap = cap;
	}
	c = &p->v[p->n++];
	*c = *r;
	c->gateway = dup(p->a, r->gateway);
	c->gateway_id = dup(p->a, r->gateway_id);
	c->phone = dup(p->a, r->phone);
	c->observer = dup(p->a, r->observer);
	c->text = dup(p->a, r->text);
	c->received_at = dup(p->a, r->received_at);
	c->text_key = dup(p->a, r->text_key);
	c->status = dup(p->a, r->status);
	return ST_OK;
}

struct find_mission {
	int64_t id;
	const char *code; /* found, in a */
	struct arena *a;
};

static enum status match(void *ctx, const struct mission *m)
{
	struct find_mission *f = ctx;

	if (m->id == f->id)
		f->code = arena_strdup(f->a, m->code);
	return ST_OK;
}

enum status sms_recover(struct intake *in, struct store *st, struct writer *w,
                        size_t *done, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct pending p = {.a = &a};
	char now[21];
	enum status rc;

	*done = 0;
	text_now_iso(now);
	rc = store_sms_in_pending(st, now, 10000, keep, &p, e);
	for (size_t i = 0; !rc && i < p.n; i++) {
		struct mission m;
		struct find_mission f = {p.v[i].mission_id, NULL, &a};
		struct sms_result r;

		rc = store_mission_list(st, match, &f, e);
		if (!rc && f.code)
			rc = store_mission_get(st, f.code, &a, &m, e);
		if (rc || !f.code)
			continue;
		rc = sms_resume(in, st, w, &m, &p.v[i], &r, e);
		sms_result_release(&r);
		if (!rc)
			(*done)++;
	}
	arena_release(&a);
	return rc;
}
