// backup.test.mjs - "observa backup" while clients keep submitting on every
// channel, and "observa restore": the backup holds every report
// acknowledged before it began, is a sound single file, agrees with the
// live database on every report it has, and restores into a new database
// table for table, row for row, the audit log ending with the restore
// (who, when, which file and its SHA-256).  Also what both refuse: an existing file
// without --force, the database itself, a non-empty database without
// --force, a damaged backup, a file that is not an observa database (a
// new database file made for it is removed again), a
// schema newer than this observa, and a database a server has open.
// Backups are SQLite files made by SQLite's online backup: on PostgreSQL
// (pg_dump's job) the test is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { copyFileSync, existsSync, openSync, writeSync, closeSync, writeFileSync, statSync,
  readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { run, runAsync, serve, sqliteOnly } from './lib.mjs';
import { loadDb, Load, sql, stored } from './load-lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every table's rows, in order, as text: what two databases must share.
function tables(file) {
  const names = sql(file, "SELECT name FROM sqlite_schema WHERE type = 'table'" +
    " AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.name);
  const out = {};
  for (const t of names) out[t] = JSON.stringify(sql(file, `SELECT * FROM "${t}" ORDER BY rowid`));
  return out;
}

test('backup while 48 clients submit, then restore into a new database', { timeout: 120000,
  skip: sqliteOnly('observa backup and restore copy SQLite files; a PostgreSQL database is backed' +
    ' up with pg_dump') }, async () => {
  const data = loadDb(200);
  const srv = await serve(data.db, ['--no-sms-send']);
  const load = new Load(data, { clients: 48 });
  load.url = srv.url;
  load.start();
  const file = join(data.dir, 'backup.db');
  let ackedBefore;
  let during;
  try {
    // Enough reports acknowledged first (a loaded machine takes longer
    // than an idle one to get there): every one must be in the backup.
    for (const t0 = Date.now(); load.acked.size <= 100 && Date.now() - t0 < 60000;) await sleep(100);
    ackedBefore = new Map(load.acked);
    const n0 = load.acked.size;
    const b = await runAsync(['backup', '--db', data.db, file]);
    during = load.acked.size - n0;
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stderr, /backed up .* into .*backup\.db: \d+ pages/);
    await sleep(500);
  } finally {
    await load.stop();
    assert.equal(await srv.stop(), 0, srv.stderr());
  }
  assert.ok(ackedBefore.size > 100, `acknowledged before the backup: ${ackedBefore.size}`);
  assert.ok(load.acked.size > ackedBefore.size + during, 'clients went on after the backup');
  assert.deepEqual(load.other, []);

  // A sound, self-contained file.
  assert.ok(!existsSync(`${file}-wal`) && !existsSync(`${file}.partial`));
  assert.deepEqual(sql(file, 'PRAGMA journal_mode'), [{ journal_mode: 'delete' }]);
  assert.deepEqual(sql(file, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  let r = run(['check', '--db', `sqlite:${file}`]);
  assert.equal(r.status, 0, r.stdout + r.stderr);

  // Every report acknowledged before the backup began is in it.
  const inBackup = stored(file);
  for (const [key, a] of ackedBefore) {
    if (a.kind === 'json') assert.equal(inBackup.json.get(key), 1, `JSON ${key} not in the backup`);
    else if (a.kind === 'odk') assert.equal(inBackup.odk.get(key), 1, `ODK ${key} not in the backup`);
    else assert.equal(inBackup.sms.get(key)?.status, 'accepted', `SMS ${key} not in the backup`);
  }
  // What the backup has of the reports, the live database has the same.
  const live = new Map(sql(data.file, 'SELECT id, client_id, content_hash FROM submission')
    .map((s) => [s.id, JSON.stringify(s)]));
  const backed = sql(file, 'SELECT id, client_id, content_hash FROM submission');
  assert.ok(backed.length >= ackedBefore.size - inBackup.sms.size);
  for (const s of backed) assert.equal(live.get(s.id), JSON.stringify(s));
  assert.ok(live.size > backed.length, 'the live database went on growing');

  // Restore into a new database: every table the same, row for row, but
  // the audit log, which records the restore after the backup's entries.
  const target = join(data.dir, 'restored.db');
  const t0 = new Date().toISOString().slice(0, 19);
  r = run(['restore', file, '--db', `sqlite:${target}`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /restored .* checked/);
  const want = tables(file);
  const got = tables(target);
  assert.deepEqual(Object.keys(got), Object.keys(want));
  for (const t of Object.keys(want)) {
    if (t !== 'audit_log') assert.ok(got[t] === want[t], `table ${t} differs`);
  }
  const log = JSON.parse(got.audit_log);
  assert.deepEqual(JSON.stringify(log.slice(0, -1)), want.audit_log);
  const note = log[log.length - 1];
  assert.deepEqual([note.action, note.entity, note.entity_key, note.actor, note.origin, note.mission_id],
    ['restore', 'database', realpathSync(file), `cli:${userInfo().username}`, 'local', null]);
  assert.ok(note.at >= t0, `${note.at} before ${t0}`);
  assert.deepEqual(JSON.parse(note.after), { file: realpathSync(file), bytes: statSync(file).size,
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex') });
  assert.ok(JSON.parse(want.submission).length > 0);
  assert.deepEqual(sql(target, 'PRAGMA user_version'), sql(file, 'PRAGMA user_version'));
  assert.deepEqual(sql(target, 'PRAGMA journal_mode'), [{ journal_mode: 'wal' }]);

  // The restored database serves the same reports.
  const again = await serve(`sqlite:${target}`, ['--no-sms-send']);
  try {
    const res = await fetch(`${again.url}/api/v1/missions/kz-2023/submissions?limit=1`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).total, sql(file, 'SELECT count(*) AS n FROM submission' +
      ' WHERE superseded_by IS NULL')[0].n);
    // A database a server has open is not restored over.
    r = run(['restore', file, '--db', `sqlite:${target}`, '--force']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /in use by another process/);
  } finally {
    assert.equal(await again.stop(), 0, again.stderr());
  }

  // Refusals.
  r = run(['backup', '--db', data.db, file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /backup\.db exists; give --force/);
  const size = statSync(file).size;
  r = run(['backup', '--db', data.db, '--force', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(statSync(file).size >= size);
  r = run(['backup', '--db', data.db, '--force', data.file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is the database itself/);

  r = run(['restore', file, '--db', `sqlite:${target}`]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already holds data; give --force/);
  r = run(['restore', file, '--db', `sqlite:${target}`, '--force']);
  assert.equal(r.status, 0, r.stderr);

  const empty = `sqlite:${join(data.dir, 'empty.db')}`;
  // Nothing restored: a refused restore into a new file leaves no file.
  const isEmpty = () => !existsSync(join(data.dir, 'empty.db')) ||
    sql(join(data.dir, 'empty.db'), 'SELECT count(*) AS n FROM mission')[0].n === 0;
  // A damaged backup: a page in the middle overwritten.
  const damaged = join(data.dir, 'damaged.db');
  copyFileSync(file, damaged);
  const fd = openSync(damaged, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * Math.floor(statSync(damaged).size / 8192));
  closeSync(fd);
  r = run(['restore', damaged, '--db', empty]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /damaged\.db (fails the integrity check|is not a database)/);
  assert.ok(isEmpty(), 'nothing restored from a damaged backup');
  // Not an observa database; a newer schema; no such file.
  const plain = join(data.dir, 'plain.db');
  writeFileSync(plain, 'not a database at all\n'.repeat(300));
  r = run(['restore', plain, '--db', empty]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /plain\.db is not a database observa can read/);
  // Refused into a path that held nothing: nothing is left there.
  const fresh = join(data.dir, 'fresh.db');
  r = run(['restore', plain, '--db', `sqlite:${fresh}`]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /plain\.db is not a database observa can read/);
  for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) assert.ok(!existsSync(f), `${f} left behind`);
  const other = join(data.dir, 'other.db');
  sql(other, 'CREATE TABLE t (x)');
  r = run(['restore', other, '--db', empty]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not an observa one/);
  const newer = join(data.dir, 'newer.db');
  copyFileSync(file, newer);
  sql(newer, 'PRAGMA user_version = 9999');
  r = run(['restore', newer, '--db', empty]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /schema version 9999, newer than this observa knows/);
  r = run(['restore', join(data.dir, 'none.db'), '--db', empty]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot read .*none\.db/);
  assert.ok(isEmpty());
});
