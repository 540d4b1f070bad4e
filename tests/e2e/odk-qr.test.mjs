// odk-qr.test.mjs - the QR code that sets ODK Collect up, read back as a
// phone would read it: "observa observer credentials --format svg" writes
// the page, Debian's chromium (driven by playwright-core) draws it, zbar's
// zbarimg decodes the code from the picture, and the settings inside
// (base64, then zlib) must be the observer's, with a server URL that
// "observa serve" answers with the mission's forms.  Also: the token is
// never printed in plain text, a page that cannot be made stores nothing,
// and renewing stops the old code's URL.
//
// Without chromium, zbarimg or the npm packages the test fails and says
// what is missing: scripts/install-deps.sh installs all three.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { ok, run, missionDb, serve, writeFile, repo } from './lib.mjs';
import { CHROMIUM, launchBrowser, closeBrowser } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ZBARIMG = process.env.ZBARIMG || '/usr/bin/zbarimg';
const SHOTS = join(repo, 'build', 'e2e-screenshots');
const M = ['--mission', 'kz-2023'];
const FORMS = ['CO', 'IN', 'OP', 'PR', 'TA', 'VO'];

const LOCATIONS = 'code,name,level,parent\nKZ,Kazakhstan,country,\nS-001,Station 1,station,KZ\n';
const OBSERVERS = 'code,full_name\nO-01,Observer One\nO-02,Observer Two\n';

// What this test needs and scripts/install-deps.sh installs; missing
// ones fail the test with the reason instead of letting it pass unchecked.
function missing() {
  const why = [];
  if (!existsSync(CHROMIUM)) why.push(`${CHROMIUM} (Debian package chromium)`);
  if (!existsSync(ZBARIMG)) why.push(`${ZBARIMG} (Debian package zbar-tools)`);
  if (!existsSync(join(here, 'node_modules', 'playwright-core', 'package.json'))) {
    why.push('tests/e2e/node_modules/playwright-core (npm ci in tests/e2e)');
  }
  return why.length ? `missing: ${why.join(', ')}; scripts/install-deps.sh installs them` : '';
}

