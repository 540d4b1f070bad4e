// submit.test.mjs - reports from the command line: "observa submit" of JSON
// objects, arrays, JSON lines and CSV paper forms; problems listed by record,
// line and column; duplicates and conflicting ids; corrections and their
// versions; double observation and conflicts; review; the mission's forms
// ("form list/show/validate/add") and its ballot ("import choices").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missionDb, ok, run, writeFile } from './lib.mjs';

const M = ['--mission', 'kz-2023'];

const LOCATIONS = [
  'code,name,level,parent',
  'KZ,Kazakhstan,country,',
  'R1,Astana,city,KZ',
  'R2,Almaty region,region,KZ',
  'S1,УИК №1,station,R1',
  'S2,УИК №2,station,R1',
  'S3,УИК №3,station,R2',
  'T1,Astana territorial commission,territory,R1',
].join('\n') + '\n';

const OBSERVERS = [
  'code,full_name',
  'A,Айгерим Сапарова',
  'B,Ivan Petrov',
  'C,Hans Müller',
].join('\n') + '\n';

// A mission with stations and observers, ready for reports.
function reportsDb() {
  const { dir, db } = missionDb();
  ok(['import', 'locations', writeFile(dir, 'loc.csv', LOCATIONS), '--db', db, ...M]);
  ok(['import', 'observers', writeFile(dir, 'obs.csv', OBSERVERS), '--db', db, ...M]);
  return { dir, db };
}

function submit(db, dir, name, text, extra = []) {
  return run(['submit', writeFile(dir, name, text), '--db', db, ...M, ...extra]);
}

function list(db, args = []) {
  return JSON.parse(ok(['submission', 'list', '--db', db, ...M, '--format', 'json', ...args]).stdout);
}

function show(db, id) {
  return JSON.parse(ok(['submission', 'show', String(id), '--db', db, ...M, '--format', 'json']).stdout);
}

function conflicts(db, args = []) {
  return JSON.parse(ok(['conflict', 'list', '--db', db, ...M, '--format', 'json', ...args]).stdout);
}

const op = (fields) => JSON.stringify({
  form: 'OP', station: 'S1', observer: 'A', answers: { A: 'yes', Z: 4 }, ...fields,
});

test('a new mission starts with the six shipped forms', () => {
  const { db } = missionDb();
  const forms = JSON.parse(ok(['form', 'list', '--db', db, ...M, '--format', 'json']).stdout);
  assert.deepEqual(forms.map((f) => f.code).sort(), ['CO', 'IN', 'OP', 'PR', 'TA', 'VO']);
  for (const f of forms) assert.ok(f.questions > 0, f.code);
  const text = ok(['form', 'list', '--db', db, ...M]).stdout;
  assert.match(text, /^OP +v1 +checklist +opening/m);
});

