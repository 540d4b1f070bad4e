/* store_sqlite_schema.c - the SQLite schema as a list of migrations.
 *
 * Never edit a migration once released: add a new one.  The database's
 * PRAGMA user_version is the number of migrations applied. */
#include "store/store_sqlite.h"

const char *const sqlite_migrations[] = {
    /* 1: the mission registry and the audit log. */
    "CREATE TABLE mission ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  organisation TEXT,"
    "  election_type TEXT NOT NULL,"
    "  election_date TEXT NOT NULL,"
    "  country TEXT NOT NULL,"
    "  long_term_start TEXT, long_term_end TEXT,"
    "  short_term_start TEXT, short_term_end TEXT,"
    "  settings TEXT NOT NULL DEFAULT '{}',"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE location ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  code TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  level TEXT NOT NULL,"
    "  parent_id INTEGER REFERENCES location(id),"
    "  registered_voters INTEGER,"
    "  latitude REAL, longitude REAL,"
    "  stratum TEXT,"
    "  UNIQUE (mission_id, code));"
    "CREATE INDEX location_parent ON location(parent_id);"
    "CREATE TABLE organisation ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  name TEXT NOT NULL,"
    "  UNIQUE (mission_id, name));"
    "CREATE TABLE observer ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  code TEXT NOT NULL,"
    "  full_name TEXT NOT NULL,"
    "  organisation_id INTEGER REFERENCES organisation(id),"
    "  country TEXT,"
    "  role TEXT NOT NULL,"
    "  email TEXT, languages TEXT, team TEXT,"
    "  accreditation_status TEXT NOT NULL,"
    "  badge_number TEXT, requested_on TEXT, decided_on TEXT,"
    "  UNIQUE (mission_id, code));"
    "CREATE TABLE observer_phone ("
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  phone TEXT NOT NULL,"
    "  observer_id INTEGER NOT NULL REFERENCES observer(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (mission_id, phone));"
    "CREATE INDEX observer_phone_observer ON observer_phone(observer_id);"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  origin TEXT NOT NULL,"
    "  mission_id INTEGER,"
    "  action TEXT NOT NULL,"
    "  entity TEXT NOT NULL,"
    "  entity_key TEXT,"
    "  before TEXT,"
    "  after TEXT);",

    /* 2: the audit log is append-only; indexes for the filters the API
     * offers on large missions. */
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;"
    "CREATE INDEX audit_log_mission ON audit_log(mission_id, id);"
    "CREATE INDEX location_level ON location(mission_id, level, code);"
    "CREATE INDEX observer_status ON observer(mission_id, accreditation_status);",

    /* 3: forms, ballot choices, submissions and what hangs on them. */
    "ALTER TABLE mission ADD COLUMN forms_rev INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE form ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  code TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  phase TEXT NOT NULL,"
    "  level TEXT NOT NULL DEFAULT 'station',"
    "  definition TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (mission_id, code));"
    "CREATE TABLE ballot_choice ("
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  ord INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  PRIMARY KEY (mission_id, ord),"
    "  UNIQUE (mission_id, code));"
    "CREATE TABLE submission ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  client_id TEXT,"
    "  form TEXT NOT NULL,"
    "  form_version INTEGER NOT NULL,"
    "  station_id INTEGER NOT NULL REFERENCES location(id),"
    "  observer_id INTEGER NOT NULL REFERENCES observer(id),"
    "  observed_at TEXT,"
    "  received_at TEXT NOT NULL,"
    "  channel TEXT NOT NULL,"
    "  answers TEXT NOT NULL,"
    "  comment TEXT,"
    "  problems TEXT,"
    "  status TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  supersedes INTEGER REFERENCES submission(id),"
    "  superseded_by INTEGER REFERENCES submission(id),"
    "  reviewed_by TEXT, reviewed_at TEXT, review_note TEXT);"
    "CREATE UNIQUE INDEX submission_client ON submission(mission_id, client_id)"
    "  WHERE client_id IS NOT NULL;"
    "CREATE INDEX submission_station ON submission(mission_id, station_id, form);"
    "CREATE INDEX submission_observer ON submission(mission_id, observer_id);"
    "CREATE TABLE conflict ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  station_id INTEGER NOT NULL REFERENCES location(id),"
    "  form TEXT NOT NULL,"
    "  tag TEXT NOT NULL,"
    "  vals TEXT NOT NULL,"
    "  resolved_value TEXT, resolved_by TEXT, resolved_at TEXT,"
    "  UNIQUE (mission_id, station_id, form, tag));"
    "CREATE TABLE alert ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  submission_id INTEGER NOT NULL REFERENCES submission(id),"
    "  tag TEXT, value TEXT, message TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX alert_mission ON alert(mission_id, id);"
    "CREATE TABLE assignment ("
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  observer_id INTEGER NOT NULL REFERENCES observer(id),"
    "  station_id INTEGER NOT NULL REFERENCES location(id),"
    "  day TEXT NOT NULL,"
    "  PRIMARY KEY (mission_id, observer_id, station_id, day));"
    "CREATE INDEX assignment_station ON assignment(mission_id, station_id);"
    "CREATE INDEX observer_team ON observer(mission_id, team);",

    /* 4: observers' credentials for ODK clients: hashes only.  A token is
     * looked up by its hash alone (the URL names no mission), so the hash
     * is unique across missions, which makes it unique in each. */
    "CREATE TABLE observer_credential ("
    "  observer_id INTEGER PRIMARY KEY REFERENCES observer(id) ON DELETE CASCADE,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  pin_hash TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);",

    /* 5: the PIN's HA1 for HTTP Digest (docs/odk.md); NULL for credentials
     * made before, which must be renewed to be used with Digest. */
    "ALTER TABLE observer_credential ADD COLUMN digest_ha1 TEXT;",

    /* 6: the files that came with a report (an ODK submission's photos),
     * bytes and all, written in the report's own transaction. */
    "CREATE TABLE submission_attachment ("
    "  submission_id INTEGER NOT NULL REFERENCES submission(id),"
    "  name TEXT NOT NULL,"
    "  content_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  data BLOB NOT NULL,"
    "  PRIMARY KEY (submission_id, name));",

    /* 7: the inbox of reports refused by validation, kept as received
     * (raw text and problems) for a clerk to key in: any channel. */
    "CREATE TABLE received ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  channel TEXT NOT NULL,"
    "  observer TEXT,"
    "  received_at TEXT NOT NULL,"
    "  raw TEXT NOT NULL,"
    "  problems TEXT NOT NULL,"
    "  status TEXT NOT NULL);"
    "CREATE INDEX received_mission ON received(mission_id, id);",

    /* 8: the coded-SMS channel: each mission's gateway settings, every
     * inbound message as received (then its outcome), and the queue of
     * outbound messages with their delivery state (store_sms.h). */
    "CREATE TABLE sms_config ("
    "  mission_id INTEGER PRIMARY KEY REFERENCES mission(id),"
    "  secret_hash TEXT,"
    "  twilio_token TEXT,"
    "  outbound_kind TEXT,"
    "  outbound_url TEXT,"
    "  outbound_user TEXT,"
    "  outbound_secret TEXT,"
    "  sender TEXT,"
    "  duplicate_hours INTEGER NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE TABLE sms_in ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  gateway TEXT NOT NULL,"
    "  gateway_id TEXT,"
    "  phone TEXT NOT NULL,"
    "  observer TEXT,"
    "  text TEXT NOT NULL,"
    "  received_at TEXT NOT NULL,"
    "  text_key TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  submission_id INTEGER,"
    "  duplicate_of INTEGER,"
    "  problems TEXT,"
    "  reply TEXT);"
    "CREATE UNIQUE INDEX sms_in_gateway_id ON sms_in(mission_id, gateway, gateway_id)"
    "  WHERE gateway_id IS NOT NULL;"
    "CREATE INDEX sms_in_text ON sms_in(mission_id, phone, text_key, received_at);"
    "CREATE INDEX sms_in_status ON sms_in(status) WHERE status = 'received';"
    "CREATE TABLE sms_out ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  phone TEXT NOT NULL,"
    "  observer TEXT,"
    "  text TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  reply_to INTEGER,"
    "  status TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL,"
    "  next_attempt_at TEXT NOT NULL,"
    "  last_error TEXT,"
    "  gateway_id TEXT,"
    "  created_at TEXT NOT NULL,"
    "  sent_at TEXT);"
    "CREATE INDEX sms_out_due ON sms_out(status, next_attempt_at)"
    "  WHERE status IN ('queued', 'sending');"
    "CREATE INDEX sms_out_gateway_id ON sms_out(mission_id, gateway_id);",

    /* 9: the quick count's sample: how it was drawn, enough to redraw and
     * audit it (method, strata, seed, size, the frame's size and hash, the
     * generator, the allocation, when and by whom), and its stations. */
    "CREATE TABLE pvt_sample ("
    "  mission_id INTEGER PRIMARY KEY REFERENCES mission(id),"
    "  method TEXT NOT NULL,"
    "  strata_by TEXT,"
    "  seed INTEGER NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  frame_size INTEGER NOT NULL,"
    "  frame_hash TEXT NOT NULL,"
    "  generator TEXT NOT NULL,"
    "  allocation TEXT NOT NULL,"
    "  drawn_at TEXT NOT NULL,"
    "  drawn_by TEXT NOT NULL);"
    "CREATE TABLE pvt_sample_station ("
    "  mission_id INTEGER NOT NULL REFERENCES pvt_sample(mission_id),"
    "  station_id INTEGER NOT NULL REFERENCES location(id),"
    "  stratum TEXT,"
    "  draw_order INTEGER NOT NULL,"
    "  PRIMARY KEY (mission_id, station_id));",

    /* 10: the election commission's official results, one row per polling
     * station: its protocol lines as a JSON object, line tag -> number
     * (store_results.h), so any ballot fits one table on every back-end. */
    "CREATE TABLE official_result ("
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  station_id INTEGER NOT NULL REFERENCES location(id),"
    "  lines TEXT NOT NULL,"
    "  source TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  PRIMARY KEY (mission_id, station_id));",

    /* 11: the blocks of a mission's statement that people write (the head
     * of mission's summary, conclusions, recommendations), one text per
     * language and key (store_statement.h). */
    "CREATE TABLE statement_block ("
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  lang TEXT NOT NULL,"
    "  key TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT NOT NULL,"
    "  PRIMARY KEY (mission_id, lang, key));",

    /* 12: the long-term monitoring log (store_ltm.h): meetings, known by
     * their date, time, institution and counterpart, and the documents
     * handed over or received, with their bytes as BLOBs like the reports'
     * attachments, so one file holds the whole mission. */
    "CREATE TABLE meeting ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  date TEXT NOT NULL,"
    "  time TEXT,"
    "  place TEXT,"
    "  counterpart TEXT,"
    "  institution_kind TEXT NOT NULL,"
    "  institution TEXT NOT NULL,"
    "  participants TEXT,"
    "  topics TEXT,"
    "  summary TEXT,"
    "  follow_ups TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE UNIQUE INDEX meeting_key ON meeting(mission_id, date, coalesce(time, ''),"
    "  institution, coalesce(counterpart, ''));"
    "CREATE TABLE document ("
    "  id INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  meeting_id INTEGER REFERENCES meeting(id),"
    "  title TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  direction TEXT NOT NULL,"
    "  date TEXT NOT NULL,"
    "  file_name TEXT NOT NULL,"
    "  content_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  data BLOB NOT NULL,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX document_mission ON document(mission_id, date, id);"
    "CREATE INDEX document_meeting ON document(meeting_id);",

    /* 13: the passport or identity card an observer is accredited on, for
     * the accreditation list the election commission asks for. */
    "ALTER TABLE observer ADD COLUMN id_document TEXT;",

    /* 14: accounts (store_users.h): users with their argon2id password
     * hash, their role on each mission, their signed-in sessions and their
     * API tokens, both kept only as hashes of their secrets. */
    "CREATE TABLE app_user ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  password_hash TEXT NOT NULL,"
    "  admin INTEGER NOT NULL DEFAULT 0,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  password_at TEXT NOT NULL);"
    "CREATE TABLE user_role ("
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),"
    "  mission_id INTEGER NOT NULL REFERENCES mission(id),"
    "  role TEXT NOT NULL,"
    "  PRIMARY KEY (user_id, mission_id));"
    "CREATE TABLE user_session ("
    "  id INTEGER PRIMARY KEY,"
    "  id_hash TEXT NOT NULL UNIQUE,"
    "  csrf TEXT NOT NULL,"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),"
    "  created_at TEXT NOT NULL,"
    "  last_seen TEXT NOT NULL,"
    "  expires_at TEXT NOT NULL,"
    "  idle_seconds INTEGER NOT NULL,"
    "  client TEXT);"
    "CREATE INDEX user_session_user ON user_session(user_id);"
    "CREATE INDEX user_session_expiry ON user_session(expires_at);"
    "CREATE TABLE api_token ("
    "  id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),"
    "  scope TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  expires_at TEXT,"
    "  revoked INTEGER NOT NULL DEFAULT 0,"
    "  last_used TEXT);",
    /* 15: an observer's repeats of a message found by the message they
     * repeat (linked to its report once it is read), not by a scan of
     * the whole inbox for every message. */
    "CREATE INDEX sms_in_duplicate_of ON sms_in(duplicate_of)"
    " WHERE duplicate_of IS NOT NULL;",
    /* 16: a log of the changes to stored reports and conflicts that an
     * analysis kept up to date must hear of (docs/architecture.md, "Running
     * tallies"): a report reviewed or corrected (kind 1, ref its id), a
     * conflict recorded, changed, resolved or cleared (kind 2, ref its id).
     * New reports need no entry: their ids only grow.  Written by triggers,
     * in the transaction of the change. */
    "CREATE TABLE change_log ("
    "  seq INTEGER PRIMARY KEY,"
    "  mission_id INTEGER NOT NULL,"
    "  kind INTEGER NOT NULL,"
    "  ref INTEGER NOT NULL);"
    "CREATE TRIGGER change_log_submission AFTER UPDATE OF status, superseded_by"
    "  ON submission WHEN OLD.status IS NOT NEW.status"
    "  OR OLD.superseded_by IS NOT NEW.superseded_by BEGIN"
    "  INSERT INTO change_log (mission_id, kind, ref)"
    "  VALUES (NEW.mission_id, 1, NEW.id); END;"
    "CREATE TRIGGER change_log_conflict_insert AFTER INSERT ON conflict BEGIN"
    "  INSERT INTO change_log (mission_id, kind, ref)"
    "  VALUES (NEW.mission_id, 2, NEW.id); END;"
    "CREATE TRIGGER change_log_conflict_update AFTER UPDATE ON conflict"
    "  WHEN OLD.vals IS NOT NEW.vals"
    "  OR OLD.resolved_value IS NOT NEW.resolved_value BEGIN"
    "  INSERT INTO change_log (mission_id, kind, ref)"
    "  VALUES (NEW.mission_id, 2, NEW.id); END;"
    "CREATE TRIGGER change_log_conflict_delete AFTER DELETE ON conflict BEGIN"
    "  INSERT INTO change_log (mission_id, kind, ref)"
    "  VALUES (OLD.mission_id, 2, OLD.id); END;",

    /* 17: the reports' listing (the dashboard's table) stays fast with a
     * million reports: newest first along this index, which holds every
     * column the listing filters on, so a page stops after its rows and
     * the count of every filter reads the index alone. */
    "CREATE INDEX submission_recent ON submission(mission_id, superseded_by, id, form,"
    " status, channel, station_id, observer_id, received_at);",

    /* 18: a report's alerts (its page in the dashboard) found by the
     * report rather than by a pass over every alert of the mission. */
    "CREATE INDEX alert_submission ON alert(submission_id, id);",

    /* 19: the reports of a station, a region's stations or an observer
     * (the dashboard's table filtered by them) found by the station or
     * the observer: newest first along these, which hold every column
     * the listing filters on, so that a page stops after its rows and a
     * count reads only that station's or observer's entries.  And a
     * mission's last change to its forms, ballot or locations (where a
     * running tally stands, read at each of these requests) found by the
     * entity rather than by a walk back over every later change. */
    "CREATE INDEX submission_station_recent ON submission(mission_id, station_id,"
    " superseded_by, id, form, status, channel, received_at);"
    "CREATE INDEX submission_observer_recent ON submission(mission_id, observer_id,"
    " superseded_by, id, form, status, channel, received_at);"
    "CREATE INDEX audit_log_entity ON audit_log(mission_id, entity, id);",

    /* 20: the indexes on (mission, station, form) and (mission,
     * observer) go: those of 19 begin with the same columns and serve the
     * same lookups, and every index is one more insert for each report
     * the writer stores.  Those of 19 keep only the key and the order: a
     * station or an observer has tens of reports, whose rows are read for
     * the other filters, and narrower entries cost the writer less (a
     * tenth more durable reports a second in bench/ingest.sh).  The
     * teams' index holds only observers in a team, so that no planner
     * takes it for a lookup by code (PostgreSQL did, for its generic
     * plans, while a new database had no statistics). */
    "DROP INDEX submission_station;"
    "DROP INDEX submission_observer;"
    "DROP INDEX observer_team;"
    "CREATE INDEX observer_team ON observer(mission_id, team) WHERE team IS NOT NULL;"
    "DROP INDEX submission_station_recent;"
    "DROP INDEX submission_observer_recent;"
    "CREATE INDEX submission_station_recent ON submission(mission_id, station_id,"
    " superseded_by, id);"
    "CREATE INDEX submission_observer_recent ON submission(mission_id, observer_id,"
    " superseded_by, id);",

    /* 21: who sent each report and from where: the account, the observer
     * whose ODK credentials were used, "sms:" and the phone, or "cli:"
     * and the operating system's user; the client's address ("local" for
     * the command line).  NULL for reports stored before. */
    "ALTER TABLE submission ADD COLUMN sent_by TEXT;"
    "ALTER TABLE submission ADD COLUMN origin TEXT;",

    /* 22: the registry's version: one number that every change a server
     * may have remembered moves (a mission, a location's code or level, an
     * observer's code, an API token or its user, a role, ODK
     * credentials), so that a server checks its remembered registry with
     * one read per request instead of reading it all again
     * (src/store/registry_cache.c).  Adding a location or an observer
     * leaves it: what is not there is never remembered. */
    "CREATE TABLE registry_version (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " n INTEGER NOT NULL);"
    "INSERT INTO registry_version (id, n) VALUES (1, 0);"
    "CREATE TRIGGER registry_mission_update AFTER UPDATE ON mission"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_mission_delete AFTER DELETE ON mission"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_location_update AFTER UPDATE OF mission_id, code, level"
    " ON location WHEN OLD.mission_id IS NOT NEW.mission_id"
    " OR OLD.code IS NOT NEW.code OR OLD.level IS NOT NEW.level"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_location_delete AFTER DELETE ON location"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_observer_update AFTER UPDATE OF mission_id, code"
    " ON observer WHEN OLD.mission_id IS NOT NEW.mission_id OR OLD.code IS NOT NEW.code"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_observer_delete AFTER DELETE ON observer"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_token_update AFTER UPDATE OF hash, user_id, scope,"
    " expires_at, revoked ON api_token WHEN OLD.hash IS NOT NEW.hash"
    " OR OLD.user_id IS NOT NEW.user_id OR OLD.scope IS NOT NEW.scope"
    " OR OLD.expires_at IS NOT NEW.expires_at OR OLD.revoked IS NOT NEW.revoked"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_token_delete AFTER DELETE ON api_token"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_user_update AFTER UPDATE OF name, admin, disabled"
    " ON app_user WHEN OLD.name IS NOT NEW.name OR OLD.admin IS NOT NEW.admin"
    " OR OLD.disabled IS NOT NEW.disabled"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_user_delete AFTER DELETE ON app_user"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_role_insert AFTER INSERT ON user_role"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_role_update AFTER UPDATE ON user_role"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_role_delete AFTER DELETE ON user_role"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_credential_update AFTER UPDATE ON observer_credential"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER registry_credential_delete AFTER DELETE ON observer_credential"
    " BEGIN UPDATE registry_version SET n = n + 1 WHERE id = 1; END;",
};

const int sqlite_schema_latest =
    (int)(sizeof(sqlite_migrations) / sizeof(sqlite_migrations[0]));
