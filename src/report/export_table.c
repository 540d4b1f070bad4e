/* export_table.c - the cell writer of exports: quoting for CSV, escaping
 * for JSON and HTML, written in runs of plain bytes so that a million rows
 * cost little more than copying them. */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "report/export_table.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

static void put(struct export_table *t, const char *p, size_t n)
{
	if (!t->rc && n)
		t->rc = buf_append(t->out, p, n);
}

static void puts_(struct export_table *t, const char *s)
{
	put(t, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if none. */
static size_t utf8_seq(const char *p, size_t n)
{
	unsigned char c = (unsigned char)*p;
	size_t k = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

	return k <= n && utf8_valid(p, k) ? k : 0;
}

/* Append s[0..n), each byte for which special() is true replaced by
 * escape(), and every byte that is not UTF-8 by U+FFFD. */
static void put_escaped(struct export_table *t, const char *s, size_t n,
                        bool (*special)(unsigned char c),
                        void (*escape)(struct export_table *t, unsigned char c))
{
	bool valid = utf8_valid(s, n);
	size_t run = 0, i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 1;
		if (special(c)) {
			put(t, s + run, i - run);
			escape(t, c);
			run = ++i;
			continue;
		}
		if (c >= 0x80 && !valid) {
			k = utf8_seq(s + i, n - i);
			if (!k) {
				put(t, s + run, i - run);
				puts_(t, REPLACEMENT);
				run = ++i;
				continue;
			}
		}
		i += k;
	}
	put(t, s + run, n - run);
}

/* ---- CSV ---- */

static bool csv_special(unsigned char c)
{
	return c == '"';
}

static void csv_escape(struct export_table *t, unsigned char c)
{
	puts_(t, "\"\"");
}

static void csv_text(struct export_table *t, const char *s)
{
	size_t n = strlen(s);

	if (!strpbrk(s, ",\"\r\n")) {
		put_escaped(t, s, n, csv_special, csv_escape);
		return;
	}
	put(t, "\"", 1);
	put_escaped(t, s, n, csv_special, csv_escape);
	put(t, "\"", 1);
}

/* ---- JSON ---- */

static bool json_special(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

static void json_escape(struct export_table *t, unsigned char c)
{
	char u[8];

	switch (c) {
	case '"':
		puts_(t, "\\\"");
		break;
	case '\\':
		puts_(t, "\\\\");
		break;
	case '\n':
		puts_(t, "\\n");
		break;
	case '\r':
		puts_(t, "\\r");
		break;
	case '\t':
		puts_(t, "\\t");
		break;
	default:
		snprintf(u, sizeof(u), "\\u%04x", c);
		puts_(t, u);
	}
}

static void json_string(struct export_table *t, const char *s)
{
	put(t, "\"", 1);
	put_escaped(t, s, strlen(s), json_special, json_escape);
	put(t, "\"", 1);
}

/* ---- HTML ---- */

static bool html_special(unsigned char c)
{
	return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
}

static void html_escape_one(struct export_table *t, unsigned char c)
{
	puts_(t, c == '&'   ? "&amp;"
	         : c == '<' ? "&lt;"
	         : c == '>' ? "&gt;"
	         : c == '"' ? "&quot;"
	                    : "&#39;");
}

void export_html_escape(struct buf *out, const char *s)
{
	struct export_table t = {.out = out};

	put_escaped(&t, s, strlen(s), html_special, html_escape_one);
}

/* ---- rows ---- */

void export_table_init(struct export_table *t, enum export_format f,
                       const char *const *columns, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->format = f;
	t->columns = columns;
	t->ncolumns = n;
}

void export_table_begin(struct export_table *t)
{
	switch (t->format) {
	case EXPORT_CSV:
		if (t->bom)
			puts_(t, "\xef\xbb\xbf");
		for (size_t i = 0; i < t->ncolumns; i++) {
			if (i)
				put(t, ",", 1);
			csv_text(t, t->columns[i]);
		}
		puts_(t, "\r\n");
		break;
	case EXPORT_JSON:
		put(t, "[", 1);
		break;
	case EXPORT_JSONL:
		break;
	case EXPORT_HTML:
		puts_(t, "<table>\n<thead>\n<tr>");
		for (size_t i = 0; i < t->ncolumns; i++) {
			puts_(t, "<th>");
			put_escaped(t, t->titles ? t->titles[i] : t->columns[i],
			            strlen(t->titles ? t->titles[i] : t->columns[i]),
			            html_special, html_escape_one);
			puts_(t, "</th>");
		}
		puts_(t, "</tr>\n</thead>\n<tbody>\n");
		break;
	}
}

/* What comes before a cell's value: separators, the JSON key, <td>. */
static void cell_start(struct export_table *t, bool number)
{
	assert(t->cell < t->ncolumns);
	switch (t->format) {
	case EXPORT_CSV:
		if (t->cell)
			put(t, ",", 1);
		break;
	case EXPORT_JSON:
	case EXPORT_JSONL:
		if (!t->cell && t->format == EXPORT_JSON)
			puts_(t, t->rows ? ",\n" : "\n");
		put(t, t->cell ? "," : "{", 1);
		json_string(t, t->columns[t->cell]);
		put(t, ":", 1);
		break;
	case EXPORT_HTML:
		if (!t->cell)
			puts_(t, "<tr>");
		puts_(t, number ? "<td class=\"n\">" : "<td>");
		break;
	}
}

static void cell_end(struct export_table *t)
{
	if (t->format == EXPORT_HTML)
		puts_(t, "</td>");
	t->cell++;
}

void export_table_text(struct export_table *t, const char *s)
{
	if (!s) {
		export_table_null(t);
		return;
	}
	cell_start(t, false);
	if (t->format == EXPORT_CSV)
		csv_text(t, s);
	else if (t->format == EXPORT_HTML)
		put_escaped(t, s, strlen(s), html_special, html_escape_one);
	else
		json_string(t, s);
	cell_end(t);
}

void export_table_number(struct export_table *t, const char *digits)
{
	if (!digits || !*digits) {
		export_table_null(t);
		return;
	}
	cell_start(t, true);
	puts_(t, digits);
	cell_end(t);
}

void export_table_int(struct export_table *t, int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, v);
	export_table_number(t, s);
}

void export_table_real(struct export_table *t, double v)
{
	char s[32];

	snprintf(s, sizeof(s), "%.15g", v);
	export_table_number(t, s);
}

void export_table_json(struct export_table *t, const char *json)
{
	if (!json) {
		export_table_null(t);
		return;
	}
	if (t->format == EXPORT_JSON || t->format == EXPORT_JSONL) {
		cell_start(t, false);
		puts_(t, json);
		cell_end(t);
	} else {
		export_table_text(t, json);
	}
}

void export_table_null(struct export_table *t)
{
	cell_start(t, false);
	if (t->format == EXPORT_JSON || t->format == EXPORT_JSONL)
		puts_(t, "null");
	cell_end(t);
}

void export_table_row_end(struct export_table *t)
{
	assert(t->cell == t->ncolumns);
	while (t->cell < t->ncolumns)
		export_table_null(t);
	switch (t->format) {
	case EXPORT_CSV:
		puts_(t, "\r\n");
		break;
	case EXPORT_JSON:
		put(t, "}", 1);
		break;
	case EXPORT_JSONL:
		puts_(t, "}\n");
		break;
	case EXPORT_HTML:
		puts_(t, "</tr>\n");
		break;
	}
	t->cell = 0;
	t->rows++;
}

void export_table_finish(struct export_table *t)
{
	if (t->format == EXPORT_JSON)
		puts_(t, t->rows ? "\n]\n" : "]\n");
	else if (t->format == EXPORT_HTML)
		puts_(t, "</tbody>\n</table>\n");
}

/* ---- formats ---- */

static const struct {
	const char *name, *type;
} formats[] = {
    [EXPORT_CSV] = {"csv", "text/csv; charset=utf-8; header=present"},
    [EXPORT_JSON] = {"json", "application/json; charset=utf-8"},
    [EXPORT_JSONL] = {"jsonl", "application/x-ndjson; charset=utf-8"},
    [EXPORT_HTML] = {"html", "text/html; charset=utf-8"},
};

const char *export_format_type(enum export_format f)
{
	return formats[f].type;
}

const char *export_format_ext(enum export_format f)
{
	return formats[f].name;
}

bool export_format_parse(const char *name, enum export_format *out)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(name, formats[i].name)) {
			*out = (enum export_format)i;
			return true;
		}
	return false;
}
