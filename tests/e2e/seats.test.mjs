// seats.test.mjs - "observa seats" and "observa winner" end to end: VOTES.csv
// files written here (plain, gzip-compressed, on standard input), the 2021
// Mazhilis through its preset, every method, ties and empty results in
// text and JSON, the presidential majority of 2019 and the Senate's quorum,
// and exit status 2 for a wrong command line, 1 for a bad file.  The
// official station files of the Russian Duma elections of 2011 and 2021,
// when ../shared/data is present, are added up here and must give the
// seats the commission announced; those two tests are skipped when
// ../shared/data (beside the repository) is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ok, run, shared, tempDir, writeFile } from './lib.mjs';

const dir = tempDir('observa-seats-');

// A VOTES.csv file from [name, votes, kind, order] rows.
function votes(name, rows, header = 'name,votes,kind,order') {
  const quote = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : v);
  const text = [header, ...rows.map((r) => r.map((v) => quote(v ?? '')).join(','))].join('\n');
  return writeFile(dir, name, text + '\n');
}

function json(args, opts) {
  return JSON.parse(ok([...args, '--format', 'json'], opts).stdout);
}

function seatsOf(doc) {
  return Object.fromEntries(doc.results.filter((r) => r.kind === 'list').map((r) => [r.name, r.seats]));
}

// DOMAIN figures of the 2021 Mazhilis election.
const MAZHILIS_2021 = [
  ['Nur Otan', 5148074, 'list', 1],
  ['Ak Zhol', 792828, 'list', 2],
  ["People's Party", 659019, 'list', 3],
  ['Auyl', 383023, 'list', 4],
  ['Adal', 258618, 'list', 5],
  ['Invalid ballots', 297718, 'invalid', ''],
];

test('the 2021 Mazhilis preset gives 76 / 12 / 10 / 0 / 0', () => {
  const path = votes('mazhilis-2021.csv', MAZHILIS_2021);
  const doc = json(['seats', path, '--preset', 'mazhilis-2021']);
  assert.deepEqual(seatsOf(doc),
    { 'Nur Otan': 76, 'Ak Zhol': 12, "People's Party": 10, Auyl: 0, Adal: 0 });
  assert.equal(doc.preset, 'mazhilis-2021');
  assert.equal(doc.method, 'hare');
  assert.equal(doc.seats, 98);
  assert.equal(doc.threshold_percent, 7);
  assert.equal(doc.threshold_base, 'valid');
  assert.equal(doc.base_votes, 7241562);
  // 7% of 7,241,562 is 506,909.34: 506,910 votes pass
  assert.equal(doc.threshold_votes, 506910);
  assert.equal(doc.qualified_votes, 6599921);
  assert.ok(Math.abs(doc.quota - 6599921 / 98) < 1e-6);
  const nurOtan = doc.results[0];
  assert.equal(nurOtan.qualified, true);
  assert.equal(nurOtan.whole, 76);
  assert.equal(Math.round(nurOtan.share * 10000), 7109);
  assert.ok(Math.abs(nurOtan.remainder - (5148074 - 76 * 6599921 / 98)) < 1e-6);
  assert.equal(doc.results[3].qualified, false);
  assert.equal(doc.results[3].remainder, null);
  const invalid = doc.results[5];
  assert.equal(invalid.kind, 'invalid');
  assert.equal(invalid.share, null); // not in the base
  assert.deepEqual(doc.notes, []);
  assert.equal(doc.tie, null);

  const r = ok(['seats', path, '--preset', 'mazhilis-2021']);
  assert.equal(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'Seats       98 by largest remainder, Hare quota (preset mazhilis-2021)');
  assert.equal(lines[1], 'Base        7,241,562 votes, the valid ballots: lists and against all');
  assert.equal(lines[2], 'Threshold   7% of the base: 506,910 votes or more');
  assert.equal(lines[3], 'Quota       6,599,921 votes of 3 qualified lists / 98 seats = 67,346.13');
  assert.match(r.stdout, /^Ak Zhol +792,828 +10\.95% +yes +11 +52,020\.54 +12$/m);
  assert.match(r.stdout, /^Invalid ballots +297,718 +- +\(invalid\)$/m);
  assert.ok(r.stdout.endsWith("\n98 seats: Nur Otan 76, Ak Zhol 12, People's Party 10.\n"));
});

