// load-lib.mjs - many clients sending reports through every channel at
// once, as on election night: the JSON API, ODK Collect (OpenRosa
// multipart with the observer's token) and an SMS gateway's webhook.
// Each client retries what got no answer (or a 503) with the same id,
// instanceID or gateway message id, and records every acknowledgement, so
// a test can hold the database to what was promised.  Used by the crash,
// disk-full and backup tests and by bench/soak.mjs.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ok, missionDb, psql, writeFile } from './lib.mjs';
import { opening as odkOpening, multipart, xmlPart, MULTIPART } from './odk-lib.mjs';

export const M = ['--mission', 'kz-2023'];
const pad = (n, w) => String(n).padStart(w, '0');
export const station = (i) => `S-${pad(i, 3)}`;
export const observer = (i) => `O-${pad(i, 2)}`;
export const phone = (i) => `+7701555${pad(i, 4)}`;

export const ODK_OBSERVERS = 8; // O-01..O-08 send with ODK
export const OBSERVERS = 40; // O-09.. send SMS from their phones, one each

// A generated mission: `stations` stations in two regions, OBSERVERS
// observers with phones, ODK credentials for the first ODK_OBSERVERS, and
// an SMS secret.  Returns { dir, db, file, secret, tokens }; file is the
// SQLite database's file (null on PostgreSQL).
export function loadDb(stations = 200) {
  const { dir, db } = missionDb();
  const loc = ['code,name,level,parent', 'KZ,Kazakhstan,country,', 'R1,Astana,city,KZ',
    'R2,Almaty,city,KZ'];
  for (let i = 1; i <= stations; i++) loc.push(`${station(i)},Station ${i},station,R${1 + (i % 2)}`);
  const obs = ['code,full_name,phone'];
  for (let i = 1; i <= OBSERVERS; i++) obs.push(`${observer(i)},Observer ${i},${phone(i)}`);
  ok(['import', 'locations', writeFile(dir, 'l.csv', loc.join('\n') + '\n'), '--db', db, ...M]);
  ok(['import', 'observers', writeFile(dir, 'o.csv', obs.join('\n') + '\n'), '--db', db, ...M]);
  const tokens = [];
  for (let i = 1; i <= ODK_OBSERVERS; i++) {
    tokens.push(JSON.parse(ok(['observer', 'credentials', observer(i), '--db', db, ...M,
      '--format', 'json']).stdout).token);
  }
  const out = ok(['sms', 'secret', '--db', db, ...M]).stdout.trim().split('\n');
  return { dir, db, file: db.startsWith('sqlite:') ? db.slice(7) : null, stations, secret: out[out.length - 1], tokens };
}

// The n-th report of client c of the given kind, as a request to send.
// Every report differs from every other (ids, and for SMS the text too,
// since an observer's repeated text counts as one report).
export function makeReport(kind, c, n, data) {
  const st = station(1 + ((c * 37 + n) % data.stations));
  if (kind === 'json') {
    const body = {
      id: `j-${c}-${n}`, form: 'OP', station: st, observer: observer(1 + ((c + n) % OBSERVERS)),
      observed_at: '2023-03-19T07:45:00+05:00',
      answers: { A: 'yes', B: '07:55', C: 'yes', D: 'yes', E: 'yes', F: 'yes', G: 'yes',
        H: 'no', I: 'no', J: 'yes', K: 'no', Z: 1 + (n % 4) },
      comment: `client ${c} report ${n}`,
    };
    return { kind, key: body.id, path: '/api/v1/missions/kz-2023/submissions',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  }
  if (kind === 'odk') {
    const o = c % ODK_OBSERVERS;
    const r = odkOpening({ id: `uuid:${randomUUID()}`, station: st, observer: observer(1 + o),
      answers: { Z: String(1 + (n % 4)) } });
    return { kind, key: r.id, path: `/openrosa/${data.tokens[o]}/submission`,
      headers: { 'content-type': MULTIPART }, body: multipart([xmlPart(r.xml)]) };
  }
  // SMS: one phone per client; station and minute make each text unique.
  const who = ODK_OBSERVERS + 1 + (c % (OBSERVERS - ODK_OBSERVERS));
  const minute = pad(Math.floor(n / data.stations) % 60, 2);
  const text = `OP ${station(1 + (n % data.stations))} A1 B07${minute} C1 D1 E1 F1 G1 H0 I0 J1 K0 Z4`;
  const id = `g-${c}-${n}`;
  return { kind, key: id, path: '/sms/generic/kz-2023',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ secret: data.secret, from: phone(who), text, id }).toString() };
}

