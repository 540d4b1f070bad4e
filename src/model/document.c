/* document.c - kinds, directions, media types, hashes and validation of
 * the long-term log's documents (document.h). */
#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "core/text.h"
#include "model/attachment.h"
#include "model/document.h"
#include "model/meeting.h"

/* Words as meeting_fold_word() gives them. */
static const struct {
	const char *word, *canonical;
} kind_words[] = {
    {"legal review", "legal_review"},
    {"legal compliance review", "legal_review"},
    {"legal analysis", "legal_review"},
    {"review of the legislation", "legal_review"},
    {"monitoring report", "monitoring_report"},
    {"long term monitoring report", "monitoring_report"},
    {"ltm report", "monitoring_report"},
    {"report", "monitoring_report"},
    {"interim report", "interim_report"},
    {"statement", "statement"},
    {"preliminary statement", "statement"},
    {"press release", "statement"},
    {"letter", "letter"},
    {"note verbale", "letter"},
    {"invitation", "letter"},
    {"complaint", "complaint"},
    {"appeal", "complaint"},
    {"minutes", "minutes"},
    {"programme", "programme"},
    {"program", "programme"},
    {"agenda", "programme"},
    {"schedule", "programme"},
    {"other", "other"},
};

const char *document_kind_canonical(const char *word)
{
	char key[64];

	if (!word || !meeting_fold_word(word, key, sizeof(key)))
		return NULL;
	for (size_t i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++)
		if (!strcmp(key, kind_words[i].word))
			return kind_words[i].canonical;
	return NULL;
}

const char *document_kinds_list(void)
{
	return "legal_review, monitoring_report, interim_report, statement, letter, "
	       "complaint, minutes, programme, other";
}

const char *document_direction_canonical(const char *word)
{
	static const char *const out[] = {"handed over", "given", "sent", "out"};
	static const char *const in[] = {"received", "got", "in"};
	char key[32];

	if (!word || !meeting_fold_word(word, key, sizeof(key)))
		return NULL;
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		if (!strcmp(key, out[i]))
			return "handed_over";
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		if (!strcmp(key, in[i]))
			return "received";
	return NULL;
}

