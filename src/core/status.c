/* status.c - descriptions of the codes in status.h. */
#include "core/status.h"

const char *status_str(enum status st)
{
	static const char *const text[] = {
#define X(name, desc) desc,
	    STATUS_MAP(X)
#undef X
	};
	if ((unsigned)st >= ST__COUNT)
		return "unknown status";
	return text[st];
}
