// export.test.mjs - "observa export" and GET .../export/{what} end to end.
//
// A generated mission (stations in a region, a city and abroad, observers
// of three organisations with commas, quotes and Cyrillic in their names,
// checklists, incidents, a correction, results protocols, official
// results, coded SMS) is exported whole through the command line and the
// API; both give the same bytes, which are parsed back (a strict RFC 4180
// parser here, and Python's csv module for a file with a byte order mark)
// and checked against the API's own listings (the outbound SMS against
// the outbox); R reads a reports export with and without the byte order
// mark when Rscript is installed.  The accreditation page is
// checked for well-formed HTML holding every accredited observer.
//
// Then a million reports: 2,000 are sent through "observa submit" and the
// database is grown to 1,000,000 with the sqlite3 command line or psql (copies of
// those reports; observa's own path takes about 90 seconds for a million
// here, too long for a test), and exported with the peak resident memory
// of each export printed and held under MEMORY_BOUND_MB: on SQLite as CSV
// through the command line and as JSON Lines through the API, on
// PostgreSQL as CSV through the API (each reads the same scan; each once,
// as make test has a budget).  That part runs the release binary
// (./observa, built by "make test" before the end-to-end tests): the
// ASan build is several times slower and its memory is not observa's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { freshDb, missionDb, ok, onPostgres, psql, run, serve, getJson, writeFile, tempDir, repo } from './lib.mjs';

const M = 'kz-2023';
const MISSION = ['--mission', M];
const MEMORY_BOUND_MB = 100;

// ---- a strict CSV reader: RFC 4180, CRLF after every record ----

