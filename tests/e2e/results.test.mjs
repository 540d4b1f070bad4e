// results.test.mjs - results verification end to end: a generated mission
// with a ballot, results protocols sent through the API (two observers who
// disagree, one who miscopied, a correction, a rejected report), official
// results written here with a few stations changed, "import results" and
// its re-import counts, then "analyze protocols" and "analyze
// discrepancies" through the CLI and the API, checked figure by figure;
// a commission's own file read through a mapping from a .gz file; and bad
// files refused whole with their line and column.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ok, run, missionDb, serve, getJson, writeFile } from './lib.mjs';

const M = ['--mission', 'kz-2023'];
const pad = (n) => String(n).padStart(3, '0');
const LINES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'P1', 'P2', 'AA'];

// Stations S-001..S-012 in two regions (odd ones in ALM, even in AST).
function locationsCsv() {
  const rows = ['code,name,level,parent', 'KZ,Kazakhstan,country,',
    'ALM,Almaty region,region,KZ', 'AST,Astana,city,KZ',
    'D1,Talgar district,district,ALM', 'D2,Yesil district,district,AST'];
  for (let i = 1; i <= 12; i++) rows.push(`S-${pad(i)},Station ${i},station,${i % 2 ? 'D1' : 'D2'}`);
  return rows.join('\n') + '\n';
}

const OBSERVERS = 'code,full_name\nO-01,One\nO-02,Two\nO-03,Three\nO-04,Four\n';
const CHOICES = 'order,code,name,kind\n1,NUR,Nur Otan,party\n2,AKZ,Ak Zhol,party\n' +
  '3,NO,Against all,against_all\n';

// The protocol of station i as the commission wrote it: every identity
// holds (received = issued + cancelled, boxes = valid + invalid, valid =
// the choices' votes, boxes <= issued <= voters).
function protocol(i) {
  const A = 1000 + 50 * i, issued = 600 + 10 * i, J = issued - 10;
  const P1 = Math.floor(J * 0.6), P2 = Math.floor(J * 0.3);
  return { A, B: A, C: 10, D: issued - 30, E: 20, F: A - issued, G: 20, H: issued - 20,
    I: 10, J, K: 0, L: 0, P1, P2, AA: J - P1 - P2 };
}

const report = (id, station, observer, answers, extra = {}) =>
  ({ id, form: 'PR', station, observer, answers, ...extra });

async function post(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
}

// The official figures of the mission: the commission's protocols of
// S-001..S-005 and S-007..S-010, with votes moved at S-003 and ballots
// added at S-004.  S-006 is observed only, S-011 and S-012 neither.
function officialFigures() {
  const rows = {};
  for (const i of [1, 2, 3, 4, 5, 7, 8, 9, 10]) rows[`S-${pad(i)}`] = protocol(i);
  rows['S-003'].P1 += 30;
  rows['S-003'].P2 -= 30;
  for (const tag of ['D', 'H', 'J', 'P1']) rows['S-004'][tag] += 50;
  rows['S-004'].F -= 50;
  return rows;
}

function officialCsv(rows, columns = ['station', ...LINES]) {
  const out = [columns.join(',')];
  for (const [station, f] of Object.entries(rows)) {
    out.push([station, ...columns.slice(1).map((c) => f[c === 'NUR' ? 'P1' : c])].join(','));
  }
  return out.join('\r\n') + '\r\n';
}

// The differing lines of a station as [line, observed, official, source, observer].
const linesOf = (item) => item.lines.map((l) => [l.line, l.observed, l.official, l.source, l.observer]);

