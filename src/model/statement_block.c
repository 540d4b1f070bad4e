/* statement_block.c - the keys, languages and checks of the statement's
 * written blocks. */
#include <string.h>

#include "core/text.h"
#include "model/statement_block.h"

const char *const statement_block_keys[] = {"summary", "conclusions", "recommendations"};
const size_t statement_block_nkeys =
    sizeof(statement_block_keys) / sizeof(statement_block_keys[0]);

const char *const statement_langs[] = {"en", "ru"};
const size_t statement_nlangs = sizeof(statement_langs) / sizeof(statement_langs[0]);

static bool one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

bool statement_block_key_valid(const char *key)
{
	return one_of(key, statement_block_keys, statement_block_nkeys);
}

bool statement_lang_valid(const char *lang)
{
	return one_of(lang, statement_langs, statement_nlangs);
}

enum status statement_block_validate(const char *lang, const char *key, const char *text,
                                     struct err *e)
{
	size_t len;

	if (!statement_block_key_valid(key))
		return err_set(e, ST_INVALID,
		               "key: \"%s\" is not a block of the statement (summary, "
		               "conclusions or recommendations)",
		               key ? key : "");
	if (!statement_lang_valid(lang))
		return err_set(e, ST_INVALID, "lang: \"%s\" is not en or ru",
		               lang ? lang : "");
	if (!text)
		return err_set(e, ST_INVALID, "text: missing");
	len = strlen(text);
	if (len > STATEMENT_BLOCK_MAX)
		return err_set(e, ST_INVALID, "text: %zu bytes, more than the %d allowed",
		               len, STATEMENT_BLOCK_MAX);
	if (!utf8_valid(text, len))
		return err_set(e, ST_INVALID, "text: not valid UTF-8");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return err_set(e, ST_INVALID,
			               "text: control character 0x%02x at byte %zu", c,
			               i + 1);
	}
	return ST_OK;
}

bool statement_block_empty(const char *text)
{
	for (const char *p = text; p && *p; p++)
		if (!strchr(" \t\r\n", *p))
			return false;
	return true;
}