function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false, i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field); field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else if (c === '"' || c === '\r' || c === '\n') {
      throw new Error(`CSV: stray ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c;
    }
  }
  if (quoted || field !== '' || row.length) throw new Error('CSV: the last record has no CRLF');
  const width = rows[0].length;
  rows.forEach((r, k) => assert.equal(r.length, width, `CSV record ${k + 1} has ${r.length} fields`));
  return rows;
}

// Records as objects keyed by the header's names.
function records(text) {
  const [head, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}

const empty = (v) => (v === null || v === undefined ? '' : String(v));

// ---- the mission ----

const R1 = ['S01', 'S02', 'S03', 'S04', 'S05', 'S06'];
const R2 = ['S07', 'S08', 'S09'];
const STATIONS = [...R1, ...R2, 'SX', 'SA1'];
const REGION = { ...Object.fromEntries(R1.map((s) => [s, 'R1'])),
  ...Object.fromEntries(R2.map((s) => [s, 'R2'])), SX: '', SA1: 'AB' };

function locationsCsv() {
  const rows = ['code,name,level,parent,registered_voters,latitude,longitude',
    'KZ,Kazakhstan,country,,,,', 'R1,"Region One, North",region,KZ,,,',
    'R2,Алматы,city,KZ,,,', 'AB,Abroad,abroad,KZ,,,', 'D1,District 1,district,R1,,,'];
  R1.forEach((s, i) => rows.push(`${s},Station ${s},station,D1,${1000 + i * 10},${43.2 + i / 100},${76.9 + i / 100}`));
  R2.forEach((s) => rows.push(`${s},"Школа №${s.slice(1)}",station,R2,,,`));
  rows.push('SX,"Station ""outside""",station,KZ,500,,', 'SA1,Embassy in Berlin,station,AB,80,52.52,13.405');
  return rows.join('\n') + '\n';
}

const ORGS = ['CIS Inter-Parliamentary Assembly', 'OSCE/ODIHR', 'Friends, "Observers" & Co'];
const OBSERVERS = Array.from({ length: 14 }, (_, i) => {
  const code = `O${String(i + 1).padStart(2, '0')}`;
  const status = ['accredited', 'requested', 'accredited', 'refused', 'accredited', 'withdrawn'][i % 6];
  return {
    code,
    full_name: i === 2 ? 'Smith, John "Jack"' : i % 3 === 0 ? `Айгерим Сапарова ${i}` : `Observer ${code}`,
    organisation: i === 13 ? '' : ORGS[i % 3],
    country: ['KZ', 'RU', 'DE', 'GB', ''][i % 5],
    role: ['short_term', 'long_term', 'head', 'expert'][i % 4],
    phone: i < 6 ? `+7701123000${i}` : '',
    team: i % 2 ? 'Almaty' : 'North',
    status,
    badge: status === 'accredited' || status === 'withdrawn' ? `CEC-${100 + i}` : '',
    id_document: i % 2 === 0 ? `N ${12345670 + i}` : '',
  };
});

function observersCsv() {
  const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['code,full_name,organisation,country,role,phone,team,accreditation_status,badge_number,id_document',
    ...OBSERVERS.map((o) => [o.code, o.full_name, o.organisation, o.country, o.role, o.phone, o.team,
      o.status, o.badge, o.id_document].map(q).join(','))].join('\n') + '\n';
}

const CHOICES = 'order,code,name,kind\n1,NUR,Nur Otan,party\n2,AKZ,Ak Zhol,party\n3,AA,Against all,against_all\n';

// A results protocol that adds up (every check of form PR holds).
function protocol(k) {
  const p1 = 300 + k * 7, p2 = 120 + k, aa = 10, valid = p1 + p2 + aa, invalid = 5 + (k % 3);
  const issued = valid + invalid, cancelled = 20;
  return { A: 1200 + k, B: issued + cancelled, C: issued - 10, D: 10, E: 0, F: cancelled, G: invalid,
    H: 0, I: invalid, J: valid, K: 0, L: 0, P1: p1, P2: p2, AA: aa };
}

const pad = (n) => String(n).padStart(2, '0');

function reports() {
  const out = [];
  STATIONS.forEach((s, i) => {
    const o = OBSERVERS[i % 14].code;
    out.push({ id: `op-${s}`, form: 'OP', station: s, observer: o, observed_at: `2023-03-19T07:${pad(30 + i)}:00+06:00`,
      answers: { A: i % 4 ? 1 : 0, B: `07:${pad(40 + i)}`, C: 1, D: i % 3 ? 1 : 0, Z: 1 + (i % 4) },
      comment: i === 1 ? 'late, "very" late\nand cold' : undefined });
    out.push({ id: `vo-${s}`, form: 'VO', station: s, observer: o,
      answers: { A: 1, B: i % 2, M: 900 + i, N: 400 + i, Z: 4 - (i % 4) } });
  });
  const cats = [1, 4, 8, 11, 12];
  cats.forEach((c, i) => out.push({ id: `in-${i}`, form: 'IN', station: STATIONS[i * 2], observer: OBSERVERS[i].code,
    answers: { A: c, B: 1 + (i % 3), C: `incident ${i}, seen "inside"`, D: `1${i}:05`, E: i % 3 === 2 ? 1 : 0 } }));
  R1.slice(0, 3).forEach((s, k) => out.push({ id: `pr-${s}`, form: 'PR', station: s, observer: OBSERVERS[k].code,
    answers: protocol(k) }));
  // A correction of one voting report.
  out.push({ id: 'vo-S02-b', replaces: 'vo-S02', form: 'VO', station: 'S02', observer: OBSERVERS[1].code,
    answers: { A: 0, B: 1, M: 950, N: 401, Z: 1 } });
  return out;
}

let dir, db, srv, api;
const cliOut = (args) => ok(['export', ...args, '--db', db, ...MISSION]).stdout;
// The body as sent: Response.text() would drop a byte order mark.
async function apiText(path) {
  const r = await fetch(`${api}/export/${path}`);
  const bytes = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, text: bytes.toString('utf8') };
}

before(async () => {
  ({ dir, db } = missionDb());
  ok(['import', 'locations', writeFile(dir, 'locations.csv', locationsCsv()), '--db', db, ...MISSION]);
  ok(['import', 'observers', writeFile(dir, 'observers.csv', observersCsv()), '--db', db, ...MISSION]);
  ok(['import', 'choices', writeFile(dir, 'choices.csv', CHOICES), '--db', db, ...MISSION]);
  const official = ['station,A,B,C,D,E,F,G,H,I,J,K,L,P1,P2,AA'];
  R1.forEach((s, k) => official.push([s, ...Object.values(protocol(k + 1))].join(',')));
  ok(['import', 'results', writeFile(dir, 'official.csv', official.join('\n') + '\n'), '--db', db, ...MISSION]);
  const lines = reports().map((r) => JSON.stringify(r)).join('\n') + '\n';
  ok(['submit', writeFile(dir, 'reports.jsonl', lines), '--db', db, ...MISSION]);
  // Coded SMS: accepted, from an unknown number, and one that is not read.
  ok(['sms', 'receive', '--from', '+77011230000', 'OP S04 A1 C1 Z4', '--db', db, ...MISSION]);
  run(['sms', 'receive', '--from', '+77019999999', 'OP S05 A1 Z4', '--db', db, ...MISSION]);
  run(['sms', 'receive', '--from', '+77011230001', 'OP S05, A7 "?"', '--db', db, ...MISSION]);
  // Outbound: the replies to those, and a broadcast to every observer with
  // a number.
  ok(['sms', 'broadcast', '--text', 'Polls close at 20:00, «спасибо»', '--db', db, ...MISSION]);
  srv = await serve(db);
  api = `${srv.url}/api/v1/missions/${M}`;
});

after(async () => { if (srv) await srv.stop(); });

// ---- the same bytes both ways ----

const EXPORTS = [
  ['observers', []], ['observers', ['--status', 'accredited', '--format', 'json']],
  ['stations', []], ['stations', ['--level', 'any', '--format', 'jsonl']], ['stations', ['--region', 'R1']],
  ['submissions', ['--form', 'VO']], ['submissions', ['--form', 'VO', '--values', 'codes', '--format', 'json']],
  ['submissions', ['--form', 'OP', '--lang', 'ru', '--all-versions']], ['submissions', []],
  ['submissions', ['--layout', 'long', '--form', 'PR', '--values', 'codes']],
  ['incidents', []], ['sms', []], ['official', []], ['official', ['--region', 'R1', '--format', 'json']],
  ['findings', []], ['findings', ['--form', 'VO', '--format', 'jsonl', '--lang', 'ru']],
  ['accreditation', []], ['accreditation', ['--format', 'html', '--status', 'accredited']],
  ['observers', ['--bom']], ['sms-out', []], ['sms-out', ['--format', 'jsonl', '--status', 'queued']],
];

// The query string of command-line options: --all-versions is all_versions=1.
function query(args) {
  const q = new URLSearchParams();
  for (let i = 0; i < args.length; i++) {
    const name = args[i].slice(2).replace(/-/g, '_');
    if (name === 'bom' || name === 'all_versions') q.append(name, '1');
    else q.append(name, args[++i]);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

test('every export gives the same bytes through the command line and the API', async () => {
  for (const [what, args] of EXPORTS) {
    const cli = cliOut([what, ...args]);
    const r = await apiText(`${what}${query(args)}`);
    assert.equal(r.status, 200, `${what} ${args.join(' ')}: ${r.text}`);
    assert.equal(r.text, cli, `${what} ${args.join(' ')}`);
    assert.equal(r.headers.get('transfer-encoding'), 'chunked');
    const format = args.includes('--format') ? args[args.indexOf('--format') + 1] : 'csv';
    assert.match(r.headers.get('content-type'), { csv: /^text\/csv; charset=utf-8/, json: /^application\/json/,
      jsonl: /^application\/x-ndjson/, html: /^text\/html; charset=utf-8/ }[format]);
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="${M}-${what}.${format}"`);
    if (format === 'json') JSON.parse(cli);
    if (format === 'jsonl') cli.trimEnd().split('\n').forEach((l) => JSON.parse(l));
    if (format === 'csv') parseCsv(cli);
  }
});

