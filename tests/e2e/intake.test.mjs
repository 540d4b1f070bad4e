// intake.test.mjs - reports over HTTP, as observers' phones and data clerks
// send them: POST /api/v1/missions/{m}/submissions with every rule of the
// intake (stored, duplicate, conflicting id, refused with each kind of
// problem, malformed JSON, Idempotency-Key, corrections and their
// versions), double observation and its conflicts, reviews, alerts,
// coverage, assignments and forms; then 50 concurrent clients sending
// 10,000 reports with duplicates and retries (every 2xx stored exactly
// once), a report acknowledged just before the server is killed, and a
// shutdown while reports wait for the writer.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { ok, missionDb, serve, getJson, writeFile, authHeader } from './lib.mjs';

// ---- test data ----

const pad = (n, w) => String(n).padStart(w, '0');

// A country with two regions, a district in each, and stations S-001..
// alternating between them (odd ones in ALM).
function locationsCsv(stations) {
  const rows = ['code,name,level,parent',
    'KZ,Kazakhstan,country,', 'ALM,Almaty region,region,KZ', 'AST,Astana,city,KZ',
    'D1,Talgar district,district,ALM', 'D2,Yesil district,district,AST'];
  for (let i = 1; i <= stations; i++) rows.push(`S-${pad(i, 3)},Station ${i},station,${i % 2 ? 'D1' : 'D2'}`);
  return rows.join('\n') + '\n';
}

// Observers O-01.. with a phone each.
function observersCsv(n) {
  const rows = ['code,full_name,phone,team'];
  for (let i = 1; i <= n; i++) rows.push(`O-${pad(i, 2)},Observer ${i},+7 701 ${pad(1000000 + i, 7)},Team ${i % 3}`);
  return rows.join('\n') + '\n';
}

const CHOICES = 'order,code,name,kind\n1,NUR,Nur Otan,party\n2,AKZ,Ak Zhol,party\n3,AA,Against all,against_all\n';

function intakeDb(stations, observers) {
  const { dir, db } = missionDb();
  const imp = (what, name, text) => ok(['import', what, writeFile(dir, name, text),
    '--mission', 'kz-2023', '--db', db]);
  imp('locations', 'l.csv', locationsCsv(stations));
  imp('observers', 'o.csv', observersCsv(observers));
  imp('choices', 'c.csv', CHOICES);
  return { dir, db };
}

// A complete opening checklist (form OP, docs/forms.md) that passes
// every check; fields and answers may be overridden.
function opening(id, station, observer, answers = {}, extra = {}) {
  const r = {
    form: 'OP', station, observer, observed_at: '2023-03-19T07:45:00+05:00',
    answers: { A: 'yes', B: '07:55', C: 'yes', D: 'yes', E: 'yes', F: 'yes', G: 'yes', H: 'no',
      I: 'no', J: 'yes', K: 'no', Z: 4, ...answers },
    comment: 'all in order', ...extra,
  };
  if (id !== null) r.id = id;
  return r;
}

// Send a request with a JSON (or raw text) body; { status, body, headers }.
async function send(url, body, { method = 'POST', headers = {} } = {}) {
  const r = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed;
  try { parsed = JSON.parse(text); } catch { parsed = text; }
  return { status: r.status, body: parsed, headers: r.headers };
}

