/* store.h - the storage interface: everything observa keeps, behind one
 * table of operations per back-end.
 *
 * store_open("sqlite:PATH") picks the back-end by URL scheme; callers then
 * use the store_* functions below, which dispatch through struct
 * store_ops.  SQL lives only in the back-ends.  Every change made through
 * the store is written to the audit log in the same transaction, with the
 * actor and origin set by store_set_actor().
 *
 * A store handle is used by one thread at a time.  Strings handed back by
 * *_get functions live in the caller's arena; those handed to callbacks
 * live only until the callback returns.  A callback that returns non-OK
 * stops the iteration and its status is returned. */
#ifndef OBSERVA_STORE_H
#define OBSERVA_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "model/location.h"
#include "model/mission.h"
#include "model/observer.h"
#include "store/store_results.h"
#include "store/store_sms.h"
#include "store/store_pvt.h"
#include "store/store_statement.h"
#include "store/store_ltm.h"
#include "store/store_tally.h"
#include "store/store_export.h"
#include "store/store_users.h"
#include "store/store_maint.h"

#define STORE_DEFAULT_URL "sqlite:observa.db"

struct store_ops;
struct registry_cache;

/* Every back-end's handle starts with this. */
struct store {
	const struct store_ops *ops;
	char *actor;  /* who makes the changes ("cli:alice"); owned */
	char *origin; /* where from ("local", "127.0.0.1"); owned */
	/* The registry remembered by the server this handle serves, or NULL
	 * (store/registry_cache.h); and the registry's version as read for
	 * the request at hand, when registry_read. */
	struct registry_cache *registry;
	bool registry_read;
	int64_t registry_version;
	/* registry_cache_trust() was called for the request at hand; and
	 * once its first lookup took the cache's version without reading it,
	 * registry_trusted, with that version in registry_trusted_version. */
	bool registry_trust, registry_trusted;
	int64_t registry_trusted_version;
};

enum upsert_result { UPSERT_INSERTED, UPSERT_UPDATED, UPSERT_UNCHANGED };

struct location_filter {
	const char *parent;      /* only children of this code (NULL: any) */
	bool top;                /* only locations without a parent */
	const char *level;       /* canonical level or NULL */
	const char *code_prefix; /* codes starting with this, or NULL */
	int64_t limit;           /* at most this many rows; <= 0: all */
	int64_t offset;
	const char *region; /* only locations below this code, at any depth */
	const char *q;      /* code or name containing this (ASCII letters in
	                     * any case), or NULL */
};

struct observer_filter {
	const char *status;       /* accreditation status or NULL */
	const char *organisation; /* organisation name or NULL */
	const char *country;      /* alpha-2 or NULL */
	const char *role;         /* canonical role or NULL */
	const char *team;         /* team name or NULL */
	const char *phone;        /* E.164 number or NULL */
	int64_t limit;            /* <= 0: all */
	int64_t offset;
};

/* One group of observers with the same status, organisation and country. */
struct observer_tally_row {
	const char *status;
	const char *organisation; /* NULL when none */
	const char *country;      /* NULL when unknown */
	int64_t count;
};

struct audit_entry {
	int64_t id;
	const char *at; /* ISO 8601 UTC */
	const char *actor, *origin;
	const char *mission;    /* mission code or NULL */
	const char *action;     /* create | update | delete */
	const char *entity;     /* mission | location | observer | ... */
	const char *entity_key; /* the entity's code */
	const char *before;     /* JSON text or NULL (create) */
	const char *after;      /* JSON text or NULL (delete) */
};

struct audit_filter {
	int64_t mission_id; /* 0: all missions */
	const char *entity; /* NULL: all */
	int64_t limit;      /* <= 0: all */
};

typedef enum status (*store_mission_cb)(void *ctx, const struct mission *m);
typedef enum status (*store_location_cb)(void *ctx, const struct location *l);
typedef enum status (*store_observer_cb)(void *ctx, const struct observer *o);
typedef enum status (*store_tally_cb)(void *ctx, const struct observer_tally_row *r);
typedef enum status (*store_audit_cb)(void *ctx, const struct audit_entry *a);

/* ---- forms, ballot choices, submissions (see docs/forms.md) ---- */

/* One ballot line: a candidate, a party or "against all". */
struct store_choice {
	int order;        /* position on the ballot, from 1 */
	const char *code; /* the mission's code for it ("P1", "NUR") */
	const char *name;
	const char *kind; /* candidate | party | against_all */
};

/* A form definition as stored: the JSON text and what lists show. */
struct form_record {
	const char *code; /* "OP" */
	int64_t version;
	const char *kind;       /* checklist | incident | protocol */
	const char *phase;      /* opening | voting | counting | tabulation | any */
	const char *level;      /* location level where it is filled ("station") */
	const char *definition; /* the JSON text of the definition */
	const char *updated_at; /* set by the store */
};

/* A submission as stored: the validated, canonical report. */
struct stored_submission {
	int64_t id;            /* store's key, set by submission_put */
	const char *client_id; /* the sender's id, NULL if none */
	const char *replaces;  /* client id of the corrected report, or NULL */
	const char *form;
	int64_t form_version;
	const char *station;     /* location code */
	const char *observer;    /* observer code */
	const char *observed_at; /* ISO 8601 or NULL */
	const char *received_at; /* set by the store when NULL */
	const char *channel;     /* api | csv | web | odk | sms */
	const char *answers;     /* canonical answers, JSON object text */
	const char *comment;
	const char *problems;     /* JSON array text of flags, or NULL */
	const char *status;       /* new | flagged | verified | rejected */
	const char *content_hash; /* hex digest of the canonical content */
	int64_t version;          /* 1, then 2 for its first correction ... */
	int64_t supersedes;       /* id of the version it corrects, 0 if none */
	int64_t superseded_by;    /* id of its correction, 0 while current */
	const char *reviewed_by, *reviewed_at, *review_note;
	/* Who sent it: the account's name (API, dashboard), the observer's
	 * code (ODK credentials), "sms:" and the phone, "cli:" and the
	 * operating system's user; and the client's address ("local" for the
	 * command line).  NULL when not known (reports stored before). */
	const char *sent_by, *origin;
	/* Keys of station and observer when the caller already looked them up
	 * in this store (0: submission_put looks them up by code). */
	int64_t station_id, observer_id;
};

