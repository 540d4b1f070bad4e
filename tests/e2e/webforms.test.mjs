// webforms.test.mjs - a real ODK client against observa: ODK Web Forms
// (@getodk/web-forms, the Vue component of ODK Central) renders the XForm of
// each shipped form, as observa's OpenRosa endpoints serve it, in Debian's
// chromium driven by playwright-core.  The test fills the form in as an
// observer would (clicks on the option labels, types numbers, times and
// text), presses Send, takes the instance XML Web Forms produces, POSTs it to
// observa's submission endpoint as multipart (as ODK clients do) and finds
// the report, channel odk, with the right answers in the JSON API.
//
// The host page is served by this test (node:http on 127.0.0.1): it loads
// Web Forms and Vue from tests/e2e/node_modules through an import map (no
// bundler), and the same server forwards /openrosa/ to observa, keeping the
// Host header, so the form list's download URLs are same-origin.
//
// Without /usr/bin/chromium (or the npm packages) the tests are skipped,
// with the reason; scripts/install-deps.sh installs both.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { ok, missionDb, serve, getJson, writeFile, repo } from './lib.mjs';
import { browserSkip, launchBrowser, closeBrowser } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const SHOTS = join(repo, 'build', 'e2e-screenshots');
const M = ['--mission', 'kz-2023'];

// Skip, saying why, where the browser or the npm packages are missing.
const skip = browserSkip ||
  (!existsSync(join(modules, '@getodk', 'web-forms', 'package.json')) &&
    'tests/e2e/node_modules is missing: run npm ci in tests/e2e (scripts/install-deps.sh does)');
const WEB_FORMS_VERSION = skip ? '' :
  JSON.parse(readFileSync(join(modules, '@getodk', 'web-forms', 'package.json'), 'utf8')).version;

const LOCATIONS = [
  'code,name,level,parent',
  'KZ,Kazakhstan,country,',
  'R1,Astana,city,KZ',
  'S-001,Station 1,station,R1',
  'S-002,Station 2,station,R1',
  'T-01,Astana territorial commission,territory,R1',
].join('\n') + '\n';
const OBSERVERS = 'code,full_name\nO-01,Observer One\n';
const CHOICES = [
  'order,code,name,kind',
  '1,AMANAT,Amanat,party',
  '2,AKZHOL,Ak Zhol,party',
  '3,NPK,People\'s Party of Kazakhstan,party',
  '4,AA,Against all,against_all',
].join('\n') + '\n';

// What the observer answers on each form, as canonical answers (forms.md):
// 1/0 for yes/no, numbers, "HH:MM" for times.  Consistent, so no check
// fires and every report is stored as "new".
const REPORTS = {
  OP: { station: 'S-001', answers: { A: 0, B: '08:05', C: 1, D: 1, E: 1, F: 1, G: 1, H: 0,
    I: 0, J: 1, K: 0, Z: 3 } },
  VO: { station: 'S-001', answers: { A: 1, B: 1, C: 1, D: 1, E: 0, F: 0, G: 1, H: 0, I: 1,
    J: 1, K: 1, L: 1, M: 1500, N: 612, Z: 4 } },
  CO: { station: 'S-002', answers: { A: 1, B: 1, C: 1, D: 1, E: 1, F: 1, G: 1, H: 0, I: 1,
    J: 1, K: 1, L: 1, M: 0, Z: 4 } },
  TA: { station: 'T-01', answers: { A: 1, B: 1, C: 0, D: 1, E: 0, F: 1, G: 1, H: 9, I: 5,
    Z: 2 } },
  IN: { station: 'S-002', answers: { A: 4, B: 2,
    C: 'Two men offered money to voters at the entrance; Ш. Ахметов saw it.', D: '14:30', E: 1 } },
  PR: { station: 'S-001', answers: { A: 1000, B: 900, C: 600, D: 10, E: 5, F: 285, G: 500,
    H: 100, I: 20, J: 580, K: 0, L: 0, P1: 300, P2: 200, P3: 60, AA: 20 } },
};
const RATING = { 1: 'Very bad', 2: 'Bad', 3: 'Good', 4: 'Very good' };

