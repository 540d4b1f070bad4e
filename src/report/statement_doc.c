/* statement_doc.c - Markdown and HTML from one set of calls: escaping,
 * headings, paragraphs, lists, tables, placeholders, references to the
 * appendix and inline figures. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "report/findings_text.h"
#include "report/statement_doc.h"

void sdoc_init(struct sdoc *d, struct buf *out, enum sdoc_format format, const char *lang)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->format = format;
	d->lang = lang;
}

static bool html(const struct sdoc *d)
{
	return d->format == SDOC_HTML;
}

void sdoc_raw(struct sdoc *d, const char *s)
{
	if (!d->rc)
		d->rc = buf_appends(d->out, s);
}

void sdoc_rawf(struct sdoc *d, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line)) {
		if (!d->rc)
			d->rc = ST_INTERNAL; /* only short markup is formatted here */
		return;
	}
	sdoc_raw(d, line);
}

/* ---- escaping ---- */

void sdoc_escape_html(struct buf *out, const char *s)
{
	for (const char *p = s; p && *p; p++) {
		switch (*p) {
		case '&':
			buf_appends(out, "&amp;");
			break;
		case '<':
			buf_appends(out, "&lt;");
			break;
		case '>':
			buf_appends(out, "&gt;");
			break;
		case '"':
			buf_appends(out, "&quot;");
			break;
		case '\'':
			buf_appends(out, "&#39;");
			break;
		default:
			buf_appendc(out, *p);
		}
	}
}

/* Markdown: every character that can start markup is backslash-escaped
 * (CommonMark lets any ASCII punctuation be); line breaks become spaces,
 * so a text stays in its paragraph, list item or table cell; a text that
 * would start a list, a heading or a quote cannot, as '#', '>' and '*'
 * are escaped everywhere, and '-', '+', '=' and "1." at the start. */
void sdoc_escape_md(struct buf *out, const char *s)
{
	sdoc_escape_md_at(out, s, true);
}

void sdoc_escape_md_at(struct buf *out, const char *s, bool start)
{

	for (const char *p = s; p && *p; p++) {
		char c = *p;
		if (c == '\r')
			continue;
		if (c == '\n' || c == '\t') {
			buf_appendc(out, ' ');
			continue;
		}
		if (strchr("\\`*_[]<>|#~&", c) ||
		    (start && (c == '-' || c == '=' || c == '+')))
			buf_appendc(out, '\\');
		if (start && c >= '0' && c <= '9') {
			/* "1. text" or "1) text" would start an ordered list */
			const char *q = p;
			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == '.' || *q == ')') {
				buf_append(out, p, (size_t)(q - p));
				buf_appendc(out, '\\');
				buf_appendc(out, *q);
				p = q;
				start = false;
				continue;
			}
		}
		buf_appendc(out, c);
		if (c != ' ')
			start = false;
	}
}

void sdoc_text(struct sdoc *d, const char *s)
{
	size_t before = d->out->len;

	if (d->rc)
		return;
	if (html(d))
		sdoc_escape_html(d->out, s);
	else
		sdoc_escape_md_at(d->out, s, d->md_start);
	if (s && *s)
		d->md_start = false;
	if (d->out->len == before && s && *s)
		d->rc = ST_TOO_BIG; /* the buffer's cap was reached */
}

void sdoc_textf(struct sdoc *d, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sdoc_text(d, line);
}

/* ---- words ---- */

const char *sdoc_tr(const struct sdoc *d, const char *en, const char *ru)
{
	return d->lang && !strcmp(d->lang, "ru") ? ru : en;
}

const char *sdoc_plural(const struct sdoc *d, int64_t n, const char *en_one,
                        const char *en_many, const char *ru_one, const char *ru_few,
                        const char *ru_many)
{
	int64_t m10, m100;

	if (!(d->lang && !strcmp(d->lang, "ru")))
		return n == 1 ? en_one : en_many;
	if (n < 0)
		n = -n;
	m10 = n % 10;
	m100 = n % 100;
	if (m10 == 1 && m100 != 11)
		return ru_one;
	if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14))
		return ru_few;
	return ru_many;
}

