// demo-ltm.test.mjs - the demo mission's long-term log: about 25 meetings
// inside the mission's long-term phase with the election commission, the
// Mazhilis and Senate committees, every party on the ballot, akimats, media
// and civil society, held by the mission's own people; four documents that
// come back byte for byte.  That every run makes the same log is checked
// by demo.test.mjs, beside the rest of the demo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, demoCopy, getJson, ok, serve, tempDir } from './lib.mjs';

const first = tempDir();
const { db: demo, stdout: made } = demoCopy(first);

function json(args) {
  return JSON.parse(ok([...args, '--db', demo, '--format', 'json'], { cwd: first }).stdout);
}

test('the summary tells the log in one line', () => {
  const line = made.split('\n').find((l) => l.startsWith('long-term '));
  assert.ok(line, made);
  const m = line.match(/^long-term +(\d+) meetings \((.+)\), (\d+) documents \((\d+) handed over, (\d+) received\)$/);
  assert.ok(m, line);
  const log = json(['meeting', 'list', '--mission', 'kz-2023']);
  const docs = json(['document', 'list', '--mission', 'kz-2023']);
  assert.equal(Number(m[1]), log.total);
  assert.equal(Number(m[3]), docs.total);
  assert.equal(Number(m[4]), docs.items.filter((d) => d.direction === 'handed_over').length);
  assert.equal(Number(m[5]), docs.items.filter((d) => d.direction === 'received').length);
  // The counts by kind add up to the meetings.
  const parts = m[2].split(', ').map((p) => Number(p.split(' ')[0]));
  assert.equal(parts.reduce((a, b) => a + b, 0), log.total);
});

test('about 25 meetings in the long-term phase, with the institutions a mission meets', () => {
  const mission = json(['mission', 'show', 'kz-2023']);
  const { start, end } = mission.phases.long_term;
  const log = json(['meeting', 'list', '--mission', 'kz-2023']);
  assert.ok(log.total >= 20 && log.total <= 30, `${log.total} meetings`);
  const keys = log.items.map((m) => `${m.date} ${m.time ?? ''}`);
  assert.deepEqual(keys, [...keys].sort(), 'by date and time');
  for (const m of log.items) {
    assert.ok(m.date >= start && m.date <= end, `${m.date} outside ${start}..${end}`);
    assert.ok(m.counterpart && m.summary && m.summary.length > 150 && m.topics, m.institution);
    assert.ok(m.participants.length >= 2, m.institution);
  }
  const kinds = new Set(log.items.map((m) => m.institution_kind));
  for (const k of ['election_commission', 'parliament', 'party', 'candidate', 'local_authority',
    'media', 'civil_society']) assert.ok(kinds.has(k), k);
  const of = (kind) => log.items.filter((m) => m.institution_kind === kind).map((m) => m.institution);
  assert.ok(of('parliament').some((i) => /Mazhilis/.test(i)));
  assert.ok(of('parliament').some((i) => /Senate/.test(i)));
  assert.ok(of('local_authority').every((i) => /^Akimat of /.test(i)));
  // The campaign office of every party on the ballot.
  const pr = json(['form', 'show', 'PR', '--mission', 'kz-2023']);
  const parties = pr.questions.filter((q) => /^P\d+$/.test(q.tag)).map((q) => q.text.en.replace(/^Votes for /, ''));
  assert.equal(parties.length, 7);
  for (const p of parties) assert.ok(of('party').some((i) => i.includes(p)), p);
  // Filters and search work on the demo's log.
  assert.equal(json(['meeting', 'list', '--mission', 'kz-2023', '--kind', 'CEC']).total,
    of('election_commission').length);
  assert.ok(json(['meeting', 'list', '--mission', 'kz-2023', '--search', 'complaints']).total >= 3);
});