describe('results verification', () => {
  let srv, api, dir, db;
  const cli = (args) => ok([...args, '--db', db, ...M]);
  const json = (args) => JSON.parse(cli([...args, '--format', 'json']).stdout);

  before(async () => {
    ({ dir, db } = missionDb());
    for (const [what, text] of [['locations', locationsCsv()], ['observers', OBSERVERS],
      ['choices', CHOICES]]) {
      cli(['import', what, writeFile(dir, `${what}.csv`, text)]);
    }
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    const p = (i, change = {}) => ({ ...protocol(i), ...change });
    const sent = [
      // S-001: two observers disagree on P1 and P2 (a conflict).
      report('r1', 'S-001', 'O-01', p(1)),
      report('r2', 'S-001', 'O-02', p(1, { P1: protocol(1).P1 + 5, P2: protocol(1).P2 - 5 })),
      // S-002: P2 miscopied, so valid <> the sum of the votes.
      report('r3', 'S-002', 'O-03', p(2, { P2: protocol(2).P2 + 7 })),
      report('r4', 'S-003', 'O-04', p(3)),
      // S-004: a slip in P1, then corrected.
      report('r5', 'S-004', 'O-01', p(4, { P1: protocol(4).P1 + 100 })),
      report('r5b', 'S-004', 'O-01', p(4), { replaces: 'r5' }),
      report('r6', 'S-005', 'O-02', p(5)),
      // S-005: a report for the wrong station, rejected by a clerk below.
      report('r7', 'S-005', 'O-04', p(9, { J: 1 })),
      report('r8', 'S-006', 'O-03', p(6)),
    ];
    for (const r of sent) {
      const res = await post(`${api}/submissions`, r);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      r.stored = res.body.id;
    }
    const r7 = sent.find((r) => r.id === 'r7').stored;
    cli(['submission', 'reject', String(r7), '--note', 'sent for the wrong station']);
  });

  after(async () => {
    const code = await srv.stop();
    assert.equal(code, 0);
    assert.doesNotMatch(srv.stderr(), /AddressSanitizer|LeakSanitizer|runtime error/);
  });

  test('import results, then again: new, unchanged, updated', () => {
    const rows = officialFigures();
    const path = writeFile(dir, 'official.csv', officialCsv(rows));
    let r = cli(['import', 'results', path]);
    assert.equal(r.stdout, 'imported official results of 9 stations into kz-2023: 9 new, 0 updated, 0 unchanged\n');
    r = cli(['import', 'results', path]);
    assert.equal(r.stdout, 'imported official results of 9 stations into kz-2023: 0 new, 0 updated, 9 unchanged\n');
    // A dry run of a changed file counts without keeping anything.
    const changed = officialFigures();
    changed['S-010'].K = 1;
    const path2 = writeFile(dir, 'official2.csv', officialCsv(changed));
    r = cli(['import', 'results', path2, '--dry-run']);
    assert.equal(r.stdout, 'would import official results of 9 stations into kz-2023: 0 new, 1 updated, 8 unchanged\n');
    r = cli(['import', 'results', path]);
    assert.match(r.stdout, / 0 new, 0 updated, 9 unchanged/);
    // Choice columns may be named by the ballot's codes.
    const byCode = officialCsv({ 'S-007': rows['S-007'] }, ['station', 'A', 'NUR']);
    r = ok(['import', 'results', '-', '--db', db, ...M], { input: byCode });
    assert.match(r.stdout, / 0 new, 1 updated, 0 unchanged/);
    r = cli(['import', 'results', path]);
    assert.match(r.stdout, / 0 new, 1 updated, 8 unchanged/);
  });

  test('the official figures are served as imported', async () => {
    const one = await getJson(`${api}/results/official?station=S-004`);
    assert.equal(one.status, 200);
    assert.equal(one.body.total, 1);
    assert.deepEqual(one.body.items[0].lines, officialFigures()['S-004']);
    assert.equal(one.body.items[0].region, 'AST');
    const all = await getJson(`${api}/results/official?limit=2&offset=1`);
    assert.equal(all.body.total, 9);
    assert.deepEqual(all.body.items.map((x) => x.station), ['S-002', 'S-003']);
    const alm = await getJson(`${api}/results/official?region=ALM&limit=0`);
    assert.equal(alm.body.total, 5); // S-001, S-003, S-005, S-007, S-009
  });

  test('analyze protocols lists each failed identity with the figures it read', async () => {
    const doc = json(['analyze', 'protocols']);
    // Current, not rejected reports: r1, r2, r3, r4, r5b, r6, r8.
    assert.equal(doc.reports, 7);
    assert.equal(doc.stations, 6);
    assert.equal(doc.failed_reports, 1);
    assert.equal(doc.items.length, 1);
    const item = doc.items[0];
    assert.equal(item.station, 'S-002');
    assert.equal(item.observer, 'O-03');
    const p2 = protocol(2);
    assert.deepEqual(item.failures.map((f) => [f.check, f.expr, f.values]), [
      ['valid_sum', 'J == sum(P*, AA?)', { J: p2.J, P1: p2.P1, P2: p2.P2 + 7, AA: p2.AA }]]);
    assert.equal(doc.checks.find((c) => c.check === 'valid_sum').reports, 1);
    // The API says the same.
    const viaApi = await getJson(`${api}/results/protocols`);
    assert.equal(viaApi.status, 200);
    assert.deepEqual(viaApi.body.items, doc.items);
    assert.equal(viaApi.body.total, 1);
    const text = cli(['analyze', 'protocols']).stdout;
    assert.match(text, /7 reports from 6 stations checked; 1 report from 1 station fail a check/);
    assert.match(text, /S-002 {2}PR {2}report \d+ by O-03 \(flagged\)/);
    const csv = cli(['analyze', 'protocols', '--format', 'csv']).stdout.trim().split('\r\n');
    assert.equal(csv[0], 'station,form,submission,observer,status,check,expr,message,values');
    assert.equal(csv.length, 2);
    assert.match(csv[1], new RegExp(`^S-002,PR,\\d+,O-03,flagged,valid_sum,"J == sum\\(P\\*, AA\\?\\)",`));
    assert.ok(csv[1].endsWith(`,J=${p2.J} P1=${p2.P1} P2=${p2.P2 + 7} AA=${p2.AA}`), csv[1]);
  });

  test('analyze discrepancies finds exactly the changed figures', async () => {
    const doc = json(['analyze', 'discrepancies']);
    const p = (i) => protocol(i);
    const s = doc.summary;
    assert.equal(s.stations_observed, 6);
    assert.equal(s.stations_official, 9);
    assert.equal(s.stations_compared, 5);
    assert.equal(s.stations_differ, 3);
    assert.equal(s.stations_unresolved, 1);
    assert.equal(s.lines_differ, 8);
    assert.deepEqual(s.observed_only, ['S-006']);
    assert.deepEqual(doc.items.map((x) => [x.station, x.differs, x.unresolved]), [
      ['S-001', false, true], ['S-002', true, false], ['S-003', true, false], ['S-004', true, false]]);
    const [s1, s2, s3, s4] = doc.items;
    // S-001: the observers disagree, unsettled: O-02's figures, one by one.
    assert.deepEqual(linesOf(s1), [
      ['P1', p(1).P1 + 5, p(1).P1, 'observer', 'O-02'],
      ['P2', p(1).P2 - 5, p(1).P2, 'observer', 'O-02']]);
    assert.deepEqual(linesOf(s2), [['P2', p(2).P2 + 7, p(2).P2, 'report', 'O-03']]);
    assert.deepEqual(linesOf(s3), [
      ['P1', p(3).P1, p(3).P1 + 30, 'report', 'O-04'],
      ['P2', p(3).P2, p(3).P2 - 30, 'report', 'O-04']]);
    // S-004: the corrected report counts, not the slip it replaced.
    assert.deepEqual(linesOf(s4), [
      ['D', p(4).D, p(4).D + 50, 'report', 'O-01'], ['F', p(4).F, p(4).F - 50, 'report', 'O-01'],
      ['H', p(4).H, p(4).H + 50, 'report', 'O-01'], ['J', p(4).J, p(4).J + 50, 'report', 'O-01'],
      ['P1', p(4).P1, p(4).P1 + 50, 'report', 'O-01']]);
    for (const item of doc.items) {
      for (const l of item.lines) {
        assert.equal(l.difference, l.official - l.observed);
        assert.ok(Math.abs(l.relative - l.difference / l.observed) < 1e-6);
      }
    }
    assert.equal(s4.lines[4].name, 'Nur Otan');
    assert.equal(s4.lines[4].choice, 'NUR');
    // Votes moved per line, over the stations' own figures.
    const by = Object.fromEntries(s.by_line.map((l) => [l.line, [l.stations, l.net, l.gross]]));
    assert.deepEqual(by.P1, [2, 80, 80]);
    assert.deepEqual(by.P2, [2, -37, 37]);
    assert.deepEqual(by.F, [1, -50, 50]);
    assert.deepEqual(by.AA, [0, 0, 0]);
    assert.equal(s.largest.length, 8);
    assert.deepEqual(s.largest.slice(0, 2).map((l) => [l.station, l.line, l.difference]),
      [['S-004', 'D', 50], ['S-004', 'F', -50]]);
    // The API: the same document, paged.
    const viaApi = await getJson(`${api}/results/discrepancies?limit=2&offset=1`);
    assert.equal(viaApi.status, 200);
    assert.equal(viaApi.body.total, 4);
    assert.deepEqual(viaApi.body.summary, doc.summary);
    assert.deepEqual(viaApi.body.items, doc.items.slice(1, 3));
    // --min leaves out the small differences.
    const big = json(['analyze', 'discrepancies', '--min', '10']);
    assert.deepEqual(big.items.map((x) => x.station), ['S-003', 'S-004']);
    const bigApi = await getJson(`${api}/results/discrepancies?min=10`);
    assert.deepEqual(bigApi.body.items, big.items);
    assert.equal((await getJson(`${api}/results/discrepancies?min=0`)).status, 400);
    // CSV: one row per differing line.
    const csv = cli(['analyze', 'discrepancies', '--format', 'csv']).stdout.trim().split('\r\n');
    assert.equal(csv[0], 'station,region,line,choice,observed,official,difference,relative,source,observer,submission');
    assert.equal(csv.length, 1 + 10);
    assert.match(csv[3], new RegExp(`^S-002,AST,P2,AKZ,${p(2).P2 + 7},${p(2).P2},-7,`));
    const text = cli(['analyze', 'discrepancies']).stdout;
    assert.match(text, /6 observed, 9 with official results, 5 compared; 3 differ, 1 with observers who disagree/);
    assert.match(text, /observed without official results: 1 \(S-006\)/);
  });

  test('a clerk\'s resolution of the conflict is the observed figure', async () => {
    const conflicts = json(['conflict', 'list', '--station', 'S-001']).items;
    const c = conflicts.find((x) => x.tag === 'P1');
    // The clerk settles P1 on O-02's figure, which the commission's differs from.
    cli(['conflict', 'resolve', String(c.id), '--value', String(protocol(1).P1 + 5)]);
    const doc = json(['analyze', 'discrepancies']);
    const s1 = doc.items.find((x) => x.station === 'S-001');
    assert.deepEqual(linesOf(s1), [
      ['P1', protocol(1).P1 + 5, protocol(1).P1, 'resolved', null],
      ['P2', protocol(1).P2 - 5, protocol(1).P2, 'observer', 'O-02']]);
    assert.equal(s1.differs, true);
    assert.equal(s1.unresolved, true);
    assert.equal(doc.summary.stations_differ, 4);
    assert.deepEqual(doc.summary.by_line.find((l) => l.line === 'P1').net, 75);
  });
});

