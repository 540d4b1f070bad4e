// dashboard.mjs - the requests of bench/dashboard.sh: every API call the
// dashboard's pages make when they are first opened (web/static/page-*.js),
// each timed RUNS times after one warm-up, on one keep-alive connection.
//
//   node bench/dashboard.mjs BASE_URL MISSION TOKEN RUNS PID [OUTDIR]
//
// Prints, per call, the best, median and worst time from sending the
// request to the last byte of the answer, the answer's size, then the
// server's resident memory (VmRSS and its peak VmHWM of /proc/PID/status).
// Then what a change costs the first request after it: a new voting
// checklist, then a new results protocol, each posted (a copy of a stored
// one under a new id) AFTER_CHANGES (3) times, and the calls that are
// computed again timed once after each.
// A call whose answer is not 200 is reported and makes the exit status 1.
// With OUTDIR, the last answer of each call is written there as
// NN-LABEL (so two builds' documents can be compared byte for byte).
import http from 'node:http';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const [base, mission, token, runsArg, pid, outdir] = process.argv.slice(2);
const RUNS = Number(runsArg) || 5;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const m = `/api/v1/missions/${encodeURIComponent(mission)}`;

function post(path, doc) {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(JSON.stringify(doc));
    const req = http.request(base + path, {
      method: 'POST', agent,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': body.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function get(path) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(base + path, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const json = async (path) => JSON.parse((await get(path)).body.toString());
const q = (params) => `?${new URLSearchParams(params)}`;

// What each page asks, in its order (qs() of web/static/api.js keeps
// offset=0).  The report's page opens a double observation's report; the
// seats are asked for the preset of the election's year, as the page does.
async function calls() {
  const forms = (await json(`${m}/forms`)).items.map((f) => f.code);
  const first = (await json(`${m}/submissions${q({ form: 'VO', station: 'S-000001', limit: 50 })}`)).items;
  const reportId = first.length ? first[first.length - 1].id : 1;
  const year = ((await json(m)).election?.date || '').slice(0, 4);
  const presets = (await json(`${m}/results/seats`)).presets || [];
  const preset = (presets.find((p) => p.name.includes(year)) || presets[0] || {}).name;
  const today = new Date().toISOString().slice(0, 10);
  const regions = ['region', 'city', 'abroad'].map((level) => [`locations?level=${level}`, `${m}/locations${q({ level, limit: 1000 })}`]);
  const list = (name, params) => [`reports ${name}`, `${m}/submissions${q({ ...params, limit: 50, offset: 0 })}`];
  return [
    ['overview', [
      ['mission', m],
      ['accreditation', `${m}/accreditation`],
      ['forms', `${m}/forms`],
      ['submissions since today, count', `${m}/submissions${q({ since: today, limit: 0 })}`],
      ['alerts, count', `${m}/alerts${q({ limit: 0 })}`],
      ...forms.map((f) => [`since today, form ${f}, count`, `${m}/submissions${q({ since: today, form: f, limit: 0 })}`]),
      ['since election day, count', `${m}/submissions${q({ since: '2023-03-19', limit: 0 })}`],
      ['since election day, form VO, count', `${m}/submissions${q({ since: '2023-03-19', form: 'VO', limit: 0 })}`],
    ]],
    ['coverage', [
      ...regions,
      ['coverage?limit=0', `${m}/coverage${q({ limit: 0 })}`],
      ['coverage, form VO, page', `${m}/coverage${q({ form: 'VO', limit: 50, offset: 0 })}`],
      ['coverage, form OP, page', `${m}/coverage${q({ form: 'OP', limit: 50, offset: 0 })}`],
    ]],
    ['reports', [
      list('first page', {}),
      list('form', { form: 'VO' }),
      list('region', { region: 'R08' }),
      list('station', { station: 'S-000042' }),
      list('observer', { observer: 'O-00042' }),
      list('status flagged', { status: 'flagged' }),
      list('status verified', { status: 'verified' }),
      list('channel sms', { channel: 'sms' }),
      list('received since', { since: '2023-01-01T00:00:00Z' }),
      list('form, region, status', { form: 'VO', region: 'R08', status: 'flagged' }),
      list('page 11', { offset: 500 }),
    ]],
    ['report', [['submissions/ID', `${m}/submissions/${reportId}`], ['form VO', `${m}/forms/VO`]]],
    ['incidents', [
      ['submissions form IN, 1000', `${m}/submissions${q({ form: 'IN', limit: 1000 })}`],
      ['alerts, 100', `${m}/alerts${q({ limit: 100 })}`],
    ]],
    ['findings', [
      ['findings', `${m}/findings${q({ lang: 'en' })}`],
      ['findings/chart form', `${m}/findings/chart${q({ form: 'VO', lang: 'en' })}`],
      ['findings/chart question', `${m}/findings/chart${q({ form: 'VO', question: 'C', lang: 'en' })}`],
    ]],
    ['results', [
      ['pvt', `${m}/pvt`],
      ['results/discrepancies', `${m}/results/discrepancies${q({ lang: 'en', limit: 50 })}`],
      ['results/seats', `${m}/results/seats`],
      ...(preset ? [['results/seats?preset', `${m}/results/seats${q({ preset })}`]] : []),
      ['results/forensics', `${m}/results/forensics`],
      ...['turnout', 'leader_share', 'fingerprint', 'cumulative'].map((c) => [`forensics chart ${c}`, `${m}/results/forensics${q({ chart: c, lang: 'en' })}`]),
    ]],
    ['observers', [
      ['accreditation', `${m}/accreditation`],
      ['observers page', `${m}/observers${q({ limit: 50, offset: 0 })}`],
      ['observer O-00042', `${m}/observers/O-00042`],
    ]],
    ['timeline', [
      ['meetings', `${m}/meetings${q({ limit: 1000 })}`],
      ['documents', `${m}/documents${q({ limit: 1000 })}`],
    ]],
    ['statement', [
      ['statement/blocks', `${m}/statement/blocks${q({ lang: 'en' })}`],
      ['statement html', `${m}/statement${q({ format: 'html', lang: 'en' })}`],
    ]],
  ];
}

function rss() {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (k) => Math.round(Number(s.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))[1]) / 1024);
  return `${mb('VmRSS')} MB (peak ${mb('VmHWM')} MB)`;
}

// The server builds each mission's running tally in a thread after it
// starts; until then the counts fall back to the store.  Findings wait for
// the tally: ask them once first, so that the figures are those of a
// server that has been up for a while.
await get(`${m}/findings${q({ lang: 'en' })}`);
const pages = await calls();
if (outdir) mkdirSync(outdir, { recursive: true });
let bad = 0;
let n = 0;
const over = [];
console.log(`${'page'.padEnd(10)} ${'call'.padEnd(36)} ${'best'.padStart(8)} ${'median'.padStart(8)} ${'worst'.padStart(8)} ${'bytes'.padStart(10)}`);
for (const [page, list] of pages) {
  for (const [label, path] of list) {
    n++;
    let r = await get(path);
    const times = [];
    for (let i = 0; i < RUNS && r.status === 200; i++) {
      r = await get(path);
      times.push(r.ms);
    }
    if (r.status !== 200) {
      bad++;
      console.log(`${page.padEnd(10)} ${label.padEnd(36)} status ${r.status}: ${r.body.toString().slice(0, 120)}`);
      continue;
    }
    times.sort((a, b) => a - b);
    const med = times[Math.floor(times.length / 2)];
    const f = (x) => x.toFixed(1).padStart(8);
    console.log(`${page.padEnd(10)} ${label.padEnd(36)} ${f(times[0])} ${f(med)} ${f(times[times.length - 1])} ${String(r.body.length).padStart(10)}`);
    const limit = /^(coverage|findings|pvt)/.test(label) ? 200 : 100;
    if (med > limit) over.push(`${page}: ${label} (${med.toFixed(0)} ms)`);
    if (outdir) writeFileSync(`${outdir}/${String(n).padStart(2, '0')}-${page}-${label.replace(/[^A-Za-z0-9]+/g, '_')}`, r.body);
  }
}
// What a change costs the first request after it.
const AFTER = Number(process.env.AFTER_CHANGES ?? 3);
const recomputed = [
  ['findings', `${m}/findings${q({ lang: 'en' })}`],
  ['coverage?limit=0', `${m}/coverage${q({ limit: 0 })}`],
  ['pvt', `${m}/pvt`],
  ['results/discrepancies', `${m}/results/discrepancies${q({ lang: 'en', limit: 50 })}`],
  ['statement html', `${m}/statement${q({ format: 'html', lang: 'en' })}`],
];
let serial = 0;
async function change(form) {
  const [item] = (await json(`${m}/submissions${q({ form, limit: 1 })}`)).items;
  const stored = await json(`${m}/submissions/${item.id}`);
  const doc = {
    id: `bench-change-${process.pid}-${serial++}`, form, station: stored.station,
    observer: stored.observer, observed_at: stored.observed_at, answers: stored.answers,
  };
  const r = await post(`${m}/submissions`, doc);
  if (r.status >= 300) throw new Error(`posting a ${form} report: ${r.status} ${r.body}`);
}
if (AFTER > 0) {
  console.log(`\nthe first request after a change, ms (${AFTER} changes each):`);
  for (const [form, what] of [['VO', 'a voting checklist'], ['PR', 'a results protocol']]) {
    const times = new Map(recomputed.map(([label]) => [label, []]));
    for (let i = 0; i < AFTER; i++) {
      await change(form);
      for (const [label, path] of recomputed) {
        const r = await get(path);
        if (r.status !== 200) bad++;
        times.get(label).push(r.ms);
      }
    }
    for (const [label, list] of times)
      console.log(`after ${what.padEnd(20)} ${label.padEnd(24)} ${list.map((x) => x.toFixed(1).padStart(8)).join(' ')}`);
  }
}
console.log(`server's memory: ${rss()}`);
console.log(over.length ? `median over its aim (100 ms; 200 ms for coverage, findings, pvt):\n  ${over.join('\n  ')}` : 'every median within its aim');
process.exit(bad ? 1 : 0);
