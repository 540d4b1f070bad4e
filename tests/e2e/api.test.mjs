// api.test.mjs - the JSON API of "observa serve" from outside, as clients
// see it: every route, paging and filters, UTF-8 codes in paths, errors,
// keep-alive, concurrent requests, and a clean (leak-free) shutdown.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, ok, missionDb, serve, getJson, writeFile, tempDir, authHeader, urlPattern } from './lib.mjs';

// ---- test data: a small country with many stations, and observers ----

const STATIONS = 240; // S-001 .. S-240 under two districts, plus named ones
const named = ['УИК №592', 'УИК №593', 'Station 7 (school)'];

function locationsCsv() {
  const rows = ['code,name,level,parent,registered_voters,latitude,longitude,stratum',
    'KZ,Kazakhstan,country,,,,,',
    'ALM,Almaty region,region,KZ,,,,',
    'AST,Astana,city,KZ,,,,',
    'ABR,Abroad,abroad,,,,,',
    'D1,Talgar district,district,ALM,,,,',
    'D2,Yesil district,district,AST,,,,'];
  for (let i = 1; i <= STATIONS; i++) {
    const code = `S-${String(i).padStart(3, '0')}`;
    rows.push(`${code},Station ${i},station,${i % 2 ? 'D1' : 'D2'},${1000 + i},43.2,76.9,${i % 3 ? 'urban' : 'rural'}`);
  }
  rows.push('УИК №592,Участок №592,station,D1,1500,,,urban');
  rows.push('УИК №593,Участок №593,station,D1,1400,,,rural');
  rows.push('"Station 7 (school)",School 7,station,D2,800,,,urban');
  rows.push('E-LON,London embassy,station,ABR,300,,,abroad');
  return rows.join('\n') + '\n';
}
const LOCATIONS = 6 + STATIONS + named.length + 1;

// [code, name, organisation, country, role, team, status]
const observers = [
  ['O-01', 'Ivan Petrov', 'CIS', 'RU', 'short_term', 'Team A', 'accredited'],
  ['O-02', 'Айгерим Сапарова', 'CIS', 'KZ', 'short_term', 'Team A', 'accredited'],
  ['O-03', 'Hans Müller', 'OSCE/ODIHR', 'DE', 'long_term', 'Team B', 'requested'],
  ['O-04', 'Mehmet Yılmaz', 'TurkPA', 'TR', 'head', 'Core', 'requested'],
  ['O-05', 'Ali Valiyev', 'TurkPA', 'UZ', 'short_term', 'Team B', 'refused'],
  ['O-06', 'Anna Schmidt', 'OSCE/ODIHR', 'DE', 'long_term', 'Team B', 'accredited'],
  ['O-07', 'Pierre Martin', 'OSCE/ODIHR', 'FR', 'short_term', 'Team A', 'accredited'],
  ['Н-08', 'Нурлан Абенов', '', 'KZ', 'national', 'Team C', 'withdrawn'],
];

