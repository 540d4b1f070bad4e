// clerk-observers.test.mjs - a clerk manages observers: imports them,
// records the commission's accreditation decisions, imports assignments;
// the locations, whose registered voters weigh every figure, stay the
// coordinator's (manage_locations), however the path spells them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib.mjs';
import { accountsDb, as } from './auth-lib.mjs';

test('a clerk manages observers (imports, accreditation) but not the locations', async () => {
  const { db, tokens } = accountsDb();
  const srv = await serve(db);
  const api = `${srv.url}/api/v1/missions/kz-2023`;
  const csv = async (path, body, token = tokens.clerk) => {
    const r = await as(token, `${api}/import/${path}`, {
      method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    return { status: r.status, text: await r.text() };
  };
  const STATION = 'code,name,level,parent\nS-2,Station 2,station,KZ\n';
  try {
    let r = await csv('observers', 'code,full_name\nO-9,Observer Nine\n');
    assert.equal(r.status, 200, r.text);
    const acc = await as(tokens.clerk, `${api}/observers/O-9/accreditation`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'accredited', badge: 'CEC-0009' }) });
    assert.equal(acc.status, 200, await acc.text());
    r = await csv('assignments', 'observer,station\nO-9,S-1\n');
    assert.equal(r.status, 200, r.text);
    // The locations are not the clerk's, however the path spells them.
    for (const path of ['locations', '%6Cocations', 'locat%69ons']) {
      r = await csv(path, STATION);
      assert.equal(r.status, 403, `${path}: ${r.text}`);
      assert.match(JSON.parse(r.text).error, /does not have permission manage_locations/);
    }
    r = await csv('locations', STATION, tokens.coordinator);
    assert.equal(r.status, 200, r.text);
  } finally {
    assert.equal(await srv.stop(), 0, srv.stderr());
  }
});