test('a commission\'s own file, gzip-compressed, read through a mapping', () => {
  const { dir, db } = missionDb();
  ok(['import', 'locations', writeFile(dir, 'l.csv', locationsCsv()), '--db', db, ...M]);
  ok(['import', 'choices', writeFile(dir, 'c.csv', CHOICES), '--db', db, ...M]);
  // Headers as a CEC publishes them: long texts with commas, extra columns.
  const header = ['region', 'uik', 'Число избирателей, включенных в список избирателей',
    'Число действительных избирательных бюллетеней', 'Нур Отан', 'Ак Жол', 'url'];
  const q = (s) => /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  const rows = [header.map(q).join(',')];
  for (let i = 1; i <= 12; i++) {
    const f = protocol(i);
    rows.push(['Алматинская область', `S-${pad(i)}`, f.A, f.J, f.P1, f.P2, `http://x/${i}`].join(','));
  }
  const gz = writeFile(dir, 'cec.csv.gz', gzipSync(Buffer.from(rows.join('\n') + '\n')));
  const mapping = writeFile(dir, 'cec.map', [
    '# columns of the commission\'s file', 'station=uik',
    'A=Число избирателей, включенных в список избирателей',
    'J=4', 'NUR=Нур Отан', 'P2=6', ''].join('\n'));
  let r = ok(['import', 'results', gz, '--map', mapping, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported official results of 12 stations into kz-2023: 12 new, 0 updated, 0 unchanged\n');
  const listed = JSON.parse(ok(['analyze', 'discrepancies', '--db', db, ...M, '--format', 'json']).stdout);
  assert.equal(listed.summary.stations_official, 12);
  // The same mapping on the command line reads the same figures.
  r = ok(['import', 'results', gz, '--db', db, ...M, '--map',
    'station=2,A=Число избирателей, включенных в список избирателей,J=4,NUR=5,AKZ=Ак Жол']);
  assert.match(r.stdout, / 0 new, 0 updated, 12 unchanged/);
  // A column the file does not have.
  r = run(['import', 'results', gz, '--db', db, ...M, '--map', 'station=uik,J=Число голосов']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cec\.csv\.gz: --map: J=Число голосов: column "Число голосов": no such column/);
});

test('bad files are refused whole, with their line and column', () => {
  const { dir, db } = missionDb();
  ok(['import', 'locations', writeFile(dir, 'l.csv', locationsCsv()), '--db', db, ...M]);
  ok(['import', 'choices', writeFile(dir, 'c.csv', CHOICES), '--db', db, ...M]);
  const good = `S-001,${LINES.map((t) => protocol(1)[t]).join(',')}`;
  const head = `station,${LINES.join(',')}`;
  const cases = [
    [`${head}\n${good}\nS-404,${LINES.map(() => 1).join(',')}\n`,
      'line 3, column station: no station "S-404" in mission kz-2023'],
    [`${head}\n${good}\nD1,${LINES.map(() => 1).join(',')}\n`,
      'line 3, column station: "D1" is a location of level district, not a polling station'],
    [`${head}\n${good.replace(/,\d+$/, ',4O')}\n`,
      'line 2, column AA: "4O" is not a whole number from 0 to 1000000000'],
    [`${head}\n${good}\n${good}\n`, 'line 3, column station: station "S-001" is already on line 2'],
    [`${head}\n${good},7\n`, 'line 2: 17 fields, but the header has 16'],
    [`station,A,Votes\n${'S-001,1,2'}\n`, 'line 1, column Votes: not a line of form PR'],
    [`${head}\n"S-001,1\n`, 'line 2, column 1: quoted field opened here is never closed'],
  ];
  for (const [text, message] of cases) {
    const r = run(['import', 'results', writeFile(dir, 'bad.csv', text), '--db', db, ...M]);
    assert.equal(r.status, 1, text);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.includes(`observa: error: ${dir}/bad.csv: ${message}`), r.stderr);
    assert.match(r.stderr, /nothing was imported/);
  }
  const listed = JSON.parse(ok(['analyze', 'discrepancies', '--db', db, ...M, '--format', 'json']).stdout);
  assert.equal(listed.summary.stations_official, 0);
  // Wrong command lines.
  assert.equal(run(['import', 'results', '--db', db, ...M]).status, 2);
  assert.equal(run(['import', 'results', 'x.csv', '--db', db]).status, 2);
  assert.equal(run(['import', 'results', 'x.csv', '--db', db, ...M, '--map', 'no-such-file']).status, 2);
  assert.equal(run(['analyze', 'discrepancies', '--db', db, ...M, '--min', '0']).status, 2);
  assert.equal(run(['analyze', 'protocols', '--db', db, ...M, '--format', 'xml']).status, 2);
});
