// odk-versions.test.mjs - what an ODK client's report must match besides
// its answers: the version of the form it was filled in with (the
// protocol form's version carries the ballot's fingerprint, so a phone
// holding an old ballot is told so), and that reports refused before they
// could be read as one (broken XML, another observer or mission, no
// instanceID) are kept as received all the same.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ok, serve, getJson, writeFile } from './lib.mjs';
import {
  M, odkDb, credentials, formList, orMessage, opening, xmlPart, request, postReport,
  assertCleanExit,
} from './odk-lib.mjs';

const BALLOT_1 = 'order,code,name,kind\n1,NUR,Nur Otan,party\n2,AKZ,Ak Zhol,party\n' +
  '3,AA,Against all,against_all\n';
const BALLOT_2 = 'order,code,name,kind\n1,NUR,Amanat,party\n2,AKZ,Ak Zhol,party\n' +
  '3,AA,Against all,against_all\n';

// A results protocol (form PR) for a two-party ballot, in ODK's encoding.
function protocol(version, id = `uuid:${randomUUID()}`) {
  const a = { A: 1000, B: 600, C: 0, D: 400, E: 400, F: 0, G: 0, H: 400, I: 0, J: 390,
    K: 10, L: 0, P1: 250, P2: 140, AA: 0 };
  const fields = Object.entries(a).map(([t, v]) => `<${t}>${v}</${t}>`).join('');
  const xml = '<?xml version="1.0"?>\n' +
    '<data xmlns="http://www.w3.org/2002/xforms" xmlns:orx="http://openrosa.org/xforms"' +
    ` id="kz-2023_PR" version="${version}"><station>S-001</station>` +
    `<observer>O-01</observer>${fields}<comment/>` +
    `<orx:meta><orx:instanceID>${id}</orx:instanceID></orx:meta></data>\n`;
  return { id, xml };
}

describe('ODK reports: form versions and reports kept before they are read', () => {
  let srv, db, dir, base, api;
  const prVersion = async () => formList((await request(`${base}/formList?formID=kz-2023_PR`))
    .text)[0];
  const kept = async (r) => {
    assert.equal(r.status, 400, r.text);
    const m = orMessage(r.text);
    const n = m.text.match(/kept as received \(number (\d+)\)/);
    assert.ok(n, m.text);
    const inbox = await getJson(`${api}/received?limit=100`);
    const item = inbox.body.items.find((x) => x.id === Number(n[1]));
    assert.ok(item, JSON.stringify(inbox.body));
    return { message: m.text, item };
  };

  before(async () => {
    ({ dir, db } = odkDb());
    ok(['import', 'choices', writeFile(dir, 'b1.csv', BALLOT_1), '--db', db, ...M]);
    const cred = credentials(db, 'O-01');
    srv = await serve(db);
    base = `${srv.url}/openrosa/${cred.token}`;
    api = `${srv.url}/api/v1/missions/kz-2023`;
  });
  after(async () => assertCleanExit(await srv.stop(), srv.stderr()));

  test('a report that cannot be read as one is refused and kept, XML and all', async () => {
    const cases = [
      [opening().xml.replace('</station>', '</statio>'), /line \d+, column \d+/],
      [opening({ observer: 'O-02' }).xml, /credentials of observer "O-01"/],
      [opening().xml.replace('id="kz-2023_OP"', 'id="other-2024_OP"'), /not a form of mission/],
      [opening({ id: '' }).xml, /instanceID is missing/],
    ];
    for (const [xml, why] of cases) {
      const { message, item } = await kept(await postReport(`${base}/submission`,
        [xmlPart(xml)]));
      assert.match(message, why);
      assert.equal(item.raw, xml);
      assert.equal(item.channel, 'odk');
      assert.equal(item.observer, 'O-01');
      assert.equal(item.problems.length, 1);
      assert.equal(item.problems[0].field, 'report');
      assert.match(item.problems[0].message, why);
    }
  });

  test('the protocol form\'s version follows the ballot; a report on an old ballot is refused', async () => {
    const first = await prVersion();
    assert.match(first.version, /^1\.[0-9a-f]{8}$/);
    const good = protocol(first.version);
    const r = await postReport(`${base}/submission`, [xmlPart(good.xml)]);
    assert.equal(r.status, 201, r.text);

    // Another ballot: a new version and a new hash, so clients fetch it.
    ok(['import', 'choices', writeFile(dir, 'b2.csv', BALLOT_2), '--db', db, ...M]);
    const second = await prVersion();
    assert.match(second.version, /^1\.[0-9a-f]{8}$/);
    assert.notEqual(second.version, first.version);
    assert.notEqual(second.hash, first.hash);
    const x = await request(second.downloadUrl);
    assert.match(x.text, new RegExp(`<data id="kz-2023_PR" version="${second.version}"`));

    // A protocol filled in on the old ballot is kept, not counted.
    const old = protocol(first.version);
    const { message, item } = await kept(await postReport(`${base}/submission`,
      [xmlPart(old.xml)]));
    assert.match(message, /ballot/);
    assert.equal(item.raw, old.xml);
    const fresh = await postReport(`${base}/submission`, [xmlPart(protocol(second.version).xml)]);
    assert.equal(fresh.status, 201, fresh.text);
  });

  test('a form version newer than the server\'s, or one never served, is refused; none is fine', async () => {
    const newer = await kept(await postReport(`${base}/submission`,
      [xmlPart(opening({ version: '2' }).xml)]));
    assert.match(newer.message, /version 2 of form OP, but this server has version 1/);
    const never = await kept(await postReport(`${base}/submission`,
      [xmlPart(opening({ version: 'draft' }).xml)]));
    assert.match(never.message, /version "draft" of form OP/);
    const none = opening().xml.replace(' version="1"', '');
    const r = await postReport(`${base}/submission`, [xmlPart(none)]);
    assert.equal(r.status, 201, r.text);
  });
});
