/* multipart.h - multipart/form-data bodies (RFC 7578) split into their
 * parts: the boundary from the Content-Type, each part's name, file name
 * and type, and its bytes, with limits on parts, headers and sizes.  It
 * reads the OpenRosa submission POST: xml_submission_file plus attachments. */
#ifndef OBSERVA_MULTIPART_H
#define OBSERVA_MULTIPART_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

/* The parser takes the whole body at once (the HTTP server collects it and
 * undoes any chunked transfer coding first); there is no streaming
 * interface.  Line ends must be CRLF, as RFC 7578 and every client
 * (ODK Collect, browsers, curl) write them: a delimiter or header line
 * ending in a bare LF is refused with its byte offset.  The preamble before
 * the first delimiter and the epilogue after the closing one are ignored.
 * Byte offsets in messages count from 0 at the first byte of the body. */

#define MULTIPART_BOUNDARY_MAX 70 /* bytes of a boundary (RFC 2046) */
#define MULTIPART_MAX_PARTS    100
#define MULTIPART_MAX_HEADER   8192        /* bytes of one part's header block */
#define MULTIPART_MAX_PART     (10u << 20) /* bytes of one part's body */
#define MULTIPART_MAX_TOTAL    (20u << 20) /* bytes of the whole body */

/* The part OpenRosa clients put the submission instance in. */
#define MULTIPART_XML_PART "xml_submission_file"

/* Limits of one parse; 0 in a field means its default above. */
struct multipart_limits {
	size_t max_parts;
	size_t max_header;
	size_t max_part;
	size_t max_total;
};

enum multipart_flags {
	MULTIPART_COPY = 1 << 0 /* copy the bodies: they outlive the input */
};

/* One part.  name, filename and content_type are NUL-terminated UTF-8
 * strings without control characters (tab excepted), in the multipart's
 * arena; parts whose headers hold others are refused. */
struct multipart_part {
	const char *name;         /* Content-Disposition's name, never NULL */
	const char *filename;     /* its filename, or NULL when none */
	const char *content_type; /* the part's Content-Type as sent, or NULL
	                           * (RFC 7578: text/plain then) */
	const char *body;         /* the part's bytes: in the input buffer, or
	                           * with MULTIPART_COPY a NUL-terminated copy
	                           * in the arena */
	size_t len;               /* bytes of body */
	size_t offset;            /* where body starts in the input */
};

/* The parts of one body, in the order sent.  The array and the strings
 * belong to m and stay valid until multipart_release(); without
 * MULTIPART_COPY the bodies point into the input, which must outlive their
 * use. */
struct multipart {
	struct multipart_part *parts;
	size_t nparts;
	/* private */
	struct arena arena;
};

/* Take the boundary out of a Content-Type header value such as
 * "multipart/form-data; boundary=----x" or boundary="a b" (quoted,
 * backslash escapes allowed); media type and parameter names ignore case.
 * out (at least MULTIPART_BOUNDARY_MAX + 1 bytes) receives it,
 * NUL-terminated.  ST_UNSUPPORTED when the media type is not
 * multipart/form-data (content_type NULL included: the endpoint answers
 * 415); ST_INVALID when the boundary is missing, given twice, empty,
 * longer than MULTIPART_BOUNDARY_MAX, not printable ASCII or ends in a
 * space, or the parameters are malformed. */
enum status multipart_boundary(const char *content_type,
                               char out[MULTIPART_BOUNDARY_MAX + 1] /* OUT */,
                               struct err *e);

/* Split len bytes of body at boundary (as multipart_boundary gives it) into
 * *out, which is initialised here whatever it held and must be released
 * with multipart_release() whatever is returned (on error it holds no
 * parts).  flags is 0 or MULTIPART_COPY; lim may be NULL for the defaults.
 *
 * Each part needs a Content-Disposition "form-data" with a name; its
 * Content-Type is kept, other headers are ignored, folded header lines are
 * refused.  ST_INVALID, with the part (1-based) or the byte offset:
 * "part 2: no Content-Disposition header", "the body ends before the
 * closing boundary", "byte 1234: expected CRLF after the boundary", no
 * delimiter at all, no parts.  ST_TOO_BIG when the body, a part's header
 * block or body, or the number of parts passes lim. */
enum status multipart_parse(const char *body, size_t len, const char *boundary,
                            unsigned flags, const struct multipart_limits *lim,
                            struct multipart *out /* OUT */, struct err *e);

/* The first part named name (exact, case-sensitive), or NULL. */
const struct multipart_part *multipart_find(const struct multipart *m, const char *name);

/* The instance's part, MULTIPART_XML_PART, into *part.  ST_INVALID when
 * there is none ("no part named xml_submission_file; the parts are: ...")
 * or more than one. */
enum status multipart_xml_part(const struct multipart *m,
                               const struct multipart_part **part /* OUT */,
                               struct err *e);

/* Free everything m holds; it may be parsed into again.  A zeroed
 * multipart may be released. */
void multipart_release(struct multipart *m);

#endif
