// odk-lib.mjs - what the ODK end-to-end tests share: a mission with
// stations and observers, credentials, filled instances as ODK Collect
// sends them, multipart bodies built by hand, HTTP requests, and the
// reading of OpenRosa answers.
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ok, missionDb, writeFile } from './lib.mjs';

export const M = ['--mission', 'kz-2023'];
export const FORMS = ['CO', 'IN', 'OP', 'PR', 'TA', 'VO'];

export const LOCATIONS = [
  'code,name,level,parent',
  'KZ,Kazakhstan,country,',
  'R1,Astana,city,KZ',
  'S-001,Station 1,station,R1',
  'S-002,Station 2,station,R1',
  'S-003,Station 3,station,R1',
].join('\n') + '\n';

export const OBSERVERS = ['code,full_name', 'O-01,Observer One', 'O-02,Observer Two',
  'O-03,Observer Three'].join('\n') + '\n';

export function odkDb() {
  const { dir, db } = missionDb();
  ok(['import', 'locations', writeFile(dir, 'l.csv', LOCATIONS), '--db', db, ...M]);
  ok(['import', 'observers', writeFile(dir, 'o.csv', OBSERVERS), '--db', db, ...M]);
  return { dir, db };
}

export function credentials(db, code, extra = []) {
  const r = ok(['observer', 'credentials', code, '--db', db, ...M, '--format', 'json', ...extra]);
  return JSON.parse(r.stdout);
}

// ---- a little XML ----

// The text of every <tag> in xml, unescaped.
export function texts(xml, tag) {
  const re = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
}

export function formList(xml) {
  return [...xml.matchAll(/<xform>([\s\S]*?)<\/xform>/g)].map((m) => ({
    formID: texts(m[1], 'formID')[0],
    name: texts(m[1], 'name')[0],
    version: texts(m[1], 'version')[0],
    hash: texts(m[1], 'hash')[0],
    downloadUrl: texts(m[1], 'downloadUrl')[0],
    manifestUrl: texts(m[1], 'manifestUrl')[0],
  }));
}

// The OpenRosaResponse's message and its nature.
export function orMessage(xml) {
  assert.match(xml, /<OpenRosaResponse xmlns="http:\/\/openrosa.org\/http\/response">/);
  const m = xml.match(/<message nature="([^"]*)">([^<]*)<\/message>/);
  assert.ok(m, xml);
  return { nature: m[1], text: texts(`<t>${m[2]}</t>`, 't')[0] };
}

// A filled opening checklist (form OP) as ODK Collect sends it.
export function opening({ id = `uuid:${randomUUID()}`, station = 'S-001', observer = 'O-01',
  answers = {}, deprecated = '', version = '1' } = {}) {
  const a = { A: '1', B: '07:55:00.000+06:00', C: '1', D: '1', E: '1', F: '1', G: '1',
    H: '0', I: '0', J: '1', K: '0', Z: '4', ...answers };
  const fields = Object.entries(a).map(([t, v]) => `<${t} odk:tag="${t}">${v}</${t}>`).join('');
  const xml = '<?xml version="1.0"?>\n' +
    '<data xmlns="http://www.w3.org/2002/xforms" xmlns:odk="http://www.opendatakit.org/xforms"' +
    ` xmlns:orx="http://openrosa.org/xforms" id="kz-2023_OP" version="${version}" odk:prefix="OP">` +
    `<station odk:tag="station">${station}</station><observer>${observer}</observer>${fields}` +
    `<comment/><orx:meta><orx:instanceID>${id}</orx:instanceID>` +
    `<orx:deprecatedID>${deprecated}</orx:deprecatedID></orx:meta></data>\n`;
  return { id, xml };
}

// ---- multipart bodies, built by hand ----

export const BOUNDARY = '----observa-e2e-' + 'x'.repeat(12);

// parts: [{ name, filename, type, body (string or Buffer) }]
export function multipart(parts, boundary = BOUNDARY) {
  const chunks = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename) head += `; filename="${p.filename}"`;
    head += '\r\n';
    if (p.type) head += `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(head + '\r\n'), Buffer.from(p.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export const xmlPart = (xml) => ({ name: 'xml_submission_file', filename: 'instance.xml',
  type: 'text/xml', body: xml });
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

export async function request(url, { method = 'GET', body, headers = {} } = {}) {
  const r = await fetch(url, { method, body, headers });
  const buf = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, buf, text: buf.toString('utf8') };
}

export function postReport(url, parts, headers = { 'content-type': MULTIPART }) {
  return request(url, { method: 'POST', body: multipart(parts), headers });
}

// POST with Transfer-Encoding: chunked, the body in pieces of size bytes.
export function postChunked(url, body, size, headers = { 'content-type': MULTIPART }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST',
      headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += size) req.write(body.subarray(i, i + size));
    req.end();
  });
}

// Announce a body of length bytes, send none of it, and read the answer.
// A client that announces its body and waits for the server's word
// before sending it (Expect: 100-continue), as curl does for big bodies.
export function postAnnounced(url, length) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST',
      headers: { 'content-type': MULTIPART, 'content-length': String(length),
        expect: '100-continue' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => { req.destroy(); resolve({ status: res.statusCode,
        headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }); });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

export function assertOpenRosaHeaders(headers) {
  const get = (n) => (typeof headers.get === 'function' ? headers.get(n) : headers[n]);
  assert.equal(get('x-openrosa-version'), '1.0');
  assert.ok(!Number.isNaN(Date.parse(get('date'))), `Date: ${get('date')}`);
}

export function assertCleanExit(code, stderr) {
  assert.equal(code, 0, `exit ${code}; stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, /LeakSanitizer|AddressSanitizer|runtime error/);
}