/* What submission_put did. */
enum put_outcome {
	PUT_STORED,    /* a new report, or a new version of one */
	PUT_DUPLICATE, /* the same client id and content: already stored */
};

struct submission_filter {
	const char *form, *station, *observer, *channel, *status;
	const char *region;    /* code of any location: reports from below it */
	const char *since;     /* received at or after this ISO 8601 time */
	bool all_versions;     /* include superseded versions */
	int64_t limit, offset; /* limit <= 0: all */
};

/* Fields where two observers' reports on one station and form differ. */
struct conflict_row {
	int64_t id;
	const char *station, *form, *tag;
	const char *values;         /* JSON array [{"submission", "observer", "value"}] */
	const char *resolved_value; /* JSON text, NULL while open */
	const char *resolved_by, *resolved_at;
};

struct conflict_filter {
	const char *station, *form;
	bool open_only;
	int64_t limit, offset;
};

struct alert_filter; /* store_alerts.h */
struct alert_row {
	int64_t id, submission_id;
	const char *station, *form, *tag, *value, *message, *created_at;
};

struct assignment_row {
	const char *observer, *station, *day; /* day: YYYY-MM-DD */
};

/* Per station and form: how many current reports, how many flagged, how
 * many open conflicts.  Rejected reports are not counted. */
struct coverage_row {
	const char *station, *form;
	int64_t reports, flagged, conflicts;
	int64_t station_id; /* the station's key in the store, 0 when not given */
};

/* An observer's credentials for ODK clients (model/credential.h): only
 * hashes are stored.  Found by token, they name who is sending. */
struct credential_row {
	int64_t mission_id;
	const char *mission; /* mission code */
	int64_t observer_id;
	const char *observer;   /* observer code */
	const char *pin_hash;   /* argon2id string (crypto_pwhash_str) */
	const char *digest_ha1; /* Digest HA1, hex; NULL when made before it was kept */
	const char *created_at;
};

/* A file that came with a report (a photo of the protocol ...). */
struct attachment_row {
	const char *name;         /* file name: attachment_name_valid() */
	const char *content_type; /* media type as sent */
	int64_t size;             /* bytes of data */
	const char *hash;         /* hex BLAKE2b-256 of the bytes */
	const void *data;         /* the bytes; NULL in listings */
};

/* A report refused by validation, kept as it came for a clerk: the inbox
 * of every channel (ODK's XML, later SMS text). */
struct received_row {
	int64_t id;              /* set by received_add */
	const char *channel;     /* odk | sms | ... */
	const char *observer;    /* the sender's observer code, NULL if unknown */
	const char *received_at; /* ISO 8601; set by the store when NULL */
	const char *raw;         /* the report's text as received */
	size_t raw_len;          /* bytes of raw */
	const char *problems;    /* JSON array text of why it was refused */
	const char *status;      /* refused */
};

typedef enum status (*store_form_cb)(void *ctx, const struct form_record *f);
typedef enum status (*store_choice_cb)(void *ctx, const struct store_choice *c);
typedef enum status (*store_submission_cb)(void *ctx, const struct stored_submission *s);
typedef enum status (*store_conflict_cb)(void *ctx, const struct conflict_row *c);
typedef enum status (*store_alert_cb)(void *ctx, const struct alert_row *a);
typedef enum status (*store_assignment_cb)(void *ctx, const struct assignment_row *a);
typedef enum status (*store_coverage_cb)(void *ctx, const struct coverage_row *c);
typedef enum status (*store_attachment_cb)(void *ctx, const struct attachment_row *a);
typedef enum status (*store_received_cb)(void *ctx, const struct received_row *r);
/* A location's or an observer's code and key; level is a location's
 * (canonical, static), NULL for an observer. */
typedef enum status (*store_key_cb)(void *ctx, const char *code, int64_t id,
                                    const char *level);

struct store_ops {
	const char *scheme; /* "sqlite" */
	enum status (*open)(const char *location, struct store **out, struct err *e);
	void (*close)(struct store *st);
	int (*schema_version)(struct store *st);
	enum status (*begin)(struct store *st, struct err *e);
	enum status (*commit)(struct store *st, struct err *e);
	void (*rollback)(struct store *st);
	enum status (*savepoint)(struct store *st, struct err *e);
	enum status (*release)(struct store *st, enum status rc);

	enum status (*mission_create)(struct store *st, struct mission *m, struct err *e);
	enum status (*mission_update)(struct store *st, const struct mission *m,
	                              struct err *e);
	enum status (*mission_get)(struct store *st, const char *code, struct arena *a,
	                           struct mission *out, struct err *e);
	enum status (*mission_list)(struct store *st, store_mission_cb cb, void *ctx,
	                            struct err *e);

	enum status (*location_upsert)(struct store *st, int64_t mission_id,
	                               const struct location *l, enum upsert_result *res,
	                               struct err *e);
	enum status (*location_get)(struct store *st, int64_t mission_id,
	                            const char *code, struct arena *a,
	                            struct location *out, struct err *e);
	enum status (*location_batch_begin)(struct store *st, int64_t mission_id,
	                                    struct err *e);
	void (*location_batch_end)(struct store *st);
	enum status (*observer_batch_begin)(struct store *st, int64_t mission_id,
	                                    struct err *e);
	void (*observer_batch_end)(struct store *st);
	enum status (*assignment_batch_begin)(struct store *st, int64_t mission_id,
	                                      struct err *e);
	void (*assignment_batch_end)(struct store *st);
	enum status (*location_list)(struct store *st, int64_t mission_id,
	                             const struct location_filter *f, int64_t *total,
	                             store_location_cb cb, void *ctx, struct err *e);
	enum status (*location_check_tree)(struct store *st, int64_t mission_id,
	                                   struct err *e);

	enum status (*observer_upsert)(struct store *st, int64_t mission_id,
	                               const struct observer *o, enum upsert_result *res,
	                               struct err *e);
	enum status (*observer_get)(struct store *st, int64_t mission_id,
	                            const char *code, struct arena *a,
	                            struct observer *out, struct err *e);
	enum status (*observer_list)(struct store *st, int64_t mission_id,
	                             const struct observer_filter *f, int64_t *total,
	                             store_observer_cb cb, void *ctx, struct err *e);
	enum status (*observer_tally)(struct store *st, int64_t mission_id,
	                              store_tally_cb cb, void *ctx, struct err *e);

