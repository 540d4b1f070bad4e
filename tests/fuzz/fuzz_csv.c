/* fuzz_csv.c - libFuzzer target for the CSV reader: reads every record of
 * the input from memory, checks what the reader promises about records,
 * positions and errors, and that reading the same bytes as a FILE* agrees. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ingest/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* The file reader f (may be NULL) gives the same outcome as m. */
static void same(struct csv_reader *f, enum status frc, const struct err *fe,
                 const struct csv_reader *m, enum status mrc, const struct err *me)
{
	if (!f)
		return;
	check(frc == mrc);
	check(f->nfields == m->nfields);
	check(csv_bytes_read(f) == csv_bytes_read(m));
	if (mrc != ST_OK) {
		check(strcmp(fe->msg, me->msg) == 0);
		return;
	}
	if (m->nfields)
		check(f->line == m->line);
	for (size_t i = 0; i < m->nfields; i++) {
		check(strcmp(f->fields[i], m->fields[i]) == 0);
		check(f->field_line[i] == m->field_line[i]);
		check(f->field_col[i] == m->field_col[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r, fr;
	struct err e, fe;
	enum status rc, frc = ST_OK;
	long last_line = 0;
	long long last_bytes = 0;
	FILE *fp = size ? fmemopen((void *)data, size, "rb") : NULL;

	err_clear(&e);
	err_clear(&fe);
	csv_open_mem(&r, (const char *)data, size);
	if (fp)
		csv_open_file(&fr, fp);
	for (;;) {
		rc = csv_next(&r, &e);
		if (fp)
			frc = csv_next(&fr, &fe);
		same(fp ? &fr : NULL, frc, &fe, &r, rc, &e);
		if (rc != ST_OK || !r.nfields)
			break;
		check(r.nfields <= CSV_MAX_FIELDS);
		check(r.line > last_line);
		check(csv_bytes_read(&r) > last_bytes);
		check(csv_bytes_read(&r) <= (long long)size);
		last_line = r.line;
		last_bytes = csv_bytes_read(&r);
		for (size_t i = 0; i < r.nfields; i++) {
			size_t len = strlen(r.fields[i]);
			check(len <= CSV_MAX_FIELD);
			check(utf8_valid(r.fields[i], len));
			check(r.field_line[i] >= r.line);
			check(r.field_col[i] >= 1);
			if (i)
				check(r.field_line[i] > r.field_line[i - 1] ||
				      r.field_col[i] > r.field_col[i - 1]);
		}
	}
	if (rc == ST_OK) {
		check(csv_bytes_read(&r) == (long long)size);
		check(e.msg[0] == '\0');
	} else {
		check(rc == ST_INVALID || rc == ST_TOO_BIG);
		check(e.code == rc);
		check(r.nfields == 0);
		check(strncmp(e.msg, "line ", 5) == 0);
		check(strstr(e.msg, ", column ") != NULL);
		/* the failure is final */
		check(csv_next(&r, &e) == rc && r.nfields == 0);
	}
	csv_close(&r);
	if (fp) {
		csv_close(&fr);
		fclose(fp);
	}
	return 0;
}
