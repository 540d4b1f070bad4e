/* json_alloc.h - jansson's small blocks kept for reuse by each thread.
 *
 * Reading and checking one report makes two jansson documents: about sixty
 * small allocations and twice as many frees, more than glibc's per-thread
 * cache holds, so most went through malloc's slower paths.  With
 * json_alloc_install(), jansson's blocks of up to JSON_ALLOC_SMALL bytes
 * that are freed go to a list of the freeing thread, one list for each
 * 16-byte size, and the next allocation of that size takes one from it.
 *
 * The blocks are glibc's own: a freed block's size is read back with
 * malloc_usable_size(), so nothing is stored beside it, and what jansson
 * hands to its callers (json_dumps()'s text) is still freed with free().
 * A thread keeps at most JSON_ALLOC_KEPT blocks of each size; they are
 * freed when it ends.  Built with AddressSanitizer, nothing is installed,
 * so that a block used after jansson freed it is still caught. */
#ifndef OBSERVA_JSON_ALLOC_H
#define OBSERVA_JSON_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_ALLOC_SMALL 256 /* bytes: larger blocks are malloc's alone */
#define JSON_ALLOC_KEPT  512 /* blocks of one size a thread keeps */

/* Have jansson allocate through json_alloc_malloc() and json_alloc_free();
 * call before any jansson value is made.  False when it is not installed
 * (a sanitizer build). */
bool json_alloc_install(void);

/* The two functions jansson is given; usable on their own (the tests). */
void *json_alloc_malloc(size_t n);
void json_alloc_free(void *p);

/* Blocks the calling thread keeps now, of all sizes; of the size that
 * json_alloc_malloc(n) takes (n at most JSON_ALLOC_SMALL). */
size_t json_alloc_kept(void);
size_t json_alloc_kept_of(size_t n);

#endif
