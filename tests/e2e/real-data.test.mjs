// real-data.test.mjs - the registry at national scale on real public data:
// the polling stations of Russia's 2018 presidential election (97,699
// stations under 2,778 territorial commissions in 87 regions and abroad),
// from ../shared/data, turned into observa's locations format and imported.
// Skipped, and reported as skipped, when ../shared/data is not beside the
// clone; the generated-data tests in import.test.mjs always run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ok, missionDb, writeFile, shared, release } from './lib.mjs';

const russia2018 = join(shared, 'data', 'russia-2018-stations.csv.gz');

// RFC 4180 records of text (quoted fields may hold commas and line breaks).
function* csvRecords(text) {
  let field = '', record = [], i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { record.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') yield record;
      record = [];
      continue;
    }
    field += c; i++;
  }
  if (field !== '' || record.length) { record.push(field); yield record; }
}

const q = (s) => /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

test('Russia 2018: 97,699 real polling stations import with their voters', {
  timeout: 900000,
  skip: existsSync(russia2018) ? false : `${russia2018} is absent: real-data test skipped`,
}, (t) => {
  const text = gunzipSync(readFileSync(russia2018)).toString('utf8');
  const records = csvRecords(text);
  const header = records.next().value;
  assert.equal(header[0], 'region');
  const lines = ['code,name,level,parent,registered_voters,stratum'];
  const regions = new Map(), tiks = new Map();
  let stations = 0, voters = 0;
  for (const r of records) {
    const [region, tik, uik] = r;
    const abroad = region.startsWith('99 ');
    if (!regions.has(region)) {
      const code = `R${String(regions.size + 1).padStart(2, '0')}`;
      regions.set(region, code);
      lines.push(`${code},${q(region)},${abroad ? 'abroad' : 'region'},RU,,`);
    }
    const tikKey = `${region}\u0000${tik}`;
    if (!tiks.has(tikKey)) {
      const code = `${regions.get(region)}-T${tiks.size + 1}`;
      tiks.set(tikKey, code);
      lines.push(`${code},${q(tik)},territory,${regions.get(region)},,`);
    }
    const registered = Number(r[3]);
    lines.push(`${tiks.get(tikKey)}-${uik},${q(`УИК №${uik}`)},station,${tiks.get(tikKey)},` +
      `${registered},${abroad ? 'abroad' : 'home'}`);
    stations++;
    voters += registered;
  }
  assert.equal(stations, 97699);
  assert.equal(voters, 109008428, 'the CEC\'s figure of registered voters');

  const { dir, db } = missionDb();
  lines.splice(1, 0, 'RU,Россия,country,,,');
  const file = writeFile(dir, 'russia-2018.csv', lines.join('\n') + '\n');
  const started = Date.now();
  const out = ok(['import', 'locations', file, '--mission', 'kz-2023', '--db', db],
    { program: release }).stdout;
  t.diagnostic(`import of ${lines.length - 1} locations took ${((Date.now() - started) / 1000).toFixed(2)} s`);
  assert.match(out, new RegExp(`imported ${lines.length - 1} locations`));

  const list = JSON.parse(ok(['location', 'list', '--mission', 'kz-2023', '--db', db,
    '--level', 'station', '--format', 'json'], { timeout: 600000 }).stdout);
  assert.equal(list.total, 97699);
  assert.equal(list.items.reduce((s, l) => s + l.registered_voters, 0), 109008428);
  const abroad = JSON.parse(ok(['location', 'list', '--mission', 'kz-2023', '--db', db,
    '--level', 'abroad', '--format', 'json']).stdout);
  assert.equal(abroad.total, 1);
  assert.equal(abroad.items[0].name, '99 Территория за пределами РФ');
  const territories = JSON.parse(ok(['location', 'list', '--mission', 'kz-2023', '--db', db,
    '--level', 'territory', '--limit', '1', '--format', 'json']).stdout);
  assert.equal(territories.total, 2778);
  // A Cyrillic station name survives the round trip.
  const one = list.items.find((l) => l.code === `${tiks.values().next().value}-1`);
  assert.equal(one.name, 'УИК №1');
});