/* ---- numbers ---- */

static char *ring(struct sdoc *d)
{
	return d->ring[d->ring_at++ % (sizeof(d->ring) / sizeof(d->ring[0]))];
}

const char *sdoc_num(struct sdoc *d, int64_t n)
{
	char *b = ring(d);

	findings_text_count(n, d->lang, b, sizeof(d->ring[0]));
	return b;
}

const char *sdoc_pct(struct sdoc *d, double share, int decimals)
{
	char *b = ring(d), num[64];

	findings_text_percent(share, decimals, d->lang, num, sizeof(num));
	snprintf(b, sizeof(d->ring[0]), "%s%%", num);
	return b;
}

const char *sdoc_interval(struct sdoc *d, double low, double high)
{
	char *b = ring(d), lo[40], hi[40];

	findings_text_percent(low, 1, d->lang, lo, sizeof(lo));
	findings_text_percent(high, 1, d->lang, hi, sizeof(hi));
	snprintf(b, sizeof(d->ring[0]), "%s–%s%%", lo, hi);
	return b;
}

const char *sdoc_signed(struct sdoc *d, int64_t n)
{
	char *b = ring(d), num[64];

	findings_text_count(n < 0 ? -n : n, d->lang, num, sizeof(num));
	snprintf(b, sizeof(d->ring[0]), "%s%s", n < 0 ? "−" : n > 0 ? "+" : "", num);
	return b;
}

const char *sdoc_fixed(struct sdoc *d, double x, int decimals)
{
	char *b = ring(d);

	/* findings_text_percent() takes a proportion and rounds half up */
	findings_text_percent(x / 100.0, decimals, d->lang, b, sizeof(d->ring[0]));
	return b;
}

/* ---- blocks ---- */

void sdoc_heading(struct sdoc *d, int level, const char *text)
{
	if (html(d)) {
		sdoc_rawf(d, "<h%d>", level);
		sdoc_text(d, text);
		sdoc_rawf(d, "</h%d>\n", level);
		return;
	}
	for (int i = 0; i < level; i++)
		sdoc_raw(d, "#");
	sdoc_raw(d, " ");
	d->md_start = true;
	sdoc_text(d, text);
	sdoc_raw(d, "\n\n");
}

void sdoc_para_begin(struct sdoc *d)
{
	if (html(d))
		sdoc_raw(d, "<p>");
	d->md_start = true;
}

void sdoc_para_end(struct sdoc *d)
{
	sdoc_raw(d, html(d) ? "</p>\n" : "\n\n");
}

void sdoc_para(struct sdoc *d, const char *text)
{
	sdoc_para_begin(d);
	sdoc_text(d, text);
	sdoc_para_end(d);
}

void sdoc_list_begin(struct sdoc *d)
{
	if (html(d))
		sdoc_raw(d, "<ul>\n");
}

void sdoc_item_begin(struct sdoc *d)
{
	sdoc_raw(d, html(d) ? "<li>" : "- ");
	d->md_start = true;
}

void sdoc_item_end(struct sdoc *d)
{
	sdoc_raw(d, html(d) ? "</li>\n" : "\n");
}

void sdoc_list_end(struct sdoc *d)
{
	sdoc_raw(d, html(d) ? "</ul>\n" : "\n");
}

