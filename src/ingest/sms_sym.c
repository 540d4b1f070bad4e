/* sms_sym.c - the message as the SMS reader sees it: one folded symbol per
 * character, letters in upper case, Cyrillic look-alikes as their Latin
 * twins, every kind of space alike, anything else marked as other. */
#include <string.h>

#include "core/alloc.h"
#include "ingest/sms_parse_int.h"
#include "ingest/sms_text.h"

char sms_sym_latin(uint32_t cp)
{
	/* А В С Е Н К М О Р Т Х, upper case and lower case, and the
	 * Kazakh and Ukrainian І */
	static const struct {
		uint32_t upper, lower;
		char latin;
	} twins[] = {{0x0410, 0x0430, 'A'}, {0x0412, 0x0432, 'B'}, {0x0421, 0x0441, 'C'},
	             {0x0415, 0x0435, 'E'}, {0x041D, 0x043D, 'H'}, {0x041A, 0x043A, 'K'},
	             {0x041C, 0x043C, 'M'}, {0x041E, 0x043E, 'O'}, {0x0420, 0x0440, 'P'},
	             {0x0422, 0x0442, 'T'}, {0x0425, 0x0445, 'X'}, {0x0406, 0x0456, 'I'}};

	for (size_t i = 0; i < sizeof(twins) / sizeof(twins[0]); i++)
		if (cp == twins[i].upper || cp == twins[i].lower)
			return twins[i].latin;
	return 0;
}

static bool unicode_space(uint32_t cp)
{
	return cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000;
}

/* Quotation marks, dashes and the ellipsis people put between answers. */
static bool unicode_punct(uint32_t cp)
{
	return cp == 0x00AB || cp == 0x00BB || (cp >= 0x2010 && cp <= 0x2015) ||
	       (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2026;
}

static char fold(uint32_t cp)
{
	char latin;

	if (cp >= 'a' && cp <= 'z')
		return (char)(cp - 'a' + 'A');
	if (cp == '\t' || cp == ' ' || unicode_space(cp))
		return ' ';
	if (cp > ' ' && cp < 0x7F)
		return (char)cp;
	if (unicode_punct(cp))
		return ';';
	latin = sms_sym_latin(cp);
	return latin ? latin : SYM_OTHER;
}

void sms_sym_read(struct sms_parser *p)
{
	size_t i = 0, n = 0;

	p->sym = xcalloc(p->len + 1, sizeof(*p->sym));
	while (i < p->len) {
		struct sms_sym *s = &p->sym[n++];
		uint32_t cp;
		size_t size = sms_text_next(p->text, p->len, i, &cp);

		s->pos = i;
		if (cp == '\r' || cp == '\n') {
			s->c = '\n';
			if (cp == '\r' && i + 1 < p->len && p->text[i + 1] == '\n')
				size = 2;
		} else {
			s->c = fold(cp);
		}
		s->size = (unsigned char)size;
		i += size;
	}
	p->sym[n].pos = p->len;
	p->sym[n].c = '\0';
	p->nsym = n;
}

bool sms_sym_is_sep(char c)
{
	return c && strchr(" \n,;.!?()\"'/=:-*+&<>[]{}|\\~`^$%@", c) != NULL;
}
