// sms-out.test.mjs - outbound SMS end to end: a fake gateway on loopback
// that fails now and then (500, 429, a dropped connection, an answer too
// late, a refusal), broadcasts queued through the command line and the
// API, texts longer than one SMS only when allowed, every message
// reaching the gateway and acknowledged once, the outbox's attempts and
// statuses, delivery reports (generic with the webhook secret, Twilio
// with its signature), a Twilio-kind gateway's request, a mission
// without a gateway, and a server killed while sends were in flight,
// whose messages go out after the stale period.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { ok, run, missionDb, serve, getJson, writeFile } from './lib.mjs';

const M = ['--mission', 'kz-2023'];
const GW_SECRET = 'gateway-bearer-7f3a';
const HOOK_SECRET = 'webhook-secret-19c2';
const TWILIO_SID = 'AC00000000000000000000000000000e2e';
const TWILIO_TOKEN = 'twilio-auth-token-e2e-0001';

// Fast clocks for the sender (docs/sms-gateways.md).
const FAST = {
  OBSERVA_SMS_POLL_SECONDS: '1',
  OBSERVA_SMS_RETRY_SECONDS: '1',
  OBSERVA_SMS_TIMEOUT_SECONDS: '2',
  OBSERVA_SMS_STALE_SECONDS: '3',
};

const LOCATIONS = [
  'code,name,level,parent',
  'KZ,Kazakhstan,country,',
  'ALM,Almaty region,region,KZ',
  'S-001,Station 1,station,ALM',
  'AST,Astana,city,KZ',
  'S-002,Station 2,station,AST',
].join('\n') + '\n';

const phone = (n) => `+7701555${String(n).padStart(4, '0')}`;

// Teams: A and B for the generic gateway, C for the killed server, T for
// Twilio.  O-05 and O-09 have no number.
const OBSERVERS = ['code,full_name,phone,team,accreditation_status'];
for (let i = 1; i <= 13; i++) {
  const team = i <= 5 ? 'A' : i <= 9 ? 'B' : i <= 12 ? 'C' : 'T';
  const number = i === 5 || i === 9 ? '' : phone(i);
  OBSERVERS.push(`O-${String(i).padStart(2, '0')},Observer ${i},${number},${team},accredited`);
}

// ---- a fake gateway ----

// behaviour(req) says what to do with the n-th request for one message:
// 'ok', '500', '429', '400', 'drop' (close the connection), 'slow' (answer
// long after the sender gave up), 'hang' (answer only when released).
function fakeGateway(behaviour) {
  const requests = []; // every request: { path, fields, headers, at, outcome }
  const acked = new Map(); // key -> times acknowledged
  const hung = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const fields = Object.fromEntries(new URLSearchParams(body));
      const twilio = req.url.includes('/Messages.json');
      const key = twilio ? fields.To : fields.id;
      const seen = requests.filter((r) => r.key === key).length;
      const outcome = behaviour({ key, fields, seen, twilio });
      const r = { key, path: req.url, fields, headers: req.headers, at: Date.now(), outcome };
      requests.push(r);
      const answer = (status, json) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (outcome === 'ok') {
        const id = twilio ? `SM${String(++n).padStart(32, '0')}` : `gw-${++n}`;
        r.gatewayId = id;
        acked.set(key, (acked.get(key) || 0) + 1);
        answer(twilio ? 201 : 200, twilio ? { sid: id, status: 'queued' } : { id });
      } else if (outcome === '500') {
        answer(500, { error: 'the gateway is down' });
      } else if (outcome === '429') {
        answer(429, { error: 'slow down' });
      } else if (outcome === '400') {
        answer(400, { error: 'not a mobile number' });
      } else if (outcome === 'drop') {
        req.socket.destroy();
      } else if (outcome === 'slow') {
        setTimeout(() => { if (!res.destroyed) answer(200, { id: 'too-late' }); }, 4000);
      } else if (outcome === 'hang') {
        hung.push(res);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        requests,
        acked,
        set: (b) => { behaviour = b; },
        close: () => new Promise((r) => {
          for (const h of hung) h.destroy();
          server.closeAllConnections();
          server.close(r);
        }),
      });
    });
  });
}

// ---- helpers ----