	enum status (*audit_list)(struct store *st, const struct audit_filter *f,
	                          store_audit_cb cb, void *ctx, struct err *e);

	enum status (*form_put)(struct store *st, int64_t mission_id,
	                        const struct form_record *f, enum upsert_result *res,
	                        struct err *e);
	enum status (*form_get)(struct store *st, int64_t mission_id, const char *code,
	                        struct arena *a, struct form_record *out, struct err *e);
	enum status (*form_list)(struct store *st, int64_t mission_id, store_form_cb cb,
	                         void *ctx, struct err *e);
	int64_t (*forms_revision)(struct store *st, int64_t mission_id);
	enum status (*registry_version)(struct store *st, int64_t *n, struct err *e);
	enum status (*choices_replace)(struct store *st, int64_t mission_id,
	                               const struct store_choice *c, size_t n,
	                               struct err *e);
	enum status (*choices_list)(struct store *st, int64_t mission_id,
	                            store_choice_cb cb, void *ctx, struct err *e);

	enum status (*submission_put)(struct store *st, int64_t mission_id,
	                              struct stored_submission *s, enum put_outcome *out,
	                              struct err *e);
	enum status (*submission_get)(struct store *st, int64_t mission_id, int64_t id,
	                              struct arena *a, struct stored_submission *out,
	                              struct err *e);
	enum status (*submission_list)(struct store *st, int64_t mission_id,
	                               const struct submission_filter *f, int64_t *total,
	                               store_submission_cb cb, void *ctx, struct err *e);
	enum status (*submission_versions)(struct store *st, int64_t mission_id,
	                                   int64_t id, store_submission_cb cb, void *ctx,
	                                   struct err *e);
	enum status (*submission_by_ids)(struct store *st, int64_t mission_id,
	                                 const int64_t *ids, size_t n,
	                                 store_submission_cb cb, void *ctx,
	                                 struct err *e);
	enum status (*submission_review)(struct store *st, int64_t mission_id, int64_t id,
	                                 const char *status, const char *note,
	                                 struct err *e);
	enum status (*observer_id)(struct store *st, int64_t mission_id, const char *code,
	                           int64_t *id, struct err *e);
	enum status (*submission_peers)(struct store *st, int64_t mission_id,
	                                const char *station, const char *form,
	                                const char *observer, store_submission_cb cb,
	                                void *ctx, struct err *e);

	enum status (*conflict_put)(struct store *st, int64_t mission_id,
	                            const char *station, const char *form,
	                            const char *tag, const char *values, struct err *e);
	enum status (*conflict_clear)(struct store *st, int64_t mission_id,
	                              const char *station, const char *form,
	                              const char *keep_tags, struct err *e);
	enum status (*conflict_list)(struct store *st, int64_t mission_id,
	                             const struct conflict_filter *f, int64_t *total,
	                             store_conflict_cb cb, void *ctx, struct err *e);
	enum status (*conflict_resolve)(struct store *st, int64_t mission_id, int64_t id,
	                                const char *value, struct err *e);
	enum status (*alert_add)(struct store *st, int64_t mission_id,
	                         int64_t submission_id, const char *tag,
	                         const char *value, const char *message, struct err *e);
	enum status (*alert_list)(struct store *st, int64_t mission_id, store_alert_cb cb,
	                          void *ctx, struct err *e);
	enum status (*assignment_put)(struct store *st, int64_t mission_id,
	                              const struct assignment_row *a,
	                              enum upsert_result *res, struct err *e);
	enum status (*assignment_list)(struct store *st, int64_t mission_id,
	                               const struct assignment_row *only,
	                               store_assignment_cb cb, void *ctx, struct err *e);
	enum status (*coverage_rows)(struct store *st, int64_t mission_id,
	                             store_coverage_cb cb, void *ctx, struct err *e);

	enum status (*credential_set)(struct store *st, int64_t mission_id,
	                              const char *observer, const char *token_hash,
	                              const char *pin_hash, const char *digest_ha1,
	                              enum upsert_result *res, struct err *e);
	enum status (*credential_get)(struct store *st, int64_t mission_id,
	                              const char *observer, struct arena *a,
	                              struct credential_row *out, struct err *e);
	enum status (*credential_find)(struct store *st, const char *token_hash,
	                               struct arena *a, struct credential_row *out,
	                               struct err *e);

	enum status (*attachment_add)(struct store *st, int64_t submission_id,
	                              const struct attachment_row *a, bool *added,
	                              struct err *e);
	enum status (*attachment_list)(struct store *st, int64_t mission_id,
	                               int64_t submission_id, store_attachment_cb cb,
	                               void *ctx, struct err *e);
	enum status (*attachment_get)(struct store *st, int64_t mission_id,
	                              int64_t submission_id, const char *name,
	                              struct arena *a, struct attachment_row *out,
	                              struct err *e);
	enum status (*received_add)(struct store *st, int64_t mission_id,
	                            struct received_row *r, struct err *e);
	enum status (*received_list)(struct store *st, int64_t mission_id, int64_t limit,
	                             int64_t offset, int64_t *total, store_received_cb cb,
	                             void *ctx, struct err *e);

	enum status (*sms_config_get)(struct store *st, int64_t mission_id,
	                              struct arena *a, struct sms_config *out,
	                              struct err *e);
	enum status (*sms_config_put)(struct store *st, int64_t mission_id,
	                              const struct sms_config *c, struct err *e);
	enum status (*observer_by_phone)(struct store *st, int64_t mission_id,
	                                 const char *phone, struct arena *a,
	                                 const char **code, struct err *e);
	enum status (*sms_in_add)(struct store *st, int64_t mission_id,
	                          struct sms_in_row *m, struct err *e);
	enum status (*sms_in_recent)(struct store *st, int64_t mission_id,
	                             const char *phone, const char *text_key,
	                             const char *since, int64_t not_id, struct arena *a,
	                             struct sms_in_row *out, struct err *e);
	enum status (*sms_in_finish)(struct store *st, int64_t mission_id,
	                             const struct sms_in_row *m, struct err *e);
	enum status (*sms_in_get)(struct store *st, int64_t mission_id, int64_t id,
	                          struct arena *a, struct sms_in_row *out, struct err *e);
	enum status (*sms_in_list)(struct store *st, int64_t mission_id,
	                           const struct sms_filter *f, int64_t *total,
	                           store_sms_in_cb cb, void *ctx, struct err *e);
	enum status (*sms_in_pending)(struct store *st, const char *before, int64_t limit,
	                              store_sms_in_cb cb, void *ctx, struct err *e);
	enum status (*sms_out_add)(struct store *st, int64_t mission_id,
	                           struct sms_out_row *m, struct err *e);
	enum status (*sms_out_due)(struct store *st, const char *now, const char *stale,
	                           int64_t limit, store_sms_out_cb cb, void *ctx,
	                           struct err *e);
	enum status (*sms_out_update)(struct store *st, const struct sms_out_row *m,
	                              struct err *e);
	enum status (*sms_out_delivery)(struct store *st, int64_t mission_id,
	                                const char *gateway_id, const char *status,
	                                struct err *e);
	enum status (*sms_out_list)(struct store *st, int64_t mission_id,
	                            const struct sms_filter *f, int64_t *total,
	                            store_sms_out_cb cb, void *ctx, struct err *e);
	enum status (*sms_audience)(struct store *st, int64_t mission_id,
	                            const struct sms_audience_filter *f,
	                            store_sms_audience_cb cb, void *ctx, struct err *e);

