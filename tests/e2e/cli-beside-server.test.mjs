// cli-beside-server.test.mjs - the command line changing the mission while
// the server takes reports: a form replaced, stations and an observer
// imported, with 32 clients submitting meanwhile.  Every change is made
// (each waits for the server's writer between its commits), and every
// acknowledged report is stored once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ok, runAsync, serve, writeFile } from './lib.mjs';
import { loadDb, Load, M, sql, stored } from './load-lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('command-line changes while 32 clients submit reports', { timeout: 120000 }, async () => {
  const data = loadDb(100);
  const form = JSON.parse(ok(['form', 'show', 'OP', '--db', data.db, ...M, '--format', 'json'])
    .stdout);
  const changes = [];
  for (let i = 1; i <= 10; i++) {
    const f = { ...form, code: 'XQ', name: { en: `Extra checklist ${i}`, ru: `Анкета ${i}` } };
    changes.push(['form', 'add', writeFile(data.dir, `xq${i}.json`, JSON.stringify(f)),
      '--db', data.db, ...M]);
    if (i <= 4) {
      changes.push(['import', 'locations', writeFile(data.dir, `l${i}.csv`,
        `code,name,level,parent\nN-${i},New station ${i},station,R1\n`), '--db', data.db, ...M]);
    }
  }
  changes.push(['import', 'observers', writeFile(data.dir, 'o.csv',
    'code,full_name,phone\nO-NEW,New Observer,+77015559999\n'), '--db', data.db, ...M]);

  const srv = await serve(data.db, ['--no-sms-send']);
  const load = new Load(data, { clients: 32, kinds: ['json'] });
  load.url = srv.url;
  load.start();
  const results = [];
  try {
    await sleep(800);
    for (const args of changes) {
      const before = load.acked.size;
      const r = await runAsync(args);
      results.push({ what: args.slice(0, 2).join(' '), status: r.status, stderr: r.stderr,
        during: load.acked.size - before });
    }
  } finally {
    await load.stop();
    assert.equal(await srv.stop(), 0, srv.stderr());
  }
  for (const r of results) assert.equal(r.status, 0, `${r.what}: ${r.stderr}`);
  // The server went on answering while the changes were made.
  assert.ok(results.reduce((n, r) => n + r.during, 0) > 50,
    `reports acknowledged during the changes: ${results.map((r) => r.during)}`);
  assert.deepEqual(load.other, []);

  const names = sql(data.db, "SELECT code FROM location WHERE code LIKE 'N-%' ORDER BY code");
  assert.deepEqual(names.map((r) => r.code), ['N-1', 'N-2', 'N-3', 'N-4']);
  assert.equal(sql(data.db, "SELECT count(*) AS n FROM observer WHERE code = 'O-NEW'")[0].n, 1);
  const xq = JSON.parse(ok(['form', 'show', 'XQ', '--db', data.db, ...M, '--format', 'json'])
    .stdout);
  assert.equal(xq.name.en, 'Extra checklist 10');
  const db = stored(data.db);
  for (const key of load.acked.keys()) assert.equal(db.json.get(key), 1, key);
});