async function until(what, fn, ms = 40000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function outbox(api, query = '') {
  const r = await getJson(`${api}/sms/outbox?limit=1000${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

const settled = (items) => items.length > 0 &&
  items.every((m) => m.status !== 'queued' && m.status !== 'sending');

function form(url, fields, headers = {}) {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), headers })
    .then(async (r) => ({ status: r.status, body: await r.json() }));
}

// Twilio's signature, computed here from its definition.
function twilioSignature(token, url, fields) {
  const text = url + Object.keys(fields).sort().map((k) => k + fields[k]).join('');
  return createHmac('sha1', token).update(text).digest('base64');
}

function assertCleanExit(code, stderr) {
  assert.equal(code, 0, `exit ${code}; stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, /LeakSanitizer|AddressSanitizer|runtime error/);
}

function smsDb() {
  const { dir, db } = missionDb();
  ok(['import', 'locations', writeFile(dir, 'l.csv', LOCATIONS), '--db', db, ...M]);
  ok(['import', 'observers', writeFile(dir, 'o.csv', OBSERVERS.join('\n') + '\n'),
    '--db', db, ...M]);
  ok(['import', 'assignments', writeFile(dir, 'a.csv',
    'observer,station,day\nO-01,S-001,2023-03-19\nO-06,S-002,2023-03-19\n'),
  '--db', db, ...M]);
  return { dir, db };
}

// ---- a generic gateway that fails now and then ----

describe('outbound SMS through a generic gateway', () => {
  let gw, srv, db, dir, api;
  // The first request for some numbers fails, in every way but one
  // message that is refused each time.
  const firstFails = { [phone(2)]: '500', [phone(3)]: 'drop', [phone(4)]: 'slow',
    [phone(7)]: '429' };
  const behaviour = ({ fields, seen }) => {
    if (fields.to === phone(6)) return '400';
    if (seen === 0 && firstFails[fields.to]) return firstFails[fields.to];
    return 'ok';
  };

  before(async () => {
    ({ db, dir } = smsDb());
    gw = await fakeGateway(behaviour);
    const r = ok(['sms', 'gateway', '--db', db, ...M, '--kind', 'generic', '--url',
      `${gw.url}/send`, '--secret-env', 'GW', '--sender', 'OBSERVA',
      '--webhook-secret-env', 'HOOK', '--twilio-token-file',
      writeFile(dir, 'token', TWILIO_TOKEN + '\n'), '--format', 'json'],
    { env: { GW: GW_SECRET, HOOK: HOOK_SECRET } });
    const shown = JSON.parse(r.stdout);
    assert.equal(shown.outbound_kind, 'generic');
    assert.equal(shown.outbound_secret, true);
    assert.equal(shown.webhook_secret, true);
    // Secrets are never shown.
    assert.ok(!r.stdout.includes(GW_SECRET) && !r.stdout.includes(HOOK_SECRET));
  });
  // The gateway closes first: a server that failed must not leave it
  // holding the test process open.
  after(async () => {
    const code = srv ? await srv.stop() : 0;
    if (gw) await gw.close();
    if (srv) assertCleanExit(code, srv.stderr());
  });

  test('a broadcast from the command line is queued, then sent once each', async () => {
    const dry = ok(['sms', 'broadcast', '--db', db, ...M, '--team', 'A', '--text',
      'Polls open at 8:00. Report by SMS: OP', '--dry-run']);
    assert.match(dry.stdout, /would queue 4 messages of 37 characters/);
    assert.match(dry.stdout, /skipped 1 observer without a phone number: O-05/);
    const r = ok(['sms', 'broadcast', '--db', db, ...M, '--team', 'A', '--text',
      'Polls open at 8:00. Report by SMS: OP', '--format', 'json']);
    assert.deepEqual(JSON.parse(r.stdout),
      { queued: 4, skipped: ['O-05'], characters: 37, parts: 1 });
    // Nothing goes out before a server runs.
    assert.equal(gw.requests.length, 0);

    srv = await serve(db, [], FAST);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    const items = await until('the broadcast to be sent', async () => {
      const it = await outbox(api);
      return settled(it) && it;
    });
    assert.equal(items.length, 4);
    for (const m of items) {
      assert.equal(m.status, 'sent', JSON.stringify(m));
      assert.equal(m.kind, 'broadcast');
      assert.equal(m.last_error, null);
      assert.ok(m.sent_at);
    }
    const by = Object.fromEntries(items.map((m) => [m.phone, m]));
    assert.equal(by[phone(1)].attempts, 1);
    for (const n of [2, 3, 4]) assert.equal(by[phone(n)].attempts, 2, phone(n));
    assert.equal(by[phone(1)].observer, 'O-01');
  });

  test('a broadcast through the API; a refused message ends "failed"', async () => {
    let r = await fetch(`${api}/sms/broadcast`, { method: 'POST',
      body: JSON.stringify({ text: 'Counting starts at 20:00', team: 'B' }) });
    assert.equal(r.status, 202);
    assert.deepEqual(await r.json(),
      { queued: 3, skipped: ['O-09'], characters: 24, parts: 1 });
    const items = await until('the second broadcast to settle', async () => {
      const it = await outbox(api);
      return it.length === 7 && settled(it) && it;
    });
    const by = Object.fromEntries(items.map((m) => [m.phone, m]));
    assert.equal(by[phone(6)].status, 'failed');
    assert.equal(by[phone(6)].attempts, 1);
    assert.equal(by[phone(6)].last_error, 'HTTP 400: not a mobile number');
    assert.equal(by[phone(7)].status, 'sent');
    assert.equal(by[phone(7)].attempts, 2);
    assert.equal(by[phone(8)].status, 'sent');
    assert.equal(by[phone(8)].attempts, 1);
    // Filters of the listing.
    const failed = await outbox(api, '&status=failed');
    assert.deepEqual(failed.map((m) => m.observer), ['O-06']);
    r = await getJson(`${api}/sms/outbox?status=lost`);
    assert.equal(r.status, 400);
    // Bad bodies.
    for (const [body, want] of [
      [{ team: 'A' }, /text/],
      [{ text: ' ' }, /text: must not be empty/],
      [{ text: 'x', status: 'maybe' }, /status/],
      [{ text: 'x', region: 'NOWHERE' }, /region: no location/],
      [{ text: 'x', colour: 'red' }, /unknown field "colour"/],
    ]) {
      r = await fetch(`${api}/sms/broadcast`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match((await r.json()).error, want);
    }
    r = await fetch(`${srv.url}/api/v1/missions/xx-1999/sms/broadcast`,
      { method: 'POST', body: JSON.stringify({ text: 'x' }) });
    assert.equal(r.status, 404);
    // A region: observers assigned below it.
    r = await fetch(`${api}/sms/broadcast`, { method: 'POST',
      body: JSON.stringify({ text: 'Almaty only', region: 'ALM' }) });
    assert.deepEqual(await r.json(), { queued: 1, skipped: [], characters: 11, parts: 1 });
    await until('the region broadcast', async () => {
      const it = await outbox(api);
      return it.length === 8 && settled(it);
    });
  });

  test('a text longer than one SMS only when allowed', async () => {
    // 71 UCS-2 units: one Cyrillic letter makes the whole SMS UCS-2.
    const long = 'Ж' + 'x'.repeat(70);
    let r = await fetch(`${api}/sms/broadcast`, { method: 'POST',
      body: JSON.stringify({ text: long, region: 'ALM' }) });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error, 'text: 71 UCS-2 units, more than one SMS holds ' +
      '(70, as a character outside GSM-7 makes the SMS UCS-2); "allow_long": true ' +
      'sends it as 2 SMS that the phone joins');
    r = await fetch(`${api}/sms/broadcast`, { method: 'POST',
      body: JSON.stringify({ text: long, region: 'ALM', allow_long: 'yes' }) });
    assert.equal(r.status, 400);
    assert.match((await r.json()).error, /allow_long: must be true or false/);
    assert.equal((await outbox(api)).length, 8);
    r = await fetch(`${api}/sms/broadcast`, { method: 'POST',
      body: JSON.stringify({ text: long, region: 'ALM', allow_long: true }) });
    assert.equal(r.status, 202);
    assert.deepEqual(await r.json(), { queued: 1, skipped: [], characters: 71, parts: 2 });
    const items = await until('the long broadcast', async () => {
      const it = await outbox(api);
      return it.length === 9 && settled(it) && it;
    });
    // The gateway gets the whole text, once (checked for every message below).
    assert.equal(items.filter((m) => m.text === long).length, 1);
  });

  test('every message reached the gateway, acknowledged once', async () => {
    const items = await outbox(api);
    for (const m of items) {
      const mine = gw.requests.filter((r) => r.key === String(m.id));
      assert.ok(mine.length >= 1, `message ${m.id} never reached the gateway`);
      // Nothing follows an acknowledgement.
      const okAt = mine.findIndex((r) => r.outcome === 'ok');
      if (m.status === 'sent') {
        assert.equal(gw.acked.get(String(m.id)), 1, `message ${m.id}`);
        assert.equal(okAt, mine.length - 1, `message ${m.id} sent again after its ack`);
        assert.equal(m.gateway_id, mine[okAt].gatewayId);
        assert.equal(m.attempts, mine.length);
      } else {
        assert.equal(gw.acked.get(String(m.id)), undefined);
      }
      for (const r of mine) {
        assert.equal(r.path, '/send');
        assert.equal(r.fields.to, m.phone);
        assert.equal(r.fields.text, m.text);
        assert.equal(r.fields.from, 'OBSERVA');
        assert.equal(r.headers.authorization, `Bearer ${GW_SECRET}`);
        assert.match(r.headers['content-type'], /^application\/x-www-form-urlencoded/);
      }
    }
    // And the gateway saw no message the outbox does not have.
    const ids = new Set(items.map((m) => String(m.id)));
    for (const r of gw.requests) assert.ok(ids.has(r.key), `unknown id ${r.key}`);
    // The log names numbers only in part, and never a message's text.
    const log = srv.stderr();
    assert.match(log, /sms: message \d+ to \+7701\*{5}01 taken by the generic gateway/);
    assert.ok(!log.includes(phone(1)));
    assert.ok(!log.includes('Polls open'));
  });

  test('delivery reports: the webhook secret, then Twilio signatures', async () => {
    const sent = (await outbox(api, '&status=sent')).find((m) => m.phone === phone(1));
    const url = `${srv.url}/sms/generic/kz-2023/status`;
    let r = await form(url, { id: sent.gateway_id, status: 'delivered', secret: 'wrong' });
    assert.equal(r.status, 403);
    r = await form(url, { id: sent.gateway_id, status: 'delivered' });
    assert.equal(r.status, 403);
    let now = (await outbox(api)).find((m) => m.id === sent.id);
    assert.equal(now.status, 'sent');
    r = await form(url, { id: sent.gateway_id, status: 'delivered', secret: HOOK_SECRET });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { id: sent.gateway_id, status: 'delivered', recorded: true });
    now = (await outbox(api)).find((m) => m.id === sent.id);
    assert.equal(now.status, 'delivered');
    r = await form(url, { id: 'gw-none', status: 'delivered', secret: HOOK_SECRET });
    assert.equal(r.status, 404);
    r = await form(url, { id: sent.gateway_id, status: 'read', secret: HOOK_SECRET });
    assert.equal(r.status, 400);
    r = await form(`${srv.url}/sms/generic/xx-1999/status`,
      { id: sent.gateway_id, status: 'delivered', secret: HOOK_SECRET });
    assert.equal(r.status, 404);
    r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: sent.gateway_id }) });
    assert.equal(r.status, 415);

    // Twilio signs the URL it called: here the Host header's, the server
    // having no public URL.
    const other = (await outbox(api, '&status=sent')).find((m) => m.phone === phone(2));
    const turl = `${srv.url}/sms/twilio/kz-2023/status`;
    const fields = { MessageSid: other.gateway_id, MessageStatus: 'undelivered',
      AccountSid: TWILIO_SID, ErrorCode: '30003' };
    r = await form(turl, fields,
      { 'x-twilio-signature': twilioSignature('not-the-token', turl, fields) });
    assert.equal(r.status, 403);
    r = await form(turl, fields);
    assert.equal(r.status, 403);
    now = (await outbox(api)).find((m) => m.id === other.id);
    assert.equal(now.status, 'sent');
    r = await form(turl, fields,
      { 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, turl, fields) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    now = (await outbox(api)).find((m) => m.id === other.id);
    assert.equal(now.status, 'undelivered');
    // A status that changes nothing here is taken without a record.
    const sentOnly = { ...fields, MessageStatus: 'sent' };
    r = await form(turl, sentOnly,
      { 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, turl, sentOnly) });
    assert.equal(r.status, 200);
    assert.equal(r.body.recorded, false);
  });

  test('a mission without a gateway keeps its messages queued', async () => {
    ok(['mission', 'create', 'kg-2024', '--db', db, '--name', 'Kyrgyz election',
      '--election-type', 'parliament', '--election-date', '2024-11-30', '--country', 'KG']);
    ok(['import', 'observers', writeFile(dir, 'kg.csv',
      'code,full_name,phone\nK-01,Kyrgyz Observer,+996555123456\n'),
    '--db', db, '--mission', 'kg-2024']);
    ok(['sms', 'broadcast', '--db', db, '--mission', 'kg-2024', '--text', 'Hello']);
    const kg = `${srv.url}/api/v1/missions/kg-2024`;
    const [m] = await until('the message to be looked at', async () => {
      const it = await outbox(kg);
      return it[0]?.last_error && it;
    });
    assert.equal(m.status, 'queued');
    assert.equal(m.attempts, 0);
    assert.equal(m.last_error, 'no outbound gateway configured');
    assert.ok(!gw.requests.some((r) => r.fields.to === '+996555123456'));
  });
});

