/* choice.c - validation of ballot choices. */
#include <string.h>

#include "core/text.h"
#include "model/choice.h"
#include "model/location.h"

bool choice_kind_valid(const char *kind)
{
	return kind && (!strcmp(kind, "candidate") || !strcmp(kind, "party") ||
	                !strcmp(kind, "against_all"));
}

enum status choice_validate(const struct ballot_choice *c, struct err *e)
{
	size_t n;

	if (c->order < 1 || c->order > CHOICE_ORDER_MAX)
		return err_set(e, ST_INVALID, "order: %d is not between 1 and %d",
		               c->order, CHOICE_ORDER_MAX);
	if (!c->code || !registry_code_valid(c->code))
		return err_set(e, ST_INVALID,
		               "code: \"%s\" must be 1-%d characters without slashes or "
		               "control characters",
		               c->code ? c->code : "", LOCATION_CODE_MAX);
	n = c->name ? strlen(c->name) : 0;
	if (!n || !utf8_valid(c->name, n) || utf8_count(c->name, n) > CHOICE_NAME_MAX)
		return err_set(e, ST_INVALID, "name: must be 1-%d characters of UTF-8",
		               CHOICE_NAME_MAX);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)c->name[i] < 0x20 || c->name[i] == 0x7f)
			return err_set(e, ST_INVALID,
			               "name: control characters are not allowed");
	if (!choice_kind_valid(c->kind))
		return err_set(e, ST_INVALID, "kind: \"%s\" is not one of %s",
		               c->kind ? c->kind : "", CHOICE_KINDS);
	return ST_OK;
}

enum status choice_list_validate(const struct ballot_choice *c, size_t n, struct err *e)
{
	enum status rc;
	int against_all = 0;

	if (n > CHOICES_MAX)
		return err_set(e, ST_INVALID, "%zu choices: a ballot has at most %d", n,
		               CHOICES_MAX);
	for (size_t i = 0; i < n; i++) {
		rc = choice_validate(&c[i], e);
		if (rc) {
			err_prefix(e, "choice %zu: ", i + 1);
			return rc;
		}
		if (!strcmp(c[i].kind, "against_all") && ++against_all > 1)
			return err_set(e, ST_INVALID,
			               "choice %zu: a ballot has at most one against_all",
			               i + 1);
		for (size_t k = 0; k < i; k++) {
			if (c[k].order == c[i].order)
				return err_set(
				    e, ST_INVALID,
				    "choice %zu: order %d is already used by \"%s\"",
				    i + 1, c[i].order, c[k].code);
			if (!strcmp(c[k].code, c[i].code))
				return err_set(e, ST_INVALID,
				               "choice %zu: code \"%s\" is used twice",
				               i + 1, c[i].code);
		}
	}
	return ST_OK;
}
