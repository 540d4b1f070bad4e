// crash.test.mjs - a 2xx means the report is on disk, whatever happens to
// the server afterwards.  64 clients send reports through the JSON API,
// ODK Collect and an SMS gateway's webhook while the server is killed with
// SIGKILL at random moments and started again on the same database, 20
// times.  Clients send again whatever got no answer, with the same id,
// instanceID or gateway message id, and after each restart every client
// also sends its last acknowledged report once more.  At the end every
// acknowledged report is in the database exactly once, nothing else was
// invented, re-sent reports were answered as duplicates and not counted
// twice, and "observa check" (and on SQLite the file's integrity check)
// passes.  On PostgreSQL the same holds of the database server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onPostgres, run, serve } from './lib.mjs';
import { loadDb, Load, stored, sql, KINDS } from './load-lib.mjs';

const KILLS = 20;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('kill -9 twenty times under load from 64 clients on every channel', { timeout: 240000 }, async () => {
  const data = loadDb(200);
  const load = new Load(data, { clients: 64 }).start();
  let srv;
  const perRound = [];
  try {
    for (let round = 0; round < KILLS; round++) {
      srv = await serve(data.db, ['--no-sms-send']);
      load.url = srv.url;
      if (round > 0) load.resendLast();
      const before = load.acked.size;
      // Load for a random while, then kill at a random moment.
      await sleep(800 + Math.floor(Math.random() * 1700));
      // On a loaded machine (an ASan build beside other suites) a round
      // may not have had its first answer yet: kill only once reports
      // flow, giving up after 20 s (the check below then fails).
      for (let waited = 0; load.acked.size === before && waited < 20000; waited += 50) await sleep(50);
      load.url = null;
      srv.proc.kill('SIGKILL');
      await new Promise((r) => (srv.proc.exitCode !== null || srv.proc.signalCode ? r() : srv.proc.on('exit', r)));
      assert.equal(srv.proc.signalCode, 'SIGKILL', 'the server was killed, not stopped');
      perRound.push(load.acked.size - before);
    }
    // A last, clean run in which every client finishes what it was sending.
    srv = await serve(data.db, ['--no-sms-send']);
    load.url = srv.url;
    load.resendLast();
    await sleep(500);
    await load.stop();
    const code = await srv.stop();
    assert.equal(code, 0, srv.stderr());
  } finally {
    load.stopping = true;
    if (srv && srv.proc.exitCode === null) srv.proc.kill('SIGKILL');
  }

  // Reports were acknowledged in every round, by every channel.
  assert.ok(perRound.every((n) => n > 0), `acknowledged per round: ${perRound}`);
  for (const kind of KINDS) {
    assert.ok([...load.acked.values()].some((a) => a.kind === kind), `no ${kind} report acknowledged`);
  }
  assert.deepEqual(load.other, [], 'only 2xx (or 503, retried) answers expected');

  const db = stored(data.db);
  // Every acknowledged report is there exactly once.
  for (const [key, a] of load.acked) {
    if (a.kind === 'json') assert.equal(db.json.get(key), 1, `JSON report ${key}`);
    else if (a.kind === 'odk') assert.equal(db.odk.get(key), 1, `ODK report ${key}`);
    else {
      const m = db.sms.get(key);
      assert.ok(m && m.count === 1, `SMS ${key}: ${JSON.stringify(m)}`);
      assert.equal(m.status, 'accepted', `SMS ${key} was read into a report`);
      assert.ok(m.submission > 0, `SMS ${key} names its report`);
    }
  }
  // Nothing is stored that no client sent, nor twice.
  for (const [m, kind] of [[db.json, 'json'], [db.odk, 'odk']]) {
    for (const [key, n] of m) {
      assert.equal(load.sent.get(key), kind, `stored ${kind} report ${key} was never sent`);
      assert.equal(n, 1, `${kind} report ${key} stored ${n} times`);
    }
  }
  for (const key of db.sms.keys()) assert.equal(load.sent.get(key), 'sms', `SMS ${key} never sent`);
  // One report per SMS: as many SMS reports as messages read into one,
  // each message naming a report of its own.
  const smsSubs = sql(data.db, "SELECT count(DISTINCT submission_id) AS d, count(*) AS n FROM sms_in" +
    " WHERE status = 'accepted'")[0];
  assert.equal(smsSubs.d, smsSubs.n);
  assert.equal(db.smsReports, smsSubs.n);
  assert.equal(db.total, db.json.size + db.odk.size + db.smsReports);

  // Re-sent reports, after every restart: duplicates, never new reports.
  assert.ok(load.resent.length >= 64, `re-sent: ${load.resent.length}`);
  // A re-send stored as new means the report was acknowledged before it
  // was on disk, and the kill lost it.
  for (const r of load.resent) {
    assert.ok(r.dup, `re-sent ${r.kind} ${r.key}: answered ${r.status} as a new report: ` +
      'it was acknowledged, yet not in the database after the kill');
  }
  // Reports whose first answer was lost to a kill and that were stored
  // anyway come back as duplicates too (counted, since it depends on timing).
  const recovered = [...load.acked.values()].filter((a) => a.retried && a.dup).length;
  console.log(`crash test: ${load.acked.size} reports acknowledged in ${KILLS} kills ` +
    `(${perRound.join(' ')}), ${load.resent.length} re-sent as duplicates, ` +
    `${recovered} unanswered before a kill and found stored when sent again`);

  // The database is sound.
  if (!onPostgres) {
    assert.deepEqual(sql(data.db, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  }
  const check = run(['check', '--db', data.db]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /^ok: integrity/);
});
