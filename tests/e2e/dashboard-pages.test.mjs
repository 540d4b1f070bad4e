// dashboard-pages.test.mjs - the dashboard's registry and analysis pages
// at the scale of a mission, in Debian's chromium by playwright-core, on
// the demo mission (observa demo --no-serve):
// - stations: found by code or name, filtered by region and level, paged by
//   the server, with the observers deployed there and their reports;
// - observers: each one's deployment, a team deployed to a station at once,
//   an observer's team changed;
// - findings: every question's distribution of answers, equal to the API's,
//   questions without negative answers included, a table by region;
// - incidents: filtered and paged by the server (GET .../incidents),
//   critical first, a new critical incident shown without a reload;
// - an observer's account reports from its own stations only (403 over the
//   API and from the dashboard's data entry; a clear message when it is
//   deployed nowhere);
// - a CSV import refused with every problem listed and its first rows shown.
// Screenshots go to build/e2e-screenshots/dashboard-pages/.
//
// Without /usr/bin/chromium (or playwright-core in tests/e2e/node_modules)
// the browser tests are skipped, with the reason; scripts/install-deps.sh
// installs both.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, run, serve, getJson, tempDir, repo, rawFetch, demoCopy } from './lib.mjs';
import { browserSkip, launchBrowser, watchErrors, closeBrowser, signInAs as signIn } from './browser.mjs';

const SHOTS = join(repo, 'build', 'e2e-screenshots', 'dashboard-pages');

