// ltm-change.test.mjs - correcting the long-term log: a meeting's fields
// changed from the command line and by PATCH (others kept, emptied ones
// cleared, a change into another meeting's identity refused), meetings and
// documents removed by the command line and by DELETE, and every change in
// the audit log with the image before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, missionDb, ok, run, serve, writeFile } from './lib.mjs';

const M = ['--mission', 'kz-2023'];

function meeting(db, id) {
  return JSON.parse(ok(['meeting', 'show', String(id), '--db', db, ...M, '--format', 'json']).stdout);
}

function audit(db, entity) {
  return JSON.parse(ok(['audit', '--db', db, ...M, '--entity', entity, '--format', 'json',
    '--limit', '0']).stdout);
}

function twoMeetings() {
  const { dir, db } = missionDb();
  ok(['meeting', 'add', '--db', db, ...M, '--date', '2023-02-22', '--time', '10:00',
    '--kind', 'CEC', '--institution', 'Central Election Commission', '--place', 'Astana',
    '--topics', 'calendar', '--summary', 'The calendar was explained.']);
  ok(['meeting', 'add', '--db', db, ...M, '--date', '2023-02-24', '--kind', 'party',
    '--institution', 'Ak Zhol']);
  return { dir, db };
}

test('a meeting corrected from the command line: given fields change, others stay', () => {
  const { db } = twoMeetings();
  let r = ok(['meeting', 'update', '1', '--db', db, ...M, '--time', '9:30', '--topics', '',
    '--counterpart', 'Deputy Chair A. Seitova']);
  assert.match(r.stdout, /^meeting 1 updated: 2023-02-22 09:30, Central Election Commission \(election_commission\), Deputy Chair A\. Seitova$/m);
  const m = meeting(db, 1);
  assert.equal(m.time, '09:30');
  assert.equal(m.topics, null);
  assert.equal(m.place, 'Astana');
  assert.equal(m.summary, 'The calendar was explained.');

  r = ok(['meeting', 'update', '1', '--db', db, ...M, '--place', 'Astana']);
  assert.match(r.stdout, /^meeting 1 unchanged: /m);

  // Refused: a bad date, an unknown meeting, the identity of meeting 2, no ID.
  r = run(['meeting', 'update', '1', '--db', db, ...M, '--date', '2023-02-30']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /date: /);
  r = run(['meeting', 'update', '9', '--db', db, ...M, '--place', 'X']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no meeting with id 9/);
  r = run(['meeting', 'update', '2', '--db', db, ...M, '--date', '2023-02-22', '--time', '09:30',
    '--kind', 'CEC', '--institution', 'Central Election Commission',
    '--counterpart', 'Deputy Chair A. Seitova']);
  assert.equal(r.status, 1, r.stdout);
  assert.equal(meeting(db, 2).institution, 'Ak Zhol');
  assert.equal(run(['meeting', 'update', '--db', db, ...M, '--place', 'X']).status, 2);
  assert.equal(run(['meeting', 'update', '1', '--db', db, ...M, '--from', '2023-01-01']).status, 2);

  const updates = audit(db, 'meeting').filter((a) => a.action === 'update');
  assert.equal(updates.length, 1, 'one audited update: the unchanged one and the refused ones write nothing');
  assert.equal(updates[0].before.time, '10:00');
  assert.equal(updates[0].after.time, '09:30');
});

test('documents and meetings removed from the command line, the audit log keeping them', () => {
  const { dir, db } = twoMeetings();
  const file = writeFile(dir, 'review.txt', 'Legal compliance review\n');
  ok(['document', 'add', file, '--db', db, ...M, '--title', 'Legal review', '--kind', 'legal_review',
    '--direction', 'handed_over', '--meeting', '1']);
  let r = run(['meeting', 'delete', '1', '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /has 1 document/);
  r = ok(['document', 'delete', '1', '--db', db, ...M]);
  assert.match(r.stdout, /^document 1 removed from kz-2023's log$/m);
  assert.equal(JSON.parse(ok(['document', 'list', '--db', db, ...M, '--format', 'json']).stdout).total, 0);
  r = run(['document', 'delete', '1', '--db', db, ...M]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no document with id 1/);
  ok(['meeting', 'delete', '1', '--db', db, ...M]);
  assert.equal(run(['meeting', 'show', '1', '--db', db, ...M]).status, 1);

  const gone = audit(db, 'document').find((a) => a.action === 'delete');
  assert.ok(gone, 'the removal is audited');
  const before = gone.before;
  assert.equal(before.title, 'Legal review');
  assert.match(before.hash, /^[0-9a-f]{64}$/);
  assert.equal(gone.after, null);
});

test('the API: PATCH changes a meeting, DELETE removes meetings and documents', async () => {
  const { dir, db } = twoMeetings();
  const srv = await serve(db);
  const base = `${srv.url}/api/v1/missions/kz-2023`;
  const patch = (id, body) => fetch(`${base}/meetings/${id}`, {
    method: 'PATCH', body: typeof body === 'string' ? body : JSON.stringify(body) });
  try {
    let res = await patch(1, { time: '11:15', topics: null, participants: ['Head of mission'] });
    assert.equal(res.status, 200);
    let body = await res.json();
    assert.equal(body.changed, true);
    assert.equal(body.time, '11:15');
    assert.equal(body.topics, null);
    assert.deepEqual(body.participants, ['Head of mission']);
    assert.equal(body.summary, 'The calendar was explained.');
    res = await patch(1, { time: '11:15' });
    assert.equal((await res.json()).changed, false);

    for (const [id, b, status, message] of [
      [1, { colour: 'red' }, 400, /unknown field "colour"/],
      [1, { date: '2023-13-01' }, 400, /^date: /],
      [1, { institution: null }, 400, /^institution: is required/],
      [1, '{"time": ', 400, /^body: line 1, column 9: /],
      [1, '[]', 400, /must be a JSON object/],
      [7, { time: '10:00' }, 404, /no meeting with id 7/],
      [2, { date: '2023-02-22', time: '11:15', institution_kind: 'election_commission',
        institution: 'Central Election Commission' }, 409, /already logged as meeting 1/],
    ]) {
      res = await patch(id, b);
      assert.equal(res.status, status, JSON.stringify(b));
      assert.match((await res.json()).error, message);
    }
    assert.equal((await getJson(`${base}/meetings/1`)).body.time, '11:15');
    assert.equal((await getJson(`${base}/meetings/2`)).body.institution, 'Ak Zhol');

    // A document ties its meeting down until it is removed.
    ok(['document', 'add', writeFile(dir, 'minutes.txt', 'Minutes\n'), '--db', db, ...M,
      '--title', 'Minutes', '--kind', 'minutes', '--direction', 'received', '--meeting', '2']);
    res = await fetch(`${base}/meetings/2`, { method: 'DELETE' });
    assert.equal(res.status, 409);
    res = await fetch(`${base}/documents/1`, { method: 'DELETE' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: 1, deleted: true });
    assert.equal((await getJson(`${base}/documents/1`)).status, 404);
    assert.equal((await fetch(`${base}/documents/1`, { method: 'DELETE' })).status, 404);
    res = await fetch(`${base}/meetings/2`, { method: 'DELETE' });
    assert.equal(res.status, 200);
    assert.equal((await getJson(`${base}/meetings/2`)).status, 404);
    assert.equal((await getJson(`${base}/meetings`)).body.total, 1);
  } finally {
    await srv.stop();
  }
  const changes = audit(db, 'meeting').map((a) => a.action).sort();
  assert.deepEqual(changes, ['create', 'create', 'delete', 'update']);
});
