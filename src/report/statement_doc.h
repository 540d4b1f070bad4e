/* statement_doc.h - the writer the statement's sections use, one set of
 * calls for both outputs: Markdown (CommonMark with GitHub's tables and
 * footnotes) and HTML (one self-contained page).  Text handed to it is
 * escaped for the output (markup characters in Markdown, entities in
 * HTML); numbers and sentences made by observa pass through the same
 * escaping, so a form's or a region's name can never break the page.
 *
 * References to the appendix "How these figures were computed" are
 * numbered in the order they are first made: sdoc_ref(d, METHOD_X). */
#ifndef OBSERVA_STATEMENT_DOC_H
#define OBSERVA_STATEMENT_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/status.h"

/* The methods the appendix explains, each with the command that
 * reproduces its figures. */
enum statement_method {
	METHOD_ACCREDITATION,
	METHOD_VISITS,
	METHOD_MEETINGS,
	METHOD_FINDINGS,
	METHOD_INCIDENTS,
	METHOD_PROTOCOLS,
	METHOD_DISCREPANCIES,
	METHOD_PVT,
	METHOD_NOTABLE,
	METHOD__COUNT
};

enum sdoc_format { SDOC_MARKDOWN, SDOC_HTML };

struct sdoc {
	struct buf *out;
	enum sdoc_format format;
	const char *lang;
	enum status rc;                /* the first failure; later writes are skipped */
	int ref_number[METHOD__COUNT]; /* 0: not referenced yet */
	enum statement_method order[METHOD__COUNT]; /* in the order referenced */
	int nrefs;
	bool md_start;       /* Markdown: the next text starts a block */
	bool table_right[8]; /* the current table's columns aligned right */
	size_t table_cols;
	char ring[16][96]; /* sdoc_num() and friends: the last 16 results */
	unsigned ring_at;
};

/* A writer appending to out in format and lang ("en", "ru"). */
void sdoc_init(struct sdoc *d, struct buf *out, enum sdoc_format format,
               const char *lang);

/* Raw markup, as it is (the caller made it for this format). */
void sdoc_raw(struct sdoc *d, const char *s);
void sdoc_rawf(struct sdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Text escaped for the format, inline (no line breaks are kept in
 * Markdown: they become spaces). */
void sdoc_text(struct sdoc *d, const char *s);
/* Text escaped, printf-style (up to 2 KiB once formatted). */
void sdoc_textf(struct sdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A heading of level 1-3 with text. */
void sdoc_heading(struct sdoc *d, int level, const char *text);
/* Start and end a paragraph; the text between comes from sdoc_text &c. */
void sdoc_para_begin(struct sdoc *d);
void sdoc_para_end(struct sdoc *d);
/* A whole paragraph of text. */
void sdoc_para(struct sdoc *d, const char *text);
/* A bulleted list: begin, items (each begun, written, ended), end. */
void sdoc_list_begin(struct sdoc *d);
void sdoc_item_begin(struct sdoc *d);
void sdoc_item_end(struct sdoc *d);
void sdoc_list_end(struct sdoc *d);

/* A table of ncols columns (at most 8): the header, then rows of ncols
 * cells, each escaped; right[i] aligns column i to the right (numbers). */
void sdoc_table_begin(struct sdoc *d, size_t ncols, const char *const *head,
                      const bool *right);
void sdoc_table_row(struct sdoc *d, const char *const *cells);
void sdoc_table_end(struct sdoc *d);

/* A paragraph marking text the head of mission still has to write:
 * "[text]" in bold in Markdown, a framed paragraph of class placeholder in
 * HTML. */
void sdoc_placeholder(struct sdoc *d, const char *text);

/* A block written by people: plain text whose paragraphs are separated by
 * blank lines, each escaped; single line breaks are kept as spaces. */
void sdoc_block(struct sdoc *d, const char *text);

/* A reference to method m's entry in the appendix: "[^n]" in Markdown, a
 * superscript link in HTML.  Numbers go in the order of first use. */
void sdoc_ref(struct sdoc *d, enum statement_method m);

/* An SVG document (from chart_*_svg) inline in HTML, in a figure with its
 * caption; its XML declaration is dropped.  Nothing in Markdown, whose
 * tables give the same figures. */
void sdoc_figure(struct sdoc *d, const char *svg, const char *caption);

/* Numbers formatted for the writer's language, in a ring of 16 buffers
 * (valid until 16 more are formatted): n grouped ("1,243", "1 243" in
 * Russian); share (a proportion) as a percentage with decimals digits
 * ("5.5%"); an interval of shares ("3.3–8.8%"); n with its sign ("+312");
 * x (already in percent) with decimals digits, no sign ("51.11"). */
const char *sdoc_num(struct sdoc *d, int64_t n);
const char *sdoc_pct(struct sdoc *d, double share, int decimals);
const char *sdoc_interval(struct sdoc *d, double low, double high);
const char *sdoc_signed(struct sdoc *d, int64_t n);
const char *sdoc_fixed(struct sdoc *d, double x, int decimals);

/* The fixed text in the writer's language: ru when it is "ru", else en.
 * Every text of the statement comes in both. */
const char *sdoc_tr(const struct sdoc *d, const char *en, const char *ru);
/* The word that goes with n: English one (n == 1) or many; Russian one
 * (1, 21, 31 ...), few (2-4, 22-24 ...) or many (0, 5-20, 25-30 ...). */
const char *sdoc_plural(const struct sdoc *d, int64_t n, const char *en_one,
                        const char *en_many, const char *ru_one, const char *ru_few,
                        const char *ru_many);

/* Escape s into out for Markdown text / HTML text (exposed for tests).
 * sdoc_escape_md() takes s as the start of a block (a paragraph, a list
 * item), where "- ", "+ ", "= " and "1. " would be markup; _at() says
 * whether it is. */
void sdoc_escape_md(struct buf *out, const char *s);
void sdoc_escape_md_at(struct buf *out, const char *s, bool start);
void sdoc_escape_html(struct buf *out, const char *s);

#endif
