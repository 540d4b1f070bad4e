// coverage.test.mjs - "observa import assignments" and "observa analyze
// coverage" end to end: observers and teams assigned to stations, files
// rejected whole with the line and column, re-imports, and the coverage
// tables and JSON of a mission before and after reports arrive through
// "observa submit".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { missionDb, ok, run, writeFile, repo } from './lib.mjs';

const fixtures = join(repo, 'tests', 'data', 'import');
const M = ['--mission', 'kz-2023'];

// The fixture mission: stations KZ-39-592 and KZ-39-593 (region KZ-39),
// KZ-75-101 (city KZ-75) and KZ-ABR-RU-1 (abroad, KZ-ABR); observers
// CIS-001 (team Kostanay, two phones), CIS-002 (team Almaty), ODIHR-001.
function registry() {
  const m = missionDb();
  ok(['import', 'locations', join(fixtures, 'locations-kz.csv'), '--db', m.db, ...M]);
  ok(['import', 'observers', join(fixtures, 'observers-kz.csv'), '--db', m.db, ...M]);
  return m;
}

function coverage(db, args = []) {
  return JSON.parse(ok(['analyze', 'coverage', '--db', db, ...M, '--format', 'json', ...args]).stdout);
}

function counts(expected, reported, missing, flagged = 0, conflicts = 0, extra = 0) {
  return { expected, reported, missing, flagged, conflicts, extra };
}

const ASSIGNMENTS = [
  'observer,station,day',
  'CIS-001,KZ-39-592,2023-03-19',
  'CIS-002,KZ-39-592,2023-03-19',
  'CIS-001,KZ-39-593,2023-03-19',
  'CIS-002,KZ-ABR-RU-1,2023-03-18',
].join('\r\n') + '\r\n';

