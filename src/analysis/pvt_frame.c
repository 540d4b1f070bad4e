/* pvt_frame.c - the quick count's frame: every polling station of a
 * mission with its stratum, found by walking up the location tree once
 * per location (pvt_mission.h names the attributes). */
#include <stdlib.h>
#include <string.h>

#include "analysis/pvt_mission.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/strmap.h"

#define DEPTH_MAX 64 /* deeper than any real tree; guards against a loop */

enum attr { ATTR_REGION, ATTR_TERRITORY, ATTR_STRATUM };

struct node {
	const char *code, *level, *parent, *stratum;
};

struct loader {
	struct arena *a;
	struct strmap nodes; /* code -> struct node */
	struct node **stations;
	size_t n, cap;
};

static enum status add_node(void *ctx, const struct location *l)
{
	struct loader *ld = ctx;
	struct node *n = arena_alloc(ld->a, sizeof(*n));

	n->code = arena_strdup(ld->a, l->code);
	n->level = arena_strdup(ld->a, l->level);
	n->parent = arena_strdup(ld->a, l->parent);
	n->stratum = arena_strdup(ld->a, l->stratum);
	strmap_add(&ld->nodes, n->code, n, NULL);
	if (l->level && !strcmp(l->level, "station")) {
		if (ld->n == ld->cap) {
			ld->cap = ld->cap ? ld->cap * 2 : 1024;
			ld->stations =
			    xrealloc(ld->stations, ld->cap * sizeof(*ld->stations));
		}
		ld->stations[ld->n++] = n;
	}
	return ST_OK;
}

static bool is_region(const char *level)
{
	return !strcmp(level, "region") || !strcmp(level, "city") ||
	       !strcmp(level, "abroad");
}

/* The value of attribute at for station s, or NULL. */
static const char *value_of(struct loader *ld, const struct node *s, enum attr at)
{
	const struct node *p = s, *top = NULL;

	if (at == ATTR_STRATUM)
		return s->stratum;
	for (int d = 0; d < DEPTH_MAX && p->parent; d++) {
		p = strmap_get(&ld->nodes, p->parent);
		if (!p)
			break;
		if (at == ATTR_TERRITORY && !strcmp(p->level, "territory"))
			return p->code;
		if (at == ATTR_REGION && is_region(p->level))
			return p->code;
		if (strcmp(p->level, "country"))
			top = p;
	}
	return at == ATTR_REGION && top ? top->code : NULL;
}

/* The attributes of strata_by ("region,stratum") into at[]. */
static enum status parse_attrs(const char *strata_by, enum attr *at, size_t *n,
                               struct err *e)
{
	static const char *const names[] = {"region", "territory", "stratum"};
	const char *s = strata_by;

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ","), k = 0;
		while (k < 3 && (strlen(names[k]) != len || strncmp(names[k], s, len)))
			k++;
		if (k == 3)
			return err_set(
			    e, ST_INVALID,
			    "strata: \"%.*s\" is not a location attribute; give "
			    "one or more of %s, separated by commas",
			    (int)len, s, PVT_STRATA_ATTRS);
		if (*n == 3)
			return err_set(e, ST_INVALID,
			               "strata: an attribute is given twice");
		for (size_t j = 0; j < *n; j++)
			if (at[j] == (enum attr)k)
				return err_set(e, ST_INVALID,
				               "strata: \"%s\" is given twice", names[k]);
		at[(*n)++] = (enum attr)k;
		s += len + (s[len] == ',');
	}
	if (!*n)
		return err_set(e, ST_INVALID, "strata: name an attribute (%s)",
		               PVT_STRATA_ATTRS);
	return ST_OK;
}

enum status pvt_frame_load(struct store *st, int64_t mission_id, const char *strata_by,
                           struct arena *a, struct pvt_unit **frame, size_t *n,
                           struct err *e)
{
	struct loader ld = {.a = a};
	struct location_filter f = {0};
	enum attr at[3];
	size_t nat = 0;
	int64_t total;
	struct buf b;
	enum status rc;

	*frame = NULL;
	*n = 0;
	if (strata_by) {
		rc = parse_attrs(strata_by, at, &nat, e);
		if (rc)
			return rc;
	}
	strmap_init(&ld.nodes);
	rc = store_location_list(st, mission_id, &f, &total, add_node, &ld, e);
	if (rc)
		goto out;
	*frame = arena_alloc(a, (ld.n ? ld.n : 1) * sizeof(**frame));
	buf_init(&b, 4096);
	for (size_t i = 0; i < ld.n; i++) {
		(*frame)[i].station = ld.stations[i]->code;
		(*frame)[i].stratum = NULL;
		if (!nat)
			continue;
		buf_reset(&b);
		for (size_t k = 0; k < nat; k++) {
			const char *v = value_of(&ld, ld.stations[i], at[k]);
			buf_appendf(&b, "%s%s", k ? "/" : "", v ? v : PVT_NO_STRATUM);
		}
		(*frame)[i].stratum = arena_strndup(a, b.ptr, b.len);
	}
	buf_release(&b);
	*n = ld.n;
out:
	free(ld.stations);
	strmap_release(&ld.nodes);
	return rc;
}
