// import.test.mjs - "observa import locations|observers" end to end: good
// files in every CSV dialect, round trips of Kazakh and Russian names through
// "location list/show" and "observer list/show", files rejected whole with
// the line and column, re-imports, standard input, and 100,000 stations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { missionDb, ok, run, writeFile, repo, release } from './lib.mjs';

const fixtures = join(repo, 'tests', 'data', 'import');
const M = ['--mission', 'kz-2023'];

function locations(db, args = []) {
  return JSON.parse(ok(['location', 'list', '--db', db, ...M, '--format', 'json', ...args]).stdout);
}

function observers(db, args = []) {
  return JSON.parse(ok(['observer', 'list', '--db', db, ...M, '--format', 'json', ...args]).stdout);
}

function importFile(db, what, path, opts = {}) {
  return run(['import', what, path, '--db', db, ...M], opts);
}

const HEADER = 'code,name,level,parent,registered_voters,latitude,longitude,stratum';

// A file with a byte-order mark, CRLF line ends, quoted commas and a quoted
// line break, children before their parents.
const DIALECT = '\uFEFF' + [
  HEADER,
  'S-592,УИК №592,station,D-1,1834,53.2144,63.6246,urban',
  'D-1,"Қостанай, қаласы",district,R-39,,,,',
  'R-39,Қостанай облысы,region,,,,,',
  'S-101,"УИК №101\r\n(Дворец ""школьников"")",station,D-1,0,,,',
].join('\r\n') + '\r\n';

test('a file with BOM, CRLF, quotes and line breaks survives a round trip', () => {
  const { dir, db } = missionDb();
  const path = writeFile(dir, 'stations.csv', DIALECT);
  const r = importFile(db, 'locations', path);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'imported 4 locations into kz-2023: 4 new, 0 updated, 0 unchanged\n');
  assert.equal(r.stderr, '');

  const list = locations(db);
  assert.equal(list.total, 4);
  assert.deepEqual(list.items.map((l) => l.code), ['D-1', 'R-39', 'S-101', 'S-592']);
  assert.equal(list.items[0].name, 'Қостанай, қаласы');
  assert.equal(list.items[1].name, 'Қостанай облысы');
  assert.equal(list.items[1].parent, null);
  assert.equal(list.items[2].name, 'УИК №101\r\n(Дворец "школьников")');
  assert.equal(list.items[2].registered_voters, 0);
  assert.deepEqual(list.items[3], {
    code: 'S-592', name: 'УИК №592', level: 'station', parent: 'D-1',
    registered_voters: 1834, latitude: 53.2144, longitude: 63.6246, stratum: 'urban',
  });
  const shown = JSON.parse(ok(['location', 'show', 'S-592', '--db', db, ...M, '--format', 'json']).stdout);
  assert.deepEqual(shown, list.items[3]);
  const text = ok(['location', 'show', 'D-1', '--db', db, ...M]).stdout;
  assert.match(text, /^name +Қостанай, қаласы$/m);
  assert.match(text, /^parent +R-39 \(Қостанай облысы\)$/m);
  assert.match(text, /^contains +2 locations$/m);
});

