/* region_map.c - each location's region, found once by walking up the
 * tree: every location passed on the way remembers the answer, so a
 * national tree of 100,000 stations is walked through once. */
#include <string.h>

#include "analysis/region_map.h"
#include "core/alloc.h"

struct region_map_node {
	const char *code, *parent_code;
	size_t region;  /* its own index when it is a region; else the resolved
	                 * region, REGION_MAP_NONE, or REGION_MAP_UNKNOWN while
	                 * not resolved yet */
	bool is_region; /* level region, city or abroad */
};

bool region_map_level(const char *level)
{
	return level && (!strcmp(level, "region") || !strcmp(level, "city") ||
	                 !strcmp(level, "abroad"));
}

void region_map_init(struct region_map *m)
{
	memset(m, 0, sizeof(*m));
	strmap_init(&m->locs);
}

void region_map_add(struct region_map *m, const struct location *l)
{
	struct region_map_node *n;

	if (!l->code || strmap_get(&m->locs, l->code))
		return;
	n = arena_alloc(&m->arena, sizeof(*n));
	n->code = arena_strdup(&m->arena, l->code);
	n->parent_code = arena_strdup(&m->arena, l->parent);
	n->is_region = region_map_level(l->level);
	n->region = REGION_MAP_UNKNOWN;
	if (n->is_region) {
		if (m->nregions == m->cap_regions) {
			m->cap_regions = m->cap_regions ? 2 * m->cap_regions : 32;
			m->regions =
			    xrealloc(m->regions, m->cap_regions * sizeof(*m->regions));
		}
		n->region = m->nregions;
		m->regions[m->nregions].code = n->code;
		m->regions[m->nregions].name = arena_strdup(&m->arena, l->name);
		m->nregions++;
	}
	if (m->nnodes == m->cap_nodes) {
		m->cap_nodes = m->cap_nodes ? 2 * m->cap_nodes : 1024;
		m->nodes = xrealloc(m->nodes, m->cap_nodes * sizeof(*m->nodes));
	}
	m->nodes[m->nnodes++] = n;
	strmap_add(&m->locs, n->code, n, NULL);
}

static struct region_map_node *parent_of(const struct region_map *m,
                                         const struct region_map_node *n)
{
	return n->parent_code ? strmap_get(&m->locs, n->parent_code) : NULL;
}

/* Walk up from n to the first region or the first node already resolved,
 * then write the answer into every node passed. */
static void resolve(struct region_map *m, struct region_map_node *n)
{
	struct region_map_node *p = parent_of(m, n), *q = n;
	size_t found;
	int steps = 0;

	while (p && p->region == REGION_MAP_UNKNOWN && !p->is_region &&
	       steps < REGION_MAP_DEPTH_MAX) {
		p = parent_of(m, p);
		steps++;
	}
	if (p && steps == REGION_MAP_DEPTH_MAX)
		m->unresolved = true;
	if (!p || steps == REGION_MAP_DEPTH_MAX)
		found = REGION_MAP_NONE;
	else
		found = p->region; /* a region's own index, or p's resolved region */
	for (int k = 0; k <= steps && q; k++) {
		if (!q->is_region)
			q->region = found;
		q = parent_of(m, q);
	}
}

void region_map_finish(struct region_map *m)
{
	for (size_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i]->region == REGION_MAP_UNKNOWN)
			resolve(m, m->nodes[i]);
	/* A region whose parent lies in another region: that one holds it. */
	m->holds = xcalloc(m->nregions ? m->nregions : 1, sizeof(*m->holds));
	for (size_t i = 0; i < m->nnodes; i++) {
		const struct region_map_node *n = m->nodes[i], *p;
		if (!n->is_region || !(p = parent_of(m, n)))
			continue;
		if (p->region < m->nregions)
			m->holds[p->region] = true;
	}
}

bool region_map_whole(const struct region_map *m, size_t r)
{
	return r < m->nregions && m->holds && !m->holds[r] && !m->unresolved;
}

size_t region_map_of(const struct region_map *m, const char *code)
{
	const struct region_map_node *n = code ? strmap_get(&m->locs, code) : NULL;

	return n ? n->region : REGION_MAP_UNKNOWN;
}

size_t region_map_find(const struct region_map *m, const char *code)
{
	const struct region_map_node *n = code ? strmap_get(&m->locs, code) : NULL;

	return n && n->is_region ? n->region : REGION_MAP_UNKNOWN;
}

void region_map_release(struct region_map *m)
{
	free(m->regions);
	free(m->nodes);
	free(m->holds);
	strmap_release(&m->locs);
	arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

static enum status add_location(void *ctx, const struct location *l)
{
	region_map_add(ctx, l);
	return ST_OK;
}

enum status region_map_load(struct store *st, int64_t mission_id, struct region_map *m,
                            struct err *e)
{
	struct location_filter lf = {0};
	int64_t total;
	enum status rc;

	rc = store_location_list(st, mission_id, &lf, &total, add_location, m, e);
	if (!rc)
		region_map_finish(m);
	return rc;
}
