// lib.mjs - helpers for the end-to-end tests: run the observa binary in a
// fresh temporary directory, start "observa serve" on an ephemeral port,
// and talk to it over HTTP as any client would.  The suite runs on SQLite
// (a file per test) or, with OBSERVA_E2E_BACKEND=postgres, on PostgreSQL
// (a database per test): see freshDb().
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const bin = process.env.OBSERVA_BIN || join(repo, 'observa');
export const shared = resolve(repo, '..', 'shared');

// A fresh directory, removed when the test process ends.
export function tempDir(prefix = 'observa-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Run observa synchronously; returns { status, stdout, stderr }.
// opts.input is fed to standard input; opts.cwd defaults to a temp dir.
// The release build, for the tests of scale (a hundred thousand stations,
// a million reports): under the sanitizers they take several times as
// long and find nothing the smaller tests on the same paths do not.
export const release = join(repo, 'observa');

// opts.program: another binary (release) instead of OBSERVA_BIN.
export function run(args, opts = {}) {
  const r = spawnSync(opts.program || bin, args, {
    cwd: opts.cwd,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, ...(opts.env || {}) },
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeout || 300000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

// Run observa without blocking the event loop (clients sending meanwhile):
// a promise of { status, stdout, stderr }.
export function runAsync(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('error', reject);
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

// Run observa and fail loudly unless it exits 0.
export function ok(args, opts = {}) {
  const r = run(args, opts);
  if (r.status !== 0) {
    throw new Error(`observa ${args.join(' ')} exited ${r.status} (${r.signal || ''})\n` +
      `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return r;
}

export function writeFile(dir, name, text) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

// ---- the database back-end ----
//
// OBSERVA_E2E_BACKEND chooses where the tests keep their data: "sqlite"
// (the default) or "postgres", which needs OBSERVA_TEST_PG_URL naming a
// database of a cluster where its user may CREATE DATABASE (make e2e-pg
// starts a throwaway one with scripts/with-pg.sh).
export const backend = process.env.OBSERVA_E2E_BACKEND || 'sqlite';
if (backend !== 'sqlite' && backend !== 'postgres') {
  throw new Error(`OBSERVA_E2E_BACKEND must be sqlite or postgres, not ${backend}`);
}
export const onPostgres = backend === 'postgres';
const pgUrl = process.env.OBSERVA_TEST_PG_URL;
if (onPostgres && !pgUrl) {
  throw new Error('OBSERVA_E2E_BACKEND=postgres needs OBSERVA_TEST_PG_URL' +
    ' (make e2e-pg starts a cluster and sets it)');
}

// The skip option of a test that can only run on SQLite (it reads or
// damages the database file, or tests what only a file has), saying why;
// false on SQLite.  Such a test is reported as skipped on PostgreSQL.
export function sqliteOnly(why) {
  return onPostgres ? `SQLite only: ${why}` : false;
}

// Run SQL with psql on the database at url; returns its standard output.
export function psql(url, sql, args = []) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args, '-d', url, '-c', sql],
    { encoding: 'utf8', maxBuffer: 512 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  return r.stdout;
}

// The PostgreSQL databases this process created, dropped when it ends
// (servers still connected to one are disconnected first).
const created = [];
process.on('exit', () => {
  for (const name of created) {
    spawnSync('psql', ['-X', '-q', '-d', pgUrl, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
});

// The URL of a new, empty database (observa init has not run on it): on
// SQLite the file name in dir (no file is made), on PostgreSQL a database
// of a unique name created in OBSERVA_TEST_PG_URL's cluster.
export function freshDb(dir, name = 'test.db') {
  return onPostgres ? createdDb('') : `sqlite:${join(dir, name)}`;
}

// A database of a unique name in the cluster, made by "CREATE DATABASE
// name" + how (empty, or " TEMPLATE t") and dropped when the process
// ends; its URL.
function createdDb(how) {
  const db = `e2e_${process.pid}_${created.length + 1}_${randomBytes(4).toString('hex')}`;
  psql(pgUrl, `CREATE DATABASE ${db}${how}`);
  created.push(db);
  return pgDbUrl(db);
}

const pgDbUrl = (name) => {
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  return u.href;
};

// Run SQL on a test's database behind observa's back (to damage or age
// what it stored), with the sqlite3 shell or psql; returns the output and
// throws when the SQL fails.
export function dbExec(db, sql) {
  if (!db.startsWith('sqlite:')) return psql(db, sql);
  const r = spawnSync('sqlite3', [db.slice('sqlite:'.length), sql], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 ${sql}: ${r.stderr}`);
  return r.stdout;
}

// The database of "observa demo" run in dir, as commands run in dir name
// it: demo.db of dir (the default) on SQLite, a database of its own on
// PostgreSQL; demoArgs(dir) are the options that give it to "observa
// demo" (none on SQLite), demoUrl(dir) its URL from anywhere.
const demos = new Map();
export function demoDb(dir) {
  if (!demos.has(dir)) demos.set(dir, onPostgres ? freshDb(dir) : 'sqlite:demo.db');
  return demos.get(dir);
}
export const demoArgs = (dir) => (onPostgres ? ['--db', demoDb(dir)] : []);
export const demoUrl = (dir) => (onPostgres ? demoDb(dir) : `sqlite:${join(dir, 'demo.db')}`);

// A demo mission of one's own, without making one: "observa demo" runs
// once for all the test files of a run (the files of one "node --test",
// its child processes) on each back-end and binary, and every caller
// gets a copy of what it made: on SQLite a copy of the file, named name
// in dir; on PostgreSQL a database made from it as a template.  Making
// the demo takes seconds on SQLite and a minute on PostgreSQL under
// load; a copy takes a moment.  Returns { db, stdout }: the copy's URL,
// and what "observa demo" printed.  The first caller makes it under
// build/e2e-demo/ (make's e2e targets empty it first); the others wait
// for it, and fail at once if its maker failed or ended without it.
export function demoCopy(dir, name = 'demo.db') {
  const made = demoMade();
  if (!onPostgres) {
    const file = join(dir, name);
    copyFileSync(made.file, file);
    // observa leaves no log behind when it ends well; should it, the log
    // holds part of the demo.
    if (existsSync(`${made.file}-wal`)) copyFileSync(`${made.file}-wal`, `${file}-wal`);
    return { db: `sqlite:${file}`, stdout: made.stdout };
  }
  // CREATE DATABASE refuses a template while any session is on it; none
  // should be, but a maker's server may take a moment to be gone.
  for (let tries = 0; ; tries++) {
    try {
      return { db: createdDb(` TEMPLATE ${made.template}`), stdout: made.stdout };
    } catch (e) {
      if (tries >= 50 || !/being accessed by other users/.test(e.message)) throw e;
      sleepSync(200);
    }
  }
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// The demo that demoCopy() copies: { file } on SQLite or { template } on
// PostgreSQL, and { stdout }.  Its directory is named after the run (the
// parent process), the back-end and its cluster, and the binary and its
// build, so that no other run's demo is taken for it.
let demoKept = null;
function demoMade() {
  if (demoKept) return demoKept;
  const build = statSync(bin);
  const key = createHash('sha256').update([process.ppid, backend, pgUrl || '', bin,
    build.size, build.mtimeMs].join('\0')).digest('hex').slice(0, 16);
  const home = join(repo, 'build', 'e2e-demo', key);
  const file = join(home, 'demo.db');
  const template = `e2e_demo_${key}`;
  const done = join(home, 'done.json');
  mkdirSync(dirname(home), { recursive: true });
  let maker = false;
  try {
    mkdirSync(home);
    maker = true;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
  if (maker) {
    writeFileSync(join(home, 'maker'), String(process.pid));
    let outcome;
    try {
      let db = `sqlite:${file}`;
      if (onPostgres) {
        psql(pgUrl, `CREATE DATABASE ${template}`);
        db = pgDbUrl(template);
      }
      outcome = { stdout: ok(['demo', '--no-serve', '--db', db], { timeout: 900000 }).stdout };
    } catch (e) {
      outcome = { failed: e.message };
    }
    writeFileSync(`${done}.part`, JSON.stringify(outcome));
    renameSync(`${done}.part`, done);
  }
  const deadline = Date.now() + 900000;
  while (!existsSync(done)) {
    let pid = 0;
    try { pid = Number(readFileSync(join(home, 'maker'), 'utf8')); } catch { /* not written yet */ }
    if (pid && !alive(pid)) throw new Error(`the process making the shared demo (${pid}) ended without it`);
    if (Date.now() > deadline) throw new Error(`the shared demo in ${home} was not made in 15 minutes`);
    sleepSync(250);
  }
  const outcome = JSON.parse(readFileSync(done, 'utf8'));
  if (outcome.failed) throw new Error(`making the shared demo failed: ${outcome.failed}`);
  demoKept = { file, template, stdout: outcome.stdout };
  return demoKept;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// A pattern matching the text of a database URL.
export function urlPattern(db) {
  return db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// A database with one mission "kz-2023" in a fresh directory.
export function missionDb() {
  const dir = tempDir();
  const db = freshDb(dir);
  ok(['init', '--db', db]);
  ok(['mission', 'create', 'kz-2023', '--db', db, '--name', 'Early Mazhilis election 2023',
    '--election-type', 'mazhilis', '--election-date', '2023-03-19', '--country', 'KZ',
    '--organisation', 'CIS Inter-Parliamentary Assembly']);
  return { dir, db };
}

// ---- accounts ----
//
// Every route under /api/ needs a signed-in user or an API token.  serve()
// gives its database an admin account ("e2e-admin") and a token, and the
// fetch() of the tests sends that token to the servers serve() started:
// tests written before accounts work unchanged.  A test of access control
// passes explicit credentials (its own Authorization or Cookie header) or
// { noAuth: true } in fetch's options, or uses rawFetch.

export const rawFetch = globalThis.fetch;
const tokens = new Map(); // origin -> token
const provisioned = new Map(); // program + db -> token

// An admin token for db, made with program's "user add" and "token
// create" (once per database and program in this process).
export function provision(db, program = bin, user = 'e2e-admin') {
  const key = `${program}\n${db}\n${user}`;
  if (provisioned.has(key)) return provisioned.get(key);
  const add = spawnSync(program, ['user', 'add', user, '--role', 'admin', '--db', db],
    { encoding: 'utf8' });
  if (add.status !== 0 && !/already a user/.test(add.stderr)) {
    throw new Error(`observa user add ${user} exited ${add.status}: ${add.stderr}`);
  }
  const made = spawnSync(program, ['token', 'create', '--user', user, '--db', db],
    { encoding: 'utf8' });
  if (made.status !== 0) {
    throw new Error(`observa token create exited ${made.status}: ${made.stderr}`);
  }
  const token = made.stdout.trim().split('\n').pop();
  provisioned.set(key, token);
  return token;
}

// Have fetch() send token to the server at url (its /api/ routes).
export function authorize(url, token) {
  tokens.set(new URL(url).origin, token);
}

// The Authorization header fetch() would add for url, as an object to
// spread into the headers of http.request() and raw requests.
export function authHeader(url) {
  const token = tokens.get(new URL(url).origin);
  return token ? { authorization: `Bearer ${token}` } : {};
}

globalThis.fetch = function fetchWithToken(input, init = {}) {
  const href = typeof input === 'string' ? input : (input instanceof URL ? input.href : input.url);
  const { noAuth, ...rest } = init || {};
  let u;
  try { u = new URL(href); } catch { return rawFetch(input, rest); }
  const token = tokens.get(u.origin);
  if (noAuth || !token || !u.pathname.startsWith('/api/')) return rawFetch(input, rest);
  const headers = new Headers(rest.headers || (input instanceof Request ? input.headers : undefined));
  if (!headers.has('authorization') && !headers.has('cookie')) {
    headers.set('authorization', `Bearer ${token}`);
  }
  return rawFetch(input, { ...rest, headers });
};

// Start "observa serve" on an ephemeral port, env added to the
// environment, with the binary program (by default the one under test),
// after giving the database an admin token (provision()) that fetch()
// sends to it.  Resolves to { url, proc, token, stop() } once the server
// says where it listens.  With OBSERVA_E2E_SERVER_LOG naming a directory,
// every server's standard error is also appended to a file there named
// after the test file, to see why a test got a 500.
export function serve(db, extra = [], env = {}, program = bin) {
  const token = provision(db, program);
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(program, ['serve', '--db', db, '--bind', '127.0.0.1', '--port', '0', ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    let done = false;
    // Ended, with every byte of its standard error read: 'exit' may come
    // before the last lines ("stopped serving") are read from the pipe,
    // and 'close' waits for them.  A process it started that kept the
    // pipe open would hold 'close' back, so 5 s after 'exit' will do.
    const exited = new Promise((res) => proc.on('exit', (code, signal) => res(code ?? signal)));
    const ended = new Promise((res) => proc.on('close', (code, signal) => res(code ?? signal)));
    const settled = Promise.race([ended,
      exited.then((code) => new Promise((res) => setTimeout(() => res(code), 5000).unref()))]);
    const timer = setTimeout(() => {
      if (!done) { proc.kill('SIGKILL'); reject(new Error('server did not start: ' + err)); }
    }, 30000);
    proc.stderr.setEncoding('utf8');
    const logDir = process.env.OBSERVA_E2E_SERVER_LOG;
    const log = logDir && join(logDir, `${basename(process.argv[1] || 'e2e')}.log`);
    if (log) appendFileSync(log, `== observa serve --db ${db} ${extra.join(' ')} (pid ${proc.pid})\n`);
    proc.stderr.on('data', (chunk) => {
      if (log) appendFileSync(log, chunk);
      err += chunk;
      const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        const url = `http://127.0.0.1:${m[1]}`;
        authorize(url, token);
        resolvePromise({
          url,
          proc,
          token,
          stderr: () => err,
          // A server that already ended (by a signal too) is not signalled.
          stop: () => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
            return settled;
          },
        });
      }
    });
    proc.on('exit', (code) => {
      if (!done) { done = true; clearTimeout(timer); reject(new Error(`server exited ${code}: ${err}`)); }
    });
  });
}

// GET url and parse JSON; returns { status, body, headers }.
export async function getJson(url) {
  const r = await fetch(url);
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: r.status, body, headers: r.headers };
}
