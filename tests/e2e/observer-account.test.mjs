// observer-account.test.mjs - an observer's account acts as its observer:
// it is named by the observer's code (an account for no such observer is
// refused), it sends that observer's reports only, and it sees the
// stations that observer is deployed to; other accounts see none there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, serve } from './lib.mjs';
import { accountsDb, as, PASSWORD } from './auth-lib.mjs';

test("an observer's account sends its own reports and sees its own stations", async () => {
  const { db, tokens } = accountsDb();
  const r = run(['user', 'add', 'someone', '--role', 'observer', '--mission', 'kz-2023',
    '--password-stdin', '--db', db], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /an observer's account is named by the observer's code, and kz-2023 has no observer "someone"/);
  assert.equal(run(['user', 'role', 'clerk-user', '--role', 'observer', '--mission', 'kz-2023',
    '--db', db]).status, 1);

  const srv = await serve(db);
  const api = `${srv.url}/api/v1/missions/kz-2023`;
  try {
    const dep = await fetch(`${api}/assignments`, { method: 'POST',
      body: JSON.stringify([{ observer: 'observer-user', station: 'S-1' }, { observer: 'O-1', station: 'S-1' }]) });
    assert.ok([200, 201].includes(dep.status), await dep.text());

    const mine = await (await as(tokens.observer, `${api}/my/assignments`)).json();
    assert.equal(mine.total, 1);
    assert.deepEqual(mine.items.map((a) => [a.observer, a.station]), [['observer-user', 'S-1']]);
    const clerks = await (await as(tokens.clerk, `${api}/my/assignments`)).json();
    assert.deepEqual([clerks.total, clerks.items], [0, []]);

    const report = (observer, id) => as(tokens.observer, `${api}/submissions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, form: 'IN', station: 'S-1', observer,
        answers: { A: 1, B: 1, C: 'A man photographed voters.', D: '10:15' } }) });
    let res = await report('O-1', 'not-mine');
    assert.equal(res.status, 403);
    assert.match((await res.json()).error, /the account of observer observer-user sends its own reports only, not O-1's/);
    res = await report('observer-user', 'mine');
    assert.equal(res.status, 201, await res.text());
    // A clerk keys in anyone's paper form.
    res = await as(tokens.clerk, `${api}/submissions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'by-clerk', form: 'IN', station: 'S-1', observer: 'O-1',
        answers: { A: 1, B: 1, C: 'Keyed in from paper.', D: '10:20' } }) });
    assert.equal(res.status, 201, await res.text());
  } finally {
    await srv.stop();
  }
});