// The text of every QR code zbarimg finds in the PNG file.
// The texts of the QR codes zbarimg reads in png, each once: only QR codes
// are looked for (a line of the page's text once read as a 1D barcode),
// and a symbol read twice counts once.
function zbar(png) {
  const r = spawnSync(ZBARIMG, ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', png],
    { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `zbarimg found no code in ${png} (exit ${r.status}): ${r.stderr}`);
  return [...new Set(r.stdout.split('\n').filter((l) => l !== ''))];
}

// Collect's settings from a code's text: base64, zlib, JSON.
function settings(text) {
  assert.match(text, /^[A-Za-z0-9+/]+={0,2}$/, 'standard base64');
  return JSON.parse(inflateSync(Buffer.from(text, 'base64')).toString('utf8'));
}

describe('the QR code of "observer credentials --format svg" sets ODK Collect up', () => {
  let srv, db, dir, ctx, page;

  before(async () => {
    const why = missing();
    if (why) throw new Error(why);
    ({ dir, db } = missionDb());
    ok(['import', 'locations', writeFile(dir, 'l.csv', LOCATIONS), '--db', db, ...M]);
    ok(['import', 'observers', writeFile(dir, 'o.csv', OBSERVERS), '--db', db, ...M]);
    srv = await serve(db);
    // 3 device pixels a CSS pixel: a module (1 mm) is about 11 pixels wide.
    ctx = await launchBrowser({ viewport: { width: 600, height: 600 }, deviceScaleFactor: 3 });
    ctx.setDefaultTimeout(10000);
    page = await ctx.newPage();
    mkdirSync(SHOTS, { recursive: true });
  }, { timeout: 90000 });

  after(async () => {
    try {
      await closeBrowser(ctx);
    } finally {
      if (srv) {
        const code = await srv.stop();
        assert.equal(code, 0, srv.stderr());
        assert.doesNotMatch(srv.stderr(), /LeakSanitizer|AddressSanitizer|runtime error/);
      }
    }
  });

  // The page of observer code as chromium draws it, and the code zbarimg
  // reads from the picture.
  async function scan(code, extra = []) {
    const r = ok(['observer', 'credentials', code, '--db', db, ...M, '--base-url', srv.url,
      '--format', 'svg', ...extra]);
    const svg = r.stdout;
    const file = writeFile(dir, `${code}.svg`, svg);
    await page.goto(pathToFileURL(file).href);
    const shot = await page.locator('svg').screenshot();
    const png = join(dir, `${code}.png`);
    writeFileSync(png, shot);
    writeFileSync(join(SHOTS, `odk-qr-${code}.png`), shot);
    const texts = zbar(png);
    assert.equal(texts.length, 1, `one code on the page: ${texts.length}`);
    return { svg, text: texts[0], stderr: r.stderr };
  }

  test('the code holds the observer\'s settings, and its server URL lists the forms',
    async () => {
      const { svg, text } = await scan('O-01');
      assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      const s = settings(text);
      assert.deepEqual(Object.keys(s).sort(), ['admin', 'general', 'project']);
      assert.deepEqual(s.admin, {});
      assert.deepEqual(s.project, { name: 'observa kz-2023' });
      const g = s.general;
      assert.deepEqual(Object.keys(g).sort(),
        ['autosend', 'form_update_mode', 'server_url', 'username']);
      assert.equal(g.username, 'O-01');
      assert.equal(g.form_update_mode, 'match_exactly');
      assert.equal(g.autosend, 'wifi_and_cellular');
      assert.match(g.server_url, new RegExp(`^${srv.url}/openrosa/[A-Za-z0-9_-]{43}$`));

      // The URL works as Collect uses it: the form list with every form.
      const r = await fetch(`${g.server_url}/formList`);
      const xml = await r.text();
      assert.equal(r.status, 200, xml);
      const ids = [...xml.matchAll(/<formID>([^<]*)<\/formID>/g)].map((m) => m[1]);
      assert.deepEqual(ids, FORMS.map((f) => `kz-2023_${f}`));
      assert.ok(xml.includes(`<downloadUrl>${g.server_url}/forms/kz-2023_OP.xml</downloadUrl>`));

      // The caption: who, and what to type by hand (the Digest URL, the
      // user name and a PIN), but never the token itself.
      const token = g.server_url.split('/').pop();
      assert.ok(!svg.includes(token), 'the token is only in the code');
      assert.ok(svg.includes('Observer O-01 · mission kz-2023'));
      assert.ok(svg.includes(`server URL ${srv.url}/openrosa/m/kz-2023`));
      assert.match(svg, /user name O-01, password \(PIN\) [0-9]{6}</);
      const shown = await page.locator('svg text').allTextContents();
      assert.equal(shown.length, 7);
      assert.equal(shown[0], 'Observer O-01 · mission kz-2023');
    });

  test('renewing makes a new code, and the old code\'s URL stops working', async () => {
    // O-01 has credentials: without --renew nothing is printed.
    const again = run(['observer', 'credentials', 'O-01', '--db', db, ...M, '--format', 'svg']);
    assert.equal(again.status, 1);
    assert.equal(again.stdout, '');
    assert.match(again.stderr, /already has credentials/);

    const before = settings((await scan('O-02')).text).general.server_url;
    assert.equal((await fetch(`${before}/formList`)).status, 200);
    const renewed = await scan('O-02', ['--renew']);
    assert.match(renewed.stderr, /previous credentials of observer O-02 no longer work/);
    const after = settings(renewed.text).general.server_url;
    assert.notEqual(after, before);
    assert.equal((await fetch(`${before}/formList`)).status, 401);
    assert.equal((await fetch(`${after}/formList`)).status, 200);
  });

  test('a page that cannot be made stores no credentials', () => {
    // A server URL too long for any QR code, even deflated: refused,
    // nothing stored.
    const long = `http://h${randomBytes(4000).toString('hex')}.example.org`;
    const r = run(['observer', 'credentials', 'O-01', '--db', db, ...M, '--renew',
      '--base-url', long, '--format', 'svg']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /too many for a QR code/);
    assert.doesNotMatch(r.stderr, /no longer work/);
    // O-01's credentials are still those of the first test: the audit
    // log has their making and nothing since.
    const audit = JSON.parse(ok(['audit', '--db', db, ...M, '--entity', 'credential',
      '--format', 'json']).stdout).filter((a) => a.key === 'O-01');
    assert.deepEqual(audit.map((a) => a.action), ['create'], JSON.stringify(audit));
    assert.equal(run(['observer', 'credentials', 'O-01', '--db', db, ...M, '--format', 'bmp'])
      .status, 2);
  });
});
