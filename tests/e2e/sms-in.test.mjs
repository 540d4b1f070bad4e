// sms-in.test.mjs - inbound SMS end to end over HTTP: the generic
// webhook's secret (none set, wrong, right), reports of channel "sms",
// an observer's phone flooding one text and a gateway retrying one id
// many times at once, refused messages and their replies (one SMS each)
// kept in the inbox, unknown numbers, replies in Russian, bytes that are
// not UTF-8, an incident's local time, Twilio's signed webhook answered
// with TwiML, the inbox API and 'observa sms log' agreeing, 'observa sms
// parse' storing nothing, replies reaching an outbound gateway, and a
// message left unread by a stop read when the server starts again.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { ok, run, missionDb, serve, getJson, writeFile, dbExec } from './lib.mjs';

const M = ['--mission', 'kz-2023'];
const TWILIO_TOKEN = 'twilio-inbound-token-e2e';

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
  '15-0123,Station 123,station,ALM',
  '15-0124,Station 124,station,ALM',
].join('\n') + '\n';

const phone = (n) => `+7701444${String(n).padStart(4, '0')}`;
const STRANGER = '+77019998877';

// O-02 reads Russian, O-03 gave no language; the others English.
const OBSERVERS = ['code,full_name,phone,languages'];
for (let i = 1; i <= 8; i++) {
  const lang = i === 2 ? 'ru' : i === 3 ? '' : 'en';
  OBSERVERS.push(`O-0${i},Observer ${i},${phone(i)},${lang}`);
}

const OP = 'OP 15-0123 A1 B0745 C1 D1 E1 F1 G1 H0 I0 J1 K0 Z4';
const VO = 'VO 15-0123 A1 B1 C0 D0 E0 F0 G1 H0 I1 J0 K1 L1 M1840 N912 Z3';

// ---- one SMS ----

// GSM 03.38: the basic set and the characters of the extension table,
// which take two septets.
const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXT = '\f^{}\\[~]|€';

// { gsm7, units, fits }: septets when every character is in GSM-7, else
// UTF-16 code units; one SMS holds 160 septets or 70 units.
function smsSize(text) {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.includes(ch)) septets += 1;
    else if (GSM7_EXT.includes(ch)) septets += 2;
    else return { gsm7: false, units: text.length, fits: text.length <= 70 };
  }
  return { gsm7: true, units: septets, fits: septets <= 160 };
}

function assertOneSms(text) {
  const s = smsSize(text);
  assert.ok(s.fits, `${JSON.stringify(text)}: ${s.units} ${s.gsm7 ? 'septets' : 'UCS-2 units'}`);
}

// ---- helpers ----

async function until(what, fn, ms = 40000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function post(url, body, headers = {}) {
  const r = await fetch(url, { method: 'POST', body, headers });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, text, body: json, type: r.headers.get('content-type') };
}

const form = (url, fields, headers) => post(url, new URLSearchParams(fields), headers);

async function list(url) {
  const r = await getJson(url);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
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

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// A gateway taking outbound messages: every request's fields.
function fakeGateway() {
  const requests = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `out-${++n}` }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      requests,
      close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
    }));
  });
}

function smsDb() {
  const { dir, db } = missionDb();
  ok(['import', 'locations', writeFile(dir, 'l.csv', LOCATIONS), '--db', db, ...M]);
  ok(['import', 'observers', writeFile(dir, 'o.csv', OBSERVERS.join('\n') + '\n'),
    '--db', db, ...M]);
  return { dir, db };
}

// ---- the webhooks ----

