// statement.test.mjs - the mission's preliminary statement end to end, on
// the full demo election: Markdown, HTML and PDF in English and Russian
// from the command line and from the API; its figures checked against
// counts made here from the API's JSON: observers, organisations,
// countries, stations and regions visited, each phase's negative share
// with its base and Wilson interval (from the reports and the forms'
// negative answers), incidents and the critical ones described one by
// one, the official results against the observers' protocols (from both,
// not from the analyses' own answers), and the quick count; the PDF read
// back with pdftotext; the HTML checked for balanced tags and inline SVG;
// the head of mission's blocks written through the CLI and the API,
// replacing the draft's placeholders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { demoCopy, ok, run, serve, getJson, tempDir } from './lib.mjs';

const M = 'kz-2023';
const Z95 = 1.959963984540054;
const CHROMIUM = process.env.OBSERVA_CHROMIUM || '/usr/bin/chromium';
const noPdf = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing` : false;
const noPdftotext = spawnSync('pdftotext', ['-v']).error ? 'pdftotext is missing' : false;

let dir, db, srv, api;

before(async () => {
  dir = tempDir();
  ({ db } = demoCopy(dir));
  srv = await serve(db);
  api = `${srv.url}/api/v1/missions/${M}`;
});

after(async () => { if (srv) await srv.stop(); });

// Every item of a paged list.
async function all(path) {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const r = await getJson(`${api}${path}${path.includes('?') ? '&' : '?'}limit=1000&offset=${offset}`);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    items.push(...r.body.items);
    if (items.length >= r.body.total) return items;
  }
}

// Numbers as the statement writes them.
const group = (n, lang) => {
  const s = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'ru' ? '\u00a0' : ',');
  return n < 0 ? '-' + s : s;
};
const fixed = (x, d, lang) => {
  const s = (Math.floor(x * 10 ** d + 0.5) / 10 ** d).toFixed(d);
  return lang === 'ru' ? s.replace('.', ',') : s;
};
const pct = (share, lang) => `${fixed(100 * share, 1, lang)}%`;

function wilson(k, n) {
  const p = k / n, z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  return [k === 0 ? 0 : centre - half, k === n ? 1 : centre + half];
}

// ---- figures counted here from the API ----

async function expected() {
  const observers = await all('/observers');
  const organisations = new Set(observers.map((o) => o.organisation).filter(Boolean));
  const countries = new Set(observers.map((o) => o.country).filter(Boolean));
  const accredited = observers.filter((o) => o.accreditation.status === 'accredited').length;

  const locations = await all('/locations');
  const byCode = new Map(locations.map((l) => [l.code, l]));
  const regionOf = (code) => {
    for (let l = byCode.get(code); l; l = byCode.get(l.parent)) {
      if (['region', 'city', 'abroad'].includes(l.level)) return l;
    }
    return null;
  };
  const stations = locations.filter((l) => l.level === 'station');
  const abroad = stations.filter((s) => regionOf(s.code)?.level === 'abroad');
  const regions = locations.filter((l) => l.level === 'region' || l.level === 'city');

  const forms = (await getJson(`${api}/forms`)).body.items;
  const incidentForms = new Set(forms.filter((f) => f.kind === 'incident').map((f) => f.code));
  const subs = (await all('/submissions')).filter((s) => s.status !== 'rejected' && !s.superseded_by);
  const visited = new Set(), commissions = new Set();
  let reports = 0;
  for (const s of subs) {
    if (incidentForms.has(s.form)) continue;
    const level = byCode.get(s.station).level;
    if (level === 'station') { visited.add(s.station); reports++; } else commissions.add(s.station);
  }
  const visitedAbroad = [...visited].filter((c) => regionOf(c)?.level === 'abroad').length;
  const regionsVisited = new Set([...visited].map((c) => regionOf(c)).filter((r) => r && r.level !== 'abroad').map((r) => r.code));

  // Each phase's overall rating, counted here from the reports: the last
  // rating question of each checklist; its base the reports that answer
  // it, negative the answers the form lists as negative.
  const phases = [];
  for (const f of forms.filter((x) => x.kind === 'checklist')) {
    const def = (await getJson(`${api}/forms/${f.code}`)).body;
    const rating = def.questions.filter((q) => q.type === 'rating').at(-1);
    if (!rating) continue;
    const mine = subs.filter((s) => s.form === f.code);
    const answered = mine.filter((s) => s.answers[rating.tag] !== undefined && s.answers[rating.tag] !== null);
    const negative = answered.filter((s) => (rating.negative || []).includes(s.answers[rating.tag]));
    phases.push({ code: f.code, phase: def.phase, reports: mine.length, n: answered.length, k: negative.length });
  }
  // Incidents and their critical ones: an answer the form marks critical.
  const incidents = [];
  for (const code of incidentForms) {
    const def = (await getJson(`${api}/forms/${code}`)).body;
    const crit = (s) => def.questions.some((q) => {
      const v = s.answers[q.tag];
      return v !== undefined && v !== null && (q.critical || []).some((c) => (Array.isArray(v) ? v.includes(c) : v === c));
    });
    const mine = subs.filter((s) => s.form === code);
    incidents.push({ code, def, reports: mine.length, critical: mine.filter(crit) });
  }
  // Official against observed, from the official results and the
  // observers' protocols (form PR): each observer's latest current report
  // per station; a line where observers disagree counts with the value a
  // clerk settled, and not at all while unsettled.
  const official = await all('/results/official');
  const settled = new Map((await all('/conflicts?form=PR')).filter((c) => !c.open).map((c) => [`${c.station} ${c.tag}`, c.resolved_value]));
  const copies = new Map(); // station -> observer -> report
  for (const s of subs.filter((x) => x.form === 'PR')) {
    const byObserver = copies.get(s.station) || new Map();
    const prev = byObserver.get(s.observer);
    if (!prev || s.id > prev.id) byObserver.set(s.observer, s);
    copies.set(s.station, byObserver);
  }
  const disc = { stations_official: official.length, stations_compared: 0, stations_differ: 0, lines_differ: 0 };
  for (const o of official) {
    const reports = [...(copies.get(o.station)?.values() || [])];
    if (!reports.length) continue;
    disc.stations_compared++;
    let differs = false;
    for (const [tag, value] of Object.entries(o.lines)) {
      const seen = reports.map((r) => r.answers[tag]).filter((v) => typeof v === 'number');
      if (!seen.length) continue;
      let observed = seen.every((v) => v === seen[0]) ? seen[0] : settled.get(`${o.station} ${tag}`);
      if (observed === undefined) continue; // observers disagree, not settled
      if (observed !== value) { differs = true; disc.lines_differ++; }
    }
    if (differs) disc.stations_differ++;
  }

  const protocols = (await getJson(`${api}/results/protocols`)).body;
  const pvt = (await getJson(`${api}/pvt`)).body;
  return {
    observers: observers.length, organisations: organisations.size, countries: countries.size, accredited,
    stations: stations.length, abroad: abroad.length, visited: visited.size, visitedAbroad,
    regions: regions.length, regionsVisited: regionsVisited.size, reports, commissions: commissions.size,
    phases, incidents, disc, protocols, pvt, byCode, regionOf,
  };
}

let want;
const docs = {};

async function fetchText(path) {
  const r = await fetch(`${api}${path}`);
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

test('the statement is made in md and html, en and ru, by the CLI and the API alike', async () => {
  want = await expected();
  for (const lang of ['en', 'ru']) {
    for (const format of ['md', 'html']) {
      const cli = ok(['report', 'statement', '--db', db, '--mission', M, '--format', format, '--lang', lang]).stdout;
      const r = await fetchText(`/statement?format=${format}&lang=${lang}`);
      assert.equal(r.status, 200);
      assert.match(r.type, format === 'md' ? /^text\/markdown; charset=utf-8/ : /^text\/html; charset=utf-8/);
      const strip = (t) => t.replace(/(as of|Данные на) \d{4}-\d\d-\d\d \d\d:\d\d/, '$1 TIME');
      assert.equal(strip(r.text), strip(cli), `${format} ${lang}: CLI and API differ`);
      docs[`${format}-${lang}`] = cli;
    }
  }
  const f = join(dir, 'out.md');
  ok(['report', 'statement', '--db', db, '--mission', M, '-o', f]);
  assert.match(readFileSync(f, 'utf8'), /^# Preliminary statement\n/);
  // The API's default is HTML in English.
  const def = await fetchText('/statement');
  assert.match(def.type, /^text\/html/);
  assert.match(def.text, /<html lang="en">/);
});

// The sentences and rows every statement must hold, from the counts above.
function figures(lang) {
  const g = (n) => group(n, lang);
  const w = want;
  const out = [];
  if (lang === 'en') {
    out.push(`The mission's registry lists ${g(w.observers)} observers from ${g(w.organisations)} organisations and ${g(w.countries)} countries.`);
    out.push(`Accredited by the election commission: ${g(w.accredited)};`);
    out.push(`observers reported from ${g(w.visited)} of the ${g(w.stations)} polling stations (${pct(w.visited / w.stations, lang)}), in ${g(w.regionsVisited)} of the ${g(w.regions)} regions and cities, and from ${g(w.visitedAbroad)} of the ${g(w.abroad)} polling stations abroad.`);
    out.push(`Reports from polling stations counted: ${g(w.reports)}.`);
    out.push(`Commissions where observers followed the tabulation: ${g(w.commissions)}.`);
  } else {
    out.push(`наблюдатели сообщили с ${g(w.visited)} из ${g(w.stations)} избирательных участков (${pct(w.visited / w.stations, lang)}) в ${g(w.regionsVisited)} из ${g(w.regions)} регионов и городов, а также с ${g(w.visitedAbroad)} из ${g(w.abroad)} участков за рубежом.`);
    out.push(`Аккредитованы избирательной комиссией: ${g(w.accredited)};`);
  }
  const phases = { opening: ['Opening', 'Открытие участков'], voting: ['Voting', 'Голосование'],
    counting: ['Counting', 'Подсчёт голосов'], tabulation: ['Tabulation', 'Установление итогов'] };
  let nphases = 0;
  for (const form of w.phases) {
    nphases++;
    const { k, n } = form;
    const [lo, hi] = wilson(k, n);
    const name = phases[form.phase][lang === 'ru' ? 1 : 0];
    out.push(`| ${name} | ${g(form.reports)} | ${g(n)} | ${pct(k / n, lang)} (${g(k)}) | ${fixed(100 * lo, 1, lang)}–${fixed(100 * hi, 1, lang)}% |`);
    const whole = fixed(100 * k / n, 0, lang);
    out.push(lang === 'en' ? `negatively in ${whole}% of ${g(n)} observations (95% CI ${fixed(100 * lo, 1, lang)}–${fixed(100 * hi, 1, lang)}%).`
      : `отрицательная оценка в ${whole}% из ${g(n)} наблюдений (95% ДИ ${fixed(100 * lo, 1, lang)}–${fixed(100 * hi, 1, lang)}%).`);
  }
  assert.equal(nphases, 4, 'the demo has four phases with an overall rating');
  const inc = w.incidents.find((x) => x.code === 'IN');
  out.push(lang === 'en' ? `Observers reported ${g(inc.reports)} incidents on form IN` : `Наблюдатели сообщили о ${g(inc.reports)} инцидентах по форме IN`);
  out.push(lang === 'en' ? `${g(inc.critical.length)} of them critical` : `из них критических (могут повлиять на результаты или безопасность избирателей): ${g(inc.critical.length)}.`);
  const s = w.disc;
  out.push(lang === 'en'
    ? `results cover ${g(s.stations_official)} polling stations; ${g(s.stations_compared)} of them have a protocol copied by observers. At ${g(s.stations_differ)} of these the official figures differ from the observers' copies (${g(s.lines_differ)} lines differ).`
    : `охватывают участков: ${g(s.stations_official)}; из них с протоколом, переписанным наблюдателями: ${g(s.stations_compared)}. Официальные данные отличаются от копий наблюдателей на участках: ${g(s.stations_differ)} (${g(s.lines_differ)} строки с расхождением).`);
  out.push(lang === 'en'
    ? `Observers copied ${g(w.protocols.reports)} results protocols at ${g(w.protocols.stations)} polling stations. Of them, ${g(w.protocols.failed_reports)} (from ${g(w.protocols.failed_stations)} stations)`
    : `Из них хотя бы одну арифметическую проверку не проходят: ${g(w.protocols.failed_reports)} (участков: ${g(w.protocols.failed_stations)}).`);
  const p = w.pvt;
  out.push(lang === 'en' ? `random sample of ${g(p.sample_size)} polling stations (seed ${p.sample.seed}); ${g(p.sample_reported)} of them reported, with ${g(p.valid_votes)} valid votes.`
    : `по случайной выборке участков: ${g(p.sample_size)} (начальное число ${p.sample.seed}); сообщили: ${g(p.sample_reported)}, действительных голосов: ${g(p.valid_votes)}.`);
  for (const c of p.choices) {
    const f2 = (x) => fixed(x, 2, lang);
    out.push(`| ${c.name} | ${f2(c.estimate)} | ${f2(c.moe95)} | ${f2(c.estimate - c.moe95)}–${f2(c.estimate + c.moe95)} | ${f2(c.official)} | ${c.inside95 ? (lang === 'en' ? 'yes' : 'да') : (lang === 'en' ? 'no' : 'нет')} |`);
  }
  return out;
}

