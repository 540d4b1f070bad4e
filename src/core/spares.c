/* spares.c - released blocks kept for reuse.  See spares.h. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/spares.h"

void spares_init(struct spares *sp, size_t max, size_t size)
{
	pthread_mutex_init(&sp->mu, NULL);
	sp->kept = xcalloc(max ? max : 1, sizeof(*sp->kept));
	sp->n = 0;
	sp->max = max;
	sp->size = size;
}

void *spares_take(struct spares *sp)
{
	void *p = NULL;

	pthread_mutex_lock(&sp->mu);
	if (sp->n)
		p = sp->kept[--sp->n];
	pthread_mutex_unlock(&sp->mu);
	if (!p)
		return xcalloc(1, sp->size);
	memset(p, 0, sp->size);
	return p;
}

void spares_give(struct spares *sp, void *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&sp->mu);
	if (sp->n < sp->max) {
		sp->kept[sp->n++] = p;
		p = NULL;
	}
	pthread_mutex_unlock(&sp->mu);
	free(p);
}

void spares_release(struct spares *sp)
{
	while (sp->n)
		free(sp->kept[--sp->n]);
	free(sp->kept);
	sp->kept = NULL;
	pthread_mutex_destroy(&sp->mu);
}
