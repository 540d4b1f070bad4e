/* attachment.h - what a file that came with a report may be called: the
 * name is a key in the store and a segment of a download URL, so it must
 * be one plain file name. */
#ifndef OBSERVA_ATTACHMENT_H
#define OBSERVA_ATTACHMENT_H

#include <stdbool.h>

#define ATTACHMENT_NAME_MAX 255 /* bytes of a name */

/* True when name is 1 to ATTACHMENT_NAME_MAX bytes of valid UTF-8 without
 * '/', '\\' or control characters, and is not "." or "..".  Otherwise
 * false with *why (may be NULL) saying what is wrong (static text). */
bool attachment_name_valid(const char *name, const char **why /* OUT */);

#endif
