// results-real-data.test.mjs - official results at national scale on real
// public data: Russia's 2018 presidential election, 97,699 polling
// stations from ../shared/data, loaded with "observa import results" and a
// mapping of the CEC's own Russian column headers, from a .gz file; the
// totals served back must be the CEC's (Putin 56,430,712 votes, 109,008,428
// voters on the lists).  Skipped, and reported as skipped, when
// ../shared/data is not beside the clone; results.test.mjs covers the same
// on generated data and always runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ok, missionDb, serve, getJson, writeFile, shared, release } from './lib.mjs';

const russia2018 = join(shared, 'data', 'russia-2018-stations.csv.gz');

// The records of CSV text (RFC 4180: quoted fields hold commas, quotes
// and line breaks).
function records(text) {
  const out = [];
  let rec = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      rec.push(field); field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rec.push(field); field = '';
      if (rec.length > 1 || rec[0] !== '') out.push(rec);
      rec = [];
    } else {
      field += c;
    }
  }
  if (field !== '' || rec.length) { rec.push(field); out.push(rec); }
  return out;
}

const q = (s) => /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

test('Russia 2018: official results of 97,699 stations through a mapping of the CEC\'s headers', {
  timeout: 1800000,
  skip: existsSync(russia2018) ? false : `${russia2018} is absent: real-data test skipped`,
}, async (t) => {
  const [header, ...rows] = records(gunzipSync(readFileSync(russia2018)).toString('utf8'));
  assert.equal(rows.length, 97699);
  // Stations are known to a mission by codes of its own: region, commission
  // and precinct numbers.  The commission's file gets that code as its first
  // column and is otherwise read as published.
  const regions = new Map(), tiks = new Map();
  const locations = ['code,name,level,parent', 'RU,Россия,country,'];
  const codes = [];
  for (const [region, tik, uik] of rows) {
    if (!regions.has(region)) {
      regions.set(region, `R${regions.size + 1}`);
      locations.push(`${regions.get(region)},${q(region)},${region.startsWith('99 ') ? 'abroad' : 'region'},RU`);
    }
    const key = `${region}\u0000${tik}`;
    if (!tiks.has(key)) {
      tiks.set(key, `${regions.get(region)}-T${tiks.size + 1}`);
      locations.push(`${tiks.get(key)},${q(tik)},territory,${regions.get(region)}`);
    }
    codes.push(`${tiks.get(key)}-${uik}`);
    locations.push(`${codes.at(-1)},${q(`УИК №${uik}`)},station,${tiks.get(key)}`);
  }
  const candidates = header.slice(15, 23);
  assert.equal(candidates[3], 'Путин Владимир Владимирович');

  const { dir, db } = missionDb();
  const M = ['--mission', 'kz-2023', '--db', db];
  ok(['import', 'locations', writeFile(dir, 'locations.csv', locations.join('\n') + '\n'), ...M],
    { timeout: 900000, program: release });
  ok(['import', 'choices', writeFile(dir, 'ballot.csv', ['order,code,name,kind',
    ...candidates.map((name, i) => `${i + 1},C${i + 1},${q(name)},candidate`)].join('\n') + '\n'), ...M]);
  const file = [['code', ...header], ...rows.map((r, i) => [codes[i], ...r])]
    .map((r) => r.map(q).join(',')).join('\n') + '\n';
  const gz = writeFile(dir, 'russia-2018.csv.gz', gzipSync(Buffer.from(file)));
  // The protocol's twelve lines are PR's A to L, in the same order.
  const mapping = ['station=code',
    ...header.slice(3, 15).map((text, i) => `${String.fromCharCode(65 + i)}=${text}`),
    ...candidates.map((name, i) => `C${i + 1}=${name}`)];
  const started = Date.now();
  const out = ok(['import', 'results', gz, '--map', writeFile(dir, 'russia.map', mapping.join('\n')), ...M],
    { timeout: 900000, program: release }).stdout;
  t.diagnostic(`import of ${rows.length} official rows took ${((Date.now() - started) / 1000).toFixed(2)} s`);
  assert.equal(out, 'imported official results of 97699 stations into kz-2023: 97699 new, 0 updated, 0 unchanged\n');

  // The totals served back are the CEC's: every station's lines through
  // the API's export (one streamed request: a hundred pages of the listing
  // would each sort the country again), and the listing's count.
  const srv = await serve(db, [], {}, release);
  const sum = {};
  let n = 0;
  try {
    const exported = await fetch(`${srv.url}/api/v1/missions/kz-2023/export/official?format=jsonl`);
    assert.equal(exported.status, 200);
    for (const line of (await exported.text()).split('\n')) {
      if (!line) continue;
      const { station, region, source, updated_at: at, other_lines: other, ...lines } = JSON.parse(line);
      assert.equal(other, null, station);
      n++;
      for (const [k, v] of Object.entries(lines)) if (v !== null) sum[k] = (sum[k] || 0) + v;
    }
    const listed = (await getJson(`${srv.url}/api/v1/missions/kz-2023/results/official?limit=1000`)).body;
    assert.equal(listed.total, 97699);
    assert.equal(listed.items.length, 1000);
    assert.deepEqual(listed.items.map((r) => r.station), [...listed.items.map((r) => r.station)].sort());
    const abroadCode = [...regions].find(([name]) => name.startsWith('99 '))[1];
    const abroad = (await getJson(`${srv.url}/api/v1/missions/kz-2023/results/official?region=${abroadCode}&limit=0`)).body;
    assert.equal(abroad.total, rows.filter((r) => r[0].startsWith('99 ')).length);
  } finally {
    await srv.stop();
  }
  assert.equal(n, 97699);
  assert.equal(sum.A, 109008428);
  assert.equal(sum.P4, 56430712);
  assert.equal(sum.J, 72787734);
  assert.equal(sum.I, 791258);
});
