/* store_sqlite_statement.c - the statement's written blocks, on db.h: one
 * row per mission, language and key, replaced in place and audited with
 * the text before and after. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "model/statement_block.h"
#include "store/store_sqlite.h"

/* The audit image of a block: {"lang", "key", "text"}; the caller frees. */
static char *image(const char *lang, const char *key, const char *text)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "lang", lang, "key", key, "text", text);
	char *t = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(j);
	return t;
}

/* The block's text now, copied (the caller frees), or NULL when none. */
static enum status old_text(struct store_sqlite *s, int64_t mission_id,
                            const struct statement_block_row *b, char **out,
                            struct err *e)
{
	struct db_stmt *st;
	enum status rc;
	bool row;

	*out = NULL;
	rc = sdb_prepare(s,
	                 "SELECT text FROM statement_block"
	                 " WHERE mission_id = ?1 AND lang = ?2 AND key = ?3",
	                 0, &st, "reading a block of the statement", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, b->lang);
	db_bind_text(st, 3, b->key);
	rc = sdb_step(s, st, &row, "reading a block of the statement", e);
	if (!rc && row) {
		const char *t = db_col_text(st, 0);
		*out = xstrdup(t ? t : "");
	}
	db_finalize(st);
	return rc;
}

static enum status write_row(struct store_sqlite *s, int64_t mission_id,
                             const struct statement_block_row *b, struct err *e)
{
	struct db_stmt *st;
	char now[21];
	enum status rc;

	rc = sdb_prepare(s,
	                 "INSERT INTO statement_block (mission_id, lang, key, text,"
	                 " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	                 " ON CONFLICT (mission_id, lang, key) DO UPDATE SET"
	                 " text = ?4, updated_at = ?5, updated_by = ?6",
	                 0, &st, "storing a block of the statement", e);
	if (rc)
		return rc;
	text_now_iso(now);
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, b->lang);
	db_bind_text(st, 3, b->key);
	db_bind_text(st, 4, b->text);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, s->base.actor ? s->base.actor : "unknown");
	rc = sdb_run(s, st, "storing a block of the statement", e);
	db_finalize(st);
	return rc;
}

enum status sqlite_statement_block_put(struct store *base, int64_t mission_id,
                                       const struct statement_block_row *b,
                                       enum upsert_result *res, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	char *before = NULL, *img_before = NULL, *img_after = NULL, key[64];
	enum upsert_result what = UPSERT_UNCHANGED;
	enum status rc;

	rc = sqlite_op_begin(s, e);
	if (rc)
		return rc;
	rc = old_text(s, mission_id, b, &before, e);
	if (rc || (before && !strcmp(before, b->text)))
		goto out;
	rc = write_row(s, mission_id, b, e);
	if (rc)
		goto out;
	snprintf(key, sizeof(key), "%s/%s", b->lang, b->key);
	img_before = before ? image(b->lang, b->key, before) : NULL;
	img_after = image(b->lang, b->key, b->text);
	rc = sqlite_audit(s, mission_id, before ? "update" : "create", "statement_block",
	                  key, img_before, img_after, e);
	what = before ? UPSERT_UPDATED : UPSERT_INSERTED;
out:
	if (res)
		*res = what;
	free(before);
	free(img_before);
	free(img_after);
	return sqlite_op_end(s, rc);
}

struct list_args {
	store_statement_block_cb cb;
	void *ctx;
};

static enum status list_row(struct db_stmt *st, void *ctx)
{
	struct list_args *a = ctx;
	struct statement_block_row b = {
	    .lang = db_col_text(st, 0),
	    .key = db_col_text(st, 1),
	    .text = db_col_text(st, 2),
	    .updated_at = db_col_text(st, 3),
	    .updated_by = db_col_text(st, 4),
	};

	if (!b.text)
		b.text = "";
	return a->cb(a->ctx, &b);
}

enum status sqlite_statement_block_list(struct store *base, int64_t mission_id,
                                        const char *lang, store_statement_block_cb cb,
                                        void *ctx, struct err *e)
{
	struct store_sqlite *s = (struct store_sqlite *)base;
	struct list_args a = {cb, ctx};
	struct db_stmt *st;
	enum status rc;

	/* Keys in the statement's order: summary, conclusions, recommendations. */
	rc = sdb_prepare(s,
	                 "SELECT lang, key, text, updated_at, updated_by"
	                 " FROM statement_block WHERE mission_id = ?1"
	                 " AND (CAST(?2 AS TEXT) IS NULL OR lang = CAST(?2 AS TEXT))"
	                 " ORDER BY lang, CASE key WHEN 'summary' THEN 0"
	                 " WHEN 'conclusions' THEN 1 WHEN 'recommendations' THEN 2"
	                 " ELSE 3 END, key",
	                 0, &st, "listing the blocks of the statement", e);
	if (rc)
		return rc;
	db_bind_int64(st, 1, mission_id);
	db_bind_text(st, 2, lang);
	return sdb_each(s, st, list_row, &a, "listing the blocks of the statement", e);
}
