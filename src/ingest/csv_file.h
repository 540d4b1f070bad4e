/* csv_file.h - open a CSV file by name for the commands that read
 * commissions' files: "-" is standard input, and a name ending in ".gz"
 * is decompressed as it is read (zlib), so national files are read in
 * place as they are published. */
#ifndef OBSERVA_CSV_FILE_H
#define OBSERVA_CSV_FILE_H

#include <stdio.h>

#include "core/err.h"

/* A stream for path (decompressing a .gz), or stdin for "-".  ST_IO with
 * e naming the file when it cannot be opened.  Close with
 * csv_file_close(). */
enum status csv_file_open(const char *path, FILE **out /* OUT */, struct err *e);
/* Close a stream of csv_file_open() (stdin is left open); NULL is a no-op. */
void csv_file_close(FILE *fp);

#endif