describe('the dashboard\'s stations, observers, findings, incidents and imports', { skip: browserSkip }, () => {
  let srv, ctx, page, api, db, dir;
  const errors = [];
  const USER = 'pages-coordinator';
  // Observers' accounts: one the test deploys, one it never deploys.
  const OBSERVER = 'AWEB-002';
  const NOWHERE = 'AWEB-003';
  const CLERK = 'pages-clerk';
  const PASSWORD = 'a long enough pass phrase 8';

  before(async () => {
    dir = tempDir('observa-pages-');
    ({ db } = demoCopy(dir));
    for (const [name, role] of [[USER, 'coordinator'], [OBSERVER, 'observer'], [NOWHERE, 'observer'], [CLERK, 'clerk']]) {
      ok(['user', 'add', name, '--role', role, '--mission', 'kz-2023', '--password-stdin', '--db', db],
        { input: `${PASSWORD}\n` });
    }
    mkdirSync(SHOTS, { recursive: true });
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/kz-2023`;
    ctx = await launchBrowser();
    page = ctx.pages()[0] || await ctx.newPage();
    watchErrors(page, errors);
    await signInAs(USER);
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

  const shot = async (name) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
  };
  // Going to another address of the same page is a hash change: the old
  // page stays until the new one is drawn, so wait for it to go first.
  const visit = async (hash, ready) => {
    await page.evaluate(() => { const m = document.getElementById('main'); if (m) m.append(Object.assign(document.createElement('i'), { id: 'stale-page' })); });
    await page.goto(`${srv.url}/#/${hash}`);
    await page.locator('#stale-page').waitFor({ state: 'detached' });
    // Drawn in full (app.js marks main once the page's data are in), so
    // that nothing clicked below is drawn again under the pointer.
    await page.locator('#main[data-ready]').waitFor({ state: 'attached' });
    await page.locator(ready).first().waitFor();
  };
  const signInAs = (user) => signIn(page, srv.url, user, PASSWORD);
  const postJson = async (path, body, headers = {}) => {
    const r = await fetch(`${api}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };
  const all = async (path) => {
    const out = [];
    for (let offset = 0; ; offset += 1000) {
      const b = (await getJson(`${api}/${path}${path.includes('?') ? '&' : '?'}limit=1000&offset=${offset}`)).body;
      out.push(...b.items);
      if (out.length >= b.total) return out;
    }
  };
  const cellTexts = (sel) => page.locator(sel).allTextContents();

  test('stations: search by code or name, filter by region and level, paged by the server', async () => {
    // The API's own filters first: region at any depth, q in code or name.
    const r01 = await getJson(`${api}/locations?region=R01&level=station&limit=1000`);
    assert.ok(r01.body.total > 25, 'region R01 has more stations than a page');
    const terr = new Set((await getJson(`${api}/locations?parent=R01&limit=1000`)).body.items.map((l) => l.code));
    assert.ok(r01.body.items.every((l) => terr.has(l.parent)), 'every station found is below R01');
    const one = r01.body.items[3];
    const part = one.name.slice(0, 12);
    const byName = (await getJson(`${api}/locations?q=${encodeURIComponent(part)}&limit=1000`)).body;
    assert.ok(byName.items.some((l) => l.code === one.code), 'q finds the station by its name');
    assert.ok(byName.items.every((l) => l.name.includes(part) || l.code.includes(part)));
    // ASCII letters in either case.
    const terrs = (await getJson(`${api}/locations?q=r01-d&limit=1000`)).body.items;
    assert.ok(terrs.length > 1 && terrs.every((l) => l.code.startsWith('R01-D')), terrs.map((l) => l.code).join());
    assert.equal((await getJson(`${api}/locations?q=%25&limit=0`)).body.total, 0, 'a % is a character, not a wildcard');

    await visit('stations', '#stations-count');
    const total = (await getJson(`${api}/locations?level=station&limit=0`)).body.total;
    assert.match(await page.locator('#stations-count').textContent(), new RegExp(`of ${total.toLocaleString('en-GB')}$`));
    assert.equal(await page.locator('#stations-table tbody tr').count(), 25);
    await page.selectOption('#s-region', 'R01');
    await page.click('#station-filters button[type=submit]');
    await page.waitForURL(/region=R01/);
    await page.locator('#stations-count', { hasText: `of ${r01.body.total}` }).waitFor();
    const parents = await cellTexts('#stations-table tbody tr td:nth-child(4)');
    assert.ok(parents.length === 25 && parents.every((p) => terr.has(p)), parents.join());
    // The next page comes from the server too.
    await page.click('#stations-table a[rel=next]');
    await page.waitForURL(/offset=25/);
    await page.locator('#stations-count', { hasText: '26' }).waitFor();
    assert.equal((await cellTexts('#stations-table tbody tr td:first-child'))[0], r01.body.items[25].code);
    // Search by code.
    await page.fill('#s-q', one.code);
    await page.click('#station-filters button[type=submit]');
    await page.locator('#stations-count', { hasText: 'of 1' }).waitFor();
    assert.deepEqual(await cellTexts('#stations-table tbody tr td:first-child'), [one.code]);
    // Any level: the regions themselves.
    await visit('stations?level=region', '#stations-count');
    const regions = (await getJson(`${api}/locations?level=region&limit=0`)).body.total;
    assert.match(await page.locator('#stations-count').textContent(), new RegExp(`of ${regions}$`));
  });

  test('stations show who is deployed there and the state of their reports', async () => {
    const asg = await getJson(`${api}/assignments?limit=1`);
    const { station } = asg.body.items[0];
    const there = (await getJson(`${api}/assignments?station=${encodeURIComponent(station)}`)).body.items;
    assert.ok(there.length >= 1 && there.every((a) => a.station === station));
    const reports = await all(`submissions?station=${encodeURIComponent(station)}`);
    await visit(`stations?q=${encodeURIComponent(station)}`, '#stations-table tbody tr');
    const codes = await cellTexts('#stations-table tbody tr td:first-child');
    const row = page.locator('#stations-table tbody tr').nth(codes.indexOf(station));
    const listed = await row.locator('td ul li a').allTextContents();
    assert.deepEqual(listed.sort(), there.map((a) => a.observer).sort());
    assert.equal(await row.locator('[data-form=TA]').count(), 0, 'the tabulation is no station\'s');
    for (const form of ['OP', 'VO', 'CO']) {
      const mine = reports.filter((r) => r.form === form && r.status !== 'rejected');
      const want = !mine.length ? 'missing' : mine.some((r) => r.status === 'flagged' || r.problems.length) ? 'flagged' : 'reported';
      assert.equal(await row.locator(`[data-form=${form}]`).getAttribute('data-state'), want, `${station} ${form}`);
    }
    await shot('stations');
    // A station nobody is deployed to, without reports, is not expected to
    // report (coverage's rule), rather than missing.
    const deployedTo = new Set((await all('assignments?')).map((a) => a.station));
    const reported = new Set((await all('submissions?form=OP')).map((r) => r.station));
    const idle = (await all('locations?level=station&region=R02')).find((l) => !deployedTo.has(l.code) && !reported.has(l.code));
    assert.ok(idle, 'R02 has a station with nobody deployed and no report');
    await visit(`stations?q=${encodeURIComponent(idle.code)}`, '#stations-table tbody tr');
    const idleRow = page.locator('#stations-table tbody tr').nth((await cellTexts('#stations-table tbody tr td:first-child')).indexOf(idle.code));
    assert.equal(await idleRow.locator('[data-form=OP]').getAttribute('data-state'), 'not_expected');
    assert.match(await idleRow.locator('td').nth(5).textContent(), /nobody deployed/);
  });

  test('observers: deployments shown, a team deployed to a station, a team changed', async () => {
    const team = (await getJson(`${api}/observers?limit=1000`)).body.items.find((o) => o.team)?.team;
    assert.ok(team, 'the demo has teams');
    const members = (await getJson(`${api}/observers?team=${encodeURIComponent(team)}&limit=1000`)).body.items.map((o) => o.code);
    assert.ok(members.length >= 2);
    // Each observer's stations, as the API has them.
    await visit(`observers?team=${encodeURIComponent(team)}`, '#observers-table .deployed li, #observers-table .deployed .muted');
    await page.waitForFunction(() => [...document.querySelectorAll('#observers-table .deployed')].every((d) => d.textContent !== '…'));
    for (const code of members) {
      const want = (await getJson(`${api}/assignments?observer=${encodeURIComponent(code)}`)).body.items.map((a) => a.station).sort();
      const got = (await page.locator(`#observers-table .deployed[data-observer="${code}"] li a`).allTextContents()).sort();
      assert.deepEqual(got, want, code);
    }
    // Deploy the whole team to a station none of them has.
    const station = (await getJson(`${api}/coverage?form=VO&limit=1&offset=40`)).body.missing[0].station;
    await page.locator('#assign summary').click();
    await page.fill('#as-team', team);
    await page.fill('#as-station', station);
    await page.click('#assign button[type=submit]');
    await page.locator('#as-result .msg-ok').waitFor();
    const now = (await getJson(`${api}/assignments?station=${encodeURIComponent(station)}`)).body.items.map((a) => a.observer);
    for (const code of members) assert.ok(now.includes(code), `${code} deployed to ${station}: ${now}`);
    await page.locator(`#observers-table .deployed[data-observer="${members[0]}"] li a`, { hasText: station }).waitFor({ state: 'attached' });
    await shot('observers-deployed');
    // The station's page lists them.
    await visit(`stations?q=${encodeURIComponent(station)}`, '#stations-table tbody tr');
    const listed = await page.locator('#stations-table tbody tr td ul li a').allTextContents();
    for (const code of members) assert.ok(listed.includes(code), `${code} on ${station}'s row: ${listed}`);
    // Move the first member to another team, from its row.
    await visit(`observers?code=${encodeURIComponent(members[0])}`, '#observers-table table');
    const cell = page.locator('#observers-table tbody tr').first().locator('td:nth-child(6)');
    await cell.locator('details.change-team summary').click();
    await cell.locator('input').fill('T-NEW');
    await cell.locator('button[type=submit]').click();
    await cell.locator('a', { hasText: 'T-NEW' }).waitFor();
    const o = (await getJson(`${api}/observers/${encodeURIComponent(members[0])}`)).body;
    assert.equal(o.team, 'T-NEW');
    // The API route itself: its checks, and clearing a team.
    const path = `observers/${encodeURIComponent(members[0])}/team`;
    assert.equal((await postJson(path, { team: 3 })).status, 400);
    assert.equal((await postJson(path, { crew: 'x' })).status, 400);
    assert.equal((await postJson('observers/NOPE/team', { team: 'T-1' })).status, 404);
    const cleared = await postJson(path, { team: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.team, null);
    assert.equal(cleared.body.full_name, o.full_name, 'the rest of the observer is kept');
    assert.deepEqual(cleared.body.phones, o.phones);
  });

  test('findings: every question\'s distribution, equal to the API\'s, and a table by region', async () => {
    const f = (await getJson(`${api}/findings?form=VO&lang=en`)).body;
    const vo = f.forms.find((x) => x.code === 'VO');
    const asked = vo.questions.filter((q) => q.observations);
    assert.ok(asked.some((q) => !q.negative), 'VO has questions without negative answers');
    await visit('findings?form=VO', '#findings-questions table');
    for (const q of asked) {
      const row = page.locator(`#findings-questions tr.q-${q.tag}`);
      assert.equal(await row.count(), 1, `question ${q.tag} is listed`);
      assert.equal((await row.locator('td:nth-child(3)').textContent()), q.observations.toLocaleString('en-GB'));
      for (const v of q.values) {
        const li = row.locator(`.dist-list li[data-value="${v.value}"]`);
        assert.equal(await li.locator('.dist-count').textContent(), v.count.toLocaleString('en-GB'), `${q.tag}=${v.value}`);
        assert.equal(await li.locator('.dist-share').textContent(), `(${(v.share * 100).toFixed(1)}%)`, `${q.tag}=${v.value}`);
      }
      if (q.negative) {
        assert.equal(await row.locator('td:nth-child(5)').textContent(), `${(q.negative.share * 100).toFixed(1)}%`);
        assert.equal(await row.locator('td:nth-child(6)').textContent(), `${(q.negative.low * 100).toFixed(1)}% – ${(q.negative.high * 100).toFixed(1)}%`);
      }
    }
    await shot('findings');
    // By region, for a rating question: every answer's count per region.
    const z = asked.find((q) => q.type === 'rating');
    await visit(`findings?form=VO&q=${z.tag}`, '#findings-regions table');
    const regs = z.regions.filter((r) => r.observations);
    assert.equal(await page.locator('#findings-regions tbody tr').count(), regs.length);
    for (const r of regs) {
      const cells = await page.locator(`#findings-regions tr.r-${r.code} td`).allTextContents();
      assert.equal(cells[1], r.observations.toLocaleString('en-GB'));
      r.counts.forEach((c, i) => assert.match(cells[2 + i], new RegExp(`^${c.toLocaleString('en-GB')} `), `${r.code} ${z.values[i].label}`));
      assert.equal(cells[2 + r.counts.length], `${(r.negative.share * 100).toFixed(1)}%`);
    }
    await page.locator('#findings-regions img.chart').waitFor();
    // A question without negative answers has its table, without a chart.
    const plain = asked.find((q) => !q.negative);
    await visit(`findings?form=VO&q=${plain.tag}`, '#findings-regions table');
    assert.equal(await page.locator('#findings-regions img.chart').count(), 0);
    await shot('findings-region');
  });

  test('incidents: the API filters and pages on the server, critical first', async () => {
    const every = await all('submissions?form=IN');
    const def = (await getJson(`${api}/forms/IN`)).body;
    const critical = (r) => def.questions.some((q) => q.critical && q.critical.includes(r.answers[q.tag]));
    const follow = (r) => (r.answers.E !== 1 ? 'none' : ['verified', 'rejected'].includes(r.status) ? 'closed' : 'open');
    const want = [...every.filter(critical), ...every.filter((r) => !critical(r))];
    const got = await all('incidents?');
    assert.deepEqual(got.map((r) => r.id), want.map((r) => r.id), 'critical first, then newest, over every page');
    const pages = [...(await getJson(`${api}/incidents?limit=10`)).body.items, ...(await getJson(`${api}/incidents?limit=10&offset=10`)).body.items];
    assert.deepEqual(pages.map((r) => r.id), want.slice(0, 20).map((r) => r.id));
    for (const r of got) {
      assert.equal(r.critical, critical(r), `report ${r.id}`);
      assert.equal(r.follow_up, follow(r), `report ${r.id}`);
    }
    const count = async (q) => (await getJson(`${api}/incidents?${q}&limit=0`)).body.total;
    for (const a of [1, 8, 11]) assert.equal(await count(`answer.A=${a}`), every.filter((r) => r.answers.A === a).length, `A=${a}`);
    assert.equal(await count('answer.B=3&follow_up=open'), every.filter((r) => r.answers.B === 3 && follow(r) === 'open').length);
    assert.equal(await count('critical=1'), every.filter(critical).length);
    assert.equal((await getJson(`${api}/incidents?limit=0`)).body.critical, every.filter(critical).length);
    const region = 'R05';
    const below = new Set((await all(`locations?region=${region}&level=station`)).map((l) => l.code));
    assert.equal(await count(`region=${region}`), every.filter((r) => below.has(r.station)).length);
    assert.equal((await getJson(`${api}/incidents?answer.Q=1`)).status, 400);
    assert.equal((await getJson(`${api}/incidents?follow_up=maybe`)).status, 400);
    assert.equal((await getJson(`${api}/incidents?form=VO`)).status, 400);
  });

  test('incidents page: filters in the address, a critical report on top without a reload', async () => {
    await visit('incidents', '#incidents-count');
    const api0 = (await getJson(`${api}/incidents?limit=0`)).body;
    assert.match(await page.locator('#in-h').textContent(), new RegExp(`\\(${api0.total}\\)`));
    await page.evaluate(() => { window.notReloaded = true; });
    const st = (await getJson(`${api}/locations?level=station&limit=1&offset=77`)).body.items[0].code;
    const obs = (await getJson(`${api}/observers?limit=1&offset=7`)).body.items[0].code;
    const r = await postJson('submissions', { id: 'pages-critical', form: 'IN', station: st, observer: obs,
      answers: { A: 8, B: 3, C: 'A man threatened the commission with a knife.', D: '15:05', E: 1 } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await page.locator('#incident-list tbody tr').first().locator(`a[href="#/report/${r.body.id}"]`).waitFor({ timeout: 10000 });
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'no reload');
    assert.equal(await page.locator('#incident-list tbody tr').first().getAttribute('class'), 'critical');
    await shot('incidents');
    // Category 8 with follow-up open, from the filters.
    await page.selectOption('#i-category', '8');
    await page.selectOption('#i-follow_up', 'open');
    await page.click('#incident-filters button[type=submit]');
    await page.waitForURL(/category=8.*follow_up=open/);
    const want = (await getJson(`${api}/incidents?answer.A=8&follow_up=open&limit=50`)).body;
    await page.locator('#in-h', { hasText: `(${want.total})` }).waitFor();
    const ids = await page.locator('#incident-list tbody tr td:nth-child(2) a').evaluateAll((as) => as.map((a) => Number(a.getAttribute('href').split('/').pop())));
    assert.deepEqual(ids, want.items.map((x) => x.id));
    const states = await page.locator('#incident-list [data-follow-up]').evaluateAll((es) => es.map((e) => e.dataset.followUp));
    assert.ok(states.length && states.every((s) => s === 'open'), states.join());
    await shot('incidents-filtered');
  });

  test('an observer\'s account reports from its own stations only', async () => {
    const stations = (await getJson(`${api}/locations?level=station&limit=3&offset=200`)).body.items.map((l) => l.code);
    const report = (id, station, observer = OBSERVER) => ({ id, form: 'IN', station, observer,
      answers: { A: 11, B: 1, C: 'The queue blocked the entrance.', D: '10:10' } });
    // Deployed nowhere: the entry page says so instead of a free station field.
    await signInAs(NOWHERE);
    await page.locator('#entry-unassigned').waitFor();
    assert.equal(await page.locator('#entry-station').count(), 0);
    assert.match(await page.locator('#entry-unassigned').textContent(), /not deployed/);
    await shot('entry-unassigned');
    // Over the JSON API with the observer's own token.
    const made = run(['token', 'create', '--user', OBSERVER, '--db', db]);
    const token = made.stdout.trim().split('\n').pop();
    const asObserver = (body) => rawFetch(`${api}/submissions`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    let res = await asObserver(report('own-0', stations[0]));
    assert.equal(res.status, 403, 'not deployed yet');
    assert.match((await res.json()).error, new RegExp(`observer ${OBSERVER} is not assigned to station ${stations[0]}`));
    const dep = await postJson('assignments', [{ observer: OBSERVER, station: stations[0] }]);
    assert.equal(dep.status, 200, JSON.stringify(dep.body));
    res = await asObserver(report('own-1', stations[0]));
    assert.equal(res.status, 201, await res.text());
    res = await asObserver(report('own-2', stations[1]));
    assert.equal(res.status, 403);
    assert.equal((await getJson(`${api}/submissions?station=${stations[1]}&form=IN&limit=0`)).body.total, 0, 'nothing stored');
    // From the dashboard's data entry, signed in as the observer.
    await signInAs(OBSERVER);
    await page.locator('#entry-form').waitFor();
    assert.deepEqual(await page.locator('#entry-station option').evaluateAll((os) => os.map((o) => o.value)), [stations[0]]);
    const fromPage = await page.evaluate(async ([url, body]) => {
      const s = await (await fetch('/api/v1/session')).json();
      const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Observa-Channel': 'web', 'X-CSRF-Token': s.csrf }, body: JSON.stringify(body) });
      return { status: r.status, body: await r.json() };
    }, [`${api}/submissions`, report('web-2', stations[2])]);
    assert.equal(fromPage.status, 403, JSON.stringify(fromPage.body));
    assert.match(fromPage.body.error, /its account reports from its own stations only/);
    // A clerk's or coordinator's token still keys in any station's report.
    const clerk = await postJson('submissions', report('coord-2', stations[2], OBSERVER));
    assert.equal(clerk.status, 201, JSON.stringify(clerk.body));
    await signInAs(USER);
  });

  test('a CSV import lists every problem and shows the file\'s first rows', async () => {
    const head = 'code,full_name,organisation,accreditation_status\n';
    const bad = join(dir, 'many-problems.csv');
    writeFileSync(bad, `${head}IMP-001,Anna,OSCE/ODIHR,requested\nIMP-002,Boris,OSCE/ODIHR,maybe\nIMP-003,,OSCE/ODIHR,requested\nIMP-004,Dana,OSCE/ODIHR\nIMP-005,Erik,OSCE/ODIHR,accredited\nIMP-006,Fedor,OSCE/ODIHR,perhaps\n`);
    // The API first: every row's problem, where it is.
    const r = await fetch(`${api}/import/observers?dry_run=1`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: `${head}IMP-001,Anna,OSCE/ODIHR,requested\nIMP-002,Boris,OSCE/ODIHR,maybe\nIMP-003,,OSCE/ODIHR,requested\nIMP-004,Dana,OSCE/ODIHR\nIMP-005,Erik,OSCE/ODIHR,accredited\nIMP-006,Fedor,OSCE/ODIHR,perhaps\n` });
    assert.equal(r.status, 422);
    const body = await r.json();
    assert.deepEqual(body.problems.map((p) => [p.line, p.column ?? null]), [[3, 'accreditation_status'], [4, 'full_name'], [5, null], [7, 'accreditation_status']]);
    assert.equal(body.problems_total, 4);
    assert.equal(body.problems_left_out, 0);
    // Past 200 problems the rest are counted.
    const many = head + Array.from({ length: 250 }, (_, i) => `M-${i},Name ${i},X,never\n`).join('');
    const capped = await (await fetch(`${api}/import/observers?dry_run=1`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: many })).json();
    assert.equal(capped.problems.length, 200);
    assert.equal(capped.problems_total, 250);
    assert.equal(capped.problems_left_out, 50);
    assert.equal(capped.problems[199].line, 201);
    // A problem of the whole file is still the only one.
    const header = await (await fetch(`${api}/import/observers?dry_run=1`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: 'code,nonsense\nA,B\n' })).json();
    assert.equal(header.problems.length, 1);
    assert.equal(header.problems_total, 1);

    await visit('observers', '#observers-table table');
    await page.locator('#import summary').click();
    await page.setInputFiles('#imp-file', bad);
    await page.click('#imp-check');
    await page.locator('.import-problems li').nth(3).waitFor();
    const items = await page.locator('.import-problems li').allTextContents();
    assert.equal(items.length, 4);
    assert.match(items[0], /^Line 3, column accreditation_status \(4\): "maybe" is not an accreditation status/);
    assert.match(items[1], /^Line 4, column full_name \(2\): is empty/);
    assert.match(items[2], /^Line 5: 3 fields, but the header has 4 columns/);
    assert.match(items[3], /^Line 7, column accreditation_status \(4\): "perhaps"/);
    // The preview: the first rows, those with a problem marked.
    const lines = await page.locator('.import-preview tbody tr td:first-child').allTextContents();
    assert.deepEqual(lines, ['2', '3', '4', '5', '6', '7']);
    const marked = await page.locator('.import-preview tbody tr.bad-row td:first-child').allTextContents();
    assert.deepEqual(marked, ['3', '4', '5', '7']);
    assert.equal(await page.locator('#imp-import').isDisabled(), true);
    assert.equal((await getJson(`${api}/observers/IMP-001`)).status, 404, 'nothing stored');
    await shot('observers-import-problems');
    await page.locator('#import').screenshot({ path: join(SHOTS, 'observers-import-panel.png') });
  });

  test('the import panel offers a clerk only what a clerk may import', async () => {
    const kinds = async () => {
      await visit(`observers?t=${Date.now()}`, '#observers-table table');
      await page.locator('#import summary').click();
      return page.locator('#imp-what option').evaluateAll((os) => os.map((o) => o.value));
    };
    assert.deepEqual(await kinds(), ['observers', 'locations', 'assignments']);
    await signInAs(CLERK);
    try {
      assert.deepEqual(await kinds(), ['observers', 'assignments']);
    } finally {
      await signInAs(USER);
      // Leave the page where the others expect it: not the overview.
      await visit(`observers?t=${Date.now()}`, '#observers-table table');
    }
  });

  test('the stations page is in the navigation, in English and Russian, and no script failed', async () => {
    await visit('overview', '#nav a');
    assert.ok((await page.locator('#nav a').allTextContents()).includes('Stations'));
    await visit('stations?region=R02', '#stations-table table');
    await page.selectOption('#lang-select', 'ru');
    await page.locator('#nav a', { hasText: 'Участки' }).waitFor();
    await page.locator('#stations-table th', { hasText: 'Направленные наблюдатели' }).waitFor();
    await shot('stations-ru');
    await page.selectOption('#lang-select', 'en');
    await page.locator('#nav a', { hasText: 'Stations' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
