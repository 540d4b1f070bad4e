// auth.test.mjs - signing in and the credentials of the JSON API: the
// session cookie and its attributes, a new session at every sign-in (no
// fixation), CSRF tokens for changes made with a cookie, signing out, API
// tokens that expire or are revoked, disabled users, throttled guessing,
// the same answer for an unknown user as for a wrong password, the audit
// log's actor and address, and the first admin of a new database.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { bin, ok, run, missionDb, serve, rawFetch } from './lib.mjs';
import { PASSWORD, accountsDb, as, signIn } from './auth-lib.mjs';

describe('sessions, tokens and the audit log', () => {
  let srv;
  let db;
  let tokens;

  before(async () => {
    ({ db, tokens } = accountsDb());
    srv = await serve(db);
  });
  after(async () => { if (srv) await srv.stop(); });

  const get = (path, headers = {}) => rawFetch(`${srv.url}${path}`, { headers });

  test('signing in answers the session JSON and an HttpOnly, SameSite=Strict cookie', async () => {
    const s = await signIn(srv.url, 'clerk-user', PASSWORD);
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.match(s.setCookie, /^observa_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    assert.equal(s.body.user, 'clerk-user');
    assert.equal(s.body.admin, false);
    assert.match(s.body.csrf, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(s.body.missions.length, 1);
    assert.equal(s.body.missions[0].mission, 'kz-2023');
    assert.equal(s.body.missions[0].role, 'clerk');
    assert.ok(s.body.missions[0].permissions.includes('review'));
    assert.ok(!s.body.missions[0].permissions.includes('read_findings'));
    // GET /api/v1/session: the same, for the cookie's session.
    const again = await get('/api/v1/session', { cookie: s.cookie });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), s.body);
    // The cookie opens the clerk's routes and no others.
    assert.equal((await get('/api/v1/missions/kz-2023/submissions', { cookie: s.cookie })).status, 200);
    assert.equal((await get('/api/v1/missions/kz-2023/findings', { cookie: s.cookie })).status, 403);
    assert.equal((await get('/api/v1/missions/other', { cookie: s.cookie })).status, 403);
    // Without a session: 401.
    assert.equal((await get('/api/v1/session')).status, 401);
  });

  test('the cookie is Secure when the client came over https (a proxy says so)', async () => {
    const s = await signIn(srv.url, 'viewer-user', PASSWORD, { 'x-forwarded-proto': 'https' });
    assert.equal(s.status, 200);
    assert.match(s.setCookie, /; Secure/);
  });

  test('every sign-in makes a new session; a cookie sent before is never promoted', async () => {
    const planted = 'observa_session=' + 'P'.repeat(43);
    const s1 = await signIn(srv.url, 'analyst-user', PASSWORD, { cookie: planted });
    assert.equal(s1.status, 200);
    assert.notEqual(s1.cookie, planted);
    assert.equal((await get('/api/v1/session', { cookie: planted })).status, 401);
    // Signing in again while signed in: another session, the first still its own.
    const s2 = await signIn(srv.url, 'analyst-user', PASSWORD, { cookie: s1.cookie });
    assert.equal(s2.status, 200);
    assert.notEqual(s2.cookie, s1.cookie);
    assert.notEqual(s2.body.csrf, s1.body.csrf);
    assert.equal((await get('/api/v1/session', { cookie: s2.cookie })).status, 200);
  });

  test('changes made with a cookie need the session\'s X-CSRF-Token; Bearer tokens do not', async () => {
    const s = await signIn(srv.url, 'clerk-user', PASSWORD);
    const post = (headers) => rawFetch(`${srv.url}/api/v1/missions/kz-2023/assignments`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify([{ observer: 'O-1', station: 'S-1', day: '2023-03-19' }]),
    });
    const none = await post({ cookie: s.cookie });
    assert.equal(none.status, 403);
    assert.match((await none.json()).error, /X-CSRF-Token/);
    const wrong = await post({ cookie: s.cookie, 'x-csrf-token': 'A'.repeat(43) });
    assert.equal(wrong.status, 403);
    // Another session's token is no better.
    const other = await signIn(srv.url, 'clerk-user', PASSWORD);
    assert.equal((await post({ cookie: s.cookie, 'x-csrf-token': other.body.csrf })).status, 403);
    const right = await post({ cookie: s.cookie, 'x-csrf-token': s.body.csrf });
    assert.ok(right.status < 300, `${right.status} ${await right.text()}`);
    const bearer = await post({ authorization: `Bearer ${tokens.clerk}` });
    assert.ok(bearer.status < 300, `${bearer.status}`);
    // Reading needs no CSRF token.
    assert.equal((await get('/api/v1/missions/kz-2023/assignments', { cookie: s.cookie })).status, 200);
  });

  test('signing out ends the session on the server and clears the cookie', async () => {
    const s = await signIn(srv.url, 'viewer-user', PASSWORD);
    const del = (headers) => rawFetch(`${srv.url}/api/v1/session`, { method: 'DELETE', headers });
    assert.equal((await del({ cookie: s.cookie })).status, 403); // no CSRF token
    const out = await del({ cookie: s.cookie, 'x-csrf-token': s.body.csrf });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie'), /^observa_session=; .*Max-Age=0/);
    // The old cookie is dead, even replayed.
    const replay = await get('/api/v1/missions/kz-2023', { cookie: s.cookie });
    assert.equal(replay.status, 401);
    assert.match((await replay.json()).error, /^sign in/);
    assert.equal((await del({ cookie: s.cookie, 'x-csrf-token': s.body.csrf })).status, 401);
  });

  test('a token that has expired or was revoked is 401', async () => {
    const expired = ok(['token', 'create', '--user', 'viewer-user', '--expires', '0', '--db', db])
      .stdout.trim();
    const r1 = await as(expired, `${srv.url}/api/v1/missions/kz-2023`);
    assert.equal(r1.status, 401);
    assert.match((await r1.json()).error, /expired/);
    // A short life: works now, not once it is over.
    const brief = ok(['token', 'create', '--user', 'viewer-user', '--expires', '0.00003', '--db', db])
      .stdout.trim(); // about 2.6 seconds
    assert.equal((await as(brief, `${srv.url}/api/v1/missions/kz-2023`)).status, 200);
    await new Promise((res) => setTimeout(res, 3500));
    assert.equal((await as(brief, `${srv.url}/api/v1/missions/kz-2023`)).status, 401);
    // Revoked.
    const made = ok(['token', 'create', '--user', 'viewer-user', '--db', db]);
    const token = made.stdout.trim();
    const id = made.stderr.match(/token (\d+) acts as/)[1];
    assert.equal((await as(token, `${srv.url}/api/v1/missions/kz-2023`)).status, 200);
    ok(['token', 'revoke', id, '--db', db]);
    const r2 = await as(token, `${srv.url}/api/v1/missions/kz-2023`);
    assert.equal(r2.status, 401);
    assert.match((await r2.json()).error, /revoked/);
    const list = JSON.parse(ok(['token', 'list', '--format', 'json', '--db', db]).stdout);
    const row = list.find((t) => String(t.id) === id);
    assert.equal(row.revoked, true);
    assert.ok(!JSON.stringify(list).includes(token));
  });

  test('a token\'s scope narrows what its user may do', async () => {
    const reader = ok(['token', 'create', '--user', 'coordinator-user', '--scope', 'read', '--db', db])
      .stdout.trim();
    assert.equal((await as(reader, `${srv.url}/api/v1/missions/kz-2023/findings`)).status, 200);
    const post = await as(reader, `${srv.url}/api/v1/missions/kz-2023/assignments`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(post.status, 403);
    assert.equal(run(['token', 'create', '--user', 'coordinator-user', '--scope', 'launch', '--db', db]).status, 2);
  });

  test('disabling a user ends its sessions and stops its tokens; a new password ends sessions', async () => {
    ok(['user', 'add', 'temp-user', '--role', 'viewer', '--mission', 'kz-2023', '--password-stdin', '--db', db],
      { input: `${PASSWORD}\n` });
    const token = ok(['token', 'create', '--user', 'temp-user', '--db', db]).stdout.trim();
    const s = await signIn(srv.url, 'temp-user', PASSWORD);
    assert.equal((await get('/api/v1/session', { cookie: s.cookie })).status, 200);
    const changed = ok(['user', 'passwd', 'temp-user', '--db', db]);
    const fresh = changed.stdout.trim().split('\n').pop();
    assert.equal((await get('/api/v1/session', { cookie: s.cookie })).status, 401);
    assert.equal((await signIn(srv.url, 'temp-user', PASSWORD)).status, 401);
    const s2 = await signIn(srv.url, 'temp-user', fresh);
    assert.equal(s2.status, 200);
    ok(['user', 'disable', 'temp-user', '--db', db]);
    assert.equal((await get('/api/v1/session', { cookie: s2.cookie })).status, 401);
    assert.equal((await as(token, `${srv.url}/api/v1/missions/kz-2023`)).status, 401);
    const refused = await signIn(srv.url, 'temp-user', fresh);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { error: 'wrong user name or password' });
  });

  test('changes through the API are audited with the user and the client\'s address', async () => {
    const s = await signIn(srv.url, 'coordinator-user', PASSWORD);
    const put = await rawFetch(`${srv.url}/api/v1/missions/kz-2023/statement/blocks/summary`, {
      method: 'PUT',
      headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ lang: 'en', text: 'The election was orderly.' }),
    });
    assert.ok(put.status < 300, `${put.status} ${await put.text()}`);
    const audit = JSON.parse(ok(['audit', '--db', db, '--format', 'json']).stdout);
    const block = audit.find((a) => a.entity === 'statement_block');
    assert.ok(block, JSON.stringify(audit.slice(0, 3)));
    assert.equal(block.actor, 'coordinator-user');
    assert.equal(block.origin, '127.0.0.1');
    const session = audit.find((a) => a.entity === 'session' && a.key === 'coordinator-user');
    assert.equal(session.actor, 'coordinator-user');
    assert.equal(session.action, 'create');
    assert.ok(!JSON.stringify(audit).includes(s.cookie.split('=')[1]), 'no session id in the log');
  });
});