// Did the answer acknowledge the report, and as a duplicate?
export function judge(kind, status, text) {
  let body;
  try { body = JSON.parse(text); } catch { body = undefined; }
  if (kind === 'json') {
    return { ack: status === 200 || status === 201, dup: status === 200 && body?.duplicate === true };
  }
  if (kind === 'odk') return { ack: status === 201, dup: status === 201 && /already received/.test(text) };
  return { ack: status === 200 && ['accepted', 'duplicate'].includes(body?.status),
    dup: status === 200 && body?.status === 'duplicate' };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const KINDS = ['json', 'odk', 'sms'];

// clients that send until stopped, to whatever server load.url names
// (null while there is none).  Fields a test reads:
//   acked: Map key -> { kind, status, dup, retried, at }   every 2xx
//   sent: Map key -> kind                                   everything tried
//   other: [{ key, kind, status, text }]                    unexpected answers
//   unavailable: [{ key, kind, status, text }]              503 answers
//   resent: [{ key, kind, dup, status }]                    deliberate re-sends
export class Load {
  constructor(data, { clients = 64, kinds = KINDS, pause = 0, limit = Infinity } = {}) {
    Object.assign(this, { data, clients, kinds, pause, limit });
    this.url = null;
    this.stopping = false;
    this.acked = new Map();
    this.sent = new Map();
    this.other = [];
    this.unavailable = [];
    this.resent = [];
    this.lastAcked = new Array(clients).fill(null);
    this.resend = new Array(clients).fill(false);
    this.tasks = [];
  }

  start() {
    for (let c = 0; c < this.clients; c++) this.tasks.push(this.client(c));
    return this;
  }

  // Have every client send its last acknowledged report once more.
  resendLast() { this.resend.fill(true); }

  async stop() {
    this.stopping = true;
    await Promise.all(this.tasks);
  }

  // One request; null when no answer came (connection refused or reset).
  async post(req) {
    const url = this.url;
    if (!url) return null;
    try {
      const r = await fetch(url + req.path, { method: 'POST', headers: req.headers, body: req.body,
        signal: AbortSignal.timeout(20000) });
      return { status: r.status, text: await r.text() };
    } catch {
      return null;
    }
  }

  async client(c) {
    const kind = this.kinds[c % this.kinds.length];
    let n = 0;
    let pending = null;
    while (!this.stopping || pending) {
      if (!this.url) {
        if (this.stopping) break; // no server any more: leave the rest unsent
        await sleep(20);
        continue;
      }
      if (this.resend[c] && this.lastAcked[c]) {
        const again = this.lastAcked[c];
        const r = await this.post(again);
        if (!r) { await sleep(20); continue; }
        this.resend[c] = false;
        const j = judge(again.kind, r.status, r.text);
        this.resent.push({ key: again.key, kind: again.kind, status: r.status, dup: j.dup });
        continue;
      }
      this.resend[c] = false;
      if (!pending) {
        if (this.stopping || n >= this.limit) break;
        pending = { ...makeReport(kind, c, n++, this.data), tries: 0 };
        this.sent.set(pending.key, kind);
      }
      const r = await this.post(pending);
      if (!r) { pending.tries++; await sleep(20); continue; }
      const j = judge(kind, r.status, r.text);
      if (j.ack) {
        this.acked.set(pending.key, { kind, status: r.status, dup: j.dup, retried: pending.tries > 0,
          at: Date.now() });
        this.lastAcked[c] = pending;
        pending = null;
        if (this.pause) await sleep(this.pause);
      } else if (r.status === 503) {
        this.unavailable.push({ key: pending.key, kind, status: r.status, text: r.text });
        pending.tries++;
        await sleep(50);
      } else {
        this.other.push({ key: pending.key, kind, status: r.status, text: r.text });
        pending = null;
      }
    }
  }
}

// Rows of an SQL query, as objects, on a database: a file or sqlite: URL
// (through the sqlite3 tool), or a postgres:// URL (through psql).
export function sql(where, query) {
  if (/^postgres(ql)?:\/\//.test(where)) {
    const out = psql(where, `SELECT coalesce(json_agg(q), '[]') FROM (${query}) AS q`, ['-At']);
    return JSON.parse(out);
  }
  const file = where.replace(/^sqlite:/, '');
  const r = spawnSync('sqlite3', ['-json', file, query], { encoding: 'utf8', maxBuffer: 512 << 20 });
  if (r.status !== 0) throw new Error(`sqlite3 ${query}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

// What the database (a file or URL, as for sql()) holds of the load:
// { json: Map clientId -> count, odk: ..., sms: Map gatewayId -> { count,
// submission, status } , smsReports }.
export function stored(where) {
  const json = new Map();
  const odk = new Map();
  for (const row of sql(where, "SELECT client_id AS id, channel, count(*) AS n FROM submission" +
    " WHERE client_id IS NOT NULL GROUP BY client_id, channel")) {
    const m = row.channel === 'odk' ? odk : json;
    m.set(row.id, (m.get(row.id) || 0) + row.n);
  }
  const sms = new Map();
  for (const row of sql(where, 'SELECT gateway_id AS id, count(*) AS n, min(submission_id) AS sub,' +
    ' min(status) AS status FROM sms_in WHERE gateway_id IS NOT NULL GROUP BY gateway_id')) {
    sms.set(row.id, { count: row.n, submission: row.sub, status: row.status });
  }
  const [{ n: smsReports }] = sql(where, "SELECT count(*) AS n FROM submission WHERE channel = 'sms'");
  const [{ n: total }] = sql(where, 'SELECT count(*) AS n FROM submission');
  return { json, odk, sms, smsReports, total };
}
