// hardening.test.mjs - the server against hostile input and hostile
// clients: HTTPS with a certificate made here, the security headers on
// every kind of answer, path traversal on every route that takes a name,
// oversized bodies and headers, a slowloris cut off after the
// timeout, connections per client beyond the limit refused while another
// client is served, connections opened together shared by the worker
// threads, and the rate limit answering 429.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, chmodSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import { ok, run, serve, getJson, tempDir, bin } from './lib.mjs';
import { M, odkDb, credentials, opening, xmlPart, postReport } from './odk-lib.mjs';

const MISSION = '/api/v1/missions/kz-2023';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Headers that authenticate raw requests as the global fetch does, when
// the server hands out a token (accounts); none otherwise.
function auth(srv) {
  return srv.token ? { authorization: `Bearer ${srv.token}` } : {};
}

// Send text as it is on a fresh connection (from localAddress, when
// given) and collect what comes back until the server closes or ms pass.
// Resolves to { text, closed, ms }.
function raw(port, text, { ms = 5000, localAddress } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    let got = '';
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ text: got, closed, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(false), ms);
    s.on('data', (d) => { got += d.toString('latin1'); });
    s.on('end', () => finish(true));
    s.on('close', () => finish(true));
    s.on('error', () => finish(true));
    s.write(text);
  });
}

// The number of sockets in each of process pid's epoll sets
// (/proc/PID/fdinfo lists an epoll descriptor's targets as "tfd:" lines).
function epollSockets(pid) {
  const fdDir = `/proc/${pid}/fd`;
  const link = (fd) => { try { return readlinkSync(`${fdDir}/${fd}`); } catch { return ''; } };
  const counts = [];
  for (const fd of readdirSync(fdDir)) {
    if (link(fd) !== 'anon_inode:[eventpoll]') continue;
    let info = '';
    try { info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'); } catch { continue; }
    const targets = [...info.matchAll(/^tfd:\s*(\d+)/gm)].map((m) => m[1]);
    counts.push(targets.filter((t) => link(t).startsWith('socket:')).length);
  }
  return counts;
}

// A GET with a raw target, exactly as written (no normalisation of "..").
async function rawGet(srv, target, opts = {}) {
  const port = new URL(srv.url).port;
  const hdrs = Object.entries(auth(srv)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const r = await raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${hdrs}` +
    'Connection: close\r\n\r\n', opts);
  const status = Number((r.text.match(/^HTTP\/1\.[01] (\d{3})/) || [])[1] || 0);
  return { ...r, status };
}

// A database with stations, observers and one ODK report with a photo.
async function seeded() {
  const { dir, db } = odkDb();
  const cred = credentials(db, 'O-01');
  const srv = await serve(db);
  const r = await postReport(`${srv.url}/openrosa/${cred.token}/submission`, [
    xmlPart(opening({ station: 'S-001' }).xml),
    { name: 'photo.jpg', filename: 'photo.jpg', type: 'image/jpeg', body: Buffer.from('JPEGDATA') },
  ]);
  assert.equal(r.status, 201, r.text);
  const list = await getJson(`${srv.url}${MISSION}/submissions`);
  assert.equal(list.status, 200);
  return { dir, db, cred, srv, id: list.body.items[0].id };
}

describe('security headers and path traversal', () => {
  let s;
  before(async () => { s = await seeded(); });
  after(async () => { await s.srv.stop(); });

  test('every answer carries the security headers; no HSTS over plain HTTP', async () => {
    const targets = ['/healthz', `${MISSION}`, `${MISSION}/nothing-here`, '/no/such/path',
      `${MISSION}/submissions/${s.id}/attachments/photo.jpg`, `/openrosa/${s.cred.token}/formList`];
    for (const t of targets) {
      const r = await fetch(`${s.srv.url}${t}`);
      await r.arrayBuffer();
      const h = r.headers;
      assert.equal(h.get('x-content-type-options'), 'nosniff', t);
      assert.equal(h.get('referrer-policy'), 'no-referrer', t);
      assert.equal(h.get('x-frame-options'), 'DENY', t);
      assert.equal(h.get('cache-control'), 'no-store', t);
      const csp = h.get('content-security-policy');
      assert.match(csp, /default-src 'self'/, t);
      assert.match(csp, /script-src 'self'/, t);
      assert.match(csp, /frame-ancestors 'none'/, t);
      assert.doesNotMatch(csp, /unsafe-inline/, t);
      assert.equal(h.get('strict-transport-security'), null, t);
    }
    // A proxy that ended TLS says so: HSTS then.
    const r = await fetch(`${s.srv.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(r.headers.get('strict-transport-security'), 'max-age=31536000');
  });

  test('path traversal on every route that takes a name is refused', async () => {
    const good = await rawGet(s.srv, `${MISSION}/submissions/${s.id}/attachments/photo.jpg`);
    assert.equal(good.status, 200, 'the control request works');
    assert.match(good.text, /JPEGDATA/);
    const evil = ['..', '%2e%2e', '%2E%2E', '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5c..%5cetc%5cpasswd', '%252e%252e%252fetc',
      'photo.jpg%00.png', '%00', '..%00', '%c0%ae%c0%ae', '/etc/passwd', '%2fetc%2fpasswd',
      '....//....//etc/passwd', '../../../../../../etc/passwd'];
    const routes = [
      (x) => `${MISSION}/submissions/${s.id}/attachments/${x}`,
      (x) => `${MISSION}/submissions/${x}`,
      (x) => `${MISSION}/documents/${x}`,
      (x) => `${MISSION}/meetings/${x}`,
      (x) => `${MISSION}/forms/${x}`,
      (x) => `${MISSION}/locations/${x}`,
      (x) => `${MISSION}/observers/${x}`,
      (x) => `${MISSION}/export/${x}`,
      (x) => `/api/v1/missions/${x}`,
      (x) => `/openrosa/${s.cred.token}/forms/${x}`,
      (x) => `/openrosa/${s.cred.token}/manifests/${x}`,
      (x) => `/openrosa/m/${x}/formList`,
      (x) => `/${x}`,
      (x) => `/static/${x}`,
    ];
    for (const route of routes) {
      for (const x of evil) {
        const target = route(x);
        const r = await rawGet(s.srv, target);
        assert.ok([400, 401, 404].includes(r.status),
          `${target}: ${r.status} ${r.text.slice(0, 200)}`);
        assert.doesNotMatch(r.text, /root:x?:0:0|\[boot loader\]/, target);
      }
    }
    // The server is still up and unharmed.
    assert.equal((await getJson(`${s.srv.url}/healthz`)).status, 200);
  });
});