// ---- Twilio ----

describe('outbound SMS through Twilio (a fake of its API)', () => {
  let gw, srv, db, dir, api;
  const PUBLIC = 'https://observa.example.org/base';

  before(async () => {
    ({ db, dir } = smsDb());
    gw = await fakeGateway(() => 'ok');
    ok(['sms', 'gateway', '--db', db, ...M, '--kind', 'twilio', '--url', gw.url,
      '--user', TWILIO_SID, '--secret-file', writeFile(dir, 'tw', TWILIO_TOKEN),
      '--sender', '+15005550006']);
    srv = await serve(db, ['--public-url', `${PUBLIC}/`], FAST);
    api = `${srv.url}/api/v1/missions/kz-2023`;
  });
  // The gateway closes first: a server that failed must not leave it
  // holding the test process open.
  after(async () => {
    const code = srv ? await srv.stop() : 0;
    if (gw) await gw.close();
    if (srv) assertCleanExit(code, srv.stderr());
  });

  test('the request has Twilio\'s path, Basic auth and fields', async () => {
    const r = await fetch(`${api}/sms/broadcast`, { method: 'POST',
      body: JSON.stringify({ text: 'Явка 8:00 — reply OP', team: 'T' }) });
    assert.equal(r.status, 202);
    const [m] = await until('the message to be sent', async () => {
      const it = await outbox(api);
      return settled(it) && it;
    });
    assert.equal(m.status, 'sent');
    assert.equal(gw.requests.length, 1);
    const [req] = gw.requests;
    assert.equal(req.path, `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    assert.equal(req.headers.authorization,
      'Basic ' + Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64'));
    assert.deepEqual(req.fields, { To: phone(13), From: '+15005550006',
      Body: 'Явка 8:00 — reply OP',
      StatusCallback: `${PUBLIC}/sms/twilio/kz-2023/status` });
    assert.equal(m.gateway_id, req.gatewayId);
  });

  test('status callbacks are checked against the public URL', async () => {
    const [m] = await outbox(api);
    const path = '/sms/twilio/kz-2023/status';
    const fields = { MessageSid: m.gateway_id, MessageStatus: 'delivered',
      AccountSid: TWILIO_SID, To: m.phone, From: '+15005550006' };
    // Signed for the server's own address: not the URL Twilio called.
    let r = await form(`${srv.url}${path}`, fields,
      { 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, `${srv.url}${path}`, fields) });
    assert.equal(r.status, 403);
    r = await form(`${srv.url}${path}`, fields,
      { 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, `${PUBLIC}${path}`, fields) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [now] = await outbox(api);
    assert.equal(now.status, 'delivered');
  });
});

// ---- a server killed while sending ----

describe('a server killed while messages are "sending"', () => {
  let gw, db;

  before(async () => {
    ({ db } = smsDb());
    gw = await fakeGateway(() => 'hang');
    ok(['sms', 'gateway', '--db', db, ...M, '--kind', 'generic', '--url', `${gw.url}/send`]);
  });
  after(async () => { await gw.close(); });

  test('its messages are sent after the stale period, once each', async () => {
    ok(['sms', 'broadcast', '--db', db, ...M, '--team', 'C', '--text', 'Stay at your station']);
    // A long time-out: the send is still waiting when the server dies.
    let srv = await serve(db, [], { ...FAST, OBSERVA_SMS_TIMEOUT_SECONDS: '60' });
    let api = `${srv.url}/api/v1/missions/kz-2023`;
    const sending = await until('a message to be in flight', async () => {
      const it = await outbox(api);
      return gw.requests.length === 1 && it.find((m) => m.status === 'sending');
    });
    srv.proc.kill('SIGKILL');
    await new Promise((r) => srv.proc.on('exit', r));
    assert.equal(gw.acked.size, 0);

    gw.set(() => 'ok');
    srv = await serve(db, [], FAST);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    const items = await until('all to be sent', async () => {
      const it = await outbox(api);
      return it.length === 3 && it.every((m) => m.status === 'sent') && it;
    });
    const again = gw.requests.filter((r) => r.key === String(sending.id));
    assert.equal(again.length, 2);
    assert.equal(again[0].outcome, 'hang');
    // Not before its stale period was over.
    assert.ok(again[1].at >= Date.parse(sending.next_attempt_at),
      `sent again at ${new Date(again[1].at).toISOString()}, ` +
      `before ${sending.next_attempt_at}`);
    for (const m of items) assert.equal(gw.acked.get(String(m.id)), 1, `message ${m.id}`);
    const redone = items.find((m) => m.id === sending.id);
    assert.equal(redone.attempts, 2); // the interrupted send counts
    assertCleanExit(await srv.stop(), srv.stderr());
  });
});

test('the command line refuses what it cannot use', () => {
  const { db } = smsDb();
  let r = run(['sms', 'gateway', '--db', db, ...M, '--kind', 'twilio', '--user', 'AC1']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /needs --user .* auth token/);
  r = run(['sms', 'gateway', '--db', db, ...M, '--kind', 'generic', '--url', 'ftp://x']);
  assert.equal(r.status, 2);
  r = run(['sms', 'gateway', '--db', db, ...M, '--kind', 'generic', '--url',
    'http://127.0.0.1:9/x', '--secret-env', 'NOT_SET_ANYWHERE']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /NOT_SET_ANYWHERE is not set/);
  r = run(['sms', 'broadcast', '--db', db, ...M, '--text', 'x', '--status', 'maybe']);
  assert.equal(r.status, 2);
  r = run(['sms', 'broadcast', '--db', db, ...M, '--text', 'x', '--region', 'NOWHERE']);
  assert.equal(r.status, 1);
  r = run(['sms', 'broadcast', '--db', db, ...M]);
  assert.equal(r.status, 2);
  // One SMS unless --allow-long: 161 septets, '{' counting two.
  const long = 'Polls open at 8:00 {A}. ' + 'x'.repeat(135);
  r = run(['sms', 'broadcast', '--db', db, ...M, '--text', long]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /text: 161 GSM-7 septets, more than one SMS holds \(160\); --allow-long sends it as 2 SMS that the phone joins/);
  let out = JSON.parse(ok(['sms', 'log', '--db', db, ...M, '--outbox', '--format', 'json']).stdout);
  assert.equal(out.total, 0);
  r = ok(['sms', 'broadcast', '--db', db, ...M, '--team', 'A', '--text', long, '--allow-long']);
  assert.match(r.stdout, /^queued 4 messages of 159 characters, each sent as 2 SMS$/m);
  out = JSON.parse(ok(['sms', 'log', '--db', db, ...M, '--outbox', '--format', 'json']).stdout);
  assert.equal(out.total, 4);
  assert.ok(out.items.every((m) => m.text === long && m.kind === 'broadcast'));
  r = run(['serve', '--db', db, '--public-url', 'ftp://example.org']);
  assert.equal(r.status, 2);
  r = run(['serve', '--db', db, '--port', '0'], { env: { OBSERVA_SMS_POLL_SECONDS: '0' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /OBSERVA_SMS_POLL_SECONDS: must be from 1/);
});