	enum status (*pvt_sample_put)(struct store *st, int64_t mission_id,
	                              const struct pvt_sample_head *h,
	                              const struct pvt_sample_row *rows, size_t n,
	                              bool replace, struct err *e);
	enum status (*pvt_sample_get)(struct store *st, int64_t mission_id,
	                              struct arena *a, struct pvt_sample_head *out,
	                              struct err *e);
	enum status (*pvt_sample_list)(struct store *st, int64_t mission_id,
	                               store_pvt_row_cb cb, void *ctx, struct err *e);
	enum status (*pvt_sample_clear)(struct store *st, int64_t mission_id,
	                                struct err *e);
	enum status (*official_put)(struct store *st, int64_t mission_id,
	                            const struct official_result *r, size_t n,
	                            enum upsert_result *res, struct err *e);
	enum status (*official_list)(struct store *st, int64_t mission_id,
	                             const struct official_filter *f, int64_t *total,
	                             store_official_cb cb, void *ctx, struct err *e);
	enum status (*submission_scan)(struct store *st, int64_t mission_id,
	                               const char *form, store_submission_cb cb,
	                               void *ctx, struct err *e);
	enum status (*conflict_scan)(struct store *st, int64_t mission_id,
	                             const char *form, store_conflict_cb cb, void *ctx,
	                             struct err *e);
	enum status (*statement_block_put)(struct store *st, int64_t mission_id,
	                                   const struct statement_block_row *b,
	                                   enum upsert_result *res, struct err *e);
	enum status (*statement_block_list)(struct store *st, int64_t mission_id,
	                                    const char *lang, store_statement_block_cb cb,
	                                    void *ctx, struct err *e);

	/* the long-term log (store_ltm.h) */
	enum status (*meeting_add)(struct store *st, int64_t mission_id,
	                           const struct meeting *m, int64_t *id, struct err *e);
	enum status (*meeting_update)(struct store *st, int64_t mission_id,
	                              const struct meeting *m, bool *changed,
	                              struct err *e);
	enum status (*meeting_find)(struct store *st, int64_t mission_id,
	                            const char *date, const char *time,
	                            const char *institution, const char *counterpart,
	                            int64_t *id, struct err *e);
	enum status (*meeting_get)(struct store *st, int64_t mission_id, int64_t id,
	                           struct arena *a, struct meeting_row *out,
	                           struct err *e);
	enum status (*meeting_delete)(struct store *st, int64_t mission_id, int64_t id,
	                              struct err *e);
	enum status (*meeting_list)(struct store *st, int64_t mission_id,
	                            const struct meeting_filter *f, int64_t *total,
	                            store_meeting_cb cb, void *ctx, struct err *e);
	enum status (*document_add)(struct store *st, int64_t mission_id,
	                            const struct document *d, const void *data,
	                            int64_t *id, char *hash, struct err *e);
	enum status (*document_list)(struct store *st, int64_t mission_id,
	                             const struct document_filter *f, int64_t *total,
	                             store_document_cb cb, void *ctx, struct err *e);
	enum status (*document_get)(struct store *st, int64_t mission_id, int64_t id,
	                            struct arena *a, struct document *out,
	                            const void **data, struct err *e);

	/* store_export.h */
	enum status (*export_prepare)(struct store *st, struct err *e);
	enum status (*export_last_id)(struct store *st, enum store_export_table t,
	                              int64_t *id, struct err *e);
	enum status (*export_observers)(struct store *st, int64_t mission_id,
	                                const struct observer_filter *f,
	                                struct store_page *p, store_export_observer_cb cb,
	                                void *ctx, struct err *e);
	enum status (*export_accreditation)(struct store *st, int64_t mission_id,
	                                    const struct observer_filter *f,
	                                    struct store_page *p,
	                                    store_export_observer_cb cb, void *ctx,
	                                    struct err *e);
	enum status (*export_locations)(struct store *st, int64_t mission_id,
	                                const struct export_location_filter *f,
	                                struct store_page *p, store_export_location_cb cb,
	                                void *ctx, struct err *e);
	enum status (*export_submissions)(struct store *st, int64_t mission_id,
	                                  const struct submission_filter *f,
	                                  struct store_page *p,
	                                  store_export_submission_cb cb, void *ctx,
	                                  struct err *e);
	enum status (*export_sms_in)(struct store *st, int64_t mission_id,
	                             const struct sms_filter *f, struct store_page *p,
	                             store_sms_in_cb cb, void *ctx, struct err *e);
	enum status (*export_official)(struct store *st, int64_t mission_id,
	                               const struct official_filter *f,
	                               struct store_page *p, store_official_cb cb,
	                               void *ctx, struct err *e);
	enum status (*station_reports)(struct store *st, int64_t mission_id,
	                               int64_t station_id, const char *form,
	                               int64_t except_id, store_submission_cb cb,
	                               void *ctx, struct err *e);
	enum status (*location_key)(struct store *st, int64_t mission_id,
	                            const char *code, int64_t *id, const char **level,
	                            struct err *e);
	enum status (*observer_code)(struct store *st, int64_t mission_id, int64_t id,
	                             struct arena *a, const char **code, struct err *e);
	enum status (*location_keys)(struct store *st, int64_t mission_id,
	                             store_key_cb cb, void *ctx, struct err *e);
	enum status (*observer_keys)(struct store *st, int64_t mission_id,
	                             store_key_cb cb, void *ctx, struct err *e);
	enum status (*document_delete)(struct store *st, int64_t mission_id, int64_t id,
	                               struct err *e);