// The process ended well: exit 0 after SIGTERM, and no sanitizer report.
function assertCleanExit(code, stderr) {
  assert.equal(code, 0, `exit ${code}; stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, /LeakSanitizer|AddressSanitizer|runtime error/);
  assert.match(stderr, /stopped serving/);
}

// Every report of the mission, read page by page.
async function allReports(api, query = '') {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const page = (await getJson(`${api}/submissions?limit=1000&offset=${offset}${query}`)).body;
    items.push(...page.items);
    if (offset + 1000 >= page.total) return { total: page.total, items };
  }
}

describe('reports over HTTP', () => {
  let srv;
  let api;
  let subs;
  let db;
  const count = async (query = '') => (await getJson(`${subs}?limit=0${query}`)).body.total;
  before(async () => {
    ({ db } = intakeDb(60, 12));
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    subs = `${api}/submissions`;
  });
  after(async () => {
    const code = await srv.stop();
    assertCleanExit(code, srv.stderr());
  });

  test('a valid report is stored: 201 with its id, status new and no problems', async () => {
    const r = await send(subs, opening('r-1', 'S-001', 'O-01'));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.ok(Number.isInteger(r.body.id) && r.body.id > 0);
    assert.equal(r.body.status, 'new');
    assert.equal(r.body.duplicate, false);
    assert.equal(r.body.version, 1);
    assert.deepEqual(r.body.problems, []);
    const got = await getJson(`${subs}/${r.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.id, r.body.id);
    assert.equal(got.body.client_id, 'r-1');
    assert.equal(got.body.form, 'OP');
    assert.equal(got.body.station, 'S-001');
    assert.equal(got.body.observer, 'O-01');
    assert.equal(got.body.channel, 'api');
    assert.equal(got.body.status, 'new');
    assert.equal(got.body.comment, 'all in order');
    // Answers are stored canonical: yes/no as 1/0.
    assert.equal(got.body.answers.A, 1);
    assert.equal(got.body.answers.H, 0);
    assert.equal(got.body.answers.Z, 4);
    assert.equal(got.body.versions.length, 1);
    assert.deepEqual(got.body.conflicts, []);
    assert.deepEqual(got.body.alerts, []);
  });

  test('the same id and content again is 200, marked duplicate, stored once', async () => {
    const first = await send(subs, opening('r-2', 'S-002', 'O-02'));
    assert.equal(first.status, 201);
    for (let i = 0; i < 3; i++) {
      const again = await send(subs, opening('r-2', 'S-002', 'O-02'));
      assert.equal(again.status, 200);
      assert.equal(again.body.duplicate, true);
      assert.equal(again.body.id, first.body.id);
    }
    assert.equal(await count('&station=S-002'), 1);
  });

  test('the same id with other content is 409 and changes nothing', async () => {
    const first = await send(subs, opening('r-3', 'S-003', 'O-03'));
    assert.equal(first.status, 201);
    const other = await send(subs, opening('r-3', 'S-003', 'O-03', { Z: 3 }));
    assert.equal(other.status, 409);
    assert.match(other.body.error, /r-3/);
    const got = await getJson(`${subs}/${first.body.id}`);
    assert.equal(got.body.answers.Z, 4);
    assert.equal(await count('&station=S-003'), 1);
  });

  test('without an id, the Idempotency-Key header does the same', async () => {
    const key = { headers: { 'Idempotency-Key': 'key-7f3a' } };
    const first = await send(subs, opening(null, 'S-004', 'O-04'), key);
    assert.equal(first.status, 201);
    assert.equal(first.body.client_id, 'key-7f3a');
    const again = await send(subs, opening(null, 'S-004', 'O-04'), key);
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
    assert.equal(again.body.id, first.body.id);
    const other = await send(subs, opening(null, 'S-004', 'O-04', { Z: 2 }), key);
    assert.equal(other.status, 409);
    // The key and an id that agree are fine; that differ, a 400.
    const same = await send(subs, opening('key-7f3a', 'S-004', 'O-04'), key);
    assert.equal(same.status, 200);
    const differ = await send(subs, opening('other-id', 'S-004', 'O-04'), key);
    assert.equal(differ.status, 400);
    assert.match(differ.body.error, /^Idempotency-Key: /);
    assert.equal(await count('&station=S-004'), 1);
    // Without either, every POST is a new report.
    assert.equal((await send(subs, opening(null, 'S-005', 'O-05'))).status, 201);
    assert.equal((await send(subs, opening(null, 'S-005', 'O-05'))).status, 201);
    assert.equal(await count('&station=S-005'), 2);
  });

  test('a refused report is 422 with one entry per problem, and is not stored', async () => {
    const before = await count('&all_versions=1');
    const find = (problems, key, name) => problems.find((p) => p[key] === name);
    // Problems of the answers: unknown tag, wrong type, out of range.
    let r = await send(subs, opening('bad-1', 'S-006', 'O-06', { Q: 1, A: 'maybe', Z: 9 }));
    assert.equal(r.status, 422);
    assert.equal(r.body.problems.length, 3, JSON.stringify(r.body));
    for (const [tag, value] of [['Q', 1], ['A', 'maybe'], ['Z', 9]]) {
      const p = find(r.body.problems, 'tag', tag);
      assert.ok(p, `a problem about ${tag}: ${JSON.stringify(r.body.problems)}`);
      assert.deepEqual(p.value, value);
      assert.equal(p.severity, 'error');
      assert.ok(p.message.length > 5);
    }
    assert.match(r.body.error, /3 problems/);
    // A required answer missing.
    const noRating = opening('bad-2', 'S-006', 'O-06');
    delete noRating.answers.Z;
    r = await send(subs, noRating);
    assert.equal(r.status, 422);
    assert.equal(find(r.body.problems, 'tag', 'Z').severity, 'error');
    // An integer out of its range, and a failed check of severity reject
    // (tabulation: differing protocols cannot exceed those watched).
    r = await send(subs, { id: 'bad-3', form: 'TA', station: 'S-006', observer: 'O-06',
      answers: { A: 1, B: 1, C: 1, D: 1, E: 1, F: 1, G: 1, H: 20000, I: 3, Z: 3 } });
    assert.equal(r.status, 422);
    assert.deepEqual(find(r.body.problems, 'tag', 'H').value, 20000);
    r = await send(subs, { id: 'bad-4', form: 'TA', station: 'S-006', observer: 'O-06',
      answers: { A: 1, B: 1, C: 1, D: 1, E: 0, F: 1, G: 1, H: 3, I: 5, Z: 2 } });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const check = r.body.problems.find((p) => p.check === 'differing_le_watched');
    assert.ok(check, JSON.stringify(r.body.problems));
    assert.equal(check.severity, 'reject');
    // The registry and the form: unknown station, observer, form.
    r = await send(subs, opening('bad-5', 'S-999', 'O-99'));
    assert.equal(r.status, 422);
    assert.equal(find(r.body.problems, 'field', 'station').value, 'S-999');
    assert.equal(find(r.body.problems, 'field', 'observer').value, 'O-99');
    r = await send(subs, opening('bad-6', 'ALM', 'O-06'));
    assert.equal(r.status, 422);
    assert.match(find(r.body.problems, 'field', 'station').message, /not a polling station/);
    r = await send(subs, { ...opening('bad-7', 'S-006', 'O-06'), form: 'XQ' });
    assert.equal(r.status, 422);
    assert.equal(find(r.body.problems, 'field', 'form').value, 'XQ');
    // Fields: a bad time, a correction of itself, a field of the wrong
    // type, an unknown field, missing station.
    r = await send(subs, opening('bad-8', 'S-006', 'O-06', {}, { observed_at: 'yesterday' }));
    assert.equal(r.status, 422);
    assert.equal(find(r.body.problems, 'field', 'observed_at').value, 'yesterday');
    r = await send(subs, opening('bad-9', 'S-006', 'O-06', {}, { replaces: 'bad-9' }));
    assert.equal(r.status, 422);
    assert.ok(find(r.body.problems, 'field', 'replaces'));
    r = await send(subs, { ...opening('bad-10', 'S-006', 'O-06'), station: 6, stn: 'x' });
    assert.equal(r.status, 422);
    assert.ok(find(r.body.problems, 'field', 'station'), JSON.stringify(r.body));
    assert.ok(r.body.problems.some((p) => /stn/.test(p.message)), JSON.stringify(r.body));
    const noStation = opening('bad-11', 'S-006', 'O-06');
    delete noStation.station;
    r = await send(subs, noStation);
    assert.equal(r.status, 422);
    assert.ok(find(r.body.problems, 'field', 'station'));
    r = await send(subs, [opening('bad-12', 'S-006', 'O-06')]);
    assert.equal(r.status, 422);
    // A correction of a report that does not exist is refused by the store.
    r = await send(subs, opening('bad-13', 'S-006', 'O-06', {}, { replaces: 'no-such-report' }));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(find(r.body.problems, 'field', 'replaces'), JSON.stringify(r.body));
    assert.equal(await count('&all_versions=1'), before);
  });

  test('malformed JSON is 400 with the line and column', async () => {
    let r = await send(subs, '{\n  "form": "OP",\n  "station": ,\n  "observer": "O-01"\n}');
    assert.equal(r.status, 400);
    assert.match(r.body.error, /line 3, column \d+/);
    r = await send(subs, '{"form": "OP", "form": "VO"}');
    assert.equal(r.status, 400);
    assert.match(r.body.error, /line 1, column \d+/);
    r = await send(subs, '{"form": "OP"} trailing');
    assert.equal(r.status, 400);
    r = await send(subs, '');
    assert.equal(r.status, 400);
    r = await send(subs, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
    assert.equal(r.status, 400);
  });

  test('a failed flag check stores the report, flagged, with the problem', async () => {
    // Not opened on time, and no time given for the first voter.
    const r = await send(subs, opening('fl-1', 'S-007', 'O-07', { A: 'no', B: null }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'flagged');
    const p = r.body.problems.find((x) => x.check === 'late_time');
    assert.ok(p, JSON.stringify(r.body.problems));
    assert.equal(p.severity, 'flag');
    const got = await getJson(`${subs}/${r.body.id}`);
    assert.equal(got.body.status, 'flagged');
    assert.ok(got.body.problems.some((x) => x.check === 'late_time'));
  });

  test('a correction is a new version that supersedes the old; the history is kept', async () => {
    const v1 = await send(subs, opening('c-1', 'S-008', 'O-08', { Z: 3 }));
    assert.equal(v1.status, 201);
    const v2 = await send(subs, opening('c-2', 'S-008', 'O-08', { Z: 4 }, { replaces: 'c-1' }));
    assert.equal(v2.status, 201, JSON.stringify(v2.body));
    assert.equal(v2.body.version, 2);
    // Lists show the current version only, unless asked for all.
    const current = (await getJson(`${subs}?station=S-008`)).body;
    assert.equal(current.total, 1);
    assert.equal(current.items[0].client_id, 'c-2');
    assert.equal(current.items[0].replaces, 'c-1');
    assert.equal(await count('&station=S-008&all_versions=1'), 2);
    for (const id of [v1.body.id, v2.body.id]) {
      const got = (await getJson(`${subs}/${id}`)).body;
      assert.deepEqual(got.versions.map((v) => v.version), [1, 2]);
      assert.deepEqual(got.versions.map((v) => v.client_id), ['c-1', 'c-2']);
      assert.equal(got.versions[0].superseded_by, v2.body.id);
      assert.equal(got.versions[1].supersedes, v1.body.id);
      assert.equal(got.versions[0].answers.Z, 3);
      assert.equal(got.versions[1].answers.Z, 4);
    }
    // A correction of a version already corrected is a conflict.
    const stale = await send(subs, opening('c-3', 'S-008', 'O-08', { Z: 2 }, { replaces: 'c-1' }));
    assert.equal(stale.status, 409);
    const v3 = await send(subs, opening('c-3', 'S-008', 'O-08', { Z: 2 }, { replaces: 'c-2' }));
    assert.equal(v3.status, 201);
    assert.equal(v3.body.version, 3);
  });

  test('double observation: differing answers are a conflict a clerk resolves', async () => {
    const a = await send(subs, opening('d-1', 'S-010', 'O-01', { C: 'yes' }));
    const b = await send(subs, opening('d-2', 'S-010', 'O-02', { C: 'no' }));
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    const list = (await getJson(`${api}/conflicts?station=S-010`)).body;
    assert.equal(list.total, 1, JSON.stringify(list));
    const c = list.items[0];
    assert.equal(c.station, 'S-010');
    assert.equal(c.form, 'OP');
    assert.equal(c.tag, 'C');
    assert.equal(c.open, true);
    assert.equal(c.resolved_value, null);
    assert.deepEqual(c.values.map((v) => v.observer).sort(), ['O-01', 'O-02']);
    assert.deepEqual(c.values.map((v) => v.value).sort(), [0, 1]);
    // The report shows the conflicts on its station and form.
    const got = (await getJson(`${subs}/${a.body.id}`)).body;
    assert.deepEqual(got.conflicts.map((x) => x.id), [c.id]);
    assert.equal((await getJson(`${api}/conflicts?open=1&form=OP&station=S-010`)).body.total, 1);
    // Resolving it.
    const bad = await send(`${api}/conflicts/${c.id}/resolve`, { val: 1 });
    assert.equal(bad.status, 400);
    const res = await send(`${api}/conflicts/${c.id}/resolve`, { value: 1 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.resolved_value, 1);
    assert.equal((await getJson(`${api}/conflicts?open=1&station=S-010`)).body.total, 0);
    const after = (await getJson(`${api}/conflicts?station=S-010`)).body.items[0];
    assert.equal(after.open, false);
    assert.equal(after.resolved_value, 1);
    assert.equal(after.resolved_by, 'e2e-admin'); // the signed-in user (lib.mjs's token)
    assert.ok(after.resolved_at);
    for (const id of ['999999', 'abc']) {
      const r = await send(`${api}/conflicts/${id}/resolve`, { value: 1 });
      assert.equal(r.status, 404, id);
    }
    assert.equal((await send(`${api}/conflicts/${c.id}/resolve`, '{"value": ')).status, 400);
    assert.equal((await getJson(`${api}/conflicts?open=maybe`)).status, 400);
  });

  test('a clerk verifies or rejects a report; the list filters by status', async () => {
    const r1 = (await send(subs, opening('v-1', 'S-011', 'O-03'))).body;
    const r2 = (await send(subs, opening('v-2', 'S-012', 'O-04'))).body;
    const verified = await send(`${subs}/${r1.id}/verify`, undefined);
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.status, 'verified');
    assert.equal(verified.body.review.by, 'e2e-admin');
    assert.ok(verified.body.review.at);
    const noNote = await send(`${subs}/${r2.id}/reject`, {});
    assert.equal(noNote.status, 400);
    assert.match(noNote.body.error, /^note: /);
    const blank = await send(`${subs}/${r2.id}/reject`, { note: '   ' });
    assert.equal(blank.status, 400);
    const rejected = await send(`${subs}/${r2.id}/reject`, { note: 'the station was closed all day' });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.status, 'rejected');
    assert.equal(rejected.body.review.note, 'the station was closed all day');
    const ids = async (status) => (await getJson(`${subs}?status=${status}&limit=1000`)).body.items.map((s) => s.id);
    assert.ok((await ids('rejected')).includes(r2.id));
    assert.ok(!(await ids('new')).includes(r2.id));
    assert.ok((await ids('verified')).includes(r1.id));
    assert.ok(!(await ids('new')).includes(r1.id));
    assert.equal((await getJson(`${subs}?status=odd`)).status, 400);
    for (const action of ['verify', 'reject']) {
      for (const id of ['999999', 'x1']) {
        const r = await send(`${subs}/${id}/${action}`, { note: 'n' });
        assert.equal(r.status, 404, `${action} ${id}`);
        assert.match(r.body.error, /no report with id/);
      }
    }
    // Audited with the caller: the token's user and the client's address.
    const audit = JSON.parse(ok(['audit', '--db', db, '--entity', 'submission', '--format', 'json']).stdout);
    const entry = audit.find((a) => a.key === String(r2.id) && a.after.status === 'rejected');
    assert.ok(entry, JSON.stringify(audit.slice(0, 3)));
    assert.equal(entry.actor, 'e2e-admin');
    assert.equal(entry.origin, '127.0.0.1');
    assert.equal(entry.after.note, 'the station was closed all day');
    assert.equal((await send(`${subs}/${r1.id}/verify`, { note: 1 })).status, 400);
    assert.equal((await send(`${subs}/${r1.id}/verify`, { remark: 'x' })).status, 400);
    // Rejecting one side of a double observation ends its conflict.
    const a = await send(subs, opening('v-3', 'S-013', 'O-05', { D: 'yes' }));
    const b = await send(subs, opening('v-4', 'S-013', 'O-06', { D: 'no' }));
    assert.equal((await getJson(`${api}/conflicts?open=1&station=S-013`)).body.total, 1);
    assert.equal((await send(`${subs}/${b.body.id}/reject`, { note: 'wrong station' })).status, 200);
    assert.equal((await getJson(`${api}/conflicts?open=1&station=S-013`)).body.total, 0);
    assert.equal(a.status, 201);
  });

  test('a critical answer raises an alert', async () => {
    // Ballots in the box before voting began (K), rated bad.
    const r = await send(subs, opening('al-1', 'S-014', 'O-07', { K: 'yes', Z: 2 }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.ok(r.body.alerts.some((a) => a.tag === 'K'), JSON.stringify(r.body));
    const list = (await getJson(`${api}/alerts?station=S-014`)).body;
    assert.equal(list.total, 1);
    const a = list.items[0];
    assert.equal(a.submission, r.body.id);
    assert.equal(a.station, 'S-014');
    assert.equal(a.form, 'OP');
    assert.equal(a.tag, 'K');
    assert.equal(a.value, 1);
    assert.ok(a.message.length > 5);
    assert.ok(a.created_at);
    const got = (await getJson(`${subs}/${r.body.id}`)).body;
    assert.deepEqual(got.alerts.map((x) => x.id), [a.id]);
    // A duplicate raises nothing more.
    assert.equal((await send(subs, opening('al-1', 'S-014', 'O-07', { K: 'yes', Z: 2 }))).status, 200);
    assert.equal((await getJson(`${api}/alerts?station=S-014`)).body.total, 1);
    assert.equal((await getJson(`${api}/alerts?limit=0`)).body.items.length, 0);
  });

  test('assignments: POST stores all or nothing, naming each refused item; GET by day', async () => {
    const url = `${api}/assignments`;
    const r = await send(url, [
      { observer: 'O-05', station: 'S-050', day: '2023-03-19' },
      { observer: 'O-06', station: 'S-051' }, // the election day by default
      { observer: 'O-06', station: 'S-052', day: '2023-03-20' },
    ]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { items: 3, inserted: 3, unchanged: 0 });
    const again = await send(url, [{ observer: 'O-05', station: 'S-050', day: '2023-03-19' }]);
    assert.deepEqual(again.body, { items: 1, inserted: 0, unchanged: 1 });
    // Refused by the store: nothing of the request is kept.
    const refused = await send(url, [
      { observer: 'O-07', station: 'S-053' },
      { observer: 'O-99', station: 'S-054' },
      { observer: 'O-07', station: 'ALM' },
    ]);
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.deepEqual(refused.body.problems.map((p) => p.index), [1, 2]);
    assert.equal(refused.body.problems[0].field, 'observer');
    assert.equal(refused.body.problems[1].field, 'station');
    assert.match(refused.body.problems[1].message, /ALM/);
    // Refused for their shape, before anything is tried.
    const shape = await send(url, [{ observer: 'O-07', station: 'S-053' }, { station: 5 },
      'x', { observer: 'O-07', station: 'S-053', day: '19.03.2023', extra: 1 }]);
    assert.equal(shape.status, 422);
    assert.deepEqual([...new Set(shape.body.problems.map((p) => p.index))], [1, 2, 3]);
    const day19 = (await getJson(`${url}?day=2023-03-19`)).body;
    assert.equal(day19.total, 2);
    assert.deepEqual(day19.items.map((a) => `${a.observer}@${a.station}`), ['O-05@S-050', 'O-06@S-051']);
    assert.equal((await getJson(url)).body.total, 3);
    assert.equal((await getJson(`${url}?day=2023-03-21`)).body.total, 0);
    assert.equal((await getJson(`${url}?day=tomorrow`)).status, 400);
    assert.equal((await send(url, { observer: 'O-05' })).status, 400);
    assert.equal((await send(url, '[{"observer": ')).status, 400);
  });

  test('coverage per form and region, missing stations with the phones', async () => {
    const r = await getJson(`${api}/coverage?day=2023-03-19`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const c = r.body;
    assert.equal(c.day, '2023-03-19');
    assert.ok(c.forms.includes('OP'));
    assert.equal(c.all_expected, false);
    // Expected on the 19th: S-050 (O-05) and S-051 (O-06), neither reported.
    assert.equal(c.total.OP.expected, 2);
    assert.equal(c.total.OP.reported, 0);
    assert.equal(c.total.OP.missing, 2);
    assert.ok(c.total.OP.extra > 0);
    assert.ok(Array.isArray(c.regions) && c.regions.length >= 1);
    const miss = c.missing.find((m) => m.station === 'S-050' && m.form === 'OP');
    assert.ok(miss, JSON.stringify(c.missing));
    assert.equal(miss.region, 'AST');
    assert.equal(miss.observers[0].code, 'O-05');
    assert.deepEqual(miss.observers[0].phones, ['+77011000005']);
    // A report from S-050 takes it off the list.
    assert.equal((await send(subs, opening('cov-1', 'S-050', 'O-05'))).status, 201);
    const after = (await getJson(`${api}/coverage?day=2023-03-19&form=OP`)).body;
    assert.deepEqual(after.forms, ['OP']);
    assert.equal(after.total.OP.reported, 1);
    assert.ok(!after.missing.some((m) => m.station === 'S-050'));
    assert.equal((await getJson(`${api}/coverage?day=19.03.2023`)).status, 400);
    assert.equal((await getJson(`${api}/coverage?form=XQ`)).status, 400);
    assert.equal((await getJson(`${api}/coverage?form=IN`)).status, 400);
  });

  test('forms: the list and one definition, the protocol with the ballot applied', async () => {
    const list = (await getJson(`${api}/forms`)).body;
    assert.deepEqual(list.items.map((f) => f.code), ['CO', 'IN', 'OP', 'PR', 'TA', 'VO']);
    const op = list.items.find((f) => f.code === 'OP');
    assert.equal(op.kind, 'checklist');
    assert.equal(op.phase, 'opening');
    assert.ok(op.name.en);
    const def = await getJson(`${api}/forms/OP`);
    assert.equal(def.status, 200);
    assert.equal(def.body.code, 'OP');
    assert.ok(def.body.questions.some((q) => q.tag === 'Z' && q.type === 'rating'));
    const pr = (await getJson(`${api}/forms/PR`)).body;
    const tags = pr.questions.map((q) => q.tag);
    assert.ok(tags.includes('P1') && tags.includes('P2') && tags.includes('AA'), tags.join(' '));
    assert.equal((await getJson(`${api}/forms/XQ`)).status, 404);
  });

  test('the list of reports: filters, paging, errors', async () => {
    const all = (await getJson(`${subs}?limit=1000`)).body;
    assert.ok(all.total >= 10);
    assert.equal(all.items.length, all.total);
    const ids = all.items.map((s) => s.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a)); // newest first
    const page = (await getJson(`${subs}?limit=3&offset=2`)).body;
    assert.deepEqual(page.items.map((s) => s.id), ids.slice(2, 5));
    const q = async (query) => (await getJson(`${subs}?limit=1000&${query}`)).body;
    assert.ok((await q('observer=O-01')).items.every((s) => s.observer === 'O-01'));
    assert.ok((await q('form=OP')).items.every((s) => s.form === 'OP'));
    assert.equal((await q('form=PR')).total, 0);
    const alm = await q('region=ALM');
    assert.ok(alm.total > 0);
    assert.ok(alm.items.every((s) => Number(s.station.slice(2)) % 2 === 1), 'odd stations are in ALM');
    assert.equal((await q('region=D2')).total + alm.total, all.total);
    assert.equal((await q('channel=api')).total, all.total);
    assert.equal((await q('channel=sms')).total, 0);
    assert.equal((await q('since=2000-01-01')).total, all.total);
    assert.equal((await q('since=2999-01-01T00:00:00Z')).total, 0);
    assert.equal((await q('status=flagged')).items.every((s) => s.status === 'flagged'), true);
    for (const bad of ['since=yesterday', 'channel=fax', 'status=', 'limit=5000', 'all_versions=2']) {
      const r = await getJson(`${subs}?${bad}`);
      assert.equal(r.status, 400, bad);
    }
    assert.equal((await getJson(`${subs}/0`)).status, 404);
    assert.equal((await getJson(`${api.replace('kz-2023', 'xx-1999')}/submissions`)).status, 404);
    const r = await send(`${api.replace('kz-2023', 'xx-1999')}/submissions`, opening('z', 'S-001', 'O-01'));
    assert.equal(r.status, 404);
  });

  test('wrong methods are 405 with Allow', async () => {
    for (const [method, path, allow] of [['DELETE', '/submissions', 'POST, GET, HEAD'],
      ['POST', '/submissions/1', 'GET, HEAD'], ['GET', '/submissions/1/verify', 'POST'],
      ['PUT', '/assignments', 'GET, HEAD, POST'], ['POST', '/coverage', 'GET, HEAD']]) {
      const r = await fetch(`${api}${path}`, { method });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.headers.get('allow'), allow, `${method} ${path}`);
    }
  });

  test('keep-alive: reports over one connection, answered as they are durable', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const results = [];
      for (let i = 0; i < 6; i++) {
        const body = JSON.stringify(opening(`ka-${i}`, 'S-020', 'O-09', { Z: 3 + (i % 2) }));
        results.push(await new Promise((resolve, reject) => {
          const req = http.request(subs, { agent, method: 'POST', headers: { 'content-type': 'application/json', ...authHeader(subs) } }, (res) => {
            let text = '';
            res.on('data', (c) => { text += c; });
            res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, reused: req.reusedSocket }));
          });
          req.on('error', reject);
          req.end(i === 5 ? JSON.stringify(opening('ka-0', 'S-020', 'O-09', { Z: 3 })) : body);
        }));
      }
      assert.deepEqual(results.map((r) => r.status), [201, 201, 201, 201, 201, 200]);
      for (const r of results) assert.notEqual(r.headers.connection, 'close');
      assert.deepEqual(results.map((r) => r.reused), [false, true, true, true, true, true]);
    } finally {
      agent.destroy();
    }
  });
});