test('a file written with -o is the export, and a failed one leaves nothing', () => {
  const path = join(dir, 'observers.csv.out');
  const r = ok(['export', 'observers', '-o', path, '--db', db, ...MISSION]);
  assert.equal(readFileSync(path, 'utf8'), cliOut(['observers']));
  assert.match(r.stderr, /exported 14 rows of observers to /);
  const bad = run(['export', 'submissions', '--form', 'XX', '-o', join(dir, 'never.csv'), '--db', db, ...MISSION]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /form: no form with code "XX"/);
  assert.equal(existsSync(join(dir, 'never.csv')), false);
});

// ---- each export against the API's listings ----

test('observers: the registry as the API lists it', async () => {
  const rows = records(cliOut(['observers']));
  const listed = (await getJson(`${api}/observers?limit=1000`)).body.items;
  assert.equal(rows.length, OBSERVERS.length);
  assert.deepEqual(rows.map((r) => r.code).sort(), listed.map((o) => o.code).sort());
  for (const o of listed) {
    const r = rows.find((x) => x.code === o.code);
    assert.equal(r.full_name, o.full_name);
    assert.equal(r.organisation, empty(o.organisation));
    assert.equal(r.country, empty(o.country));
    assert.equal(r.role, o.role);
    assert.equal(r.phones, o.phones.join(';'));
    assert.equal(r.team, empty(o.team));
    assert.equal(r.accreditation_status, o.accreditation.status);
    assert.equal(r.badge_number, empty(o.accreditation.badge_number));
    assert.equal(r.id_document, empty(o.accreditation.id_document));
    assert.equal(r.id_document, OBSERVERS.find((x) => x.code === o.code).id_document);
  }
  // A parameter given twice counts once, the first time, as in the listings.
  const twice = records((await apiText('observers?status=accredited&status=refused')).text);
  assert.deepEqual(twice.map((r) => r.code), listed.filter((o) => o.accreditation.status === 'accredited').map((o) => o.code));
  const filtered = records(cliOut(['observers', '--organisation', ORGS[2], '--role', 'head']));
  const expected = listed.filter((o) => o.organisation === ORGS[2] && o.role === 'head');
  assert.ok(expected.length > 0);
  assert.deepEqual(filtered.map((r) => r.code), expected.map((o) => o.code));
});

test('stations: codes, names, parents, regions, voters and coordinates', async () => {
  const rows = records(cliOut(['stations']));
  const listed = (await getJson(`${api}/locations?level=station&limit=1000`)).body.items;
  assert.equal(rows.length, STATIONS.length);
  assert.equal(listed.length, STATIONS.length);
  for (const l of listed) {
    const r = rows.find((x) => x.code === l.code);
    assert.equal(r.name, l.name);
    assert.equal(r.level, 'station');
    assert.equal(r.parent, empty(l.parent));
    assert.equal(r.region, REGION[l.code], l.code);
    assert.equal(r.registered_voters, empty(l.registered_voters));
    assert.equal(r.latitude === '' ? null : Number(r.latitude), l.latitude);
    assert.equal(r.longitude === '' ? null : Number(r.longitude), l.longitude);
  }
  const all = cliOut(['stations', '--level', 'any', '--format', 'json']);
  assert.equal(JSON.parse(all).length, (await getJson(`${api}/locations?limit=0`)).body.total);
  assert.deepEqual(records(cliOut(['stations', '--region', 'R2'])).map((r) => r.code), R2);
});

// The API's current reports of form (all when form is null), by id.
async function listed(form, extra = '') {
  const q = form ? `&form=${form}` : '';
  const items = (await getJson(`${api}/submissions?limit=1000${q}${extra}`)).body.items;
  return items.sort((a, b) => a.id - b.id);
}

async function form(code) {
  return (await getJson(`${api}/forms/${code}`)).body;
}