// SQL injection in every query parameter: injection.test.mjs.

describe('limits: bodies, headers, slow clients, connections, rates', () => {
  test('an oversized body is 413; an oversized head is 431 or the connection closed', async () => {
    const { db } = odkDb();
    const srv = await serve(db);
    try {
      // A client still sending its body reads the 413 rather than a reset
      // connection, every time: the body is read and dropped first.
      const big = Buffer.alloc(2 << 20, 0x20);
      for (let i = 0; i < 10; i++) {
        const r = await fetch(`${srv.url}${MISSION}/submissions`, { method: 'POST', body: big,
          headers: { 'content-type': 'application/json' } });
        assert.equal(r.status, 413);
        assert.match((await r.json()).error, /larger than 1048576 bytes/);
      }
      const port = new URL(srv.url).port;
      // A body announced far past the cap is answered at once and the
      // connection closed, without reading it.
      const huge = await raw(port, `POST ${MISSION}/submissions HTTP/1.1\r\nHost: x\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{');
      assert.ok(huge.closed, 'the connection is closed');
      assert.match(huge.text, /^HTTP\/1\.1 413/);
      // A head within the 16 KiB (docs/security.md) is served.
      const fits = await fetch(`${srv.url}/healthz`, { headers: { 'x-big': 'a'.repeat(12000) } });
      assert.equal(fits.status, 200);
      const head = await raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100000)}\r\n\r\n`);
      assert.ok(head.closed, 'the connection is closed');
      assert.ok(/^HTTP\/1\.1 431/.test(head.text) || head.text === '', head.text.slice(0, 100));
      // Many headers, each small, add up the same way.
      const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${'v'.repeat(20)}\r\n`).join('');
      const h2 = await raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\n${many}\r\n`);
      assert.ok(h2.closed && !/^HTTP\/1\.1 200/.test(h2.text), h2.text.slice(0, 100));
      assert.equal((await getJson(`${srv.url}/healthz`)).status, 200);
    } finally {
      await srv.stop();
    }
  });

  test('a slowloris is cut off after --timeout while others are served', async () => {
    const { db } = odkDb();
    const srv = await serve(db, ['--timeout', '2']);
    try {
      const port = Number(new URL(srv.url).port);
      const t0 = Date.now();
      const closed = new Promise((resolve) => {
        const s = net.connect({ port, host: '127.0.0.1' });
        s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        // One header line a second: never idle long enough for an idle
        // timeout, never done.
        const drip = setInterval(() => { if (!s.destroyed) s.write(`X-Drip-${Date.now()}: 1\r\n`); }, 1000);
        let got = '';
        s.on('data', (d) => { got += d; });
        s.on('error', () => {});
        s.on('close', () => { clearInterval(drip); resolve({ ms: Date.now() - t0, got }); });
        setTimeout(() => { clearInterval(drip); s.destroy(); }, 15000);
      });
      // Meanwhile another client is served.
      await sleep(500);
      assert.equal((await getJson(`${srv.url}/healthz`)).status, 200);
      const r = await closed;
      assert.ok(r.ms >= 1500 && r.ms < 6000, `cut after ${r.ms} ms`);
      assert.doesNotMatch(r.got, /HTTP\/1\.1 200/);
      // An idle connection that never sends a byte goes the same way.
      const idle = await raw(port, '', { ms: 10000 });
      assert.ok(idle.closed && idle.ms < 6000, `idle cut after ${idle.ms} ms`);
    } finally {
      await srv.stop();
    }
  });

  test('connections beyond the per-client limit are refused; another client is served', async () => {
    const { db } = odkDb();
    const srv = await serve(db, ['--max-connections-per-client', '4', '--timeout', '20']);
    const port = Number(new URL(srv.url).port);
    const held = [];
    try {
      for (let i = 0; i < 4; i++) {
        const s = net.connect({ port, host: '127.0.0.1' });
        await new Promise((r) => s.on('connect', r));
        s.on('error', () => {});
        held.push(s);
      }
      await sleep(300);
      // A fifth connection from the same address gets no answer.
      const fifth = await rawGet(srv, '/healthz', { ms: 3000 });
      assert.equal(fifth.status, 0, fifth.text.slice(0, 100));
      assert.ok(fifth.closed, 'the fifth connection is closed');
      // Another address (the whole of 127/8 is loopback) is served.
      const other = await rawGet(srv, '/healthz', { localAddress: '127.0.0.2' });
      assert.equal(other.status, 200, other.text.slice(0, 100));
      // Once one is let go, the first address is served again.
      held.pop().destroy();
      await sleep(300);
      assert.equal((await rawGet(srv, '/healthz')).status, 200);
    } finally {
      for (const s of held) s.destroy();
      await srv.stop();
    }
  });

  test('connections that open together are shared evenly by the worker threads', async () => {
    const { db } = odkDb();
    const srv = await serve(db, ['--threads', '2']);
    const port = Number(new URL(srv.url).port);
    const n = 32;
    const held = [];
    try {
      // All connect at once, as a gateway's or a benchmark's clients do,
      // then each is answered once, so that a worker has taken it.
      const socks = await Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
        const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
        s.on('error', () => {});
        held.push(s);
      })));
      await Promise.all(socks.map((s) => new Promise((resolve) => {
        let got = '';
        s.on('data', (d) => { got += d; if (got.includes('\r\n\r\n')) resolve(); });
        s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      })));
      await sleep(200);
      // Each worker thread polls its own connections in an epoll set of its
      // own: count the sockets in each.
      const perWorker = epollSockets(srv.proc.pid);
      assert.equal(perWorker.length, 2, `two worker threads' epoll sets: ${perWorker}`);
      // Handed out in turn: 16 and 16.
      for (const k of perWorker) assert.ok(k >= (3 * n) / 8, `connections per worker: ${perWorker}`);
      assert.equal(perWorker[0] + perWorker[1], n, `every connection is polled once: ${perWorker}`);
    } finally {
      for (const s of held) s.destroy();
      await srv.stop();
    }
  });

  test('a client past its rate gets 429 with Retry-After; other clients do not', async () => {
    // The bucket gets a request back every half second.  When the host
    // is so slow that the requests below take longer than that and one
    // came back meanwhile, the run is made again on a fresh server (three
    // times at most); the answers are then checked as they came.
    for (let attempt = 1; ; attempt++) {
      const { db } = odkDb();
      const srv = await serve(db, ['--rate-limit', '2', '--rate-burst', '5', '--rate-limit-loopback']);
      try {
        const t0 = Date.now();
        const statuses = [];
        const refused = [];
        for (let i = 0; i < 8; i++) {
          const r = await fetch(`${srv.url}/healthz`);
          await r.arrayBuffer();
          statuses.push(r.status);
          if (r.status === 429) refused.push(r.headers);
        }
        // The API too, for a request without credentials (its address's
        // bucket); a token would have a bucket of its own.
        const api = await fetch(`${srv.url}${MISSION}`, { noAuth: true });
        const apiBody = await api.text();
        const expected = statuses.join(' ') === '200 200 200 200 200 429 429 429' && api.status === 429;
        if (!expected && Date.now() - t0 > 450 && attempt < 3) continue;
        for (const h of refused) {
          assert.ok(Number(h.get('retry-after')) >= 1);
          assert.equal(h.get('x-content-type-options'), 'nosniff');
        }
        assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
        assert.ok(statuses.slice(5).every((x) => x === 429), statuses.join(' '));
        assert.equal(api.status, 429);
        assert.match(JSON.parse(apiBody).error, /too many requests/);
        // Another address, and another credential, have buckets of their own.
        const other = await rawGet(srv, '/healthz', { localAddress: '127.0.0.3' });
        assert.equal(other.status, 200);
        const port = new URL(srv.url).port;
        const cred = await raw(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n' +
          'Authorization: Bearer another-client\r\nConnection: close\r\n\r\n');
        assert.doesNotMatch(cred.text, /^HTTP\/1\.1 429/);
        // Tokens come back with time: 2 a second.
        await sleep(1100);
        assert.equal((await getJson(`${srv.url}/healthz`)).status, 200);
        return;
      } finally {
        await srv.stop();
      }
    }
  });

  test('by default loopback clients are not rate limited (benchmarks, a local proxy)', async () => {
    const { db } = odkDb();
    const srv = await serve(db);
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const one = () => new Promise((resolve, reject) => {
        http.get(`${srv.url}/healthz`, { agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); })
          .on('error', reject);
      });
      const statuses = [];
      for (let i = 0; i < 75; i++) statuses.push(...await Promise.all(Array.from({ length: 8 }, one)));
      agent.destroy();
      assert.equal(statuses.length, 600);
      assert.ok(statuses.every((x) => x === 200), 'more than the default burst of 500, all 200');
    } finally {
      await srv.stop();
    }
  });

  test('limit options out of range are usage errors', () => {
    const { db } = odkDb();
    for (const args of [['--timeout', '0'], ['--max-connections', '0'],
      ['--max-connections-per-client', 'x'], ['--rate-limit', '-1'], ['--rate-burst', '0'],
      ['--tls-cert', 'a.pem']]) {
      const r = run(['serve', '--db', db, '--port', '0', ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});

// Start "observa serve" over TLS; resolves to { url, port, stop, stderr }.
function serveTls(db, cert, key) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ['serve', '--db', db, '--bind', '127.0.0.1', '--port', '0',
      '--tls-cert', cert, '--tls-key', key], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (c) => {
      err += c;
      const m = err.match(/on (https?):\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        resolve({ scheme: m[1], port: Number(m[2]), url: `https://127.0.0.1:${m[2]}`,
          stderr: () => err,
          // 'close': its standard error read to the end, not only exited.
          stop: () => new Promise((res) => { proc.on('close', (code) => res(code)); proc.kill('SIGTERM'); }) });
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

function httpsGet(url, ca) {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        text: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}

describe('HTTPS', () => {
  const dir = tempDir();
  const openssl = spawnSync('openssl', ['version']).status === 0;
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const otherKey = join(dir, 'other-key.pem');
  const self = (k, c) => spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes',
    '-keyout', k, '-out', c, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { encoding: 'utf8' });

  test('serves HTTPS with a self-signed certificate; HSTS over TLS', { skip: !openssl && 'openssl is missing' }, async () => {
    assert.equal(self(key, cert).status, 0);
    assert.equal(self(otherKey, join(dir, 'other-cert.pem')).status, 0);
    chmodSync(key, 0o600);
    const { db } = odkDb();
    const srv = await serveTls(db, cert, key);
    try {
      assert.equal(srv.scheme, 'https', 'the start message gives the https:// URL');
      const ca = readFileSync(cert);
      const r = await httpsGet(`${srv.url}/healthz`, ca);
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.text).status, 'ok');
      assert.equal(r.headers['strict-transport-security'], 'max-age=31536000');
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      const m = await httpsGet(`${srv.url}${MISSION}`, ca);
      assert.ok([200, 401].includes(m.status), m.text);
      // Without the certificate as a trusted CA, the client refuses.
      await assert.rejects(httpsGet(`${srv.url}/healthz`, undefined));
      // Plain HTTP on the TLS port gets no HTTP answer.
      const plain = await raw(srv.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', { ms: 3000 });
      assert.doesNotMatch(plain.text, /^HTTP\/1\.1 200/);
    } finally {
      assert.equal(await srv.stop(), 0);
    }
  });

  test('a missing, empty or mismatched certificate or key is refused plainly', { skip: !openssl && 'openssl is missing' }, () => {
    const { db } = odkDb();
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, '');
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello\n');
    const cases = [
      [[cert, join(dir, 'missing.pem')], /key .*missing\.pem: No such file/],
      [[join(dir, 'missing.pem'), key], /certificate .*missing\.pem: No such file/],
      [[empty, key], /empty/],
      [[notPem, key], /no PEM certificate/],
      [[cert, notPem], /no PEM private key/],
      [[cert, otherKey], /is not the key of the certificate/],
    ];
    for (const [[c, k], re] of cases) {
      const r = run(['serve', '--db', db, '--port', '0', '--tls-cert', c, '--tls-key', k], { timeout: 20000 });
      assert.equal(r.status, 1, `${c} ${k}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /serving/);
    }
  });
});