test('submit takes one object, an array and JSON lines', () => {
  const { dir, db } = reportsDb();
  let r = submit(db, dir, 'one.json', op({ id: 'o1', observed_at: '2023-03-19T07:55+05:00' }));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^the report: stored as \d+ \(new\)$/m);
  assert.match(r.stdout, /^1 report: 1 stored, 0 duplicates, 0 refused$/m);

  const arr = '[\n' + [op({ id: 'a1', station: 'S2' }), op({ id: 'a2', station: 'S3' })].join(',\n') + '\n]\n';
  r = submit(db, dir, 'arr.json', arr);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^record 1 \(line 2\): stored as \d+ \(new\)$/m);
  assert.match(r.stdout, /^record 2 \(line 3\): stored/m);

  const lines = [op({ id: 'l1', form: 'VO', answers: { M: 100, N: 90, Z: 'good' } }),
    op({ id: 'l2', form: 'VO', station: 'S2', answers: { M: 100, N: 120, Z: 3 } })].join('\n') + '\n';
  r = run(['submit', '-', '--db', db, ...M], { input: lines });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^line 1: stored as \d+ \(new\)$/m);
  // N > M fails the flag check: stored, flagged, the check named.
  assert.match(r.stdout, /^line 2: stored as \d+ \(flagged\)$/m);
  assert.match(r.stdout, /^ {2}flag: check voted_le_list: /m);
  assert.match(r.stdout, /2 stored \(1 flagged\)/);

  const all = list(db);
  assert.equal(all.total, 5);
  const flagged = list(db, ['--status', 'flagged']);
  assert.equal(flagged.total, 1);
  assert.equal(flagged.items[0].client_id, 'l2');
  assert.equal(flagged.items[0].problems[0].check, 'voted_le_list');
  assert.equal(list(db, ['--region', 'R2']).total, 1);
  assert.equal(list(db, ['--form', 'VO', '--station', 'S2']).total, 1);
  const one = list(db, ['--observer', 'A', '--limit', '1']);
  assert.equal(one.total, 5);
  assert.equal(one.items.length, 1);
  const o1 = all.items.find((s) => s.client_id === 'o1');
  assert.equal(o1.observed_at, '2023-03-19T07:55+05:00');
  assert.deepEqual(o1.answers, { A: 1, Z: 4 });
  assert.equal(o1.channel, 'api');
});

test('every problem of a report is listed; malformed JSON refuses the file', () => {
  const { dir, db } = reportsDb();
  let r = submit(db, dir, 'bad.json', [
    op({ id: 'g1' }),
    JSON.stringify({ form: 'OP', station: 'S9', observer: 'Q', answers: { A: 'maybe', X: 1 } }),
    JSON.stringify({ form: 'TA', station: 'T1', observer: 'A', answers: { H: 3, I: 5, Z: 2 } }),
    JSON.stringify({ form: 7, stn: 'S1' }),
  ].join('\n') + '\n');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^line 1: stored/m);
  assert.match(r.stdout, /^line 2: refused, 5 problems$/m);
  assert.match(r.stdout, /^ {2}X: unknown tag: form OP has no question "X"$/m);
  assert.match(r.stdout, /^ {2}A: expected yes or no$/m);
  assert.match(r.stdout, /^ {2}Z: required answer is missing$/m);
  assert.match(r.stdout, /^ {2}station: no such station in this mission$/m);
  assert.match(r.stdout, /^ {2}observer: no such observer in this mission$/m);
  // A failed reject check refuses the report.
  assert.match(r.stdout, /^line 3: refused, 1 problem$/m);
  assert.match(r.stdout, /^ {2}reject: I: check differing_le_watched: |^ {2}reject: check differing_le_watched: /m);
  assert.match(r.stdout, /^line 4: refused, 2 problems$/m);
  assert.match(r.stdout, /stn: unknown field "stn"/);
  assert.match(r.stdout, /form: field "form" must be a string, not a number/);
  assert.match(r.stdout, /^4 reports: 1 stored, 0 duplicates, 3 refused$/m);
  assert.equal(list(db).total, 1);

  r = submit(db, dir, 'broken.json', '{"form": "OP", "station": "S1",\n "observer": "A", "answers": {"A": tru}}\n');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /broken\.json: line 2, column \d+: invalid token near 'tru'/);
  assert.match(r.stderr, /nothing was submitted/);
  r = submit(db, dir, 'broken2.json', '[\n' + op({ id: 'z1' }) + ',\n' + op({ id: 'z2' }) + '\n' + op({ id: 'z3' }) + ']');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 4, column 1: expected ',' or '\]' after record 2/);
  assert.equal(list(db).total, 1);

  // --format json: one entry per report, with the HTTP status it would get.
  r = submit(db, dir, 'mixed.json', [op({ id: 'g1' }), op({ id: 'g2', station: 'S9' })].join('\n'),
    ['--format', 'json']);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.duplicates, 1);
  assert.equal(out.refused, 1);
  assert.equal(out.reports[0].http_status, 200);
  assert.equal(out.reports[0].duplicate, true);
  assert.equal(out.reports[1].http_status, 422);
  assert.equal(out.reports[1].problems[0].field, 'station');
});

