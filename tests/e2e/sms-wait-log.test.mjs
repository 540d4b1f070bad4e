// sms-wait-log.test.mjs - replies that cannot go out (the mission has no
// outbound gateway) are said to wait in the server's log once, then at
// most once a minute with how many waited, not again on every look at the
// queue while messages keep arriving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ok, missionDb, serve, writeFile } from './lib.mjs';

const M = ['--mission', 'kz-2023'];

test('messages waiting for a gateway are logged once, not on every pass', async () => {
  const { dir, db } = missionDb();
  ok(['import', 'locations', writeFile(dir, 'l.csv', 'code,name,level,parent\nKZ,Kazakhstan,country,\n' +
    'ALM,Almaty region,region,KZ\n15-0123,Station 123,station,ALM\n'), '--db', db, ...M]);
  ok(['import', 'observers', writeFile(dir, 'o.csv', 'code,full_name,phone\n' +
    'O-01,Observer 1,+77014440001\n'), '--db', db, ...M]);
  const secret = ok(['sms', 'secret', '--db', db, ...M]).stdout.trim().split('\n').pop();
  const srv = await serve(db, [], { OBSERVA_SMS_POLL_SECONDS: '1' });
  try {
    // Twelve messages over about four seconds: several passes of the
    // outbox, each finding new replies that cannot be sent.
    for (let i = 0; i < 12; i++) {
      const body = new URLSearchParams({ from: '+77014440001', id: `gw-${i}`, secret,
        text: `OP 15-0123 A1 B07${String(10 + i)} C1 D1 E1 F1 G1 H0 I0 J1 K0 Z4` });
      const r = await fetch(`${srv.url}/sms/generic/kz-2023`, { method: 'POST', body });
      assert.equal(r.status, 200);
      assert.equal((await r.json()).status, 'accepted');
      await new Promise((res) => setTimeout(res, 350));
    }
    await new Promise((res) => setTimeout(res, 1500));
  } finally {
    await srv.stop();
  }
  const lines = srv.stderr().split('\n').filter((l) => /messages? of mission kz-2023 waits?/.test(l));
  assert.equal(lines.length, 1, srv.stderr());
  assert.match(lines[0], /no outbound gateway configured \(said again at most once a minute\)$/);
});