describe('inbound SMS through the webhooks', () => {
  let gw, srv, db, dir, api, hook, secret;
  const send = (fields) => form(hook, { secret, ...fields });

  before(async () => {
    ({ db, dir } = smsDb());
    gw = await fakeGateway();
    ok(['sms', 'gateway', '--db', db, ...M, '--kind', 'generic', '--url', `${gw.url}/send`,
      '--twilio-token-file', writeFile(dir, 'token', TWILIO_TOKEN + '\n')]);
    srv = await serve(db, [], FAST);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    hook = `${srv.url}/sms/generic/kz-2023`;
  });
  // The gateway closes first: a server that failed must not leave it
  // holding the test process open.
  after(async () => {
    const code = srv ? await srv.stop() : 0;
    if (gw) await gw.close();
    if (srv) assertCleanExit(code, srv.stderr());
  });

  test('no secret set, a wrong or missing one: 403 and nothing stored', async () => {
    let r = await form(hook, { from: phone(1), text: OP, secret: 'guess' });
    assert.equal(r.status, 403);
    assert.match(r.body.error, /no SMS secret yet \(observa sms secret --mission kz-2023\)/);

    const out = ok(['sms', 'secret', '--db', db, ...M]).stdout.trim().split('\n');
    secret = out[out.length - 1];
    assert.match(secret, /^[A-Za-z0-9_-]{32}$/);
    // Shown once: asking again without --renew is refused.
    const again = run(['sms', 'secret', '--db', db, ...M]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /cannot be shown again/);

    r = await form(hook, { from: phone(1), text: OP, secret: 'guess' });
    assert.equal(r.status, 403);
    assert.match(r.body.error, /not the mission's SMS secret/);
    r = await form(hook, { from: phone(1), text: OP });
    assert.equal(r.status, 403);
    // A body that is not a form is refused before anything is read.
    r = await post(hook, JSON.stringify({ from: phone(1), text: OP, secret }),
      { 'content-type': 'application/json' });
    assert.equal(r.status, 415);
    r = await form(`${srv.url}/sms/generic/xx-1999`, { from: phone(1), text: OP, secret });
    assert.equal(r.status, 404);
    assert.equal((await list(`${api}/sms/inbox`)).total, 0);
    assert.equal((await list(`${api}/submissions`)).total, 0);
  });

  test('the right secret: accepted, a report of channel sms', async () => {
    let r = await send({ from: phone(1), text: OP, id: 'gw-1',
      timestamp: '2023-03-19T07:46:10+06:00' });
    assert.equal(r.status, 200, r.text);
    const b = r.body;
    assert.equal(b.status, 'accepted');
    assert.equal(b.observer, 'O-01');
    assert.deepEqual(b.problems, []);
    assert.ok(b.message > 0 && b.submission > 0);
    assert.equal(b.reply, `OP 15-0123: received, 12 answers, report ${b.submission}. Thank you.`);
    assert.equal(b.duplicate_of, undefined);

    const subs = await list(`${api}/submissions?channel=sms`);
    assert.equal(subs.total, 1);
    const [sub] = subs.items;
    assert.equal(sub.id, b.submission);
    assert.equal(sub.channel, 'sms');
    assert.equal(sub.form, 'OP');
    assert.equal(sub.station, '15-0123');
    assert.equal(sub.observer, 'O-01');
    assert.equal(sub.observed_at, '2023-03-19T07:46:10+06:00');
    const one = await list(`${api}/submissions/${b.submission}`);
    assert.deepEqual(one.answers, { A: 1, B: '07:45', C: 1, D: 1, E: 1, F: 1, G: 1, H: 0,
      I: 0, J: 1, K: 0, Z: 4 });

    // A time the gateway writes its own way: the time of receipt instead.
    const before = new Date(Math.floor(Date.now() / 1000) * 1000);
    r = await send({ from: phone(1), text: VO, timestamp: 'Sun Mar 19 07:46 2023' });
    assert.equal(r.body.status, 'accepted');
    const vo = await list(`${api}/submissions/${r.body.submission}`);
    assert.ok(new Date(vo.observed_at) >= before, vo.observed_at);
    assert.ok(new Date(vo.observed_at) <= new Date(), vo.observed_at);

    // What a gateway must send.
    r = await send({ text: OP });
    assert.equal(r.status, 400);
    assert.match(r.body.error, /from/);
    r = await send({ from: phone(1) });
    assert.equal(r.status, 400);
    assert.match(r.body.error, /text/);
  });

  test('one text 50 times at once from one phone: one report', async () => {
    const text = 'CO 15-0124 A1 B1 C1 D1 E1 F1 G1 H0 I1 J1 K0 L0 M0 Z4';
    const answers = await Promise.all(Array.from({ length: 50 },
      () => send({ from: phone(4), text })));
    assert.ok(answers.every((r) => r.status === 200));
    const accepted = answers.filter((r) => r.body.status === 'accepted');
    const dups = answers.filter((r) => r.body.status === 'duplicate');
    assert.equal(accepted.length, 1);
    assert.equal(dups.length, 49);
    const first = accepted[0].body;
    for (const d of dups) {
      assert.equal(d.body.duplicate_of, first.message);
      // The report, unless the first was still being read.
      assert.ok(d.body.submission === first.submission || d.body.submission === null);
    }
    assert.equal((await list(`${api}/submissions?observer=O-04`)).total, 1);
    // Every message kept, each linked to the one report in the end.
    const inbox = await list(`${api}/sms/inbox?phone=${encodeURIComponent(phone(4))}&limit=100`);
    assert.equal(inbox.total, 50);
    assert.ok(inbox.items.every((m) => m.submission === first.submission));
    assert.equal(inbox.items.filter((m) => m.status === 'duplicate').length, 49);
    // One reply only.
    const out = await list(`${api}/sms/outbox?phone=${encodeURIComponent(phone(4))}`);
    assert.equal(out.total, 1);
    assert.equal(out.items[0].reply_to, first.message);
  });

  test('one gateway id 20 times at once: one message', async () => {
    const text = 'VO 15-0124 A1 B1 C0 D0 E0 F0 G1 H0 I1 J0 K1 L1 M1200 N700 Z4';
    const answers = await Promise.all(Array.from({ length: 20 },
      () => send({ from: phone(5), text, id: 'gw-race' })));
    assert.ok(answers.every((r) => r.status === 200));
    const ids = new Set(answers.map((r) => r.body.message));
    assert.equal(ids.size, 1);
    assert.equal(answers.filter((r) => r.body.status === 'accepted').length, 1);
    assert.equal(answers.filter((r) => r.body.status === 'duplicate').length, 19);
    const first = answers.find((r) => r.body.status === 'accepted').body;
    for (const r of answers) {
      assert.equal(r.body.submission, first.submission);
      assert.equal(r.body.reply, first.reply);
    }
    const inbox = await list(`${api}/sms/inbox?phone=${encodeURIComponent(phone(5))}`);
    assert.equal(inbox.total, 1);
    assert.equal(inbox.items[0].gateway_id, 'gw-race');
    assert.equal(inbox.items[0].status, 'accepted');
    assert.equal((await list(`${api}/submissions?observer=O-05`)).total, 1);
    assert.equal((await list(`${api}/sms/outbox?phone=${encodeURIComponent(phone(5))}`)).total, 1);
  });

  test('a refused message: every problem in one SMS, kept in the inbox', async () => {
    const text = 'OP 15-0123 A7 Q5 Z4';
    let r = await send({ from: phone(7), text });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'rejected');
    assert.equal(r.body.submission, null);
    assert.deepEqual(r.body.problems.map((p) => p.kind), ['out_of_range', 'unknown_tag']);
    assert.equal(r.body.reply,
      'OP 15-0123 not accepted: A: 7 out of range 0-1; unknown tag Q. ' +
      'Please correct it and send it again.');
    assertOneSms(r.body.reply);
    const received = await list(`${api}/received`);
    const kept = received.items.find((i) => i.raw === text);
    assert.ok(kept, JSON.stringify(received));
    assert.equal(kept.channel, 'sms');
    assert.equal(kept.observer, 'O-07');
    assert.deepEqual(kept.problems.map((p) => p.kind), ['out_of_range', 'unknown_tag']);
    // The command line names each problem once.
    const cli = ok(['submission', 'received', '--db', db, ...M]).stdout;
    assert.match(cli, /^ {2}problem {2}A: 7 out of range 0-1$/m);
    assert.match(cli, /^ {2}problem {2}unknown tag Q$/m);

    // Many problems still make one SMS, the rest counted.
    const many = 'OP 15-0123 A5 B2500 C9 D7 E8 F6 G5 H4 I3 J2 K9 Q1 R2 S3 T4 U5 W6 Z9 да нет';
    r = await send({ from: phone(7), text: many });
    assert.equal(r.body.status, 'rejected');
    assert.ok(r.body.problems.length > 15);
    assertOneSms(r.body.reply);
    assert.match(r.body.reply, /; \+\d+$/);
    // So does one in Russian.
    r = await send({ from: phone(2), text: many });
    assert.equal(r.body.status, 'rejected');
    assert.match(r.body.reply, /^OP 15-0123 не принято: /);
    assertOneSms(r.body.reply);
    // A station the mission does not have is found by validation.
    r = await send({ from: phone(7), text: 'OP 99-9999 A1 Z4' });
    assert.equal(r.body.status, 'rejected');
    assert.match(r.body.reply, /unknown station 99-9999/);
    // An unknown form: the reply lists the mission's forms, read only
    // for such a reply.
    r = await send({ from: phone(7), text: 'XX 15-0123 A1' });
    assert.equal(r.body.status, 'rejected');
    assert.match(r.body.reply, /^Not accepted: unknown form XX \(CO IN OP PR TA VO\)\./);
    assert.equal((await list(`${api}/received`)).total, received.total + 4);
  });

  test('an unknown number: unknown_sender, answered', async () => {
    const r = await send({ from: STRANGER, text: OP });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'unknown_sender');
    assert.equal(r.body.observer, null);
    assert.equal(r.body.submission, null);
    // In Kazakhstan, Russian.
    assert.match(r.body.reply, /^Номер не зарегистрирован в миссии/);
    assertOneSms(r.body.reply);
    const out = await list(`${api}/sms/outbox?phone=${encodeURIComponent(STRANGER)}`);
    assert.equal(out.total, 1);
    assert.equal(out.items[0].observer, null);
  });

  test('the reply language: the observer\'s, else the country\'s', async () => {
    let r = await send({ from: phone(2), text: 'CO 15-0123 A1 Z4' });
    assert.equal(r.body.status, 'accepted');
    assert.equal(r.body.reply, `CO 15-0123: принято, ответов: 2, отчёт № ${r.body.submission}. Спасибо!`);
    assertOneSms(r.body.reply);
    // No language given, in a Russian-reading country: Russian.
    r = await send({ from: phone(3), text: 'CO 15-0123 A1 Z4' });
    assert.match(r.body.reply, /: принято, /);
    // English for an English reader, even for Cyrillic text.
    r = await send({ from: phone(8), text: 'СО 15-0123 А1 Z4' });
    assert.equal(r.body.status, 'accepted');
    assert.match(r.body.reply, /: received, 2 answers/);
  });

  test('bytes that are not UTF-8 are stored and answered', async () => {
    const body = `from=${encodeURIComponent(phone(3))}&text=OP+15-0123+A1+%FF%FE+Z4` +
      `&id=bytes-1&secret=${encodeURIComponent(secret)}`;
    let r = await post(hook, body, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'rejected');
    assert.deepEqual(r.body.problems.map((p) => p.kind), ['stray_text']);
    assert.ok(r.body.reply.length > 0);
    assertOneSms(r.body.reply);
    const inbox = await list(`${api}/sms/inbox?phone=${encodeURIComponent(phone(3))}`);
    const m = inbox.items.find((i) => i.gateway_id === 'bytes-1');
    assert.equal(m.text, 'OP 15-0123 A1 ?? Z4');
    assert.equal(m.status, 'rejected');
    // Nothing but such bytes, and a lone percent sign.
    r = await post(hook, `from=${encodeURIComponent(phone(3))}&text=%C0%80%ED%A0%80%&secret=` +
      encodeURIComponent(secret), { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'rejected');
  });

  test('an incident\'s time left out is local time (utc_offset)', async () => {
    ok(['mission', 'update', 'kz-2023', '--db', db, '--set', 'utc_offset=+06:00']);
    const hhmm = (d) => new Date(d.getTime() + 6 * 3600e3).toISOString().slice(11, 16);
    const before = hhmm(new Date());
    const r = await send({ from: phone(1), text: 'IN 15-0123 4 # Voters paid at the entrance' });
    const after = hhmm(new Date());
    assert.equal(r.body.status, 'accepted');
    const sub = await list(`${api}/submissions/${r.body.submission}`);
    assert.ok([before, after].includes(sub.answers.D), `${sub.answers.D} not ${before}`);
    assert.equal(sub.answers.C, 'Voters paid at the entrance');
  });

  test('Twilio: signed, answered with TwiML, nothing queued', async () => {
    const url = `${srv.url}/sms/twilio/kz-2023`;
    const twilio = (fields, sig = twilioSignature(TWILIO_TOKEN, url, fields)) =>
      form(url, fields, { 'x-twilio-signature': sig });
    const fields = { MessageSid: 'SM0001', AccountSid: 'AC0001', From: phone(6),
      To: '+15005550006', Body: 'OP 15-0124 A1 B0800 Z3 # R&D <ok>' };
    let r = await twilio(fields);
    assert.equal(r.status, 200, r.text);
    assert.match(r.type, /xml/);
    const msg = r.text.match(/<Response><Message>(.*)<\/Message><\/Response>/s);
    assert.ok(msg, r.text);
    const inbox = await list(`${api}/sms/inbox?phone=${encodeURIComponent(phone(6))}`);
    assert.equal(inbox.total, 1);
    const [m] = inbox.items;
    assert.equal(m.gateway, 'twilio');
    assert.equal(m.gateway_id, 'SM0001');
    assert.equal(m.status, 'accepted');
    assert.equal(unxml(msg[1]), m.reply);
    assert.match(m.reply, /^OP 15-0124: received, 3 answers, report \d+\. Thank you\.$/);
    // Twilio sends the reply itself: nothing is queued for it.
    assert.equal((await list(`${api}/sms/outbox?phone=${encodeURIComponent(phone(6))}`)).total, 0);

    // Twilio retrying the same message gets the same reply, stored once.
    r = await twilio(fields);
    assert.equal(r.status, 200);
    assert.equal(unxml(r.text.match(/<Message>(.*)<\/Message>/s)[1]), m.reply);
    // The observer sending it again: acknowledged, not answered again.
    r = await twilio({ ...fields, MessageSid: 'SM0002' });
    assert.equal(r.status, 200);
    assert.match(r.text, /<Response><\/Response>/);
    assert.equal((await list(`${api}/sms/inbox?phone=${encodeURIComponent(phone(6))}`)).total, 2);
    assert.equal((await list(`${api}/submissions?observer=O-06`)).total, 1);

    // Signatures that do not match change nothing.
    r = await twilio({ ...fields, MessageSid: 'SM0003' }, twilioSignature('not-it', url, fields));
    assert.equal(r.status, 403);
    r = await form(url, { ...fields, MessageSid: 'SM0004' });
    assert.equal(r.status, 403);
    // Signed for other fields than those sent.
    r = await twilio({ ...fields, MessageSid: 'SM0005' }, twilioSignature(TWILIO_TOKEN, url, fields));
    assert.equal(r.status, 403);
    assert.equal((await list(`${api}/sms/inbox?phone=${encodeURIComponent(phone(6))}`)).total, 2);

    // A reply quoting what the observer typed is escaped as XML.
    r = await twilio({ ...fields, MessageSid: 'SM0006', Body: 'VO 15-0124 Z3 <RST> & UVW' });
    assert.equal(r.status, 200);
    const quoted = r.text.match(/<Response><Message>(.*)<\/Message><\/Response>/s);
    assert.ok(quoted && !/[<>]/.test(quoted[1]), r.text);
    const refused = (await list(`${api}/sms/inbox?phone=${encodeURIComponent(phone(6))}`))
      .items[0];
    assert.equal(refused.status, 'rejected');
    assert.match(refused.reply, /not understood: RST> & UVW/);
    assert.equal(unxml(quoted[1]), refused.reply);
    assert.equal((await list(`${api}/sms/outbox?phone=${encodeURIComponent(phone(6))}`)).total, 0);
  });

  test('the inbox lists every message with its status, and filters', async () => {
    const all = await list(`${api}/sms/inbox?limit=1000`);
    const statuses = new Set(all.items.map((m) => m.status));
    for (const s of ['accepted', 'rejected', 'duplicate', 'unknown_sender'])
      assert.ok(statuses.has(s), s);
    assert.equal(all.total, all.items.length);
    // Newest first.
    const ids = all.items.map((m) => m.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    for (const s of statuses) {
      const some = await list(`${api}/sms/inbox?status=${s}&limit=1000`);
      assert.equal(some.total, all.items.filter((m) => m.status === s).length, s);
      assert.ok(some.items.every((m) => m.status === s));
    }
    const page = await list(`${api}/sms/inbox?limit=2&offset=1`);
    assert.deepEqual(page.items.map((m) => m.id), ids.slice(1, 3));
    const none = await list(`${api}/sms/inbox?status=received`);
    assert.equal(none.total, 0);
    let r = await getJson(`${api}/sms/inbox?status=lost`);
    assert.equal(r.status, 400);
    r = await getJson(`${srv.url}/api/v1/missions/xx-1999/sms/inbox`);
    assert.equal(r.status, 404);
    // Every reply stored fits one SMS.
    for (const m of all.items) if (m.reply) assertOneSms(m.reply);
  });

  test('\'observa sms log\' agrees with the API', async () => {
    const apiItems = (await list(`${api}/sms/inbox?limit=1000`)).items;
    const cli = JSON.parse(ok(['sms', 'log', '--db', db, ...M, '--format', 'json']).stdout);
    assert.equal(cli.total, apiItems.length);
    assert.deepEqual(cli.items, apiItems);
    const rejected = JSON.parse(ok(['sms', 'log', '--db', db, ...M, '--status', 'rejected',
      '--format', 'json']).stdout);
    assert.deepEqual(rejected.items, apiItems.filter((m) => m.status === 'rejected'));
    const text = ok(['sms', 'log', '--db', db, ...M, '--phone', phone(7)]).stdout;
    assert.match(text, /^\d+ {2}\S+ {2}\+77014440007 \(O-07\) {2}rejected$/m);
    assert.match(text, /^ {2}< OP 15-0123 A7 Q5 Z4$/m);
  });

  test('\'observa sms parse\' shows the reading and stores nothing', async () => {
    const count = async () => [(await list(`${api}/sms/inbox`)).total,
      (await list(`${api}/submissions`)).total, (await list(`${api}/sms/outbox`)).total];
    const was = await count();
    const r = JSON.parse(ok(['sms', 'parse', '--db', db, ...M, '--from', phone(1),
      'pr 15-0123 A1840 B1900 C30 D1200 E50 F620 G50 H1230 I20 J1260 K0 L0',
      '--format', 'json']).stdout);
    assert.equal(r.status, 'accepted');
    assert.equal(r.message, null);
    assert.equal(r.submission, null);
    assert.equal(r.reading.form, 'PR');
    assert.equal(r.reading.answers.H, 1230);
    const text = ok(['sms', 'parse', '--db', db, ...M, '--from', phone(1), 'OP 15-0123 A7 Z4'])
      .stdout;
    assert.match(text, /^status: {3}rejected$/m);
    assert.match(text, /^problem: {2}A: 7 out of range 0-1$/m);
    assert.match(text, /^reply: {4}OP 15-0123 not accepted: /m);
    assert.deepEqual(await count(), was);
  });

  test('replies queued by the webhook reach the outbound gateway', async () => {
    const inbox = (await list(`${api}/sms/inbox?limit=1000`)).items;
    // Answered, except repeats; Twilio's answered in its TwiML.
    const answered = inbox.filter((m) => m.gateway !== 'twilio' && m.status !== 'duplicate');
    const out = await until('every reply to be sent', async () => {
      const items = (await list(`${api}/sms/outbox?limit=1000`)).items;
      return items.length === answered.length &&
        items.every((m) => m.status === 'sent') && items;
    });
    assert.deepEqual(out.map((m) => m.reply_to).sort((a, b) => a - b),
      answered.map((m) => m.id).sort((a, b) => a - b));
    const byId = new Map(inbox.map((m) => [m.id, m]));
    for (const m of out) {
      assert.equal(m.kind, 'reply');
      const req = gw.requests.find((r) => r.id === String(m.id));
      assert.ok(req, `reply ${m.id} never reached the gateway`);
      assert.equal(req.to, byId.get(m.reply_to).phone);
      assert.equal(req.text, byId.get(m.reply_to).reply);
    }
    assert.ok(!gw.requests.some((r) => r.to === phone(6)));
  });
});

// ---- a stop between storing and reading ----

describe('a message left unread by a stop', () => {
  test('is read when the server starts, once', async () => {
    const { db } = smsDb();
    let srv = await serve(db);
    assertCleanExit(await srv.stop(), srv.stderr());
    assert.doesNotMatch(srv.stderr(), /left unread/);

    // As the first job leaves it: stored raw, status "received".
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    dbExec(db, "INSERT INTO sms_in (mission_id, gateway, gateway_id, phone, text," +
      " received_at, text_key, status) VALUES ((SELECT id FROM mission WHERE code =" +
      " 'kz-2023'), 'generic', 'left-1', '" + phone(1) + "', '" + OP + "'," +
      " '" + now + "', '', 'received')");

    srv = await serve(db);
    const api = `${srv.url}/api/v1/missions/kz-2023`;
    await until('the start to be reported', () =>
      /observa: read 1 SMS left unread by the last stop/.test(srv.stderr()));
    const inbox = await list(`${api}/sms/inbox`);
    assert.equal(inbox.total, 1);
    const [m] = inbox.items;
    assert.equal(m.gateway_id, 'left-1');
    assert.equal(m.status, 'accepted');
    assert.equal(m.observer, 'O-01');
    assert.ok(m.submission > 0);
    assert.match(m.reply, /^OP 15-0123: received, 12 answers/);
    const sub = await list(`${api}/submissions/${m.submission}`);
    assert.equal(sub.channel, 'sms');
    assert.equal(sub.observer, 'O-01');
    const out = await list(`${api}/sms/outbox`);
    assert.equal(out.total, 1);
    assert.equal(out.items[0].reply_to, m.id);
    assertCleanExit(await srv.stop(), srv.stderr());

    // A second start has nothing left to read.
    srv = await serve(db);
    assertCleanExit(await srv.stop(), srv.stderr());
    assert.doesNotMatch(srv.stderr(), /left unread/);
  });
});