test('CSV paper forms go through the same checks, errors by line and column', () => {
  const { dir, db } = reportsDb();
  const csv = [
    'id,form,station,observer,observed_at,comment,A,B,C,Z',
    'p1,OP,S1,A,2023-03-19T08:00,"late, but calm",no,08:20,yes,3',
    'p2,OP,S2,B,,,yes,,,very good',
    'p3,OP,S3,C,,,7,25:00,,',
  ].join('\r\n') + '\r\n';
  let r = submit(db, dir, 'paper.csv', csv);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^line 2: stored as \d+ \(new\)$/m);
  assert.match(r.stdout, /^line 3: stored/m);
  assert.match(r.stdout, /^line 4: refused, 3 problems$/m);
  assert.match(r.stdout, /^ {2}line 4, column A: expected yes or no$/m);
  assert.match(r.stdout, /^ {2}line 4, column B: /m);
  assert.match(r.stdout, /^ {2}line 4, column Z: required answer is missing$/m);
  const p1 = list(db, ['--channel', 'csv']).items.find((s) => s.client_id === 'p1');
  assert.deepEqual(p1.answers, { A: 0, B: '08:20', C: 1, Z: 3 });
  assert.equal(p1.comment, 'late, but calm');

  // The same file again: the stored rows are duplicates.
  r = submit(db, dir, 'paper.csv', csv);
  assert.match(r.stdout, /^line 2: duplicate of \d+, already stored \(new\)$/m);
  assert.match(r.stdout, /2 duplicates, 1 refused/);
  assert.equal(list(db).total, 2);

  // Problems of the file itself refuse it whole.
  r = submit(db, dir, 'bad.csv', 'form,station,observer,A\nOP,S1,A,1\nOP,S1\n');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 3: 2 fields, but the header has 4 columns/);
  r = submit(db, dir, 'bad2.csv', 'form,station,A\nOP,S1,1\n');
  assert.match(r.stderr, /line 1: the header needs the columns form, station and observer/);
  r = run(['submit', '-', '--csv', '--db', db, ...M], { input: 'form,station,observer,A\nOP,S1,A,"1\n' });
  assert.match(r.stderr, /stdin: line 2, column \d+: quoted field/);
  assert.equal(list(db).total, 2);
});

test('the same id: a duplicate when equal, refused when different', () => {
  const { dir, db } = reportsDb();
  const report = op({ id: 'dup-1', comment: 'first' });
  assert.equal(submit(db, dir, 'a.json', report).status, 0);
  let r = submit(db, dir, 'b.json', report, ['--channel', 'sms']);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /duplicate of \d+/);
  r = submit(db, dir, 'c.json', op({ id: 'dup-1', comment: 'second' }));
  assert.equal(r.status, 1);
  assert.match(r.stdout, /refused: id: a different report with id "dup-1" is already stored/);
  assert.equal(list(db).total, 1);
});

test('a correction is a new version; show lists every version', () => {
  const { dir, db } = reportsDb();
  ok(['submit', writeFile(dir, 'v1.json', op({ id: 'r1', answers: { A: 'no', Z: 2 } })), '--db', db, ...M]);
  let r = submit(db, dir, 'v2.json', op({ id: 'r1-fix', replaces: 'r1', answers: { A: 'yes', Z: 4 } }));
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /stored as \d+ \(new, version 2\)/);
  r = submit(db, dir, 'v3.json', op({ id: 'r1-fix2', replaces: 'r1' }));
  assert.equal(r.status, 1);
  assert.match(r.stdout, /has already been corrected/);
  r = submit(db, dir, 'v4.json', op({ id: 'x', replaces: 'nope' }));
  assert.match(r.stdout, /refused, 1 problem\n {2}replaces: no report with id "nope"/);

  const current = list(db);
  assert.equal(current.total, 1);
  assert.equal(list(db, ['--all-versions']).total, 2);
  const s = show(db, current.items[0].id);
  assert.equal(s.version, 2);
  assert.equal(s.replaces, 'r1');
  assert.deepEqual(s.versions.map((v) => v.version), [1, 2]);
  assert.equal(s.versions[0].superseded_by, s.id);
  assert.deepEqual(s.versions[0].answers, { A: 0, Z: 2 });
  const text = ok(['submission', 'show', String(s.id), '--db', db, ...M]).stdout;
  assert.match(text, /^ {2}A +yes +The polling station opened on time$/m);
  assert.match(text, /^ {2}v1 +report \d+ .*$/m);
  assert.match(text, /^ {2}v2 +report \d+ .*\(current\)$/m);
});

