// forensics.test.mjs - "observa tabulate" and "observa forensics" end to
// end: on generated results (always), with totals worked out here, planted
// whole-number turnouts that the integer-percentage test must find, clean
// binomial results where it must not, charts, reproducible seeds and the
// errors of a broken file; and on the real national files in
// ../shared/data (skipped, and reported as skipped, when it is absent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ok, run, tempDir, writeFile, shared } from './lib.mjs';

// A small deterministic generator (LCG) and exact binomial draws.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
function binomial(n, p, rnd) {
  let k = 0;
  for (let i = 0; i < n; i++) if (rnd() < p) k++;
  return k;
}

const HEADER = 'region,tik,uik,"Число избирателей,\nвключенных в список",' +
  'Бюллетеней в ящиках,Недействительных,Действительных,Кандидат А,Кандидат Б,Кандидат В,url';
const COLS = ['--registered', '4', '--ballots', '5', '--invalid', 'Недействительных',
  '--valid', '7', '--choices', 'Кандидат А-Кандидат В', '--id', '1-3'];

// n stations; with plant, every fourth has a whole-number turnout written
// in.  Station 17's candidates add up to one vote more than valid, and
// station 30 has more ballots than voters.  Returns the CSV and the totals.
function generate(n, plant, seed) {
  const rnd = rng(seed);
  const rows = [HEADER];
  const t = { stations: n, registered: 0, ballots: 0, valid: 0, invalid: 0, votes: [0, 0, 0] };
  for (let i = 1; i <= n; i++) {
    const reg = 500 + Math.floor(rnd() * 2000);
    let ballots = binomial(reg, 0.45 + 0.3 * rnd(), rnd);
    if (plant && i % 4 === 0) ballots = Math.round(reg * (45 + (i % 30)) / 100);
    if (i === 30) ballots = reg + 5;
    const invalid = binomial(ballots, 0.01, rnd);
    const valid = ballots - invalid;
    const a = binomial(valid, 0.4 + 0.3 * rnd(), rnd);
    const b = binomial(valid - a, 0.6, rnd);
    let c = valid - a - b;
    if (i === 17) c += 1;
    t.registered += reg; t.ballots += ballots; t.valid += valid; t.invalid += invalid;
    t.votes[0] += a; t.votes[1] += b; t.votes[2] += c;
    rows.push(`Область ${1 + (i % 3)},ТИК ${1 + (i % 7)},${i},${reg},${ballots},${invalid},` +
      `${valid},${a},${b},${c},http://example.invalid/${i}`);
  }
  return { csv: rows.join('\n') + '\n', totals: t };
}

const json = (r) => JSON.parse(r.stdout);

test('tabulate adds up a generated file, plain, gzip-compressed or on stdin', () => {
  const dir = tempDir();
  const { csv, totals: t } = generate(2000, false, 7);
  const plain = writeFile(dir, 'results.csv', csv);
  const gz = join(dir, 'results.csv.gz');
  writeFile(dir, 'results.csv.gz', gzipSync(csv));
  const j = json(ok(['tabulate', plain, ...COLS, '--format', 'json']));
  assert.equal(j.stations, 2000);
  assert.equal(j.registered, t.registered);
  assert.equal(j.ballots, t.ballots);
  assert.equal(j.ballots_from, 'column');
  assert.equal(j.valid, t.valid);
  assert.equal(j.invalid, t.invalid);
  assert.ok(Math.abs(j.turnout - t.ballots / t.registered) < 1e-12);
  assert.deepEqual(j.choices.map((c) => c.name), ['Кандидат А', 'Кандидат Б', 'Кандидат В']);
  j.choices.forEach((c, k) => {
    assert.equal(c.votes, t.votes[k]);
    assert.ok(Math.abs(c.share_valid - t.votes[k] / t.valid) < 1e-12);
    assert.ok(Math.abs(c.share_all - t.votes[k] / (t.valid + t.invalid)) < 1e-12);
  });
  // station 17 (line 19: the header takes two lines) and station 30
  assert.equal(j.inconsistent_count, 2);
  assert.deepEqual(j.inconsistent.map((r) => r.line), [19, 32]);
  assert.match(j.inconsistent[0].id, /^Область \d \/ ТИК \d \/ 17$/);
  assert.equal(j.inconsistent[0].problems[0].check, 'valid_sum');
  assert.equal(j.inconsistent[0].problems[0].sum_of_choices,
    j.inconsistent[0].problems[0].valid + 1);
  assert.equal(j.inconsistent[1].problems[0].check, 'over_registered');
  assert.equal(j.inconsistent_by_check.over_registered, 1);

  // the same figures from the .gz file and from standard input
  assert.deepEqual(json(ok(['tabulate', gz, ...COLS, '--format', 'json'])), j);
  assert.deepEqual(json(ok(['tabulate', '-', ...COLS, '--format', 'json'], { input: csv })), j);

  // text: the totals and the failing stations
  const text = ok(['tabulate', plain, ...COLS]).stdout;
  assert.match(text, new RegExp(`registered\\s+${t.registered}\\n`));
  assert.match(text, /inconsistent stations: 2/);
  assert.match(text, /line 19, .*valid \d+ != sum of choices \d+/);
});

