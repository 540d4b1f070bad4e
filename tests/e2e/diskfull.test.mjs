// diskfull.test.mjs - when the database cannot be written, every channel
// says so with 503 and a message naming the cause (the JSON API, ODK
// Collect's OpenRosa answer, an SMS gateway's webhook, which must retry),
// nothing of the refused reports is stored, and intake resumes by itself
// once the cause is gone: the same reports sent again are stored, once.
//
// Three real causes, no fault injection:
// - a file size limit (RLIMIT_FSIZE, set on the running server with
//   prlimit): write() fails with EFBIG.  Always runs.
// - a full disk: the database on a small tmpfs, filled up.  Needs root
//   (mount); skipped, saying why, otherwise.
// - a read-only database: the database and its WAL on an ext4 loop
//   device, made immutable with chattr +i (writes fail with EPERM even
//   through descriptors already open).  Needs root.
// All three act on the SQLite file the server writes; on PostgreSQL the
// database server writes the data, so they are skipped there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { run, serve, sqliteOnly } from './lib.mjs';
import { loadDb, makeReport, judge, sql, stored, Load, KINDS } from './load-lib.mjs';

const root = process.getuid && process.getuid() === 0;
const fileOnly = sqliteOnly('makes the SQLite database file unwritable; on PostgreSQL the' +
  ' database server, not observa, writes the data');
const sh = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' });

