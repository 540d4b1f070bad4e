/* strmap.h - a hash table from NUL-terminated strings to pointers.
 *
 * Open addressing with linear probing and FNV-1a hashes; lookups and
 * insertions take constant time on average, so code lists of any size can
 * be checked for duplicates in one pass.  There is no removal. */
#ifndef OBSERVA_STRMAP_H
#define OBSERVA_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap_slot {
	const char *key; /* NULL: the slot is free */
	void *value;
	size_t hash;
};

/* Keys and values are borrowed: the map neither copies nor frees them, so
 * they must outlive it (an arena is the usual home for the keys). */
struct strmap {
	struct strmap_slot *slots;
	size_t cap;   /* slots allocated: 0 or a power of two */
	size_t count; /* keys stored */
};

#define STRMAP_INIT                                                                      \
	{                                                                                \
		NULL, 0, 0                                                               \
	}

void strmap_init(struct strmap *m);
/* Free the table (not the keys or values); m may be reused after it. */
void strmap_release(struct strmap *m);

/* True when key is present; its value goes to *value (may be NULL). */
bool strmap_find(const struct strmap *m, const char *key, void **value /* OUT */);
/* The value of key, or NULL when absent (or when NULL was stored). */
void *strmap_get(const struct strmap *m, const char *key);

/* Add key -> value if key is absent and return true.  If key is present,
 * change nothing, return false and put its value in *existing (may be
 * NULL).  Aborts when memory runs out, like xmalloc. */
bool strmap_add(struct strmap *m, const char *key, void *value,
                void **existing /* OUT */);
/* Map key to value, adding or replacing. */
void strmap_set(struct strmap *m, const char *key, void *value);

/* Number of keys. */
size_t strmap_count(const struct strmap *m);

#endif