test('reports, wide: one row per report, the stored answers as codes or as the form\'s words', async () => {
  const vo = await listed('VO');
  const def = await form('VO');
  const codes = records(cliOut(['submissions', '--form', 'VO', '--values', 'codes']));
  const labels = records(cliOut(['submissions', '--form', 'VO']));
  const json = JSON.parse(cliOut(['submissions', '--form', 'VO', '--values', 'codes', '--format', 'json']));
  assert.equal(codes.length, vo.length);
  assert.equal(json.length, vo.length);
  assert.deepEqual(codes.map((r) => Number(r.id)), vo.map((s) => s.id));
  const words = { 1: 'very bad', 2: 'bad', 3: 'good', 4: 'very good' };
  vo.forEach((s, k) => {
    for (const key of ['client_id', 'station', 'observer', 'channel', 'status', 'received_at', 'replaces']) {
      assert.equal(codes[k][key], empty(s[key]), key);
      assert.equal(json[k][key], s[key], key);
    }
    assert.equal(codes[k].region, REGION[s.station]);
    assert.equal(codes[k].supersedes, empty(s.supersedes));
    for (const q of def.questions) {
      const v = s.answers[q.tag];
      assert.equal(codes[k][q.tag], empty(v), `${s.client_id} ${q.tag}`);
      assert.equal(json[k][q.tag], v === undefined ? null : v, `${s.client_id} ${q.tag}`);
      const label = v === undefined ? '' : q.type === 'yesno' ? (v ? 'yes' : 'no')
        : q.type === 'rating' ? words[v] : String(v);
      assert.equal(labels[k][q.tag], label, `${s.client_id} ${q.tag}`);
    }
  });
  // The correction replaces the report it corrects; with every version
  // the corrected one is there too, pointing at its correction.
  const fixed = codes.find((r) => r.client_id === 'vo-S02-b');
  assert.equal(fixed.replaces, 'vo-S02');
  assert.equal(fixed.version, '2');
  assert.equal(codes.find((r) => r.client_id === 'vo-S02'), undefined);
  const all = records(cliOut(['submissions', '--form', 'VO', '--all-versions']));
  const allListed = await listed('VO', '&all_versions=1');
  assert.equal(all.length, allListed.length);
  assert.equal(all.length, vo.length + 1);
  assert.equal(all.find((r) => r.client_id === 'vo-S02').superseded_by, fixed.id);
  // Filters as the API's.
  const r1 = records(cliOut(['submissions', '--form', 'VO', '--region', 'R1']));
  assert.deepEqual(r1.map((r) => Number(r.id)), (await listed('VO', '&region=R1')).map((s) => s.id));
});

test('reports, long: one row per answer of every current report', async () => {
  const all = await listed(null);
  const rows = records(cliOut(['submissions', '--values', 'codes']));
  const expected = all.flatMap((s) => Object.entries(s.answers).map(([tag, v]) => `${s.id} ${tag} ${v}`));
  assert.equal(rows.length, expected.length);
  assert.deepEqual(rows.map((r) => `${r.id} ${r.question} ${r.value}`).sort(), expected.sort());
  assert.deepEqual(Object.keys(rows[0]).slice(-4), ['question', 'value', 'sent_by', 'origin']);
  // Who sent each report and from where, as the API says.
  const byId = new Map(all.map((s) => [String(s.id), s]));
  for (const r of rows) {
    assert.equal(r.sent_by, byId.get(r.id).sent_by ?? '', `report ${r.id}`);
    assert.equal(r.origin, byId.get(r.id).origin ?? '', `report ${r.id}`);
  }
  assert.ok(rows.some((r) => r.sent_by), 'some reports were sent by someone observa knows');
  // JSON Lines: the same rows, numbers as numbers.
  const jl = cliOut(['submissions', '--values', 'codes', '--format', 'jsonl']).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(jl.length, rows.length);
  const pr = jl.find((r) => r.form === 'PR' && r.question === 'P1');
  assert.equal(typeof pr.value, 'number');
  assert.equal(pr.value, all.find((s) => s.id === pr.id).answers.P1);
});

test('incidents: the incident form\'s reports with their categories in words', async () => {
  const ins = await listed('IN');
  const def = await form('IN');
  const category = Object.fromEntries(def.questions[0].options.map((o) => [o.value, o.text.en]));
  const rows = records(cliOut(['incidents']));
  assert.equal(rows.length, 5);
  assert.equal(rows.length, ins.length);
  ins.forEach((s, k) => {
    assert.equal(rows[k].id, String(s.id));
    assert.equal(rows[k].A, category[s.answers.A]);
    assert.equal(rows[k].C, s.answers.C);
    assert.equal(rows[k].D, s.answers.D);
  });
  const ru = records(cliOut(['incidents', '--lang', 'ru']));
  assert.equal(ru[0].A, def.questions[0].options.find((o) => o.value === ins[0].answers.A).text.ru);
  assert.equal(records(cliOut(['incidents', '--values', 'codes']))[2].A, String(ins[2].answers.A));
});

test('SMS: the inbound log as the API lists it', async () => {
  const rows = records(cliOut(['sms']));
  const inbox = (await getJson(`${api}/sms/inbox?limit=1000`)).body.items.sort((a, b) => a.id - b.id);
  assert.equal(rows.length, 3);
  assert.equal(rows.length, inbox.length);
  inbox.forEach((m, k) => {
    assert.equal(rows[k].id, String(m.id));
    assert.equal(rows[k].phone, m.phone);
    assert.equal(rows[k].text, m.text);
    assert.equal(rows[k].status, m.status);
    assert.equal(rows[k].submission_id, empty(m.submission));
    assert.equal(rows[k].reply, empty(m.reply));
  });
  assert.deepEqual(rows.map((r) => r.status).sort(), ['accepted', 'rejected', 'unknown_sender']);
  assert.deepEqual(records(cliOut(['sms', '--status', 'accepted'])).map((r) => r.phone), ['+77011230000']);
});

