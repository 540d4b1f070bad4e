// pvt.test.mjs - the quick count end to end: a generated mission of 500
// stations in five regions with a three-party ballot; a sample drawn,
// redrawn with the same seed (the same stations), refused over itself
// unless replaced; results protocols of part of the sample sent through
// the API (one corrected, one rejected); the estimate by the command line
// and the API checked against a recomputation of the ratio estimator here;
// coverage showing the sample; "observa quickcount" on generated CSV files
// and its errors; and, when ../shared/data is there, Russia's 2018
// election: a seeded sample of its real stations, whose interval must hold
// Putin's true share.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ok, run, missionDb, serve, getJson, writeFile, tempDir, shared } from './lib.mjs';

const M = ['--mission', 'kz-2023'];

// A small seeded generator (mulberry32) for the test's own data.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The combined ratio estimator and its linearised variance, written here
// from the formulas of docs/analysis.md#quick-count-pvt: obs [{h, y, x}], pop {h: N_h}.
function ratio(obs, pop) {
  const k = {}, sum = {}, ss = {};
  for (const o of obs) k[o.h] = (k[o.h] || 0) + 1;
  let Y = 0, X = 0;
  for (const o of obs) { Y += pop[o.h] / k[o.h] * o.y; X += pop[o.h] / k[o.h] * o.x; }
  const p = Y / X;
  for (const o of obs) sum[o.h] = (sum[o.h] || 0) + (o.y - p * o.x);
  for (const o of obs) {
    const d = o.y - p * o.x - sum[o.h] / k[o.h];
    ss[o.h] = (ss[o.h] || 0) + d * d;
  }
  let v = 0;
  for (const h of Object.keys(k)) {
    const f = k[h] / pop[h];
    if (f < 1 && k[h] > 1) v += pop[h] ** 2 * (1 - f) / k[h] * ss[h] / (k[h] - 1);
  }
  const se = Math.sqrt(v / (X * X));
  return { estimate: 100 * p, moe95: 100 * 1.96 * se, moe99: 100 * 2.576 * se };
}

const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)),
  `${what}: ${a} is not ${b}`);

// ---- a generated mission ----

const REGIONS = ['R1', 'R2', 'R3', 'R4', 'R5'];
const REGION_SIZE = [160, 120, 100, 80, 40];
const CHOICES = 'order,code,name,kind\n1,NUR,Nur Otan,party\n2,AKZ,Ak Zhol,party\n' +
  '3,AUL,Auyl,party\n';

// 500 stations S-001..S-500 in five regions (each with two territorial
// commissions), and each station's protocol figures.
function country() {
  const rows = ['code,name,level,parent,registered_voters,stratum', 'KZ,Kazakhstan,country,,,'];
  const figures = new Map();
  const next = rng(2023);
  let n = 0;
  REGIONS.forEach((r, i) => {
    rows.push(`${r},Region ${i + 1},region,KZ,,`, `${r}-T1,Commission ${r}-1,territory,${r},,`,
      `${r}-T2,Commission ${r}-2,territory,${r},,`);
    for (let j = 0; j < REGION_SIZE[i]; j++) {
      const code = `S-${String(++n).padStart(3, '0')}`;
      const reg = 500 + Math.floor(next() * 1500);
      rows.push(`${code},Station ${n},station,${r}-T${1 + (j % 2)},${reg},${j % 3 ? 'urban' : 'rural'}`);
      const ballots = Math.floor(reg * (0.45 + 0.1 * i + 0.1 * next()));
      const invalid = Math.floor(ballots * 0.02 * next());
      const valid = ballots - invalid;
      const a = Math.floor(valid * (0.35 + 0.08 * i + 0.1 * next()));
      const b = Math.floor((valid - a) * (0.3 + 0.4 * next()));
      figures.set(code, { region: r, reg, ballots, invalid, valid, votes: [a, b, valid - a - b] });
    }
  });
  return { csv: rows.join('\n') + '\n', figures };
}

