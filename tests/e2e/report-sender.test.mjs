// report-sender.test.mjs - every report records who sent it and from
// where (sent_by, origin), whatever the channel: a clerk keying in an
// observer's paper form with a token or signed in to the dashboard, an
// observer's own account, ODK credentials, an SMS gateway, and "observa
// submit"; the report's JSON and the long export show them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { ok, serve, writeFile } from './lib.mjs';
import { accountsDb, as, signIn, PASSWORD } from './auth-lib.mjs';
import { opening, xmlPart, postReport, credentials } from './odk-lib.mjs';

const IN = (id, observer, text) => ({ id, form: 'IN', station: 'S-1', observer,
  answers: { A: 1, B: 1, C: text, D: '10:15' } });

// POST a JSON body with the credentials given; { status, body }.
async function post(token, url, body, headers = {}) {
  const r = await as(token, url, { method: 'POST',
    headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: r.status, body: json };
}

// The CSV of an export, as rows of objects keyed by the header.
function csvRows(text) {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

test('a report says which account, observer, phone or user sent it, and from where', async () => {
  const { dir, db, tokens } = accountsDb();
  // O-1 gets a phone, for the SMS below.
  ok(['import', 'observers', writeFile(dir, 'phones.csv',
    'code,full_name,phone\nO-1,Observer One,+77014440001\n'), '--mission', 'kz-2023', '--db', db]);
  const secret = ok(['sms', 'secret', '--mission', 'kz-2023', '--db', db]).stdout.trim()
    .split('\n').pop();
  const srv = await serve(db);
  const api = `${srv.url}/api/v1/missions/kz-2023`;
  const report = async (id) => {
    const r = await fetch(`${api}/submissions/${id}`);
    assert.equal(r.status, 200);
    return r.json();
  };
  try {
    // A clerk's token keys in O-1's paper form: the report names the clerk.
    let r = await post(tokens.clerk, `${api}/submissions`,
      IN('paper-1', 'O-1', 'Keyed in from paper.'));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const byToken = await report(r.body.id);
    assert.equal(byToken.observer, 'O-1');
    assert.equal(byToken.sent_by, 'clerk-user');
    assert.equal(byToken.origin, '127.0.0.1');

    // The same clerk signed in to the dashboard (a cookie, channel web).
    const s = await signIn(srv.url, 'clerk-user', PASSWORD);
    assert.equal(s.status, 200);
    r = await post(null, `${api}/submissions`, IN('paper-2', 'O-1', 'Phoned in.'),
      { cookie: s.cookie, 'x-csrf-token': s.body.csrf, 'x-observa-channel': 'web' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const byCookie = await report(r.body.id);
    assert.deepEqual([byCookie.channel, byCookie.sent_by, byCookie.origin],
      ['web', 'clerk-user', '127.0.0.1']);

    // The observer's own account, deployed at S-1 (an observer's account
    // reports from its own stations only).
    const dep = await post(tokens.coordinator, `${api}/assignments`,
      [{ observer: 'observer-user', station: 'S-1' }]);
    assert.ok([200, 201].includes(dep.status), JSON.stringify(dep.body));
    r = await post(tokens.observer, `${api}/submissions`,
      IN('own-1', 'observer-user', 'Sent from the phone.'));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal((await report(r.body.id)).sent_by, 'observer-user');

    // ODK credentials: the observer whose credentials were used.
    const cred = credentials(db, 'O-1');
    const odk = await postReport(`${srv.url}/openrosa/${cred.token}/submission`,
      [xmlPart(opening({ station: 'S-1', observer: 'O-1' }).xml)]);
    assert.equal(odk.status, 201, odk.text);
    const list = await (await fetch(`${api}/submissions?channel=odk`)).json();
    assert.equal(list.total, 1);
    assert.deepEqual([list.items[0].sent_by, list.items[0].origin], ['O-1', '127.0.0.1']);

    // An SMS through the generic gateway: "sms:" and the phone, the
    // gateway's address.
    {
      const sms = await fetch(`${srv.url}/sms/generic/kz-2023`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ from: '+77014440001', secret,
          text: 'OP S-1 A1 B0745 C1 D1 E1 F1 G1 H0 I0 J1 K0 Z4' }).toString() });
      const got = await sms.json();
      assert.equal(sms.status, 200, JSON.stringify(got));
      assert.ok(got.submission, JSON.stringify(got));
      const bySms = await report(got.submission);
      assert.deepEqual([bySms.channel, bySms.sent_by, bySms.origin],
        ['sms', 'sms:+77014440001', '127.0.0.1']);
    }

    // The long export carries both, on every answer's row.
    const csv = await (await fetch(`${api}/export/submissions?layout=long&form=IN`)).text();
    const rows = csvRows(csv);
    assert.deepEqual(Object.keys(rows[0]).slice(-4), ['question', 'value', 'sent_by', 'origin']);
    const paper = rows.filter((x) => x.client_id === 'paper-1');
    assert.ok(paper.length >= 3);
    for (const x of paper) assert.deepEqual([x.sent_by, x.origin], ['clerk-user', '127.0.0.1']);
  } finally {
    assert.equal(await srv.stop(), 0, srv.stderr());
  }

  // "observa submit": the operating system's user, from "local".
  const file = writeFile(dir, 'r.json', JSON.stringify(IN('cli-1', 'O-1', 'From a file.')));
  ok(['submit', file, '--mission', 'kz-2023', '--db', db]);
  const out = JSON.parse(ok(['submission', 'list', '--mission', 'kz-2023', '--db', db,
    '--format', 'json']).stdout);
  const cli = out.items.find((x) => x.client_id === 'cli-1');
  assert.deepEqual([cli.sent_by, cli.origin], [`cli:${userInfo().username}`, 'local']);
});