test('SMS out: the outbox, replies and broadcasts with their delivery state, as the API lists it', async () => {
  const rows = records(cliOut(['sms-out']));
  const outbox = (await getJson(`${api}/sms/outbox?limit=1000`)).body.items;
  assert.ok(outbox.length >= 3, `replies and a broadcast: ${outbox.length}`);
  assert.equal(rows.length, outbox.length);
  assert.deepEqual(Object.keys(rows[0]), ['id', 'created_at', 'phone', 'observer', 'kind', 'reply_to', 'text',
    'status', 'attempts', 'next_attempt_at', 'sent_at', 'gateway_id', 'last_error']);
  outbox.forEach((m, k) => {
    for (const key of ['id', 'created_at', 'phone', 'observer', 'kind', 'reply_to', 'text', 'status', 'attempts',
      'next_attempt_at', 'sent_at', 'gateway_id', 'last_error']) assert.equal(rows[k][key], empty(m[key]), `${m.id} ${key}`);
  });
  assert.deepEqual([...new Set(rows.map((r) => r.kind))].sort(), ['broadcast', 'reply']);
  assert.ok(rows.some((r) => r.text === 'Polls close at 20:00, «спасибо»'));
  // Filters as the outbox's, and JSON Lines with the same rows.
  const queued = (await getJson(`${api}/sms/outbox?status=queued&limit=1000`)).body.items;
  assert.deepEqual(records(cliOut(['sms-out', '--status', 'queued'])).map((r) => r.id), queued.map((m) => String(m.id)));
  const phone = outbox[0].phone;
  assert.deepEqual(records(cliOut(['sms-out', '--phone', phone])).map((r) => r.id),
    outbox.filter((m) => m.phone === phone).map((m) => String(m.id)));
  const jsonl = cliOut(['sms-out', '--format', 'jsonl']).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(jsonl.map((j) => j.id), outbox.map((m) => m.id));
  assert.equal(jsonl[0].reply_to, outbox[0].reply_to);
  const bad = run(['export', 'sms-out', '--status', 'received', '--db', db, ...MISSION]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /status: "received" is not one of: queued, sending, sent, delivered, undelivered, failed/);
  assert.equal((await apiText('sms-out?form=VO')).status, 400);
});

test('official results: a column per protocol line, as the API lists them', async () => {
  const rows = records(cliOut(['official']));
  const items = (await getJson(`${api}/results/official?limit=1000`)).body.items;
  assert.equal(rows.length, R1.length);
  assert.deepEqual(rows.map((r) => r.station).sort(), items.map((i) => i.station).sort());
  for (const i of items) {
    const r = rows.find((x) => x.station === i.station);
    assert.equal(r.region, empty(i.region));
    for (const [tag, v] of Object.entries(i.lines)) assert.equal(r[tag], String(v), `${i.station} ${tag}`);
    assert.equal(r.other_lines, '');
  }
});

test('findings: the table of "observa analyze findings", in CSV and JSON', async () => {
  const analyze = ok(['analyze', 'findings', '--format', 'csv', '--db', db, ...MISSION]).stdout;
  assert.equal(cliOut(['findings']), analyze);
  assert.equal((await apiText('findings')).text, analyze);
  const csv = records(analyze);
  const json = JSON.parse(cliOut(['findings', '--format', 'json']));
  assert.equal(json.length, csv.length);
  json.forEach((row, k) => {
    for (const [key, v] of Object.entries(csv[k])) {
      if (v === '') assert.equal(row[key], null, key);
      else if (typeof row[key] === 'number') assert.equal(row[key], Number(v), key);
      else assert.equal(row[key], v, key);
    }
  });
  assert.equal(typeof json[0].observations, 'number');
});

test('a byte order mark for Excel, read by Python\'s csv module as the file without it', () => {
  const plain = cliOut(['observers']);
  const path = join(dir, 'bom.csv');
  ok(['export', 'observers', '--bom', '-o', path, '--db', db, ...MISSION]);
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), plain);
  const py = spawnSync('python3', ['-c', 'import csv, json, sys\n' +
    'with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n' +
    '    print(json.dumps(list(csv.reader(f))))', path], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  assert.deepEqual(JSON.parse(py.stdout), parseCsv(plain));
});

