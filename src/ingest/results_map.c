/* results_map.c - the column mapping of an official results file, given
 * on the command line ("station=uik,A=Число избирателей, ...") or as a
 * file of KEY=COLUMN lines. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "ingest/import_results.h"

void results_map_release(struct results_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->key[i]);
		free(m->column[i]);
	}
	free(m->key);
	free(m->column);
	memset(m, 0, sizeof(*m));
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s[0..n) without the spaces at its ends, in a new string. */
static char *trimmed(const char *s, size_t n)
{
	while (n && space(*s))
		s++, n--;
	while (n && space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static bool key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* Add KEY=COLUMN from pair[0..n); ST_INVALID saying what is wrong. */
static enum status add_pair(struct results_map *m, const char *pair, size_t n,
                            struct err *e)
{
	const char *eq = memchr(pair, '=', n);
	char *key, *column;

	if (!eq)
		return err_set(e, ST_INVALID, "\"%.*s\" is not KEY=COLUMN", (int)n, pair);
	key = trimmed(pair, (size_t)(eq - pair));
	column = trimmed(eq + 1, n - (size_t)(eq - pair) - 1);
	if (!*key || !*column) {
		err_set(e, ST_INVALID, "\"%.*s\": %s is empty", (int)n, pair,
		        *key ? "the column" : "the key");
		free(key);
		free(column);
		return ST_INVALID;
	}
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 16;
		m->key = xrealloc(m->key, m->alloc * sizeof(*m->key));
		m->column = xrealloc(m->column, m->alloc * sizeof(*m->column));
	}
	m->key[m->n] = key;
	m->column[m->n] = column;
	m->n++;
	return ST_OK;
}

/* True when a new pair starts at s: spaces, a key, spaces, '='. */
static bool pair_starts(const char *s)
{
	size_t k = 0;

	while (space(*s))
		s++;
	while (key_char(s[k]))
		k++;
	if (!k)
		return false;
	s += k;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '=';
}

enum status results_map_parse(struct results_map *m, const char *spec, struct err *e)
{
	const char *start = spec, *p = spec;
	enum status rc;

	if (!*spec)
		return err_set(e, ST_INVALID, "--map is empty: give KEY=COLUMN pairs");
	for (;; p++) {
		if (*p && !(*p == ',' && pair_starts(p + 1)))
			continue;
		rc = add_pair(m, start, (size_t)(p - start), e);
		if (rc) {
			err_prefix(e, "--map: ");
			return rc;
		}
		if (!*p)
			return ST_OK;
		start = p + 1;
	}
}

enum status results_map_read(struct results_map *m, FILE *fp, const char *name,
                             struct err *e)
{
	struct buf line;
	long at = 0;
	enum status rc = ST_OK;
	int c;

	buf_init(&line, 1 << 16);
	do {
		c = fgetc(fp);
		if (c != EOF && c != '\n') {
			if (buf_appendc(&line, (char)c))
				rc = err_set(e, ST_TOO_BIG, "%s line %ld: too long", name,
				             at + 1);
			continue;
		}
		at++;
		if (line.len) {
			char *t = trimmed(line.ptr, line.len);
			if (*t && *t != '#' && add_pair(m, t, strlen(t), e)) {
				err_prefix(e, "%s line %ld: ", name, at);
				rc = ST_INVALID;
			}
			free(t);
		}
		buf_reset(&line);
	} while (c != EOF && !rc);
	if (!rc && ferror(fp))
		rc = err_set(e, ST_IO, "%s: cannot be read", name);
	buf_release(&line);
	return rc;
}