test('two observers of one station: conflicts, resolution, and agreement', () => {
  const { dir, db } = reportsDb();
  ok(['submit', writeFile(dir, 'a.json', op({ id: 'ka', answers: { A: 1, C: 1, Z: 4 } })), '--db', db, ...M]);
  ok(['submit', writeFile(dir, 'b.json', op({ id: 'kb', observer: 'B', answers: { A: 0, C: 1, Z: 2 } })),
    '--db', db, ...M]);
  let c = conflicts(db, ['--open']);
  assert.equal(c.total, 2);
  assert.deepEqual(c.items.map((x) => x.tag), ['A', 'Z']);
  assert.deepEqual(c.items[0].values.map((v) => [v.observer, v.value]), [['A', 1], ['B', 0]]);
  const text = ok(['conflict', 'list', '--db', db, ...M]).stdout;
  assert.match(text, /S1 +OP +A +A=1 \(report \d+\), B=0 \(report \d+\) +\(open\)/);

  // Both reports are kept; show names the conflicts.
  assert.equal(list(db).total, 2);
  const s = show(db, c.items[0].values[0].submission);
  assert.equal(s.conflicts.length, 2);

  // A clerk settles A; the value is checked against the question.
  let r = run(['conflict', 'resolve', String(c.items[0].id), '--db', db, ...M, '--value', 'maybe']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--value for A: expected yes or no/);
  r = ok(['conflict', 'resolve', String(c.items[0].id), '--db', db, ...M, '--value', '"yes"']);
  assert.match(r.stdout, /resolved: 1/);
  c = conflicts(db);
  assert.equal(c.items[0].open, false);
  assert.equal(c.items[0].resolved_value, 1);
  assert.equal(conflicts(db, ['--open']).total, 1);
  r = run(['conflict', 'resolve', '999', '--db', db, ...M, '--value', '1']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no conflict with id 999/);

  // B corrects the rating to agree: that conflict goes, A stays settled.
  ok(['submit', writeFile(dir, 'b2.json', op({ id: 'kb2', replaces: 'kb', observer: 'B', answers: { A: 0, C: 1, Z: 4 } })),
    '--db', db, ...M]);
  c = conflicts(db);
  assert.deepEqual(c.items.map((x) => x.tag), ['A']);
});