test('participants are the mission\'s own people', () => {
  const org = json(['mission', 'show', 'kz-2023']).organisation;
  const staff = json(['observer', 'list', '--mission', 'kz-2023', '--organisation', org]).items;
  const roles = new Map(staff.map((o) => [o.code, o.role]));
  const log = json(['meeting', 'list', '--mission', 'kz-2023']);
  for (const m of log.items) {
    for (const code of m.participants) {
      assert.ok(['head', 'coordinator', 'core_team', 'long_term', 'interpreter'].includes(roles.get(code)),
        `${code} at ${m.institution}`);
    }
  }
  // The regional visits are the long-term teams'.
  for (const m of log.items.filter((x) => x.institution_kind === 'local_authority')) {
    assert.ok(m.participants.some((c) => roles.get(c) === 'long_term'), m.institution);
  }
  const shown = json(['meeting', 'show', String(log.items[0].id), '--mission', 'kz-2023']);
  assert.deepEqual(shown.observers.map((o) => o.code), shown.participants);
});

test('four documents, tied to their meetings, byte for byte with their hashes', () => {
  const docs = json(['document', 'list', '--mission', 'kz-2023']);
  assert.equal(docs.total, 4);
  const kinds = docs.items.map((d) => d.kind);
  for (const k of ['legal_review', 'monitoring_report']) assert.ok(kinds.includes(k), k);
  const log = json(['meeting', 'list', '--mission', 'kz-2023']);
  const byId = new Map(log.items.map((m) => [m.id, m]));
  for (const d of docs.items) {
    const m = byId.get(d.meeting);
    assert.ok(m, d.title);
    assert.equal(d.date, m.date);
    assert.equal(m.documents, 1);
    assert.equal(d.content_type, 'text/markdown; charset=utf-8');
    const path = join(first, d.file_name);
    const r = spawnSync(bin, ['document', 'get', String(d.id), '--mission', 'kz-2023', '--db', demo],
      { cwd: first });
    assert.equal(r.status, 0);
    assert.equal(r.stdout.length, d.size);
    writeFileSync(path, r.stdout);
    const sum = spawnSync('b2sum', ['-l', '256', path], { encoding: 'utf8' }).stdout.split(' ')[0];
    assert.equal(sum, d.hash, d.file_name);
    assert.match(r.stdout.toString('utf8'), /^# /);
  }
  // The legal review and the long-term report were handed to the commission and parliament.
  const review = docs.items.find((d) => d.kind === 'legal_review');
  assert.equal(review.direction, 'handed_over');
  assert.equal(byId.get(review.meeting).institution_kind, 'election_commission');
  const report = docs.items.find((d) => d.kind === 'monitoring_report');
  assert.equal(byId.get(report.meeting).institution_kind, 'parliament');
  // The report counts the meetings held up to its own date.
  const text = spawnSync(bin, ['document', 'get', String(report.id), '--mission', 'kz-2023', '--db', demo],
    { cwd: first, encoding: 'utf8' }).stdout;
  const held = log.items.filter((m) => m.date <= report.date).length;
  assert.match(text, new RegExp(`^${held} meetings in all\\.$`, 'm'));
});

test('the demo serves its log', async () => {
  const srv = await serve(demo);
  try {
    const base = `${srv.url}/api/v1/missions/kz-2023`;
    const parties = await getJson(`${base}/meetings?kind=party`);
    assert.equal(parties.status, 200);
    assert.equal(parties.body.total, 7);
    const docs = await getJson(`${base}/documents?direction=handed_over`);
    assert.equal(docs.body.total, 3);
    const review = docs.body.items.find((d) => d.kind === 'legal_review');
    const res = await fetch(`${base}/documents/${review.id}`);
    assert.equal(res.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.equal((await res.arrayBuffer()).byteLength, review.size);
    const meeting = await getJson(`${base}/meetings/${review.meeting}`);
    assert.deepEqual(meeting.body.documents.map((d) => d.id), [review.id]);
  } finally {
    await srv.stop();
  }
});
