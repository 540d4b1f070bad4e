/* sms_text.c - SMS lengths: the GSM 03.38 alphabet, septets, UTF-16 units,
 * segments, and fitting a reply into one SMS at a word or item boundary. */
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "ingest/sms_text.h"

size_t sms_text_next(const char *str, size_t len, size_t i, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[i];
	size_t n;
	uint32_t v;

	*cp = 0xFFFD;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		n = 1;
		v = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2;
		v = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3;
		v = c & 0x07;
	} else {
		return 1;
	}
	if (len - i <= n)
		return 1;
	for (size_t k = 1; k <= n; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			return 1;
		v = (v << 6) | (s[i + k] & 0x3F);
	}
	if ((n == 1 && v < 0x80) || (n == 2 && v < 0x800) || (n == 3 && v < 0x10000) ||
	    v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 1;
	*cp = v;
	return n + 1;
}

/* The characters of the basic set beyond ASCII, in no particular order. */
static const uint32_t gsm_basic_extra[] = {
    0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8,
    0x00C5, 0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3,
    0x0398, 0x039E, 0x00C6, 0x00E6, 0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6,
    0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0};

int sms_text_septets_of(uint32_t cp)
{
	if (cp == '\n' || cp == '\r')
		return 1;
	if (cp == '\f' || cp == 0x20AC)
		return 2;
	if (cp >= 0x20 && cp < 0x7F) {
		if (cp == '`')
			return 0;
		if (strchr("^{}\\[~]|", (int)cp))
			return 2;
		return 1;
	}
	for (size_t i = 0; i < sizeof(gsm_basic_extra) / sizeof(gsm_basic_extra[0]); i++)
		if (gsm_basic_extra[i] == cp)
			return 1;
	return 0;
}

void sms_text_size(const char *s, size_t len, struct sms_size *out)
{
	size_t septets = 0, units = 0, i = 0;
	size_t gsm_parts = 1, gsm_in = 0, ucs_parts = 1, ucs_in = 0;
	bool gsm7 = true;

	while (i < len) {
		uint32_t cp;
		int sep;
		size_t u;

		i += sms_text_next(s, len, i, &cp);
		sep = sms_text_septets_of(cp);
		u = cp > 0xFFFF ? 2 : 1;
		if (!sep)
			gsm7 = false;
		septets += (size_t)sep;
		units += u;
		/* The parts a longer message is cut into never split a
		 * character (an escape pair, a surrogate pair). */
		if (gsm_in + (size_t)sep > SMS_GSM7_PART) {
			gsm_parts++;
			gsm_in = 0;
		}
		gsm_in += (size_t)sep;
		if (ucs_in + u > SMS_UCS2_PART) {
			ucs_parts++;
			ucs_in = 0;
		}
		ucs_in += u;
	}
	out->gsm7 = gsm7;
	if (gsm7) {
		out->units = septets;
		out->segments = septets <= SMS_GSM7_ONE ? 1 : gsm_parts;
	} else {
		out->units = units;
		out->segments = units <= SMS_UCS2_ONE ? 1 : ucs_parts;
	}
}

bool sms_text_is_gsm7(const char *s, size_t len)
{
	struct sms_size z;

	sms_text_size(s, len, &z);
	return z.gsm7;
}

size_t sms_text_septets(const char *s, size_t len)
{
	struct sms_size z;

	sms_text_size(s, len, &z);
	return z.gsm7 ? z.units : SIZE_MAX;
}

size_t sms_text_ucs2_units(const char *s, size_t len)
{
	size_t units = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += sms_text_next(s, len, i, &cp);
		units += cp > 0xFFFF ? 2 : 1;
	}
	return units;
}

size_t sms_text_segments(const char *s, size_t len)
{
	struct sms_size z;

	sms_text_size(s, len, &z);
	return z.segments;
}

bool sms_text_fits(const char *s, size_t len)
{
	return sms_text_segments(s, len) == 1;
}

/* ------------------------------------------------------------------ cutting */

/* Whether s[0..n) with an ellipsis and suffix fits; the text is left in b. */
static bool try_cut(struct buf *b, const char *s, size_t n, const char *suffix)
{
	buf_reset(b);
	buf_append(b, s, n);
	buf_appends(b, "...");
	buf_appends(b, suffix);
	if (sms_text_is_gsm7(b->ptr, b->len))
		return sms_text_fits(b->ptr, b->len);
	buf_reset(b);
	buf_append(b, s, n);
	buf_appends(b, "\xE2\x80\xA6"); /* U+2026 */
	buf_appends(b, suffix);
	return sms_text_fits(b->ptr, b->len);
}

/* The length of s[0..n) without the spaces and joining punctuation it
 * ends with, so an ellipsis follows a word. */
static size_t trim_end(const char *s, size_t n)
{
	while (n > 0 && strchr(" \t\n\r,;:-", s[n - 1]))
		n--;
	return n;
}

/* The longest start of s, cut at a space when possible, that fits with an
 * ellipsis and suffix; into a new string. */
static char *cut_to_fit(const char *s, const char *suffix)
{
	size_t len = strlen(s), limit = 0, chars = 0;
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	/* No more than SMS_GSM7_ONE characters can ever fit. */
	while (limit < len && chars <= SMS_GSM7_ONE) {
		uint32_t cp;
		limit += sms_text_next(s, len, limit, &cp);
		chars++;
	}
	for (size_t i = limit; i > 0; i--) {
		size_t n;
		if (s[i] != ' ' && s[i] != '\n')
			continue;
		n = trim_end(s, i);
		if (n && try_cut(&b, s, n, suffix))
			return buf_detach(&b, NULL);
	}
	/* One long word: cut between characters. */
	for (size_t i = limit; i > 0; i--) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (try_cut(&b, s, i, suffix))
			return buf_detach(&b, NULL);
	}
	try_cut(&b, s, 0, suffix);
	return buf_detach(&b, NULL);
}

char *sms_text_fit(const char *s)
{
	if (sms_text_fits(s, strlen(s)))
		return xstrdup(s);
	return cut_to_fit(s, "");
}

static void join(struct buf *b, const char *head, const char *const *items, size_t k,
                 const char *sep)
{
	buf_reset(b);
	buf_appends(b, head);
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_appends(b, sep);
		buf_appends(b, items[i]);
	}
}

char *sms_text_fit_list(const char *head, const char *const *items, size_t n,
                        const char *sep, const char *tail)
{
	struct buf b;
	char marker[40], *r;

	head = head ? head : "";
	tail = tail ? tail : "";
	sep = sep ? sep : " ";
	buf_init(&b, BUF_NO_CAP);
	join(&b, head, items, n, sep);
	buf_appends(&b, tail);
	if (sms_text_fits(b.ptr, b.len))
		return buf_detach(&b, NULL);
	/* without the tail, then without the last items */
	for (size_t k = n; k > 0; k--) {
		join(&b, head, items, k, sep);
		if (k < n)
			buf_appendf(&b, "%s+%zu", sep, n - k);
		if (sms_text_fits(b.ptr, b.len))
			return buf_detach(&b, NULL);
	}
	if (n > 1)
		snprintf(marker, sizeof(marker), "%s+%zu", sep, n - 1);
	else
		marker[0] = '\0';
	join(&b, head, items, n ? 1 : 0, sep);
	r = cut_to_fit(b.ptr, marker);
	buf_release(&b);
	return r;
}