// A results protocol (form PR) that passes every check.
function protocol(id, station, f, extra = {}) {
  return {
    id, form: 'PR', station, observer: 'O-01',
    answers: {
      A: f.reg, B: f.reg, C: 0, D: f.ballots, E: 0, F: f.reg - f.ballots, G: 0, H: f.ballots,
      I: f.invalid, J: f.valid, K: 0, L: 0, P1: f.votes[0], P2: f.votes[1], P3: f.votes[2],
    },
    ...extra,
  };
}

async function post(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
}

describe('a mission\'s quick count', () => {
  let dir, db, data, srv, api;
  before(async () => {
    ({ dir, db } = missionDb());
    data = country();
    ok(['import', 'locations', writeFile(dir, 'l.csv', data.csv), ...M, '--db', db]);
    ok(['import', 'observers', writeFile(dir, 'o.csv', 'code,full_name\nO-01,Observer One\n'),
      ...M, '--db', db]);
    ok(['import', 'choices', writeFile(dir, 'c.csv', CHOICES), ...M, '--db', db]);
  });
  after(async () => {
    if (!srv) return;
    assert.equal(await srv.stop(), 0);
    assert.doesNotMatch(srv.stderr(), /LeakSanitizer|AddressSanitizer|runtime error/);
  });

  const show = () => JSON.parse(ok(['pvt', 'show', ...M, '--db', db, '--format', 'json']).stdout);
  const codes = (s) => s.stations.map((x) => x.station).join(' ');

  test('a sample drawn, repeated with the same seed, refused over itself unless replaced', () => {
    let r = run(['pvt', 'estimate', ...M, '--db', db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /has no quick-count sample yet; draw one with 'observa pvt sample'/);
    r = run(['pvt', 'sample', ...M, '--db', db, '--size', '50']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /give --seed S/);
    r = run(['pvt', 'sample', ...M, '--db', db, '--size', '50', '--seed', '1', '--strata', 'urban']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /strata: "urban" is not a location attribute; give one or more of region, territory, stratum/);

    r = ok(['pvt', 'sample', ...M, '--db', db, '--size', '50', '--strata', 'region', '--seed', '7']);
    assert.equal(r.stdout, 'drew 50 of 500 stations for kz-2023: proportional allocation over 5 strata by region, seed 7\n');
    const first = show();
    assert.equal(first.method, 'proportional');
    assert.equal(first.strata_by, 'region');
    assert.equal(first.seed, 7);
    assert.equal(first.frame_size, 500);
    assert.equal(first.stations.length, 50);
    // 50 of 500 in proportion: 16, 12, 10, 8, 4.
    assert.deepEqual(first.strata.map((s) => [s.name, s.population, s.sampled]),
      [['R1', 160, 16], ['R2', 120, 12], ['R3', 100, 10], ['R4', 80, 8], ['R5', 40, 4]]);
    for (const s of first.stations) assert.equal(s.stratum, data.figures.get(s.station).region);

    r = run(['pvt', 'sample', ...M, '--db', db, '--size', '50', '--strata', 'region', '--seed', '7']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /has a quick-count sample already .*give --replace/);
    ok(['pvt', 'sample', ...M, '--db', db, '--size', '50', '--strata', 'region', '--seed', '8', '--replace']);
    assert.notEqual(codes(show()), codes(first));
    r = ok(['pvt', 'sample', ...M, '--db', db, '--size', '50', '--strata', 'region', '--seed', '7', '--replace']);
    assert.match(r.stdout, /\(replacing the sample\)$/m);
    const again = show();
    assert.equal(codes(again), codes(first));
    assert.equal(again.frame_hash, first.frame_hash);
    // Every draw is in the audit log, with its stations.
    const audit = ok(['audit', '--db', db, ...M, '--entity', 'pvt_sample']).stdout;
    assert.equal((audit.match(/pvt_sample/g) || []).length, 3, audit); // create, update, update

    // A given allocation; then the proportional sample again.
    const alloc = writeFile(dir, 'alloc.csv', 'stratum,size\nR1,5\nR2,5\nR3,5\nR4,5\nR5,5\n');
    ok(['pvt', 'sample', ...M, '--db', db, '--strata', 'region', '--allocation', alloc, '--seed', '7', '--replace']);
    assert.deepEqual(show().strata.map((s) => s.sampled), [5, 5, 5, 5, 5]);
    ok(['pvt', 'sample', ...M, '--db', db, '--size', '50', '--strata', 'region', '--seed', '7', '--replace']);
  });

  test('estimates from protocols sent through the API match a recomputation', async () => {
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    const sample = show();
    const strataPop = Object.fromEntries(sample.strata.map((s) => [s.name, s.population]));
    // Two thirds of the sample report, in a shuffled order.
    const next = rng(99);
    const order = sample.stations.map((s) => s.station).sort(() => next() - 0.5);
    const reporting = order.slice(0, 34);
    for (const [i, code] of reporting.entries()) {
      const f = data.figures.get(code);
      // The first report at the first station has a wrong figure, then is
      // corrected.
      const wrong = i === 0 ? { ...f, votes: [f.votes[0] - 10, f.votes[1] + 10, f.votes[2]] } : f;
      const r = await post(`${api}/submissions`, protocol(`pr-${code}`, code, wrong));
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    let r = await post(`${api}/submissions`, protocol('pr-fix', reporting[0], data.figures.get(reporting[0]),
      { replaces: `pr-${reporting[0]}` }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    // A report at the 35th station, rejected by a clerk: not counted.
    const late = order[34];
    r = await post(`${api}/submissions`, protocol(`pr-${late}`, late, data.figures.get(late)));
    assert.equal(r.status, 201);
    r = await post(`${api}/submissions/${r.body.id}/reject`, { note: 'photo unreadable' });
    assert.equal(r.status, 200);
    // A station outside the sample reports too: not counted either.
    const outside = [...data.figures.keys()].find((c) => !order.includes(c));
    assert.equal((await post(`${api}/submissions`, protocol(`pr-${outside}`, outside, data.figures.get(outside)))).status, 201);

    const cli = JSON.parse(ok(['pvt', 'estimate', ...M, '--db', db, '--format', 'json']).stdout);
    const web = await getJson(`${api}/pvt`);
    assert.equal(web.status, 200);
    assert.equal(cli.sample_reported, 34);
    assert.equal(cli.sample_size, 50);
    assert.equal(cli.stratified, true);
    assert.equal(web.body.sample_reported, 34);
    assert.equal(web.body.sample.seed, 7);
    assert.deepEqual(cli.choices.map((c) => [c.code, c.name]),
      [['NUR', 'Nur Otan'], ['AKZ', 'Ak Zhol'], ['AUL', 'Auyl']]);
    for (let c = 0; c < 3; c++) {
      const obs = reporting.map((code) => {
        const f = data.figures.get(code);
        return { h: f.region, y: f.votes[c], x: f.valid };
      });
      const want = ratio(obs, strataPop);
      for (const doc of [cli, web.body]) {
        near(doc.choices[c].estimate, want.estimate, `choice ${c} estimate`);
        near(doc.choices[c].moe95, want.moe95, `choice ${c} moe95`);
        near(doc.choices[c].moe99, want.moe99, `choice ${c} moe99`);
      }
    }
    const turnout = ratio(reporting.map((code) => {
      const f = data.figures.get(code);
      return { h: f.region, y: f.ballots, x: f.reg };
    }), strataPop);
    near(cli.turnout.estimate, turnout.estimate, 'turnout');
    near(cli.turnout.moe95, turnout.moe95, 'turnout moe95');
    assert.equal(cli.turnout.reports, 34);
    // Convergence: every 5 reports (a tenth of 50) and the last.
    assert.deepEqual(cli.convergence.map((p) => p.reports), [5, 10, 15, 20, 25, 30, 34]);
    near(cli.convergence.at(-1).choices[0].estimate, cli.choices[0].estimate, 'last point');
    assert.deepEqual(web.body.convergence.map((p) => p.reports), [5, 10, 15, 20, 25, 30, 34]);

    // Official figures: the truth of the whole country is inside.
    const tot = [0, 0, 0];
    let valid = 0;
    for (const f of data.figures.values()) { f.votes.forEach((v, i) => { tot[i] += v; }); valid += f.valid; }
    const off = writeFile(dir, 'official.csv',
      `choice,share\nNUR,${100 * tot[0] / valid}\nAk Zhol,${100 * tot[1] / valid}%\nAUL,1.5\n`);
    const withOff = JSON.parse(ok(['pvt', 'estimate', ...M, '--db', db, '--format', 'json', '--official', off]).stdout);
    assert.equal(withOff.choices[0].inside95, true);
    assert.equal(withOff.choices[1].inside95, true);
    assert.equal(withOff.choices[2].inside95, false);
    assert.equal(withOff.choices[2].official, 1.5);
    const text = ok(['pvt', 'estimate', ...M, '--db', db, '--official', off]).stdout;
    assert.match(text, /^34 of 50 sample stations reported \(68\.0%\)/m);
    assert.match(text, /^Auyl +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ - +[\d.]+ +1\.50 +OUTSIDE$/m);
    r = run(['pvt', 'estimate', ...M, '--db', db, '--official', writeFile(dir, 'bad.csv', 'choice,share\nXYZ,3\n')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /official: "XYZ" is neither the code nor the name of a choice/);

    // Coverage counts the sample and its reports, per region and in all.
    const cov = JSON.parse(ok(['analyze', 'coverage', ...M, '--db', db, '--format', 'json']).stdout);
    assert.deepEqual(cov.sample, { stations: 50, reported: 34 });
    const r1 = cov.regions.find((x) => x.code === 'R1');
    assert.equal(r1.sample.stations, 16);
    assert.equal(r1.sample.reported, reporting.filter((c) => data.figures.get(c).region === 'R1').length);
    const covText = ok(['analyze', 'coverage', ...M, '--db', db, '--form', 'PR']).stdout;
    assert.match(covText, /^total +50 +34 +68\.0$/m);
    // A mission without a sample has none to show: 404 from the API.
    assert.equal((await getJson(`${srv.url}/api/v1/missions/none/pvt`)).status, 404);
  });
});

// ---- observa quickcount on files ----

test('quickcount on generated files matches a recomputation; bad files are refused', () => {
  const dir = tempDir();
  const next = rng(5);
  const strata = ['north', 'south', 'capital', 'east'];
  const frame = ['station,stratum'];
  const sample = ['code,region,valid,A,B,C,registered,ballots'];
  const obs = [[], [], []], tobs = [];
  const pop = {};
  for (let i = 0; i < 2000; i++) {
    const h = strata[i % 4 === 3 ? 3 : i % 3];
    pop[h] = (pop[h] || 0) + 1;
    frame.push(`P${i},${h}`);
    if (next() < 0.1) {
      const reg = 600 + Math.floor(next() * 900), ballots = Math.floor(reg * 0.6);
      const a = Math.floor(ballots * (0.3 + 0.3 * next())), b = Math.floor((ballots - a) / 2);
      const v = [a, b, ballots - a - b];
      sample.push(`P${i},${h},${ballots},${v.join(',')},${reg},${ballots}`);
      v.forEach((x, c) => obs[c].push({ h, y: x, x: ballots }));
      tobs.push({ h, y: ballots, x: reg });
    }
  }
  const s = writeFile(dir, 'sample.csv', sample.join('\n') + '\n');
  const f = writeFile(dir, 'frame.csv', frame.join('\n') + '\n');
  const args = ['quickcount', s, '--frame', f, '--station', 'code', '--valid', 'valid', '--choices', 'A-C',
    '--registered', 'registered', '--ballots', 'ballots'];
  const strat = JSON.parse(ok([...args, '--stratum', 'region', '--format', 'json']).stdout);
  assert.equal(strat.sample_reported, sample.length - 1);
  assert.equal(strat.frame_size, 2000);
  assert.deepEqual(strat.strata.map((x) => x.name), ['capital', 'east', 'north', 'south']);
  for (let c = 0; c < 3; c++) {
    const want = ratio(obs[c], pop);
    assert.equal(strat.choices[c].name, 'ABC'[c]);
    near(strat.choices[c].estimate, want.estimate, 'stratified estimate');
    near(strat.choices[c].moe95, want.moe95, 'stratified moe95');
    near(strat.choices[c].moe99, want.moe99, 'stratified moe99');
  }
  near(strat.turnout.estimate, ratio(tobs, pop).estimate, 'turnout');
  // Unstratified: one stratum of 2,000.
  const srs = JSON.parse(ok([...args, '--format', 'json']).stdout);
  const one = (o) => o.map((x) => ({ ...x, h: 'all' }));
  near(srs.choices[0].estimate, ratio(one(obs[0]), { all: 2000 }).estimate, 'srs estimate');
  near(srs.choices[0].moe95, ratio(one(obs[0]), { all: 2000 }).moe95, 'srs moe95');
  assert.equal(srs.stratified, false);
  // Official figures by the choices' headers; text output.
  const off = writeFile(dir, 'off.csv', `choice,share\nA,${strat.choices[0].estimate}\nB,0\n`);
  const withOff = JSON.parse(ok([...args, '--official', off, '--format', 'json']).stdout);
  assert.equal(withOff.choices[0].inside95, true);
  assert.equal(withOff.choices[1].inside95, false);
  assert.equal(withOff.choices[2].inside95, null);
  const text = ok([...args, '--stratum', 'region']).stdout;
  assert.match(text, /stratified, combined ratio estimator/);
  assert.match(text, /^capital +\d+ +\d+ +\d+$/m);

  const bad = (name, csv, frameCsv, message, extra = []) => {
    const r = run(['quickcount', writeFile(dir, name, csv), '--frame', writeFile(dir, `f-${name}`, frameCsv),
      '--valid', 'valid', '--choices', 'A-B', ...extra]);
    assert.equal(r.status, 1, name);
    assert.ok(r.stderr.includes(message), `${name}: ${r.stderr}`);
  };
  bad('unknown.csv', 'station,valid,A,B\nX9,10,5,5\n', 'station\nX1\n',
    'unknown.csv: line 2: station "X9" is not in the frame');
  bad('count.csv', 'station,valid,A,B\nX1,10,five,5\n', 'station\nX1\n',
    'count.csv: line 2, column A: "five" is not a whole number of 0 or more');
  bad('twice.csv', 'station,valid,A,B\nX1,10,5,5\nX1,10,5,5\n', 'station\nX1\n',
    'twice.csv: line 3, column station: station "X1" is already given on line 2');
  bad('cols.csv', 'station,valid,A\nX1,10,5\n', 'station\nX1\n', 'cols.csv: line 1: ');
  bad('stratum.csv', 'station,valid,A,B,s\nX1,10,5,5,north\n', 'station,s\nX1,south\n',
    'stratum.csv: line 2: station "X1" is in stratum "north" here but in "south" in the frame',
    ['--stratum', 's']);
  const r = run(['quickcount', s, '--valid', 'valid', '--choices', 'A-C']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give --frame FRAME\.csv/);
});

// ---- Russia 2018, real data ----

const russia2018 = join(shared, 'data', 'russia-2018-stations.csv.gz');

// RFC 4180 records (quoted fields may hold commas and line breaks).
function* csvRecords(text) {
  let field = '', record = [], i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { record.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') yield record;
      record = [];
      continue;
    }
    field += c; i++;
  }
  if (field !== '' || record.length) { record.push(field); yield record; }
}

const q = (s) => /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

test('Russia 2018: a seeded sample of the real stations holds Putin\'s true share', {
  timeout: 600000,
  skip: existsSync(russia2018) ? false : `${russia2018} is absent: real-data quick count skipped`,
}, () => {
  const records = csvRecords(gunzipSync(readFileSync(russia2018)).toString('utf8'));
  const header = records.next().value;
  // region, tik, uik, 12 protocol lines, then the candidates; last url.
  const putin = header.findIndex((h) => h.startsWith('Путин'));
  assert.ok(putin > 15, 'Putin\'s column');
  const first = 15, last = header.length - 2;
  const frame = ['station,stratum'];
  const rows = [];
  let putinVotes = 0, valid = 0, invalid = 0;
  for (const r of records) {
    const station = `${r[0]}|${r[1]}|${r[2]}`;
    frame.push(`${q(station)},${q(r[0])}`);
    rows.push(r);
    putinVotes += Number(r[putin]);
    valid += Number(r[12]);
    invalid += Number(r[11]);
  }
  // The published check figures: the columns are the ones meant.
  assert.equal(putinVotes, 56430712);
  assert.equal(valid, 72787734);
  assert.equal(invalid, 791258);
  const trueShareCast = 100 * putinVotes / (valid + invalid); // 76.69%
  const trueShareValid = 100 * putinVotes / valid; // 77.53%
  assert.equal(trueShareCast.toFixed(2), '76.69');

  // About 2,000 stations: in each region a seeded shuffle, of which its
  // proportional share (at least 2) is taken; then all of them in a
  // shuffled order of arrival.
  const next = rng(2018);
  const byRegion = new Map();
  for (const r of rows) {
    if (!byRegion.has(r[0])) byRegion.set(r[0], []);
    byRegion.get(r[0]).push(r);
  }
  let chosen = [];
  for (const list of byRegion.values()) {
    const n = Math.min(list.length, Math.max(2, Math.round(2000 * list.length / rows.length)));
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(next() * (list.length - i));
      [list[i], list[j]] = [list[j], list[i]];
    }
    chosen = chosen.concat(list.slice(0, n));
  }
  chosen.sort(() => next() - 0.5);
  const names = header.slice(first, last + 1).map(q);
  const sample = [`station,region,valid,cast,registered,ballots,${names.join(',')}`];
  for (const r of chosen) {
    const station = `${r[0]}|${r[1]}|${r[2]}`;
    const cast = Number(r[12]) + Number(r[11]);
    sample.push([q(station), q(r[0]), r[12], cast, r[3], Number(r[9]) + Number(r[10]),
      ...r.slice(first, last + 1)].join(','));
  }
  const dir = tempDir();
  const s = writeFile(dir, 'sample.csv', sample.join('\n') + '\n');
  const f = writeFile(dir, 'frame.csv', frame.join('\n') + '\n');
  const estimate = (base) => JSON.parse(ok(['quickcount', s, '--frame', f, '--stratum', 'region',
    '--valid', base, '--choices', `7-${7 + last - first}`, '--registered', 'registered',
    '--ballots', 'ballots', '--format', 'json']).stdout);
  const name = header[putin];
  // Share of valid votes.
  let e = estimate('valid');
  let p = e.choices.find((c) => c.name === name);
  assert.ok(e.sample_reported > 1500, `${e.sample_reported} stations`);
  assert.ok(Math.abs(p.estimate - trueShareValid) <= p.moe99,
    `valid base: ${p.estimate} ± ${p.moe99} misses ${trueShareValid}`);
  // Share of valid and invalid ballots: the CEC's 76.69%.
  e = estimate('cast');
  p = e.choices.find((c) => c.name === name);
  assert.ok(Math.abs(p.estimate - trueShareCast) <= p.moe99,
    `cast base: ${p.estimate} ± ${p.moe99} misses ${trueShareCast}`);
  assert.ok(p.moe95 < 1, `a margin under a point: ${p.moe95}`);
});
