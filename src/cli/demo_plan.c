/* demo_plan.c - the in-memory demo mission: growable arrays of locations
 * and observers, strings in one arena. */
#include <stdarg.h>
#include <stdio.h>

#include "cli/demo_plan.h"
#include "core/alloc.h"

struct location *demo_plan_add_location(struct demo_plan *p, const struct location *l)
{
	if (p->nlocations == p->locations_alloc) {
		p->locations_alloc = p->locations_alloc ? 2 * p->locations_alloc : 1024;
		p->locations =
		    xrealloc(p->locations, p->locations_alloc * sizeof(*p->locations));
	}
	p->locations[p->nlocations] = *l;
	return &p->locations[p->nlocations++];
}

struct observer *demo_plan_add_observer(struct demo_plan *p, const struct observer *o)
{
	if (p->nobservers == p->observers_alloc) {
		p->observers_alloc = p->observers_alloc ? 2 * p->observers_alloc : 256;
		p->observers =
		    xrealloc(p->observers, p->observers_alloc * sizeof(*p->observers));
	}
	p->observers[p->nobservers] = *o;
	return &p->observers[p->nobservers++];
}

char *demo_plan_fmt(struct demo_plan *p, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(&p->arena, "");
	if ((size_t)n < sizeof(small))
		return arena_strndup(&p->arena, small, (size_t)n);
	s = arena_alloc(&p->arena, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void demo_plan_release(struct demo_plan *p)
{
	free(p->locations);
	free(p->observers);
	arena_release(&p->arena);
	p->locations = NULL;
	p->observers = NULL;
	p->nlocations = p->locations_alloc = 0;
	p->nobservers = p->observers_alloc = 0;
}
