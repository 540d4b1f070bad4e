// odk.test.mjs - the OpenRosa endpoints as ODK Collect uses them, over
// HTTP: an observer's credentials from "observa observer credentials", the
// form list (its hashes against the bytes downloaded, ?formID=), the
// XForms, HEAD and POST /submission with multipart bodies built by hand
// (with attachments stored and downloaded byte for byte, chunked), then
// the reports in the JSON API; duplicates, conflicting instanceIDs, edits
// (deprecatedID), refusals (validation, kept as received; another
// observer, bad token, content type, missing part, broken XML, entities,
// oversized bodies and attachments) and renewed credentials.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { ok, run, missionDb, serve, getJson, writeFile, dbExec } from './lib.mjs';
import {
  M, FORMS, LOCATIONS, OBSERVERS, odkDb, credentials, texts, formList, orMessage, opening, BOUNDARY, multipart, xmlPart, MULTIPART, request, postReport, postChunked, postAnnounced, assertOpenRosaHeaders, assertCleanExit,
} from './odk-lib.mjs';

describe('ODK clients over OpenRosa', () => {
  let srv, db, cred, base, api;
  const reports = async (query = '') =>
    (await getJson(`${api}/submissions?channel=odk&limit=1000${query}`)).body;
  const byClient = async (id) => (await reports('&all_versions=true')).items
    .filter((s) => s.client_id === id);

  before(async () => {
    ({ db } = odkDb());
    cred = credentials(db, 'O-01');
    srv = await serve(db);
    base = `${srv.url}/openrosa/${cred.token}`;
    api = `${srv.url}/api/v1/missions/kz-2023`;
  });
  after(async () => {
    const code = await srv.stop();
    assertCleanExit(code, srv.stderr());
    // The token is a secret: it never reaches the server's log.
    assert.ok(!srv.stderr().includes(cred.token));
  });

  test('credentials: the URL, token, user name and a six-digit PIN, shown once', () => {
    assert.equal(cred.url, `http://127.0.0.1:8080/openrosa/${cred.token}`);
    assert.match(cred.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(cred.username, 'O-01');
    assert.match(cred.pin, /^[0-9]{6}$/);
    const again = run(['observer', 'credentials', 'O-01', '--db', db, ...M]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already has credentials.*--renew/);
    const text = ok(['observer', 'credentials', 'O-03', '--db', db, ...M,
      '--base-url', 'https://odk.example.org/']).stdout;
    assert.match(text, /server URL: https:\/\/odk\.example\.org\/openrosa\/[A-Za-z0-9_-]{43}\n/);
    assert.match(text, /username: +O-03\n/);
    assert.match(text, /PIN: +[0-9]{6}\n/);
    assert.equal(run(['observer', 'credentials', 'NOBODY', '--db', db, ...M]).status, 1);
    assert.equal(run(['observer', 'credentials', 'O-02', '--db', db, ...M,
      '--base-url', 'ftp://x']).status, 2);
    // The audit log says credentials were made, and holds no secret.
    const audit = ok(['audit', '--db', db, ...M, '--entity', 'credential',
      '--format', 'json']).stdout;
    assert.match(audit, /O-01/);
    assert.ok(!audit.includes(cred.token) && !audit.includes(cred.pin));
    assert.doesNotMatch(audit, /argon2|hash/);
  });

  test('formList: every form, with name, version, md5 hash and an absolute URL', async () => {
    const r = await request(`${base}/formList`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'text/xml; charset=utf-8');
    assertOpenRosaHeaders(r.headers);
    assert.match(r.text, /<xforms xmlns="http:\/\/openrosa.org\/xforms\/xformsList">/);
    const forms = formList(r.text);
    assert.deepEqual(forms.map((f) => f.formID), FORMS.map((c) => `kz-2023_${c}`));
    const op = forms.find((f) => f.formID === 'kz-2023_OP');
    assert.equal(op.name, 'Opening of the polling station');
    assert.equal(op.version, '1');
    for (const f of forms) {
      assert.match(f.hash, /^md5:[0-9a-f]{32}$/);
      assert.equal(f.downloadUrl, `${base}/forms/${f.formID}.xml`);
      // The hash is of the exact bytes served.
      const x = await request(f.downloadUrl);
      assert.equal(x.status, 200);
      assert.equal(x.headers.get('content-type'), 'text/xml; charset=utf-8');
      assertOpenRosaHeaders(x.headers);
      assert.equal(`md5:${createHash('md5').update(x.buf).digest('hex')}`, f.hash, f.formID);
      // PR's version carries its ballot's fingerprint (odk-versions.test.mjs).
      const v = f.formID.endsWith('_PR') ? /^1\.[0-9a-f]{8}$/ : /^1$/;
      assert.match(f.version, v, f.formID);
      assert.match(x.text, new RegExp(`<data id="${f.formID}" version="${f.version}"`));
    }
    // HEAD answers the headers alone.
    const h = await request(`${base}/formList`, { method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(h.buf.length, 0);
  });

  test('each form has a manifest, empty since observa\'s forms carry no media', async () => {
    const forms = formList((await request(`${base}/formList`)).text);
    for (const f of forms) {
      assert.equal(f.manifestUrl, `${base}/manifests/${f.formID}`);
      const m = await request(f.manifestUrl);
      assert.equal(m.status, 200, m.text);
      assert.equal(m.headers.get('content-type'), 'text/xml; charset=utf-8');
      assertOpenRosaHeaders(m.headers);
      assert.match(m.text, /<manifest xmlns="http:\/\/openrosa.org\/xforms\/xformsManifest"><\/manifest>/);
    }
    const unknown = await request(`${base}/manifests/kz-2023_XX`);
    assert.equal(unknown.status, 404);
    const otherMission = await request(`${base}/manifests/kz-2019_OP`);
    assert.equal(otherMission.status, 404);
    const badToken = await request(`${srv.url}/openrosa/${'x'.repeat(43)}/manifests/kz-2023_OP`);
    assert.equal(badToken.status, 401);
  });

  test('behind a TLS proxy (X-Forwarded-Proto: https) the URLs are https', async () => {
    const r = await request(`${base}/formList?formID=kz-2023_OP`,
      { headers: { 'X-Forwarded-Proto': 'https' } });
    assert.equal(r.status, 200, r.text);
    const [f] = formList(r.text);
    const httpsBase = base.replace(/^http:/, 'https:');
    assert.equal(f.downloadUrl, `${httpsBase}/forms/kz-2023_OP.xml`);
    assert.equal(f.manifestUrl, `${httpsBase}/manifests/kz-2023_OP`);
  });

  test('formList?formID= gives that form only, or none', async () => {
    const one = formList((await request(`${base}/formList?formID=kz-2023_PR`)).text);
    assert.deepEqual(one.map((f) => f.formID), ['kz-2023_PR']);
    assert.equal(one[0].name, 'Precinct results protocol');
    const none = await request(`${base}/formList?formID=kz-2023_XX`);
    assert.equal(none.status, 200);
    assert.deepEqual(formList(none.text), []);
    assert.match(none.text, /<xforms xmlns=/);
  });

  test('the XForm is the observer\'s: their code filled in, hashes differ', async () => {
    const x = (await request(`${base}/forms/kz-2023_OP.xml`)).text;
    assert.match(x, /<observer>O-01<\/observer>/);
    const other = credentials(db, 'O-02');
    const mine = formList((await request(`${base}/formList?formID=kz-2023_OP`)).text)[0];
    const theirs = formList((await request(
      `${srv.url}/openrosa/${other.token}/formList?formID=kz-2023_OP`)).text)[0];
    assert.notEqual(mine.hash, theirs.hash);
    for (const path of ['forms/kz-2023_XX.xml', 'forms/other_OP.xml', 'forms/kz-2023_OP']) {
      const r = await request(`${base}/${path}`);
      assert.equal(r.status, 404, path);
      assert.equal(orMessage(r.text).nature, 'error');
      assertOpenRosaHeaders(r.headers);
    }
  });

  test('HEAD submission: 204 with the largest body accepted', async () => {
    const r = await request(`${base}/submission`, { method: 'HEAD' });
    assert.equal(r.status, 204);
    assertOpenRosaHeaders(r.headers);
    assert.equal(r.headers.get('x-openrosa-accept-content-length'), String(20 << 20));
  });

  let first;
  test('POST submission: 201 and the report is in the API, channel odk', async () => {
    first = opening({ answers: { A: '0', B: '08:05:00.000+06:00', Z: '3' } });
    const r = await postReport(`${base}/submission`, [xmlPart(first.xml)]);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('content-type'), 'text/xml; charset=utf-8');
    assertOpenRosaHeaders(r.headers);
    const m = orMessage(r.text);
    assert.equal(m.nature, 'submit_success');
    assert.match(m.text, /Report received/);
    assert.doesNotMatch(m.text, /attachment/);
    const [s] = await byClient(first.id);
    assert.equal(s.channel, 'odk');
    assert.equal(s.form, 'OP');
    assert.equal(s.station, 'S-001');
    assert.equal(s.observer, 'O-01');
    assert.equal(s.version, 1);
    assert.deepEqual(s.answers, { A: 0, B: '08:05', C: 1, D: 1, E: 1, F: 1, G: 1, H: 0,
      I: 0, J: 1, K: 0, Z: 3 });
  });

  test('the observer comes from the token when the instance leaves it empty', async () => {
    const rep = opening({ observer: '', station: 'S-002' });
    const r = await postReport(`${base}/submission`, [xmlPart(rep.xml)]);
    assert.equal(r.status, 201, r.text);
    assert.equal((await byClient(rep.id))[0].observer, 'O-01');
  });

  const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3, 0x0d, 0x0a, 0, 0xff, 0xd9]);
  let withPhoto;
  test('with attachments: stored with the report, listed, downloaded byte for byte', async () => {
    withPhoto = opening({ station: 'S-003' });
    const r = await postReport(`${base}/submission`, [xmlPart(withPhoto.xml),
      { name: '1700000000000.jpg', filename: '1700000000000.jpg', type: 'image/jpeg',
        body: PHOTO },
      { name: 'note.txt', filename: 'note.txt', type: 'text/plain', body: 'one line\n' }]);
    assert.equal(r.status, 201, r.text);
    const m = orMessage(r.text);
    assert.equal(m.nature, 'submit_success');
    assert.match(m.text, /2 attachments kept/);
    const [s] = await byClient(withPhoto.id);
    const one = await getJson(`${api}/submissions/${s.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.attachments.map((a) => [a.name, a.content_type, a.size]),
      [['1700000000000.jpg', 'image/jpeg', PHOTO.length], ['note.txt', 'text/plain', 9]]);
    for (const a of one.body.attachments) assert.match(a.hash, /^[0-9a-f]{64}$/);
    const got = await request(`${api}/submissions/${s.id}/attachments/1700000000000.jpg`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/jpeg');
    assert.match(got.headers.get('content-disposition'), /^attachment; filename="1700000000000.jpg"/);
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(got.buf.equals(PHOTO), 'the photo round-trips byte for byte');
    // observa submission show lists them.
    const show = ok(['submission', 'show', String(s.id), '--db', db, ...M]);
    assert.match(show.stdout, /attachments\n\s+1700000000000\.jpg\s+image\/jpeg\s+13 bytes/);
    const js = JSON.parse(ok(['submission', 'show', String(s.id), '--db', db, ...M,
      '--format', 'json']).stdout);
    assert.deepEqual(js.attachments, one.body.attachments);
    // Unknown names are 404, names with a slash or control character 400.
    assert.equal((await request(`${api}/submissions/${s.id}/attachments/nope.jpg`)).status, 404);
    assert.equal((await request(`${api}/submissions/${s.id}/attachments/a%2Fb.jpg`)).status, 400);
    assert.equal((await request(`${api}/submissions/${s.id}/attachments/a%0Ab.jpg`)).status, 400);
  });

  test('the same report with its attachment again: one copy kept', async () => {
    const r = await postReport(`${base}/submission`, [xmlPart(withPhoto.xml),
      { name: '1700000000000.jpg', filename: '1700000000000.jpg', type: 'image/jpeg',
        body: PHOTO }]);
    assert.equal(r.status, 201, r.text);
    assert.match(orMessage(r.text).text, /already received.*nothing was changed/);
    const all = await byClient(withPhoto.id);
    assert.equal(all.length, 1);
    const one = await getJson(`${api}/submissions/${all[0].id}`);
    assert.equal(one.body.attachments.length, 2);
  });

  test('an attachment over 10 MiB: 413, nothing stored', async () => {
    const rep = opening({ station: 'S-002' });
    const r = await postReport(`${base}/submission`, [xmlPart(rep.xml),
      { name: 'video.mp4', filename: 'video.mp4', type: 'video/mp4',
        body: Buffer.alloc((10 << 20) + 1, 7) }]);
    assert.equal(r.status, 413, r.text);
    assert.equal(orMessage(r.text).nature, 'error');
    assert.equal((await byClient(rep.id)).length, 0);
  });

  test('an attachment with a slash in its name: 400', async () => {
    const rep = opening({ station: 'S-002' });
    const r = await postReport(`${base}/submission`, [xmlPart(rep.xml),
      { name: 'x', filename: '../etc/passwd', type: 'text/plain', body: 'x' }]);
    assert.equal(r.status, 400, r.text);
    assert.match(orMessage(r.text).text, /slash/);
    assert.equal((await byClient(rep.id)).length, 0);
  });

  test('a chunked body is read whole', async () => {
    const rep = opening({ station: 'S-002', answers: { Z: '2' } });
    const body = multipart([xmlPart(rep.xml), { name: 'note.txt', filename: 'note.txt',
      type: 'text/plain', body: 'x'.repeat(5000) }]);
    const r = await postChunked(`${base}/submission`, body, 333);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers['x-openrosa-version'], '1.0');
    const [s] = await byClient(rep.id);
    assert.equal(s.answers.Z, 2);
  });

  test('the same report again: 201 "already received", stored once', async () => {
    const before = (await reports()).total;
    const r = await postReport(`${base}/submission`, [xmlPart(first.xml)]);
    assert.equal(r.status, 201, r.text);
    const m = orMessage(r.text);
    assert.equal(m.nature, 'submit_success');
    assert.match(m.text, /already received/);
    assert.equal((await reports()).total, before);
    assert.equal((await byClient(first.id)).length, 1);
  });

  test('another report with the same instanceID: 409', async () => {
    const other = opening({ id: first.id, answers: { A: '1', B: '08:05:00.000+06:00', Z: '3' } });
    const r = await postReport(`${base}/submission`, [xmlPart(other.xml)]);
    assert.equal(r.status, 409, r.text);
    assertOpenRosaHeaders(r.headers);
    const m = orMessage(r.text);
    assert.equal(m.nature, 'error');
    assert.match(m.text, /instanceID/);
    assert.equal((await byClient(first.id)).length, 1);
  });

  test('an edit (deprecatedID) is a correction: version 2 replaces version 1', async () => {
    const edit = opening({ deprecated: first.id, answers: { A: '1', Z: '4' } });
    const r = await postReport(`${base}/submission`, [xmlPart(edit.xml)]);
    assert.equal(r.status, 201, r.text);
    assert.match(orMessage(r.text).text, /Correction received.*version 2/);
    const [s] = await byClient(edit.id);
    assert.equal(s.version, 2);
    assert.equal(s.replaces, first.id);
    assert.equal(s.answers.A, 1);
    const current = (await reports()).items.map((x) => x.client_id);
    assert.ok(current.includes(edit.id) && !current.includes(first.id));
    // Editing the old version again is refused.
    const stale = opening({ deprecated: first.id, answers: { Z: '1' } });
    const again = await postReport(`${base}/submission`, [xmlPart(stale.xml)]);
    assert.equal(again.status, 409, again.text);
    // An edit of a report never received is refused.
    const orphan = opening({ deprecated: 'uuid:never-sent' });
    const o = await postReport(`${base}/submission`, [xmlPart(orphan.xml)]);
    assert.equal(o.status, 400, o.text);
    assert.match(orMessage(o.text).text, /deprecatedID.*kept as received/);
  });

  test('problems in the report: 400 listing them all, kept as received', async () => {
    const bad = opening({ station: 'S-999', answers: { A: 'maybe', Z: '' } });
    const r = await postReport(`${base}/submission`, [xmlPart(bad.xml)]);
    assert.equal(r.status, 400, r.text);
    assertOpenRosaHeaders(r.headers);
    const m = orMessage(r.text);
    assert.equal(m.nature, 'error');
    assert.match(m.text, /refused \(3 problems\)/);
    assert.match(m.text, /A: /);
    assert.match(m.text, /station: /);
    assert.match(m.text, /Z: /);
    const kept = m.text.match(/kept as received \(number (\d+)\)/);
    assert.ok(kept, m.text);
    assert.equal((await byClient(bad.id)).length, 0);
    // In the inbox, with its problems and the XML as sent.
    const inbox = await getJson(`${api}/received?limit=100`);
    assert.equal(inbox.status, 200);
    const item = inbox.body.items.find((x) => x.id === Number(kept[1]));
    assert.ok(item, JSON.stringify(inbox.body));
    assert.equal(item.channel, 'odk');
    assert.equal(item.observer, 'O-01');
    assert.equal(item.status, 'refused');
    assert.equal(item.raw, bad.xml);
    assert.deepEqual(item.problems.map((p) => p.tag ?? p.field).sort(), ['A', 'Z', 'station']);
    assert.ok(inbox.body.total >= 1);
    // And from the command line.
    const cli = JSON.parse(ok(['submission', 'received', '--db', db, ...M, '--format', 'json']).stdout);
    assert.equal(cli.total, inbox.body.total);
    assert.equal(cli.items.find((x) => x.id === item.id).raw, bad.xml);
    const text = ok(['submission', 'received', '--db', db, ...M]).stdout;
    assert.match(text, new RegExp(`received ${item.id} at .* via odk from O-01: refused`));
    assert.ok(text.includes(bad.id));
  });

  test('a report naming another observer is refused', async () => {
    const rep = opening({ observer: 'O-02' });
    const r = await postReport(`${base}/submission`, [xmlPart(rep.xml)]);
    assert.equal(r.status, 400, r.text);
    assert.match(orMessage(r.text).text, /observer "O-02".*credentials of observer "O-01"/);
    assert.equal((await byClient(rep.id)).length, 0);
  });

  test('a report on a form of another mission is refused', async () => {
    const rep = opening();
    const xml = rep.xml.replace('id="kz-2023_OP"', 'id="other-2024_OP"');
    const r = await postReport(`${base}/submission`, [xmlPart(xml)]);
    assert.equal(r.status, 400, r.text);
    assert.match(orMessage(r.text).text, /"other-2024_OP", which is not a form of mission kz-2023/);
    assert.equal((await byClient(rep.id)).length, 0);
  });

  test('a report without meta/instanceID is refused', async () => {
    const rep = opening({ id: '' });
    const r = await postReport(`${base}/submission`, [xmlPart(rep.xml)]);
    assert.equal(r.status, 400, r.text);
    assert.match(orMessage(r.text).text, /instanceID/);
  });

  test('an unknown token: 401 with an OpenRosa message, on every endpoint', async () => {
    const bad = `${srv.url}/openrosa/${'A'.repeat(43)}`;
    for (const [url, opts] of [[`${bad}/formList`, {}], [`${bad}/forms/kz-2023_OP.xml`, {}],
      [`${bad}/submission`, { method: 'HEAD' }],
      [`${srv.url}/openrosa/short/formList`, {}],
      [`${bad}/submission`, { method: 'POST', body: multipart([xmlPart(opening().xml)]),
        headers: { 'content-type': MULTIPART } }]]) {
      const r = await request(url, opts);
      assert.equal(r.status, 401, url);
      assertOpenRosaHeaders(r.headers);
      if (opts.method !== 'HEAD') assert.match(orMessage(r.text).text, /unknown token/);
    }
  });

  test('a body that is not multipart/form-data: 415', async () => {
    const r = await request(`${base}/submission`, { method: 'POST', body: opening().xml,
      headers: { 'content-type': 'text/xml' } });
    assert.equal(r.status, 415, r.text);
    assertOpenRosaHeaders(r.headers);
    assert.match(orMessage(r.text).text, /multipart\/form-data/);
    const none = await request(`${base}/submission`, { method: 'POST', body: 'x' });
    assert.ok([400, 415].includes(none.status), none.text);
  });

  test('no xml_submission_file part: 400 naming it', async () => {
    const r = await postReport(`${base}/submission`, [{ name: 'other', filename: 'a.xml',
      type: 'text/xml', body: opening().xml }]);
    assert.equal(r.status, 400, r.text);
    assert.match(orMessage(r.text).text, /xml_submission_file/);
    const bare = await request(`${base}/submission`, { method: 'POST', body: 'not multipart',
      headers: { 'content-type': MULTIPART } });
    assert.equal(bare.status, 400, bare.text);
    assert.equal(orMessage(bare.text).nature, 'error');
  });

  test('broken XML: 400 with the line and column', async () => {
    const xml = opening().xml.replace('</station>', '</statio>');
    const r = await postReport(`${base}/submission`, [xmlPart(xml)]);
    assert.equal(r.status, 400, r.text);
    assert.match(orMessage(r.text).text, /xml_submission_file: line \d+, column \d+: /);
  });

  test('a DOCTYPE with entities: 400 at once, nothing expanded', async () => {
    let dtd = '<!DOCTYPE data [<!ENTITY a0 "ha">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
    dtd += ']>';
    const xml = opening().xml.replace('<?xml version="1.0"?>\n', `<?xml version="1.0"?>\n${dtd}`)
      .replace('<comment/>', '<comment>&a9;</comment>');
    const t0 = Date.now();
    const r = await postReport(`${base}/submission`, [xmlPart(xml)]);
    assert.ok(Date.now() - t0 < 2000, 'answered quickly');
    assert.equal(r.status, 400, r.text);
    assert.match(orMessage(r.text).text, /entit/i);
  });

  test('oversized bodies: 413, announced or chunked', async () => {
    const announced = await postAnnounced(`${base}/submission`, (20 << 20) + 1);
    assert.equal(announced.status, 413);
    assert.equal(announced.headers['x-openrosa-version'], '1.0');
    assert.match(orMessage(announced.text).text, /larger than 20971520 bytes/);
    const big = multipart([xmlPart(opening().xml), { name: 'video.mp4', filename: 'video.mp4',
      type: 'video/mp4', body: Buffer.alloc((20 << 20) + 1024, 7) }]);
    const chunked = await postChunked(`${base}/submission`, big, 1 << 16);
    assert.equal(chunked.status, 413, chunked.text);
    assert.equal(orMessage(chunked.text).nature, 'error');
    // A body just under the limit is fine.
    const rep = opening({ station: 'S-003', answers: { Z: '1' } });
    const under = await postReport(`${base}/submission`, [xmlPart(rep.xml),
      { name: 'a.bin', filename: 'a.bin', type: 'application/octet-stream',
        body: Buffer.alloc(9 << 20, 1) }]);
    assert.equal(under.status, 201, under.text);
  });

  test('other methods and paths under /openrosa/ answer in OpenRosa too', async () => {
    const r = await request(`${base}/submission`);
    assert.equal(r.status, 405);
    assertOpenRosaHeaders(r.headers);
    assert.match(r.headers.get('allow'), /POST/);
    const nf = await request(`${base}/nothing`);
    assert.equal(nf.status, 404);
    assert.equal(orMessage(nf.text).nature, 'error');
  });

  test('renewed credentials: the old token stops working, the new one works', async () => {
    const renewed = credentials(db, 'O-01', ['--renew']);
    assert.notEqual(renewed.token, cred.token);
    assert.notEqual(renewed.url, cred.url);
    const old = await request(`${base}/formList`);
    assert.equal(old.status, 401);
    const now = await request(`${srv.url}/openrosa/${renewed.token}/formList`);
    assert.equal(now.status, 200);
    const rep = opening({ station: 'S-001', answers: { Z: '2' } });
    const r = await postReport(`${srv.url}/openrosa/${renewed.token}/submission`, [xmlPart(rep.xml)]);
    assert.equal(r.status, 201, r.text);
    const audit = ok(['audit', '--db', db, ...M, '--entity', 'credential']).stdout;
    assert.match(audit, /update +credential +O-01/);
  });
});

// ---- HTTP Digest under /openrosa/m/<mission>/ ----

const md5 = (s) => createHash('md5').update(s).digest('hex');

// The parameters of a WWW-Authenticate: Digest challenge.
function challenge(h) {
  assert.ok(h, 'WWW-Authenticate is missing');
  const p = {};
  for (const m of h.replace(/^Digest /, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    p[m[1]] = m[2] ?? m[3];
  }
  return p;
}

// An Authorization header as ODK Collect computes it (MD5, qop=auth).
function digest({ user, pin, ch, method, uri, nc, cnonce = 'c0ffee42' }) {
  const ha1 = md5(`${user}:${ch.realm}:${pin}`);
  const ha2 = md5(`${method}:${uri}`);
  const ncs = nc.toString(16).padStart(8, '0');
  const response = md5(`${ha1}:${ch.nonce}:${ncs}:${cnonce}:auth:${ha2}`);
  return `Digest username="${user}", realm="${ch.realm}", nonce="${ch.nonce}", ` +
    `uri="${uri}", algorithm=MD5, qop=auth, nc=${ncs}, cnonce="${cnonce}", ` +
    `response="${response}", opaque="${ch.opaque}"`;
}

describe('ODK clients with HTTP Digest (observer code and PIN)', () => {
  let srv, db, cred, url, ch;
  const path = '/openrosa/m/kz-2023';
  const reports = async () => (await getJson(
    `${srv.url}/api/v1/missions/kz-2023/submissions?channel=odk&limit=1000`)).body.items;
  // A fresh challenge from the server.
  const ask = async () => challenge((await request(`${url}/formList`))
    .headers.get('www-authenticate'));
  const send = (uri, opts, auth) => request(`${srv.url}${uri}`,
    { ...opts, headers: { ...(opts.headers || {}), authorization: auth } });
  const as = (who, uri, nc, opts = {}) => send(uri, opts, digest({ ...who, ch,
    method: opts.method || 'GET', uri, nc }));

  before(async () => {
    ({ db } = odkDb());
    cred = credentials(db, 'O-01');
    srv = await serve(db);
    url = `${srv.url}${path}`;
  });
  after(async () => {
    const code = await srv.stop();
    assertCleanExit(code, srv.stderr());
  });

  test('no Authorization: 401 with a Digest challenge, in OpenRosa', async () => {
    const r = await request(`${url}/formList`);
    assert.equal(r.status, 401);
    assertOpenRosaHeaders(r.headers);
    assert.match(r.headers.get('www-authenticate'),
      /^Digest realm="observa kz-2023", qop="auth", nonce="[A-Za-z0-9_-]{75}", opaque="[0-9a-f]{32}", algorithm=MD5$/);
    assert.match(orMessage(r.text).text, /observer's code.*PIN/);
    for (const auth of ['Basic TzAxOjEyMzQ1Ng==', 'Digest garbled="', 'Digest username="O-01"']) {
      const g = await send(`${path}/formList`, {}, auth);
      assert.equal(g.status, 401, auth);
      assert.match(g.headers.get('www-authenticate'), /^Digest /);
    }
    const h = await request(`${url}/submission`, { method: 'HEAD' });
    assert.equal(h.status, 401);
    assert.match(h.headers.get('www-authenticate'), /^Digest /);
    // An unknown mission is challenged as a known one is.
    const nowhere = await request(`${srv.url}/openrosa/m/nowhere/formList`);
    assert.equal(nowhere.status, 401);
    assert.match(nowhere.headers.get('www-authenticate'), /^Digest realm="observa nowhere", qop="auth"/);
  });

  test('the right PIN: formList and the forms, with URLs under /m/', async () => {
    ch = await ask();
    const who = { user: 'O-01', pin: cred.pin };
    const r = await as(who, `${path}/formList`, 1);
    assert.equal(r.status, 200, r.text);
    assertOpenRosaHeaders(r.headers);
    const forms = formList(r.text);
    assert.deepEqual(forms.map((f) => f.formID), FORMS.map((c) => `kz-2023_${c}`));
    const op = forms.find((f) => f.formID === 'kz-2023_OP');
    assert.equal(op.downloadUrl, `${url}/forms/kz-2023_OP.xml`);
    const x = await as(who, `${path}/forms/kz-2023_OP.xml`, 2);
    assert.equal(x.status, 200, x.text);
    assert.equal(`md5:${md5(x.buf)}`, op.hash);
    assert.match(x.text, /<observer>O-01<\/observer>/);
    const one = await as(who, `${path}/formList?formID=kz-2023_PR`, 3);
    assert.deepEqual(formList(one.text).map((f) => f.formID), ['kz-2023_PR']);
    // Counts need only increase.
    assert.equal((await as(who, `${path}/formList`, 10)).status, 200);
  });

  test('a wrong PIN or an unknown observer: 401, the same answer', async () => {
    ch = await ask();
    const wrong = String((Number(cred.pin) + 1) % 1000000).padStart(6, '0');
    const a = await as({ user: 'O-01', pin: wrong }, `${path}/formList`, 1);
    const b = await as({ user: 'NOBODY', pin: cred.pin }, `${path}/formList`, 2);
    for (const r of [a, b]) {
      assert.equal(r.status, 401);
      assert.doesNotMatch(r.headers.get('www-authenticate'), /stale/);
      assert.match(orMessage(r.text).text, /wrong user name or PIN/);
    }
    assert.equal(a.text, b.text);
  });

  test('a nonce count used again is refused; a higher one is taken', async () => {
    ch = await ask();
    const who = { user: 'O-01', pin: cred.pin };
    assert.equal((await as(who, `${path}/formList`, 5)).status, 200);
    const again = await as(who, `${path}/formList`, 5);
    assert.equal(again.status, 401);
    assert.match(orMessage(again.text).text, /nonce count was used already/);
    assert.equal((await as(who, `${path}/formList`, 4)).status, 401);
    assert.equal((await as(who, `${path}/formList`, 6)).status, 200);
  });

  test('a tampered nonce, another realm, another uri: refused', async () => {
    ch = await ask();
    const who = { user: 'O-01', pin: cred.pin };
    const real = ch.nonce;
    ch = { ...ch, nonce: real.slice(0, 20) + (real[20] === 'A' ? 'B' : 'A') + real.slice(21) };
    const t = await as(who, `${path}/formList`, 1);
    assert.equal(t.status, 401);
    assert.doesNotMatch(t.headers.get('www-authenticate'), /stale/);
    assert.match(orMessage(t.text).text, /nonce is not one this server gave/);
    ch = { ...ch, nonce: real, realm: 'observa other' };
    assert.equal((await as(who, `${path}/formList`, 2)).status, 401);
    ch = { ...ch, realm: 'observa kz-2023' };
    const auth = digest({ ...who, ch, method: 'GET', uri: `${path}/submission`, nc: 3 });
    assert.equal((await send(`${path}/formList`, {}, auth)).status, 400);
    // Computed for GET, sent as HEAD.
    const head = await send(`${path}/submission`, { method: 'HEAD' },
      digest({ ...who, ch, method: 'GET', uri: `${path}/submission`, nc: 4 }));
    assert.equal(head.status, 401);
  });

  test('HEAD and POST submission: 204, then 201 stored with channel odk', async () => {
    ch = await ask();
    const who = { user: 'O-01', pin: cred.pin };
    const h = await as(who, `${path}/submission`, 1, { method: 'HEAD' });
    assert.equal(h.status, 204);
    assert.equal(h.headers.get('x-openrosa-accept-content-length'), String(20 << 20));
    const rep = opening({ station: 'S-002' });
    const r = await as(who, `${path}/submission`, 2, { method: 'POST',
      body: multipart([xmlPart(rep.xml)]), headers: { 'content-type': MULTIPART } });
    assert.equal(r.status, 201, r.text);
    assert.equal(orMessage(r.text).nature, 'submit_success');
    const [s] = (await reports()).filter((x) => x.client_id === rep.id);
    assert.equal(s.channel, 'odk');
    assert.equal(s.observer, 'O-01');
    assert.equal(s.station, 'S-002');
  });

  test('renewed credentials: the old PIN is refused, the new one works', async () => {
    const renewed = credentials(db, 'O-01', ['--renew']);
    ch = await ask();
    const old = await as({ user: 'O-01', pin: cred.pin }, `${path}/formList`, 1);
    if (renewed.pin !== cred.pin) assert.equal(old.status, 401);
    assert.equal((await as({ user: 'O-01', pin: renewed.pin }, `${path}/formList`, 2)).status,
      200);
    cred = renewed;
  });

  test('credentials made before Digest was kept: refused as a wrong PIN, the log saying to renew', async () => {
    const o2 = credentials(db, 'O-02');
    dbExec(db, 'UPDATE observer_credential SET digest_ha1 = NULL WHERE observer_id = ' +
      "(SELECT id FROM observer WHERE code = 'O-02')");
    ch = await ask();
    const a = await as({ user: 'O-02', pin: o2.pin }, `${path}/formList`, 1);
    assert.equal(a.status, 401);
    assert.match(orMessage(a.text).text, /wrong user name or PIN/);
    assert.match(srv.stderr(), /observer O-02 of mission kz-2023 has credentials made before .*--renew/);
  });

  test('a nonce older than OBSERVA_DIGEST_NONCE_SECONDS: 401 with stale=true', async () => {
    const short = await serve(db, [], { OBSERVA_DIGEST_NONCE_SECONDS: '1' });
    try {
      const first = await request(`${short.url}${path}/formList`);
      const c = challenge(first.headers.get('www-authenticate'));
      const who = { user: 'O-01', pin: cred.pin };
      const uri = `${path}/formList`;
      const go = (nc) => request(`${short.url}${uri}`, { headers: {
        authorization: digest({ ...who, ch: c, method: 'GET', uri, nc }) } });
      assert.equal((await go(1)).status, 200);
      await new Promise((r) => setTimeout(r, 1600));
      const stale = await go(2);
      assert.equal(stale.status, 401);
      const fresh = challenge(stale.headers.get('www-authenticate'));
      assert.equal(fresh.stale, 'true');
      assert.notEqual(fresh.nonce, c.nonce);
      // The nonces of another process (a restart) are not this one's.
      const other = await request(`${short.url}${uri}`, { headers: {
        authorization: digest({ ...who, ch: await ask(), method: 'GET', uri, nc: 1 }) } });
      assert.equal(other.status, 401);
    } finally {
      assertCleanExit(await short.stop(), short.stderr());
    }
    const bad = run(['serve', '--db', db, '--port', '0'],
      { env: { OBSERVA_DIGEST_NONCE_SECONDS: '0' }, timeout: 10000 });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /OBSERVA_DIGEST_NONCE_SECONDS/);
  });
});