// ---- many clients at once ----

// One POST on an agent; resolves to { status, body } or { error }.
function postOn(agent, url, text) {
  return new Promise((resolve) => {
    const req = http.request(url, { agent, method: 'POST', headers: { 'content-type': 'application/json', ...authHeader(url) } }, (res) => {
      let got = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { got += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: got }));
      res.on('error', (error) => resolve({ error }));
    });
    req.on('error', (error) => resolve({ error }));
    req.end(text);
  });
}

// A request whose answer is never read: the client goes away while its
// report may be waiting for the writer.
function postAndVanish(url, text) {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), hostname, () => {
      const auth = authHeader(url).authorization;
      sock.write(`POST ${pathname} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        (auth ? `Authorization: ${auth}\r\n` : '') +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`, () => sock.destroy());
    });
    sock.on('close', resolve);
    sock.on('error', resolve);
  });
}

describe('concurrent clients', () => {
  test('50 clients send 10,000 reports with duplicates and retries: every 2xx is stored exactly once', async () => {
    const CLIENTS = 50;
    const PER_CLIENT = 200;
    const STATIONS = 500;
    const { db } = intakeDb(STATIONS, 40);
    const srv = await serve(db, ['--threads', '4']);
    const api = `${srv.url}/api/v1/missions/kz-2023`;
    const url = `${api}/submissions`;
    const outcomes = new Map(); // id -> { s201, s200, vanished }
    const bad = [];
    const started = Date.now();
    try {
      await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          for (let i = 0; i < PER_CLIENT; i++) {
            const k = c * PER_CLIENT + i;
            const id = `cc-${c}-${i}`;
            const text = JSON.stringify(opening(id, `S-${pad((k % STATIONS) + 1, 3)}`,
              `O-${pad((k % 40) + 1, 2)}`, { Z: 1 + (k % 4), C: k % 3 ? 'yes' : 'no' }));
            const o = { s201: 0, s200: 0, vanished: false };
            outcomes.set(id, o);
            if (k % 50 === 7) {
              // A retry: the first attempt's answer is lost.
              o.vanished = true;
              await postAndVanish(url, text);
            }
            const sends = k % 20 === 3 ? 2 : 1; // some duplicates
            for (let n = 0; n < sends; n++) {
              const r = await postOn(agent, url, text);
              if (r.error) { bad.push(`${id}: ${r.error.message}`); continue; }
              if (r.status === 201) o.s201++;
              else if (r.status === 200) o.s200++;
              else bad.push(`${id}: ${r.status} ${r.body}`);
            }
          }
        } finally {
          agent.destroy();
        }
      }));
      const seconds = (Date.now() - started) / 1000;
      assert.deepEqual(bad.slice(0, 5), []);
      for (const [id, o] of outcomes) {
        // Exactly one 201, unless the vanished attempt stored it first.
        assert.ok(o.s201 === 1 || (o.vanished && o.s201 === 0 && o.s200 >= 1), `${id}: ${JSON.stringify(o)}`);
      }
      const { total, items } = await allReports(api);
      assert.equal(total, CLIENTS * PER_CLIENT);
      const stored = new Map();
      for (const s of items) stored.set(s.client_id, (stored.get(s.client_id) || 0) + 1);
      assert.equal(stored.size, CLIENTS * PER_CLIENT);
      for (const id of outcomes.keys()) assert.equal(stored.get(id), 1, id);
      const dup = [...outcomes.values()].reduce((n, o) => n + o.s200, 0);
      assert.ok(dup >= CLIENTS * PER_CLIENT / 20, `duplicates answered: ${dup}`);
      process.stderr.write(`# 10,000 reports from 50 clients in ${seconds.toFixed(1)} s\n`);
    } finally {
      const code = await srv.stop();
      assertCleanExit(code, srv.stderr());
    }
  });
});

