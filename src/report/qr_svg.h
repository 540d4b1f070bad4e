/* qr_svg.h - a QR code as an SVG document meant to be printed: the dark
 * modules as one path on white, a quiet zone of four modules around them,
 * and lines of text under the code.  libqrencode makes the matrix. */
#ifndef OBSERVA_QR_SVG_H
#define OBSERVA_QR_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define QR_SVG_QUIET     4   /* modules of white around the code (ISO/IEC 18004) */
#define QR_SVG_MIN_WIDTH 120 /* mm: room for a caption of 50 characters a line */

/* One line of the caption under the code. */
struct qr_svg_line {
	const char *text; /* UTF-8 */
	bool bold;
};

/* What the code came out as, for a caller that wants to know. */
struct qr_svg_info {
	int version; /* 1..40, the smallest that holds the text at level */
	int modules; /* modules on a side, quiet zone excluded: 17 + 4 * version */
	char level;  /* error correction: 'M' or 'L' */
};

/* Append to out an SVG document (with its XML declaration) holding text as a
 * QR code, followed by the nlines lines of caption, centred, in that order.
 *
 * One user unit is one module, and the document's width and height are in
 * millimetres, so a printed module is 1 mm square.  The code is drawn at
 * error correction level M (about 15 % of it may be dirty or torn) in the
 * smallest version that holds the text; text too long for M at version 40
 * is drawn at level L.  The modules form one <path> with
 * shape-rendering="crispEdges".  The page is at least QR_SVG_MIN_WIDTH mm
 * wide, for the caption, with the code centred; a caption line too long
 * for the page is set in smaller type.
 *
 * title (may be NULL) becomes the document's <title>.  Texts are escaped
 * for XML; a control character in them is written as U+FFFD.
 *
 * Errors, with e filled and out left as it was: ST_INVALID when text is
 * empty or a caption or the title is not UTF-8; ST_TOO_BIG when text does
 * not fit in a QR code or out's cap is reached; ST_NOMEM when libqrencode
 * runs out of memory.  info (may be NULL) is filled on success. */
enum status qr_svg(const char *text, const char *title, const struct qr_svg_line *lines,
                   size_t nlines, struct buf *out, struct qr_svg_info *info /* OUT */,
                   struct err *e);

#endif