describe('guessing passwords', () => {
  test('the same 401 for an unknown user as for a wrong password, in comparable time', async () => {
    const { db } = accountsDb();
    const srv = await serve(db);
    try {
      const timed = async (user) => {
        const t = process.hrtime.bigint();
        const r = await signIn(srv.url, user, 'not the password');
        return { ...r, ms: Number(process.hrtime.bigint() - t) / 1e6 };
      };
      const wrong = [];
      const unknown = [];
      for (let i = 0; i < 3; i++) {
        wrong.push(await timed('viewer-user'));
        unknown.push(await timed(`nobody-${i}`));
      }
      for (const r of [...wrong, ...unknown]) {
        assert.equal(r.status, 401);
        assert.deepEqual(r.body, { error: 'wrong user name or password' });
        assert.equal(r.setCookie, null);
      }
      // Both check an argon2id hash (a dummy one for unknown users): an
      // unknown name is not answered in a fraction of the time.
      const median = (xs) => xs.map((x) => x.ms).sort((a, b) => a - b)[1];
      assert.ok(median(unknown) > median(wrong) / 3,
        `unknown ${median(unknown)} ms, wrong password ${median(wrong)} ms`);
      // A malformed body is a 400, not a 401.
      const bad = await rawFetch(`${srv.url}/api/v1/session`, { method: 'POST', body: '{"user": 1}' });
      assert.equal(bad.status, 400);
    } finally {
      await srv.stop();
    }
  });

  test('after 5 failures an account is locked: 429 with Retry-After, even for its password', async () => {
    const { db } = accountsDb();
    const srv = await serve(db);
    try {
      for (let i = 0; i < 5; i++) {
        assert.equal((await signIn(srv.url, 'clerk-user', `guess ${i}`)).status, 401);
      }
      const locked = await signIn(srv.url, 'clerk-user', PASSWORD);
      assert.equal(locked.status, 429);
      // The first lock lasts 30 s by default (serve --lock-seconds).
      const wait = Number(locked.retryAfter);
      assert.ok(wait >= 25 && wait <= 30, locked.retryAfter);
      assert.match(locked.body.error, /too many failed sign-ins/);
      // The name is locked whatever its case; other accounts are not.
      assert.equal((await signIn(srv.url, 'CLERK-USER', PASSWORD)).status, 429);
      assert.equal((await signIn(srv.url, 'viewer-user', PASSWORD)).status, 200);
    } finally {
      await srv.stop();
    }
  });

  test('after 20 failures from one address, every account is locked for it', async () => {
    const { db } = accountsDb();
    const srv = await serve(db);
    try {
      for (let i = 0; i < 20; i++) {
        const r = await signIn(srv.url, `someone-${i}`, 'guess');
        assert.equal(r.status, 401, `attempt ${i}`);
      }
      const locked = await signIn(srv.url, 'viewer-user', PASSWORD);
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.retryAfter) >= 1);
    } finally {
      await srv.stop();
    }
  });
});

