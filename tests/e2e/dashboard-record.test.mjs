// dashboard-record.test.mjs - the mission's record in the dashboard, driven
// in Debian's chromium by playwright-core on the demo mission (observa demo
// --no-serve): the long-term log's timeline (every meeting and document of
// the API, a meeting's facts, its documents under it and downloaded byte
// for byte, the filters and the word search narrowing the list as the API
// does, paging past a page of meetings, an empty log, Russian), and the
// statement page (the PDF and Markdown downloads with the session, the head
// of mission's three texts saved until the draft notice goes, Russian, no
// editor for a viewer).  Screenshots go to build/e2e-screenshots/record/.
//
// Without /usr/bin/chromium (or playwright-core in tests/e2e/node_modules)
// the tests are skipped, with the reason; scripts/install-deps.sh installs both.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, serve, getJson, tempDir, repo, demoCopy } from './lib.mjs';
import { browserSkip, launchBrowser, watchOutside, watchErrors, signInAs as signIn, closeBrowser } from './browser.mjs';

const SHOTS = join(repo, 'build', 'e2e-screenshots', 'record');

const M = 'kz-2023';
const EMPTY = 'kz-empty';
const PASSWORD = 'a long enough pass phrase 7';
const ru = JSON.parse(readFileSync(join(repo, 'web', 'static', 'i18n-ru.json'), 'utf8'));