test('options given with a preset replace its values; the 2023 preset', () => {
  const path = votes('mazhilis-2021b.csv', MAZHILIS_2021);
  let doc = json(['seats', path, '--preset', 'mazhilis-2023']);
  assert.equal(doc.seats, 69);
  assert.equal(doc.threshold_percent, 5);
  assert.equal(doc.threshold_base, 'valid');
  // 5% of 7,241,562 = 362,078.1 -> 362,079: Auyl (383,023) is in now
  assert.equal(doc.threshold_votes, 362079);
  assert.equal(doc.qualified_lists, 4);
  doc = json(['seats', path, '--preset', 'mazhilis-2023', '--seats', '98', '--threshold', '7']);
  assert.deepEqual(seatsOf(doc),
    { 'Nur Otan': 76, 'Ak Zhol': 12, "People's Party": 10, Auyl: 0, Adal: 0 });
  // D'Hondt: the 98th seat goes at Ak Zhol's 792,828 / 12 = 66,069; the
  // best claims left are Nur Otan's 5,148,074 / 78 = 66,000.95 and People's
  // Party's 659,019 / 10 = 65,901.9
  doc = json(['seats', path, '--preset', 'mazhilis-2021', '--method', 'dhondt']);
  assert.equal(doc.method, 'dhondt');
  assert.equal(doc.quota, null);
  assert.equal(doc.last_quotient, 66069);
  assert.deepEqual(seatsOf(doc),
    { 'Nur Otan': 77, 'Ak Zhol': 12, "People's Party": 9, Auyl: 0, Adal: 0 });
});

// A textbook table: 100,000 votes, 10 seats.
const SIX = 'name,votes\nA,47000\nB,16000\nC,15800\nD,12000\nE,6100\nF,3100\n';

test('every method on one table, read from standard input', () => {
  const want = {
    hare: [5, 2, 1, 1, 1, 0],
    droop: [5, 2, 2, 1, 0, 0],
    dhondt: [5, 2, 2, 1, 0, 0],
    'sainte-lague': [4, 2, 2, 1, 1, 0],
  };
  for (const [method, seats] of Object.entries(want)) {
    const doc = json(['seats', '-', '--seats', '10', '--method', method], { input: SIX });
    assert.deepEqual(doc.results.map((r) => r.seats), seats, method);
    assert.equal(doc.allocated, 10);
  }
  let doc = json(['seats', '-', '--seats', '10', '--method', 'droop'], { input: SIX });
  assert.equal(doc.quota, 9091); // floor(100000 / 11) + 1
  doc = json(['seats', '-', '--seats', '10', '--method', 'dhondt'], { input: SIX });
  assert.equal(doc.last_quotient, 7900);
  assert.equal(doc.results[0].remainder, null);
  assert.ok(Math.abs(doc.results[0].next_quotient - 47000 / 6) < 1e-9);
  const r = ok(['seats', '-', '--seats', '10', '--method', 'sainte-lague'], { input: SIX });
  assert.match(r.stdout, /^Threshold   none: every list with a vote takes part$/m);
  assert.match(r.stdout, /^Divisors    1, 3, 5, 7, \.\.\.$/m);
  assert.match(r.stdout, /^Last seat   won at a quotient of 5,266\.67; the best claim left was 5,222\.22$/m);
  assert.match(r.stdout, /^10 seats: A 4, B 2, C 2, D 1, E 1\.$/m);
});

test('the threshold on each base, against all and invalid rows', () => {
  const path = votes('bases.csv', [
    ['A', 600, 'list'], ['B', 300, 'list'], ['C', 48, 'list'],
    ['Against all', 30, 'against_all'], ['Spoilt', 25, 'invalid'],
  ], 'name,votes,kind');
  const base = (b) => json(['seats', path, '--seats', '10', '--threshold', '5', '--threshold-base', b]);
  let doc = base('all');
  assert.equal(doc.base_votes, 1003);
  assert.equal(doc.threshold_votes, 51);
  assert.deepEqual(doc.results.map((r) => r.seats), [7, 3, 0, 0, 0]);
  doc = base('valid');
  assert.equal(doc.base_votes, 978);
  assert.equal(doc.threshold_votes, 49);
  assert.equal(doc.results[4].share, null);
  assert.equal(doc.results[2].qualified, false);
  doc = base('lists');
  assert.equal(doc.base_votes, 948);
  assert.equal(doc.threshold_votes, 48); // C has exactly enough
  assert.deepEqual(doc.results.map((r) => r.seats), [6, 3, 1, 0, 0]);
  assert.equal(doc.results[3].qualified, false); // against all takes no seat
  // the default base is every ballot
  assert.equal(json(['seats', path, '--seats', '10', '--threshold', '5']).threshold_base, 'all');
});

