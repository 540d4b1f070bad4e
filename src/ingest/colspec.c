/* colspec.c - naming columns of a CSV header: by text or by number, one,
 * a range or a list. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/text.h"
#include "ingest/colspec.h"

/* spec without the spaces at its ends, in a new string. */
static char *trimmed(const char *spec, size_t len)
{
	while (len && (*spec == ' ' || *spec == '\t'))
		spec++, len--;
	while (len && (spec[len - 1] == ' ' || spec[len - 1] == '\t'))
		len--;
	return xstrndup(spec, len);
}

/* How many columns of header match s, exactly (exact) or ignoring ASCII
 * case; the last one in *at. */
static size_t matches(const char *const *header, size_t n, const char *s, bool exact,
                      size_t *at)
{
	size_t hits = 0;

	for (size_t i = 0; i < n; i++) {
		char *h = trimmed(header[i], strlen(header[i]));

		if (exact ? !strcmp(h, s) : !strcasecmp(h, s))
			hits++, *at = i;
		free(h);
	}
	return hits;
}

/* Like colspec_one() for the first len bytes of spec; quiet: false when
 * it names no column (or several). */
static bool find(const char *const *header, size_t n, const char *spec, size_t len,
                 size_t *col)
{
	char *s = trimmed(spec, len);
	size_t at = 0;
	int64_t k;
	bool ok = true;

	if (!*s)
		ok = false;
	else if (matches(header, n, s, true, &at) == 1 ||
	         matches(header, n, s, false, &at) == 1)
		*col = at;
	else if (text_int64(s, 1, (int64_t)n, &k))
		*col = (size_t)(k - 1);
	else
		ok = false;
	free(s);
	return ok;
}

enum status colspec_one(const char *const *header, size_t n, const char *spec,
                        size_t *col, struct err *e)
{
	if (find(header, n, spec, strlen(spec), col))
		return ST_OK;
	return err_set(
	    e, ST_INVALID,
	    "column \"%s\": no such column (give the header's text or a number "
	    "from 1 to %zu)",
	    spec, n);
}

static enum status range(const char *const *header, size_t n, const char *spec,
                         size_t len, size_t **cols, size_t *ncols, struct err *e)
{
	size_t from, to;

	if (find(header, n, spec, len, &from)) {
		to = from;
	} else {
		bool split = false;

		for (size_t i = 1; i + 1 < len && !split; i++)
			split = spec[i] == '-' && find(header, n, spec, i, &from) &&
			        find(header, n, spec + i + 1, len - i - 1, &to);
		if (!split) {
			char *s = xstrndup(spec, len);
			enum status rc =
			    err_set(e, ST_INVALID,
			            "columns \"%s\": neither a column nor a range "
			            "FROM-TO of columns "
			            "(header texts or numbers from 1 to %zu)",
			            s, n);
			free(s);
			return rc;
		}
		if (from > to) {
			char *s = xstrndup(spec, len);
			enum status rc =
			    err_set(e, ST_INVALID,
			            "columns \"%s\": the range ends before it starts "
			            "(column %zu to %zu)",
			            s, from + 1, to + 1);
			free(s);
			return rc;
		}
	}
	*cols = xrealloc(*cols, (*ncols + to - from + 1) * sizeof(**cols));
	for (size_t c = from; c <= to; c++)
		(*cols)[(*ncols)++] = c;
	return ST_OK;
}

enum status colspec_range(const char *const *header, size_t n, const char *spec,
                          size_t **cols, size_t *ncols, struct err *e)
{
	enum status rc;

	*cols = NULL;
	*ncols = 0;
	rc = range(header, n, spec, strlen(spec), cols, ncols, e);
	if (rc) {
		free(*cols);
		*cols = NULL;
		*ncols = 0;
	}
	return rc;
}

enum status colspec_list(const char *const *header, size_t n, const char *spec,
                         size_t **cols, size_t *ncols, struct err *e)
{
	size_t col;
	enum status rc = ST_OK;
	const char *p = spec;

	*cols = NULL;
	*ncols = 0;
	/* A whole text that is one column's name, commas and all. */
	if (find(header, n, spec, strlen(spec), &col))
		return range(header, n, spec, strlen(spec), cols, ncols, e);
	while (!rc) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		rc = range(header, n, p, len, cols, ncols, e);
		if (!comma)
			break;
		p = comma + 1;
	}
	if (rc) {
		free(*cols);
		*cols = NULL;
		*ncols = 0;
	}
	return rc;
}
