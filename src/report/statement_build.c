/* statement_build.c - a mission's statement from its store to the bytes
 * of the document asked for: Markdown, HTML, or the HTML printed to PDF. */
#include <string.h>

#include "report/pdf_chromium.h"
#include "report/statement.h"

bool statement_output_parse(const char *name, enum statement_output *out)
{
	static const char *const names[] = {"md", "html", "pdf"};

	for (int i = 0; name && i < 3; i++)
		if (!strcmp(name, names[i])) {
			*out = (enum statement_output)i;
			return true;
		}
	return false;
}

const char *statement_output_type(enum statement_output o)
{
	switch (o) {
	case STATEMENT_MD:
		return "text/markdown; charset=utf-8";
	case STATEMENT_HTML:
		return "text/html; charset=utf-8";
	default:
		return "application/pdf";
	}
}

enum status statement_build(struct store *st, const struct mission *m, const char *lang,
                            enum statement_output o, struct buf *out, struct err *e)
{
	struct statement s;
	enum status rc;

	rc = statement_load(st, m, lang, &s, e);
	if (!rc)
		rc = statement_build_loaded(&s, o, out, e);
	statement_release(&s);
	return rc;
}

enum status statement_build_loaded(const struct statement *s, enum statement_output o,
                                   struct buf *out, struct err *e)
{
	struct buf page;
	enum status rc;

	if (o != STATEMENT_PDF)
		return statement_render(s, o == STATEMENT_MD ? SDOC_MARKDOWN : SDOC_HTML,
		                        out, e);
	buf_init(&page, out->cap);
	rc = statement_render(s, SDOC_HTML, &page, e);
	if (!rc)
		rc = pdf_chromium_print(page.ptr, page.len, 0, out, e);
	buf_release(&page);
	return rc;
}
