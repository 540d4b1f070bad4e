// ltm.test.mjs - the long-term monitoring log end to end: meetings logged
// from the command line and the API, listed by date with filters and a word
// search, shown with their documents and observers, imported from CSV (all
// or nothing, errors at their line and column), and documents stored and
// given back byte for byte, with BLAKE2b-256 hashes checked by b2sum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, dbExec, getJson, missionDb, ok, onPostgres, run, serve, writeFile } from './lib.mjs';

const M = ['--mission', 'kz-2023'];

// BLAKE2b with a 32-byte digest, by coreutils, not by observa.
function b2(path) {
  const r = spawnSync('b2sum', ['-l', '256', path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split(' ')[0];
}

function meetings(db, args = []) {
  return JSON.parse(ok(['meeting', 'list', '--db', db, ...M, '--format', 'json', ...args]).stdout);
}

// A mission with two of its observers, to be named among participants.
function logDb() {
  const { dir, db } = missionDb();
  const people = writeFile(dir, 'observers.csv', [
    'code,full_name,organisation,country,role',
    'IPA-001,Bekzod Saidov,CIS Inter-Parliamentary Assembly,UZ,head',
    'IPA-009,Наталья Орлова,CIS Inter-Parliamentary Assembly,RU,long_term',
  ].join('\n') + '\n');
  ok(['import', 'observers', people, '--db', db, ...M]);
  return { dir, db };
}

function add(db, ...args) {
  return run(['meeting', 'add', '--db', db, ...M, ...args]);
}

test('meetings logged from the command line, listed by date and time', () => {
  const { dir, db } = logDb();
  const summary = writeFile(dir, 'summary.txt',
    'The commission described the calendar.\nVoter lists: 100% checked.\n');
  let r = add(db, '--date', '2023-02-22', '--time', '9:30', '--institution-kind', 'CEC',
    '--institution', 'Central Election Commission', '--counterpart', 'Deputy Chair A. Seitova',
    '--participants', 'IPA-001; Dr. K. Orlov ;IPA-009', '--topics', 'calendar; voter lists',
    '--summary-file', summary, '--follow-ups', 'Send the observers list', '--place', 'Astana');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^meeting 1 logged: 2023-02-22 09:30, Central Election Commission \(election_commission\), Deputy Chair A\. Seitova$/m);
  r = add(db, '--date', '2023-02-27', '--institution-kind', 'Senate',
    '--institution', 'Senate Committee on Constitutional Legislation', '--format', 'json',
    '--summary', 'Quotas for women and youth on the lists.');
  assert.equal(r.status, 0, r.stderr);
  const senate = JSON.parse(r.stdout);
  assert.equal(senate.id, 2);
  assert.equal(senate.institution_kind, 'parliament');
  assert.equal(senate.time, null);
  assert.deepEqual(senate.participants, []);
  assert.equal(senate.documents, 0);
  ok(['meeting', 'add', '--db', db, ...M, '--date', '2023-02-22', '--time', '15:00',
    '--kind', 'political party', '--institution', 'Ak Zhol', '--summary', 'Posters removed in Kostanay.']);
  ok(['meeting', 'add', '--db', db, ...M, '--date', '2023-02-22', '--kind', 'akimat',
    '--institution', 'Akimat of Kostanay Region']);

  const all = meetings(db);
  assert.equal(all.total, 4);
  // By date, then time (none first), then id.
  assert.deepEqual(all.items.map((m) => m.id), [4, 1, 3, 2]);
  const cec = all.items[1];
  assert.deepEqual(cec.participants, ['IPA-001', 'Dr. K. Orlov', 'IPA-009']);
  assert.equal(cec.summary, 'The commission described the calendar.\nVoter lists: 100% checked.');
  assert.equal(cec.place, 'Astana');
  assert.equal(cec.follow_ups, 'Send the observers list');
  assert.match(cec.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  assert.deepEqual(meetings(db, ['--from', '2023-02-23']).items.map((m) => m.id), [2]);
  assert.deepEqual(meetings(db, ['--to', '2023-02-22', '--kind', 'party']).items.map((m) => m.id), [3]);
  assert.deepEqual(meetings(db, ['--kind', 'Election Commission']).items.map((m) => m.id), [1]);
  // Every word, in any of counterpart, institution, topics, summary; ASCII case ignored.
  assert.deepEqual(meetings(db, ['--search', 'kostanay']).items.map((m) => m.id), [4, 3]);
  assert.deepEqual(meetings(db, ['--search', 'KOSTANAY posters']).items.map((m) => m.id), [3]);
  assert.deepEqual(meetings(db, ['--search', 'seitova calendar']).items.map((m) => m.id), [1]);
  assert.deepEqual(meetings(db, ['--search', '100%']).items.map((m) => m.id), [1]);
  assert.equal(meetings(db, ['--search', 'quota', '--kind', 'party']).total, 0);
  const page = meetings(db, ['--limit', '2', '--offset', '1']);
  assert.equal(page.total, 4);
  assert.deepEqual(page.items.map((m) => m.id), [1, 3]);

  const text = ok(['meeting', 'list', '--db', db, ...M]).stdout;
  assert.match(text, /^1 +2023-02-22 09:30 +election_commission +Central Election Commission \(Deputy Chair A\. Seitova\)$/m);
  assert.match(text, /^4 meetings$/m);
});

test('a meeting shown with its observers and documents; refusals', () => {
  const { dir, db } = logDb();
  ok(['meeting', 'add', '--db', db, ...M, '--date', '2023-03-15', '--time', '11:00',
    '--kind', 'CEC', '--institution', 'Central Election Commission',
    '--participants', 'IPA-001;IPA-009;Interpreter', '--summary', 'x '.repeat(60)]);
  const file = writeFile(dir, 'review.md', '# Legal review\n\nThe law complies.\n');
  ok(['document', 'add', file, '--db', db, ...M, '--title', 'Legal compliance review',
    '--kind', 'legal compliance review', '--direction', 'handed over', '--meeting', '1']);
  const j = JSON.parse(ok(['meeting', 'show', '1', '--db', db, ...M, '--format', 'json']).stdout);
  assert.deepEqual(j.observers, [
    { code: 'IPA-001', full_name: 'Bekzod Saidov', organisation: 'CIS Inter-Parliamentary Assembly', country: 'UZ' },
    { code: 'IPA-009', full_name: 'Наталья Орлова', organisation: 'CIS Inter-Parliamentary Assembly', country: 'RU' },
  ]);
  assert.equal(j.documents.length, 1);
  assert.equal(j.documents[0].kind, 'legal_review');
  assert.equal(j.documents[0].date, '2023-03-15'); // the meeting's
  assert.equal(j.documents[0].hash, b2(file));
  const text = ok(['meeting', 'show', '1', '--db', db, ...M]).stdout;
  assert.match(text, /^participants +IPA-001 \(Bekzod Saidov\); IPA-009 \(Наталья Орлова\); Interpreter$/m);
  assert.match(text, /^ {2}1 +2023-03-15 handed_over legal_review +Legal compliance review \(review\.md, 34 bytes\)$/m);
  // The summary is wrapped for a terminal: 119 characters on two lines.
  const wrapped = text.split('\n').filter((line) => /^ {2}x/.test(line));
  assert.equal(wrapped.length, 2);
  assert.ok(wrapped.every((line) => line.length <= 78), wrapped.join('|'));
  assert.equal(wrapped.join(' ').replace(/ +/g, ' ').trim(), 'x '.repeat(60).trim());

  // The same date, time, institution and counterpart: refused.
  let r = add(db, '--date', '2023-03-15', '--time', '11:00', '--kind', 'CEC',
    '--institution', 'Central Election Commission');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already logged as meeting 1/);
  r = add(db, '--date', '2023-02-29', '--kind', 'CEC', '--institution', 'X');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /date: "2023-02-29" is not a date/);
  r = add(db, '--date', '2023-03-01', '--kind', 'church', '--institution', 'X');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /institution_kind: "church" is not one of: election_commission, parliament/);
  assert.equal(add(db, '--date', '2023-03-01', '--kind', 'party').status, 2);
  assert.equal(run(['meeting', 'list', '--db', db, ...M, '--from', 'monday']).status, 2);
  assert.equal(run(['meeting', 'list', '--db', db, ...M, '--kind', 'church']).status, 2);
  assert.equal(run(['meeting', 'show', 'x', '--db', db, ...M]).status, 2);
  r = run(['meeting', 'show', '9', '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no meeting with id 9 in this mission/);
  // A meeting with documents stays; one without may go.
  r = run(['meeting', 'delete', '1', '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /has 1 document/);
  ok(['meeting', 'add', '--db', db, ...M, '--date', '2023-03-01', '--kind', 'media', '--institution', 'TV']);
  ok(['meeting', 'delete', '2', '--db', db, ...M]);
  assert.equal(meetings(db).total, 1);
  // Every change is in the audit log, the document's bytes never.
  const audit = JSON.parse(ok(['audit', '--db', db, ...M, '--format', 'json']).stdout);
  const ltm = audit.filter((a) => a.entity === 'meeting' || a.entity === 'document');
  assert.deepEqual(ltm.map((a) => `${a.action} ${a.entity} ${a.key}`),
    ['delete meeting 2', 'create meeting 2', 'create document 1', 'create meeting 1']);
  assert.equal(ltm[2].after.hash, b2(file));
  assert.equal(ltm[2].after.data, undefined);
  assert.deepEqual(ltm[3].after.participants, ['IPA-001', 'IPA-009', 'Interpreter']);
});

const HEADER = 'date,time,place,counterpart,kind,institution,participants,topics,summary,follow_ups';

test('a log imported from CSV: all or nothing, again without change', () => {
  const { dir, db } = logDb();
  const good = writeFile(dir, 'log.csv', '\uFEFF' + [
    HEADER,
    '2023-02-20,11:00,Astana,Deputy Chair,CEC,Central Election Commission,IPA-001;IPA-009,calendar,"Two lines:\r\nfirst, ""second""",',
    '2023-02-21,,,,Mazhilis,Mazhilis Committee on Legislation,,quotas,,',
    '2023-02-21,15:00,,Head of office,party,Amanat,,,,Send questions',
  ].join('\r\n') + '\r\n');
  let r = ok(['meeting', 'import', good, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 3 meetings into kz-2023: 3 new, 0 updated, 0 unchanged\n');
  const list = meetings(db);
  assert.deepEqual(list.items.map((m) => m.institution_kind), ['election_commission', 'parliament', 'party']);
  assert.equal(list.items[0].summary, 'Two lines:\r\nfirst, "second"');
  assert.deepEqual(list.items[0].participants, ['IPA-001', 'IPA-009']);
  assert.equal(list.items[2].follow_ups, 'Send questions');
  r = ok(['meeting', 'import', good, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 3 meetings into kz-2023: 0 new, 0 updated, 3 unchanged\n');
  const changed = writeFile(dir, 'changed.csv', [
    HEADER,
    '2023-02-21,15:00,,Head of office,party,Amanat,,,Corrected summary,Send questions',
    '2023-02-22,10:00,,,media,Khabar,,,,',
  ].join('\n') + '\n');
  r = ok(['meeting', 'import', changed, '--db', db, ...M, '--dry-run']);
  assert.equal(r.stdout, 'would import 2 meetings into kz-2023: 1 new, 1 updated, 0 unchanged\n');
  assert.equal(meetings(db).total, 3);
  r = ok(['meeting', 'import', changed, '--db', db, ...M]);
  assert.equal(r.stdout, 'imported 2 meetings into kz-2023: 1 new, 1 updated, 0 unchanged\n');
  assert.equal(meetings(db, ['--search', 'corrected']).items[0].institution, 'Amanat');
  assert.equal(meetings(db).total, 4);

  // Refused whole, with the line and the column; nothing written.
  const cases = [
    [[HEADER, '2023-03-01,10:00,,,party,Auyl,,,,', '2023-03-02,25:00,,,party,Baytaq,,,,'],
      /line 3, column time: "25:00" is not a time of day/],
    [[HEADER, '2023-03-01,10:00,,,party,Auyl,,,,', '"2023-03-02",,,,"a ""church""",X,,,,'],
      /line 3, column kind: "a "church"" is not one of: election_commission/],
    [[HEADER, '"2023-03-01",,,,"party",Auyl,,,"multi\nline",', '2023-13-01,,,,party,X,,,,'],
      /line 4, column date: "2023-13-01" is not a date/],
    [[HEADER, '2023-03-01,,,,party,Auyl,,,,', '2023-03-01,,,,party,Auyl,,,other,'],
      /line 3: the same meeting as line 2/],
    [['date,kind,institution,colour', '2023-03-01,party,Auyl,red'], /line 1: unknown column "colour"/],
    [['date,kind', '2023-03-01,party'], /line 1: .*institution/],
    [[HEADER, '2023-03-01,,,,party,,,,,'], /line 2, column institution: is required/],
    [[HEADER, '2023-03-01,,,,party,"unclosed'], /line 2, column \d+: /],
  ];
  for (const [lines, message] of cases) {
    const path = writeFile(dir, 'bad.csv', lines.join('\n') + '\n');
    r = run(['meeting', 'import', path, '--db', db, ...M]);
    assert.equal(r.status, 1, lines.join('|'));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /nothing was imported/);
  }
  assert.equal(meetings(db).total, 4);
  // Standard input too.
  r = ok(['meeting', 'import', '-', '--db', db, ...M],
    { input: 'date,kind,institution\n2023-03-05,ngo,Legal aid foundation\n' });
  assert.match(r.stdout, /1 new/);
  assert.equal(meetings(db, ['--kind', 'civil_society']).total, 1);
});

test('documents up and down byte for byte from the command line', () => {
  const { dir, db } = logDb();
  ok(['meeting', 'add', '--db', db, ...M, '--date', '2023-03-03', '--kind', 'CEC', '--institution', 'CEC']);
  const bytes = Buffer.concat([randomBytes(70000), Buffer.from([0, 255, 13, 10, 0])]);
  const scan = writeFile(dir, 'scan.pdf', bytes);
  let r = ok(['document', 'add', scan, '--db', db, ...M, '--title', 'Interim report',
    '--kind', 'interim report', '--direction', 'handed_over', '--meeting', '1', '--date', '2023-03-04']);
  assert.match(r.stdout, new RegExp(`^document 1 stored: "Interim report" \\(scan\\.pdf, application/pdf, ${bytes.length} bytes, blake2b-256 ${b2(scan)}\\)$`, 'm'));
  const md = writeFile(dir, 'calendar.md', '# Календарь\n\n| event | date |\n');
  ok(['document', 'add', md, '--db', db, ...M, '--title', 'Calendar', '--kind', 'agenda',
    '--direction', 'received', '--date', '2023-02-20', '--name', 'calendar-ru.md']);

  const list = JSON.parse(ok(['document', 'list', '--db', db, ...M, '--format', 'json']).stdout);
  assert.equal(list.total, 2);
  assert.deepEqual(list.items.map((d) => [d.id, d.date, d.kind, d.direction, d.meeting]),
    [[2, '2023-02-20', 'programme', 'received', null], [1, '2023-03-04', 'interim_report', 'handed_over', 1]]);
  assert.equal(list.items[0].file_name, 'calendar-ru.md');
  assert.equal(list.items[0].content_type, 'text/markdown; charset=utf-8');
  assert.equal(list.items[1].size, bytes.length);
  assert.equal(list.items[1].hash, b2(scan));
  assert.equal(JSON.parse(ok(['document', 'list', '--db', db, ...M, '--format', 'json',
    '--direction', 'received']).stdout).total, 1);
  assert.equal(JSON.parse(ok(['document', 'list', '--db', db, ...M, '--format', 'json',
    '--meeting', '1']).stdout).items[0].id, 1);

  const out = join(dir, 'back.pdf');
  r = ok(['document', 'get', '1', '--db', db, ...M, '-o', out]);
  assert.ok(readFileSync(out).equals(bytes));
  assert.match(r.stderr, /wrote .*back\.pdf: 70005 bytes/);
  const stdout = spawnSync(bin, ['document', 'get', '2', '--db', db, ...M]);
  assert.equal(stdout.status, 0);
  assert.ok(stdout.stdout.equals(readFileSync(md)));
  const shown = JSON.parse(ok(['document', 'show', '2', '--db', db, ...M, '--format', 'json']).stdout);
  assert.equal(shown.hash, b2(md));

  // Refused: no such meeting, an empty file, an unknown kind, a missing option.
  r = run(['document', 'add', md, '--db', db, ...M, '--title', 'T', '--kind', 'letter',
    '--direction', 'received', '--meeting', '7']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no meeting with id 7/);
  const empty = writeFile(dir, 'empty.txt', '');
  r = run(['document', 'add', empty, '--db', db, ...M, '--title', 'T', '--kind', 'letter', '--direction', 'received']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /size: the file is empty/);
  r = run(['document', 'add', md, '--db', db, ...M, '--title', 'T', '--kind', 'poem', '--direction', 'received']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /kind: "poem" is not one of/);
  assert.equal(run(['document', 'add', md, '--db', db, ...M, '--title', 'T']).status, 2);
  assert.equal(run(['document', 'get', '9', '--db', db, ...M]).status, 1);
  assert.equal(JSON.parse(ok(['document', 'list', '--db', db, ...M, '--format', 'json']).stdout).total, 2);
});

test('the API: meetings listed, logged and shown; documents up and down', async () => {
  const { dir, db } = logDb();
  const log = writeFile(dir, 'log.csv', [
    HEADER,
    '2023-02-20,11:00,Astana,Deputy Chair,CEC,Central Election Commission,IPA-001,calendar,Calendar handed over.,',
    '2023-02-24,15:00,,,party,Ak Zhol,,media access,Posters in Kostanay.,',
    '2023-03-02,,,,akimat,Akimat of Turkistan Region,IPA-009,premises,Schools with ramps.,',
  ].join('\n') + '\n');
  ok(['meeting', 'import', log, '--db', db, ...M]);
  const srv = await serve(db);
  const base = `${srv.url}/api/v1/missions/kz-2023`;
  try {
    let r = await getJson(`${base}/meetings`);
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 3);
    assert.equal(r.body.limit, 100);
    assert.deepEqual(r.body.items.map((m) => m.date), ['2023-02-20', '2023-02-24', '2023-03-02']);
    assert.equal(r.body.items[0].documents, 0);
    r = await getJson(`${base}/meetings?from=2023-02-21&to=2023-03-01`);
    assert.deepEqual(r.body.items.map((m) => m.institution), ['Ak Zhol']);
    r = await getJson(`${base}/meetings?kind=local+authority`);
    assert.deepEqual(r.body.items.map((m) => m.institution), ['Akimat of Turkistan Region']);
    r = await getJson(`${base}/meetings?q=kostanay+POSTERS`);
    assert.equal(r.body.total, 1);
    r = await getJson(`${base}/meetings?limit=0`);
    assert.deepEqual([r.body.total, r.body.items], [3, []]);
    for (const [q, status, message] of [['kind=church', 400, /^kind: "church" is not one of/],
      ['from=yesterday', 400, /^from: must be a date/], ['q=', 400, /^q: must not be empty/],
      ['limit=5000', 400, /^limit: /]]) {
      r = await getJson(`${base}/meetings?${q}`);
      assert.equal(r.status, status, q);
      assert.match(r.body.error, message);
    }

    // Logging one: 201 once it is on disk, with where it is.
    const post = (body) => fetch(`${base}/meetings`, { method: 'POST', body: JSON.stringify(body) });
    let res = await post({ date: '2023-03-06', time: '11:00', institution_kind: 'NGO',
      institution: 'Legal aid foundation', counterpart: 'Lawyer', participants: ['IPA-009', 'A. Guest'],
      topics: 'complaints', summary: 'Time limits are short.' });
    assert.equal(res.status, 201);
    const made = await res.json();
    assert.equal(res.headers.get('location'), `/api/v1/missions/kz-2023/meetings/${made.id}`);
    assert.equal(made.institution_kind, 'civil_society');
    assert.deepEqual(made.participants, ['IPA-009', 'A. Guest']);
    res = await post({ date: '2023-03-06', time: '11:00', institution_kind: 'civil_society',
      institution: 'Legal aid foundation', counterpart: 'Lawyer' });
    assert.equal(res.status, 409);
    assert.match((await res.json()).error, new RegExp(`already logged as meeting ${made.id}`));
    res = await post({ date: '2023-03-32', time: '7', institution_kind: 'church' });
    assert.equal(res.status, 422);
    const refused = await res.json();
    assert.deepEqual(refused.problems.map((p) => p.field), ['date', 'time', 'institution_kind', 'institution']);
    res = await post({ date: '2023-03-06', institution_kind: 'party', institution: 'X', colour: 'red' });
    assert.equal(res.status, 400);
    assert.match((await res.json()).error, /unknown field "colour"/);
    res = await fetch(`${base}/meetings`, { method: 'POST', body: '{"date": ' });
    assert.equal(res.status, 400);
    assert.equal((await getJson(`${base}/meetings`)).body.total, 4);

    // A document up as multipart/form-data, down byte for byte.
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(300000)]);
    const file = writeFile(dir, 'review.pdf', bytes);
    const form = new FormData();
    form.append('title', 'Legal compliance review');
    form.append('kind', 'legal_review');
    form.append('direction', 'handed_over');
    form.append('meeting', '1');
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'Правовой обзор.pdf');
    res = await fetch(`${base}/documents`, { method: 'POST', body: form });
    assert.equal(res.status, 201, await res.clone().text());
    const doc = await res.json();
    assert.equal(res.headers.get('location'), `/api/v1/missions/kz-2023/documents/${doc.id}`);
    assert.deepEqual([doc.meeting, doc.date, doc.size, doc.hash, doc.file_name, doc.content_type],
      [1, '2023-02-20', bytes.length, b2(file), 'Правовой обзор.pdf', 'application/pdf']);
    res = await fetch(`${base}/documents/${doc.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="_+ _+\.pdf"; filename\*=UTF-8''%D0%9F/);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(bytes));
    r = await getJson(`${base}/documents?meeting=1`);
    assert.deepEqual(r.body.items.map((d) => d.hash), [b2(file)]);
    r = await getJson(`${base}/meetings/1`);
    assert.equal(r.body.documents[0].id, doc.id);
    assert.deepEqual(r.body.observers.map((o) => o.code), ['IPA-001']);
    r = await getJson(`${base}/meetings?kind=CEC`);
    assert.equal(r.body.items[0].documents, 1);
    const small = new FormData();
    small.append('file', new Blob(['dear observers']), 'letter.txt');
    small.append('title', 'Invitation');
    small.append('kind', 'note verbale');
    small.append('direction', 'received');
    small.append('date', '2023-02-19');
    res = await fetch(`${base}/documents`, { method: 'POST', body: small });
    assert.equal(res.status, 201);
    const letter = await res.json();
    assert.deepEqual([letter.kind, letter.meeting, letter.content_type], ['letter', null, 'text/plain; charset=utf-8']);
    r = await getJson(`${base}/documents?direction=received`);
    assert.deepEqual(r.body.items.map((d) => d.title), ['Invitation']);

    // Refusals.
    const bad = async (build, status, message) => {
      const f = new FormData();
      build(f);
      const x = await fetch(`${base}/documents`, { method: 'POST', body: f });
      assert.equal(x.status, status, message.source);
      assert.match((await x.json()).error, message);
    };
    await bad((f) => { f.append('title', 'T'); f.append('kind', 'letter'); f.append('direction', 'received'); },
      400, /^file: is required/);
    await bad((f) => { f.append('file', new Blob(['x']), 'a.txt'); f.append('title', 'T'); f.append('kind', 'letter');
      f.append('direction', 'received'); f.append('meeting', '99'); }, 404, /^meeting: no meeting with id 99/);
    await bad((f) => { f.append('file', new Blob(['x']), 'a.txt'); f.append('title', 'T'); f.append('kind', 'poem');
      f.append('direction', 'received'); }, 400, /^kind: "poem" is not one of/);
    await bad((f) => { f.append('file', new Blob(['x']), 'a.txt'); f.append('colour', 'red'); },
      400, /^unknown part "colour"/);
    await bad((f) => { f.append('file', new Blob([]), 'a.txt'); f.append('title', 'T'); f.append('kind', 'letter');
      f.append('direction', 'received'); }, 400, /^size: the file is empty/);
    res = await fetch(`${base}/documents`, { method: 'POST', body: 'plain', headers: { 'content-type': 'text/plain' } });
    assert.equal(res.status, 415);
    // One byte over 20 MiB: too large, and nothing is stored.
    const big = new FormData();
    big.append('file', new Blob([Buffer.alloc(20 * 1024 * 1024 + 1)]), 'big.bin');
    big.append('title', 'T');
    big.append('kind', 'other');
    big.append('direction', 'received');
    res = await fetch(`${base}/documents`, { method: 'POST', body: big });
    assert.equal(res.status, 413);
    await res.arrayBuffer();
    assert.equal((await getJson(`${base}/documents`)).body.total, 2);
    assert.equal((await getJson(`${base}/documents/77`)).status, 404);
    assert.equal((await getJson(`${base}/meetings/77`)).status, 404);
    assert.equal((await getJson(`${srv.url}/api/v1/missions/xx-1999/meetings`)).status, 404);

    // What the API stored, the command line reads.
    assert.equal(meetings(db, ['--search', 'time limits']).items[0].counterpart, 'Lawyer');
    const back = join(dir, 'back.pdf');
    ok(['document', 'get', String(doc.id), '--db', db, ...M, '-o', back]);
    assert.equal(b2(back), doc.hash);
  } finally {
    await srv.stop();
  }
});

// Damaging the bytes needs the sqlite3 shell on SQLite; without it the test
// is skipped.
const sqlite3 = onPostgres || spawnSync('sqlite3', ['-version']).status === 0;

test('a damaged document is refused, not handed out', { skip: !sqlite3 && 'no sqlite3 shell' }, async () => {
  const { dir, db } = logDb();
  const file = writeFile(dir, 'report.md', '# Report\n\nAll well.\n');
  ok(['document', 'add', file, '--db', db, ...M, '--title', 'Report', '--kind', 'report',
    '--direction', 'handed_over', '--date', '2023-03-16']);
  ok(['document', 'get', '1', '--db', db, ...M, '-o', join(dir, 'ok.md')]);
  dbExec(db, onPostgres
    ? "UPDATE document SET data = convert_to('# Rep0rt', 'UTF8') || substr(data, 9) WHERE id = 1"
    : "UPDATE document SET data = CAST('# Rep0rt' || substr(CAST(data AS TEXT), 9) AS BLOB) WHERE id = 1");
  for (const sub of ['get', 'show']) {
    const r = run(['document', sub, '1', '--db', db, ...M]);
    assert.equal(r.status, 1, sub);
    assert.match(r.stderr, /its bytes no longer match the hash stored with them/);
    assert.equal(r.stdout, '');
  }
  const srv = await serve(db);
  try {
    const res = await fetch(`${srv.url}/api/v1/missions/kz-2023/documents/1`);
    assert.equal(res.status, 500);
    assert.doesNotMatch(await res.text(), /Rep0rt/);
  } finally {
    await srv.stop();
  }
});
