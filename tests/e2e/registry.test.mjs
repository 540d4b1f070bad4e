// registry.test.mjs - the mission registry from the command line: init,
// missions, accreditation figures, accreditation changes, the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, ok, tempDir, freshDb, missionDb, writeFile } from './lib.mjs';

const observersCsv = [
  'code,full_name,organisation,country,role,phone,accreditation_status,badge_number',
  'O1,Ivan Petrov,CIS Inter-Parliamentary Assembly,RU,short_term,+7 916 123-45-67,accredited,CEC-001',
  'O2,Айгерим Сапарова,CIS Inter-Parliamentary Assembly,KZ,short_term,8 701 765 43 21,accredited,CEC-002',
  'O3,Hans Müller,OSCE/ODIHR,DE,long_term,+49 30 1234567,requested,',
  'O4,Mehmet Yılmaz,TurkPA,TR,head,+90 312 555 1234,requested,',
  'O5,Ali Valiyev,TurkPA,UZ,short_term,+998 71 123 45 67,refused,',
].join('\n') + '\n';

function registryDb() {
  const { dir, db } = missionDb();
  const file = writeFile(dir, 'observers.csv', observersCsv);
  ok(['import', 'observers', file, '--mission', 'kz-2023', '--db', db]);
  return { dir, db };
}

test('init creates a database and is safe to run again', () => {
  const dir = tempDir();
  const db = freshDb(dir, 'm.db');
  const first = ok(['init', '--db', db]);
  assert.match(first.stdout, /schema version \d+/);
  const again = ok(['init', '--db', db]);
  assert.equal(again.stdout, first.stdout);
});

test('every command answers --help', () => {
  for (const cmd of ['init', 'mission', 'import', 'location', 'observer', 'accreditation',
    'audit', 'serve', 'demo']) {
    const r = run([cmd, '--help']);
    assert.equal(r.status, 0, `${cmd} --help: ${r.stderr}`);
    assert.match(r.stdout, /usage: observa/, cmd);
  }
});

test('an unknown command or option fails with a message on stderr', () => {
  const r = run(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not an observa command/);
  const r2 = run(['mission', 'list', '--colour']);
  assert.equal(r2.status, 2);
  assert.equal(r2.stdout, '');
});

test('missions are created, listed, shown and updated', () => {
  const { db } = missionDb();
  ok(['mission', 'create', 'kz-2022', '--db', db, '--name', 'Presidential election 2022',
    '--election-type', 'president', '--election-date', '2022-11-20', '--country', 'Kazakhstan',
    '--long-term', '2022-10-20..2022-11-19']);
  const list = JSON.parse(ok(['mission', 'list', '--db', db, '--format', 'json']).stdout);
  assert.deepEqual(list.map((m) => m.code), ['kz-2022', 'kz-2023']);
  const m = JSON.parse(ok(['mission', 'show', 'kz-2023', '--db', db, '--format', 'json']).stdout);
  assert.equal(m.election.type, 'parliament');
  assert.equal(m.election.country, 'KZ');
  assert.equal(m.organisation, 'CIS Inter-Parliamentary Assembly');
  ok(['mission', 'update', 'kz-2023', '--db', db, '--short-term', '2023-03-15..2023-03-21',
    '--set', 'timezone=Asia/Almaty']);
  const u = JSON.parse(ok(['mission', 'show', 'kz-2023', '--db', db, '--format', 'json']).stdout);
  assert.deepEqual(u.phases.short_term, { start: '2023-03-15', end: '2023-03-21' });
  assert.equal(u.settings.timezone, 'Asia/Almaty');
  assert.equal(u.name, 'Early Mazhilis election 2023');
  const text = ok(['mission', 'show', 'kz-2023', '--db', db]).stdout;
  assert.match(text, /Kazakhstan \(KZ\)/);
});