const char *document_type_for_name(const char *file_name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {"md", "text/markdown; charset=utf-8"},
	    {"markdown", "text/markdown; charset=utf-8"},
	    {"txt", "text/plain; charset=utf-8"},
	    {"csv", "text/csv; charset=utf-8"},
	    {"html", "text/html; charset=utf-8"},
	    {"htm", "text/html; charset=utf-8"},
	    {"json", "application/json"},
	    {"pdf", "application/pdf"},
	    {"doc", "application/msword"},
	    {"docx", "application/vnd.openxmlformats-officedocument."
	             "wordprocessingml.document"},
	    {"odt", "application/vnd.oasis.opendocument.text"},
	    {"rtf", "application/rtf"},
	    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	    {"png", "image/png"},
	    {"jpg", "image/jpeg"},
	    {"jpeg", "image/jpeg"},
	    {"zip", "application/zip"},
	};
	const char *dot = file_name ? strrchr(file_name, '.') : NULL;

	if (dot && dot != file_name)
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (text_ieq(dot + 1, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/* A token of RFC 9110: what a type, a subtype and a parameter's name are
 * made of. */
static bool tchar(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

bool document_content_type_valid(const char *t)
{
	size_t n = t ? strlen(t) : 0, i = 0, start;

	if (!n || n > DOCUMENT_CONTENT_TYPE_MAX)
		return false;
	for (size_t k = 0; k < n; k++)
		if ((unsigned char)t[k] < 0x20 || (unsigned char)t[k] > 0x7e)
			return false;
	for (start = i; i < n && tchar((unsigned char)t[i]); i++)
		;
	if (i == start || t[i] != '/')
		return false;
	for (start = ++i; i < n && tchar((unsigned char)t[i]); i++)
		;
	if (i == start)
		return false;
	/* Parameters ("; charset=utf-8") are kept as written. */
	while (i < n && t[i] == ' ')
		i++;
	return i == n || t[i] == ';';
}

void document_hash(const void *data, size_t len, char out[DOCUMENT_HASH_HEX + 1])
{
	unsigned char bin[crypto_generichash_BYTES];

	crypto_generichash(bin, sizeof(bin), data, len, NULL, 0);
	sodium_bin2hex(out, DOCUMENT_HASH_HEX + 1, bin, sizeof(bin));
}

enum status document_prepare(struct document *d, struct arena *a, struct err *e)
{
	const char *w;

	if (d->title) {
		const char *s = d->title, *end;
		while (*s && isspace((unsigned char)*s))
			s++;
		end = s + strlen(s);
		while (end > s && isspace((unsigned char)end[-1]))
			end--;
		d->title = end > s ? arena_strndup(a, s, (size_t)(end - s)) : NULL;
	}
	w = document_kind_canonical(d->kind);
	if (w)
		d->kind = w;
	w = document_direction_canonical(d->direction);
	if (w)
		d->direction = w;
	if (!d->content_type || !*d->content_type)
		d->content_type = document_type_for_name(d->file_name);
	return document_validate(d, e);
}

/* s for a message: itself when it is valid UTF-8, else "?". */
static const char *shown(const char *s)
{
	return utf8_valid(s, strlen(s)) ? s : "?";
}

enum status document_validate(const struct document *d, struct err *e)
{
	const char *why;
	size_t n;

	if (!d->title || !*d->title)
		return err_set(e, ST_INVALID, "title: is required");
	n = strlen(d->title);
	if (!utf8_valid(d->title, n))
		return err_set(e, ST_INVALID, "title: is not valid UTF-8");
	if (n > DOCUMENT_TITLE_MAX)
		return err_set(e, ST_INVALID,
		               "title: is %zu bytes long; at most %d are kept", n,
		               DOCUMENT_TITLE_MAX);
	for (const unsigned char *c = (const unsigned char *)d->title; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return err_set(e, ST_INVALID, "title: holds a control character");
	if (!d->kind || !*d->kind)
		return err_set(e, ST_INVALID, "kind: is required (one of: %s)",
		               document_kinds_list());
	if (!document_kind_canonical(d->kind) ||
	    strcmp(document_kind_canonical(d->kind), d->kind))
		return err_set(e, ST_INVALID, "kind: \"%.60s\" is not one of: %s",
		               shown(d->kind), document_kinds_list());
	if (!d->direction || !*d->direction)
		return err_set(e, ST_INVALID,
		               "direction: is required (handed_over or received)");
	if ((strcmp(d->direction, "handed_over") && strcmp(d->direction, "received")))
		return err_set(e, ST_INVALID,
		               "direction: \"%.40s\" is not handed_over or received",
		               shown(d->direction));
	if (!d->date || !text_is_date(d->date))
		return err_set(e, ST_INVALID,
		               "date: \"%.40s\" is not a date (YYYY-MM-DD)",
		               d->date ? shown(d->date) : "");
	if (!attachment_name_valid(d->file_name, &why))
		return err_set(e, ST_INVALID, "file_name: %s", why);
	if (!document_content_type_valid(d->content_type))
		return err_set(e, ST_INVALID,
		               "content_type: \"%.60s\" is not a media type such as "
		               "application/pdf",
		               d->content_type ? shown(d->content_type) : "");
	if (d->size < 1)
		return err_set(e, ST_INVALID, "size: the file is empty");
	if (d->size > (int64_t)DOCUMENT_MAX_SIZE)
		return err_set(
		    e, ST_TOO_BIG,
		    "size: %lld bytes; a document may have at most %u (20 MiB)",
		    (long long)d->size, DOCUMENT_MAX_SIZE);
	if (d->meeting_id < 0)
		return err_set(e, ST_INVALID, "meeting: %lld is not a meeting's id",
		               (long long)d->meeting_id);
	return ST_OK;
}