describe('the mission\'s record in the dashboard', { skip: browserSkip }, () => {
  let srv, ctx, page, api, db, dir;
  const errors = [];
  const outside = [];

  before(async () => {
    dir = tempDir('observa-record-');
    ({ db } = demoCopy(dir));
    // A mission with nothing logged, for the empty timeline.
    ok(['mission', 'create', EMPTY, '--db', db, '--name', 'Nothing logged', '--election-type', 'mazhilis',
      '--election-date', '2023-03-19', '--country', 'KZ']);
    for (const [name, role, mission] of [['rec-coordinator', 'coordinator', M], ['rec-viewer', 'viewer', M],
      ['rec-empty', 'coordinator', EMPTY]]) {
      ok(['user', 'add', name, '--role', role, '--mission', mission, '--password-stdin', '--db', db],
        { input: `${PASSWORD}\n` });
    }
    mkdirSync(SHOTS, { recursive: true });
    console.log(`# screenshots in ${SHOTS}`);
    srv = await serve(db);
    api = `${srv.url}/api/v1/missions/${M}`;
    ctx = await launchBrowser({ acceptDownloads: true });
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

  const shot = async (name) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
  };
  const signInAs = (user) => signIn(page, srv.url, user, PASSWORD);
  // The timeline at #/timeline?query, once drawn (its list or its empty note).
  const timeline = async (query = '') => {
    const url = `${srv.url}/#/timeline${query}`;
    // What was drawn before goes first, so that only the new drawing counts;
    // the same address again is a reload.
    await page.evaluate(() => document.getElementById('main')?.replaceChildren());
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await page.locator('#timeline-count, #timeline-none').first().waitFor();
  };
  const meetingIds = () => page.locator('#timeline > li.tl-meeting').evaluateAll((ls) => ls.map((l) => Number(l.dataset.meeting)));
  // Every meeting of the API for the query (paged), in its order.
  const apiMeetings = async (q = {}) => {
    const out = [];
    for (let offset = 0; ; offset += 100) {
      const r = await getJson(`${api}/meetings?${new URLSearchParams({ ...q, limit: 100, offset })}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      out.push(...r.body.items);
      if (out.length >= r.body.total || !r.body.items.length) return out;
    }
  };
  const postJson = async (path, body) => {
    const r = await fetch(`${api}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };

  test('the timeline holds every meeting and document of the demo, documents under their meetings', async () => {
    await signInAs('rec-coordinator');
    await timeline();
    const meetings = (await getJson(`${api}/meetings?limit=1000`)).body;
    const docs = (await getJson(`${api}/documents?limit=1000`)).body;
    assert.ok(meetings.total >= 20 && docs.total >= 4, `the demo's log: ${meetings.total} meetings, ${docs.total} documents`);
    const top = await page.locator('#timeline > li').count();
    const nested = await page.locator('#timeline li.tl-doc').count();
    const free = await page.locator('#timeline > li.tl-free').count();
    assert.equal(top + nested, meetings.total + docs.total, 'an item for each meeting and each document');
    assert.equal(top - free, meetings.total);
    assert.equal(free, docs.items.filter((d) => d.meeting === null).length);
    assert.deepEqual(await meetingIds(), meetings.items.map((m) => m.id), 'the meetings in the API\'s order (date and time)');
    // Each document under its own meeting, and the meeting says how many.
    for (const d of docs.items.filter((x) => x.meeting !== null)) {
      const li = page.locator(`#timeline > li[data-meeting="${d.meeting}"]`);
      assert.equal(await li.locator(`li.tl-doc[data-document="${d.id}"]`).count(), 1, `document ${d.id} under meeting ${d.meeting}`);
      const n = meetings.items.find((m) => m.id === d.meeting).documents;
      assert.equal((await li.locator('.tl-docs h4').textContent()).trim(), `${n} document${n === 1 ? '' : 's'}`);
    }
    assert.match(await page.locator('#timeline-lead').textContent(), new RegExp(`^${meetings.total} meetings and ${docs.total} documents`));
    await shot('timeline');
  });

  test('a meeting shows its date, place, counterpart, institution, participants, topics, summary and follow-ups', async () => {
    const [first] = await apiMeetings();
    const m = (await getJson(`${api}/meetings/${first.id}`)).body;
    const li = page.locator(`#timeline > li[data-meeting="${m.id}"]`);
    const text = await li.innerText();
    for (const part of [m.institution, m.counterpart, m.place, m.topics, m.summary, m.follow_ups, m.time, 'Election commission', '20 February 2023'])
      assert.ok(part && text.includes(part), `meeting ${m.id} shows "${part}":\n${text}`);
    // Participants who are observers by their names, with their codes.
    assert.ok(m.observers.length > 0);
    for (const o of m.observers) assert.ok(text.includes(`${o.full_name} (${o.code})`), `${o.code} by name: ${text}`);
    assert.equal(await li.locator('.tl-place').textContent(), m.place);
  });

  test('a document\'s title downloads the stored bytes', async () => {
    const docs = (await getJson(`${api}/documents?limit=1000`)).body.items;
    for (const d of docs.slice(0, 2)) {
      const link = page.locator(`li.tl-doc[data-document="${d.id}"] a`);
      assert.equal(await link.textContent(), d.title);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.equal(download.suggestedFilename(), d.file_name);
      const got = readFileSync(await download.path());
      const want = Buffer.from(await (await fetch(`${api}/documents/${d.id}`)).arrayBuffer());
      assert.equal(got.length, d.size);
      assert.ok(got.equals(want), `document ${d.id} byte for byte`);
      // Its size as the listing gives it: KiB from 1 KiB up.
      const size = await page.locator(`li.tl-doc[data-document="${d.id}"] .muted`).textContent();
      assert.match(size, new RegExp(` · ${(Math.round(d.size / 102.4) / 10).toString()} KiB$`));
    }
  });

  test('a meeting keeps its line breaks; a document tied to no meeting stands on its date, small sizes in bytes', async () => {
    const r = await postJson('meetings', { date: '2023-03-17', time: '10:00', place: 'Hotel Rixos, Astana',
      counterpart: 'Ms A. Seitkali, head of the legal department', institution_kind: 'election commission',
      institution: 'Central Election Commission (legal department)', participants: ['IPA-001', 'a guest interpreter'],
      topics: 'complaints; the counting procedure', summary: 'First, the complaints.\nThen the count.',
      follow_ups: 'Send the list of complaints.\nMeet again on 18 March.' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const form = new FormData();
    form.append('title', 'Note verbale on accreditation');
    form.append('kind', 'letter');
    form.append('direction', 'received');
    form.append('date', '2023-03-17');
    form.append('file', new Blob(['x'.repeat(300)], { type: 'text/plain' }), 'note-verbale.txt');
    const up = await fetch(`${api}/documents`, { method: 'POST', body: form });
    assert.equal(up.status, 201, await up.clone().text());
    const doc = await up.json();
    await timeline();
    const li = page.locator(`#timeline > li[data-meeting="${r.body.id}"]`);
    assert.equal(await li.locator('.tl-summary').innerText(), 'First, the complaints.\nThen the count.');
    assert.match(await li.locator('.tl-follow').innerText(), /Send the list of complaints\.\nMeet again on 18 March\.$/);
    assert.match(await li.locator('.tl-participants').textContent(), /\(IPA-001\), a guest interpreter$/);
    // The free document after the meetings of its day, in bytes.
    const items = await page.locator('#timeline > li').evaluateAll((ls) => ls.map((l) => l.dataset.meeting ? `m${l.dataset.meeting}` : `d${l.dataset.document}`));
    assert.equal(items.indexOf(`d${doc.id}`), items.indexOf(`m${r.body.id}`) + 1, items.join(' '));
    const free = page.locator(`#timeline > li.tl-free[data-document="${doc.id}"]`);
    assert.match(await free.innerText(), /17 March 2023 · document received/);
    assert.match(await free.locator('.muted').textContent(), /letter · note-verbale\.txt · 300 bytes$/);
    await li.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'timeline-meeting.png'), animations: 'disabled' });
  });

  test('the filters and the word search narrow the list as the API does, and stay in the address', async () => {
    await timeline();
    await page.selectOption('#tl-kind', 'election_commission');
    await page.click('#timeline-filters button[type=submit]');
    await page.waitForURL(/#\/timeline\?kind=election_commission$/);
    await page.locator('#timeline-count, #timeline-none').first().waitFor();
    let want = await apiMeetings({ kind: 'election_commission' });
    assert.ok(want.length > 1);
    assert.deepEqual(await meetingIds(), want.map((m) => m.id));
    assert.equal(await page.locator('#timeline > li.tl-free').count(), 0, 'documents of no meeting belong to no institution');
    assert.equal(await page.inputValue('#tl-kind'), 'election_commission');
    await shot('timeline-kind');

    await timeline('?from=2023-02-27&to=2023-03-03');
    want = await apiMeetings({ from: '2023-02-27', to: '2023-03-03' });
    assert.ok(want.length > 1 && want.length < (await apiMeetings()).length);
    assert.deepEqual(await meetingIds(), want.map((m) => m.id));
    assert.equal(await page.inputValue('#tl-from'), '2023-02-27');

    await timeline();
    await page.fill('#tl-q', 'kostanay');
    await page.click('#timeline-filters button[type=submit]');
    await page.waitForURL(/q=kostanay/);
    await page.locator('#timeline-count, #timeline-none').first().waitFor();
    want = await apiMeetings({ q: 'kostanay' });
    assert.ok(want.length >= 1);
    assert.deepEqual(await meetingIds(), want.map((m) => m.id));
    // A word found in a free document's title finds it; a word found
    // nowhere says so.
    await timeline('?q=verbale');
    assert.equal(await page.locator('#timeline > li.tl-free').count(), 1);
    assert.deepEqual(await meetingIds(), (await apiMeetings({ q: 'verbale' })).map((m) => m.id));
    await timeline('?q=zzzznothing');
    assert.equal(await page.locator('#timeline-none').textContent(), 'No meeting or document matches the filters.');
    assert.equal(await page.locator('#timeline > li').count(), 0);
  });

  test('past a page of meetings, "More" brings the rest from the server', async () => {
    const before = (await apiMeetings()).length;
    const add = Math.max(0, 55 - before);
    for (let i = 0; i < add; i++) {
      const r = await postJson('meetings', { date: '2023-03-18', time: `${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}`,
        institution_kind: 'media', institution: `Regional newspaper ${i + 1}`, summary: `Interview ${i + 1}.` });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const all = await apiMeetings();
    assert.ok(all.length > 50);
    const docs = (await getJson(`${api}/documents?limit=1000`)).body;
    await timeline();
    assert.equal(await page.locator('#timeline > li.tl-meeting').count(), 50, 'a page of meetings');
    assert.match(await page.locator('#timeline-count').textContent(), /more follow/);
    await page.click('#timeline-more');
    await page.waitForFunction((n) => document.querySelectorAll('#timeline > li.tl-meeting').length === n, all.length);
    assert.deepEqual(await meetingIds(), all.map((m) => m.id));
    assert.equal(await page.locator('#timeline-more').count(), 0);
    const top = await page.locator('#timeline > li').count();
    assert.equal(top + await page.locator('#timeline li.tl-doc').count(), all.length + docs.total);
    assert.match(await page.locator('#timeline-count').textContent(), new RegExp(`^${top} items, all shown`));
  });

  test('the timeline in Russian', async () => {
    await timeline('?kind=election_commission');
    await page.selectOption('#lang-select', 'ru');
    await page.locator('#nav a', { hasText: 'Обзор' }).waitFor();
    await page.locator('#timeline-count').waitFor();
    const n = (await apiMeetings({ kind: 'election_commission' })).length;
    assert.equal(await page.locator('#timeline-lead').textContent(), ru['timeline.lead_found'].replace('{m}', n));
    assert.equal(await page.locator('#timeline h1, h1').first().textContent(), ru['nav.timeline']);
    assert.match(await page.locator('#timeline > li.tl-meeting .when').first().textContent(), /февраля 2023 г\. · 11:00 · Избирательная комиссия$/);
    assert.match(await page.locator('#timeline li.tl-doc').first().innerText(), /документ получен: .* · программа · .* · 1,1 КиБ$/);
    assert.equal(await page.locator('label[for=tl-q]').textContent(), ru['timeline.search']);
    await shot('timeline-ru');
    await page.selectOption('#lang-select', 'en');
    await page.locator('#nav a', { hasText: 'Overview' }).waitFor();
  });

  test('an empty log says so', async () => {
    await signInAs('rec-empty');
    await timeline();
    assert.equal(await page.locator('#timeline-none').textContent(), 'Nothing is logged yet: no meeting and no document.');
    assert.equal(await page.locator('#timeline > li').count(), 0);
    await shot('timeline-empty');
  });

  test('the statement: the PDF and the Markdown download with the session', async () => {
    await signInAs('rec-coordinator');
    await page.goto(`${srv.url}/#/statement`);
    await page.frameLocator('#statement-frame').locator('h1').first().waitFor({ timeout: 30000 });
    const pdf = page.locator('#statement-pdf');
    assert.equal(await pdf.getAttribute('href'), `/api/v1/missions/${M}/statement?format=pdf&lang=en`);
    const [dp] = await Promise.all([page.waitForEvent('download', { timeout: 90000 }), pdf.click()]);
    assert.equal(dp.suggestedFilename(), `statement-${M}-en.pdf`);
    const bytes = readFileSync(await dp.path());
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    // The Markdown: its own file name (the server's Content-Disposition too).
    const md = page.locator('#statement-md');
    assert.equal(await md.getAttribute('href'), `/api/v1/missions/${M}/statement?format=md&lang=en`);
    const [dm] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), md.click()]);
    assert.match(dm.suggestedFilename(), /\.md$/);
    const text = readFileSync(await dm.path(), 'utf8');
    assert.match(text, /^# Preliminary statement/m);
    const r = await fetch(`${api}/statement?format=md&lang=ru`);
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="statement-${M}-ru.md"`);
    assert.match(r.headers.get('content-type'), /^text\/markdown/);
  });

  test('the statement: the three texts saved from the page end the draft', async () => {
    await page.goto(`${srv.url}/#/statement`);
    await page.locator('#statement-blocks').waitFor();
    const frame = page.frameLocator('#statement-frame');
    await frame.locator('p.draft').waitFor({ timeout: 30000 });
    const texts = { summary: 'The election was calm and well run.', conclusions: 'The count was transparent\nin most stations.',
      recommendations: 'Publish the results by polling station.' };
    const keys = Object.keys(texts);
    for (const [i, key] of keys.entries()) {
      await page.fill(`#block-${key}`, texts[key]);
      await page.locator('#statement-blocks .field', { has: page.locator(`#block-${key}`) }).locator('button').click();
      await page.locator('#statement-blocks .field', { has: page.locator(`#block-${key}`) }).getByText('Saved.').waitFor();
      await frame.getByText(texts[key].split('\n')[0]).waitFor({ timeout: 30000 });
      // Still a draft until the last is written.
      if (i < keys.length - 1) assert.equal(await frame.locator('p.draft').count(), 1, `after ${key}`);
    }
    await frame.locator('p.draft').waitFor({ state: 'detached', timeout: 30000 });
    const blocks = (await getJson(`${api}/statement/blocks?lang=en`)).body.items;
    for (const key of keys) assert.equal(blocks.find((b) => b.key === key).text, texts[key]);
    assert.doesNotMatch(await (await fetch(`${api}/statement?format=html&lang=en`)).text(), /class="draft"/);
    await shot('statement-final');
  });

  test('the statement in Russian', async () => {
    await page.goto(`${srv.url}/#/statement`);
    await page.locator('#statement-blocks').waitFor();
    await page.selectOption('#lang-select', 'ru');
    await page.locator('#nav a', { hasText: 'Обзор' }).waitFor();
    await page.locator('#statement-blocks').waitFor();
    assert.equal(await page.locator('#sb-h').textContent(), ru['statement.texts'].replace('{lang}', 'ru'));
    assert.equal(await page.locator('#statement-pdf').getAttribute('href'), `/api/v1/missions/${M}/statement?format=pdf&lang=ru`);
    assert.equal(await page.locator('#statement-md').getAttribute('href'), `/api/v1/missions/${M}/statement?format=md&lang=ru`);
    const frame = page.frameLocator('#statement-frame');
    await frame.locator('h1', { hasText: 'Предварительное заявление' }).waitFor({ timeout: 30000 });
    // The English texts are not the Russian ones: the Russian is a draft.
    assert.equal(await page.inputValue('#block-summary'), '');
    assert.equal(await frame.locator('p.draft').count(), 1);
    await page.fill('#block-summary', 'Выборы прошли спокойно.');
    await page.locator('#statement-blocks .field', { has: page.locator('#block-summary') }).locator('button').click();
    await page.getByText(ru['statement.created']).first().waitFor();
    await frame.getByText('Выборы прошли спокойно.').waitFor({ timeout: 30000 });
    const [dm] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#statement-md')]);
    assert.equal(dm.suggestedFilename(), `statement-${M}-ru.md`);
    assert.match(readFileSync(await dm.path(), 'utf8'), /Выборы прошли спокойно\./);
    await shot('statement-ru');
    await page.selectOption('#lang-select', 'en');
    await page.locator('#nav a', { hasText: 'Overview' }).waitFor();
  });

  test('a viewer reads the statement but gets no editor', async () => {
    await signInAs('rec-viewer');
    await page.goto(`${srv.url}/#/statement`);
    await page.frameLocator('#statement-frame').locator('h1').first().waitFor({ timeout: 30000 });
    assert.equal(await page.locator('#statement-blocks').count(), 0);
    assert.equal(await page.locator('textarea').count(), 0);
    assert.equal(await page.locator('#statement-pdf').count(), 1);
  });

  test('a page told of a change after its session ended goes to sign in, without an error', async () => {
    await signInAs('rec-coordinator');
    await page.goto(`${srv.url}/#/overview`);
    await page.locator('#ov-today-count').waitFor();
    await page.locator('body.live-on').waitFor({ timeout: 30000 });
    ok(['user', 'disable', 'rec-coordinator', '--db', db]);
    try {
      // A change the overview is told of: it reads the day's count again,
      // and is answered 401.
      const r = await postJson('meetings', { date: '2023-03-18', time: '09:00', place: 'Akimat, Astana',
        counterpart: 'the territorial commission', institution_kind: 'election commission',
        institution: 'Territorial Election Commission', topics: 'the count' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      await page.locator('#signin-user').waitFor({ timeout: 30000 });
    } finally {
      ok(['user', 'enable', 'rec-coordinator', '--db', db]);
    }
  });

  test('nothing was asked of another host, and no script failed', () => {
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
  });
});
