// intake-registry.test.mjs - a change to the registry made on the command
// line while the server takes reports applies to the very next report:
// a revoked token, a station that became a district and became a station
// again.  The JSON API checks a report against what the server remembers
// without reading the registry's version (docs/architecture.md); these
// are the changes that check must not miss, whether the report would
// have been stored (the writer finds the version moved and the request
// is made again) or refused at once (the version is read before the
// refusal is sent).  Then reports from eight clients while the command
// line changes the registry again and again: every 2xx is stored exactly
// once, and no report is answered 5xx.  The same for reports from ODK
// clients, whose refusals are kept as received by the writer: renewed
// credentials, a station's level changed either way, and eight ODK
// clients during four changes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ok, runAsync, missionDb, serve, getJson, writeFile } from './lib.mjs';
import { credentials, opening as odkOpening, postReport, xmlPart, orMessage } from './odk-lib.mjs';

const pad = (n, w) => String(n).padStart(w, '0');

function registryDb() {
  const { dir, db } = missionDb();
  const rows = ['code,name,level,parent', 'KZ,Kazakhstan,country,', 'D1,Talgar district,district,KZ'];
  for (let i = 1; i <= 20; i++) rows.push(`S-${pad(i, 3)},Station ${i},station,D1`);
  ok(['import', 'locations', writeFile(dir, 'l.csv', rows.join('\n') + '\n'),
    '--mission', 'kz-2023', '--db', db]);
  ok(['import', 'observers', writeFile(dir, 'o.csv',
    'code,full_name,phone\nO-01,Observer 1,+77010000001\nO-02,Observer 2,+77010000002\n'),
  '--mission', 'kz-2023', '--db', db]);
  return { dir, db };
}

// An opening checklist (form OP) that passes every check.
function opening(id, station, observer = 'O-01') {
  return {
    id, form: 'OP', station, observer, observed_at: '2023-03-19T07:45:00+05:00',
    answers: { A: 'yes', B: '07:55', C: 'yes', D: 'yes', E: 'yes', F: 'yes', G: 'yes', H: 'no',
      I: 'no', J: 'yes', K: 'no', Z: 4 },
  };
}

async function post(url, report, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(report) });
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: r.status, body };
}

// The level of one station, changed on the command line.
function setLevel(dir, db, code, level) {
  const parent = level === 'station' ? 'D1' : 'KZ';
  ok(['import', 'locations', writeFile(dir, `${code}-${level}.csv`,
    `code,name,level,parent\n${code},${code},${level},${parent}\n`),
  '--mission', 'kz-2023', '--db', db]);
}