async function post(url, req) {
  const r = await fetch(url + req.path, { method: 'POST', headers: req.headers, body: req.body });
  return { status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after') };
}

// Rows of the tables a report or a message touches.
function counts(file) {
  return sql(file, 'SELECT (SELECT count(*) FROM submission) AS submission,' +
    ' (SELECT count(*) FROM sms_in) AS sms_in, (SELECT count(*) FROM received) AS received,' +
    ' (SELECT count(*) FROM conflict) AS conflict, (SELECT count(*) FROM alert) AS alert,' +
    ' (SELECT count(*) FROM sms_out) AS sms_out, (SELECT count(*) FROM audit_log) AS audit')[0];
}

// The message each channel gives for a 503.
function reason(kind, text) {
  if (kind === 'sms') return JSON.parse(text).error;
  if (kind === 'json') return JSON.parse(text).error;
  return text.match(/<message nature="error">([^<]*)</)[1];
}

// Serve file, check reports go in, break the database with breakIt,
// check every channel answers 503 with words matching cause and stores
// nothing, heal it, and check the same reports then go in once.
async function exercise(data, file, breakIt, healIt, cause) {
  const srv = await serve(`sqlite:${file}`, ['--no-sms-send']);
  let n = 0;
  const batch = (k) => KINDS.flatMap((kind, c) => Array.from({ length: k }, () => makeReport(kind, c, n++, data)));
  try {
    for (const req of batch(1)) {
      const r = await post(srv.url, req);
      assert.ok(judge(req.kind, r.status, r.text).ack, `${req.kind} before: ${r.status} ${r.text}`);
    }
    const before = counts(file);
    await breakIt(srv);
    const refused = batch(3);
    for (const req of refused) {
      const r = await post(srv.url, req);
      assert.equal(r.status, 503, `${req.kind} while broken: ${r.status} ${r.text}`);
      assert.match(reason(req.kind, r.text), new RegExp(`the database cannot be written: ${cause}`),
        `${req.kind}: ${r.text}`);
      assert.match(reason(req.kind, r.text), /not stored|not read/);
      assert.ok(Number(r.retryAfter) > 0, `${req.kind}: Retry-After`);
    }
    // A clerk's review is refused the same way, and changes nothing.
    const rv = await fetch(`${srv.url}/api/v1/missions/kz-2023/submissions/1/verify`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"note": "seen"}' });
    const rvText = await rv.text();
    assert.equal(rv.status, 503, rvText);
    assert.match(JSON.parse(rvText).error, new RegExp(`the database cannot be written: ${cause}.*nothing was changed`));
    assert.ok(Number(rv.headers.get('retry-after')) > 0);
    // The operator learns of it from the server's log.
    assert.match(srv.stderr(), new RegExp(`the database cannot be written: ${cause}`));
    // Reads still work, and nothing of the refused reports was kept.
    const health = await fetch(`${srv.url}/healthz`);
    assert.equal(health.status, 200);
    await healIt(srv);
    assert.deepEqual(counts(file), before, 'nothing written while broken');
    // The writer is not wedged: the same reports now go in, once each.
    for (const req of refused) {
      const r = await post(srv.url, req);
      const j = judge(req.kind, r.status, r.text);
      assert.ok(j.ack && !j.dup, `${req.kind} after: ${r.status} ${r.text}`);
    }
    const after = counts(file);
    assert.deepEqual(sql(file, 'SELECT status FROM submission WHERE id = 1'), [{ status: 'new' }]);
    assert.equal(after.submission, before.submission + refused.length);
    assert.equal(after.sms_in, before.sms_in + refused.filter((r) => r.kind === 'sms').length);
    assert.equal(after.received, before.received);
  } finally {
    const code = await srv.stop();
    assert.equal(code, 0, srv.stderr());
    assert.doesNotMatch(srv.stderr(), /LeakSanitizer|AddressSanitizer|runtime error/);
  }
  assert.deepEqual(sql(file, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  const check = run(['check', '--db', `sqlite:${file}`]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
}

test('file size limit reached (RLIMIT_FSIZE): 503 on every channel, then intake resumes',
  { skip: fileOnly }, async () => {
  const data = loadDb(20);
  const limit = (srv, value) => {
    const r = sh('prlimit', ['--pid', String(srv.proc.pid), `--fsize=${value}`]);
    assert.equal(r.status, 0, r.stderr);
  };
  await exercise(data, data.file, (srv) => limit(srv, '1:unlimited'),
    (srv) => limit(srv, 'unlimited:unlimited'), 'the file size limit is reached');
});

test('disk full: the database on a full tmpfs', { skip: fileOnly || (root ? false :
  'needs root to mount a small tmpfs (run the tests as root to exercise a real full disk)') },
async () => {
  const data = loadDb(20);
  const mnt = join(data.dir, 'small');
  mkdirSync(mnt);
  const m = sh('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]);
  if (m.status !== 0) {
    console.log(`disk full test skipped: cannot mount a tmpfs here: ${m.stderr.trim()}`);
    return;
  }
  try {
    const file = join(mnt, 'test.db');
    copyFileSync(data.file, file);
    const filler = join(mnt, 'filler');
    const fill = () => {
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(4096);
      try { for (;;) writeSync(fd, chunk); } catch (e) { assert.equal(e.code, 'ENOSPC'); }
      closeSync(fd);
    };
    await exercise(data, file, fill, () => rmSync(filler), 'disk full');
  } finally {
    sh('umount', [mnt]);
  }
});

test('read-only database: database and WAL made immutable on ext4', { skip: fileOnly ||
  (root ? false : 'needs root for a loop device and chattr (run the tests as root to exercise it)') },
async () => {
  const data = loadDb(20);
  const img = join(data.dir, 'ext4.img');
  const mnt = join(data.dir, 'ro');
  mkdirSync(mnt);
  writeFileSync(img, '');
  sh('truncate', ['-s', '16M', img]);
  const mk = sh('mkfs.ext4', ['-q', img]);
  const m = mk.status === 0 ? sh('mount', ['-o', 'loop', img, mnt]) : mk;
  if (m.status !== 0) {
    console.log(`read-only test skipped: cannot make or mount an ext4 image here: ${m.stderr.trim()}`);
    return;
  }
  const file = join(mnt, 'test.db');
  const files = [file, `${file}-wal`];
  const attr = (flag) => {
    const r = sh('chattr', [flag, ...files]);
    assert.equal(r.status, 0, r.stderr);
  };
  try {
    copyFileSync(data.file, file);
    await exercise(data, file, () => attr('+i'), () => attr('-i'), 'it is read-only');
  } finally {
    sh('chattr', ['-i', ...files]);
    sh('umount', [mnt]);
  }
});

test('disk full under load from 48 clients: every 2xx stored once, 503s sent again later', {
  skip: fileOnly || (root ? false : 'needs root to mount a small tmpfs'), timeout: 60000 },
async () => {
  const data = loadDb(50);
  const mnt = join(data.dir, 'small');
  mkdirSync(mnt);
  const m = sh('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mnt]);
  if (m.status !== 0) {
    console.log(`disk full under load skipped: cannot mount a tmpfs here: ${m.stderr.trim()}`);
    return;
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  try {
    const file = join(mnt, 'test.db');
    copyFileSync(data.file, file);
    const srv = await serve(`sqlite:${file}`, ['--no-sms-send']);
    const load = new Load(data, { clients: 48 });
    load.url = srv.url;
    load.start();
    const filler = join(mnt, 'filler');
    try {
      await sleep(700);
      // Fill what is left, twice a second, for two seconds: batches fail
      // part-way through, whatever they hold.
      for (let i = 0; i < 4; i++) {
        const fd = openSync(filler, 'a');
        try { for (;;) writeSync(fd, Buffer.alloc(4096)); } catch (e) { assert.equal(e.code, 'ENOSPC'); }
        closeSync(fd);
        await sleep(500);
      }
      const during = load.unavailable.length;
      rmSync(filler);
      const resumed = load.acked.size;
      // Intake resumes: a report acknowledged again within a while (a
      // loaded machine may take more than a second).
      for (const t0 = Date.now(); load.acked.size <= resumed && Date.now() - t0 < 30000;) await sleep(100);
      assert.ok(during > 0, 'some reports were answered 503 while the disk was full');
      assert.ok(load.acked.size > resumed, 'intake resumed once space returned');
    } finally {
      await load.stop();
      assert.equal(await srv.stop(), 0, srv.stderr());
    }
    assert.deepEqual(load.other, []);
    for (const u of load.unavailable) {
      assert.match(reason(u.kind, u.text), /the database cannot be written: disk full/, u.text);
    }
    const db = stored(file);
    for (const [key, a] of load.acked) {
      if (a.kind === 'json') assert.equal(db.json.get(key), 1, `JSON ${key}`);
      else if (a.kind === 'odk') assert.equal(db.odk.get(key), 1, `ODK ${key}`);
      else assert.equal(db.sms.get(key)?.status, 'accepted', `SMS ${key}`);
    }
    for (const m2 of [db.json, db.odk]) for (const [key, n] of m2) assert.equal(n, 1, key);
    assert.deepEqual(sql(file, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
    const check = run(['check', '--db', `sqlite:${file}`]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    console.log(`disk full under load: ${load.acked.size} acknowledged, ` +
      `${load.unavailable.length} answers 503 sent again`);
  } finally {
    sh('umount', [mnt]);
  }
});
