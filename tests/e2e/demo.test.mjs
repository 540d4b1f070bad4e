// demo.test.mjs - "observa demo": creates the demo mission kz-2023 once in
// demo.db of the current directory, with realistic totals, the same on every
// run, and serves it until SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bin, getJson, ok, run, tempDir } from './lib.mjs';

const DB = 'sqlite:demo.db';

// Run an observa command in dir and parse its JSON output.
function json(dir, args) {
  return JSON.parse(ok([...args, '--db', DB, '--format', 'json'], { cwd: dir }).stdout);
}

function total(dir, ...filters) {
  return json(dir, ['location', 'list', '--mission', 'kz-2023', ...filters, '--limit', '1']).total;
}

// One demo database shared by the read-only checks below.
const shared = tempDir();
const first = ok(['demo', '--no-serve'], { cwd: shared });

test('demo --no-serve creates demo.db in the current directory and exits', () => {
  assert.ok(existsSync(join(shared, 'demo.db')));
  assert.match(first.stderr, /creating the demo mission kz-2023 in sqlite:demo\.db/);
  assert.match(first.stderr, /created in [\d.]+ s/);
  assert.match(first.stdout, /polling stations/);
  assert.match(first.stdout, /registered/);
  assert.match(first.stdout, /800 observers from 12 organisations and 41 countries/);
  assert.doesNotMatch(first.stdout + first.stderr, /serving/);
});

test('the mission is the early Mazhilis election of 19 March 2023', () => {
  const m = json(shared, ['mission', 'show', 'kz-2023']);
  assert.equal(m.code, 'kz-2023');
  assert.deepEqual(m.election, { type: 'parliament', date: '2023-03-19', country: 'KZ' });
  assert.equal(m.organisation, 'CIS Inter-Parliamentary Assembly');
  assert.deepEqual(m.phases.long_term, { start: '2023-02-20', end: '2023-03-18' });
  assert.deepEqual(m.phases.short_term, { start: '2023-03-15', end: '2023-03-21' });
  assert.equal(m.settings.timezone, 'Asia/Almaty');
});

test('the map: 17 regions, 3 cities, about 10,000 stations, about 70 abroad', () => {
  assert.equal(total(shared, '--level', 'country'), 1);
  assert.equal(total(shared, '--level', 'region'), 17);
  assert.equal(total(shared, '--level', 'city'), 3);
  const districts = total(shared, '--level', 'district');
  assert.ok(districts >= 17 * 8 && districts <= 20 * 20, `${districts} districts`);
  const stations = total(shared, '--level', 'station');
  assert.ok(stations >= 9500 && stations <= 10500, `${stations} stations`);
  const abroad = total(shared, '--parent', 'ABR', '--level', 'station');
  assert.ok(abroad >= 60 && abroad <= 80, `${abroad} stations abroad`);
  const regions = json(shared, ['location', 'list', '--mission', 'kz-2023', '--level', 'region']);
  assert.ok(regions.items.some((r) => r.name === 'Қостанай облысы'));
});

test('about 12 million voters on plausible stations', () => {
  const list = json(shared, ['location', 'list', '--mission', 'kz-2023', '--level', 'station']);
  assert.equal(list.items.length, list.total);
  let voters = 0;
  const strata = {};
  for (const s of list.items) {
    assert.match(s.code, /^(\d\d-\d{4}|ABR-\d{3})$/);
    assert.ok(Number.isInteger(s.registered_voters) && s.registered_voters > 0, s.code);
    assert.ok(Math.abs(s.latitude) <= 90 && Math.abs(s.longitude) <= 180, s.code);
    strata[s.stratum] = (strata[s.stratum] || 0) + 1;
    if (s.stratum === 'rural') assert.ok(s.registered_voters >= 100 && s.registered_voters <= 1200, s.code);
    if (s.stratum === 'urban' || s.stratum === 'capital') {
      assert.ok(s.registered_voters >= 1500 && s.registered_voters <= 3000, s.code);
    }
    if (!s.code.startsWith('ABR')) {
      // Stations at home lie in Kazakhstan (roughly 40-56 N, 46-88 E).
      assert.ok(s.latitude > 40 && s.latitude < 56 && s.longitude > 46 && s.longitude < 88, s.code);
    }
    voters += s.registered_voters;
  }
  assert.ok(voters >= 11_500_000 && voters <= 12_500_000, `${voters} voters`);
  assert.deepEqual(Object.keys(strata).sort(), ['abroad', 'capital', 'rural', 'urban']);
});

test('about 800 observers from 12 organisations and 41 countries', () => {
  const acc = json(shared, ['accreditation', '--mission', 'kz-2023']);
  assert.ok(acc.total >= 750 && acc.total <= 850, `${acc.total} observers`);
  assert.equal(acc.organisations, 12);
  assert.equal(acc.countries, 41);
  const s = acc.by_status;
  assert.equal(s.requested + s.accredited + s.refused + s.withdrawn, acc.total);
  assert.ok(s.accredited > acc.total * 0.8, 'most are accredited');
  assert.ok(s.requested > 0 && s.refused > 0 && s.withdrawn > 0);
  assert.match(acc.summary, /12 organisations and 41 countries/);
});