describe('the registry changed on the command line, the next report', () => {
  let srv;
  let subs;
  let dir;
  let db;
  const total = async () => (await getJson(`${subs}?limit=0`)).body.total;

  before(async () => {
    ({ dir, db } = registryDb());
    srv = await serve(db);
    subs = `${srv.url}/api/v1/missions/kz-2023/submissions`;
  });
  after(async () => { await srv.stop(); });

  test('a token revoked on the command line is refused at the next report', async () => {
    const made = ok(['token', 'create', '--user', 'e2e-admin', '--db', db]);
    const token = made.stdout.trim();
    const id = made.stderr.match(/token (\d+) acts as/)[1];
    const before = await total();
    // Two reports: the server learns the token, then answers from memory.
    assert.equal((await post(subs, opening('tok-1', 'S-001'), token)).status, 201);
    assert.equal((await post(subs, opening('tok-2', 'S-002'), token)).status, 201);
    ok(['token', 'revoke', id, '--db', db]);
    // No other request in between: the report is the first to meet it.
    const r = await post(subs, opening('tok-3', 'S-003'), token);
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(r.body.error, /revoked/);
    assert.equal(await total(), before + 2);
  });

  test('a station that became a district is refused at the next report, and stored nowhere', async () => {
    const before = await total();
    assert.equal((await post(subs, opening('lvl-1', 'S-010'))).status, 201);
    assert.equal((await post(subs, opening('lvl-2', 'S-011'))).status, 201);
    setLevel(dir, db, 'S-010', 'district');
    const r = await post(subs, opening('lvl-3', 'S-010'));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.problems.some((p) => p.field === 'station'), JSON.stringify(r.body));
    assert.equal(await total(), before + 2);
  });

  test('a district that became a station again takes the next report at once', async () => {
    const before = await total();
    // The server now remembers S-010 as a district: refused from memory.
    assert.equal((await post(subs, opening('lvl-4', 'S-010'))).status, 422);
    setLevel(dir, db, 'S-010', 'station');
    const r = await post(subs, opening('lvl-5', 'S-010'));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(await total(), before + 1);
  });

  test('eight clients send reports while the command line changes the registry: every 2xx stored once', async () => {
    const start = await total();
    let stop = false;
    const acked = new Set();
    const bad = [];
    const client = async (k) => {
      for (let n = 0; !stop; n++) {
        const id = `load-${k}-${n}`;
        // Stations S-012..S-020, whose levels never change.
        const r = await post(subs, opening(id, `S-${pad(12 + ((k + n) % 9), 3)}`, n % 2 ? 'O-01' : 'O-02'));
        if (r.status === 201 || r.status === 200) acked.add(id);
        else bad.push(`${id}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    };
    const clients = Array.from({ length: 8 }, (_, k) => client(k));
    // Each change moves the registry's version: a station's level back
    // and forth, and a token made and revoked.
    for (let i = 0; i < 6; i++) {
      const flip = await runAsync(['import', 'locations', writeFile(dir, `flip-${i}.csv`,
        `code,name,level,parent\nS-009,S-009,${i % 2 ? 'station' : 'district'},${i % 2 ? 'D1' : 'KZ'}\n`),
      '--mission', 'kz-2023', '--db', db]);
      assert.equal(flip.status, 0, flip.stderr);
      const made = await runAsync(['token', 'create', '--user', 'e2e-admin', '--db', db]);
      assert.equal(made.status, 0, made.stderr);
      const id = made.stderr.match(/token (\d+) acts as/)[1];
      const revoked = await runAsync(['token', 'revoke', id, '--db', db]);
      assert.equal(revoked.status, 0, revoked.stderr);
    }
    stop = true;
    await Promise.all(clients);
    assert.deepEqual(bad, []);
    assert.ok(acked.size > 50, `only ${acked.size} reports acknowledged`);
    assert.equal(await total(), start + acked.size);
  });
});

describe('the registry changed on the command line, the next ODK report', () => {
  let srv;
  let dir;
  let db;
  let cred;
  let subs;
  const total = async () => (await getJson(`${subs}?limit=0`)).body.total;
  const send = (c, station, observer = 'O-01') =>
    postReport(`${srv.url}/openrosa/${c.token}/submission`,
      [xmlPart(odkOpening({ station, observer }).xml)]);

  before(async () => {
    ({ dir, db } = registryDb());
    cred = credentials(db, 'O-01');
    srv = await serve(db);
    subs = `${srv.url}/api/v1/missions/kz-2023/submissions`;
  });
  after(async () => { await srv.stop(); });

  test('credentials renewed on the command line: the old ones are refused at the next report', async () => {
    const before = await total();
    // Two reports: the server learns the credentials, then answers from memory.
    assert.equal((await send(cred, 'S-001')).status, 201);
    assert.equal((await send(cred, 'S-002')).status, 201);
    const renewed = credentials(db, 'O-01', ['--renew']);
    const r = await send(cred, 'S-003');
    assert.equal(r.status, 401, r.text);
    assert.equal(await total(), before + 2);
    cred = renewed;
    assert.equal((await send(cred, 'S-003')).status, 201);
  });

  test('a station that became a district: the next report is refused, kept as received, stored nowhere', async () => {
    const before = await total();
    assert.equal((await send(cred, 'S-010')).status, 201);
    assert.equal((await send(cred, 'S-011')).status, 201);
    setLevel(dir, db, 'S-010', 'district');
    const r = await send(cred, 'S-010');
    assert.equal(r.status, 400, r.text);
    assert.match(orMessage(r.text).text, /station/);
    assert.match(orMessage(r.text).text, /kept as received/);
    assert.equal(await total(), before + 2);
  });

  test('a district that became a station again takes the next report at once', async () => {
    const before = await total();
    // Refused from memory: S-010 is remembered as a district.
    assert.equal((await send(cred, 'S-010')).status, 400);
    setLevel(dir, db, 'S-010', 'station');
    const r = await send(cred, 'S-010');
    assert.equal(r.status, 201, r.text);
    assert.equal(await total(), before + 1);
  });

  test('eight ODK clients send reports while the command line changes the registry: every 201 stored once', async () => {
    const start = await total();
    const other = credentials(db, 'O-02');
    let stop = false;
    let acked = 0;
    const bad = [];
    const client = async (k) => {
      for (let n = 0; !stop; n++) {
        const station = `S-${pad(12 + ((k + n) % 9), 3)}`;
        const r = await send(n % 2 ? cred : other, station, n % 2 ? 'O-01' : 'O-02');
        if (r.status === 201) acked++;
        else bad.push(`${k}-${n}: ${r.status} ${r.text}`);
      }
    };
    const clients = Array.from({ length: 8 }, (_, k) => client(k));
    for (let i = 0; i < 4; i++) {
      const flip = await runAsync(['import', 'locations', writeFile(dir, `odk-flip-${i}.csv`,
        `code,name,level,parent\nS-009,S-009,${i % 2 ? 'station' : 'district'},${i % 2 ? 'D1' : 'KZ'}\n`),
      '--mission', 'kz-2023', '--db', db]);
      assert.equal(flip.status, 0, flip.stderr);
      const made = await runAsync(['token', 'create', '--user', 'e2e-admin', '--db', db]);
      assert.equal(made.status, 0, made.stderr);
    }
    stop = true;
    await Promise.all(clients);
    assert.deepEqual(bad, []);
    assert.ok(acked > 50, `only ${acked} reports acknowledged`);
    assert.equal(await total(), start + acked);
  });
});
