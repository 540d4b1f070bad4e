/* xform.h - a form definition written as an ODK XForm 1.0 (ODK Collect, ODK
 * Web Forms, Enketo): the station and observer fields, one element per
 * question named by its tag, itext in every language of the form, the
 * ranges, required answers and reject checks as constraints, and the
 * odk:prefix/odk:tag attributes of ODK's compact SMS representation.
 * The document, element by element, is described in docs/odk.md. */
#ifndef OBSERVA_XFORM_H
#define OBSERVA_XFORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/form.h"

#define XFORM_MISSION_MAX 32 /* bytes of a mission code (mission.h) */
#define XFORM_FORM_MAX    3  /* bytes of a form code (form.h) */
#define XFORM_ID_MAX      (XFORM_MISSION_MAX + 1 + XFORM_FORM_MAX)

/* A location offered in the station list. */
struct xform_station {
	const char *code; /* a registry code (location.h): what is sent */
	const char *name; /* shown after the code, or NULL for the code alone */
};

/* What the form's document depends on besides the definition.  A zeroed
 * struct (or NULL) gives a text input for the station and an observer
 * filled in by the client from its user name. */
struct xform_options {
	/* The stations to pick from, in the order shown: the station becomes a
	 * select1 of their codes.  NULL or none: a text input constrained to
	 * the shape of a registry code.  Borrowed. */
	const struct xform_station *stations;
	size_t nstations;
	/* The observer code of the credentials the form is served to: the
	 * observer field's value.  NULL: left empty for the client to fill
	 * with its user name (jr:preload="property" jr:preloadParams="username"),
	 * which ODK Collect sets to the server user name.  Borrowed. */
	const char *observer;
};

/* The formID of form_code in mission_code: "<mission code>_<FORM CODE>",
 * e.g. "kz-2023_OP".  A new string the caller frees. */
char *xform_form_id(const char *mission_code, const char *form_code);

/* Split a formID made by xform_form_id() into its mission code and form
 * code (copied, NUL-terminated).  False, with both left empty, when id is
 * not a valid mission code (mission_code_valid), "_" and a valid form code
 * (form_code_valid). */
bool xform_form_id_split(const char *id, char mission[XFORM_MISSION_MAX + 1] /* OUT */,
                         char form[XFORM_FORM_MAX + 1] /* OUT */);

#define XFORM_VERSION_MAX 40

/* The XForm version of f, written as <data version="...">: the form's
 * version ("3"), followed for a form with ballot lines by "." and the first
 * 8 hex digits of a BLAKE2b hash of its ballot (order, code, name and kind
 * of each choice): "1.5c0e2f3a".  So importing another ballot changes the
 * version, which ODK clients compare to offer the new XForm, and a report
 * filled in with an old ballot can be told from one filled in with the
 * current one (xform_version_check). */
void xform_version(const struct form *f, char out[XFORM_VERSION_MAX]);

/* Whether a report whose instance says version (NULL when it says none)
 * may be read against f: ST_OK when it is f's own version, has no
 * version, or is an older version of the form with the same ballot (the
 * answers are checked against f like any report); ST_INVALID, with a
 * message for the observer, when it was filled in with another ballot or
 * with a version newer than f's. */
enum status xform_version_check(const struct form *f, const char *version,
                                struct err *e);

/* Append the XForm of f in mission_code to out: a UTF-8 XML document with
 * <data id="<formID>" version="<xform_version>" odk:prefix="<f->code>"> as
 * its instance.  f is usually a mission's effective form (form_load(), its
 * ballot applied).  opt may be NULL.  Every text is escaped for XML (& < >
 * " '), and characters XML 1.0 forbids (controls but tab and line breaks,
 * U+FFFE, U+FFFF) become U+FFFD.
 *
 * Errors, with e's message saying which: ST_INVALID when mission_code is
 * not a mission code, when a question's tag is a name the document keeps
 * for itself (station, observer, comment, meta, compared ignoring case),
 * or when a station or the observer is not a registry code; ST_TOO_BIG
 * when out's cap is reached.  On any error out is left as it was. */
enum status xform_write(const struct form *f, const char *mission_code,
                        const struct xform_options *opt, struct buf *out, struct err *e);

#endif
