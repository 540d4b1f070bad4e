// dashboard.test.mjs - the web dashboard served by observa itself, driven
// in Debian's chromium by playwright-core on the demo mission (observa demo
// --no-serve): sign in, watch coverage
// change live while reports are posted over the API (server-sent events,
// no reload), filter the reports, verify one, key in a paper checklist
// with a missing answer, see the problem next to its question, fix it and
// send it, switch to Russian; record an accreditation decision, check a CSV
// file then import it; the seats and forensics of the official results;
// each role sees its own pages only; no request may leave 127.0.0.1.  Screenshots
// of every page go to build/e2e-screenshots/dashboard/.
//
// Without /usr/bin/chromium (or playwright-core in tests/e2e/node_modules)
// the tests are skipped, with the reason; scripts/install-deps.sh installs both.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, serve, getJson, tempDir, repo, demoCopy } from './lib.mjs';
import { browserSkip, launchBrowser, watchOutside, watchErrors, signInAs as signIn, closeBrowser } from './browser.mjs';

const SHOTS = join(repo, 'build', 'e2e-screenshots', 'dashboard');

describe('the dashboard', { skip: browserSkip }, () => {
  let srv, ctx, page, api, db, dir;
  const outside = [];
  const streams = [];
  const errors = [];
  const USER = 'dash-coordinator';
  // An observer's account, named by the observer's code (one the demo
  // deploys nowhere: the test deploys it).
  const OBSERVER = 'AWEB-001';
  const PASSWORD = 'a long enough pass phrase 7';

  before(async () => {
    dir = tempDir('observa-dash-');
    ({ db } = demoCopy(dir));
    // Accounts of the demo mission: a coordinator, a viewer, an observer.
    for (const [name, role] of [[USER, 'coordinator'], ['dash-viewer', 'viewer'], [OBSERVER, 'observer']]) {
      ok(['user', 'add', name, '--role', role, '--mission', 'kz-2023', '--password-stdin', '--db', db],
        { input: `${PASSWORD}\n` });
    }
    mkdirSync(SHOTS, { recursive: true });
    console.log(`# screenshots in ${SHOTS}`);
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    ctx = await launchBrowser();
    watchOutside(ctx, outside);
    page = ctx.pages()[0] || await ctx.newPage();
    watchErrors(page, errors);
  }, { timeout: 900000 });

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

  // A screenshot of a drawn page: main's data-ready names the address
  // drawn (app.js), and every image on it has loaded.
  const shot = async (name) => {
    await page.waitForFunction(() => {
      const main = document.getElementById('main');
      return main && main.dataset.ready === (location.hash || '#');
    }, null, { timeout: 30000 });
    // Images loaded lazily load once seen.
    await page.evaluate(() => [...document.images].forEach((i) => { if (!i.complete) i.scrollIntoView(); }));
    await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 30000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
  };
  const visit = async (hash, ready) => {
    await page.goto(`${srv.url}/#/${hash}`);
    await page.locator(ready).first().waitFor();
  };
  // An API request with the test's own credentials (lib's, as for every test).
  const postJson = async (path, body) => {
    const r = await fetch(`${api}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };

  test('the page and its files come from the binary with a strict policy', async () => {
    const r = await fetch(`${srv.url}/`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const html = await r.text();
    assert.doesNotMatch(html, /<script>|\son[a-z]+=|\sstyle=/, 'no inline script, handler or style');
    const js = await fetch(`${srv.url}/static/app.js`);
    assert.equal(js.status, 200);
    const etag = js.headers.get('etag');
    assert.ok(etag);
    const again = await fetch(`${srv.url}/static/app.js`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await fetch(`${srv.url}/static/nothing.js`)).status, 404);
  });

  test('the event stream says hello, and stays open while the server stops', async () => {
    const r = await fetch(`${api}/events`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/event-stream/);
    const reader = r.body.getReader();
    let text = '';
    while (!/\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    assert.match(text, /^retry: \d+\nevent: hello\ndata: \{"version":\d+\}\n\n/);
    // Left open: after() stops the server with this stream waiting, which
    // must end it and exit 0.
    streams.push(reader);
    const missing = await fetch(`${srv.url}/api/v1/missions/nope/events`);
    assert.equal(missing.status, 404);
  });

  test('sign in, then the overview', async () => {
    await page.goto(`${srv.url}/`);
    {
      await page.locator('#signin-user').waitFor();
      await shot('signin');
      await page.fill('#signin-user', USER);
      await page.fill('#signin-password', 'not the password');
      await page.click('#signin-submit');
      await page.getByText('Wrong user name or password').waitFor();
      await page.fill('#signin-password', PASSWORD);
      await page.click('#signin-submit');
    }
    await page.locator('#ov-obs').waitFor();
    const sentence = (await getJson(`${api}/accreditation`)).body.summary;
    await page.getByText(sentence).waitFor();
    const nav = await page.locator('#nav a').allTextContents();
    for (const name of ['Overview', 'Coverage', 'Reports', 'Data entry', 'Incidents', 'Findings', 'Results'])
      assert.ok(nav.includes(name), `navigation has ${name}: ${nav}`);
    await shot('overview');
    // The day's count follows new reports without a reload.
    const count = async () => Number((await page.locator('#ov-today-count').textContent()).replace(/\D/g, ''));
    const before = await count();
    const r = await postJson('submissions', { id: 'overview-live', form: 'IN', station: (await getJson(`${api}/locations?level=station&limit=1`)).body.items[0].code,
      observer: (await getJson(`${api}/observers?limit=1`)).body.items[0].code, answers: { A: 11, B: 1, C: 'The lights went out for ten minutes.', D: '14:30' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await page.waitForFunction((n) => Number(document.querySelector('#ov-today-count').textContent.replace(/\D/g, '')) === n, before + 1, { timeout: 10000 });
  });

  test('coverage changes live while reports arrive over the API', async () => {
    await visit('coverage?form=OP', '#coverage-totals .stat[data-key=reported]');
    await page.evaluate(() => { window.notReloaded = true; });
    const stat = page.locator('#coverage-totals .stat[data-key=reported]');
    const before = Number((await stat.textContent()).replace(/\D/g, ''));
    const cov = (await getJson(`${api}/coverage?form=OP&limit=3`)).body;
    assert.equal(before, cov.total.OP.reported);
    await page.locator('.map .region').first().waitFor();
    await shot('coverage');
    // Two missing stations report their opening: the page shows it by itself.
    for (const [i, m] of cov.missing.slice(0, 2).entries()) {
      const r = await postJson('submissions', { id: `live-${i}`, form: 'OP', station: m.station,
        observer: m.observers[0].code, answers: { A: 1, C: 1, D: 1, E: 1, F: 1, G: 1, H: 0, I: 0, J: 1, K: 0, Z: 4 } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      await page.waitForFunction(([n]) => Number(document.querySelector('#coverage-totals .stat[data-key=reported]').textContent.replace(/\D/g, '')) === n,
        [before + i + 1], { timeout: 10000 });
    }
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'no reload');
    await shot('coverage-after');
    await page.locator('.map').screenshot({ path: join(SHOTS, 'coverage-map.png') });
  });

  test('filter the reports, open one, verify it', async () => {
    await visit('reports', '#reports-count');
    await page.selectOption('#f-form', 'VO');
    await page.selectOption('#f-status', 'new');
    await page.click('#report-filters button[type=submit]');
    await page.waitForURL(/form=VO/);
    await page.locator('#reports-count').waitFor();
    const total = (await getJson(`${api}/submissions?form=VO&status=new&limit=0`)).body.total;
    assert.match(await page.locator('#reports-count').textContent(), new RegExp(`of ${total.toLocaleString('en-GB')}`));
    const forms = await page.locator('#reports-table tbody tr td:nth-child(2)').allTextContents();
    assert.ok(forms.length > 0 && forms.every((f) => f === 'VO'), forms.join());
    await shot('reports');
    const first = page.locator('#reports-table tbody tr td:first-child a').first();
    const id = Number(await first.textContent());
    await first.click();
    await page.locator('#verify').waitFor();
    await shot('report');
    await page.fill('#review-note', 'called the observer: confirmed');
    await page.click('#verify');
    await page.locator('#report-status .b-verified').waitFor();
    const now = (await getJson(`${api}/submissions/${id}`)).body;
    assert.equal(now.status, 'verified');
    assert.equal(now.review.note, 'called the observer: confirmed');
  });

  test('settle a conflict between two observers from a report', async () => {
    const c = (await getJson(`${api}/conflicts?open=1&limit=1`)).body.items[0];
    assert.ok(c, 'the demo has open conflicts');
    await visit(`report/${c.values[0].submission}`, '#report-conflicts');
    await shot('report-conflict');
    const row = page.locator('#report-conflicts tbody tr', { has: page.locator(`strong:text-is("${c.tag}")`) }).first();
    await row.locator('.settle button').first().click();
    await row.locator('.b-verified').waitFor();
    const now = (await getJson(`${api}/conflicts?station=${encodeURIComponent(c.station)}&form=${c.form}`)).body.items.find((x) => x.id === c.id);
    assert.equal(now.open, false);
    assert.deepEqual(now.resolved_value, c.values[0].value);
  });

  test('key in a paper checklist: a problem, its fix, the report stored', async () => {
    await visit('entry?form=OP', '#entry-form');
    const miss = (await getJson(`${api}/coverage?form=OP&limit=1&offset=5`)).body.missing[0];
    await page.fill('#entry-station', miss.station);
    await page.fill('#entry-observer', miss.observers[0].code);
    // Yes/no by keyboard: focus the first answer of A, then y, y, ... (each moves on).
    await page.focus('#q-A');
    await page.keyboard.press('y');
    await page.keyboard.type('0755');
    await page.keyboard.press('Enter');
    for (const key of ['y', 'y', 'y', 'y', 'y', 'n', 'n', 'y', 'n']) await page.keyboard.press(key);
    // Z, the overall rating, is required and left out.
    await page.click('#entry-send');
    const problem = page.locator('.q[data-q=Z] .problem');
    await problem.waitFor();
    assert.match(await problem.textContent(), /required|missing/i);
    assert.equal(await page.locator('.q.has-problem').count(), 1);
    await shot('entry-problem');
    await page.focus('#q-Z');
    await page.keyboard.press('4');
    await page.keyboard.press('Control+Enter');
    await page.locator('#entry-ok').waitFor();
    const id = Number((await page.locator('#entry-ok a').getAttribute('href')).split('/').pop());
    const stored = (await getJson(`${api}/submissions/${id}`)).body;
    assert.equal(stored.channel, 'web');
    assert.equal(stored.station, miss.station);
    assert.deepEqual([stored.answers.A, stored.answers.B, stored.answers.H, stored.answers.Z], [1, '07:55', 0, 4]);
    await shot('entry-stored');
  });

  test('observers: an accreditation decision, a CSV file checked then imported', async () => {
    await visit('observers?status=requested', '#observers-table table');
    const code = (await page.locator('#observers-table tbody tr td:first-child a').first().textContent()).trim();
    const row = page.locator('#observers-table tbody tr').first();
    await row.locator('details.change summary').click();
    await row.locator('select').selectOption('accredited');
    await row.locator('input[type=text]').fill('CEC-7777');
    await row.locator('button[type=submit]').click();
    await row.locator('.b-verified').waitFor();
    const o = (await getJson(`${api}/observers/${encodeURIComponent(code)}`)).body;
    assert.equal(o.accreditation.status, 'accredited');
    assert.equal(o.accreditation.badge_number, 'CEC-7777');
    // The command line's transitions hold over the API too.
    const path = `observers/${encodeURIComponent(code)}/accreditation`;
    const refused = await postJson(path, { status: 'refused' });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error, /is accredited and cannot become refused/);
    assert.equal((await postJson(path, { status: 'maybe' })).status, 400);
    assert.equal((await postJson(path, { status: 'withdrawn', badge: 'X' })).status, 400);
    assert.equal((await postJson('observers/NOPE/accreditation', { status: 'refused' })).status, 404);

    const bad = join(dir, 'observers-bad.csv');
    const good = join(dir, 'observers-good.csv');
    writeFileSync(bad, 'code,full_name,organisation,accreditation_status\nNEW-001,Anna New,OSCE/ODIHR,requested\nNEW-002,Boris New,OSCE/ODIHR,maybe\n');
    writeFileSync(good, 'code,full_name,organisation,accreditation_status\nNEW-001,Anna New,OSCE/ODIHR,requested\nNEW-002,Boris New,OSCE/ODIHR,pending\n');
    await page.locator('#import summary').click();
    await page.setInputFiles('#imp-file', bad);
    await page.click('#imp-check');
    await page.getByText('Line 3, column accreditation_status').waitFor();
    assert.equal(await page.locator('#imp-import').isDisabled(), true);
    await shot('observers-import-problem');
    assert.equal((await getJson(`${api}/observers/NEW-001`)).status, 404, 'a check stores nothing');
    await page.setInputFiles('#imp-file', good);
    await page.click('#imp-check');
    await page.getByText('Checked: 2 rows; 2 new').waitFor();
    assert.equal((await getJson(`${api}/observers/NEW-001`)).status, 404, 'a check stores nothing');
    await page.click('#imp-import');
    await page.getByText('Imported: 2 rows; 2 new').waitFor();
    assert.equal((await getJson(`${api}/observers/NEW-002`)).body.accreditation.status, 'requested');
  });

  test('results: seats and forensics of the official results', async () => {
    const seats = (await getJson(`${api}/results/seats?preset=mazhilis-2023`)).body;
    assert.equal(seats.allocated, 69);
    assert.equal(seats.results.reduce((n, r) => n + r.seats, 0), 69);
    const f = (await getJson(`${api}/results/forensics`)).body;
    assert.equal(f.stations, (await getJson(`${api}/results/official?limit=0`)).body.total);
    const svg = await fetch(`${api}/results/forensics?chart=fingerprint`);
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
    assert.match(await svg.text(), /^<\?xml[^>]*>\s*<svg /);
    assert.equal((await fetch(`${api}/results/forensics?chart=pie`)).status, 400);
    // The charts' words in the interface's language.
    const ru = await (await fetch(`${api}/results/forensics?chart=turnout&lang=ru`)).text();
    assert.match(ru, /Явка по участкам/);
    assert.doesNotMatch(ru, /Turnout by polling station/);
    assert.match(await (await fetch(`${api}/results/forensics?chart=turnout`)).text(), /Turnout by polling station/);
    assert.equal((await fetch(`${api}/results/forensics?chart=turnout&lang=de`)).status, 400);
    await visit('results', '#seats table');
    const first = await page.locator('#seats tbody tr').first().locator('td').last().textContent();
    assert.equal(Number(first), seats.results[0].seats);
    await page.locator('#forensics .fcharts img').first().waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('#forensics img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 30000 });
  });

  test('the other pages render', async () => {
    for (const [hash, ready, name] of [
      ['incidents', '#incident-list table', 'incidents'],
      ['findings?form=VO', 'img.chart', 'findings'],
      ['results', '#forensics .fcharts img', 'results'],
      ['observers', '#observers-table table', 'observers'],
      ['timeline', 'ol.timeline li', 'timeline'],
      ['statement', '#statement-frame', 'statement'],
    ]) {
      await visit(hash, ready);
      if (name === 'statement') await page.frameLocator('#statement-frame').locator('h1').first().waitFor({ timeout: 30000 });
      if (name === 'findings') {
        // The statement's charts, drawn by the server: by question, and by
        // region for the question chosen; both loaded as images.
        await page.waitForFunction(() => [...document.querySelectorAll('img.chart')]
          .every((i) => i.complete && i.naturalWidth > 0));
        const srcs = await page.locator('img.chart').evaluateAll((is) => is.map((i) => i.getAttribute('src')));
        assert.equal(srcs.length, 2);
        assert.match(srcs[0], /\/findings\/chart\?form=VO&lang=en$/);
        assert.match(srcs[1], /\/findings\/chart\?form=VO&question=[A-Z]+&lang=en$/);
      }
      await shot(name);
    }
  });

  test('write the head of mission\'s summary for the statement', async () => {
    await visit('statement', '#statement-blocks');
    await page.fill('#block-summary', 'The election was calm and well run.');
    await page.locator('#statement-blocks .field', { has: page.locator('#block-summary') }).locator('button').click();
    await page.getByText('Saved.').waitFor();
    const blocks = (await getJson(`${api}/statement/blocks?lang=en`)).body.items;
    assert.equal(blocks.find((b) => b.key === 'summary').text, 'The election was calm and well run.');
    await page.frameLocator('#statement-frame').getByText('The election was calm and well run.').waitFor({ timeout: 30000 });
    await shot('statement-texts');
  });

  test('switch to Russian: the interface and the form texts', async () => {
    await visit('entry?form=OP', '#entry-form');
    await page.selectOption('#lang-select', 'ru');
    await page.locator('#nav a', { hasText: 'Обзор' }).waitFor();
    const ru = (await getJson(`${api}/forms/OP`)).body.questions[0].text.ru;
    await page.getByText(ru).first().waitFor();
    await shot('entry-ru');
    await visit('coverage?form=VO', '#coverage-totals');
    await page.getByText('Отчитались').first().waitFor();
    await shot('coverage-ru');
    await page.setViewportSize({ width: 390, height: 844 });
    await visit('overview', '#ov-obs');
    await shot('overview-phone');
    await page.click('#menu-toggle');
    await shot('menu-phone');
    await page.selectOption('#lang-select', 'en');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('each role sees its pages only', async () => {
    const signInAs = (user) => signIn(page, srv.url, user, PASSWORD);
    assert.deepEqual(await signInAs('dash-viewer'), ['Overview', 'Findings', 'Statement']);
    // A page the role may not see leads back to one it may.
    await page.goto(`${srv.url}/#/reports`);
    await page.waitForURL(/#\/overview$/);
    await shot('viewer-overview');
    // The observer is deployed to two stations: the form offers those only.
    const deployed = ['01-0002', '01-0001'];
    const dep = await fetch(`${api}/assignments`, { method: 'POST',
      body: JSON.stringify(deployed.map((station) => ({ observer: OBSERVER, station }))) });
    assert.ok([200, 201].includes(dep.status), await dep.text());
    assert.deepEqual(await signInAs(OBSERVER), ['Data entry']);
    await page.locator('#entry-form').waitFor();
    assert.equal(await page.inputValue('#entry-observer'), OBSERVER);
    const offered = await page.locator('#entry-station option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(offered.sort(), [...deployed].sort());
    await shot('observer-entry');
    // Without a session the API says 401 and the page asks to sign in.
    await page.click('#sign-out');
    await page.locator('#signin-user').waitFor();
    const r = await page.evaluate(async (u) => (await fetch(u)).status, `${api}/coverage`);
    assert.equal(r, 401);
    await signInAs(USER);
  });

  test('nothing was asked of another host, and no script failed', () => {
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
  });
});
