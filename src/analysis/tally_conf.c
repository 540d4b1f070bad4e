/* tally_conf.c - the conflicts a running tally holds: for each, the
 * reports it lists (linked from each report, so that counting a report
 * finds its conflicts), its effect on their answers as findings count it
 * (findings_load.c reads the same way), and its share of the coverage
 * rows' open conflicts. */
#include <stdlib.h>
#include <string.h>

#include "analysis/answers_scan.h"
#include "analysis/tally_int.h"
#include "core/alloc.h"

void tally_touch(struct tally *t, int64_t report_id)
{
	tally_grow((void **)&t->ids, &t->capids, t->nids + 1, sizeof(*t->ids));
	t->ids[t->nids++] = report_id;
}

void tally_conf_touch(struct tally *t, int64_t conflict_id)
{
	tally_grow((void **)&t->conf_ids, &t->capconf_ids, t->nconf_ids + 1,
	           sizeof(*t->conf_ids));
	t->conf_ids[t->nconf_ids++] = conflict_id;
}

struct subs {
	int64_t *v;
	size_t n, cap;
};

static bool on_value(void *ctx, const char *key, size_t len, const struct answer_value *v)
{
	struct subs *s = ctx;

	if (len != 10 || strncmp(key, "submission", 10) || v->kind != ANSWER_INT)
		return true;
	if (s->n == s->cap) { /* most conflicts list two or three reports */
		s->cap = s->cap ? 2 * s->cap : 4;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = v->i;
	return true;
}

static struct tally_conf *conf_of(struct tally *t, int64_t id)
{
	if (id < 0 || (size_t)id >= t->capconf_of || !t->conf_of[id])
		return NULL;
	return &t->confs[t->conf_of[id] - 1];
}

static uint32_t new_node(struct tally *t)
{
	uint32_t k;

	if (t->free_node != TALLY_NONE) {
		k = t->free_node;
		t->free_node = t->nodes[k].next;
		return k;
	}
	tally_grow((void **)&t->nodes, &t->capnodes, t->nnodes + 1, sizeof(*t->nodes));
	return (uint32_t)t->nnodes++;
}

/* Hold conflict id with its reports subs[0..nsubs) (taken over). */
static void insert(struct tally *t, int64_t id, int64_t station_id, const char *station,
                   const char *form, const char *tag, const char *resolved, int64_t *subs,
                   size_t nsubs)
{
	const struct findings_work *w = t->f.work;
	struct tally_conf *c = conf_of(t, id);
	uintptr_t fi = form ? (uintptr_t)strmap_get(&w->codes, form) : 0;
	size_t cform = tally_cform(t, form), slot = tally_station(t, station_id, station);
	const struct form_question *q;

	if (!c) {
		tally_grow((void **)&t->confs, &t->capconfs, t->nconfs + 1,
		           sizeof(*t->confs));
		tally_grow((void **)&t->conf_of, &t->capconf_of, (size_t)id + 1,
		           sizeof(*t->conf_of));
		t->conf_of[id] = (uint32_t)++t->nconfs;
		c = &t->confs[t->nconfs - 1];
	}
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->live = true;
	c->open = resolved == NULL;
	c->station = slot;
	c->cform = cform;
	c->subs = subs;
	c->nsubs = nsubs;
	q = fi && tag ? form_question(w->fm[fi - 1].form, tag) : NULL;
	if (q) {
		c->has_ov = true;
		c->ov.form = fi - 1;
		c->ov.question = (size_t)(q - w->fm[fi - 1].form->questions);
		c->ov.resolved = resolved != NULL;
		if (resolved) {
			json_t *j = json_loads(resolved, JSON_DECODE_ANY, NULL);
			c->ov.value = xmalloc(sizeof(*c->ov.value));
			answers_scan_json(j, c->ov.value);
			json_decref(j);
		}
	}
	if (c->open)
		t->cov[slot * t->capf + cform].conflicts++;
	for (size_t i = 0; i < nsubs; i++) {
		struct tally_rep *rep = tally_rep(t, subs[i]);
		uint32_t k = new_node(t);
		t->nodes[k].conf = (uint32_t)(c - t->confs);
		t->nodes[k].next = rep->ov;
		rep->ov = k;
	}
	t->nconfs_live++;
}

/* Let conflict c go: its links, its open count, its value. */
static void drop(struct tally *t, struct tally_conf *c)
{
	uint32_t idx = (uint32_t)(c - t->confs);

	if (!c->live)
		return;
	for (size_t i = 0; i < c->nsubs; i++) {
		struct tally_rep *rep = tally_rep(t, c->subs[i]);
		uint32_t *at = &rep->ov;
		while (*at != TALLY_NONE) {
			uint32_t k = *at;
			if (t->nodes[k].conf == idx) {
				*at = t->nodes[k].next;
				t->nodes[k].next = t->free_node;
				t->free_node = k;
			} else {
				at = &t->nodes[k].next;
			}
		}
	}
	if (c->open)
		t->cov[c->station * t->capf + c->cform].conflicts--;
	free(c->subs);
	free(c->ov.value);
	c->subs = NULL;
	c->ov.value = NULL;
	c->live = false;
	t->nconfs_live--;
}

enum status tally_conf_put(void *ctx, const struct tally_conflict *c)
{
	struct tally *t = ctx;
	struct subs s = {0};

	answers_scan_objects(c->values, on_value, &s);
	insert(t, c->id, c->station_id, c->station, c->form, c->tag, c->resolved_value,
	       s.v, s.n);
	return ST_OK;
}

static enum status stash(void *ctx, const struct tally_conflict *c)
{
	struct tally *t = ctx;
	struct tally_newconf *n;
	struct subs s = {0};

	answers_scan_objects(c->values, on_value, &s);
	for (size_t i = 0; i < s.n; i++)
		tally_touch(t, s.v[i]);
	tally_grow((void **)&t->newc, &t->capnewc, t->nnewc + 1, sizeof(*t->newc));
	n = &t->newc[t->nnewc++];
	n->id = c->id;
	n->station_id = c->station_id;
	n->station = xstrdup(c->station ? c->station : "");
	n->form = c->form ? xstrdup(c->form) : NULL;
	n->tag = c->tag ? xstrdup(c->tag) : NULL;
	n->resolved = c->resolved_value ? xstrdup(c->resolved_value) : NULL;
	n->subs = s.v;
	n->nsubs = s.n;
	return ST_OK;
}

static int by_id(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

enum status tally_confs_read(struct tally *t, struct store *st, struct err *e)
{
	enum status rc = ST_OK;
	size_t n = 0;

	if (t->nconf_ids)
		qsort(t->conf_ids, t->nconf_ids, sizeof(*t->conf_ids), by_id);
	for (size_t i = 0; i < t->nconf_ids; i++)
		if (i == 0 || t->conf_ids[i] != t->conf_ids[i - 1])
			t->conf_ids[n++] = t->conf_ids[i];
	t->nconf_ids = n;
	for (size_t i = 0; !rc && i < n; i++) {
		const struct tally_conf *c = conf_of(t, t->conf_ids[i]);
		for (size_t k = 0; c && c->live && k < c->nsubs; k++)
			tally_touch(t, c->subs[k]);
		rc =
		    store_tally_conflicts(st, t->mission_id, t->conf_ids[i], stash, t, e);
	}
	return rc;
}

void tally_confs_apply(struct tally *t)
{
	for (size_t i = 0; i < t->nconf_ids; i++) {
		struct tally_conf *c = conf_of(t, t->conf_ids[i]);
		if (c)
			drop(t, c);
	}
	for (size_t i = 0; i < t->nnewc; i++) {
		struct tally_newconf *n = &t->newc[i];
		insert(t, n->id, n->station_id, n->station, n->form, n->tag, n->resolved,
		       n->subs, n->nsubs);
		free(n->station);
		free(n->form);
		free(n->tag);
		free(n->resolved);
	}
	t->nnewc = 0;
	t->nconf_ids = 0;
}

void tally_confs_release(struct tally *t)
{
	for (size_t i = 0; i < t->nconfs; i++) {
		free(t->confs[i].subs);
		free(t->confs[i].ov.value);
	}
	for (size_t i = 0; i < t->nnewc; i++) {
		free(t->newc[i].station);
		free(t->newc[i].form);
		free(t->newc[i].tag);
		free(t->newc[i].resolved);
		free(t->newc[i].subs);
	}
	free(t->confs);
	free(t->conf_of);
	free(t->nodes);
	free(t->newc);
	free(t->conf_ids);
}
