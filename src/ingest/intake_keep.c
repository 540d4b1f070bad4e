/* intake_keep.c - what a channel hands the intake besides the report: the
 * files that came with it (checked, hashed, stored by the job with the
 * report) and the raw text, kept in the inbox should the report be
 * refused. */
#include <sodium.h>
#include <string.h>

#include "ingest/intake.h"
#include "model/attachment.h"

/* Hex BLAKE2b-256 of the bytes, in the item's arena. */
static const char *hash_hex(struct intake_item *it, const void *data, size_t len)
{
	unsigned char bin[crypto_generichash_BYTES];
	char *hex = arena_alloc(&it->arena, 2 * sizeof(bin) + 1);

	crypto_generichash(bin, sizeof(bin), data, len, NULL, 0);
	sodium_bin2hex(hex, 2 * sizeof(bin) + 1, bin, sizeof(bin));
	return hex;
}

/* Room for one more attachment: the array doubles in the arena. */
static struct attachment_row *next_slot(struct intake_item *it)
{
	size_t n = it->nattachments;

	if (!(n & (n - 1)) || !n) {
		size_t cap = n ? 2 * n : 4;
		struct attachment_row *a = arena_alloc(&it->arena, cap * sizeof(*a));

		if (n)
			memcpy(a, it->attachments, n * sizeof(*a));
		it->attachments = a;
	}
	return &it->attachments[it->nattachments++];
}

enum status intake_item_attach(struct intake_item *it, const char *name,
                               const char *content_type, const void *data, size_t len,
                               struct err *e)
{
	struct attachment_row *a;
	const char *why;
	size_t total = len;

	if (!attachment_name_valid(name, &why))
		return err_set(e, ST_INVALID, "attachment \"%s\": %s", name ? name : "",
		               why);
	for (size_t i = 0; i < it->nattachments; i++) {
		if (!strcmp(it->attachments[i].name, name))
			return err_set(e, ST_INVALID, "attachment \"%s\" was sent twice",
			               name);
		total += (size_t)it->attachments[i].size;
	}
	if (len > INTAKE_ATTACHMENT_MAX)
		return err_set(e, ST_TOO_BIG, "attachment \"%s\" is larger than %u bytes",
		               name, INTAKE_ATTACHMENT_MAX);
	if (total > INTAKE_ATTACHMENTS_MAX)
		return err_set(e, ST_TOO_BIG,
		               "the attachments are larger than %u bytes in all",
		               INTAKE_ATTACHMENTS_MAX);
	a = next_slot(it);
	a->name = arena_strdup(&it->arena, name);
	a->content_type = arena_strdup(&it->arena, content_type && *content_type
	                                               ? content_type
	                                               : "application/octet-stream");
	a->size = (int64_t)len;
	a->hash = hash_hex(it, data, len);
	a->data = data;
	return ST_OK;
}

void intake_item_keep(struct intake_item *it, const char *channel, const char *observer,
                      const char *raw, size_t len)
{
	struct received_row *r = &it->received;

	r->id = 0;
	r->channel = arena_strdup(&it->arena, channel);
	r->observer = arena_strdup(&it->arena, observer);
	r->received_at = NULL;
	r->raw = raw;
	r->raw_len = len;
	r->problems = NULL;
	r->status = "refused";
}
