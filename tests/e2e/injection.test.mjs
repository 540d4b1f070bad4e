// injection.test.mjs - SQL injection in every query parameter of every
// GET route of a mission: the exports, results, findings and quick count
// included.  The list is not written by hand: the routes come from
// src/http/routes.def, and each route's parameters are the names its
// handler's file (and the API files it calls into) reads from the query
// string (api_query_str(req, "form"), query_word(req, "status"), ...),
// the exports' from src/report/export.c's table of options, plus limit
// and offset everywhere; so a filter added to a handler is attacked the
// day it is added.  Every payload must get a 4xx or a normal answer,
// filtered lists and exports must come back empty (no payload names
// anything stored, so a row would mean the query was widened), and no
// table of the database may change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, getJson, onPostgres, psql, repo } from './lib.mjs';
import { odkDb, credentials, opening, xmlPart, postReport } from './odk-lib.mjs';

const MISSION = '/api/v1/missions/kz-2023';
const HTTP = join(repo, 'src', 'http');

// Functions that read the path or the headers, not the query string.
const NOT_QUERY = new Set(['http_param', 'http_header', 'api_path_id']);
// Parameters that shape an answer rather than narrow it (a language, a
// format, a page): a normal answer to them may hold rows.
const SHAPING = new Set(['limit', 'offset', 'lang', 'format', 'bom', 'values', 'layout',
  'all_versions', 'chart', 'preset', 'min', 'top', 'open']);