void sdoc_table_begin(struct sdoc *d, size_t ncols, const char *const *head,
                      const bool *right)
{
	if (ncols > 8)
		ncols = 8;
	d->table_cols = ncols;
	for (size_t i = 0; i < ncols; i++)
		d->table_right[i] = right && right[i];
	if (html(d)) {
		sdoc_raw(d, "<table>\n<thead><tr>");
		for (size_t i = 0; i < ncols; i++) {
			sdoc_raw(d, d->table_right[i] ? "<th class=\"num\">" : "<th>");
			sdoc_text(d, head[i]);
			sdoc_raw(d, "</th>");
		}
		sdoc_raw(d, "</tr></thead>\n<tbody>\n");
		return;
	}
	sdoc_raw(d, "|");
	for (size_t i = 0; i < ncols; i++) {
		sdoc_raw(d, " ");
		sdoc_text(d, head[i]);
		sdoc_raw(d, " |");
	}
	sdoc_raw(d, "\n|");
	for (size_t i = 0; i < ncols; i++)
		sdoc_raw(d, d->table_right[i] ? " ---: |" : " --- |");
	sdoc_raw(d, "\n");
}

void sdoc_table_row(struct sdoc *d, const char *const *cells)
{
	if (html(d)) {
		sdoc_raw(d, "<tr>");
		for (size_t i = 0; i < d->table_cols; i++) {
			sdoc_raw(d, d->table_right[i] ? "<td class=\"num\">" : "<td>");
			sdoc_text(d, cells[i] ? cells[i] : "");
			sdoc_raw(d, "</td>");
		}
		sdoc_raw(d, "</tr>\n");
		return;
	}
	sdoc_raw(d, "|");
	for (size_t i = 0; i < d->table_cols; i++) {
		sdoc_raw(d, " ");
		sdoc_text(d, cells[i] ? cells[i] : "");
		sdoc_raw(d, " |");
	}
	sdoc_raw(d, "\n");
}

void sdoc_table_end(struct sdoc *d)
{
	sdoc_raw(d, html(d) ? "</tbody>\n</table>\n" : "\n");
}

void sdoc_placeholder(struct sdoc *d, const char *text)
{
	if (html(d)) {
		sdoc_raw(d, "<p class=\"placeholder\">[");
		sdoc_text(d, text);
		sdoc_raw(d, "]</p>\n");
		return;
	}
	sdoc_raw(d, "**\\[");
	d->md_start = false;
	sdoc_text(d, text);
	sdoc_raw(d, "\\]**\n\n");
}

void sdoc_block(struct sdoc *d, const char *text)
{
	const char *p = text;

	while (p && *p) {
		const char *end = p, *next;
		/* a paragraph ends at a blank line (spaces allowed on it) */
		for (;;) {
			const char *nl = strchr(end, '\n'), *q;
			if (!nl) {
				end += strlen(end);
				next = end;
				break;
			}
			q = nl + 1;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (*q == '\n' || !*q) {
				next = q;
				end = nl;
				break;
			}
			end = nl + 1;
		}
		while (p < end && strchr(" \t\r\n", *p))
			p++;
		if (p < end) {
			char *para = xstrndup(p, (size_t)(end - p));
			sdoc_para(d, para);
			free(para);
		}
		p = next;
	}
}

void sdoc_ref(struct sdoc *d, enum statement_method m)
{
	if (!d->ref_number[m]) {
		d->order[d->nrefs++] = m;
		d->ref_number[m] = d->nrefs;
	}
	if (html(d))
		sdoc_rawf(d, "<sup class=\"ref\"><a href=\"#how-%d\">%d</a></sup>",
		          d->ref_number[m], d->ref_number[m]);
	else
		sdoc_rawf(d, "[^%d]", d->ref_number[m]);
}

void sdoc_figure(struct sdoc *d, const char *svg, const char *caption)
{
	const char *p = svg;

	if (!html(d))
		return;
	if (!strncmp(p, "<?xml", 5)) {
		p = strstr(p, "?>");
		p = p ? p + 2 : svg;
		while (*p == '\n')
			p++;
	}
	sdoc_raw(d, "<figure>\n");
	sdoc_raw(d, p);
	sdoc_raw(d, "<figcaption>");
	sdoc_text(d, caption);
	sdoc_raw(d, "</figcaption>\n</figure>\n");
}
