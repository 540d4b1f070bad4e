/* strmap.c - string-keyed hash table: linear probing in a power-of-two
 * table that doubles when it is three quarters full. */
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"

#define MIN_CAP 16

static size_t hash_of(const char *s)
{
	/* 64-bit FNV-1a. */
	unsigned long long h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 32));
}

void strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	strmap_init(m);
}

/* The slot holding key, or the free slot where it would go.  The table
 * must have room (cap > count). */
static struct strmap_slot *slot_for(const struct strmap *m, const char *key, size_t hash)
{
	size_t mask = m->cap - 1, i = hash & mask;

	for (;;) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == hash && !strcmp(s->key, key)))
			return s;
		i = (i + 1) & mask;
	}
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;

	m->cap = old.cap ? old.cap * 2 : MIN_CAP;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++) {
		struct strmap_slot *s = &old.slots[i];
		if (s->key)
			*slot_for(m, s->key, s->hash) = *s;
	}
	free(old.slots);
}

bool strmap_find(const struct strmap *m, const char *key, void **value)
{
	struct strmap_slot *s;

	if (!m->cap)
		return false;
	s = slot_for(m, key, hash_of(key));
	if (!s->key)
		return false;
	if (value)
		*value = s->value;
	return true;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	void *v = NULL;

	strmap_find(m, key, &v);
	return v;
}

bool strmap_add(struct strmap *m, const char *key, void *value, void **existing)
{
	size_t hash = hash_of(key);
	struct strmap_slot *s;

	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	s = slot_for(m, key, hash);
	if (s->key) {
		if (existing)
			*existing = s->value;
		return false;
	}
	s->key = key;
	s->value = value;
	s->hash = hash;
	m->count++;
	return true;
}

void strmap_set(struct strmap *m, const char *key, void *value)
{
	void *old;

	if (!strmap_add(m, key, value, &old))
		slot_for(m, key, hash_of(key))->value = value;
}

size_t strmap_count(const struct strmap *m)
{
	return m->count;
}
