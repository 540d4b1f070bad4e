// dashboard-quality.test.mjs - the dashboard's finish, in Debian's chromium
// driven by playwright-core on the demo mission: every page marks itself
// drawn (main[data-ready]) before its screenshot; the sign-in fields, the
// coverage map's labels, the convergence chart's labels, the election's
// words and a report's time look finished; every page fits a 390px phone
// without sideways scrolling; controls have names, problems are tied to
// their inputs, the menu and a page work from the keyboard, text has a
// contrast of 4.5:1; Russian headings, country names and plurals; numbers
// and times checked as they are typed; how a keyed-in report came (paper,
// phone) stored as its channel; the discrepancies paged by the server;
// "reports today" counted from local midnight.  The browser runs in
// Asia/Tokyo (UTC+9, no summer time) so that local midnight is not UTC's.
// Screenshots go to build/e2e-screenshots/dashboard-quality/.
//
// Without /usr/bin/chromium (or playwright-core in tests/e2e/node_modules)
// the tests are skipped, with the reason; scripts/install-deps.sh installs both.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, serve, getJson, tempDir, repo, demoCopy } from './lib.mjs';
import { browserSkip, launchBrowser, watchErrors, closeBrowser } from './browser.mjs';

const SHOTS = join(repo, 'build', 'e2e-screenshots', 'dashboard-quality');
const ZONE = 'Asia/Tokyo';

// WCAG 2 contrast of two [r, g, b] colours (0-255).
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// The midnight that began today in a zone without summer time, as the UTC
// time the API's since= takes: the date there, then its offset.
function midnightIn(zone, offset) {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(`${date}T00:00:00${offset}`).toISOString().slice(0, 19) + 'Z';
}