test('assignments import, count what is new and change nothing the second time', () => {
  const { dir, db } = registry();
  const path = writeFile(dir, 'assignments.csv', '\uFEFF' + ASSIGNMENTS);
  let r = run(['import', 'assignments', path, '--db', db, ...M]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'imported 4 assignments into kz-2023: 4 new, 0 updated, 0 unchanged\n');
  assert.equal(r.stderr, '');
  r = ok(['import', 'assignments', path, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 4 assignments into kz-2023: 0 new, 0 updated, 4 unchanged\n');
  // A team row assigns each member; no day means the election day.
  const teams = 'team,station\nKostanay,KZ-75-101\n';
  r = ok(['import', 'assignments', '-', '--dry-run', '--db', db, ...M], { input: teams });
  assert.equal(r.stdout, 'would import 1 assignment into kz-2023: 1 new, 0 updated, 0 unchanged\n');
  r = ok(['import', 'assignments', '-', '--db', db, ...M],
    { input: 'team,station,date\nKostanay,KZ-75-101,\nAlmaty,KZ-75-101,2023-03-19\n' });
  assert.equal(r.stdout, 'imported 2 assignments into kz-2023: 2 new, 0 updated, 0 unchanged\n');
  const c = coverage(db, ['--day', '2023-03-19']);
  assert.equal(c.all_expected, false);
  assert.deepEqual(c.total.OP, counts(3, 0, 3));
  const s101 = c.missing.find((m) => m.form === 'OP' && m.station === 'KZ-75-101');
  assert.deepEqual(s101.observers.map((o) => o.code), ['CIS-001', 'CIS-002']);
});

const BAD_ASSIGNMENTS = [
  ['no observer or team column', 'station,day\nKZ-39-592,2023-03-19\n',
    'line 1: the header needs an "observer" column (or "team" to assign every member of a ' +
    'team); assignments files have the columns observer, team, station, day'],
  ['an unknown column, with the name meant', 'observer,staton\nCIS-001,KZ-39-592\n',
    'line 1: unknown column "staton" (did you mean "station"?)'],
  ['an observer not in the mission', 'observer,station\nCIS-001,KZ-39-592\nCIS-404,KZ-39-593\n',
    'line 3, column observer: no observer "CIS-404" in mission kz-2023'],
  ['a region instead of a station', 'observer,station\nCIS-001,KZ-39\n',
    'line 2, column station: "KZ-39" is a region: observers are assigned to polling ' +
    'stations or to commissions (territory, district)'],
  ['a station that does not exist', 'observer,station\nCIS-001,KZ-00-000\n',
    'line 2, column station: no location "KZ-00-000" in mission kz-2023'],
  ['a day not written YYYY-MM-DD', 'observer,station,day\nCIS-001,KZ-39-592,19.03.2023\n',
    'line 2, column day: "19.03.2023" is not a date; write it YYYY-MM-DD (2023-03-19)'],
  ['observer and team in one row', 'observer,team,station\nCIS-001,Kostanay,KZ-39-592\n',
    'line 2, column team: is given and so is observer; give either an observer or a team'],
  ['a team nobody is in', 'team,station\nNobody,KZ-39-592\n',
    'line 2, column team: no observer of mission kz-2023 is in team "Nobody"'],
  ['the same assignment twice', 'observer,station\nCIS-001,KZ-39-592\nCIS-001,KZ-39-592\n',
    'line 3, column observer: observer "CIS-001" is already assigned to station "KZ-39-592" ' +
    'on 2023-03-19 by line 2'],
  ['a row with a comma too many', 'observer,station\nCIS-001,KZ-39-592,x\n',
    'line 2: 3 fields, but the header has 2 columns'],
];

test('bad assignments files are rejected whole with the line and column', () => {
  const { dir, db } = registry();
  for (const [what, csv, message] of BAD_ASSIGNMENTS) {
    writeFile(dir, 'bad.csv', csv);
    const r = run(['import', 'assignments', 'bad.csv', '--db', db, ...M], { cwd: dir });
    assert.equal(r.status, 1, what);
    assert.equal(r.stdout, '', what);
    assert.ok(r.stderr.startsWith(`observa: error: bad.csv: ${message}`), `${what}: got ${r.stderr}`);
    assert.match(r.stderr, /^observa: nothing was imported$/m, what);
    // Nothing was assigned: the mission still expects every station.
    assert.equal(coverage(db).all_expected, true, what);
  }
});

test('a mission without reports: everything is missing, in text and JSON', () => {
  const { db } = registry();
  // Nobody assigned: every station of every station form is expected.
  let c = coverage(db);
  assert.equal(c.day, null);
  assert.equal(c.all_expected, true);
  assert.equal(c.stations, 4);
  assert.deepEqual(c.forms, ['OP', 'VO', 'CO', 'PR', 'TA']);
  assert.deepEqual(c.regions.map((r) => r.code), ['KZ-39', 'KZ-75', 'KZ-ABR']);
  assert.deepEqual(c.regions[0].forms.OP, counts(2, 0, 2));
  assert.deepEqual(c.total.PR, counts(4, 0, 4));
  // Four stations on four station forms, and the one territorial commission
  // (abroad) on the tabulation form TA, which is filled at commissions.
  assert.deepEqual(c.total.TA, counts(1, 0, 1));
  assert.deepEqual(c.regions[2].forms.TA, counts(1, 0, 1));
  assert.equal(c.missing_total, 17);
  assert.deepEqual(c.missing[0], {
    form: 'OP', station: 'KZ-39-592', name: 'УИК №592', region: 'KZ-39', observers: [],
  });
  let text = ok(['analyze', 'coverage', '--db', db, ...M, '--form', 'OP']).stdout;
  assert.match(text, /^Coverage of kz-2023, all days: 4 polling stations; nobody is assigned yet, so every station is expected$/m);
  assert.match(text, /^Form OP$/m);
  assert.doesNotMatch(text, /^Form VO$/m);
  assert.match(text, /^KZ-39  Қостанай облысы +2 +0 +0\.0 +2 +0 +0 +0$/m);
  assert.match(text, /^total +4 +0 +0\.0 +4 +0 +0 +0$/m);
  assert.doesNotMatch(text, /Missing reports/);

  // Assigned: only their stations are expected, and the missing list has
  // the observers' phones.
  ok(['import', 'assignments', '-', '--db', db, ...M], { input: ASSIGNMENTS });
  c = coverage(db, ['--day', '2023-03-19', '--form', 'CO']);
  assert.equal(c.all_expected, false);
  assert.deepEqual(c.forms, ['CO']);
  assert.deepEqual(c.total.CO, counts(2, 0, 2));
  assert.deepEqual(c.regions[2].forms.CO, counts(0, 0, 0));
  assert.deepEqual(c.missing[0].observers, [
    { code: 'CIS-001', name: 'Айгерим Сапарова', phones: ['+77011234567', '+77027654321'] },
    { code: 'CIS-002', name: 'Иван Петров', phones: ['+79165551234'] },
  ]);
  text = ok(['analyze', 'coverage', '--db', db, ...M, '--day', '2023-03-19', '--form', 'CO',
    '--missing']).stdout;
  assert.match(text, /^Missing reports: 2$/m);
  assert.match(text, /^CO +KZ-39 +KZ-39-592 +УИК №592 +CIS-001 Айгерим Сапарова \(\+77011234567, \+77027654321\); CIS-002 Иван Петров \(\+79165551234\)$/m);
  assert.match(text, /^CO +KZ-39 +KZ-39-593 +УИК №593, школа-гимназия №1 +CIS-001 Айгерим Сапарова/m);
  // A day when nobody is assigned expects nothing.
  assert.deepEqual(coverage(db, ['--day', '2023-03-20']).total.OP, counts(0, 0, 0));
});

test('reports from "observa submit" are counted once, with flags and conflicts', () => {
  const { db } = registry();
  ok(['import', 'assignments', '-', '--db', db, ...M], { input: ASSIGNMENTS });
  const reports = [
    // Two observers disagree at KZ-39-592: a conflict.
    { form: 'OP', station: 'KZ-39-592', observer: 'CIS-001', answers: { A: 1, B: '07:55', Z: 3 } },
    { form: 'OP', station: 'KZ-39-592', observer: 'CIS-002', answers: { A: 0, B: '08:10', Z: 2 } },
    // Late opening without a time: flagged; nobody was assigned there.
    { form: 'OP', station: 'KZ-75-101', observer: 'CIS-002', answers: { A: 0, Z: 1 } },
    // Corrected once: still one station.
    { id: 'abr-1', form: 'OP', station: 'KZ-ABR-RU-1', observer: 'CIS-002', answers: { A: 1, Z: 3 } },
    { id: 'abr-2', replaces: 'abr-1', form: 'OP', station: 'KZ-ABR-RU-1', observer: 'CIS-002',
      answers: { A: 1, Z: 4 } },
    // Incidents are not part of coverage.
    { form: 'IN', station: 'KZ-39-593', observer: 'CIS-001',
      answers: { A: 1, B: 1, C: 'x', D: '09:00', E: 0 } },
  ];
  const r = run(['submit', '-', '--db', db, ...M],
    { input: reports.map((x) => JSON.stringify(x)).join('\n') + '\n' });
  assert.match(r.stdout, /^6 reports: 6 stored \(1 flagged\)/m, r.stdout + r.stderr);

  let c = coverage(db, ['--form', 'OP']);
  assert.deepEqual(c.regions.map((x) => [x.code, x.forms.OP]), [
    ['KZ-39', counts(2, 1, 1, 0, 1, 0)],
    ['KZ-75', counts(0, 0, 0, 1, 0, 1)],
    ['KZ-ABR', counts(1, 1, 0)],
  ]);
  assert.deepEqual(c.total.OP, counts(3, 2, 1, 1, 1, 1));
  assert.deepEqual(c.missing.map((m) => m.station), ['KZ-39-593']);
  // On election day the station abroad (assigned the day before) is extra.
  c = coverage(db, ['--form', 'OP', '--day', '2023-03-19']);
  assert.deepEqual(c.total.OP, counts(2, 1, 1, 1, 1, 2));
  const text = ok(['analyze', 'coverage', '--db', db, ...M, '--form', 'OP']).stdout;
  assert.match(text, /^KZ-39  Қостанай облысы +2 +1 +50\.0 +1 +0 +0 +1$/m);
  assert.match(text, /^total +3 +2 +66\.7 +1 +1 +1 +1$/m);
});

test('analyze: wrong command lines are usage errors', () => {
  const { db } = registry();
  let r = run(['analyze', '--db', db]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /coverage +stations expected, reported and missing/);
  r = run(['analyze', 'findings-soon', '--db', db, ...M]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /"findings-soon" is not an analysis; give one of: coverage/);
  r = run(['analyze', 'coverage', '--db', db]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /which mission\? give --mission CODE/);
  r = run(['analyze', 'coverage', '--db', db, ...M, '--day', '19.03.2023']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--day "19\.03\.2023" is not a date; write it YYYY-MM-DD/);
  r = run(['analyze', 'coverage', '--db', db, ...M, '--form', 'IN']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^observa: error: form: "IN" is an incident form/m);
  r = run(['analyze', 'coverage', '--db', db, ...M, '--form', 'XX']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, 'observa: error: form: the mission has no form "XX"\n');
  r = run(['analyze', 'coverage', '--db', db, '--mission', 'nope']);
  assert.equal(r.status, 1);
});