	/* accounts (store_users.h) */
	enum status (*user_create)(struct store *st, const struct user_row *u,
	                           int64_t *id, struct err *e);
	enum status (*user_get)(struct store *st, const char *name, struct arena *a,
	                        struct user_row *out, struct err *e);
	enum status (*user_list)(struct store *st, store_user_cb cb, void *ctx,
	                         struct err *e);
	enum status (*user_count)(struct store *st, int64_t *n, struct err *e);
	enum status (*user_update)(struct store *st, const char *name,
	                           const struct user_change *c, struct err *e);
	enum status (*user_role_set)(struct store *st, const char *name,
	                             int64_t mission_id, const char *role, struct err *e);
	enum status (*user_role_list)(struct store *st, int64_t user_id,
	                              store_user_role_cb cb, void *ctx, struct err *e);
	enum status (*user_role_get)(struct store *st, int64_t user_id,
	                             const char *mission, struct arena *a,
	                             const char **role, struct err *e);
	enum status (*session_create)(struct store *st, const struct session_row *s,
	                              struct err *e);
	enum status (*session_find)(struct store *st, const char *id_hash,
	                            struct arena *a, struct session_row *out,
	                            struct err *e);
	enum status (*session_touch)(struct store *st, const char *id_hash,
	                             const char *when, struct err *e);
	enum status (*session_delete)(struct store *st, const char *id_hash,
	                              const char *before, struct err *e);
	enum status (*token_create)(struct store *st, const struct token_row *t,
	                            int64_t *id, struct err *e);
	enum status (*token_find)(struct store *st, const char *hash, struct arena *a,
	                          struct token_row *out, struct err *e);
	enum status (*token_list)(struct store *st, store_token_cb cb, void *ctx,
	                          struct err *e);
	enum status (*token_revoke)(struct store *st, int64_t id, struct err *e);
	enum status (*token_touch)(struct store *st, int64_t id, const char *when,
	                           struct err *e);
	/* running tallies (store_tally.h) */
	enum status (*tally_begin)(struct store *st, int *began, struct err *e);
	void (*tally_end)(struct store *st, int began);
	enum status (*tally_marks)(struct store *st, int64_t mission_id,
	                           const struct tally_marks *since,
	                           struct tally_marks *out, struct err *e);
	enum status (*tally_reports)(struct store *st, int64_t mission_id, int64_t after,
	                             int64_t upto, int64_t one, store_tally_report_cb cb,
	                             void *ctx, struct err *e);
	enum status (*tally_changes)(struct store *st, int64_t mission_id, int64_t after,
	                             int64_t upto, store_tally_change_cb cb, void *ctx,
	                             struct err *e);
	enum status (*tally_conflicts)(struct store *st, int64_t mission_id, int64_t id,
	                               store_tally_conflict_cb cb, void *ctx,
	                               struct err *e);

	/* backup, restore, checks (store_maint.h) */
	enum status (*backup)(struct store *st, const char *path, store_progress_cb cb,
	                      void *ctx, struct err *e);
	enum status (*check)(struct store *st, store_problem_cb cb, void *ctx,
	                     int64_t *problems, struct err *e);
	enum status (*is_empty)(struct store *st, bool *empty, struct err *e);
	enum status (*restore)(struct store *st, const char *path, store_progress_cb cb,
	                       void *ctx, struct err *e);
	/* the quick count's reports (store_pvt.h) */
	enum status (*pvt_reports)(struct store *st, int64_t mission_id,
	                           store_submission_cb cb, void *ctx, struct err *e);
	/* a page of alerts (store_alerts.h) */
	enum status (*alert_select)(struct store *st, int64_t mission_id,
	                            const struct alert_filter *f, int64_t *total,
	                            store_alert_cb cb, void *ctx, struct err *e);
	/* sending an outbound message, once across servers (store_sms.h) */
	enum status (*sms_out_claim)(struct store *st, const struct sms_out_row *seen,
	                             const struct sms_out_row *marked, bool *claimed,
	                             struct err *e);
	/* a request's reads in one snapshot, without the write lock
	 * (store_read.h) */
	enum status (*read_savepoint)(struct store *st, struct err *e);
	/* the planner's statistics after a bulk change (store_analyze.h) */
	enum status (*analyze)(struct store *st, struct err *e);
	enum status (*analyze_tables)(struct store *st, const char *tables,
	                              struct err *e);
	/* an audit entry about the database as a whole (store_audit_note) */
	enum status (*audit_note)(struct store *st, const char *action,
	                          const char *entity, const char *key, const char *after,
	                          struct err *e);
};

/* ---- opening and transactions ---- */

/* Open (creating if needed) the store at url and bring its schema up to
 * date.  url is "sqlite:PATH" (a bare path also means SQLite).  Unknown
 * schemes are ST_UNSUPPORTED with the supported ones listed.  The caller
 * closes *out with store_close(). */
enum status store_open(const char *url, struct store **out, struct err *e);
/* Close and free; NULL is a no-op. */
void store_close(struct store *st);
/* Schema version the store is at. */
int store_schema_version(struct store *st);
/* Set who is making changes and from where, for the audit log. */
void store_set_actor(struct store *st, const char *actor, const char *origin);

/* One transaction: changes between begin and commit are all or nothing.
 * Without begin, each change is its own transaction. */