// ---- durability and shutdown ----

describe('durability and shutdown', () => {
  test('a report acknowledged just before the server is killed is there after a restart', async () => {
    const { db } = intakeDb(10, 3);
    let srv = await serve(db);
    const r = await send(`${srv.url}/api/v1/missions/kz-2023/submissions`, opening('k-1', 'S-001', 'O-01'));
    assert.equal(r.status, 201);
    srv.proc.kill('SIGKILL');
    await new Promise((res) => srv.proc.on('exit', res));
    srv = await serve(db);
    try {
      const got = await getJson(`${srv.url}/api/v1/missions/kz-2023/submissions/${r.body.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.client_id, 'k-1');
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('SIGTERM while reports wait for the writer: every request is answered or closed, every 2xx is stored', async () => {
    const { db } = intakeDb(50, 10);
    let srv = await serve(db, ['--threads', '2']);
    const url = `${srv.url}/api/v1/missions/kz-2023/submissions`;
    const agents = Array.from({ length: 40 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const answered = [];
    let stopping = null;
    try {
      await Promise.all(agents.map(async (agent, c) => {
        for (let i = 0; i < 40; i++) {
          const id = `sd-${c}-${i}`;
          const r = await postOn(agent, url, JSON.stringify(opening(id, `S-${pad((c % 50) + 1, 3)}`, `O-${pad((i % 10) + 1, 2)}`)));
          if (r.error) return; // the server has gone: stop this client
          if (r.status === 201 || r.status === 200) answered.push(id);
          else assert.fail(`${id}: ${r.status} ${r.body}`);
          if (answered.length >= 200 && !stopping) stopping = srv.stop();
        }
      }));
      assert.ok(stopping, 'the server was stopped while clients were sending');
      assertCleanExit(await stopping, srv.stderr());
    } finally {
      for (const a of agents) a.destroy();
    }
    srv = await serve(db);
    try {
      const { total, items } = await allReports(`${srv.url}/api/v1/missions/kz-2023`);
      const stored = new Set(items.map((s) => s.client_id));
      for (const id of answered) assert.ok(stored.has(id), `${id} was answered 2xx but is not stored`);
      assert.ok(total >= answered.length);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });
});