// The host page: Web Forms renders the XForm it downloads through the
// form list; on Send it keeps the instance XML for the test to take.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>observa: ODK Web Forms</title>
<script type="importmap">{"imports": {
  "vue": "/node_modules/vue/dist/vue.runtime.esm-browser.prod.js",
  "@getodk/web-forms": "/node_modules/@getodk/web-forms/dist/index.js"}}</script>
</head><body><div id="app"></div>
<script type="module">
import { createApp, h } from 'vue';
import { OdkWebForm, webFormsPlugin } from '@getodk/web-forms';
const host = window.host = { state: 'loading', submissions: [] };
try {
  const q = new URLSearchParams(location.search);
  const server = q.get('server'), formID = q.get('form');
  const listed = await fetch(server + '/formList?formID=' + encodeURIComponent(formID));
  if (!listed.ok) throw new Error('formList: HTTP ' + listed.status);
  const list = new DOMParser().parseFromString(await listed.text(), 'text/xml');
  const url = list.querySelector('xform > downloadUrl')?.textContent;
  if (!url) throw new Error('formList has no downloadUrl for ' + formID);
  const got = await fetch(url);
  if (!got.ok) throw new Error(url + ': HTTP ' + got.status);
  const formXml = await got.text();
  createApp({ render: () => h(OdkWebForm, {
    formXml,
    fetchFormAttachment: (u) => fetch(u),
    // payload: { status, violations, data: [FormData with xml_submission_file] }
    onSubmit: async (payload) => {
      const file = payload.data[0].get('xml_submission_file');
      host.submissions.push({ status: payload.status, xml: await file.text(),
        violations: (payload.violations ?? []).length });
    },
  }) }).use(webFormsPlugin).mount('#app');
  host.state = 'mounted';
} catch (e) {
  host.state = 'failed';
  console.error('host page: ' + (e && e.stack || e));
}
</script></body></html>
`;

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css', '.json': 'application/json', '.ico': 'image/x-icon' };

// The page, the files under node_modules, and /openrosa/ forwarded to observa.
function staticServer(observaUrl) {
  const upstream = new URL(observaUrl);
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    try {
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(PAGE);
      } else if (path === '/favicon.ico') {
        res.writeHead(204);
        res.end();
      } else if (path.startsWith('/node_modules/')) {
        const file = resolve(here, '.' + path);
        if (!file.startsWith(modules + sep)) throw Object.assign(new Error(), { code: 'ENOENT' });
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ||
          'application/octet-stream' });
        res.end(body);
      } else if (path.startsWith('/openrosa/')) {
        const fwd = http.request({ host: upstream.hostname, port: upstream.port, path: req.url,
          method: req.method, headers: req.headers, timeout: 15000 }, (r) => {
          res.writeHead(r.statusCode, r.headers);
          r.pipe(res);
        });
        fwd.on('timeout', () => fwd.destroy(new Error('observa did not answer')));
        fwd.on('error', (e) => { if (!res.headersSent) res.writeHead(502); res.end(String(e)); });
        req.pipe(fwd);
      } else {
        res.writeHead(404);
        res.end();
      }
    } catch (e) {
      if (!res.headersSent) res.writeHead(e.code === 'ENOENT' ? 404 : 500);
      res.end();
    }
  });
  return new Promise((res, rej) => {
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => res(server));
  });
}

// A multipart body with the instance as xml_submission_file, as ODK clients send it.
function multipart(xml) {
  const boundary = `----observa-webforms-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="xml_submission_file"; ` +
      'filename="instance.xml"\r\nContent-Type: text/xml\r\n\r\n'),
    Buffer.from(xml), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (s) => new RegExp(`^\\s*${escapeRe(s)}\\s*$`);
// "14:30" as PrimeVue's 12-hour time picker takes it typed: "02:30 pm".
function time12(hhmm) {
  const [h, m] = hhmm.split(':').map(Number);
  return `${String(h % 12 || 12).padStart(2, '0')}:${String(m).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
}

