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
};

const int sqlite_schema_latest =
    (int)(sizeof(sqlite_migrations) / sizeof(sqlite_migrations[0]));