describe('the dashboard, finished', { skip: browserSkip }, () => {
  let srv, ctx, page, api, dir;
  const errors = [];
  const USER = 'dq-coordinator';
  const PASSWORD = 'a long enough pass phrase 8';
  const en = JSON.parse(readFileSync(join(repo, 'web', 'static', 'i18n-en.json'), 'utf8'));
  const ru = JSON.parse(readFileSync(join(repo, 'web', 'static', 'i18n-ru.json'), 'utf8'));

  before(async () => {
    dir = tempDir('observa-dq-');
    const { db } = demoCopy(dir);
    ok(['user', 'add', USER, '--role', 'coordinator', '--mission', 'kz-2023', '--password-stdin', '--db', db], { input: `${PASSWORD}\n` });
    mkdirSync(SHOTS, { recursive: true });
    console.log(`# screenshots in ${SHOTS}`);
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    ctx = await launchBrowser({ timezoneId: ZONE });
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

  // The page drawn: main's data-ready names the address shown, and every
  // image has loaded.
  const drawn = async () => {
    try {
      await page.waitForFunction(() => {
        const main = document.getElementById('main');
        return main && main.dataset.ready === (location.hash || '#');
      }, null, { timeout: 30000 });
      // Images loaded lazily load once seen.
      await page.evaluate(() => document.images.length && [...document.images].forEach((i) => { if (!i.complete) i.scrollIntoView(); }));
      await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 30000 });
    } catch (e) {
      const how = await page.evaluate(() => `at ${location.hash}: data-ready ${document.getElementById('main').dataset.ready}, `
        + `images not loaded ${[...document.images].filter((i) => !i.complete).map((i) => i.src).join(' ')}`);
      throw new Error(`not drawn: ${how}`, { cause: e });
    }
  };
  const shot = async (name) => {
    await drawn();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
  };
  // The page at #/hash, drawn afresh (the same address again is reloaded).
  const visit = async (hash) => {
    const url = `${srv.url}/#/${hash}`;
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await drawn();
  };
  const postJson = async (path, body, headers = {}) => {
    const r = await fetch(`${api}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };
  // The pages of the navigation (each role's, so new pages are covered),
  // plus one report's.
  let pages = [];
  let reportId = null;

  test('sign in: both fields as wide as the card', async () => {
    await page.goto(`${srv.url}/`);
    await drawn();
    const [u, p] = [await page.locator('#signin-user').boundingBox(), await page.locator('#signin-password').boundingBox()];
    assert.ok(Math.abs(u.width - p.width) < 1, `user ${u.width}px, password ${p.width}px`);
    assert.ok(u.width > 250, `user field ${u.width}px`);
    await shot('signin');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await drawn();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
    await shot('phone-signin');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill('#signin-user', USER);
    await page.fill('#signin-password', PASSWORD);
    await page.click('#signin-submit');
    await page.locator('#nav a').first().waitFor();
    pages = await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href').slice(2)));
    assert.ok(pages.length >= 10, pages.join());
    const withTime = (await getJson(`${api}/submissions?form=VO&limit=200`)).body.items.find((r) => r.observed_at);
    assert.ok(withTime, 'a demo report has the time it was observed');
    reportId = withTime.id;
  });

  test('every page marks itself drawn, once its data is in', async () => {
    for (const p of [...pages, `report/${reportId}`]) {
      await page.goto(`${srv.url}/#/${p}`);
      await drawn();
      // Drawn means the page's own content is there, not "Loading…".
      assert.equal(await page.locator('main .loading:visible').count(), 0, `${p}: nothing still loading`);
      assert.ok(await page.locator('main h1').count() > 0, `${p} has its heading`);
      await shot(`page-${p.replace(/[/?=&]/g, '-')}`);
    }
    // The results page's forensic charts come after its render: ready
    // waits for them.
    await visit('results');
    assert.equal(await page.locator('#forensics .fcharts img').count(), 4);
  });

  test('overview: the election in words, reports today from local midnight', async () => {
    const since = [];
    const listen = (r) => { const u = new URL(r.url()); if (u.pathname.endsWith('/submissions') && u.searchParams.get('since')) since.push(u.searchParams.get('since')); };
    page.on('request', listen);
    const expect = [midnightIn(ZONE, '+09:00')];
    await visit('overview');
    expect.push(midnightIn(ZONE, '+09:00'));
    const line = await page.locator('#ov-election').textContent();
    assert.equal(line, 'Parliamentary election · Kazakhstan');
    assert.doesNotMatch(line, /parliament · KZ/);
    assert.ok(since.length > 0);
    for (const s of since) assert.ok(expect.includes(s), `since=${s}, local midnight in ${ZONE} is ${expect[0]}`);
    assert.match(await page.locator('#ov-since').textContent(), new RegExp(`${ZONE} time \\(this browser's\\)`));
    // The count is the API's from that time.
    const n = (await getJson(`${api}/submissions?since=${since[0]}&limit=0`)).body.total;
    assert.equal(Number((await page.locator('#ov-today-count').textContent()).replace(/\D/g, '')), n);
    await shot('overview');
    // A mission with a time zone of its own counts from its midnight.
    since.length = 0;
    await page.route(/\/api\/v1\/missions\/kz-2023$/, async (route) => {
      const r = await route.fetch();
      await route.fulfill({ response: r, json: { ...(await r.json()), time_zone: 'America/Sao_Paulo' } });
    });
    const sp = [midnightIn('America/Sao_Paulo', '-03:00')];
    await page.reload();
    await drawn();
    sp.push(midnightIn('America/Sao_Paulo', '-03:00'));
    await page.unroute(/\/api\/v1\/missions\/kz-2023$/);
    for (const s of since) assert.ok(sp.includes(s), `since=${s}, midnight in Sao Paulo is ${sp[0]}`);
    assert.match(await page.locator('#ov-since').textContent(), /America\/Sao Paulo time \(the mission's\)/);
    page.off('request', listen);
  });

  test('coverage map: no label overlaps another', async () => {
    await visit('coverage?form=VO');
    const boxes = await page.locator('.map text.map-label').evaluateAll((ts) => ts.map((t) => {
      const b = t.getBBox();
      return { code: t.dataset.code, x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height };
    }));
    assert.ok(boxes.length >= 20, `${boxes.length} labels`);
    const clash = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) clash.push(`${a.code}/${b.code}`);
      }
    }
    assert.deepEqual(clash, []);
    // A live update may draw the map again while it is being shot: once
    // the page is drawn again, shoot again.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.locator('.map').screenshot({ path: join(SHOTS, 'coverage-map.png') });
        break;
      } catch (e) {
        if (attempt === 3 || !/not attached/.test(e.message)) throw e;
        await drawn();
      }
    }
  });

  test('results: convergence labels clear of the x axis; discrepancies paged by the server', async () => {
    // Pages of 3 instead of 50, so the demo's few discrepancies need pages.
    await page.route(/\/results\/discrepancies\?/, (route) => route.continue({ url: route.request().url().replace('limit=50', 'limit=3') }));
    await visit('results');
    const conv = page.locator('section', { has: page.locator('#conv-h') }).locator('svg');
    const geo = await conv.evaluate((svg) => ({
      labels: [...svg.querySelectorAll('.series-label')].map((t) => { const b = t.getBBox(); return { y0: b.y, y1: b.y + b.height }; }),
      ticks: [...svg.querySelectorAll('.x-tick')].map((t) => { const b = t.getBBox(); return { y0: b.y, y1: b.y + b.height }; }),
    }));
    assert.ok(geo.labels.length >= 2 && geo.ticks.length >= 2);
    const axisTop = Math.min(...geo.ticks.map((b) => b.y0));
    for (const l of geo.labels) assert.ok(l.y1 <= axisTop, `a label reaches ${l.y1}, the axis numbers start at ${axisTop}`);

    const all = (await getJson(`${api}/results/discrepancies?limit=1000`)).body;
    assert.ok(all.total > 3, `${all.total} stations differ`);
    const stations = async () => page.locator('#disc-list tbody tr td:first-child a').allTextContents();
    const want = (off) => all.items.slice(off, off + 3).filter((r) => r.differs).map((r) => r.station);
    assert.deepEqual(await stations(), want(0));
    assert.equal(await page.locator('#disc-range').textContent(), `1–3 of ${all.total}`);
    assert.equal(await page.locator('#disc-prev').isDisabled(), true);
    await page.click('#disc-next');
    await page.locator('#disc-range', { hasText: `4–${Math.min(6, all.total)} of` }).waitFor();
    assert.deepEqual(await stations(), want(3));
    await page.click('#disc-prev');
    await page.locator('#disc-range', { hasText: '1–3 of' }).waitFor();
    assert.deepEqual(await stations(), want(0));
    await page.unroute(/\/results\/discrepancies\?/);
    await shot('results');
  });

  test('a report: the time observed written as a time', async () => {
    const r = (await getJson(`${api}/submissions/${reportId}`)).body;
    await visit(`report/${reportId}`);
    const text = await page.locator('#report-observed').textContent();
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T/, text);
    const [, hh, mm] = r.observed_at.match(/T(\d{2}):(\d{2})/);
    assert.ok(text.includes(`${hh}:${mm}`), `${text} shows the clock time ${hh}:${mm} of ${r.observed_at}`);
    assert.match(text, /20\d\d/);
    await shot('report');
  });

  test('phones: every page fits 390px without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = [];
    try {
      for (const p of [...pages, `report/${reportId}`]) {
        await visit(p);
        const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
        if (sw > iw) wide.push(`${p}: ${sw}px`);
        await shot(`phone-${p.replace(/[/?=&]/g, '-')}`);
      }
      await page.click('#menu-toggle');
      await shot('phone-menu');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    assert.deepEqual(wide, []);
  });

  test('accessibility: every control has a name', async () => {
    const nameless = [];
    for (const p of [...pages, `report/${reportId}`]) {
      await visit(p);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      const bad = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')].filter((el) => {
        if (el.closest('[hidden]')) return false;
        const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent.trim()).join('');
        const lab = [...(el.labels || [])].map((l) => l.textContent.trim()).join('');
        const own = el.tagName === 'BUTTON' ? el.textContent.trim() : '';
        return !(by || lab || own || (el.getAttribute('aria-label') || '').trim() || (el.getAttribute('title') || '').trim());
      }).map((el) => el.id || el.name || el.outerHTML.slice(0, 80)));
      for (const b of bad) nameless.push(`${p}: ${b}`);
    }
    assert.deepEqual(nameless, []);
  });

  test('accessibility: the menu and a page from the keyboard', async () => {
    await visit('overview');
    await page.reload();
    await drawn();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
    // Tab through the navigation: its links in order.
    const names = await page.locator('#nav a').allTextContents();
    const seen = [];
    for (let i = 0; i < 40 && seen.length < names.length; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => (document.activeElement.closest('#nav') ? document.activeElement.textContent : null));
      if (f !== null) seen.push(f);
    }
    assert.deepEqual(seen, names);
    // Back to Coverage with Shift+Tab, opened with Enter.
    const back = names.length - 1 - names.indexOf('Coverage');
    for (let i = 0; i < back; i++) await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Coverage');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/coverage$/);
    await drawn();
    // The skip link leads to the page; Tab then reaches a map region, and
    // Enter opens its reports.
    await page.keyboard.press('Tab');
    for (let i = 0; i < 60; i++) {
      if (await page.evaluate(() => !!document.activeElement.closest('.map .region'))) break;
      await page.keyboard.press('Tab');
    }
    const code = await page.evaluate(() => document.activeElement.closest('.map .region')?.dataset.code);
    assert.ok(code, 'a map region has the focus');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/reports\\?form=[A-Z]+&region=${code}$`));
    await drawn();
  });

  test('accessibility: contrast of at least 4.5:1 for the text of the main colours', async () => {
    const low = [];
    const at = [['overview', 1280], ['coverage?form=VO', 1280], ['reports', 1280], [`report/${reportId}`, 1280], ['entry?form=PR', 1280],
      ['observers', 1280], ['results', 1280], ['overview', 390], ['entry?form=OP', 390]];
    for (const [p, width] of at) {
      await page.setViewportSize({ width, height: 900 });
      await visit(p);
      const found = await page.evaluate(() => {
        const rgb = (s) => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null; const v = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return { c: v.slice(0, 3), a: v.length > 3 ? v[3] : 1 }; };
        const under = (el) => {
          // The first solid background from el up; translucent ones mixed in.
          const stack = [];
          for (let e = el; e; e = e.parentElement) {
            const b = rgb(getComputedStyle(e).backgroundColor);
            if (b && b.a > 0) { stack.push(b); if (b.a >= 1) break; }
          }
          let c = [255, 255, 255];
          for (const b of stack.reverse()) c = c.map((v, i) => v * (1 - b.a) + b.c[i] * b.a);
          return c;
        };
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const done = new Set();
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!n.textContent.trim() || done.has(el) || el.closest('svg, [hidden], .visually-hidden, [disabled], option, .skip')) continue;
          done.add(el);
          const r = el.getBoundingClientRect();
          if (!r.width || !r.height) continue;
          const st = getComputedStyle(el);
          const fg = rgb(st.color);
          const bg = under(el);
          out.push({ text: n.textContent.trim().slice(0, 30), cls: el.className, fg: fg.c.map((v, i) => v * fg.a + bg[i] * (1 - fg.a)), bg });
        }
        return out;
      });
      for (const f of found) {
        const c = contrast(f.fg, f.bg);
        if (c < 4.5) low.push(`${p} at ${width}px: "${f.text}" (${f.cls}) ${c.toFixed(2)}:1`);
      }
      assert.ok(found.length > 20, `${p}: ${found.length} texts checked`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual([...new Set(low)], []);
  });

  test('data entry: numbers and times checked as they are typed, problems tied to their inputs', async () => {
    const def = (await getJson(`${api}/forms/PR`)).body;
    const q = def.questions.find((x) => x.type === 'integer' && x.max < 1e9);
    await visit('entry?form=PR');
    const input = page.locator(`#q-${q.tag}`);
    const problem = page.locator(`#q-${q.tag}-problem`);
    assert.match(await page.locator(`#q-${q.tag}-range`).textContent(), new RegExp(`${q.min}.+${q.max.toLocaleString('en-GB')}`));
    assert.equal(await input.getAttribute('aria-describedby'), `q-${q.tag}-problem q-${q.tag}-range`);
    await input.pressSequentially('12x');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await problem.textContent(), /whole number/);
    assert.equal(await problem.isVisible(), true);
    await input.press('Backspace');
    assert.equal(await input.getAttribute('aria-invalid'), null, 'mended at once');
    assert.equal(await problem.isVisible(), false);
    await input.fill('');
    await input.pressSequentially(String(q.max + 1));
    assert.match(await problem.textContent(), new RegExp(`from ${q.min} to ${q.max.toLocaleString('en-GB')}`));
    await input.fill(String(q.max));
    await input.dispatchEvent('input');
    assert.equal(await problem.isVisible(), false);
    await page.screenshot({ path: join(SHOTS, 'entry-typing.png') });
    // A time: unfinished is fine while typing, wrong once left.
    await visit('entry?form=OP');
    const tm = page.locator('#q-B');
    await tm.pressSequentially('25');
    assert.equal(await page.locator('#q-B-problem').isVisible(), false);
    await tm.pressSequentially(':00');
    await tm.blur();
    assert.match(await page.locator('#q-B-problem').textContent(), /HH:MM/);
    assert.equal(await tm.getAttribute('aria-invalid'), 'true');
    await tm.fill('7.55');
    await tm.blur();
    assert.equal(await tm.inputValue(), '07:55');
    assert.equal(await page.locator('#q-B-problem').isVisible(), false);
    // The server's problem reaches the inputs of its question too.
    await page.click('#entry-send');
    await page.locator('.q[data-q=Z] .problem').waitFor();
    const z = page.locator('.q[data-q=Z] [role=radiogroup]');
    assert.equal(await z.getAttribute('aria-invalid'), 'true');
    for (const r of await page.locator('.q[data-q=Z] input').all()) {
      const ids = (await r.getAttribute('aria-describedby')).split(' ');
      assert.ok(ids.includes('q-Z-problem'));
      assert.equal(await r.getAttribute('aria-invalid'), 'true');
    }
    assert.match(await page.locator('#q-Z-problem').textContent(), /required|missing/i);
    assert.match(await page.locator('#entry-station-problem').textContent(), /./);
    assert.equal(await page.locator('#entry-station').getAttribute('aria-invalid'), 'true');
    await shot('entry-problems');
  });

  test('data entry: a report phoned in is stored with channel phone', async () => {
    const miss = (await getJson(`${api}/coverage?form=OP&limit=1&offset=9`)).body.missing[0];
    await visit('entry?form=OP');
    await page.fill('#entry-station', miss.station);
    await page.fill('#entry-observer', miss.observers[0].code);
    await page.check('#entry-source-phone');
    await page.focus('#q-A');
    await page.keyboard.press('y');
    await page.keyboard.type('0755');
    await page.keyboard.press('Enter');
    for (const key of ['y', 'y', 'y', 'y', 'y', 'n', 'n', 'y', 'n']) await page.keyboard.press(key);
    await page.focus('#q-Z');
    await page.keyboard.press('4');
    await page.keyboard.press('Control+Enter');
    await page.locator('#entry-ok, #entry-messages .msg-bad').first().waitFor();
    assert.equal(await page.locator('#entry-ok').count(), 1, await page.locator('#entry-messages').textContent());
    const id = Number((await page.locator('#entry-ok a').getAttribute('href')).split('/').pop());
    assert.equal((await getJson(`${api}/submissions/${id}`)).body.channel, 'phone');
    assert.equal(await page.isChecked('#entry-source-phone'), true, 'the choice stays for the next report');
    const byPhone = (await getJson(`${api}/submissions?channel=phone`)).body.items.map((r) => r.id);
    assert.ok(byPhone.includes(id));
    await visit(`report/${id}`);
    await page.getByText('Phone (dashboard)').first().waitFor();
    // Over the API: paper, phone and web are kept, anything else is "api".
    const station = miss.station;
    const observer = miss.observers[0].code;
    const answers = { A: 1, C: 1, D: 1, E: 1, F: 1, G: 1, H: 0, I: 0, J: 1, K: 0, Z: 4 };
    for (const [i, [header, want]] of [['paper', 'paper'], ['web', 'web'], ['fax', 'api']].entries()) {
      const r = await postJson('submissions', { id: `dq-channel-${i}`, form: 'OP', station, observer, answers }, { 'X-Observa-Channel': header });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal((await getJson(`${api}/submissions/${r.body.id}`)).body.channel, want);
    }
    assert.equal((await getJson(`${api}/submissions?channel=paper&limit=0`)).body.total, 1);
    assert.equal((await getJson(`${api}/submissions?channel=fax`)).status, 400);
  });

  test('Russian: headings, table heads, country names and plurals', async () => {
    await visit('overview');
    await page.selectOption('#lang-select', 'ru');
    await page.locator('#nav a', { hasText: 'Обзор' }).waitFor();
    // The interface's English words (those Russian says otherwise), whole.
    const english = [...new Set(Object.entries(en).filter(([k, v]) => ru[k] !== undefined && ru[k] !== v)
      .flatMap(([, v]) => v.split(/\{\w+\}/)).map((s) => s.replace(/[:.,·()–—]+/g, ' ').trim()).filter((s) => /[a-z]{3}/i.test(s)))];
    const found = [];
    for (const p of [...pages, `report/${reportId}`]) {
      await visit(p);
      // Headings of the interface (h3 holds data: meetings, documents).
      const texts = await page.locator('main h1, main h2, main th, main legend, main label, #nav a').evaluateAll((es) => es.filter((e) => e.getClientRects().length)
        .map((e) => e.tagName === 'H1' && e.closest('.page-head') && location.hash === '#/overview' ? '' : e.textContent));
      for (const t of texts) {
        for (const w of english) {
          if (new RegExp(`(^|[^A-Za-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z]|$)`).test(t)) found.push(`${p}: "${t.trim().slice(0, 60)}" has "${w}"`);
        }
      }
    }
    assert.deepEqual(found, []);
    // The observers page: the Russian sentence, and Russian country names.
    const acc = (await getJson(`${api}/accreditation`)).body;
    await visit('observers');
    assert.equal(await page.locator('#observers-summary').textContent(), acc.summary_ru);
    const opts = await page.locator('#o-country option').allTextContents();
    const c = acc.by_country.find((x) => x.code && x.name !== x.name_ru);
    assert.ok(opts.includes(`${c.code} · ${c.name_ru}`), opts.slice(0, 5).join());
    assert.ok(!opts.some((o) => o.endsWith(` · ${c.name}`)));
    await shot('observers-ru');
    // Plurals: 1 проблема, 2 проблемы, 5 проблем.
    const words = await page.evaluate(async () => {
      const { tn } = await import('/static/i18n.js');
      return [1, 2, 5, 11, 21, 22, 25].map((n) => tn('entry.refused', n));
    });
    assert.deepEqual(words.map((w) => w.replace(/^Не сохранён: /, '')),
      ['1 проблема', '2 проблемы', '5 проблем', '11 проблем', '21 проблема', '22 проблемы', '25 проблем']);
    // And in the page: a report with two problems.
    await visit('entry?form=OP');
    await page.click('#entry-send');
    await page.locator('#entry-messages .msg-bad').waitFor();
    const head = await page.locator('#entry-messages .msg-bad strong').textContent();
    const n = Number(head.match(/\d+/)[0]);
    const form = n % 10 === 1 && n % 100 !== 11 ? 'проблема' : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100) ? 'проблемы' : 'проблем';
    assert.equal(head, `Не сохранён: ${n} ${form}`);
    await shot('entry-ru');
    await page.selectOption('#lang-select', 'en');
    await page.locator('#nav a', { hasText: 'Overview' }).waitFor();
  });

  test('no script failed', () => {
    assert.deepEqual(errors, []);
  });
});