test('forensics finds planted whole-number turnouts and draws the charts', () => {
  const dir = tempDir();
  const { csv } = generate(3000, true, 11);
  const path = writeFile(dir, 'planted.csv', csv);
  const svg = join(dir, 'charts');
  const j = json(ok(['forensics', path, ...COLS, '--svg-dir', svg, '--format', 'json']));
  assert.equal(j.stations, 3000);
  assert.equal(j.stations_used, 2999, 'station 30 has more ballots than voters');
  assert.equal(j.excluded.over_registered, 1);
  assert.equal(j.leader, 'Кандидат А');
  assert.equal(j.leader_chosen, 'auto');
  const sum = (a) => a.reduce((x, y) => x + y, 0);
  assert.equal(j.turnout_histogram.length, 100);
  assert.equal(sum(j.turnout_histogram), 2999);
  assert.equal(sum(j.leader_share_histogram), 2999);
  assert.equal(j.fingerprint.length, 100);
  assert.equal(sum(j.fingerprint.map(sum)), 2999);
  assert.ok(Math.abs(j.cumulative_leader_votes[99] - 1) < 1e-12);
  const p = j.integer_peaks;
  assert.ok(p.observed_turnout >= 700, `planted: ${p.observed_turnout}`);
  assert.ok(p.z > 8, `z ${p.z}: observed ${p.observed}, expected ${p.expected} ± ${p.sd}`);
  assert.equal(p.resamples, 1000);
  assert.equal(j.second_digit.length, 3);
  for (const d of j.second_digit) assert.ok(d.p >= 0 && d.p <= 1 && d.chi2 >= 0);
  assert.ok(j.high_turnout_share >= 0 && j.high_turnout_share < 0.05);

  const files = readdirSync(svg).sort();
  assert.deepEqual(files, ['cumulative.svg', 'fingerprint.svg', 'leader_share.svg', 'turnout.svg']);
  for (const f of files) {
    const doc = readFileSync(join(svg, f), 'utf8');
    assert.match(doc, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(doc.trimEnd().endsWith('</svg>'));
    assert.ok(!/<script|href=/.test(doc), `${f} is self-contained`);
  }
  assert.match(readFileSync(join(svg, 'fingerprint.svg'), 'utf8'), /Share of Кандидат А/);

  // the same seed gives the same figures; a named leader is taken
  const again = json(ok(['forensics', path, ...COLS, '--format', 'json']));
  assert.deepEqual(again.integer_peaks, p);
  const other = json(ok(['forensics', path, ...COLS, '--seed', '99', '--format', 'json']));
  assert.notEqual(other.integer_peaks.expected, p.expected);
  assert.equal(other.integer_peaks.observed, p.observed);
  const named = json(ok(['forensics', path, ...COLS, '--leader', 'Б', '--resamples', '50',
    '--format', 'json']));
  assert.equal(named.leader, 'Кандидат Б');
  assert.equal(named.leader_chosen, 'named');
});

test('forensics finds nothing in clean binomial results', () => {
  const dir = tempDir();
  const path = writeFile(dir, 'clean.csv', generate(3000, false, 5).csv);
  const j = json(ok(['forensics', path, ...COLS, '--format', 'json']));
  const p = j.integer_peaks;
  assert.ok(Math.abs(p.z) < 4, `z ${p.z}: observed ${p.observed}, expected ${p.expected} ± ${p.sd}`);
  const text = ok(['forensics', path, ...COLS]).stdout;
  assert.match(text, /leader: Кандидат А \(most votes\)/);
  assert.match(text, /expected [\d.]+, sd [\d.]+ \(1000 binomial resamples, seed 1\)/);
});

test('a broken file is refused with its line, column and header', () => {
  const dir = tempDir();
  const lines = generate(5, false, 3).csv.split('\n');
  const bad = (i, f) => { const l = [...lines]; l[i] = f(l[i]); return writeFile(dir, `b${i}.csv`, l.join('\n')); };
  // lines[3] is line 4 of the file, the second station: the header takes
  // two lines
  const field = (k, f) => (l) => l.split(',').map((v, i) => (i === k ? f(v) : v)).join(',');
  let r = run(['tabulate', bad(3, field(6, (v) => `x${v}`)), ...COLS]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 4, column 7 \(Действительных\): "x\d+" is not a whole number/);
  r = run(['forensics', bad(3, (l) => l.split(',').slice(0, 5).join(',')), ...COLS]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 4: 5 fields, the header has 11/);
  r = run(['tabulate', bad(2, (l) => l), ...COLS.map((c) => (c === '7' ? 'Валидных' : c))]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--valid: columns "Валидных": neither a column nor a range/);
  r = run(['tabulate', writeFile(dir, 'empty.csv', ''), ...COLS]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the file is empty/);
  r = run(['tabulate', writeFile(dir, 'x.csv', 'a\n1\n'), '--valid', '1']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--registered COL is required/);
});

// ------------------------------------------------- the real national files

const data = join(shared, 'data');
const absent = existsSync(data) ? false : 'skipped: ../shared/data is absent';
const file = (name) => join(data, name);
const RU18 = ['--registered', '4', '--valid', '13', '--invalid', '12', '--choices', '16-23',
  '--ballots', '10,11', '--id', '1,2,3'];

test('Russia 2018: the CEC\'s figures, read from the .gz in place', { skip: absent }, () => {
  const j = json(ok(['tabulate', file('russia-2018-stations.csv.gz'), ...RU18, '--format', 'json']));
  assert.equal(j.stations, 97699);
  assert.equal(j.registered, 109008428);
  assert.equal(j.valid, 72787734);
  assert.equal(j.invalid, 791258);
  const putin = j.choices.find((c) => c.name.startsWith('Путин'));
  assert.equal(putin.votes, 56430712);
  assert.equal((100 * putin.share_all).toFixed(2), '76.69');
  assert.equal(j.inconsistent_count, 0);
});

test('Russia 2018: forensics shows the known anomalies', { skip: absent, timeout: 600000 }, () => {
  const dir = tempDir();
  const j = json(ok(['forensics', file('russia-2018-stations.csv.gz'), ...RU18,
    '--svg-dir', join(dir, 'svg'), '--format', 'json']));
  assert.match(j.leader, /^Путин/);
  assert.ok(j.stations_used > 97000);
  // integer percentages far above chance (Kobak et al. found the same for
  // every federal election since 2004)
  assert.ok(j.integer_peaks.z > 6, `z ${j.integer_peaks.z}`);
  assert.ok(j.integer_peaks.stations > 85000);
  // thousands of stations report turnout above 95%
  assert.ok(j.high_turnout_stations > 5000);
  assert.equal(j.second_digit.length, 8);
  assert.equal(readdirSync(join(dir, 'svg')).length, 4);
});

test('Russia 2011 and Georgia 2016 tabulate without errors', { skip: absent }, () => {
  const ru = json(ok(['tabulate', file('russia-2011-stations.csv.gz'), '--registered', '4',
    '--valid', '13', '--invalid', '12', '--choices', '22-28', '--ballots', '10,11',
    '--format', 'json']));
  assert.equal(ru.stations, 95225);
  assert.match(ru.choices[5].name, /ЕДИНАЯ РОССИЯ/);
  assert.equal(ru.inconsistent_count, 0);
  // Georgia: voters are the possible plus the special voters; ballots
  // are those signed for
  const ge = json(ok(['tabulate', file('georgia-2016-party-list-precincts.csv.gz'),
    '--registered', 'possible voters,special voters', '--valid', 'valid votes',
    '--invalid', 'invalid votes', '--choices', '20-44', '--ballots', 'ballots signed for',
    '--id', '2,4', '--format', 'json']));
  assert.equal(ge.stations, 3668);
  assert.equal(ge.choices.length, 25);
  assert.equal(ge.choices[24].name, '41 - Georgian Dream');
  assert.equal(ge.inconsistent_by_check.ballots, 0);
});