test('serve on a database without users makes user admin and prints its password once', async () => {
  const { db } = missionDb();
  const proc = spawn(bin, ['serve', '--db', db, '--bind', '127.0.0.1', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.setEncoding('utf8');
  const url = await new Promise((res, rej) => {
    proc.stderr.on('data', (c) => {
      err += c;
      const m = err.match(/serving .* on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) res(m[1]);
    });
    proc.on('exit', (code) => rej(new Error(`exited ${code}: ${err}`)));
  });
  try {
    const m = err.match(/made user "admin" \(admin of every mission\) with the password\n\n {4}(\S+)\n/);
    assert.ok(m, err);
    const s = await signIn(url, 'admin', m[1]);
    assert.equal(s.status, 200);
    assert.equal(s.body.admin, true);
    assert.deepEqual(s.body.missions.map((x) => [x.mission, x.role]), [['kz-2023', 'admin']]);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((res) => proc.on('exit', res));
  }
  // Once there is a user, serve makes none and prints no password.
  const again = run(['user', 'list', '--format', 'json', '--db', db]);
  assert.deepEqual(JSON.parse(again.stdout).map((u) => u.name), ['admin']);
});

test('user and token commands reject what they cannot do', () => {
  const { db } = missionDb();
  assert.equal(run(['user', 'add', 'x', '--db', db]).status, 2); // no --role
  assert.equal(run(['user', 'add', 'x', '--role', 'boss', '--db', db]).status, 2);
  assert.equal(run(['user', 'add', 'x', '--role', 'viewer', '--db', db]).status, 2); // no mission
  assert.equal(run(['user', 'add', 'cli:x', '--role', 'admin', '--db', db]).status, 2);
  assert.equal(run(['user', 'add', 'x', '--role', 'viewer', '--mission', 'nope', '--db', db]).status, 1);
  assert.equal(run(['user', 'add', 'x', '--role', 'admin', '--password-stdin', '--db', db],
    { input: 'short\n' }).status, 1);
  const added = ok(['user', 'add', 'x', '--role', 'admin', '--db', db]);
  assert.match(added.stdout.trim().split('\n').pop(), /^[A-Za-z2-9]{20}$/);
  const twice = run(['user', 'add', 'X', '--role', 'admin', '--db', db]);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /already a user/);
  assert.equal(run(['token', 'create', '--db', db]).status, 2);
  assert.equal(run(['token', 'create', '--user', 'nobody', '--db', db]).status, 1);
  assert.equal(run(['token', 'create', '--user', 'x', '--expires', '-1', '--db', db]).status, 2);
  assert.equal(run(['token', 'revoke', 'abc', '--db', db]).status, 2);
  assert.equal(run(['token', 'revoke', '99', '--db', db]).status, 1);
  ok(['user', 'role', 'x', '--role', 'viewer', '--mission', 'kz-2023', '--db', db]);
  const users = JSON.parse(ok(['user', 'list', '--format', 'json', '--db', db]).stdout);
  assert.deepEqual(users[0].missions, { 'kz-2023': 'viewer' });
  ok(['user', 'role', 'x', '--role', 'none', '--mission', 'kz-2023', '--db', db]);
  assert.deepEqual(JSON.parse(ok(['user', 'list', '--format', 'json', '--db', db]).stdout)[0].missions, {});
});