function observersCsv() {
  const rows = ['code,full_name,organisation,country,role,phone,email,languages,team,accreditation_status,badge_number'];
  observers.forEach(([code, name, org, cc, role, team, status], i) => {
    const phone = i === 0 ? '+7 916 123-45-67' : '';
    const badge = status === 'accredited' ? `CEC-${i + 1}` : '';
    rows.push([code, name, org, cc, role, phone, '', 'ru;en', team, status, badge]
      .map((v) => (/[,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','));
  });
  return rows.join('\n') + '\n';
}

function apiDb() {
  const { dir, db } = missionDb();
  ok(['import', 'locations', writeFile(dir, 'l.csv', locationsCsv()), '--mission', 'kz-2023', '--db', db]);
  ok(['import', 'observers', writeFile(dir, 'o.csv', observersCsv()), '--mission', 'kz-2023', '--db', db]);
  return { dir, db };
}

// The process ended well: exit 0 after SIGTERM, and no leak report (under
// the ASan build with detect_leaks=1, a leak makes stderr say so).
function assertCleanExit(code, stderr) {
  assert.equal(code, 0, `exit ${code}; stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, /LeakSanitizer|AddressSanitizer|runtime error/);
  assert.match(stderr, /stopped serving/);
}

// GET over an http.Agent; resolves to { status, headers, body, reused }.
function agentGet(agent, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: authHeader(url) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, body: JSON.parse(text),
        reused: req.reusedSocket,
      }));
    });
    req.on('error', reject);
  });
}

// Send raw bytes and read until the server closes or answers in full.
function rawRequest(url, text) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => sock.write(text));
    let got = '';
    sock.setEncoding('utf8');
    sock.on('data', (c) => {
      got += c;
      const m = got.match(/content-length: (\d+)\r\n/i);
      const head = got.indexOf('\r\n\r\n');
      if (m && head >= 0 && Buffer.byteLength(got.slice(head + 4)) >= Number(m[1])) sock.end();
    });
    sock.on('end', () => resolve(got));
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
  });
}

describe('the JSON API', () => {
  let srv;
  let api;
  let db;
  before(async () => {
    ({ db } = apiDb());
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/kz-2023`;
  });
  after(async () => {
    const code = await srv.stop();
    assertCleanExit(code, srv.stderr());
  });

  test('the server announces where it listens, once', () => {
    const lines = srv.stderr().split('\n').filter((l) => l.includes('serving'));
    assert.equal(lines.length, 1);
    assert.match(lines[0], new RegExp(`^observa: serving ${urlPattern(db)}` +
      ' on http://127\\.0\\.0\\.1:\\d+/$'));
  });

  test('GET /healthz', async () => {
    const r = await getJson(`${srv.url}/healthz`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(r.body.status, 'ok');
    assert.ok(Number.isInteger(r.body.schema_version) && r.body.schema_version >= 1);
  });

  test('HEAD answers the headers of GET without a body', async () => {
    const r = await fetch(`${srv.url}/healthz`, { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(await r.text(), '');
  });

  test('missions: the list and one mission', async () => {
    const list = await getJson(`${srv.url}/api/v1/missions`);
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 1);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].code, 'kz-2023');
    const one = await getJson(api);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, list.body.items[0]);
    assert.equal(one.body.name, 'Early Mazhilis election 2023');
    assert.equal(one.body.organisation, 'CIS Inter-Parliamentary Assembly');
    assert.deepEqual(one.body.election, { type: 'parliament', date: '2023-03-19', country: 'KZ' });
  });

  test('an unknown mission is 404 with a JSON error', async () => {
    for (const path of ['', '/locations', '/locations/KZ', '/observers', '/observers/O-01',
      '/accreditation']) {
      const r = await getJson(`${srv.url}/api/v1/missions/xx-1999${path}`);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(r.body, { error: 'no mission with code "xx-1999"' }, path);
    }
  });

  test('locations: default page, ordering and shape', async () => {
    const r = await getJson(`${api}/locations`);
    assert.equal(r.status, 200);
    assert.equal(r.body.total, LOCATIONS);
    assert.equal(r.body.limit, 100);
    assert.equal(r.body.offset, 0);
    assert.equal(r.body.items.length, 100);
    const codes = r.body.items.map((l) => l.code);
    assert.deepEqual(codes, [...codes].sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))));
    const s1 = (await getJson(`${api}/locations/S-001`)).body;
    assert.deepEqual(s1, {
      code: 'S-001', name: 'Station 1', level: 'station', parent: 'D1', registered_voters: 1001,
      latitude: s1.latitude, longitude: s1.longitude, stratum: 'urban',
    });
    assert.ok(Math.abs(s1.latitude - 43.2) < 1e-9 && Math.abs(s1.longitude - 76.9) < 1e-9);
  });

  test('locations: paging with limit and offset covers every row once', async () => {
    const all = (await getJson(`${api}/locations?limit=1000`)).body;
    assert.equal(all.items.length, LOCATIONS);
    const seen = [];
    for (let offset = 0; offset < LOCATIONS; offset += 37) {
      const page = (await getJson(`${api}/locations?limit=37&offset=${offset}`)).body;
      assert.equal(page.total, LOCATIONS);
      assert.equal(page.limit, 37);
      assert.equal(page.offset, offset);
      assert.equal(page.items.length, Math.min(37, LOCATIONS - offset));
      seen.push(...page.items);
    }
    assert.deepEqual(seen, all.items);
    const past = (await getJson(`${api}/locations?offset=${LOCATIONS + 10}`)).body;
    assert.equal(past.total, LOCATIONS);
    assert.deepEqual(past.items, []);
    const countOnly = (await getJson(`${api}/locations?limit=0&level=station`)).body;
    assert.deepEqual(countOnly, { total: STATIONS + named.length + 1, limit: 0, offset: 0, items: [] });
  });

  test('locations: each filter', async () => {
    const q = async (query) => (await getJson(`${api}/locations?${query}`)).body;
    const top = await q('top=1');
    assert.deepEqual(top.items.map((l) => l.code), ['ABR', 'KZ']);
    assert.deepEqual((await q('top=0&limit=0')).total, LOCATIONS);
    const regions = await q('parent=KZ');
    assert.deepEqual(regions.items.map((l) => l.code), ['ALM', 'AST']);
    const d1 = await q('parent=D1&limit=1000');
    assert.equal(d1.total, STATIONS / 2 + 2);
    assert.ok(d1.items.every((l) => l.parent === 'D1'));
    assert.equal((await q('level=station')).total, STATIONS + named.length + 1);
    assert.deepEqual((await q('level=region')).items.map((l) => l.code), ['ALM']);
    assert.deepEqual((await q('level=City')).items.map((l) => l.code), ['AST']);
    const prefix = await q(new URLSearchParams({ code_prefix: 'УИК' }).toString());
    assert.deepEqual(prefix.items.map((l) => l.code), ['УИК №592', 'УИК №593']);
    assert.equal((await q('code_prefix=S-01')).total, 10);
    const combined = await q('parent=D2&level=station&code_prefix=S-00');
    assert.deepEqual(combined.items.map((l) => l.code), ['S-002', 'S-004', 'S-006', 'S-008']);
    assert.equal((await q('parent=NOWHERE')).total, 0);
  });

  test('locations: UTF-8 codes and spaces in paths', async () => {
    const r = await getJson(`${api}/locations/${encodeURIComponent('УИК №592')}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.code, 'УИК №592');
    assert.equal(r.body.name, 'Участок №592');
    assert.equal(r.body.registered_voters, 1500);
    const s = await getJson(`${api}/locations/${encodeURIComponent('Station 7 (school)')}`);
    assert.equal(s.status, 200);
    assert.equal(s.body.name, 'School 7');
    // Percent-encoded with lower-case hex is the same code.
    const lower = await getJson(`${api}/locations/%d0%a3%d0%98%d0%9a%20%e2%84%96593`);
    assert.equal(lower.body.code, 'УИК №593');
    const parented = await getJson(`${api}/locations?parent=${encodeURIComponent('D1')}&code_prefix=${encodeURIComponent('УИК №59')}`);
    assert.equal(parented.body.total, 2);
  });

  test('locations and observers: unknown codes are 404', async () => {
    const l = await getJson(`${api}/locations/${encodeURIComponent('УИК №1')}`);
    assert.equal(l.status, 404);
    assert.deepEqual(l.body, { error: 'no location with code "УИК №1"' });
    const o = await getJson(`${api}/observers/NOBODY`);
    assert.equal(o.status, 404);
    assert.deepEqual(o.body, { error: 'no observer with code "NOBODY"' });
    const slash = await getJson(`${api}/locations/a%2Fb`);
    assert.equal(slash.status, 404);
    assert.deepEqual(slash.body, { error: 'no location with code "a/b"' });
  });

  test('bad query values are 400 naming the parameter', async () => {
    const cases = [
      ['locations?limit=abc', /^limit: /],
      ['locations?limit=-1', /^limit: /],
      ['locations?limit=5000', /^limit: must be a whole number from 0 to 1000/],
      ['locations?limit=', /^limit: /],
      ['locations?offset=-3', /^offset: /],
      ['locations?offset=x', /^offset: /],
      ['locations?level=planet', /^level: "planet" is not one of: /],
      ['locations?top=maybe', /^top: /],
      ['locations?top=1&parent=KZ', /^top: cannot be combined with parent/],
      ['locations?parent=', /^parent: must not be empty/],
      ['locations?code_prefix=%FF', /^code_prefix: not valid UTF-8/],
      ['observers?limit=1001', /^limit: /],
      ['observers?status=elected', /^status: "elected" is not one of: /],
      ['observers?role=king', /^role: "king" is not one of: /],
      ['observers?country=XX', /^country: "XX" is not an ISO 3166-1 alpha-2 code/],
      ['observers?team=', /^team: must not be empty/],
      ['observers?phone=call-me', /^phone: /],
    ];
    for (const [path, re] of cases) {
      const r = await getJson(`${api}/${path}`);
      assert.equal(r.status, 400, path);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(Object.keys(r.body), ['error'], path);
      assert.match(r.body.error, re, path);
    }
    const badPath = await getJson(`${api}/locations/%E2%84`);
    assert.equal(badPath.status, 400);
    assert.match(badPath.body.error, /^path: /);
  });

  test('observers: paging, shape and one observer', async () => {
    const all = (await getJson(`${api}/observers`)).body;
    assert.equal(all.total, observers.length);
    assert.deepEqual(all.items.map((o) => o.code), observers.map((o) => o[0]).sort());
    const page = (await getJson(`${api}/observers?limit=3&offset=3`)).body;
    assert.deepEqual({ total: page.total, limit: page.limit, offset: page.offset },
      { total: observers.length, limit: 3, offset: 3 });
    assert.deepEqual(page.items, all.items.slice(3, 6));
    const o1 = (await getJson(`${api}/observers/O-01`)).body;
    assert.equal(o1.full_name, 'Ivan Petrov');
    assert.deepEqual(o1.phones, ['+79161234567']);
    assert.deepEqual(o1.languages, ['ru', 'en']);
    assert.equal(o1.accreditation.status, 'accredited');
    assert.equal(o1.accreditation.badge_number, 'CEC-1');
    const cyr = await getJson(`${api}/observers/${encodeURIComponent('Н-08')}`);
    assert.equal(cyr.status, 200);
    assert.equal(cyr.body.full_name, 'Нурлан Абенов');
    assert.equal(cyr.body.organisation, null);
  });

  test('observers: each filter', async () => {
    const codes = async (query) =>
      (await getJson(`${api}/observers?${query}`)).body.items.map((o) => o.code);
    assert.deepEqual(await codes('status=accredited'), ['O-01', 'O-02', 'O-06', 'O-07']);
    assert.deepEqual(await codes('status=withdrawn'), ['Н-08']);
    assert.deepEqual(await codes(new URLSearchParams({ organisation: 'OSCE/ODIHR' })),
      ['O-03', 'O-06', 'O-07']);
    assert.deepEqual(await codes('organisation=Nobody'), []);
    assert.deepEqual(await codes('country=DE'), ['O-03', 'O-06']);
    assert.deepEqual(await codes('country=kz'), ['O-02', 'Н-08']);
    assert.deepEqual(await codes('role=long_term'), ['O-03', 'O-06']);
    assert.deepEqual(await codes('role=head'), ['O-04']);
    assert.deepEqual(await codes('role=LTO'), ['O-03', 'O-06']);
    assert.deepEqual(await codes('role=Long-term+observer&country=DE'), ['O-03', 'O-06']);
    assert.deepEqual(await codes('team=Team+A'), ['O-01', 'O-02', 'O-07']);
    assert.deepEqual(await codes(`team=${encodeURIComponent('Team B')}&status=accredited`), ['O-06']);
    // A national number is read as one of the mission's country (KZ: +7).
    assert.deepEqual(await codes(`phone=${encodeURIComponent('8 916 123 45 67')}`), ['O-01']);
    assert.deepEqual(await codes(`phone=${encodeURIComponent('+7 916 123-45-67')}`), ['O-01']);
    const counted = (await getJson(`${api}/observers?country=DE&limit=0`)).body;
    assert.deepEqual(counted, { total: 2, limit: 0, offset: 0, items: [] });
  });

  test('accreditation figures', async () => {
    const r = await getJson(`${api}/accreditation`);
    assert.equal(r.status, 200);
    const a = r.body;
    assert.equal(a.total, observers.length);
    assert.deepEqual(a.by_status, { requested: 2, accredited: 4, refused: 1, withdrawn: 1 });
    assert.equal(a.organisations, 3);
    assert.equal(a.countries, 6);
    const osce = a.by_organisation.find((o) => o.name === 'OSCE/ODIHR');
    assert.equal(osce.count, 3);
    assert.equal(osce.by_status.accredited, 2);
    const de = a.by_country.find((c) => c.code === 'DE');
    assert.equal(de.count, 2);
    assert.equal(de.name, 'Germany');
    assert.equal(typeof a.summary, 'string');
    assert.match(a.summary, /8 observers/);
    assert.equal(typeof a.summary_ru, 'string');
  });

  test('unknown paths are 404 and wrong methods 405 with Allow', async () => {
    // "/" is the dashboard (dashboard.test.mjs); "/static/" names no file.
    for (const path of ['/static/', '/nope', '/api/v1', '/api/v1/missions/', '/api/v1/missions/kz-2023/foo',
      '/api/v1/missions/kz-2023/locations/KZ/extra', '/healthz/']) {
      const r = await getJson(`${srv.url}${path}`);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.match(r.body.error, /^no such path: /, path);
    }
    for (const [method, path] of [['POST', '/api/v1/missions'], ['DELETE', '/api/v1/missions/kz-2023'],
      ['PUT', '/healthz'], ['PATCH', '/api/v1/missions/kz-2023/observers/O-01']]) {
      const r = await fetch(`${srv.url}${path}`, { method, body: method === 'DELETE' ? undefined : '{}' });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.headers.get('allow'), 'GET, HEAD');
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      const body = await r.json();
      assert.match(body.error, new RegExp(`^method ${method} is not allowed on `));
    }
  });

  test('a request body over 1 MiB is 413', async () => {
    // A client that waits for 100 Continue is answered before it sends.
    const raw = await rawRequest(srv.url, 'POST /api/v1/missions HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/json\r\nContent-Length: 2000000\r\n' +
      'Expect: 100-continue\r\n\r\n');
    assert.match(raw, /^HTTP\/1\.1 413 /);
    assert.match(raw, /\{"error":"the request body is larger than 1048576 bytes"\}/);
    // A body under the limit is read, and the answer is about the route.
    const small = await fetch(`${srv.url}/api/v1/missions`, { method: 'POST', body: 'x'.repeat(500000) });
    assert.equal(small.status, 405);
  });

  test('keep-alive: several requests over one connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const paths = ['/healthz', '/api/v1/missions', '/api/v1/missions/kz-2023/locations?limit=5',
        '/api/v1/missions/nope', '/api/v1/missions/kz-2023/observers/O-02', '/healthz'];
      const results = [];
      for (const p of paths) results.push(await agentGet(agent, `${srv.url}${p}`));
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 404, 200, 200]);
      for (const r of results) assert.notEqual(r.headers.connection, 'close');
      assert.deepEqual(results.map((r) => r.reused), [false, true, true, true, true, true]);
    } finally {
      agent.destroy();
    }
  });

  test('200 concurrent requests all succeed with the right answers', async () => {
    const urls = [];
    for (let i = 0; i < 200; i++) {
      const k = i % 4;
      if (k === 0) urls.push([`${api}/locations?limit=10&offset=${i}`, (b) => b.offset === i && b.items.length === 10]);
      else if (k === 1) urls.push([`${api}/locations/S-${String((i % STATIONS) + 1).padStart(3, '0')}`,
        (b) => b.code === `S-${String((i % STATIONS) + 1).padStart(3, '0')}`]);
      else if (k === 2) urls.push([`${api}/observers?status=accredited`, (b) => b.total === 4]);
      else urls.push([`${api}/accreditation`, (b) => b.total === observers.length]);
    }
    const results = await Promise.all(urls.map(([u]) => getJson(u)));
    results.forEach((r, i) => {
      assert.equal(r.status, 200, urls[i][0]);
      assert.ok(urls[i][1](r.body), urls[i][0]);
    });
  });
});

describe('starting and stopping', () => {
  test('SIGTERM stops the server with exit 0 and no leaks, after serving', async () => {
    const { db } = missionDb();
    const srv = await serve(db, ['--threads', '1']);
    for (let i = 0; i < 20; i++) assert.equal((await getJson(`${srv.url}/api/v1/missions`)).status, 200);
    const code = await srv.stop();
    assertCleanExit(code, srv.stderr());
  });

  test('SIGINT stops the server too, with a connection still open', async () => {
    const { db } = missionDb();
    const srv = await serve(db);
    const agent = new http.Agent({ keepAlive: true });
    await agentGet(agent, `${srv.url}/healthz`);
    const code = await new Promise((resolve) => {
      // 'close': its standard error read to the end, not only exited.
      srv.proc.on('close', (c, sig) => resolve(c ?? sig));
      srv.proc.kill('SIGINT');
    });
    agent.destroy();
    assertCleanExit(code, srv.stderr());
    assert.match(srv.stderr(), /SIGINT received/);
  });

  test('its threads are named, for top -H and ps -L (docs/deployment.md)', async () => {
    const { db } = missionDb();
    const srv = await serve(db, ['--threads', '3']);
    const task = `/proc/${srv.proc.pid}/task`;
    const comm = (t) => { try { return readFileSync(`${task}/${t}/comm`, 'utf8').trim(); } catch { return ''; } };
    // The main thread keeps the program's name; the one building the
    // tallies after start (observa-warm) ends by itself.
    const want = ['MHD-worker', 'MHD-worker', 'MHD-worker', 'observa', 'observa-accept', 'observa-events',
      'observa-guard', 'observa-outbox', 'observa-writer'];
    try {
      // Threads name themselves as they start, some just after the server
      // says it listens.
      let names = [];
      for (let i = 0; i < 100; i++) {
        names = readdirSync(task).map(comm).filter((n) => n && n !== 'observa-warm').sort();
        if (names.join() === want.join()) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.deepEqual(names, want);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('a missing database or a bad option fails before serving', () => {
    const dir = tempDir();
    const r = run(['serve', '--db', `sqlite:${join(dir, 'absent.db')}`, '--port', '0']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no database at .*absent\.db.*observa init/);
    assert.equal(run(['serve', '--port', 'http']).status, 2);
    assert.equal(run(['serve', '--threads', '0']).status, 2);
    for (const n of ['0', '901', 'soon']) {
      const bad = run(['serve', '--lock-seconds', n]);
      assert.equal(bad.status, 2, n);
      assert.match(bad.stderr, /--lock-seconds wants a number from 1 to 900/);
    }
    const help = run(['serve', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /usage: observa serve/);
  });

  test('a port already taken is a clear error', async () => {
    const { db } = missionDb();
    const srv = await serve(db);
    try {
      const port = new URL(srv.url).port;
      const r = run(['serve', '--db', db, '--bind', '127.0.0.1', '--port', port]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1 port ${port}`));
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });
});