test('observers have unique E.164 phones, e-mails, teams of two and badges', () => {
  const list = json(shared, ['observer', 'list', '--mission', 'kz-2023']);
  const phones = new Set();
  const teams = {};
  for (const o of list.items) {
    for (const p of o.phones) {
      assert.match(p, /^\+[1-9]\d{7,14}$/, o.code);
      assert.ok(!phones.has(p), `phone ${p} twice`);
      phones.add(p);
    }
    if (o.email) assert.match(o.email, /^[a-z0-9.]+@[a-z0-9.-]+\.example$/, o.code);
    if (o.accreditation_status === 'accredited') assert.match(o.badge_number, /^CEC-2023-\d{5}$/);
    if (o.accreditation_status === 'requested') assert.ok(!o.badge_number && !o.decided_on);
    if (o.team && (o.role === 'short_term' || o.role === 'long_term')) {
      teams[o.team] = (teams[o.team] || 0) + 1;
    }
  }
  const sizes = Object.values(teams);
  assert.ok(sizes.length > 100, `${sizes.length} teams`);
  assert.ok(sizes.every((n) => n === 2 || n === 3), 'teams of two (one of three for an odd one out)');
  assert.ok(sizes.filter((n) => n === 2).length > sizes.length * 0.9);
  const roles = new Set(list.items.map((o) => o.role));
  for (const r of ['head', 'coordinator', 'core_team', 'long_term', 'short_term', 'interpreter', 'driver']) {
    assert.ok(roles.has(r), `role ${r}`);
  }
});

test('a second run reuses the database instead of regenerating it', () => {
  const before = ok(['audit', '--mission', 'kz-2023', '--limit', '1', '--format', 'json', '--db', DB],
    { cwd: shared }).stdout;
  const again = ok(['demo', '--no-serve'], { cwd: shared });
  assert.match(again.stderr, /already holds the demo mission kz-2023: reusing it/);
  assert.doesNotMatch(again.stderr, /creating/);
  assert.equal(again.stdout, first.stdout);
  const after = ok(['audit', '--mission', 'kz-2023', '--limit', '1', '--format', 'json', '--db', DB],
    { cwd: shared }).stdout;
  assert.equal(after, before, 'nothing new in the audit log');
});

test('every run makes the same demo', () => {
  const other = tempDir();
  ok(['demo', '--no-serve'], { cwd: other });
  for (const args of [['location', 'list', '--mission', 'kz-2023'],
    ['observer', 'list', '--mission', 'kz-2023']]) {
    assert.deepEqual(json(other, args), json(shared, args), args.join(' '));
  }
});

test('--db chooses the database; $OBSERVA_DB does not', () => {
  const dir = tempDir();
  ok(['demo', '--no-serve', '--db', 'sqlite:other.db'], { cwd: dir });
  assert.ok(existsSync(join(dir, 'other.db')));
  assert.ok(!existsSync(join(dir, 'demo.db')));
  ok(['demo', '--no-serve'], { cwd: dir, env: { OBSERVA_DB: 'sqlite:real.db' } });
  assert.ok(existsSync(join(dir, 'demo.db')));
  assert.ok(!existsSync(join(dir, 'real.db')));
});

test('a wrong command line is a usage error', () => {
  const dir = tempDir();
  assert.equal(run(['demo', '--port', 'x'], { cwd: dir }).status, 2);
  assert.equal(run(['demo', 'extra'], { cwd: dir }).status, 2);
  assert.ok(!existsSync(join(dir, 'demo.db')));
  const help = ok(['demo', '--help'], { cwd: dir });
  assert.match(help.stdout, /--no-serve/);
});

// Start "observa demo --port 0" in dir; resolves once it says where it listens.
function startDemo(dir) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ['demo', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    const timer = setTimeout(() => {
      if (!done) { done = true; proc.kill('SIGKILL'); reject(new Error('demo did not start: ' + err)); }
    }, 120000);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => { out += chunk; });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      err += chunk;
      const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}`, proc, stdout: () => out, stderr: () => err });
      }
    });
    proc.on('exit', (code) => {
      if (!done) { done = true; clearTimeout(timer); reject(new Error(`demo exited ${code}: ${err}`)); }
    });
  });
}

test('demo --port 0 serves the mission and stops on SIGTERM with exit 0', async () => {
  const dir = tempDir();
  const d = await startDemo(dir);
  const exited = new Promise((res) => d.proc.on('exit', (code, signal) => res({ code, signal })));
  try {
    const health = await getJson(`${d.url}/healthz`);
    assert.equal(health.status, 200);
    const acc = await getJson(`${d.url}/api/v1/missions/kz-2023/accreditation`);
    assert.equal(acc.status, 200);
    assert.equal(acc.body.organisations, 12);
    assert.equal(acc.body.countries, 41);
    const st = await getJson(`${d.url}/api/v1/missions/kz-2023/locations?level=station&limit=1`);
    assert.equal(st.status, 200);
    assert.ok(st.body.total >= 9500 && st.body.total <= 10500);
    const abroad = await getJson(`${d.url}/api/v1/missions/kz-2023/locations/ABR-001`);
    assert.equal(abroad.status, 200);
    assert.equal(abroad.body.stratum, 'abroad');
    // Before serving it says how to log in and what to try, never port 0.
    assert.match(d.stdout(), /login: none needed yet — the API is open to this machine only \(127\.0\.0\.1\)/);
    assert.match(d.stdout(), /\/api\/v1\/missions\/kz-2023\/accreditation/);
    assert.match(d.stdout(), /observa accreditation --mission kz-2023 --db sqlite:demo\.db/);
    assert.doesNotMatch(d.stdout() + d.stderr(), /127\.0\.0\.1:0\//);
  } finally {
    d.proc.kill('SIGTERM');
  }
  const { code, signal } = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.ok(existsSync(join(dir, 'demo.db')));
});
