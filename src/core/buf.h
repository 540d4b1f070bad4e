/* buf.h - one growable byte buffer with a hard cap.
 *
 * The bytes are always NUL-terminated so buf.ptr can be used as a C string.
 * Growth past cap returns ST_TOO_BIG and leaves the buffer unchanged.
 *
 *   struct buf b;
 *   buf_init(&b, 1 << 20);
 *   buf_appendf(&b, "%d rows", n);
 *   ... use b.ptr, b.len ...
 *   buf_release(&b);
 */
#ifndef OBSERVA_BUF_H
#define OBSERVA_BUF_H

#include <stddef.h>

#include "core/status.h"

struct buf {
	char *ptr;  /* always NUL-terminated; never NULL after buf_init */
	size_t len; /* bytes used, not counting the NUL */
	size_t alloc;
	size_t cap; /* hard limit on len */
};

#define BUF_NO_CAP ((size_t)-1 / 2)

void buf_init(struct buf *b, size_t cap);
/* Free the bytes; b may be reused after buf_init. */
void buf_release(struct buf *b);
/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
enum status buf_append(struct buf *b, const void *data, size_t len);
enum status buf_appends(struct buf *b, const char *s);
enum status buf_appendc(struct buf *b, char c);
enum status buf_appendf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hand the bytes to the caller, who frees them; b is left empty but usable. */
char *buf_detach(struct buf *b, size_t *len /* OUT, may be NULL */);

#endif