test('a tie at the last seat goes to the list registered earlier', () => {
  const path = votes('tie.csv', [['A', 300, 'list', 2], ['B', 300, 'list', 1], ['C', 400, 'list', 3]]);
  const doc = json(['seats', path, '--seats', '2']);
  assert.deepEqual(doc.results.map((r) => r.seats), [0, 1, 1]);
  assert.deepEqual(doc.notes, ['tie_by_order']);
  assert.deepEqual(doc.tie, { won: 'B', lost: 'A' });
  const r = ok(['seats', path, '--seats', '2']);
  assert.match(r.stdout, /^The last seat was tied between B and A \(equal remainders\); it went to B, registered earlier\.$/m);
});

test('nobody over the threshold, no votes, more seats than votes, one list', () => {
  const low = votes('low.csv', [['A', 40], ['B', 35], ['C', 25]], 'name,votes');
  let doc = json(['seats', low, '--seats', '5', '--threshold', '50']);
  assert.equal(doc.allocated, 0);
  assert.deepEqual(doc.notes, ['nobody_qualified']);
  assert.equal(doc.quota, null);
  assert.deepEqual(doc.results.map((r) => r.seats), [0, 0, 0]);
  let r = ok(['seats', low, '--seats', '5', '--threshold', '50']);
  assert.ok(r.stdout.endsWith('\nNo list reached the threshold of 50 votes: no seats are allocated.\n'));

  const zero = votes('zero.csv', [['A', 0], ['B', 0]], 'name,votes');
  doc = json(['seats', zero, '--seats', '5']);
  assert.deepEqual(doc.notes, ['no_votes']);
  r = ok(['seats', zero, '--seats', '5']);
  assert.ok(r.stdout.endsWith('\nNo list has a vote: no seats are allocated.\n'));

  const few = votes('few.csv', [['A', 2], ['B', 1]], 'name,votes');
  doc = json(['seats', few, '--seats', '10']);
  assert.deepEqual(doc.results.map((r) => r.seats), [7, 3]);
  assert.deepEqual(doc.notes, ['fewer_votes_than_seats']);
  r = ok(['seats', few, '--seats', '10']);
  assert.match(r.stdout, /^Note: the qualified lists have 3 votes, fewer than the 10 seats/m);

  const one = votes('one.csv', [['Only', 1234, 'list'], ['Against all', 100, 'against_all']], 'name,votes,kind');
  for (const method of ['hare', 'droop', 'dhondt', 'sainte-lague']) {
    doc = json(['seats', one, '--seats', '69', '--threshold', '5', '--method', method]);
    assert.equal(doc.results[0].seats, 69, method);
  }
});

test('a gzip-compressed VOTES.csv is read in place', () => {
  const path = join(dir, 'six.csv.gz');
  writeFileSync(path, gzipSync(SIX));
  const doc = json(['seats', path, '--seats', '10']);
  assert.deepEqual(doc.results.map((r) => r.seats), [5, 2, 1, 1, 1, 0]);
});

