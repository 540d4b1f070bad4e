// auth-lib.mjs - what the access-control tests share: a database with two
// missions and a user of every role on the first, each with a token, and
// requests sent with explicit credentials (never lib.mjs's admin token).
import { ok, missionDb, rawFetch, writeFile } from './lib.mjs';

export const ROLES = ['admin', 'coordinator', 'analyst', 'clerk', 'observer', 'viewer'];

// What each role may do, written out from docs/security.md's table (not
// read from the server, so the two are compared).
const READS = ['read_mission', 'read_registry', 'read_observers', 'read_accreditation',
  'read_submissions', 'read_coverage', 'read_assignments', 'read_forms', 'read_sms',
  'read_findings', 'read_ltm'];
const ALL = [...READS, 'submit', 'review', 'manage_assignments', 'send_sms',
  'write_statement', 'write_ltm', 'manage_registry', 'manage_locations'];
export const ROLE_PERMS = {
  admin: ALL,
  coordinator: ALL,
  analyst: READS,
  clerk: ['read_mission', 'submit', 'review', 'read_submissions', 'read_observers',
    'read_accreditation', 'read_assignments', 'manage_assignments', 'read_registry',
    'read_forms', 'read_coverage', 'manage_registry'],
  observer: ['submit', 'read_forms'],
  viewer: ['read_mission', 'read_findings'],
};

// A password every test user gets.
export const PASSWORD = 'correct horse battery';

// Two missions (kz-2023 with a station and an observer, and "other"), a
// user "ROLE-user" of each role (admin: every mission; the others on
// kz-2023) with a token each.  Returns { dir, db, tokens: {role: token} }.
export function accountsDb() {
  const { dir, db } = missionDb();
  ok(['mission', 'create', 'other', '--db', db, '--name', 'Another mission',
    '--election-type', 'mazhilis', '--election-date', '2023-03-19', '--country', 'KZ']);
  ok(['import', 'locations', writeFile(dir, 'l.csv',
    'code,name,level,parent\nKZ,Kazakhstan,country,\nS-1,Station 1,station,KZ\n'),
  '--mission', 'kz-2023', '--db', db]);
  // The observer's account is named by its observer's code.
  ok(['import', 'observers', writeFile(dir, 'o.csv',
    'code,full_name\nO-1,Observer One\nobserver-user,Observer User\n'),
    '--mission', 'kz-2023', '--db', db]);
  const tokens = {};
  for (const role of ROLES) {
    const mission = role === 'admin' ? [] : ['--mission', 'kz-2023'];
    ok(['user', 'add', `${role}-user`, '--role', role, ...mission, '--password-stdin', '--db', db],
      { input: `${PASSWORD}\n` });
    tokens[role] = ok(['token', 'create', '--user', `${role}-user`, '--db', db])
      .stdout.trim().split('\n').pop();
  }
  return { dir, db, tokens };
}

// fetch with only the credentials given (rawFetch: no admin token added).
export function as(token, url, init = {}) {
  const headers = { ...(init.headers || {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  return rawFetch(url, { ...init, headers });
}

// POST /api/v1/session; resolves to { status, body, cookie, setCookie }.
export async function signIn(url, user, password, headers = {}) {
  const r = await rawFetch(`${url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ user, password }),
  });
  const setCookie = r.headers.get('set-cookie');
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: r.status, body, setCookie, cookie: setCookie ? setCookie.split(';')[0] : null,
    retryAfter: r.headers.get('retry-after') };
}
