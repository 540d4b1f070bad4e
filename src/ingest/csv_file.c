/* csv_file.c - CSV files by name: plain, gzip-compressed through a stdio
 * cookie over zlib's gzread, or standard input. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <zlib.h>

#include "ingest/csv_file.h"

static ssize_t gz_read(void *cookie, char *buf, size_t size)
{
	int n = gzread(cookie, buf, size > (1u << 30) ? (1u << 30) : (unsigned)size);

	if (n < 0) {
		errno = EIO;
		return -1;
	}
	return n;
}

static int gz_close(void *cookie)
{
	return gzclose(cookie) == Z_OK ? 0 : EOF;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

enum status csv_file_open(const char *path, FILE **out, struct err *e)
{
	cookie_io_functions_t io = {.read = gz_read, .close = gz_close};
	gzFile gz;

	*out = NULL;
	if (!strcmp(path, "-")) {
		*out = stdin;
		return ST_OK;
	}
	if (!ends_with(path, ".gz")) {
		*out = fopen(path, "rb");
		return *out ? ST_OK : err_set(e, ST_IO, "%s: %s", path, strerror(errno));
	}
	gz = gzopen(path, "rb");
	if (!gz)
		return err_set(e, ST_IO, "%s: %s", path,
		               errno ? strerror(errno) : "cannot open");
	gzbuffer(gz, 1u << 17);
	*out = fopencookie(gz, "r", io);
	if (!*out) {
		gzclose(gz);
		return err_set(e, ST_IO, "%s: %s", path, strerror(errno));
	}
	return ST_OK;
}

void csv_file_close(FILE *fp)
{
	if (fp && fp != stdin)
		fclose(fp);
}
