// two-servers.test.mjs - two observa servers on one PostgreSQL database
// take the same stream of reports through every channel, request by
// request from either, with retries and deliberate re-sends through the
// other server, and the same reports sent to both at the same moment:
// every acknowledged report is stored exactly once, duplicates are
// acknowledged as such, and a dashboard on one server hears of reports
// taken by the other.  PostgreSQL only (make e2e-pg).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, onPostgres } from './lib.mjs';
import { loadDb, Load, stored, makeReport, judge } from './load-lib.mjs';

const skip = onPostgres ? false
  : 'PostgreSQL only: several servers share a PostgreSQL database (make e2e-pg runs it)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Clients that send each request to the two servers in turn, so a retry
// or a re-send of a report goes to the other server than its first try.
class Both extends Load {
  constructor(servers, ...args) {
    super(...args);
    this.servers = servers;
    this.turn = 0;
    this.url = servers[0].url;
  }

  async post(req) {
    const url = this.servers[this.turn++ % 2].url;
    try {
      const r = await fetch(url + req.path, { method: 'POST', headers: req.headers, body: req.body,
        signal: AbortSignal.timeout(20000) });
      return { status: r.status, text: await r.text() };
    } catch {
      return null;
    }
  }
}

async function send(url, req) {
  const r = await fetch(url + req.path, { method: 'POST', headers: req.headers, body: req.body });
  return { status: r.status, text: await r.text() };
}

describe('two servers on one PostgreSQL database', { skip }, () => {
  let data, a, b;

  before(async () => {
    data = loadDb(200);
    a = await serve(data.db, ['--no-sms-send']);
    b = await serve(data.db, ['--no-sms-send']);
  });
  after(async () => {
    const codes = [await a?.stop(), await b?.stop()];
    assert.deepEqual(codes, [0, 0]);
  });

  test('the same stream through both: every acknowledged report stored once', async () => {
    const load = new Both([a, b], data, { clients: 24 }).start();
    await sleep(4000);
    load.resendLast(); // through the other server, as a client retrying elsewhere
    await sleep(1500);
    await load.stop();
    assert.deepEqual(load.other, [], 'no unexpected answers');
    assert.ok(load.acked.size > 100, `reports acknowledged: ${load.acked.size}`);
    assert.ok(load.resent.length > 0);
    for (const r of load.resent) assert.ok(r.dup, `re-sent ${r.kind} ${r.key} acknowledged as a duplicate`);

    // Reports sent to both servers at the same moment: both answer 2xx,
    // one of them as a duplicate, and one report is stored.
    const raced = [];
    for (let n = 0; n < 30; n++) {
      for (const kind of ['json', 'sms']) {
        // Numbers past the stream's: an SMS text the stream sent from the
        // same phone would rightly count as that report again.
        const req = makeReport(kind, 1000 + n, 100000 + n, data);
        const [ra, rb] = await Promise.all([send(a.url, req), send(b.url, req)]);
        const ja = judge(kind, ra.status, ra.text);
        const jb = judge(kind, rb.status, rb.text);
        assert.ok(ja.ack && jb.ack, `${req.key}: ${ra.status} ${ra.text} / ${rb.status} ${rb.text}`);
        assert.equal([ja.dup, jb.dup].filter(Boolean).length, 1, `${req.key}: one duplicate`);
        raced.push({ kind, key: req.key });
      }
    }

    const db = stored(data.db);
    for (const [key, { kind }] of load.acked) {
      if (kind === 'json') assert.equal(db.json.get(key), 1, `JSON report ${key} stored once`);
      else if (kind === 'odk') assert.equal(db.odk.get(key), 1, `ODK report ${key} stored once`);
      else assert.equal(db.sms.get(key)?.count, 1, `SMS ${key} received once`);
    }
    for (const { kind, key } of raced) {
      if (kind === 'json') assert.equal(db.json.get(key), 1, `raced JSON report ${key} stored once`);
      else assert.equal(db.sms.get(key)?.count, 1, `raced SMS ${key} received once`);
    }
    // Nothing stored that was not acknowledged: every report is one of them.
    assert.equal(db.total, load.acked.size + raced.length);
  });

  test("a dashboard on one server hears of a report taken by the other", async () => {
    const r = await fetch(`${b.url}/api/v1/missions/kz-2023/events`);
    assert.equal(r.status, 200);
    const reader = r.body.getReader();
    let text = '';
    const next = async () => { text += new TextDecoder().decode((await reader.read()).value); };
    while (!/event: hello/.test(text)) await next();
    text = '';
    const req = makeReport('json', 5000, 1, data);
    assert.equal((await send(a.url, req)).status, 201);
    const deadline = Date.now() + 5000;
    while (!/event: change/.test(text) && Date.now() < deadline) {
      await Promise.race([next(), sleep(500)]);
    }
    assert.match(text, /event: change/, 'server B told its dashboard of the report taken by A');
    await reader.cancel();
  });
});
