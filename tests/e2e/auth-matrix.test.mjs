// auth-matrix.test.mjs - every route of the server (from "observa routes",
// so a new route is in the matrix the day it is added) against every role,
// on the caller's own mission and on another one: 401 without
// credentials, 403 without the permission, and otherwise an answer that
// is not about access.  Each route's permission is pinned by docs/api.md's
// route table, which must list exactly the server's routes with exactly
// their permissions: a route added, or declared with another permission,
// fails here until the documentation says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, serve, rawFetch, repo } from './lib.mjs';
import { ROLES, ROLE_PERMS, accountsDb, as } from './auth-lib.mjs';

let srv;
let db;
let tokens;
let routes;

before(async () => {
  const made = accountsDb();
  tokens = made.tokens;
  db = made.db;
  srv = await serve(made.db);
  routes = JSON.parse(ok(['routes', '--format', 'json']).stdout);
});

after(async () => { if (srv) await srv.stop(); });

// The path of a route pattern with {m} = mission and other parameters
// given values no record has.
function pathOf(pattern, mission) {
  return pattern.replace('{m}', mission).replace(/\{[a-z]+\}/g, '1');
}

function send(route, mission, token) {
  const init = { method: route.method };
  if (!['GET', 'HEAD'].includes(route.method)) {
    init.body = '{}';
    init.headers = { 'content-type': 'application/json' };
  }
  return as(token, `${srv.url}${pathOf(route.pattern, mission)}`, init);
}

test('the route table is complete and every route names a known permission', () => {
  assert.ok(routes.length >= 60, `${routes.length} routes`);
  const known = new Set([...ROLE_PERMS.admin, 'public', 'odk_forms', 'odk_submit']);
  for (const r of routes) assert.ok(known.has(r.permission), `${r.method} ${r.pattern}: ${r.permission}`);
  // Only public, ODK and SMS gateway routes check their callers themselves,
  // and the dashboard's files (its page signs in through the API).
  for (const r of routes.filter((x) => x.self_checked)) {
    assert.match(r.pattern, /^\/(healthz|openrosa\/|sms\/|api\/v1\/session$|static\/\{file\}$|$)/, r.pattern);
  }
  const session = routes.filter((r) => r.pattern === '/api/v1/session').map((r) => r.method);
  assert.deepEqual(session.sort(), ['DELETE', 'GET', 'POST']);
});

// docs/api.md's "Routes" table as "METHOD PATTERN" -> permission.  The
// OpenRosa rows name their parameters as ODK's documentation does; these
// are the server's names for them.
function documentedRoutes() {
  const md = readFileSync(join(repo, 'docs', 'api.md'), 'utf8');
  const section = md.split(/^## Routes$/m)[1].split(/^## /m)[0];
  const rows = section.split('\n').filter((l) => /^\| (GET|HEAD|POST|PUT|PATCH|DELETE) \|/.test(l));
  const table = new Map();
  for (const row of rows) {
    const [, method, pathCell, permCell] = row.split('|').map((c) => c.trim());
    const path = pathCell.match(/^\[?`([^`]+)`/)[1]
      .replace('{mission}', '{m}').replace('/forms/{formID}.xml', '/forms/{file}')
      .replace('/manifests/{formID}', '/manifests/{id}');
    const perm = permCell.match(/^`([a-z_]+)`/);
    assert.ok(perm, `docs/api.md: no permission in the row of ${method} ${path}`);
    const key = `${method} ${path}`;
    assert.ok(!table.has(key), `docs/api.md lists ${key} twice`);
    table.set(key, perm[1]);
  }
  return table;
}

test("every route's permission is the one docs/api.md gives it, and no route is undocumented", () => {
  const documented = documentedRoutes();
  const served = new Map(routes.map((r) => [`${r.method} ${r.pattern}`, r.permission]));
  for (const [key, perm] of served) {
    assert.ok(documented.has(key), `${key} (${perm}) is not in docs/api.md's route table`);
    assert.equal(perm, documented.get(key), `${key}: the server says ${perm}, docs/api.md ${documented.get(key)}`);
  }
  for (const key of documented.keys()) assert.ok(served.has(key), `docs/api.md lists ${key}, which the server lacks`);
  // Spot checks that the table read is the real one: routes that hold
  // phones or change data keep their own permissions.
  assert.equal(documented.get('GET /api/v1/missions/{m}/export/observers'), 'read_observers');
  assert.equal(documented.get('POST /api/v1/missions/{m}/import/locations'), 'manage_locations');
  assert.equal(documented.size, served.size);
});