// Markdown escapes a few characters; compare without the backslashes.
const unescapeMd = (t) => t.replace(/\\([\\`*_[\]<>|#~&+=.-])/g, '$1');

test('its figures are those counted from the API, with their bases', () => {
  assert.ok(want.disc.stations_differ > 0, 'the demo changes results on the way up');
  for (const lang of ['en', 'ru']) {
    const md = unescapeMd(docs[`md-${lang}`]);
    for (const f of figures(lang)) assert.ok(md.includes(f), `${lang} Markdown lacks:\n${f}`);
  }
  // The same figures in the HTML, where tables are HTML tables.
  const html = docs['html-en'];
  assert.ok(html.includes(`lists ${group(want.observers)} observers from ${want.organisations} organisations and ${want.countries} countries.`));
  assert.ok(html.includes(`reported from ${group(want.visited)} of the ${group(want.stations)} polling stations`));
});

// The critical incidents in the order the statement lists them: by the
// time observed in UTC, then by report.
const utc = (iso) => (iso ? Date.parse(iso) : Infinity);
const notable = (critical) => [...critical].sort((a, b) => (utc(a.observed_at || a.received_at) - utc(b.observed_at || b.received_at)) || a.id - b.id);

test('the critical incidents are described one by one, then how many more', () => {
  const inc = want.incidents.find((x) => x.code === 'IN');
  assert.ok(inc.critical.length > 10, `the demo has more critical incidents than are listed: ${inc.critical.length}`);
  const listed = notable(inc.critical).slice(0, 10);
  const category = inc.def.questions.find((q) => q.type === 'select_one');
  const texts = inc.def.questions.filter((q) => q.type === 'text');
  for (const lang of ['en', 'ru']) {
    const md = unescapeMd(docs[`md-${lang}`]);
    const html = docs[`html-${lang}`];
    const items = md.split('\n').filter((l) => /^- \d{4}-\d\d-\d\d \d\d:\d\d/.test(l));
    assert.equal(items.length, 10, `${lang}: ten incidents listed`);
    listed.forEach((s, k) => {
      const line = items[k];
      const t = s.observed_at || s.received_at;
      assert.ok(line.startsWith(`- ${t.slice(0, 10)} ${t.slice(11, 16)}`), `${lang} ${s.id} time: ${line}`);
      const region = want.regionOf(s.station);
      if (region) assert.ok(line.includes(`, ${region.name}, `), `${lang} ${s.id} region ${region.name}: ${line}`);
      assert.ok(line.includes(lang === 'en' ? `polling station ${s.station}: ` : `участок ${s.station}: `), `${lang} ${s.id} station: ${line}`);
      const opt = category.options.find((o) => o.value === s.answers[category.tag]);
      assert.ok(line.includes(`: ${opt.text[lang]}.`), `${lang} ${s.id} category: ${line}`);
      for (const q of texts) if (s.answers[q.tag]) assert.ok(line.includes(s.answers[q.tag]), `${lang} ${s.id} says what happened: ${line}`);
      const review = { en: { new: 'not yet reviewed', flagged: 'flagged for a check', verified: 'verified by the mission' },
        ru: { new: 'ещё не проверен', flagged: 'отмечен для проверки', verified: 'подтверждён миссией' } }[lang][s.status];
      assert.ok(line.endsWith(lang === 'en' ? `Follow-up: ${review} (report IN ${s.id}).` : `Проверка: ${review} (отчёт IN № ${s.id}).`), `${lang} ${s.id}: ${line}`);
      assert.ok(html.includes(`(${lang === 'en' ? 'report IN' : 'отчёт IN №'} ${s.id}).</li>`), `${lang} HTML: ${s.id}`);
    });
    const more = inc.critical.length - 10;
    assert.ok(md.includes(lang === 'en' ? `And ${more} more critical incident${more === 1 ? '' : 's'}.` : `И ещё ${more} `), `${lang}: and ${more} more`);
    assert.ok(md.includes(lang === 'en' ? `The ${inc.critical.length} critical incidents reported` : `Критические инциденты (${inc.critical.length} `));
  }
});

test('the meetings are those of the mission\'s long-term log', async () => {
  const log = (await getJson(`${api}/meetings?limit=1000`)).body;
  assert.ok(log.total > 0, 'the demo keeps a log of meetings');
  const dates = log.items.map((m) => m.date).sort();
  const md = unescapeMd(docs['md-en']);
  assert.ok(md.includes(`From ${dates[0]} to ${dates.at(-1)} the mission held ${log.total} meetings.`), md);
  const parties = log.items.filter((m) => m.institution_kind === 'party').length;
  assert.match(md, new RegExp(`\\| Political parties \\| ${parties} \\|`));
});

// Tags opened and closed in order; void elements and <x/> stand alone.
function checkTags(html) {
  const voids = new Set(['meta', 'br', 'hr', 'img', 'link', 'input', 'wbr']);
  const stack = [];
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g;
  const body = html.replace(/<!DOCTYPE html>/, '');
  assert.ok(!/<!--|<\?xml|<script/i.test(body), 'no comments, XML declarations or scripts');
  for (let m; (m = re.exec(body));) {
    const [, close, name, rest] = m;
    const tag = name.toLowerCase();
    if (close) {
      assert.equal(stack.pop(), tag, `</${tag}> closes another element at ${m.index}`);
    } else if (!voids.has(tag) && !rest.trim().endsWith('/')) {
      stack.push(tag);
    }
  }
  assert.deepEqual(stack, [], 'every element is closed');
  // Nothing that looks like a tag was left unmatched by the pattern.
  const leftovers = body.replace(re, '').match(/<[a-zA-Z\/]/g);
  assert.equal(leftovers, null, 'stray "<" in the text');
}

test('the HTML is one balanced, self-contained page with its charts in SVG', () => {
  for (const lang of ['en', 'ru']) {
    const html = docs[`html-${lang}`];
    checkTags(html);
    assert.match(html, new RegExp(`^<!DOCTYPE html>\\n<html lang="${lang}">`));
    assert.match(html, /<style>@page\{size:A4/);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
    assert.equal((html.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/g) || []).length, 2,
      'the phases chart and the quick count chart');
    assert.match(html, lang === 'en' ? /<figcaption>Negative assessments by phase<\/figcaption>/
      : /<figcaption>Отрицательные оценки по этапам<\/figcaption>/);
    // every reference points to an entry of the appendix
    const refs = new Set([...html.matchAll(/href="#how-(\d+)"/g)].map((m) => m[1]));
    for (const r of refs) assert.match(html, new RegExp(`<li id="how-${r}">`));
    assert.ok(refs.size >= 7);
  }
  assert.match(docs['html-en'], /<code>observa analyze findings --mission kz-2023<\/code>/);
});

test('blocks of the head of mission replace the placeholders', async () => {
  const md0 = docs['md-en'];
  assert.match(md0, /\*\*DRAFT: the parts in brackets/);
  assert.match(md0, /\\\[Conclusions of the head of mission: observa report block set conclusions --mission kz-2023 --lang en --file FILE\\\]/);
  const file = join(dir, 'conclusions.txt');
  writeFileSync(file, 'The voting was calm & orderly.\n\nCounting <lacked> transparency.\n');
  ok(['report', 'block', 'set', 'conclusions', '--db', db, '--mission', M, '--lang', 'en', '--file', file]);
  let r = await fetch(`${api}/statement/blocks/summary`, { method: 'PUT',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lang: 'en', text: 'In short: *well* run.' }) });
  assert.equal(r.status, 201);
  r = await fetch(`${api}/statement/blocks/preface`, { method: 'PUT', body: JSON.stringify({ lang: 'en', text: 'x' }) });
  assert.equal(r.status, 404);
  r = await fetch(`${api}/statement/blocks/summary`, { method: 'PUT', body: JSON.stringify({ lang: 'de', text: 'x' }) });
  assert.equal(r.status, 400);
  const listed = (await getJson(`${api}/statement/blocks?lang=en`)).body;
  assert.deepEqual(listed.items.map((b) => b.key), ['summary', 'conclusions']);
  const md = ok(['report', 'statement', '--db', db, '--mission', M]).stdout;
  assert.match(md, /## Summary\n\nIn short: \\\*well\\\* run\.\n\n/);
  assert.match(md, /## Conclusions\n\nThe voting was calm \\& orderly\.\n\nCounting \\<lacked\\> transparency\.\n\n/);
  assert.match(md, /\\\[Recommendations of the mission:/);
  assert.match(md, /DRAFT/);
  writeFileSync(file, 'Publish results by station.\n');
  ok(['report', 'block', 'set', 'recommendations', '--db', db, '--mission', M, '--lang', 'en', '--file', file]);
  const html = (await fetchText('/statement?format=html&lang=en')).text;
  assert.doesNotMatch(html, /DRAFT|class="placeholder"/);
  assert.match(html, /<p>Counting &lt;lacked&gt; transparency\.<\/p>/);
  checkTags(html);
  // Russian blocks are apart: the Russian statement is still a draft.
  assert.match(ok(['report', 'statement', '--db', db, '--mission', M, '--lang', 'ru']).stdout, /ПРОЕКТ/);
  const audit = JSON.parse(ok(['audit', '--db', db, '--mission', M, '--format', 'json']).stdout);
  const entries = (audit.items || audit).filter((a) => a.entity === 'statement_block');
  assert.equal(entries.length, 3);
  const list = JSON.parse(ok(['report', 'block', 'list', '--db', db, '--mission', M, '--format', 'json']).stdout);
  assert.equal(list.items.length, 3);
});

function pdfText(file) {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/[\s\u00a0]+/g, ' ');
}

test('the PDF, from the CLI and the API, holds the same figures', { skip: noPdf || noPdftotext }, async () => {
  for (const lang of ['en', 'ru']) {
    const file = join(dir, `statement-${lang}.pdf`);
    ok(['report', 'statement', '--db', db, '--mission', M, '--format', 'pdf', '--lang', lang, '-o', file]);
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(file);
    const sp = (s) => s.replace(/[\s\u00a0]+/g, ' ');
    if (lang === 'en') {
      assert.ok(text.includes(sp(`lists ${group(want.observers)} observers from ${want.organisations} organisations and ${want.countries} countries`)), text.slice(0, 2000));
      assert.ok(text.includes(`reported from ${group(want.visited)} of the ${group(want.stations)} polling stations`));
    } else {
      assert.ok(text.includes(sp(`сообщили с ${group(want.visited, 'ru')} из ${group(want.stations, 'ru')} избирательных участков`)), text.slice(0, 2000));
    }
    for (const form of want.phases) {
      const [lo, hi] = wilson(form.k, form.n);
      assert.ok(text.includes(`${fixed(100 * lo, 1, lang)}–${fixed(100 * hi, 1, lang)}%`), `${lang}: ${form.code}'s interval`);
      assert.ok(text.includes(sp(`${pct(form.k / form.n, lang)} (${group(form.k, lang)})`)));
    }
    // The first critical incident, described.
    const first = notable(want.incidents.find((x) => x.code === 'IN').critical)[0];
    assert.ok(text.includes(lang === 'en' ? `(report IN ${first.id})` : `(отчёт IN № ${first.id})`), `${lang}: incident ${first.id}`);
    for (const c of want.pvt.choices) assert.ok(text.includes(fixed(c.estimate, 2, lang)), `${lang}: ${c.name}`);
  }
  const r = await fetch(`${api}/statement?format=pdf&lang=ru`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const body = Buffer.from(await r.arrayBuffer());
  assert.equal(body.subarray(0, 5).toString(), '%PDF-');
  const file = join(dir, 'api.pdf');
  writeFileSync(file, body);
  assert.ok(pdfText(file).includes('Предварительное заявление'));
});

test('without chromium the PDF is refused with what to install', () => {
  const r = run(['report', 'statement', '--db', db, '--mission', M, '--format', 'pdf', '-o', join(dir, 'x.pdf')],
    { env: { OBSERVA_CHROMIUM: '/nonexistent/chromium' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /PDF needs chromium: apt-get install chromium/);
  assert.ok(!existsSync(join(dir, 'x.pdf')));
  const u = run(['report', 'statement', '--db', db, '--mission', M, '--format', 'docx']);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /--format is md, html or pdf/);
});
