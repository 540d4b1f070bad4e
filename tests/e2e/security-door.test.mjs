// security-door.test.mjs - what stops an attacker at the door: wrong ODK
// PINs counted per observer code and per address (429, and the right PIN
// working again once the lock is over), an unknown mission or stale
// credentials answered as a wrong PIN is, the client's address taken from
// X-Forwarded-For only behind a trusted proxy (sign-in and PIN throttles,
// rate limits, the audit), a body dripped byte by byte cut off, a real
// API token driven into 429, the session cookie Secure over observa's
// own TLS, --max-connections, no password printed by a second serve, and
// no plaintext token in the database file.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import https from 'node:https';
import { ok, bin, serve, missionDb, tempDir, rawFetch, dbExec, sqliteOnly } from './lib.mjs';
import { odkDb, credentials, request, orMessage, assertCleanExit } from './odk-lib.mjs';
import { accountsDb, signIn, as, PASSWORD } from './auth-lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const md5 = (s) => createHash('md5').update(s).digest('hex');
const PATH = '/openrosa/m/kz-2023';

// ---- HTTP Digest as ODK Collect does it ----

function challenge(h) {
  assert.ok(h, 'WWW-Authenticate is missing');
  const p = {};
  for (const m of h.replace(/^Digest /, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    p[m[1]] = m[2] ?? m[3];
  }
  return p;
}

function digest({ user, pin, ch, method = 'GET', uri, nc }) {
  const ha1 = md5(`${user}:${ch.realm}:${pin}`);
  const ncs = nc.toString(16).padStart(8, '0');
  const response = md5(`${ha1}:${ch.nonce}:${ncs}:c0ffee42:auth:${md5(`${method}:${uri}`)}`);
  return `Digest username="${user}", realm="${ch.realm}", nonce="${ch.nonce}", ` +
    `uri="${uri}", algorithm=MD5, qop=auth, nc=${ncs}, cnonce="c0ffee42", ` +
    `response="${response}", opaque="${ch.opaque}"`;
}

// A Digest client of the server at url: ask() fetches a challenge; try_()
// sends a formList with code and pin (and extra headers), a new count
// each time.
function odkClient(url, path = PATH) {
  let ch;
  let nc = 0;
  const uri = `${path}/formList`;
  return {
    async ask(headers = {}) {
      const r = await request(`${url}${uri}`, { headers });
      assert.equal(r.status, 401, r.text);
      ch = challenge(r.headers.get('www-authenticate'));
      nc = 0;
      return r;
    },
    try_(user, pin, headers = {}) {
      nc += 1;
      return request(`${url}${uri}`, { headers: { ...headers,
        authorization: digest({ user, pin, ch, uri, nc }) } });
    },
  };
}

const wrongPin = (pin, i = 1) => String((Number(pin) + i) % 1000000).padStart(6, '0');

describe('ODK PINs', () => {
  test('10 wrong PINs lock an observer code (429, Retry-After, even the right PIN); another observer is served; the lock passes', async () => {
    const { db } = odkDb();
    const o1 = credentials(db, 'O-01');
    const o2 = credentials(db, 'O-02');
    // A first lock of 3 s instead of the default 30 (auth.test.mjs), so
    // that the test can wait it out.
    const srv = await serve(db, ['--lock-seconds', '3']);
    try {
      const c = odkClient(srv.url);
      await c.ask();
      for (let i = 1; i <= 10; i++) {
        const r = await c.try_('O-01', wrongPin(o1.pin, i));
        assert.equal(r.status, 401, `wrong PIN ${i}`);
        assert.match(orMessage(r.text).text, /wrong user name or PIN/);
      }
      const locked = await c.try_('O-01', o1.pin);
      assert.equal(locked.status, 429, locked.text);
      const wait = Number(locked.headers.get('retry-after'));
      assert.ok(wait >= 1 && wait <= 3, `Retry-After ${wait}`);
      assert.match(orMessage(locked.text).text, /too many wrong PINs: try again in \d+ seconds/);
      // The operator sees whose PIN is being guessed.
      assert.match(srv.stderr(), /odk: too many wrong PINs for odk:kz-2023:o-01: locked for 3 s/);
      // The code is locked whatever its case; another observer is not.
      assert.equal((await c.try_('o-01', o1.pin)).status, 429);
      assert.equal((await c.try_('O-02', o2.pin)).status, 200);
      // Once the lock is over, the right PIN works, and clears the count.
      await sleep((wait + 1) * 1000);
      assert.equal((await c.try_('O-01', o1.pin)).status, 200);
      assert.equal((await c.try_('O-01', wrongPin(o1.pin))).status, 401);
      assert.equal((await c.try_('O-01', o1.pin)).status, 200);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('an unknown observer code locks after as many wrong PINs as a known one: nothing to tell them apart', async () => {
    const { db } = odkDb();
    const srv = await serve(db);
    try {
      const c = odkClient(srv.url);
      await c.ask();
      const seen = { known: [], unknown: [] };
      for (let i = 1; i <= 11; i++) {
        const k = await c.try_('O-03', String(i).padStart(6, '0'));
        const u = await c.try_('NOBODY', String(i).padStart(6, '0'));
        seen.known.push(k.status);
        seen.unknown.push(u.status);
        // The lock's seconds left may tick between the two answers.
        const seconds = /try again in (\d+) seconds/;
        const wait = (r) => Number((r.text.match(seconds) || [])[1] || 0);
        assert.ok(Math.abs(wait(k) - wait(u)) <= 1, `attempt ${i}: ${k.text} / ${u.text}`);
        assert.equal(k.text.replace(seconds, ''), u.text.replace(seconds, ''), `attempt ${i}`);
      }
      assert.deepEqual(seen.known, [...Array(10).fill(401), 429]);
      assert.deepEqual(seen.unknown, seen.known);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('50 wrong PINs from one address lock it for every observer code', async () => {
    const { db } = odkDb();
    const o3 = credentials(db, 'O-03');
    const srv = await serve(db);
    try {
      const c = odkClient(srv.url);
      await c.ask();
      for (let i = 0; i < 50; i++) {
        // Five codes, ten each would lock the codes too: spread over 50.
        const r = await c.try_(`X-${i}`, '123456');
        assert.equal(r.status, 401, `attempt ${i}`);
      }
      const r = await c.try_('O-03', o3.pin);
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('an unknown mission and credentials made before Digest are answered as a wrong PIN', async () => {
    const { db } = odkDb();
    const o1 = credentials(db, 'O-01');
    const o2 = credentials(db, 'O-02');
    dbExec(db, 'UPDATE observer_credential SET digest_ha1 = NULL WHERE observer_id = ' +
      "(SELECT id FROM observer WHERE code = 'O-02')");
    const srv = await serve(db);
    try {
      // Without credentials: a known and an unknown mission get the same
      // 401 and challenge, but for the realm, which is the mission's.
      const known = odkClient(srv.url);
      const unknown = odkClient(srv.url, '/openrosa/m/nowhere');
      const k = await known.ask();
      const u = await unknown.ask();
      assert.equal(u.text, k.text);
      const norm = (h) => h.replace(/nonce="[^"]*"/, '').replace(/opaque="[^"]*"/, '')
        .replace(/realm="[^"]*"/, '');
      assert.equal(norm(u.headers.get('www-authenticate')), norm(k.headers.get('www-authenticate')));
      assert.match(u.headers.get('www-authenticate'), /realm="observa nowhere"/);
      // With a PIN: the same answer for an unknown mission, an observer of
      // old credentials, and a wrong PIN.
      const a = await unknown.try_('O-01', o1.pin);
      const b = await known.try_('O-02', o2.pin);
      const c = await known.try_('O-01', wrongPin(o1.pin));
      for (const r of [a, b, c]) {
        assert.equal(r.status, 401);
        assert.match(r.headers.get('www-authenticate'), /^Digest realm="observa (kz-2023|nowhere)"/);
      }
      assert.equal(a.text, c.text);
      assert.equal(b.text, c.text);
      assert.doesNotMatch(b.text, /renew|before/);
      // The operator is told why in the log.
      assert.match(srv.stderr(), /observer O-02 of mission kz-2023 has credentials made before/);
      // Nothing can be a mission of another shape: that is plainly 404.
      assert.equal((await request(`${srv.url}/openrosa/m/Not_A_Code/formList`)).status, 404);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });
});

// ---- behind a reverse proxy ----

describe('behind a reverse proxy (--trusted-proxy)', () => {
  const xff = (a) => ({ 'x-forwarded-for': a });

  test('without it, X-Forwarded-For is ignored: 20 failures from one proxy lock everyone behind it', async () => {
    const { db } = accountsDb();
    const srv = await serve(db);
    try {
      for (let i = 0; i < 20; i++) {
        assert.equal((await signIn(srv.url, `someone-${i}`, 'guess', xff(`203.0.113.${i}`))).status, 401);
      }
      assert.equal((await signIn(srv.url, 'viewer-user', PASSWORD, xff('198.51.100.7'))).status, 429);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('with it, each forwarded client counts alone, whatever it writes to the left', async () => {
    const { db } = accountsDb();
    const srv = await serve(db, ['--trusted-proxy', '10.9.9.9', '--trusted-proxy', '127.0.0.1/32,::1']);
    try {
      for (let i = 0; i < 20; i++) {
        // The attacker writes a new address of its own each time; the
        // proxy appends the real one.
        const r = await signIn(srv.url, `someone-${i}`, 'guess', xff(`192.0.2.${i}, 203.0.113.1`));
        assert.equal(r.status, 401, `attempt ${i}`);
      }
      assert.equal((await signIn(srv.url, 'viewer-user', PASSWORD, xff('203.0.113.1'))).status, 429);
      // Another client behind the same proxy signs in.
      const other = await signIn(srv.url, 'viewer-user', PASSWORD, xff('198.51.100.7'));
      assert.equal(other.status, 200);
      // Through two proxies, both trusted: the client is left of them.
      assert.equal((await signIn(srv.url, 'clerk-user', PASSWORD,
        xff('203.0.113.1, 10.9.9.9'))).status, 429);
      assert.equal((await signIn(srv.url, 'clerk-user', PASSWORD,
        xff('198.51.100.8, 10.9.9.9'))).status, 200);
      // The audit says where the sign-in came from.
      const audit = JSON.parse(ok(['audit', '--db', db, '--format', 'json']).stdout);
      const origins = audit.filter((a) => a.entity === 'session').map((a) => a.origin).sort();
      assert.deepEqual(origins, ['198.51.100.7', '198.51.100.8']);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('rate limits and the PIN throttle count the forwarded client, not the proxy', async () => {
    const { db } = odkDb();
    const o1 = credentials(db, 'O-01');
    const plain = await serve(db, ['--rate-limit', '1', '--rate-burst', '3']);
    try {
      // Without a trusted proxy a loopback client is not counted at all.
      for (let i = 0; i < 6; i++) {
        const r = await rawFetch(`${plain.url}/healthz`, { headers: xff('203.0.113.1') });
        assert.equal(r.status, 200);
      }
    } finally {
      assertCleanExit(await plain.stop(), plain.stderr());
    }
    const srv = await serve(db, ['--rate-limit', '1', '--rate-burst', '3', '--trusted-proxy', '127.0.0.1']);
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await rawFetch(`${srv.url}/healthz`, { headers: xff('203.0.113.1') })).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.equal((await rawFetch(`${srv.url}/healthz`, { headers: xff('203.0.113.2') })).status, 200);
      // A request from the proxy itself, without the header, is not counted.
      assert.equal((await rawFetch(`${srv.url}/healthz`)).status, 200);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
    const odk = await serve(db, ['--trusted-proxy', '127.0.0.1']);
    try {
      const c = odkClient(odk.url);
      await c.ask();
      for (let i = 0; i < 50; i++) {
        assert.equal((await c.try_(`X-${i}`, '123456', xff('203.0.113.1'))).status, 401);
      }
      assert.equal((await c.try_('O-01', o1.pin, xff('203.0.113.1'))).status, 429);
      assert.equal((await c.try_('O-01', o1.pin, xff('203.0.113.2'))).status, 200);
    } finally {
      assertCleanExit(await odk.stop(), odk.stderr());
    }
  });

  test('a bad --trusted-proxy is a usage error', () => {
    const { db } = missionDb();
    for (const bad of ['proxy.example.org', '10.0.0.0/33', '1.2.3']) {
      const r = spawnSync(bin, ['serve', '--db', db, '--port', '0', '--trusted-proxy', bad],
        { encoding: 'utf8', timeout: 10000 });
      assert.equal(r.status, 2, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /--trusted-proxy: trusted proxy ".*": not an IPv4 or IPv6 address/);
    }
  });
});

// ---- slow bodies ----

// Open a connection, send head, then the body's bytes one at a time every
// ms; resolves to { ms, got, closed } when the server closes or gives up
// after limit ms.
function drip(port, head, body, every, limit) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = net.connect({ port, host: '127.0.0.1' });
    let got = '';
    let i = 0;
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(stop);
      s.destroy();
      resolve({ ms: Date.now() - t0, got, closed });
    };
    s.write(head);
    const timer = setInterval(() => {
      if (i < body.length && !s.destroyed) s.write(body.subarray(i, i + 1));
      i += 1;
    }, every);
    const stop = setTimeout(() => finish(false), limit);
    s.on('data', (d) => { got += d.toString('latin1'); });
    s.on('error', () => finish(true));
    s.on('close', () => finish(true));
  });
}

describe('slow bodies', () => {
  test('a body dripped at a byte a second is cut after --timeout; others are served; a slow but steady body is not', async () => {
    const { db } = missionDb();
    const srv = await serve(db, ['--timeout', '2']);
    try {
      const port = Number(new URL(srv.url).port);
      const head = 'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
      const cut = drip(port, head, Buffer.alloc(100000, 0x20), 1000, 15000);
      await sleep(500);
      const r = await rawFetch(`${srv.url}/healthz`);
      assert.equal(r.status, 200);
      const c = await cut;
      assert.ok(c.closed, 'the connection was closed');
      assert.ok(c.ms >= 1500 && c.ms < 6000, `cut after ${c.ms} ms`);
      assert.doesNotMatch(c.got, /^HTTP\/1\.1 [24]/);
      // 16 KiB at about 4 KiB a second takes twice the timeout, and is
      // read to the end and answered.
      const body = Buffer.from(JSON.stringify({ user: 'nobody', password: 'not this one',
        pad: 'x'.repeat(16 * 1024) }));
      const steady = await new Promise((resolve) => {
        const t0 = Date.now();
        const s = net.connect({ port, host: '127.0.0.1' });
        let got = '';
        let off = 0;
        s.write('POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
        const timer = setInterval(() => {
          if (s.destroyed) return;
          s.write(body.subarray(off, off + 512));
          off += 512;
          if (off >= body.length) clearInterval(timer);
        }, 125);
        s.on('data', (d) => { got += d.toString('latin1'); });
        s.on('error', () => {});
        s.on('close', () => { clearInterval(timer); resolve({ ms: Date.now() - t0, got }); });
      });
      assert.ok(steady.ms > 3000, `took ${steady.ms} ms`);
      assert.match(steady.got, /^HTTP\/1\.1 401/);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });
});

// ---- limits, tokens, TLS, the first admin ----

describe('limits and credentials', () => {
  test('a real API token past its rate gets 429 with Retry-After; another token does not', async () => {
    const { db, tokens } = accountsDb();
    const srv = await serve(db, ['--rate-limit', '1', '--rate-burst', '3', '--rate-limit-loopback']);
    try {
      const statuses = [];
      let retry = null;
      for (let i = 0; i < 5; i++) {
        const r = await as(tokens.viewer, `${srv.url}/api/v1/missions/kz-2023`);
        await r.arrayBuffer();
        statuses.push(r.status);
        if (r.status === 429) retry = r.headers.get('retry-after');
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.ok(Number(retry) >= 1, retry);
      const other = await as(tokens.analyst, `${srv.url}/api/v1/missions/kz-2023`);
      assert.equal(other.status, 200);
      // The bucket fills again.
      await sleep(1100 * Number(retry));
      assert.equal((await as(tokens.viewer, `${srv.url}/api/v1/missions/kz-2023`)).status, 200);
    } finally {
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('--max-connections: past the total, new connections are closed; once one ends, served again', async () => {
    const { db } = missionDb();
    const srv = await serve(db, ['--max-connections', '3', '--timeout', '20']);
    const port = Number(new URL(srv.url).port);
    const held = [];
    const get = (localAddress) => new Promise((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1', localAddress });
      let got = '';
      const timer = setTimeout(() => s.destroy(), 3000);
      s.on('data', (d) => { got += d; });
      s.on('error', () => {});
      s.on('close', () => { clearTimeout(timer); resolve(got); });
      s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    });
    try {
      // Three connections from three addresses: the per-client limit is
      // not what refuses the fourth.
      for (const a of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) {
        const s = net.connect({ port, host: '127.0.0.1', localAddress: a });
        await new Promise((r) => s.on('connect', r));
        s.on('error', () => {});
        held.push(s);
      }
      await sleep(300);
      assert.equal(await get('127.0.0.5'), '', 'the fourth connection gets no answer');
      held.pop().destroy();
      await sleep(300);
      assert.match(await get('127.0.0.5'), /^HTTP\/1\.1 200/);
    } finally {
      for (const s of held) s.destroy();
      assertCleanExit(await srv.stop(), srv.stderr());
    }
  });

  test('the session cookie is Secure over observa\'s own TLS', async (t) => {
    if (spawnSync('openssl', ['version']).status !== 0) return t.skip('openssl is missing');
    const dir = tempDir();
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt',
      'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    chmodSync(key, 0o600);
    const { db } = accountsDb();
    const proc = spawn(bin, ['serve', '--db', db, '--bind', '127.0.0.1', '--port', '0',
      '--tls-cert', cert, '--tls-key', key], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((res) => proc.on('exit', (code, signal) => res(code ?? signal)));
    let err = '';
    try {
      const port = await new Promise((resolve, reject) => {
        proc.stderr.setEncoding('utf8');
        proc.stderr.on('data', (c) => {
          err += c;
          const m = err.match(/on https:\/\/127\.0\.0\.1:(\d+)\//);
          if (m) resolve(m[1]);
        });
        proc.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      const body = JSON.stringify({ user: 'viewer-user', password: PASSWORD });
      const r = await new Promise((resolve, reject) => {
        const req = https.request(`https://127.0.0.1:${port}/api/v1/session`, {
          method: 'POST', ca: readFileSync(cert),
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        }, (res) => {
          res.resume();
          res.on('end', () => resolve(res));
        });
        req.on('error', reject);
        req.end(body);
      });
      assert.equal(r.statusCode, 200);
      const cookie = r.headers['set-cookie'][0];
      assert.match(cookie, /^observa_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure/);
      // No proxy said https: it is observa's TLS that makes it Secure.
      assert.equal(r.headers['strict-transport-security'], 'max-age=31536000');
    } finally {
      proc.kill('SIGTERM');
      assertCleanExit(await exited, err);
    }
  });

  test('a second serve on a database that has users makes none and prints no password', async () => {
    const { db } = missionDb();
    const start = () => new Promise((resolve, reject) => {
      const proc = spawn(bin, ['serve', '--db', db, '--bind', '127.0.0.1', '--port', '0'],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      let serving = false;
      proc.stderr.setEncoding('utf8');
      proc.stderr.on('data', (c) => {
        err += c;
        if (!serving && /serving .* on http:\/\//.test(err)) {
          serving = true;
          proc.kill('SIGTERM');
        }
      });
      proc.on('exit', (code, signal) => {
        if (!serving) return reject(new Error(`exited ${code ?? signal}: ${err}`));
        try {
          assertCleanExit(code, err);
        } catch (e) {
          return reject(e);
        }
        return resolve(err);
      });
    });
    const first = await start();
    assert.match(first, /made user "admin" .* with the password\n\n {4}\S+\n/);
    const second = await start();
    assert.doesNotMatch(second, /password|made user/);
    const password = first.match(/with the password\n\n {4}(\S+)\n/)[1];
    assert.ok(!second.includes(password));
    const users = JSON.parse(ok(['user', 'list', '--format', 'json', '--db', db]).stdout);
    assert.deepEqual(users.map((u) => u.name), ['admin']);
  });

  test('the token table holds no plaintext token, in the table or anywhere in the file',
    { skip: sqliteOnly('it reads the database file') }, () => {
      const { db } = missionDb();
      ok(['user', 'add', 'ana', '--role', 'admin', '--password-stdin', '--db', db],
        { input: `${PASSWORD}\n` });
      const made = [];
      for (let i = 0; i < 3; i++) {
        made.push(ok(['token', 'create', '--user', 'ana', '--db', db]).stdout.trim().split('\n').pop());
      }
      const rows = dbExec(db, 'SELECT * FROM api_token');
      assert.equal(rows.trim().split('\n').length, 3, rows);
      const file = db.slice('sqlite:'.length);
      const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
      for (const token of made) {
        assert.ok(token.length >= 32, token);
        assert.ok(!rows.includes(token), 'the token is in the table');
        // Nor its secret part, should it carry a prefix.
        const secret = token.slice(-32);
        assert.ok(!bytes.includes(Buffer.from(secret)), 'the token is in the database file');
      }
      // Each row is told apart by a hash of the token, not the token.
      const hashes = dbExec(db, 'SELECT hash FROM api_token').trim().split('\n');
      assert.equal(new Set(hashes).size, 3);
    });
});