test('without credentials every account route answers 401 "sign in"', async () => {
  for (const r of routes.filter((x) => !x.self_checked)) {
    const res = await send(r, 'kz-2023', null);
    assert.equal(res.status, 401, `${r.method} ${r.pattern}`);
    assert.match(res.headers.get('www-authenticate') || '', /^Bearer/);
    if (r.method !== 'HEAD') assert.match((await res.json()).error, /^sign in/, r.pattern);
  }
});

test('a wrong or malformed token is 401 on every account route', async () => {
  for (const r of routes.filter((x) => !x.self_checked)) {
    for (const token of ['obs_' + 'A'.repeat(43), 'nonsense']) {
      const res = await send(r, 'kz-2023', token);
      assert.equal(res.status, 401, `${r.method} ${r.pattern} ${token}`);
    }
  }
});

for (const role of ROLES) {
  test(`role ${role}: every route on its own mission and on another`, async () => {
    const mine = new Set(ROLE_PERMS[role]);
    for (const r of routes.filter((x) => !x.self_checked)) {
      const scoped = r.pattern.includes('{m}');
      for (const mission of scoped ? ['kz-2023', 'other'] : ['-']) {
        const allowed = mine.has(r.permission) && (role === 'admin' || mission !== 'other');
        const res = await send(r, mission, tokens[role]);
        const what = `${role} ${r.method} ${pathOf(r.pattern, mission)} (${r.permission})`;
        if (allowed) {
          assert.ok(![401, 403].includes(res.status), `${what}: ${res.status}`);
          assert.ok(res.status < 500, `${what}: ${res.status}`);
        } else {
          assert.equal(res.status, 403, what);
          const body = await res.json();
          assert.match(body.error, new RegExp(`does not have permission ${r.permission}`), what);
        }
        // An event stream never ends by itself: stop reading it.
        if ((res.headers.get('content-type') || '').startsWith('text/event-stream')) await res.body.cancel();
        else await res.arrayBuffer().catch(() => {});
      }
    }
  });
}

test('the public, ODK and SMS routes ask for no account', async () => {
  const health = await rawFetch(`${srv.url}/healthz`);
  assert.equal(health.status, 200);
  // ODK: its own Digest challenge, not a session's.
  const odk = await rawFetch(`${srv.url}/openrosa/m/kz-2023/formList`);
  assert.equal(odk.status, 401);
  assert.match(odk.headers.get('www-authenticate'), /^Digest /);
  // SMS webhooks: refused for their missing secret, not for an account.
  const sms = await rawFetch(`${srv.url}/sms/generic/kz-2023`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.notEqual(sms.status, 401);
  const text = await sms.text();
  assert.doesNotMatch(text, /sign in/);
});

test('GET /api/v1/missions lists only the missions the caller may see', async () => {
  const codes = async (role) => (await (await as(tokens[role], `${srv.url}/api/v1/missions`)).json())
    .items.map((m) => m.code).sort();
  assert.deepEqual(await codes('admin'), ['kz-2023', 'other']);
  assert.deepEqual(await codes('coordinator'), ['kz-2023']);
  assert.deepEqual(await codes('viewer'), ['kz-2023']);
  // An observer may not read missions at all.
  assert.equal((await as(tokens.observer, `${srv.url}/api/v1/missions`)).status, 403);
  // A user of "other" only sees "other".
  ok(['user', 'add', 'other-viewer', '--role', 'viewer', '--mission', 'other', '--db', db]);
  const token = ok(['token', 'create', '--user', 'other-viewer', '--db', db]).stdout.trim();
  const r = await as(token, `${srv.url}/api/v1/missions`);
  assert.deepEqual((await r.json()).items.map((m) => m.code), ['other']);
});
