/* openrosa_xml.h - an OpenRosa submission instance (the XML that ODK
 * Collect, ODK Web Forms and Enketo post as xml_submission_file) read with
 * expat into the canonical submission, with no DTD, no entities and hard
 * limits on size, depth and element count. */
#ifndef OBSERVA_OPENROSA_XML_H
#define OBSERVA_OPENROSA_XML_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "model/form.h"
#include "model/submission.h"

/* The instance, as the XForms observa generates write it:
 *
 *   <data id="MISSION_FORM" version="N" odk:prefix="FORM" ...>
 *     <station>..</station> <observer>..</observer>
 *     <TAG>value</TAG> ...one per question...
 *     <comment>..</comment>
 *     <meta><instanceID>uuid:..</instanceID>
 *           <deprecatedID>uuid:..</deprecatedID></meta>
 *   </data>
 *
 * Namespaces are not processed: a name's prefix is dropped ("orx:meta" is
 * "meta", "odk:prefix" is "prefix"), so instances are read alike with or
 * without a default namespace and with prefixes declared or not.  The root
 * may have any name.  Element names are compared exactly (XML is
 * case-sensitive); answers are matched with questions by validation, which
 * ignores case. */

#define OPENROSA_XML_MAX_BYTES    (2u << 20) /* bytes of XML text */
#define OPENROSA_XML_MAX_DEPTH    16         /* nesting of elements, root = 1 */
#define OPENROSA_XML_MAX_ELEMENTS 5000       /* elements in the document */
#define OPENROSA_XML_MAX_VALUE    65536      /* bytes of one element's text */

/* Limits of one parse; 0 in a field means its default above. */
struct openrosa_xml_limits {
	size_t max_bytes;
	unsigned max_depth;
	size_t max_elements;
	size_t max_value;
};

/* One instance read.  sub's strings and the fields below live in the
 * instance's arena; sub.answers is a reference the instance holds.  All of
 * it stays valid until openrosa_instance_release(), and none of it points
 * into the XML text. */
struct openrosa_instance {
	struct submission sub; /* channel "odk"; observed_at NULL */
	const char *form_id;   /* the root's id attribute as sent, or NULL */
	const char *mission;   /* the mission code the id claims, or NULL */
	const char *version;   /* the root's version attribute as sent, or NULL */
	/* private */
	struct arena arena;
};

/* Read len bytes of XML text (need not be NUL-terminated) into *out, which
 * is initialised here whatever it held and must be released with
 * openrosa_instance_release() whatever is returned.
 *
 * Fields: sub.client_id is meta/instanceID and sub.replaces is
 * meta/deprecatedID (trimmed; 1..SUBMISSION_ID_MAX bytes without control
 * characters, else ST_INVALID); sub.station, sub.observer (trimmed) and
 * sub.comment (as sent, at most SUBMISSION_COMMENT_MAX characters) are NULL
 * when absent or empty.  sub.form is the root's odk:prefix, else the part of
 * its id after the last '_'; mission is the id without "_FORM" at its end
 * (or before its last '_'), NULL when the id has no '_'.  The caller checks
 * mission, form and version against what it serves.
 *
 * Answers: every other child of the root becomes sub.answers[name].  An
 * empty (or all-space) element of a question is not answered and left out.
 * With form NULL, values are the strings as sent.  With a form, a
 * question's value is converted from ODK's encoding when it fits: yesno
 * "1"/"0", integer, select_one and rating decimal text become integers,
 * select_multiple "3 1" an array of integers [3, 1], time "07:45:00.000+06:00"
 * the string "07:45", text stays as sent; a value that does not fit stays a
 * string, so validation reports it with its usual message.  A child that
 * is not a question of form is kept as a string even when empty, so
 * validation reports it as an unknown tag.  Children of meta other than
 * instanceID and deprecatedID (instanceName, audit, timeStart...) are
 * ignored, and so are elements nested in an unknown element (with a form)
 * and text outside the fields (the white space between elements).
 *
 * Refused, ST_INVALID: malformed XML; any DOCTYPE (so any DTD or ENTITY
 * declaration: "XML entity declarations are not accepted"), which stops
 * the parser before anything is expanded; an element inside an answer,
 * station, observer, comment or ID; an element given twice.  ST_TOO_BIG:
 * more than lim's bytes, depth, elements or bytes of one value.  Messages
 * start with "line L, column C: " (from expat, columns 1-based in bytes)
 * and name the element ("element <A> appears twice (first at line 3)").
 * lim may be NULL for the defaults; form may be NULL. */
enum status openrosa_xml_parse(const char *xml, size_t len, const struct form *form,
                               const struct openrosa_xml_limits *lim,
                               struct openrosa_instance *out /* OUT */, struct err *e);

/* openrosa_xml_parse() with form, refusing, as a reading without a form
 * does, an element nested in one that is not a question of form: in one
 * reading, what reading without the form (to learn which it is) and then
 * with it gives. */
enum status openrosa_xml_parse_strict(const char *xml, size_t len,
                                      const struct form *form,
                                      const struct openrosa_xml_limits *lim,
                                      struct openrosa_instance *out /* OUT */,
                                      struct err *e);

/* The root's claims alone: form_id, version, mission and sub.form as
 * openrosa_xml_parse() sets them, reading no further than the root's start
 * tag, so that the form can be found before the instance is read with it.
 * What follows the root's start tag is not checked.  ST_INVALID, as
 * openrosa_xml_parse() words it, when the text is malformed or has a
 * DOCTYPE before it, or no root.  out as for openrosa_xml_parse(). */
enum status openrosa_xml_claims(const char *xml, size_t len,
                                struct openrosa_instance *out /* OUT */, struct err *e);

/* Free everything in in; it may be parsed into again.  A zeroed instance
 * may be released. */
void openrosa_instance_release(struct openrosa_instance *in);

#endif