// file -> { reads: Set of query names, calls: Set of identifiers called,
// defines: Set of non-static functions }, for every .c file of src/http.
function sources() {
  const out = new Map();
  for (const f of readdirSync(HTTP).filter((x) => x.endsWith('.c'))) {
    const text = readFileSync(join(HTTP, f), 'utf8');
    const reads = new Set();
    for (const m of text.matchAll(/\b(\w+)\(\s*req,\s*"([a-z_]+)"/g)) {
      if (!NOT_QUERY.has(m[1])) reads.add(m[2]);
    }
    const calls = new Set([...text.matchAll(/\b([a-z_]\w*)\(/g)].map((m) => m[1]));
    const defines = new Set([...text.matchAll(/^(?!static)[a-z][\w ]*?\*?\b(\w+)\(/mg)]
      .map((m) => m[1]));
    out.set(f, { reads, calls, defines });
  }
  return out;
}

// The query parameters read by the file defining handler, and by every
// file of src/http whose functions it calls, transitively.
function paramsOf(handler, src) {
  const definer = (fn) => [...src.entries()].find(([, s]) => s.defines.has(fn))?.[0];
  const start = definer(handler);
  assert.ok(start, `no file of src/http defines ${handler}`);
  const seen = new Set([start]);
  const pending = [start]; // files whose calls are still to follow
  const names = new Set(['limit', 'offset']);
  while (pending.length) {
    const s = src.get(pending.pop());
    for (const n of s.reads) names.add(n);
    for (const fn of s.calls) {
      const f = definer(fn);
      if (f && !seen.has(f)) { seen.add(f); pending.push(f); }
    }
  }
  return [...names].sort();
}

// The exports' options: src/report/export.c's export_option_names.
function exportOptions() {
  const text = readFileSync(join(repo, 'src', 'report', 'export.c'), 'utf8');
  const table = text.split('export_option_names[')[1].split('};')[0];
  return [...table.matchAll(/\[XO_\w+\] = "([a-z_]+)"/g)].map((m) => m[1]);
}

// Every GET route of a mission with the parameters to attack.
function targets() {
  const defs = readFileSync(join(HTTP, 'routes.def'), 'utf8');
  const src = sources();
  const out = [];
  for (const m of defs.matchAll(/ROUTE\("GET",\s*"([^"]+)",\s*(\w+),\s*\w+\)/g)) {
    const [, pattern, handler] = m;
    if (!pattern.startsWith('/api/v1/missions/{m}')) continue;
    // export/{what} answers 404 naming the exports, which are all above it.
    if (pattern.endsWith('/export/{what}')) continue;
    const params = handler === 'h_export_get'
      ? [...new Set([...exportOptions(), 'limit', 'offset'])].sort()
      : paramsOf(handler, src);
    out.push({ pattern, handler, params });
  }
  return out;
}

function rowCounts(db) {
  if (onPostgres) {
    const tables = psql(db, "SELECT table_name FROM information_schema.tables" +
      " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    ['-At']).trim().split('\n');
    return Object.fromEntries(tables.map((t) => [t,
      Number(psql(db, `SELECT count(*) FROM "${t}"`, ['-At']).trim())]));
  }
  const file = db.replace(/^sqlite:/, '');
  const q = (sql) => {
    const r = spawnSync('sqlite3', [file, sql], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const tables = q("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").split('\n');
  return Object.fromEntries(tables.map((t) => [t, Number(q(`SELECT count(*) FROM "${t}"`))]));
}

const PAYLOADS = ["' OR '1'='1", "1' OR 1=1 --", "x'; DROP TABLE submission; --",
  '1; DELETE FROM observer', "%' OR 1=1 --", '" OR ""="',
  "') UNION SELECT name, sql FROM sqlite_master --", "S-001' --", '1 OR 1=1',
  "'; ATTACH DATABASE '/tmp/evil.db' AS evil; --", '*', '%', '_'];

let srv;
let db;
let id;
before(async () => {
  const made = odkDb();
  db = made.db;
  const cred = credentials(db, 'O-01');
  srv = await serve(db);
  const r = await postReport(`${srv.url}/openrosa/${cred.token}/submission`, [
    xmlPart(opening({ station: 'S-001' }).xml),
    { name: 'photo.jpg', filename: 'photo.jpg', type: 'image/jpeg', body: Buffer.from('JPEGDATA') },
  ]);
  assert.equal(r.status, 201, r.text);
  id = (await getJson(`${srv.url}${MISSION}/submissions`)).body.items[0].id;
});
after(async () => { if (srv) assert.equal(await srv.stop(), 0, srv.stderr()); });

// A route's path with its parameters naming records that exist.
function pathOf(pattern) {
  return pattern.replace('{m}', 'kz-2023')
    .replace(/locations\/\{code\}/, 'locations/S-001')
    .replace(/observers\/\{code\}/, 'observers/O-01')
    .replace(/forms\/\{code\}/, 'forms/OP')
    .replace(/submissions\/\{id\}/, `submissions/${id}`)
    .replace('{name}', 'photo.jpg')
    .replace(/\{[a-z]+\}/g, '1');
}

test('the parameters are found in the source: the known filters of each family are there', () => {
  const t = Object.fromEntries(targets().map((x) => [x.pattern.replace('/api/v1/missions/{m}', ''), x.params]));
  const has = (route, names) => {
    assert.ok(t[route], `no route ${route}`);
    for (const n of names) assert.ok(t[route].includes(n), `${route}: ${n} not among ${t[route]}`);
  };
  has('/submissions', ['form', 'station', 'observer', 'region', 'status', 'channel', 'since']);
  // The inbox is paged but not filtered: a hand-written list once gave it
  // the reports' filters, which it ignores.
  assert.deepEqual(t['/received'], ['limit', 'offset']);
  has('/observers', ['status', 'role', 'organisation', 'country', 'team', 'phone']);
  has('/export/observers', ['form', 'status', 'organisation', 'country', 'role', 'team', 'phone',
    'level', 'region', 'station', 'observer', 'channel', 'since', 'values', 'layout', 'lang',
    'format']);
  has('/results/forensics', ['chart', 'lang']);
  has('/results/seats', ['preset']);
  has('/results/protocols', ['lang', 'limit', 'offset']);
  has('/findings/chart', ['form', 'region', 'lang', 'question']);
  has('/pvt', ['limit']);
  has('/accreditation', ['limit']);
  assert.ok(targets().length >= 40, `${targets().length} routes`);
});

test('every parameter of every GET route: 4xx or a normal answer, nothing widened or changed',
  { timeout: 600000 }, async () => {
    const before = rowCounts(db);
    assert.ok(before.submission >= 1 && before.observer >= 3 && before.submission_attachment >= 1,
      JSON.stringify(before));
    let read = 0;
    let sent = 0;
    for (const { pattern, params } of targets()) {
      // The event stream never ends; it reads no parameter to attack.
      if (pattern.endsWith('/events')) {
        assert.deepEqual(params, ['limit', 'offset'], 'the event stream has filters now: attack them');
        continue;
      }
      const base = `${srv.url}${pathOf(pattern)}`;
      const plain = await fetch(base);
      await plain.arrayBuffer();
      assert.ok(plain.status < 500, `${pattern}: ${plain.status}`);
      for (const p of params) {
        for (const v of PAYLOADS) {
          const url = `${base}?${p}=${encodeURIComponent(v)}`;
          const r = await fetch(url);
          const text = await r.text();
          sent++;
          assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500),
            `${url}: ${r.status} ${text.slice(0, 200)}`);
          if (r.status !== 200 || SHAPING.has(p)) continue;
          read++;
          const type = r.headers.get('content-type') || '';
          if (type.startsWith('application/json')) {
            const body = JSON.parse(text);
            // A filtered list is empty: a payload that widened the query
            // would show rows.
            if (Array.isArray(body.items)) assert.equal(body.items.length, 0, `${url}: ${text.slice(0, 300)}`);
          } else if (type.startsWith('text/csv')) {
            const lines = text.split(/\r?\n/).filter((l) => l.length);
            assert.ok(lines.length <= 1, `${url}: ${lines.length - 1} data rows`);
          }
        }
      }
    }
    assert.ok(sent > 3000, `${sent} requests`);
    assert.ok(read > 100, `only ${read} payloads were read as plain values`);
    assert.deepEqual(rowCounts(db), before);
    const list = await getJson(`${srv.url}${MISSION}/submissions`);
    assert.equal(list.body.items.length, before.submission);
  });