// R, when installed (r-base-core; scripts/install-deps.sh installs it):
// read.csv on the file with the byte order mark (fileEncoding
// "UTF-8-BOM") and on the plain one (encoding "UTF-8") gives the rows,
// the columns and the Cyrillic names of the export.
const RSCRIPT = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((p) => existsSync(p));
test('R reads a reports export with and without the byte order mark', {
  skip: RSCRIPT ? false : 'Rscript is not installed (apt-get install r-base-core): the export is not read in R',
}, () => {
  const plain = cliOut(['submissions', '--form', 'OP', '--lang', 'ru']);
  const want = records(plain);
  assert.ok(want.some((r) => /[А-Яа-яЁё]/.test(Object.values(r).join(''))), 'the export holds Cyrillic');
  const cyr = Object.keys(want[0]).map((k) => [k, want.findIndex((r) => /[А-Яа-яЁё]/.test(r[k]))]).find(([, i]) => i >= 0);
  const withBom = join(dir, 'op-bom.csv');
  const without = join(dir, 'op.csv');
  ok(['export', 'submissions', '--form', 'OP', '--lang', 'ru', '--bom', '-o', withBom, '--db', db, ...MISSION]);
  ok(['export', 'submissions', '--form', 'OP', '--lang', 'ru', '-o', without, '--db', db, ...MISSION]);
  assert.deepEqual([...readFileSync(withBom).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const script = 'a <- commandArgs(TRUE)\n' +
    'd <- if (a[2] == "bom") read.csv(a[1], fileEncoding = "UTF-8-BOM", check.names = FALSE, colClasses = "character", na.strings = character(0))' +
    ' else read.csv(a[1], encoding = "UTF-8", check.names = FALSE, colClasses = "character", na.strings = character(0))\n' +
    'cat(nrow(d), ncol(d), "\\n", sep = " ")\n' +
    'cat(names(d)[1], "\\n")\n' +
    'v <- enc2utf8(d[[a[3]]][as.integer(a[4])])\n' +
    'writeLines(v, con = stdout(), useBytes = TRUE)\n';
  for (const [path, how] of [[withBom, 'bom'], [without, 'plain']]) {
    const r = spawnSync(RSCRIPT, ['--vanilla', '-e', script, path, how, cyr[0], String(cyr[1] + 1)],
      { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
    assert.equal(r.status, 0, r.stderr);
    const [dims, first, value] = r.stdout.split('\n');
    assert.equal(dims.trim(), `${want.length} ${Object.keys(want[0]).length}`, `${how}: rows and columns`);
    assert.equal(first.trim(), Object.keys(want[0])[0], `${how}: the first column's name, without a stray mark`);
    assert.equal(value, want[cyr[1]][cyr[0]], `${how}: the Cyrillic value of ${cyr[0]}`);
  }
});

// A tolerant check of well-formed HTML: every element closed in order
// (void elements need no end tag), attributes quoted, entities known.
function checkHtml(html) {
  const voids = new Set(['meta', 'br', 'link', 'img', 'hr', 'input']);
  const stack = [];
  const body = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z0-9!]+)([^>]*)>/g)) {
    const [, close, name, attrs] = m;
    if (name === '!DOCTYPE') continue;
    assert.match(attrs, /^(\s+[a-z-]+="[^"<>]*")*\s*$/, `attributes of <${name}>: ${attrs}`);
    if (close) assert.equal(stack.pop(), name, `</${name}> closes the element open last`);
    else if (!voids.has(name)) stack.push(name);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  for (const e of body.matchAll(/&([^;\s]*);?/g)) assert.match(e[0], /^&(amp|lt|gt|quot|#39);$/);
  return body;
}

const htmlText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

test('the accreditation list: every observer, sorted, as CSV and as a printable page', async () => {
  const rows = records(cliOut(['accreditation']));
  assert.equal(rows.length, OBSERVERS.length);
  assert.deepEqual(rows.map((r) => r.number), rows.map((_, k) => String(k + 1)));
  // By organisation, country code and name, compared as bytes (SQLite's
  // order), those without an organisation or a country first.
  const bytes = (o) => [o.organisation, o.country, o.full_name, o.code].map((v) => Buffer.from(v));
  const order = [...OBSERVERS].sort((a, b) => {
    const x = bytes(a), y = bytes(b);
    for (let k = 0; k < 4; k++) if (Buffer.compare(x[k], y[k])) return Buffer.compare(x[k], y[k]);
    return 0;
  });
  assert.deepEqual(rows.map((r) => r.code), order.map((o) => o.code));
  for (const o of OBSERVERS) {
    const r = rows.find((x) => x.code === o.code);
    assert.equal(r.full_name, o.full_name);
    assert.equal(r.id_document, o.id_document);
    assert.equal(r.badge_number, o.badge);
    assert.equal(r.status, o.status[0].toUpperCase() + o.status.slice(1));
  }

  const html = (await apiText('accreditation?format=html&status=accredited')).text;
  const body = checkHtml(html);
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /@page \{ size: A4 portrait;/);
  assert.match(html, /thead \{ display: table-header-group; \}/);
  assert.match(html, /<title>Accreditation list: Early Mazhilis election 2023<\/title>/);
  assert.match(html, /Election day: 2023-03-19, Kazakhstan/);
  assert.doesNotMatch(html, /https?:|src=|href=|url\(|@import/i, 'no outside resources');
  const accredited = OBSERVERS.filter((o) => o.status === 'accredited');
  const cells = [...body.matchAll(/<tr><td class="n">\d+<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.equal(cells.length, accredited.length);
  for (const o of accredited) assert.ok(cells.includes(htmlText(o.full_name)), o.full_name);
  assert.match(html, new RegExp(`<p class="total">Total: ${accredited.length}</p>`));
  // The commission's words in Russian.
  const ru = cliOut(['accreditation', '--format', 'html', '--lang', 'ru']);
  checkHtml(ru);
  assert.match(ru, /<th>Паспорт или удостоверение личности<\/th>/);
  assert.match(ru, /<td>Аккредитован<\/td>/);
});

test('wrong requests are refused before any row, with what is wrong', async () => {
  for (const [path, status, error] of [
    ['stations?team=x', 400, 'team: does not apply to an export of stations'],
    ['observers?bom=1&format=json', 400, 'bom: only CSV files start with a byte order mark'],
    ['submissions?layout=wide', 400, 'layout: the wide layout has a column per question of one form: give the form, or the long layout'],
    ['submissions?region=nowhere', 400, `region: no location with code "nowhere" in mission ${M}`],
    ['submissions?values=words', 400, 'values: "words" is not one of: labels, codes'],
    ['submissions?limit=10', 400, 'limit: is not a parameter of exports; see docs/exports.md'],
    ['incidents?form=OP', 400, 'form: OP is a checklist form, not an incident form'],
    ['observers?format=html', 400, 'format: an export of observers is not written as html'],
    ['ballots', 404, 'no export "ballots"; there are: observers, stations, submissions, incidents, sms, official, findings, accreditation, sms-out'],
  ]) {
    const r = await getJson(`${api}/export/${path}`);
    assert.equal(r.status, status, path);
    assert.deepEqual(r.body, { error }, path);
  }
  const none = await getJson(`${srv.url}/api/v1/missions/xx-1999/export/observers`);
  assert.equal(none.status, 404);
  assert.deepEqual(none.body, { error: 'no mission with code "xx-1999"' });
  let r = run(['export', 'stations', '--team', 'x', '--db', db, ...MISSION]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /team: does not apply to an export of stations/);
  r = run(['export', 'ballots', '--db', db, ...MISSION]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /"ballots" is not one of: observers, stations/);
  r = run(['export', 'observers', '--values', 'words', '--db', db, ...MISSION]);
  assert.equal(r.status, 2);
});

// ---- a million reports ----

const release = join(repo, 'observa');
const MILLION = 1000000;
const SENT = 2000;

function rel(args, opts = {}) {
  const r = spawnSync(release, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`observa ${args.join(' ')}: ${r.status}\n${r.stderr}`);
  return r;
}

// Line ends and bytes of a file or a stream, counted without holding it.
async function count(chunks) {
  let lines = 0, bytes = 0;
  for await (const c of chunks) {
    bytes += c.length;
    for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
  }
  return { lines, bytes };
}

const kb = (status, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]);

test('a million reports exported with bounded memory, through the command line and the API', {
  skip: existsSync(release) ? false : 'the release build ./observa is missing (make observa)',
}, async () => {
  const t0 = Date.now();
  const big = tempDir('observa-export-million-');
  const bdb = freshDb(big, 'million.db');
  rel(['init', '--db', bdb]);
  rel(['mission', 'create', M, '--db', bdb, '--name', 'A million reports', '--election-type', 'mazhilis',
    '--election-date', '2023-03-19', '--country', 'KZ']);
  const locs = ['code,name,level,parent', 'KZ,Kazakhstan,country,'];
  for (let r = 0; r < 20; r++) locs.push(`R${r},Region ${r},region,KZ`);
  for (let s = 0; s < 2000; s++) locs.push(`S${s},Station ${s},station,R${s % 20}`);
  rel(['import', 'locations', writeFile(big, 'l.csv', locs.join('\n') + '\n'), '--db', bdb, ...MISSION]);
  const obs = ['code,full_name'];
  for (let o = 0; o < 500; o++) obs.push(`O${o},Observer ${o}`);
  rel(['import', 'observers', writeFile(big, 'o.csv', obs.join('\n') + '\n'), '--db', bdb, ...MISSION]);
  const lines = [];
  for (let i = 0; i < SENT; i++) {
    lines.push(JSON.stringify({ id: `r${i}`, form: 'VO', station: `S${i}`, observer: `O${i % 500}`,
      answers: { A: 1, B: i % 2, C: 0, D: 1, E: 0, F: 0, G: 1, H: 0, I: 1, J: 0, K: 1, L: 1,
        M: 1000 + (i % 900), N: 500 + (i % 400), Z: 1 + (i % 4) }, comment: i % 7 ? undefined : `note ${i}, "q"` }));
  }
  rel(['submit', writeFile(big, 'r.jsonl', lines.join('\n') + '\n'), '--db', bdb, ...MISSION]);
  // Grow to a million: copies of the reports sent, without client ids.
  const copies = MILLION / SENT - 1;
  const copy = 'INSERT INTO submission (mission_id, form, form_version, station_id, observer_id, observed_at,' +
    ' received_at, channel, answers, comment, problems, status, content_hash, version)' +
    ' SELECT s.mission_id, s.form, s.form_version, s.station_id, s.observer_id, s.observed_at,' +
    ' s.received_at, s.channel, s.answers, s.comment, s.problems, s.status, s.content_hash, 1' +
    (onPostgres ? ` FROM generate_series(1, ${copies}) AS k(n), submission s;`
      : ` FROM (WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ${copies})` +
        ' SELECT n FROM k) k, submission s;') + ' SELECT count(*) FROM submission;';
  // The table's indexes are dropped for the copy and made again from
  // their own definitions after it: sorting a million keys once takes
  // half the time of a million inserts into each index.
  let grown;
  if (onPostgres) {
    const indexes = psql(bdb, 'SELECT indexname, indexdef FROM pg_indexes WHERE tablename = \'submission\'' +
      ' AND indexname NOT IN (SELECT conname FROM pg_constraint)', ['-At', '-F', '\t'])
      .split('\n').filter(Boolean).map((l) => l.split('\t'));
    assert.ok(indexes.length >= 3, JSON.stringify(indexes));
    // Copies of rows whose keys were checked when they were sent: the
    // foreign-key triggers (three queued checks a row) are left out here,
    // as the sqlite3 shell leaves them out by default.
    // ANALYZE: the statistics autovacuum would gather a while later.
    grown = psql(bdb, 'SET session_replication_role = replica;' +
      ` ${indexes.map(([name]) => `DROP INDEX ${name};`).join(' ')} ${copy}` +
      ` ${indexes.map(([, def]) => `${def};`).join(' ')} ANALYZE submission;`, ['-At']);
  } else {
    const file = join(big, 'million.db');
    const listed = spawnSync('sqlite3', ['-json', file, 'SELECT name, sql FROM sqlite_master' +
      ' WHERE type = \'index\' AND tbl_name = \'submission\' AND sql IS NOT NULL'], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const indexes = JSON.parse(listed.stdout);
    assert.ok(indexes.length >= 3, listed.stdout);
    const q = spawnSync('sqlite3', [file, 'PRAGMA journal_mode = DELETE;' +
      ' PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;' +
      indexes.map((i) => ` DROP INDEX ${i.name};`).join('') + copy +
      indexes.map((i) => ` ${i.sql};`).join('')], { encoding: 'utf8' });
    assert.equal(q.status, 0, q.stderr);
    grown = q.stdout;
  }
  assert.equal(grown.trim().split('\n').pop(), String(MILLION));
  const made = Date.now();

  // The command line, under /usr/bin/time -v: in SQLite's pass only, as
  // on PostgreSQL it reads the same scan as the API below, whose memory
  // is bounded there too (twice would add a minute and a half to make test).
  let cliKb = 0;
  let file = null;
  if (!onPostgres) {
    const out = join(big, 'vo.csv');
    const timed = spawnSync('/usr/bin/time', ['-v', release, 'export', 'submissions', '--form', 'VO',
      '-o', out, '--db', bdb, ...MISSION], { encoding: 'utf8' });
    assert.equal(timed.status, 0, timed.stderr);
    cliKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timed.stderr)[1]);
    file = await count(createReadStream(out));
    assert.equal(file.lines - 1, MILLION);
    assert.equal(file.bytes, statSync(out).size);
  }
  const cliDone = Date.now();

  // The API, its server's peak resident memory read from /proc: as CSV in
  // PostgreSQL's pass, as JSON Lines in SQLite's (the same scan and the
  // same pages, written by the other writer; each once, as make test has
  // a budget).  The bytes of the API's CSV are those of the command
  // line's, checked on the mission above.
  const jsonl = !onPostgres;
  const rsrv = await serve(bdb, [], {}, release);
  try {
    const before = readFileSync(`/proc/${rsrv.proc.pid}/status`, 'utf8');
    const t = Date.now();
    const r = await fetch(`${rsrv.url}/api/v1/missions/${M}/export/submissions?form=VO` +
      (jsonl ? '&format=jsonl' : ''));
    assert.equal(r.status, 200);
    if (jsonl) assert.match(r.headers.get('content-type'), /^application\/x-ndjson/);
    let first = null;
    let head = '';
    const got = await count((async function* chunks() {
      for await (const c of r.body) {
        if (first === null) first = Date.now() - t;
        if (head.length < 4096) head += Buffer.from(c).toString('utf8');
        yield Buffer.from(c);
      }
    })());
    const total = Date.now() - t;
    const hwm = kb(readFileSync(`/proc/${rsrv.proc.pid}/status`, 'utf8'), 'VmHWM');
    if (jsonl) {
      assert.equal(got.lines, MILLION, 'a line for each report');
      assert.equal(JSON.parse(head.slice(0, head.indexOf('\n'))).form, 'VO');
    } else {
      assert.equal(got.lines - 1, MILLION);
    }
    console.log(`export of a million reports: made in ${((made - t0) / 1000).toFixed(1)} s`);
    if (file) {
      console.log(`export, command line: CSV of ${(file.bytes / 1e6).toFixed(0)} MB in ` +
        `${((cliDone - made) / 1000).toFixed(1)} s, peak resident memory ` +
        `${(cliKb / 1024).toFixed(1)} MB (/usr/bin/time -v)`);
    }
    console.log(`export, API, ${jsonl ? 'JSON Lines' : 'CSV'}: ${(got.bytes / 1e6).toFixed(0)} MB, ` +
      `first bytes after ${first} ms, all after ${(total / 1000).toFixed(1)} s; ` +
      `server's peak resident memory ${(hwm / 1024).toFixed(1)} MB (VmHWM), ` +
      `${(kb(before, 'VmHWM') / 1024).toFixed(1)} MB before the export`);
    if (file) {
      assert.ok(cliKb < MEMORY_BOUND_MB * 1024, `command line: ${cliKb} kB`);
      assert.ok(file.bytes > MEMORY_BOUND_MB * 1e6, 'the file is larger than the bound');
    }
    assert.ok(hwm < MEMORY_BOUND_MB * 1024, `server: ${hwm} kB`);
    assert.ok(got.bytes > MEMORY_BOUND_MB * 1e6, 'the export is larger than the bound');
    assert.ok(first < total / 4, `first bytes after ${first} ms of ${total} ms`);
  } finally {
    await rsrv.stop();
  }
});
