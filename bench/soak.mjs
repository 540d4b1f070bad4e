// soak.mjs - the load of bench/soak.sh: hours of mixed traffic on one
// server, with its memory and open files sampled, to show they stay flat.
//
//   node bench/soak.mjs MINUTES CLIENTS PAUSE_MS READERS
//
// CLIENTS clients send reports through the JSON API, ODK (OpenRosa) and
// the SMS webhook in turn (tests/e2e/load-lib.mjs), each waiting PAUSE_MS
// after every acknowledged report; READERS clients read coverage and
// findings over and over.  Every 10 seconds it prints the server's
// resident memory (VmRSS in /proc/PID/status) and open descriptors
// (entries of /proc/PID/fd), then a summary with the slope of each
// (least squares over the samples after the warm-up) and whether they
// stayed flat (see the summary below).  Exit status 1 when they did not.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { serve, run } from '../tests/e2e/lib.mjs';
import { loadDb, Load } from '../tests/e2e/load-lib.mjs';

const [minutes = 60, clients = 64, pause = 250, readers = 2] = process.argv.slice(2).map(Number);
const SAMPLE_S = 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function sample(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1] || 0);
  const fds = readdirSync(`/proc/${pid}/fd`);
  // Descriptors of the database's main file: one per SQLite connection.
  let conns = 0;
  for (const fd of fds) {
    try { if (readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('.db')) conns++; } catch { /* closed */ }
  }
  return { rss: kb('VmRSS') / 1024, fds: fds.length, threads: kb('Threads'), conns };
}

// Least-squares slope of ys against xs.
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}

const data = loadDb(2000);
const srv = await serve(data.db, ['--no-sms-send']);
const pid = srv.proc.pid;
// Open before any client: the listening socket, the database's files for
// each connection, event descriptors.  Under load each client and reader
// adds its connection's two descriptors.
const idle = sample(pid);
const load = new Load(data, { clients, pause });
load.url = srv.url;
load.start();

let reads = 0;
let readErrors = 0;
let readMs = 0; // time spent in reads since the last sample
let readsSince = 0;
let stopReading = false;
const api = `${srv.url}/api/v1/missions/kz-2023`;
const readerTasks = Array.from({ length: readers }, async (_, i) => {
  while (!stopReading) {
    const path = i % 2 ? '/findings' : '/coverage?limit=100';
    const t = Date.now();
    try {
      const r = await fetch(api + path);
      await r.arrayBuffer();
      if (r.status === 200) reads++;
      else readErrors++;
      readMs += Date.now() - t;
      readsSince++;
    } catch {
      readErrors++;
    }
    await sleep(200);
  }
});

console.log(`soak: ${minutes} min, ${clients} clients (JSON, ODK, SMS) pausing ${pause} ms, ` +
  `${readers} readers of coverage and findings; server pid ${pid}`);
console.log('   time   RSS MiB   fds  db conns  threads   reports   per s   reads  read ms  503s');
const samples = [];
const t0 = Date.now();
let lastAcked = 0;
while (Date.now() - t0 < minutes * 60000) {
  await sleep(SAMPLE_S * 1000);
  const s = { t: (Date.now() - t0) / 1000, ...sample(pid), acked: load.acked.size };
  samples.push(s);
  const mmss = `${String(Math.floor(s.t / 60)).padStart(3)}:${String(Math.round(s.t % 60)).padStart(2, '0')}`;
  console.log(`${mmss}  ${s.rss.toFixed(1).padStart(8)}  ${String(s.fds).padStart(4)}  ` +
    `${String(s.conns).padStart(8)}  ` +
    `${String(s.threads).padStart(7)}  ${String(s.acked).padStart(8)}  ` +
    `${String(Math.round((s.acked - lastAcked) / SAMPLE_S)).padStart(6)}  ` +
    `${String(reads).padStart(6)}  ${String(readsSince ? Math.round(readMs / readsSince) : 0).padStart(7)}  ` +
    `${String(load.unavailable.length).padStart(4)}`);
  readMs = 0;
  readsSince = 0;
  lastAcked = s.acked;
}
stopReading = true;
await Promise.all(readerTasks);
await load.stop();
const code = await srv.stop();

// After the warm-up (caches and pools filling up): the first 15% of
// the run, at least a minute.
const warm = Math.max(60, minutes * 9);
const steady = samples.filter((s) => s.t > warm);
const use = steady.length >= 6 ? steady : samples;
const hours = use.map((s) => s.t / 3600);
const rssSlope = slope(hours, use.map((s) => s.rss));
const fdSlope = slope(hours, use.map((s) => s.fds));
const third = Math.floor(use.length / 3);
const max = (xs, f) => Math.max(...xs.map(f));
const [early, middle, late] = [use.slice(0, third), use.slice(third, 2 * third), use.slice(2 * third)];
const rssFirst = use[0].rss;
const rssLast = use[use.length - 1].rss;
const fdMin = Math.min(...use.map((s) => s.fds));
const fdMax = max(use, (s) => s.fds);
// Flat: memory reaches no new height in the last third of the run beyond
// noise (5% or 2 MiB over the middle third's peak), whatever the slope
// says about a few samples; descriptors never exceed those open before
// any client plus two per connection (its socket and the header
// watchdog's duplicate of it, docs/security.md), with room for a quarter
// of the clients reconnecting at once (the old socket still closing), and
// the last third reaches no new peak beyond the middle third's.
const rssFlat = max(late, (s) => s.rss) <= max(middle, (s) => s.rss) * 1.05 + 2;
const fdCeiling = idle.fds + 2 * (clients + readers);
const fdFlat = fdMax <= fdCeiling + Math.ceil(clients / 4) &&
  max(late, (s) => s.fds) <= max(middle, (s) => s.fds) + 4;
const check = run(['check', '--db', data.db]);
console.log('');
console.log(`summary after ${(samples.at(-1).t / 60).toFixed(1)} min, ${load.acked.size} reports ` +
  `acknowledged (${Math.round(load.acked.size / samples.at(-1).t)} a second), ${reads} reads, ` +
  `${load.unavailable.length} answers 503, ${load.other.length} other answers, ${readErrors} failed reads`);
console.log(`  (from ${(use[0].t / 60).toFixed(1)} min on, after the warm-up)`);
console.log(`  RSS ${rssFirst.toFixed(1)} -> ${rssLast.toFixed(1)} MiB, peaks by thirds ` +
  `${[early, middle, late].map((p) => max(p, (s) => s.rss).toFixed(1)).join(' / ')}, ` +
  `slope ${rssSlope.toFixed(2)} MiB/hour: ${rssFlat ? 'flat' : 'GROWING'}`);
console.log(`  fds ${fdMin}..${fdMax} (${idle.fds} before any client, at most ${fdCeiling} expected), peaks by thirds ` +
  `${[early, middle, late].map((p) => max(p, (s) => s.fds)).join(' / ')}, ` +
  `slope ${fdSlope.toFixed(2)}/hour: ${fdFlat ? 'flat' : 'GROWING'}`);
console.log(`  server exit ${code}; observa check: ${check.stdout.trim() || check.stderr.trim()}`);
process.exit(rssFlat && fdFlat && code === 0 && check.status === 0 && load.other.length === 0 ? 0 : 1);
