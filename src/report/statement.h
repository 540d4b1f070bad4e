/* statement.h - a mission's preliminary statement as a document, in the
 * shape missions publish the day after the vote: who observed, the
 * meetings before election day, the findings by phase, incidents, results
 * verification, the head of mission's summary, conclusions and
 * recommendations, and an appendix on how every figure was computed.
 *
 * Markdown (CommonMark with GitHub's tables and footnotes) or HTML: one
 * self-contained page (inline CSS, no scripts, no outside resources,
 * charts as inline SVG) laid out for A4 paper, which pdf_chromium.h
 * prints to PDF.  English or Russian: every fixed text exists in both;
 * form texts come from the forms in that language.  docs/statement.md
 * describes the document. */
#ifndef OBSERVA_STATEMENT_REPORT_H
#define OBSERVA_STATEMENT_REPORT_H

#include "analysis/statement.h"
#include "core/buf.h"
#include "core/err.h"
#include "report/statement_doc.h"

/* Append the statement of s (loaded by statement_load(), in s->lang) to
 * out in format.  ST_TOO_BIG when out's cap is reached (out may then hold
 * part of it), with e filled. */
enum status statement_render(const struct statement *s, enum sdoc_format format,
                             struct buf *out, struct err *e);

/* What statement_build() makes. */
enum statement_output { STATEMENT_MD, STATEMENT_HTML, STATEMENT_PDF };

/* The output named "md", "html" or "pdf"; false for anything else. */
bool statement_output_parse(const char *name, enum statement_output *out /* OUT */);

/* The media type of an output ("text/markdown; charset=utf-8" ...). */
const char *statement_output_type(enum statement_output o);

/* statement_render() of a loaded statement s into the output o, as
 * statement_build() makes it after loading. */
enum status statement_build_loaded(const struct statement *s, enum statement_output o,
                                   struct buf *out, struct err *e);

/* The whole way from the store to the document, as the command line and
 * the API make it: statement_load() of mission m in lang, then
 * statement_render() as Markdown or HTML, or the HTML printed to PDF
 * (pdf_chromium_print(), with its default timeout), appended to out.
 * Errors as those functions'. */
enum status statement_build(struct store *st, const struct mission *m, const char *lang,
                            enum statement_output o, struct buf *out, struct err *e);

#endif