enum status store_begin(struct store *st, struct err *e);
enum status store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* A savepoint inside (or outside) a transaction: store_release(st, rc)
 * keeps what was done since store_savepoint() when rc is ST_OK and undoes
 * it otherwise; it returns rc (or the release's own error). */
enum status store_savepoint(struct store *st, struct err *e);
enum status store_release(struct store *st, enum status rc);

/* ---- missions ---- */

/* Store a new mission (validated by the caller); sets m->id.  ST_EXISTS
 * when the code is taken. */
enum status store_mission_create(struct store *st, struct mission *m, struct err *e);
/* Replace the mission with m->code's fields.  ST_NOT_FOUND if absent. */
enum status store_mission_update(struct store *st, const struct mission *m,
                                 struct err *e);
/* Load a mission by code into out, strings in a.  ST_NOT_FOUND with a
 * message naming the code when there is none. */
enum status store_mission_get(struct store *st, const char *code, struct arena *a,
                              struct mission *out, struct err *e);
/* Every mission, by code. */
enum status store_mission_list(struct store *st, store_mission_cb cb, void *ctx,
                               struct err *e);

/* ---- locations ---- */

/* Insert or update the location with l->code.  The parent (by code) must
 * already exist and must not be a station; *res tells what happened
 * (UNCHANGED writes nothing and audits nothing). */
enum status store_location_upsert(struct store *st, int64_t mission_id,
                                  const struct location *l, enum upsert_result *res,
                                  struct err *e);
enum status store_location_get(struct store *st, int64_t mission_id, const char *code,
                               struct arena *a, struct location *out, struct err *e);
/* Many upserts in one transaction (an import), inside store_begin() and
 * its commit or rollback: the mission's locations are read once, and
 * until store_location_batch_end() (or the commit or rollback, which end
 * the batch too) each store_location_upsert() compares with that copy and
 * checks the parent there, without reading, and writes without waiting
 * for the database's answers (on PostgreSQL no round trip a row).  The
 * same outcomes and errors as one by one, except that a failed write may
 * be reported by a later call or by the commit: the caller then rolls
 * back the whole transaction.  An upsert for another mission meanwhile is
 * ST_INVALID, and nothing else may change the mission's locations in that
 * transaction.  ST_INVALID outside a transaction. */
enum status store_location_batch_begin(struct store *st, int64_t mission_id,
                                       struct err *e);
/* The batch's copy freed; no-op without a batch. */
void store_location_batch_end(struct store *st);
/* Locations matching f, ordered by code; *total gets the number matching
 * f without limit and offset.  cb may be NULL to count only. */
enum status store_location_list(struct store *st, int64_t mission_id,
                                const struct location_filter *f, int64_t *total,
                                store_location_cb cb, void *ctx, struct err *e);
/* ST_INVALID naming a location whose ancestors loop back to it. */
enum status store_location_check_tree(struct store *st, int64_t mission_id,
                                      struct err *e);

/* ---- observers ---- */

/* Insert or update the observer with o->code.  The organisation is created
 * by name when new.  Each phone number may belong to one observer of the
 * mission only (ST_CONFLICT naming the other observer). */
enum status store_observer_upsert(struct store *st, int64_t mission_id,
                                  const struct observer *o, enum upsert_result *res,
                                  struct err *e);
/* Many upserts in one transaction (an import), as
 * store_location_batch_begin(): the mission's observers with their phones
 * and its organisations are read once, and until
 * store_observer_batch_end() (or the commit or rollback) each
 * store_observer_upsert() compares and checks phones against that copy
 * and writes without waiting for answers.  A row refused (a phone of
 * another observer: ST_CONFLICT) writes nothing, as one by one.  An
 * upsert for another mission meanwhile is ST_INVALID; so is a batch begun
 * outside a transaction. */
enum status store_observer_batch_begin(struct store *st, int64_t mission_id,
                                       struct err *e);
/* The batch's copy freed; no-op without a batch. */
void store_observer_batch_end(struct store *st);
enum status store_observer_get(struct store *st, int64_t mission_id, const char *code,
                               struct arena *a, struct observer *out, struct err *e);
/* Observers matching f, ordered by code; *total as for locations. */
enum status store_observer_list(struct store *st, int64_t mission_id,
                                const struct observer_filter *f, int64_t *total,
                                store_observer_cb cb, void *ctx, struct err *e);
/* Counts of observers grouped by status, organisation and country. */
enum status store_observer_tally(struct store *st, int64_t mission_id, store_tally_cb cb,
                                 void *ctx, struct err *e);

/* ---- audit ---- */

/* Audit entries matching f, newest first. */
enum status store_audit_list(struct store *st, const struct audit_filter *f,
                             store_audit_cb cb, void *ctx, struct err *e);
/* Append an entry about the database as a whole, of no mission (a
 * restore: action "restore", entity "database", key the backup's name):
 * the store's actor and origin, now, and after (JSON text or NULL), in a
 * transaction of its own. */
enum status store_audit_note(struct store *st, const char *action, const char *entity,
                             const char *key, const char *after, struct err *e);

/* ---- forms and ballot choices ---- */

/* Insert or replace the definition of form f->code (audited). */
enum status store_form_put(struct store *st, int64_t mission_id,
                           const struct form_record *f, enum upsert_result *res,
                           struct err *e);
/* ST_NOT_FOUND naming the code when the mission has no such form. */
enum status store_form_get(struct store *st, int64_t mission_id, const char *code,
                           struct arena *a, struct form_record *out, struct err *e);
/* The mission's forms, by code. */
enum status store_form_list(struct store *st, int64_t mission_id, store_form_cb cb,
                            void *ctx, struct err *e);
/* A number that changes whenever the mission's forms or ballot choices
 * change, so a cache of parsed forms knows when to reload; -1 on error. */
int64_t store_forms_revision(struct store *st, int64_t mission_id);
/* The registry's version: a number that moves with every change to a
 * mission, a location's code or level, an observer's code, an API token
 * or its user, a user's role or ODK credentials (the triggers of
 * migration 22), and with a restore. */
enum status store_registry_version(struct store *st, int64_t *n /* OUT */, struct err *e);
/* Replace the ballot's choices with c[0..n) (audited). */
enum status store_choices_replace(struct store *st, int64_t mission_id,
                                  const struct store_choice *c, size_t n, struct err *e);
/* The ballot's choices in ballot order. */
enum status store_choices_list(struct store *st, int64_t mission_id, store_choice_cb cb,
                               void *ctx, struct err *e);

/* ---- submissions ---- */

/* Store a validated submission.  With a client id already stored: the same
 * content_hash gives PUT_DUPLICATE and s->id of the stored report; another
 * hash is ST_CONFLICT.  With s->replaces, the report with that client id
 * must exist (ST_NOT_FOUND) and becomes superseded; s->version follows it.
 * The station (a polling station, or a commission for forms filled there:
 * the caller checks the form's level) and the observer must exist
 * (ST_NOT_FOUND naming them).  Sets
 * s->id, s->version, s->supersedes, and s->station_id, s->observer_id when
 * it found them. */
enum status store_submission_put(struct store *st, int64_t mission_id,
                                 struct stored_submission *s, enum put_outcome *out,
                                 struct err *e);
enum status store_submission_get(struct store *st, int64_t mission_id, int64_t id,
                                 struct arena *a, struct stored_submission *out,
                                 struct err *e);
/* Submissions matching f, newest first; *total as for locations (a NULL
 * total with a cb: the rows alone, not counted). */
enum status store_submission_list(struct store *st, int64_t mission_id,
                                  const struct submission_filter *f, int64_t *total,
                                  store_submission_cb cb, void *ctx, struct err *e);
/* The reports of ids (n of them, in any order, each once), newest first;
 * ids of no report of the mission are left out.  Read by key, a few
 * dozen a statement: for a running tally's list of reports. */
enum status store_submission_by_ids(struct store *st, int64_t mission_id,
                                    const int64_t *ids, size_t n, store_submission_cb cb,
                                    void *ctx, struct err *e);
/* Every version of the report that id belongs to, oldest first. */
enum status store_submission_versions(struct store *st, int64_t mission_id, int64_t id,
                                      store_submission_cb cb, void *ctx, struct err *e);
/* Set the review status (verified | rejected | new | flagged) with a note,
 * recording the store's actor as reviewer (audited). */
enum status store_submission_review(struct store *st, int64_t mission_id, int64_t id,
                                    const char *status, const char *note, struct err *e);
/* The key of the observer with code, or 0 when the mission has none
 * (cheaper than store_observer_get). */
enum status store_observer_id(struct store *st, int64_t mission_id, const char *code,
                              int64_t *id /* OUT */, struct err *e);
/* The current, not rejected reports on station and form by observers
 * other than observer. */
enum status store_submission_peers(struct store *st, int64_t mission_id,
                                   const char *station, const char *form,
                                   const char *observer, store_submission_cb cb,
                                   void *ctx, struct err *e);

/* ---- conflicts between observers, alerts, assignments, coverage ---- */

/* Record (or update) the disagreement on tag; values is a JSON array. */
enum status store_conflict_put(struct store *st, int64_t mission_id, const char *station,
                               const char *form, const char *tag, const char *values,
                               struct err *e);
/* Drop the open conflicts of station and form whose tag is not in
 * keep_tags (tags joined by ','; NULL or "" drops them all). */
enum status store_conflict_clear(struct store *st, int64_t mission_id,
                                 const char *station, const char *form,
                                 const char *keep_tags, struct err *e);
enum status store_conflict_list(struct store *st, int64_t mission_id,
                                const struct conflict_filter *f, int64_t *total,
                                store_conflict_cb cb, void *ctx, struct err *e);
/* Settle conflict id with value (JSON text), recording who (audited). */
enum status store_conflict_resolve(struct store *st, int64_t mission_id, int64_t id,
                                   const char *value, struct err *e);
/* Raise an alert for a critical answer. */
enum status store_alert_add(struct store *st, int64_t mission_id, int64_t submission_id,
                            const char *tag, const char *value, const char *message,
                            struct err *e);
/* The mission's alerts, newest first. */
enum status store_alert_list(struct store *st, int64_t mission_id, store_alert_cb cb,
                             void *ctx, struct err *e);
/* Assign an observer to a station on a day (audited when new). */
enum status store_assignment_put(struct store *st, int64_t mission_id,
                                 const struct assignment_row *a, enum upsert_result *res,
                                 struct err *e);
/* The assignments whose observer, station and day are those of only
 * (a field NULL, or only NULL: any), by station, day and observer.  An
 * observer or a station given is found by its code and its assignments by
 * their index, not picked out of the mission's. */
/* Many puts in one transaction (an import), as
 * store_location_batch_begin(): the keys of the mission's stations and
 * observers and its assignments are read once, and until
 * store_assignment_batch_end() (or the commit or rollback) each
 * store_assignment_put() checks and compares there, with the same
 * outcomes and errors as one by one, and writes without waiting for
 * answers.  Nothing else may add the mission's stations or observers in
 * that transaction meanwhile.  A put for another mission is ST_INVALID;
 * so is a batch begun outside a transaction. */
enum status store_assignment_batch_begin(struct store *st, int64_t mission_id,
                                         struct err *e);
/* The batch's copy freed; no-op without a batch. */
void store_assignment_batch_end(struct store *st);
enum status store_assignment_list(struct store *st, int64_t mission_id,
                                  const struct assignment_row *only,
                                  store_assignment_cb cb, void *ctx, struct err *e);
/* Per station and form with at least one current report: the counts of
 * struct coverage_row. */
enum status store_coverage_rows(struct store *st, int64_t mission_id,
                                store_coverage_cb cb, void *ctx, struct err *e);

/* ---- observers' credentials (docs/odk.md) ---- */

/* Give observer (a code) of the mission the credentials whose token hashes
 * to token_hash (hex) and whose PIN hashes to pin_hash and digest_ha1
 * (credential_digest_ha1(); NULL for none), replacing any it
 * had, so that the old token stops working.  *res is UPSERT_INSERTED or
 * UPSERT_UPDATED.  Audited as entity "credential" keyed by the observer's
 * code, with the time they were made and never a hash.  ST_NOT_FOUND when
 * the mission has no such observer; ST_EXISTS when another observer holds
 * the same token hash. */
enum status store_credential_set(struct store *st, int64_t mission_id,
                                 const char *observer, const char *token_hash,
                                 const char *pin_hash, const char *digest_ha1,
                                 enum upsert_result *res, struct err *e);
/* The credentials of observer, strings in a.  ST_NOT_FOUND when it has
 * none (or there is no such observer). */
enum status store_credential_get(struct store *st, int64_t mission_id,
                                 const char *observer, struct arena *a,
                                 struct credential_row *out /* OUT */, struct err *e);
/* Whose token hashes to token_hash, in any mission, strings in a: one
 * lookup of a unique index.  ST_NOT_FOUND for a token never made or since
 * replaced. */
enum status store_credential_find(struct store *st, const char *token_hash,
                                  struct arena *a, struct credential_row *out /* OUT */,
                                  struct err *e);

/* ---- attachments of reports (docs/odk.md) ---- */

/* Store a's bytes under submission_id (a report just stored, in the same
 * transaction).  A name the report already has is left as it is:
 * *added is false then, true when a was stored. */
enum status store_attachment_add(struct store *st, int64_t submission_id,
                                 const struct attachment_row *a, bool *added /* OUT */,
                                 struct err *e);
/* The attachments of report submission_id of the mission, by name, with
 * data NULL. */
enum status store_attachment_list(struct store *st, int64_t mission_id,
                                  int64_t submission_id, store_attachment_cb cb,
                                  void *ctx, struct err *e);
/* One attachment with its bytes, strings and data in a.  ST_NOT_FOUND
 * when the report has none of that name (or there is no such report). */
enum status store_attachment_get(struct store *st, int64_t mission_id,
                                 int64_t submission_id, const char *name, struct arena *a,
                                 struct attachment_row *out /* OUT */, struct err *e);

/* ---- reports kept as received (the inbox) ---- */

/* Keep r in the mission's inbox; sets r->id (and the time when NULL). */
enum status store_received_add(struct store *st, int64_t mission_id,
                               struct received_row *r, struct err *e);
/* The mission's inbox, newest first; limit <= 0: all; *total counts them
 * all.  cb may be NULL to count only. */
enum status store_received_list(struct store *st, int64_t mission_id, int64_t limit,
                                int64_t offset, int64_t *total /* OUT */,
                                store_received_cb cb, void *ctx, struct err *e);

/* ---- official results (store_results.h, docs/analysis.md#results-verification) ---- */

/* Store the official rows r[0..n) of mission_id, each replacing the
 * station's earlier row, all or none: one savepoint, inside the caller's
 * transaction if there is one.  res[i] (res may be NULL) tells what became
 * of row i: INSERTED, UPDATED, or UNCHANGED when the station's figures are
 * the same numbers (compared as JSON, whatever the order of the lines) -
 * an unchanged row is not written and not audited, and keeps its source.
 * Every other row is audited as entity "official_result" keyed by the
 * station's code, with the lines before and after.  ST_NOT_FOUND when a
 * station is not a location of the mission, ST_INVALID when it is not of
 * level station or when lines is not a JSON object of whole numbers >= 0;
 * the message starts "station \"CODE\": ". */
enum status store_official_put(struct store *st, int64_t mission_id,
                               const struct official_result *r, size_t n,
                               enum upsert_result *res /* OUT, n entries, or NULL */,
                               struct err *e);

/* The mission's official rows matching f (NULL: all), by station code,
 * each with its station's region; *total (may be NULL) counts the rows
 * matching f whatever its limit and offset.  cb may be NULL to count
 * only.  A region that names no location of the mission matches nothing.
 * This is what other analyses read the official results from (the quick
 * count compares its estimates with their totals). */
enum status store_official_list(struct store *st, int64_t mission_id,
                                const struct official_filter *f, int64_t *total,
                                store_official_cb cb, void *ctx, struct err *e);
/* ---- reading every report once, for analyses ---- */

/* The mission's current reports (superseded versions left out; rejected
 * ones included, their status says so), only those on form when it is not
 * NULL, in no particular order, each with only id, form, station,
 * observed_at, status and answers set (the other fields 0 or NULL): what
 * an analysis reads, without the count, joins and sorting of
 * store_submission_list.  Strings live until cb returns. */
enum status store_submission_scan(struct store *st, int64_t mission_id, const char *form,
                                  store_submission_cb cb, void *ctx, struct err *e);
/* The mission's conflicts between observers, open and resolved, only
 * those on form when it is not NULL, in no particular order, each with
 * only id, form, tag, values and resolved_value set. */
enum status store_conflict_scan(struct store *st, int64_t mission_id, const char *form,
                                store_conflict_cb cb, void *ctx, struct err *e);

/* ---- the statement's written blocks (store_statement.h, docs/statement.md) ---- */

/* Store b->text as the block b->lang/b->key of the mission (checked with
 * statement_block_validate(): ST_INVALID naming the field), replacing the
 * text it had.  *res (may be NULL) tells what happened: INSERTED, UPDATED,
 * or UNCHANGED when the text is the same, which writes and audits
 * nothing.  Audited as entity "statement_block" keyed "LANG/KEY" with the
 * text before and after. */
enum status store_statement_block_put(struct store *st, int64_t mission_id,
                                      const struct statement_block_row *b,
                                      enum upsert_result *res /* OUT, or NULL */,
                                      struct err *e);

/* The mission's blocks in lang (NULL: every language), by language, then
 * in the order of statement_block_keys. */
enum status store_statement_block_list(struct store *st, int64_t mission_id,
                                       const char *lang, store_statement_block_cb cb,
                                       void *ctx, struct err *e);
/* ---- the intake's hot path ---- */

/* The current (not superseded), not rejected reports on form at the
 * location whose key is station_id, oldest first, each with only id,
 * observer_id and answers set: what comparing two observers' reports
 * needs, in one indexed query without the joins of
 * store_submission_peers (an observer's code, needed only where they
 * disagree, is store_observer_code's).  The report whose key is except_id
 * is left out (0: none), unread: the writer has just stored it and knows
 * it.  Strings live until cb returns. */
enum status store_station_reports(struct store *st, int64_t mission_id,
                                  int64_t station_id, const char *form, int64_t except_id,
                                  store_submission_cb cb, void *ctx, struct err *e);
/* The key and level (canonical, see location_level_canonical; a static
 * string) of the location with code, or *id 0 and *level NULL when the
 * mission has none: cheaper than store_location_get. */
enum status store_location_key(struct store *st, int64_t mission_id, const char *code,
                               int64_t *id /* OUT */, const char **level /* OUT */,
                               struct err *e);
/* Every location of the mission with its key and level (canonical, a
 * static string), or every observer with its key (level NULL), in no
 * particular order: what a server remembers of a national mission in one
 * read instead of one read a code (registry_cache.c).  code lives until
 * cb returns; a status other than ST_OK from cb stops the walk and is
 * returned. */
enum status store_location_keys(struct store *st, int64_t mission_id, store_key_cb cb,
                                void *ctx, struct err *e);
enum status store_observer_keys(struct store *st, int64_t mission_id, store_key_cb cb,
                                void *ctx, struct err *e);
/* The code of the mission's observer whose key is id, in a; ST_NOT_FOUND
 * when there is none. */
enum status store_observer_code(struct store *st, int64_t mission_id, int64_t id,
                                struct arena *a, const char **code /* OUT */,
                                struct err *e);

#endif
