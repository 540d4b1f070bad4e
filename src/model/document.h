/* document.h - the files of the long-term monitoring log: what the mission
 * handed over (its legal compliance review, its long-term monitoring
 * report ...) or received (a party's programme, the commission's
 * answers), with the rules for their kinds, directions, names, media types
 * and sizes, and their hash.
 *
 * Strings are borrowed, as in mission.h.  docs/ltm.md describes them. */
#ifndef OBSERVA_DOCUMENT_H
#define OBSERVA_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

#define DOCUMENT_MAX_SIZE         (20u << 20) /* bytes of one file: 20 MiB */
#define DOCUMENT_TITLE_MAX        300         /* bytes of a title */
#define DOCUMENT_CONTENT_TYPE_MAX 127         /* bytes of a media type */
#define DOCUMENT_HASH_HEX         64          /* hex digits of the hash */

struct document {
	int64_t id;               /* store's key; 0 before it is stored */
	int64_t meeting_id;       /* the meeting it was handed over at; 0: none */
	const char *title;        /* required, one line */
	const char *kind;         /* canonical: document_kind_canonical() */
	const char *direction;    /* handed_over | received */
	const char *date;         /* YYYY-MM-DD */
	const char *file_name;    /* attachment_name_valid() */
	const char *content_type; /* media type ("text/markdown; charset=utf-8") */
	int64_t size;             /* bytes, 1 to DOCUMENT_MAX_SIZE */
	const char *hash;         /* hex BLAKE2b-256 of the bytes; set by the store */
	const char *created_at;   /* set by the store */
};

/* The canonical kind for a word, or NULL.  Canonical: legal_review,
 * monitoring_report, interim_report, statement, letter, complaint,
 * minutes, programme, other.  Case, '-', '_' and spaces do not matter;
 * "legal compliance review", "long-term monitoring report", "LTM report",
 * "press release", "note verbale", "agenda" ... are understood. */
const char *document_kind_canonical(const char *word);
const char *document_kinds_list(void);

/* "handed_over" or "received" for a word ("handed over", "given", "sent";
 * "received", "got"), or NULL. */
const char *document_direction_canonical(const char *word);

/* A media type for a file name, from its extension (.md, .txt, .pdf,
 * .docx, .html, .csv, .json, .png, .jpg ...); application/octet-stream
 * when unknown.  A static string. */
const char *document_type_for_name(const char *file_name);

/* True when t looks like a media type: "type/subtype" with optional
 * parameters, printable ASCII, at most DOCUMENT_CONTENT_TYPE_MAX bytes. */
bool document_content_type_valid(const char *t);

/* The hex BLAKE2b-256 (libsodium's crypto_generichash, 32 bytes) of
 * data[0..len), NUL-terminated, into out. */
void document_hash(const void *data, size_t len, char out[DOCUMENT_HASH_HEX + 1]);

/* Make d ready to store: title trimmed (copies in a), kind and direction
 * made canonical, the content type guessed from the file name when NULL
 * or empty, then document_validate().  e names the first bad field as
 * "FIELD: what" (title, kind, direction, date, file_name, content_type,
 * size). */
enum status document_prepare(struct document *d, struct arena *a, struct err *e);

/* Check a prepared document: a title of one line within its length, kind
 * and direction canonical, a real date, a valid file name and media type,
 * a size from 1 to DOCUMENT_MAX_SIZE. */
enum status document_validate(const struct document *d, struct err *e);

#endif
