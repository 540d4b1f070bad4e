/* attachment.c - the rule for attachments' names (attachment.h). */
#include <string.h>

#include "core/text.h"
#include "model/attachment.h"

static bool refuse(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return false;
}

bool attachment_name_valid(const char *name, const char **why)
{
	size_t n = name ? strlen(name) : 0;

	if (!n)
		return refuse(why, "the name is empty");
	if (n > ATTACHMENT_NAME_MAX)
		return refuse(why, "the name is longer than 255 bytes");
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return refuse(why, "the name is not a file name");
	if (!utf8_valid(name, n))
		return refuse(why, "the name is not UTF-8");
	for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
		if (*c == '/' || *c == '\\')
			return refuse(why, "the name has a slash");
		if (*c < 0x20 || *c == 0x7f)
			return refuse(why, "the name has a control character");
	}
	return true;
}
