/* tally_marks.c - when each form's reports last changed in a running
 * tally: an epoch that every report counted, taken back or counted again
 * moves, kept per form code, so that what is computed from one form's
 * reports alone (the results protocols' discrepancies, the statement's
 * protocol checks and quick count) is computed again only when they
 * change rather than at every new report of any form.  See tally.h. */
#include <stdlib.h>
#include <string.h>

#include "analysis/tally.h"
#include "analysis/tally_int.h"
#include "core/alloc.h"

static struct tally_fmark *find(const struct tally *t, const char *code)
{
	for (size_t i = 0; i < t->nfmarks; i++)
		if (!strcmp(t->fmarks[i].code, code))
			return &t->fmarks[i];
	return NULL;
}

void tally_fmark_touch(struct tally *t, const char *code)
{
	struct tally_fmark *m;

	if (!code)
		code = "";
	m = find(t, code);
	if (!m) {
		tally_grow((void **)&t->fmarks, &t->capfmarks, t->nfmarks + 1,
		           sizeof(*t->fmarks));
		m = &t->fmarks[t->nfmarks++];
		m->code = xstrdup(code);
	}
	m->mark = ++t->epoch;
}

void tally_fmarks_release(struct tally *t)
{
	for (size_t i = 0; i < t->nfmarks; i++)
		free(t->fmarks[i].code);
	free(t->fmarks);
	t->fmarks = NULL;
	t->nfmarks = t->capfmarks = 0;
}

int64_t tally_form_mark(const struct tally *t, const char *form)
{
	const struct tally_fmark *m = find(t, form ? form : "");

	return m && m->mark > t->built_epoch ? m->mark : t->built_epoch;
}

bool tally_of_kind(const struct tally *t, const char *code, enum form_kind k)
{
	if (!code)
		code = "";
	for (size_t i = 0; i < t->nforms; i++)
		if (!strcmp(t->forms[i]->code, code))
			return t->forms[i]->kind == k;
	return true; /* unknown to the layout: it may be of any kind */
}

int64_t tally_kind_mark(const struct tally *t, enum form_kind k)
{
	int64_t mark = t->built_epoch;

	for (size_t i = 0; i < t->nfmarks; i++)
		if (t->fmarks[i].mark > mark && tally_of_kind(t, t->fmarks[i].code, k))
			mark = t->fmarks[i].mark;
	return mark;
}