test('mission errors are clear', () => {
  const { db } = missionDb();
  let r = run(['mission', 'create', 'kz-2023', '--db', db, '--name', 'x', '--election-type',
    'president', '--election-date', '2023-01-01', '--country', 'KZ']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already exists/);
  r = run(['mission', 'create', 'x1', '--db', db, '--name', 'x', '--election-type',
    'president', '--election-date', '2023-02-30', '--country', 'KZ']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /2023-02-30.*not a date/);
  r = run(['mission', 'show', 'nope', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no mission with code "nope"/);
  r = run(['mission', 'create', 'x2', '--db', db, '--name', 'x']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /needs --name, --election-type/);
});

test('accreditation figures by status, organisation and country', () => {
  const { db } = registryDb();
  const j = JSON.parse(ok(['accreditation', '--mission', 'kz-2023', '--db', db,
    '--format', 'json']).stdout);
  assert.equal(j.total, 5);
  assert.deepEqual(j.by_status, { requested: 2, accredited: 2, refused: 1, withdrawn: 0 });
  assert.equal(j.organisations, 3);
  assert.equal(j.countries, 5);
  assert.equal(j.summary, '5 observers from 3 organisations and 5 countries; 2 accredited, 2 pending, 1 refused');
  assert.deepEqual(j.by_organisation[0], { name: 'CIS Inter-Parliamentary Assembly', count: 2,
    by_status: { requested: 0, accredited: 2, refused: 0, withdrawn: 0 } });
  const kz = j.by_country.find((c) => c.code === 'KZ');
  assert.equal(kz.name, 'Kazakhstan');
  assert.equal(kz.name_ru, 'Казахстан');
  assert.equal(kz.count, 1);
  const text = ok(['accreditation', '--mission', 'kz-2023', '--db', db]).stdout;
  assert.match(text, /^5 observers from 3 organisations and 5 countries/);
  assert.match(text, /TurkPA\s+2\s+0\s+1\s+1\s+0/);
});

test('accreditation changes follow the commission\'s rules and are audited', () => {
  const { db } = registryDb();
  const accredit = (code, ...args) => run(['observer', 'accredit', code, '--mission', 'kz-2023',
    '--db', db, ...args]);
  let r = accredit('O3', '--status', 'accredited', '--badge', 'CEC-003', '--date', '2023-03-10');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /O3 is accredited, badge CEC-003/);
  const o3 = JSON.parse(ok(['observer', 'show', 'O3', '--mission', 'kz-2023', '--db', db,
    '--format', 'json']).stdout);
  assert.equal(o3.accreditation.status, 'accredited');
  assert.equal(o3.accreditation.badge_number, 'CEC-003');
  assert.equal(o3.accreditation.decided_on, '2023-03-10');

  r = accredit('O5', '--status', 'accredited');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /O5 is refused and cannot become accredited/);
  r = accredit('O1', '--status', 'withdrawn');
  assert.equal(r.status, 0, r.stderr);
  r = accredit('NOBODY', '--status', 'accredited');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no observer with code "NOBODY"/);

  const audit = JSON.parse(ok(['audit', '--db', db, '--mission', 'kz-2023', '--entity',
    'observer', '--format', 'json']).stdout);
  const change = audit.find((a) => a.key === 'O3' && a.action === 'update');
  assert.ok(change, 'the accreditation of O3 is in the audit log');
  assert.equal(change.before.accreditation.status, 'requested');
  assert.equal(change.after.accreditation.status, 'accredited');
  assert.match(change.actor, /^cli:/);
  assert.match(change.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const j = JSON.parse(ok(['accreditation', '--mission', 'kz-2023', '--db', db,
    '--format', 'json']).stdout);
  assert.deepEqual(j.by_status, { requested: 1, accredited: 2, refused: 1, withdrawn: 1 });
});

test('the audit log records missions and imports, newest first', () => {
  const { db } = registryDb();
  const text = ok(['audit', '--db', db, '--limit', '0']).stdout;
  assert.match(text, /create\s+mission\s+kz-2023/);
  const all = JSON.parse(ok(['audit', '--db', db, '--limit', '0', '--format', 'json']).stdout);
  const ids = all.map((a) => a.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  assert.ok(all.filter((a) => a.entity === 'observer' && a.action === 'create').length === 5);
  const two = JSON.parse(ok(['audit', '--db', db, '--limit', '2', '--format', 'json']).stdout);
  assert.equal(two.length, 2);
});

test('a database URL with an unknown scheme is refused clearly', () => {
  const r = run(['init', '--db', 'mysql://localhost/x']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unsupported scheme "mysql"/);
});

test('OBSERVA_DB and a global --db before the command both work', () => {
  const dir = tempDir();
  const db = freshDb(dir, 'env.db');
  ok(['init'], { env: { OBSERVA_DB: db } });
  ok(['--db', db, 'mission', 'create', 'm1', '--name', 'x', '--election-type', 'referendum',
    '--election-date', '2022-06-05', '--country', 'KZ']);
  const list = JSON.parse(ok(['mission', 'list', '--format', 'json'], { env: { OBSERVA_DB: db } }).stdout);
  assert.equal(list[0].code, 'm1');
});