test('a wrong command line exits 2, a bad file 1, with the line and column', () => {
  const good = votes('good.csv', [['A', 10], ['B', 5]], 'name,votes');
  const usage = [
    [['seats', good], 'how many seats? give --seats N'],
    [['seats', good, '--seats', '0'], '--seats is a whole number from 1 to 100000'],
    [['seats', good, '--seats', '5', '--method', 'imperiali'], '--method is hare, droop, dhondt or sainte-lague'],
    [['seats', good, '--seats', '5', '--threshold', '5,5'], '--threshold is a percentage'],
    [['seats', good, '--seats', '5', '--threshold', '101'], '--threshold is a percentage'],
    [['seats', good, '--seats', '5', '--threshold-base', 'voters'], '--threshold-base is all, valid or lists'],
    [['seats', good, '--preset', 'mazhilis-1995'], '--preset is mazhilis-2023 or mazhilis-2021'],
    [['seats', '--seats', '5'], 'which file?'],
    [['seats', good, good, '--seats', '5'], 'unexpected argument'],
    [['seats', good, '--seats', '5', '--format', 'xml'], '--format is text or json'],
    [['winner', good], 'which rule? give --rule plurality or majority'],
    [['winner', good, '--rule', 'borda'], '--rule is plurality or majority'],
    [['winner', good, '--rule', 'majority', '--electors', '-3'], '--electors is a whole number'],
    [['winner', good, '--rule', 'majority', '--base', 'registered'], '--base is valid or all'],
  ];
  for (const [args, message] of usage) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.ok(r.stderr.includes(message), `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
  const bad = [
    ['bad-votes.csv', 'name,votes\nA,10\nB,12a\n', 'line 3, column votes: "12a" is not a whole number of votes'],
    ['separators.csv', 'name,votes\nA,"5,148,074"\n', 'write digits only, without separators'],
    ['negative.csv', 'name,votes\nA,-1\n', 'line 2, column votes: "-1" is negative'],
    ['twice.csv', 'name,votes\nA,1\nA,2\n', 'line 3, column name: "A" is given twice (also on line 2)'],
    ['kind.csv', 'name,votes,kind\nA,1,spoilt\n', 'line 2, column kind: "spoilt" is not a kind of row'],
    ['empty.csv', '', 'the file is empty'],
    ['header.csv', 'name,votes\n', 'line 1: the file has a header but no rows'],
    ['missing.csv', 'name,count\nA,1\n', 'unknown column "count"'],
    ['order.csv', 'name,votes,order\nA,1,1\nB,1,1\n', 'line 3, column order: 1 is also the order'],
  ];
  for (const [name, text, message] of bad) {
    const path = writeFile(dir, name, text);
    for (const args of [['seats', path, '--seats', '5'], ['winner', path, '--rule', 'plurality']]) {
      const r = run(args);
      assert.equal(r.status, 1, `${name}: ${r.stderr}`);
      assert.ok(r.stderr.includes(`${path}: `), r.stderr);
      assert.ok(r.stderr.includes(message), `${name}: ${r.stderr}`);
      assert.equal(r.stdout, '');
    }
  }
  const r = run(['seats', join(dir, 'absent.csv'), '--seats', '5']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /absent\.csv: No such file or directory/);
  assert.equal(run(['seats', '--help']).status, 0);
  assert.match(run(['winner', '--help']).stdout, /^usage: observa winner VOTES.csv --rule/);
});

// DOMAIN figures of the 2019 presidential election.
const PRESIDENT_2019 = [
  ['Tokayev', 6539715, 'candidate'], ['Kosanov', 1495401, 'candidate'],
  ['Yespayeva', 465714, 'candidate'], ['Rakhimbekov', 280451, 'candidate'],
  ['Taspikhov', 182898, 'candidate'], ['Akhmetbekov', 167649, 'candidate'],
  ['Tugel', 84582, 'candidate'], ['Invalid', 9274110 - 9216410, 'invalid'],
];

test('winner: the 2019 presidential election is decided in the first round', () => {
  const path = votes('president-2019.csv', PRESIDENT_2019, 'name,votes,kind');
  const doc = json(['winner', path, '--rule', 'majority']);
  assert.equal(doc.decided, true);
  assert.equal(doc.winner, 'Tokayev');
  assert.equal(doc.runoff, null);
  assert.equal(doc.quorum_met, null);
  assert.equal(doc.base, 'valid');
  assert.equal(doc.base_votes, 9216410);
  assert.equal(doc.majority_votes, 4608206);
  assert.equal(Math.round(doc.results[0].share * 10000), 7096);
  assert.equal(doc.results[1].name, 'Kosanov');
  const r = ok(['winner', path, '--rule', 'majority']);
  assert.ok(r.stdout.endsWith('\nElected: Tokayev, 6,539,715 votes (70.96%), more than half.\n'));
  assert.match(r.stdout, /^Invalid +57,700 +- +\(invalid, not in the base\)$/m);
});

test('winner: a runoff of the top two, ties reported, not broken', () => {
  const path = votes('runoff.csv', [['C', 25], ['A', 45], ['B', 30]], 'name,votes');
  let doc = json(['winner', path, '--rule', 'majority']);
  assert.equal(doc.decided, false);
  assert.equal(doc.winner, null);
  assert.deepEqual(doc.runoff, ['A', 'B']);
  assert.equal(doc.outcome, 'runoff');
  let r = ok(['winner', path, '--rule', 'majority']);
  assert.ok(r.stdout.endsWith('\nNot decided: nobody has more than half (A has 45.00%).\nRunoff: A and B.\n'));
  // the same table by plurality elects A
  assert.equal(json(['winner', path, '--rule', 'plurality']).winner, 'A');

  const tie = votes('tie-first.csv', [['A', 30], ['B', 10], ['C', 30]], 'name,votes');
  doc = json(['winner', tie, '--rule', 'plurality']);
  assert.equal(doc.decided, false);
  assert.equal(doc.outcome, 'tie');
  assert.deepEqual(doc.tied, ['A', 'C']);
  assert.equal(doc.runoff, null);
  r = ok(['winner', tie, '--rule', 'plurality']);
  assert.match(r.stdout, /^Not decided: A and C are tied with 30 votes each; the law settles a tie\.$/m);

  const second = votes('tie-second.csv', [['A', 40], ['B', 30], ['C', 30]], 'name,votes');
  doc = json(['winner', second, '--rule', 'majority']);
  assert.equal(doc.outcome, 'runoff_tie');
  assert.deepEqual(doc.tied, ['B', 'C']);
  assert.equal(doc.runoff, null);

  // "against all" counts in the base: 50 of 100 is not more than half
  const aa = votes('against-all.csv', [['A', 50, 'candidate'], ['B', 40, 'candidate'],
    ['Against all', 10, 'against_all']], 'name,votes,kind');
  doc = json(['winner', aa, '--rule', 'majority']);
  assert.deepEqual(doc.runoff, ['A', 'B']);
  assert.equal(doc.against_all_votes, 10);
});

test('winner: the Senate sessions of 2020 and 2023 had their quorum', () => {
  // 2,889 of 3,069 electors took part in 2020, 2,904 of 3,167 in 2023.
  // How their votes split is made up; the totals are the published ones.
  const s2020 = votes('senate-2020.csv', [['A', 1500, 'candidate'], ['B', 1300, 'candidate'],
    ['Invalid', 89, 'invalid']], 'name,votes,kind');
  let doc = json(['winner', s2020, '--rule', 'majority', '--electors', '3069']);
  assert.equal(doc.quorum_met, true);
  assert.equal(doc.electors, 3069);
  assert.equal(doc.took_part, 2889);
  assert.equal(doc.base, 'all'); // more than half of the electors who voted
  assert.equal(doc.majority_votes, 1445);
  assert.equal(doc.winner, 'A');
  let r = ok(['winner', s2020, '--rule', 'majority', '--electors', '3069']);
  assert.match(r.stdout, /^Electors    3,069; 2,889 took part \(94\.13%\): quorum met \(more than half\)$/m);

  const s2023 = votes('senate-2023.csv', [['A', 1400], ['B', 1000], ['C', 504]], 'name,votes');
  doc = json(['winner', s2023, '--rule', 'majority', '--electors', '3167']);
  assert.equal(doc.took_part, 2904);
  assert.equal(doc.quorum_met, true);
  assert.deepEqual(doc.runoff, ['A', 'B']);

  // Half of the electors or fewer: the session is not valid
  doc = json(['winner', s2023, '--rule', 'majority', '--electors', '5808']);
  assert.equal(doc.quorum_met, false);
  assert.equal(doc.outcome, 'no_quorum');
  assert.equal(doc.decided, false);
  assert.equal(doc.runoff, null);
  r = ok(['winner', s2023, '--rule', 'majority', '--electors', '5808']);
  assert.match(r.stdout, /^Not decided: 2,904 of 5,808 electors took part, not more than half; the session is not valid\.$/m);

  // More ballots than electors is an error in the file
  r = run(['winner', s2023, '--rule', 'majority', '--electors', '2000']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /2904 electors took part \(the sum of the rows\), more than the 2000 electors/);
});

// ---- official station files (skipped when ../shared/data is absent) ----

// The fields of an RFC 4180 CSV text, quoted line breaks included.
function* csvRecords(text) {
  let field = '', record = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); field = '';
      yield record; record = [];
    } else field += c;
  }
  if (field || record.length) { record.push(field); yield record; }
}

// Add up a Russian station file into a VOTES.csv: one row per party (the
// number before its name in the header is its order), one of invalid
// ballots.  Returns the file's path.
function russianVotes(file, out) {
  const records = csvRecords(gunzipSync(readFileSync(file)).toString('utf8'));
  const header = records.next().value;
  const parties = header.map((h, i) => [i, h.match(/^(\d+)\. (.*)$/s)]).filter(([, m]) => m);
  const invalid = header.findIndex((h) => h.startsWith('Число недействительных'));
  const sums = parties.map(() => 0);
  let spoilt = 0;
  for (const rec of records) {
    assert.equal(rec.length, header.length, 'a station record has every column');
    parties.forEach(([i], k) => { sums[k] += Number(rec[i]); });
    spoilt += Number(rec[invalid]);
  }
  const rows = parties.map(([, m], k) => [m[2], sums[k], 'list', Number(m[1])]);
  return votes(out, [...rows, ['invalid', spoilt, 'invalid', '']]);
}

const data = join(shared, 'data');
const skip = existsSync(data) ? false : `${data} is absent`;

// Seats of the lists whose names contain each fragment (one list each);
// every other list must have none.
function seatsByName(doc, fragments) {
  const found = {};
  for (const f of fragments) {
    const lists = doc.results.filter((r) => r.kind === 'list' && r.name.includes(f));
    assert.equal(lists.length, 1, `one list named like ${f}`);
    found[f] = lists[0].seats;
  }
  const others = doc.results.filter((r) => !fragments.some((f) => r.name.includes(f)));
  assert.deepEqual(others.map((r) => r.seats).filter((n) => n), []);
  return found;
}

test('Russia 2011, State Duma: 450 seats, 7% of all ballots, Hare -> 238 / 92 / 64 / 56 ' +
  '(skipped when ../shared/data is absent)',
  { skip }, () => {
    const path = russianVotes(join(data, 'russia-2011-stations.csv.gz'), 'russia-2011.csv');
    const doc = json(['seats', path, '--seats', '450', '--threshold', '7', '--threshold-base', 'all']);
    assert.deepEqual(seatsByName(doc, ['ЕДИНАЯ РОССИЯ', 'Коммунистическая', 'СПРАВЕДЛИВАЯ РОССИЯ',
      'Либерально-демократическая']), {
      'ЕДИНАЯ РОССИЯ': 238, 'Коммунистическая': 92, 'СПРАВЕДЛИВАЯ РОССИЯ': 64,
      'Либерально-демократическая': 56,
    });
    assert.equal(doc.qualified_lists, 4);
    assert.equal(doc.results.length, 8); // 7 parties and the invalid ballots
  });

test('Russia 2021, State Duma: 225 list seats, 5% of all ballots, Hare -> 126 / 48 / 19 / 19 / 13 ' +
  '(skipped when ../shared/data is absent)',
  { skip }, () => {
    const path = russianVotes(join(data, 'russia-2021-stations.csv.gz'), 'russia-2021.csv');
    const doc = json(['seats', path, '--seats', '225', '--threshold', '5', '--threshold-base', 'all']);
    assert.deepEqual(seatsByName(doc, ['ЕДИНАЯ РОССИЯ', 'КОММУНИСТИЧЕСКАЯ ПАРТИЯ РОССИЙСКОЙ', 'ЛДПР',
      'СПРАВЕДЛИВАЯ РОССИЯ', 'НОВЫЕ ЛЮДИ']), {
      'ЕДИНАЯ РОССИЯ': 126, 'КОММУНИСТИЧЕСКАЯ ПАРТИЯ РОССИЙСКОЙ': 48, 'ЛДПР': 19,
      'СПРАВЕДЛИВАЯ РОССИЯ': 19, 'НОВЫЕ ЛЮДИ': 13,
    });
    assert.equal(doc.allocated, 225);
  });