test('importing again updates by code and never duplicates', () => {
  const { dir, db } = missionDb();
  const path = writeFile(dir, 'stations.csv', DIALECT);
  ok(['import', 'locations', path, '--db', db, ...M]);
  let r = ok(['import', 'locations', path, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 4 locations into kz-2023: 0 new, 0 updated, 4 unchanged\n');
  const changed = writeFile(dir, 'changed.csv', [
    HEADER,
    'S-592,УИК №592,station,D-1,1900,53.2144,63.6246,urban',
    'S-593,УИК №593,station,D-1,700,,,',
    'R-39,Қостанай облысы,region,,,,,',
  ].join('\n') + '\n');
  r = ok(['import', 'locations', changed, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 3 locations into kz-2023: 1 new, 1 updated, 1 unchanged\n');
  const list = locations(db);
  assert.equal(list.total, 5);
  assert.equal(list.items.find((l) => l.code === 'S-592').registered_voters, 1900);
  // --dry-run counts without keeping anything.
  const more = writeFile(dir, 'more.csv', `${HEADER}\nS-594,УИК №594,station,D-1,,,,\n`);
  r = ok(['import', 'locations', more, '--dry-run', '--db', db, ...M]);
  assert.equal(r.stdout, 'would import 1 location into kz-2023: 1 new, 0 updated, 0 unchanged\n');
  assert.equal(locations(db).total, 5);
});

test('"-" reads standard input', () => {
  const { db } = missionDb();
  const r = run(['import', 'locations', '-', '--db', db, ...M], { input: DIALECT });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'imported 4 locations into kz-2023: 4 new, 0 updated, 0 unchanged\n');
  const bad = run(['import', 'locations', '-', '--db', db, ...M], { input: 'code,name\n' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^observa: error: stdin: line 1: the required column "level" is missing/m);
});

test('a bad row rejects the whole file, naming line and column', () => {
  const { dir, db } = missionDb();
  writeFile(dir, 'stations.csv', [
    HEADER,
    'R,Region,region,,,,,',
    'D,District,district,R,,,,',
    'S1,Station 1,station,D,100,,,',
    'S2,Station 2,station,D,200,,,',
    'S3,Station 3,station,D,,,,',
    'S4,Station 4,station,D,12a,,,',
    'S5,Station 5,station,D,300,,,',
  ].join('\n') + '\n');
  const r = run(['import', 'locations', 'stations.csv', '--db', db, ...M], { cwd: dir });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr,
    'observa: error: stations.csv: line 7, column registered_voters: "12a" is not a whole number\n' +
    'observa: nothing was imported\n');
  assert.equal(locations(db).total, 0);
});

const BAD_LOCATIONS = [
  ['an unknown column, with the name meant',
    'code,name,levle,parent\nR,r,region,\n',
    'line 1: unknown column "levle" (did you mean "level"?); locations files have the columns ' +
    'code, name, level, parent, registered_voters, latitude, longitude, stratum'],
  ['a column given twice', 'code,name,level,Name\n',
    'line 1: column "name" is given twice (fields 2 and 4)'],
  ['a row with too few fields', 'code,name,level\nR,r,region\nD,d\n',
    'line 3: 2 fields, but the header has 3 columns'],
  ['a code given twice', 'code,name,level\nR,r,region\nD,d,district\nR,r2,region\n',
    'line 4, column code: "R" is also the code on line 2; codes must be unique'],
  ['a parent that exists nowhere', 'code,name,level,parent\nR,r,region,\nS,s,station,D-404\n',
    'line 3, column parent: no location "D-404" in this file or in mission kz-2023'],
  ['parents in a loop', 'code,name,level,parent\nA,a,region,B\nB,b,district,A\n',
    'line 2, column parent: the parents form a loop: "A" (line 2) -> "B" (line 3) -> "A"'],
  ['latitude without longitude', 'code,name,level,latitude,longitude\nR,r,region,51.1,\n',
    'line 2, column longitude: is empty but latitude is given'],
  ['an unknown level', 'code,name,level\nR,r,oblast\n',
    'line 2, column level: "oblast" is not a level'],
  ['a quote never closed', 'code,name,level\nR,"r,region\n',
    'line 2, column 3: quoted field opened here is never closed'],
  ['voters at a district', 'code,name,level,registered_voters\nD,d,district,10\n',
    'line 2, column registered_voters: only polling stations have registered voters'],
];

test('bad locations files are rejected whole with the right message', () => {
  const { dir, db } = missionDb();
  for (const [what, csv, message] of BAD_LOCATIONS) {
    writeFile(dir, 'bad.csv', csv);
    const r = run(['import', 'locations', 'bad.csv', '--db', db, ...M], { cwd: dir });
    assert.equal(r.status, 1, what);
    assert.ok(r.stderr.startsWith(`observa: error: bad.csv: ${message}`),
      `${what}: got ${r.stderr}`);
    assert.equal(locations(db).total, 0, what);
  }
});

test('the fixture files import, with parents in any order', () => {
  const { db } = missionDb();
  let r = ok(['import', 'locations', join(fixtures, 'locations-kz.csv'), '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 10 locations into kz-2023: 10 new, 0 updated, 0 unchanged\n');
  assert.deepEqual(locations(db, ['--top']).items.map((l) => l.code), ['KZ-39', 'KZ-75', 'KZ-ABR']);
  assert.deepEqual(locations(db, ['--parent', 'KZ-39-01']).items.map((l) => l.name),
    ['УИК №592', 'УИК №593, школа-гимназия №1']);
  assert.equal(locations(db, ['--level', 'station']).total, 4);
  r = ok(['location', 'list', '--db', db, ...M, '--parent', 'KZ-ABR-RU']);
  assert.match(r.stdout, /^KZ-ABR-RU-1 +station +KZ-ABR-RU +Посольство, Москва$/m);
  const page = locations(db, ['--limit', '2', '--offset', '3']);
  assert.equal(page.total, 10);
  assert.deepEqual(page.items.map((l) => l.code), ['KZ-39-593', 'KZ-75']);
});

test('observers: countries, roles, phones in E.164 with the mission\'s country', () => {
  const { dir, db } = missionDb();
  const path = join(fixtures, 'observers-kz.csv');
  let r = ok(['import', 'observers', path, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 3 observers into kz-2023: 3 new, 0 updated, 0 unchanged\n');
  const list = observers(db);
  assert.equal(list.total, 3);
  assert.deepEqual(list.items[0], {
    code: 'CIS-001',
    full_name: 'Айгерим Сапарова',
    organisation: 'CIS Inter-Parliamentary Assembly',
    country: 'KZ',
    role: 'long_term',
    phones: ['+77011234567', '+77027654321'],
    email: 'a.saparova@example.kz',
    languages: ['kk', 'ru'],
    team: 'Kostanay',
    accreditation: {
      status: 'accredited', badge_number: 'B-0017',
      requested_on: '2023-02-01', decided_on: '2023-02-10',
    },
  });
  const ivan = JSON.parse(ok(['observer', 'show', 'CIS-002', '--db', db, ...M, '--format', 'json']).stdout);
  assert.equal(ivan.country, 'RU');
  assert.deepEqual(ivan.phones, ['+79165551234']);
  assert.equal(observers(db, ['--status', 'refused']).items[0].code, 'ODIHR-001');
  assert.equal(observers(db, ['--organisation', 'CIS Inter-Parliamentary Assembly']).total, 2);
  assert.equal(observers(db, ['--country', 'Russia']).items[0].code, 'CIS-002');
  assert.equal(observers(db, ['--phone', '8 (702) 765-43-21']).items[0].code, 'CIS-001');
  assert.equal(observers(db, ['--limit', '1']).total, 3);

  r = ok(['import', 'observers', path, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 3 observers into kz-2023: 0 new, 0 updated, 3 unchanged\n');

  writeFile(dir, 'team.csv', [
    'code,full_name,phone,role',
    'N-1,Асель Нурланова,8 777 000 11 22,national',
    'N-2,Болат Ахметов,"8 701 123 45 67",national',
  ].join('\n') + '\n');
  r = run(['import', 'observers', 'team.csv', '--db', db, ...M], { cwd: dir });
  assert.equal(r.status, 1);
  assert.match(r.stderr,
    /^observa: error: team\.csv: line 3, column phone: \+77011234567 already belongs to observer "CIS-001"$/m);
  assert.equal(observers(db).total, 3);

  writeFile(dir, 'team.csv', 'code,full_name,phone\nN-1,Асель,8 777 12\n');
  r = run(['import', 'observers', 'team.csv', '--db', db, ...M], { cwd: dir });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^observa: error: team\.csv: line 2, column phone: "8 777 12" is too short/m);
});

test('the command line: help, usage errors, missing files', () => {
  const { dir, db } = missionDb();
  assert.match(ok(['import', '--help']).stdout, /observa import locations FILE --mission M/);
  assert.match(ok(['location', 'list', '--help']).stdout, /--limit N/);
  assert.equal(run(['import', 'locations', 'x.csv', '--db', db]).status, 2);
  assert.equal(run(['import', 'things', 'x.csv', '--db', db, ...M]).status, 2);
  assert.equal(run(['location', 'list', '--db', db, ...M, '--level', 'planet']).status, 2);
  const r = run(['import', 'locations', join(dir, 'nothing.csv'), '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot open .*nothing\.csv: No such file or directory/);
  const nm = run(['import', 'locations', '-', '--db', db, '--mission', 'xx-1999'], { input: HEADER });
  assert.equal(nm.status, 1);
  assert.match(nm.stderr, /xx-1999/);
});

// 17 regions, 3 cities of republican rank and the branch abroad, with their
// districts (territories abroad), then 100,000 stations.  The stations come
// first in the file, so ordering parents first is the importer's job.
function country() {
  const tops = [];
  for (let r = 1; r <= 17; r++) tops.push({ code: `R${String(r).padStart(2, '0')}`, name: `Облыс №${r}`, level: 'region', n: 12 });
  for (let c = 1; c <= 3; c++) tops.push({ code: `C${c}`, name: `Қала ${c}`, level: 'city', n: 5 });
  tops.push({ code: 'ABR', name: 'Зарубежные участки', level: 'abroad', n: 10 });
  const parents = [];
  const lines = [];
  for (const t of tops) {
    for (let d = 1; d <= t.n; d++) {
      const code = `${t.code}-${String(d).padStart(2, '0')}`;
      parents.push(code);
      lines.push(`${code},"Район ${d}, ${t.name}",${t.level === 'abroad' ? 'territory' : 'district'},${t.code},,,,`);
    }
  }
  const stations = [];
  for (let s = 0; s < 100000; s++) {
    const lat = (40 + (s % 1500) / 100).toFixed(4);
    const lon = (50 + (s % 3700) / 100).toFixed(4);
    stations.push(`S${String(s).padStart(6, '0')},УИК №${s},station,${parents[s % parents.length]},${s % 3000},${lat},${lon},${s % 3 ? 'urban' : 'rural'}`);
  }
  const topLines = tops.map((t) => `${t.code},${t.name},${t.level},,,,,`);
  return {
    text: [HEADER, ...stations, ...lines, ...topLines].join('\n') + '\n',
    districts: parents.length - 10,
    parents: parents.length,
  };
}

test('100,000 polling stations import at once', { timeout: 600000 }, (t) => {
  const { dir, db } = missionDb();
  const { text, districts, parents } = country();
  const path = writeFile(dir, 'stations.csv', text);
  const total = 100000 + districts + 10 + 21;
  const started = Date.now();
  const r = run(['import', 'locations', path, '--db', db, ...M], { timeout: 600000, program: release });
  t.diagnostic(`import of ${total} locations took ${((Date.now() - started) / 1000).toFixed(2)} s`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `imported ${total} locations into kz-2023: ${total} new, 0 updated, 0 unchanged\n`);
  const stations = locations(db, ['--level', 'station', '--limit', '1']);
  assert.equal(stations.total, 100000);
  assert.equal(stations.items.length, 1);
  assert.equal(stations.items[0].code, 'S000000');
  assert.equal(locations(db, ['--level', 'region', '--limit', '1']).total, 17);
  assert.equal(locations(db, ['--level', 'city', '--limit', '1']).total, 3);
  assert.equal(locations(db, ['--level', 'abroad', '--limit', '1']).total, 1);
  assert.equal(locations(db, ['--level', 'district', '--limit', '1']).total, districts);
  assert.equal(locations(db, ['--level', 'territory', '--limit', '1']).total, 10);
  assert.equal(locations(db, ['--parent', 'R01-01', '--limit', '1']).total, Math.ceil(100000 / parents));
  assert.equal(locations(db, ['--limit', '1']).total, total);

  const again = Date.now();
  const r2 = run(['import', 'locations', path, '--db', db, ...M], { timeout: 600000, program: release });
  t.diagnostic(`re-import took ${((Date.now() - again) / 1000).toFixed(2)} s`);
  assert.equal(r2.stdout, `imported ${total} locations into kz-2023: 0 new, 0 updated, ${total} unchanged\n`);
  assert.equal(locations(db, ['--limit', '1']).total, total);
});