test('a clerk verifies or rejects; a rejected report leaves the conflicts', () => {
  const { dir, db } = reportsDb();
  ok(['submit', writeFile(dir, 'a.json', op({ id: 'ra', answers: { A: 1, Z: 4 } })), '--db', db, ...M]);
  ok(['submit', writeFile(dir, 'b.json', op({ id: 'rb', observer: 'B', answers: { A: 0, Z: 4 } })), '--db', db, ...M]);
  assert.equal(conflicts(db).total, 1);
  const [b, a] = list(db).items;
  let r = run(['submission', 'reject', String(b.id), '--db', db, ...M]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /reject needs --note/);
  r = ok(['submission', 'reject', String(b.id), '--db', db, ...M, '--note', 'observer was at another station']);
  assert.match(r.stdout, new RegExp(`report ${b.id} rejected`));
  ok(['submission', 'verify', String(a.id), '--db', db, ...M]);
  const sb = show(db, b.id);
  assert.equal(sb.status, 'rejected');
  assert.equal(sb.review.note, 'observer was at another station');
  assert.match(sb.review.by, /^cli:/);
  assert.equal(show(db, a.id).status, 'verified');
  assert.equal(list(db, ['--status', 'rejected']).total, 1);
  assert.equal(conflicts(db).total, 0);
  r = run(['submission', 'show', '999', '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no report with id 999/);
});

test('a critical answer raises an alert shown with the report', () => {
  const { dir, db } = reportsDb();
  const r = submit(db, dir, 'k.json', op({ id: 'crit', answers: { A: 1, K: 'yes', Z: 1 } }));
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /^ {2}alert: K: Ballots were found in a ballot box before voting began: yes$/m);
  const s = show(db, list(db).items[0].id);
  assert.equal(s.alerts.length, 1);
  assert.equal(s.alerts[0].tag, 'K');
  assert.equal(s.alerts[0].value, 1);
});

test('form show, validate and add', () => {
  const { dir, db } = reportsDb();
  const op = JSON.parse(ok(['form', 'show', 'OP', '--db', db, ...M, '--format', 'json']).stdout);
  assert.equal(op.code, 'OP');
  assert.ok(Array.isArray(op.questions));
  for (const q of op.questions) {
    assert.equal(typeof q.tag, 'string');
    assert.equal(typeof q.type, 'string');
  }
  let text = ok(['form', 'show', 'OP', '--db', db, ...M]).stdout;
  assert.match(text, /^OP {2}Opening of the polling station$/m);
  assert.match(text, /^ {2}Z +rating 1-4 \(very bad \.\. very good\), required$/m);
  text = ok(['form', 'show', 'OP', '--db', db, ...M, '--lang', 'ru']).stdout;
  assert.match(text, /Открытие избирательного участка/);
  let r = run(['form', 'show', 'XX', '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no form with code "XX"/);

  // A definition with several problems: each with its JSON path.
  const bad = {
    code: 'xy', version: 1, kind: 'checklist', phase: 'voting', languages: ['en'],
    name: { en: 'Extra' },
    questions: [{ tag: 'A', type: 'bool', text: { en: 'a' } }, { tag: 'a', type: 'yesno', text: { en: 'b' } }],
    checks: [],
  };
  const badPath = writeFile(dir, 'bad.json', JSON.stringify(bad, null, 2));
  r = run(['form', 'validate', badPath]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /bad\.json: code: "xy" must be 2-3 upper-case letters/);
  assert.match(r.stdout, /bad\.json: questions\[0\]\.type: "bool" is not one of/);
  assert.match(r.stdout, /bad\.json: questions\[1\]\.tag: /);
  const v = JSON.parse(run(['form', 'validate', badPath, '--format', 'json']).stdout);
  assert.equal(v.valid, false);
  assert.ok(v.problems.some((p) => p.path === 'questions[0].type'));
  r = run(['form', 'add', badPath, '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /questions\[0\]\.type/);
  assert.match(r.stderr, /the form was not stored/);

  const good = { ...bad, code: 'XY', questions: [{ tag: 'A', type: 'yesno', text: { en: 'a' }, required: true }] };
  const goodPath = writeFile(dir, 'good.json', JSON.stringify(good));
  r = ok(['form', 'validate', goodPath]);
  assert.match(r.stdout, /form XY \(version 1\) is valid: 1 questions, 0 checks/);
  r = ok(['form', 'add', goodPath, '--db', db, ...M]);
  assert.match(r.stdout, /form XY \(version 1\) added in kz-2023/);
  r = ok(['form', 'add', goodPath, '--db', db, ...M]);
  assert.match(r.stdout, /unchanged/);
  const forms = JSON.parse(ok(['form', 'list', '--db', db, ...M, '--format', 'json']).stdout);
  assert.ok(forms.some((f) => f.code === 'XY'));
  r = submit(db, dir, 'xy.json', JSON.stringify({ form: 'XY', station: 'S1', observer: 'A', answers: { A: 'no' } }));
  assert.equal(r.status, 0, r.stdout);

  // A changed form replaces the old one: reports are checked against it.
  const v2 = { ...good, version: 2, questions: [...good.questions, { tag: 'B', type: 'integer', text: { en: 'b' } }] };
  r = ok(['form', 'add', writeFile(dir, 'v2.json', JSON.stringify(v2)), '--db', db, ...M]);
  assert.match(r.stdout, /form XY \(version 2\) replaced/);
  r = submit(db, dir, 'xy2.json', JSON.stringify({ form: 'XY', station: 'S1', observer: 'A', answers: { A: 'no', B: 3 } }));
  assert.equal(r.status, 0, r.stdout);
  assert.equal(list(db, ['--form', 'XY']).items[0].form_version, 2);
});

test('import choices gives the protocol one line per choice', () => {
  const { dir, db } = reportsDb();
  const before = JSON.parse(ok(['form', 'show', 'PR', '--db', db, ...M, '--format', 'json']).stdout);
  const own = before.questions.length;
  assert.ok(before.questions.every((q) => !q.choice));
  const choices = [
    'order,code,name,kind',
    '1,AMANAT,Amanat,party',
    '2,AKZHOL,Ak Zhol,party',
    '3,NPK,People\'s Party of Kazakhstan,party',
    '4,AA,Против всех,against_all',
  ].join('\n') + '\n';
  let r = ok(['import', 'choices', writeFile(dir, 'choices.csv', choices), '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 4 choices into kz-2023: 4 new, 0 updated, 0 unchanged\n');
  const pr = JSON.parse(ok(['form', 'show', 'PR', '--db', db, ...M, '--format', 'json']).stdout);
  const lines = pr.questions.filter((q) => q.choice);
  assert.equal(pr.questions.length, own + 4);
  assert.deepEqual(lines.map((q) => q.tag), ['P1', 'P2', 'P3', 'AA']);
  assert.deepEqual(lines.map((q) => q.choice.code), ['AMANAT', 'AKZHOL', 'NPK', 'AA']);
  assert.ok(lines.every((q) => q.type === 'integer'));
  assert.match(lines[0].text.en, /Amanat/);

  // A protocol now needs those lines.
  const base = { A: 1000, B: 900, C: 600, D: 10, E: 5, F: 280, G: 500, H: 100, I: 20, J: 580, K: 0, L: 0 };
  r = submit(db, dir, 'pr.json', JSON.stringify({ form: 'PR', station: 'S1', observer: 'A', answers: { ...base, P1: 300 } }));
  assert.equal(r.status, 1);
  assert.match(r.stdout, /P2: required answer is missing/);
  r = submit(db, dir, 'pr2.json', JSON.stringify({
    form: 'PR', station: 'S1', observer: 'A', answers: { ...base, P1: 300, P2: 200, P3: 60, AA: 20 },
  }));
  assert.equal(r.status, 0, r.stdout);

  // Importing the same ballot again changes nothing; errors name line and column.
  r = ok(['import', 'choices', writeFile(dir, 'choices.csv', choices), '--db', db, ...M]);
  assert.match(r.stdout, /0 new, 0 updated, 4 unchanged/);
  r = run(['import', 'choices', writeFile(dir, 'bad.csv', 'order,code,name,kind\n1,X,One,party\n1,Y,Two,person\n'),
    '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.csv: line 3, column kind: "person" is not one of candidate, party, against_all/);
  assert.match(r.stderr, /nothing was imported/);
  r = run(['import', 'choices', writeFile(dir, 'dup.csv', 'order,code,name,kind\n1,X,One,party\n1,Y,Two,party\n'),
    '--db', db, ...M]);
  assert.match(r.stderr, /line 3, column order: order 1 is already used on line 2/);
});