const SUITE = `ODK Web Forms${skip ? '' : ` ${WEB_FORMS_VERSION}`} in chromium fills and sends every shipped form`;
describe(SUITE, { skip }, () => {
  let srv, web, ctx, cred, api, forms;
  let hostUrl;

  before(async () => {
    const { dir, db } = missionDb();
    ok(['import', 'locations', writeFile(dir, 'l.csv', LOCATIONS), '--db', db, ...M]);
    ok(['import', 'observers', writeFile(dir, 'o.csv', OBSERVERS), '--db', db, ...M]);
    ok(['import', 'choices', writeFile(dir, 'c.csv', CHOICES), '--db', db, ...M]);
    cred = JSON.parse(ok(['observer', 'credentials', 'O-01', '--db', db, ...M,
      '--format', 'json']).stdout);
    // The effective forms (PR with the ballot's lines): labels, types, options.
    forms = {};
    for (const code of Object.keys(REPORTS)) {
      forms[code] = JSON.parse(ok(['form', 'show', code, '--db', db, ...M,
        '--format', 'json']).stdout);
    }
    mkdirSync(SHOTS, { recursive: true });
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    web = await staticServer(srv.url);
    hostUrl = `http://127.0.0.1:${web.address().port}`;
    ctx = await launchBrowser({ viewport: { width: 1000, height: 800 }, timezoneId: 'Asia/Almaty' });
    ctx.setDefaultTimeout(10000);
    ctx.setDefaultNavigationTimeout(20000);
  }, { timeout: 90000 });

  after(async () => {
    try {
      await closeBrowser(ctx);
    } finally {
      try {
        if (web) { web.closeAllConnections(); await new Promise((r) => web.close(r)); }
      } finally {
        if (srv) {
          const code = await srv.stop();
          assert.equal(code, 0, srv.stderr());
          assert.doesNotMatch(srv.stderr(), /LeakSanitizer|AddressSanitizer|runtime error/);
        }
      }
    }
  });

  // Open the form in Web Forms; any console error or page error is kept.
  async function open(code) {
    const page = await ctx.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    await page.goto(`${hostUrl}/?server=/openrosa/${cred.token}&form=kz-2023_${code}`);
    const status = page.locator('.form-initialization-status.ready, .form-initialization-status.error');
    await status.waitFor({ state: 'attached', timeout: 20000 });
    if (await page.locator('.form-initialization-status.error').count()) {
      const why = await page.locator('.form-load-failure-dialog').innerText().catch(() => '');
      assert.fail(`Web Forms could not load ${code}: ${why}\n${errors.join('\n')}`);
    }
    return { page, errors };
  }

  // The container of the question whose label is text.
  const question = (page, text) => page.locator('.question-container').filter({
    has: page.locator('.control-text > label', { hasText: exactly(text) }) });

  async function choose(page, label, option) {
    const q = question(page, label);
    await q.locator('label.value-option').filter({
      has: page.locator('.text-content', { hasText: exactly(option) }) }).click();
  }

  async function type(page, locator, text) {
    await locator.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
  }

  async function answer(page, q, value) {
    const label = q.text.en;
    switch (q.type) {
      case 'yesno': return choose(page, label, value ? 'Yes' : 'No');
      case 'rating': return choose(page, label, RATING[value]);
      case 'select_one':
        return choose(page, label, q.options.find((o) => o.value === value).text.en);
      case 'integer':
        return type(page, question(page, label).locator('input.p-inputnumber-input'), String(value));
      case 'text':
        return type(page, question(page, label).locator('textarea'), value);
      case 'time': {
        // Typed key by key, "02:30 p" would already parse as 02:30 am:
        // the whole time goes in as one input event.
        const input = question(page, label).locator('input.p-datepicker-input');
        await input.click();
        await input.fill(time12(value));
        return page.keyboard.press('Escape');
      }
      default: throw new Error(`no way to answer a ${q.type} question`);
    }
  }

  async function send(page) {
    await page.getByRole('button', { name: 'Send', exact: true }).click();
  }

  for (const code of Object.keys(REPORTS)) {
    test(`${code}: rendered, filled in, sent; the report is in observa`, { timeout: 90000 }, async () => {
      const form = forms[code];
      const { station, answers } = REPORTS[code];
      const { page, errors } = await open(code);
      let sub;
      try {
        // Rendered: the title and every question of the definition.
        await page.locator('.form-title h1').waitFor();
        assert.equal((await page.locator('.form-title h1').innerText()).trim(), form.name.en);
        const stationLabel = form.level === 'territory' ? 'Territorial election commission'
          : 'Polling station';
        assert.equal(await question(page, stationLabel).count(), 1, stationLabel);
        for (const q of form.questions) {
          assert.equal(await question(page, q.text.en).count(), 1, `${code} ${q.tag}: ${q.text.en}`);
        }
        assert.equal(await page.locator('.note-value').innerText(), 'O-01');
        await page.screenshot({ path: join(SHOTS, `${code}.png`), fullPage: true });

        // Send with nothing answered: Web Forms refuses, the station is required.
        await send(page);
        await question(page, stationLabel).locator('.validation-message', {
          hasText: 'An answer is required' }).waitFor();
        assert.equal(await page.evaluate(() => window.host.submissions.length), 0);

        await type(page, question(page, stationLabel).locator('input'), station);
        for (const q of form.questions) {
          if (q.tag in answers) await answer(page, q, answers[q.tag]);
        }
        if (code === 'TA') {
          // I <= H is a reject check, written into the XForm as a constraint:
          // Web Forms will not send 12 differing protocols out of 9 watched.
          const i = form.questions.find((q) => q.tag === 'I');
          await answer(page, i, 12);
          await send(page);
          await question(page, i.text.en).locator('.validation-message', {
            hasText: 'More protocols with differing figures than protocols watched' }).waitFor();
          assert.equal(await page.evaluate(() => window.host.submissions.length), 0);
          await answer(page, i, answers.I);
        }
        await page.screenshot({ path: join(SHOTS, `${code}-filled.png`), fullPage: true });
        await send(page);
        await page.waitForFunction(() => window.host.submissions.length > 0, null,
          { timeout: 15000 });
        [sub] = await page.evaluate(() => window.host.submissions);
      } finally {
        await page.close();
      }
      assert.deepEqual(errors, [], `${code}: errors in the browser`);
      assert.equal(sub.status, 'ready');
      assert.equal(sub.violations, 0);

      // The instance as Web Forms made it.
      const xml = sub.xml;
      // The version the XForm was served with (PR's names its ballot).
      const version = code === 'PR' ? '1\\.[0-9a-f]{8}' : '1';
      assert.match(xml, new RegExp(`^<data [^>]*id="kz-2023_${code}" version="${version}"`));
      assert.match(xml, new RegExp(`<station odk:tag="station">${station}</station>`));
      assert.match(xml, /<observer>O-01<\/observer>/);
      assert.match(xml, /<deprecatedID\/>/);
      const id = xml.match(/<instanceID>(uuid:[0-9a-f-]{36})<\/instanceID>/)?.[1];
      assert.ok(id, xml);

      // Sent to observa as ODK clients send it.
      const { body, type: contentType } = multipart(xml);
      const r = await fetch(`${srv.url}/openrosa/${cred.token}/submission`, {
        method: 'POST', body, headers: { 'content-type': contentType },
        signal: AbortSignal.timeout(15000) });
      const text = await r.text();
      assert.equal(r.status, 201, text);
      assert.match(text, /<message nature="submit_success">Report received/);

      const list = await getJson(`${api}/submissions?channel=odk&form=${code}&limit=100`);
      assert.equal(list.status, 200);
      const s = list.body.items.find((x) => x.client_id === id);
      assert.ok(s, `${id} not in ${JSON.stringify(list.body)}`);
      assert.equal(s.channel, 'odk');
      assert.equal(s.form, code);
      assert.equal(s.station, station);
      assert.equal(s.observer, 'O-01');
      assert.equal(s.status, 'new', JSON.stringify(s));
      assert.deepEqual(s.answers, answers);
    });
  }
});
