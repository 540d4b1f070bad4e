/* text_cell.c - padding and cutting table cells by characters. */
#include <stdbool.h>

#include "report/text_cell.h"

static bool control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* Bytes of the first n characters of s on one line, and the characters
 * there are when fewer. */
static size_t first_chars(const char *s, size_t n, size_t *chars)
{
	size_t bytes = 0, k = 0;

	while (s[bytes] && k < n) {
		if (control((unsigned char)s[bytes])) {
			while (s[bytes] && control((unsigned char)s[bytes]))
				bytes++;
		} else {
			bytes++;
			while (((unsigned char)s[bytes] & 0xC0) == 0x80)
				bytes++;
		}
		k++;
	}
	*chars = k;
	return bytes;
}

size_t text_cell_width(const char *s)
{
	size_t chars;

	first_chars(s ? s : "", (size_t)-1, &chars);
	return chars;
}

/* Write the first bytes of s with each run of control characters as one
 * space. */
static void put_line(FILE *out, const char *s, size_t bytes)
{
	size_t i = 0;

	while (i < bytes) {
		size_t n = 0;
		while (i + n < bytes && !control((unsigned char)s[i + n]))
			n++;
		fwrite(s + i, 1, n, out);
		i += n;
		if (i < bytes) {
			fputc(' ', out);
			while (i < bytes && control((unsigned char)s[i]))
				i++;
		}
	}
}

void text_cell_put(FILE *out, const char *s, size_t width, enum text_cell_align align)
{
	size_t chars, bytes;

	s = s ? s : "";
	if (text_cell_width(s) <= width) {
		bytes = first_chars(s, width, &chars);
		if (align == TEXT_CELL_RIGHT)
			fprintf(out, "%*s", (int)(width - chars), "");
		put_line(out, s, bytes);
		if (align == TEXT_CELL_LEFT)
			fprintf(out, "%*s", (int)(width - chars), "");
		return;
	}
	if (!width)
		return;
	bytes = first_chars(s, width - 1, &chars);
	put_line(out, s, bytes);
	fputs("…", out);
}
