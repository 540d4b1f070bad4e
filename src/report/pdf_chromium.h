/* pdf_chromium.h - printing an HTML document to PDF with Debian's
 * chromium in headless mode, run as a child process: the only way observa
 * makes PDF, so the PDF is exactly the HTML page as a browser prints it
 * (A4, the page's own print style, no header or footer).
 *
 * The browser is $OBSERVA_CHROMIUM, else /usr/bin/chromium.  Each run
 * gets a fresh temporary directory (under $TMPDIR, else /tmp) for the
 * page, the PDF and the browser's profile, removed afterwards.  The child
 * runs in a process group of its own, which is killed when it outlives
 * the time allowed. */
#ifndef OBSERVA_PDF_CHROMIUM_H
#define OBSERVA_PDF_CHROMIUM_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define PDF_CHROMIUM_PATH    "/usr/bin/chromium"
#define PDF_TIMEOUT_DEFAULT  60 /* seconds */
#define PDF_CHROMIUM_MISSING "PDF needs chromium: apt-get install chromium"

/* The browser observa runs: $OBSERVA_CHROMIUM when set and not empty,
 * else PDF_CHROMIUM_PATH. */
const char *pdf_chromium_path(void);

/* The time allowed to print: $OBSERVA_PDF_TIMEOUT in whole seconds from 1
 * to 3600 when set, else PDF_TIMEOUT_DEFAULT. */
int pdf_chromium_timeout(void);

/* Print html[0..len) to PDF and append the PDF's bytes to out.  timeout is
 * in seconds (<= 0: pdf_chromium_timeout()).  Errors, with e filled:
 * ST_UNSUPPORTED when the browser is not an executable file (the message
 * starts with PDF_CHROMIUM_MISSING), ST_IO when it cannot be started,
 * exits with a failure (the message ends with the last line it wrote on
 * stderr), runs past the timeout (it is killed) or writes no PDF, or when
 * the temporary files cannot be written; ST_TOO_BIG past out's cap. */
enum status pdf_chromium_print(const char *html, size_t len, int timeout, struct buf *out,
                               struct err *e);

#endif
