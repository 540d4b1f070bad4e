// findings.test.mjs - "observa analyze findings" and GET .../findings end
// to end: a generated mission of two regions and a station outside any,
// reports sent through the JSON API (a correction, a rejection, a report
// sent twice, observers who disagree and a clerk who settles half of the
// disagreements), then the findings as JSON, CSV and text from the command
// line and from the API, each checked exactly against a recomputation
// here from what was sent (the Wilson intervals included); and the demo
// mission's findings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoCopy, missionDb, ok, run, serve, getJson, writeFile, tempDir } from './lib.mjs';

const M = 'kz-2023';
const Z95 = 1.959963984540054;

// ---- the mission ----

const R1 = ['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S07', 'S08'];
const R2 = ['S09', 'S10', 'S11', 'S12', 'S13', 'S14'];
const STATIONS = [...R1, ...R2, 'SX'];
const REGION_OF = Object.fromEntries([
  ...R1.map((s) => [s, 'R1']), ...R2.map((s) => [s, 'R2']), ['SX', null]]);
const REGIONS = [{ code: 'R1', name: 'Region One' }, { code: 'R2', name: 'Город Два' }];
const OBSERVERS = Array.from({ length: 12 }, (_, i) => `O${String(i + 1).padStart(2, '0')}`);

function locationsCsv() {
  const rows = ['code,name,level,parent', 'KZ,Kazakhstan,country,',
    'R1,Region One,region,KZ', 'R2,Город Два,city,KZ', 'D1,District,district,R1'];
  for (const s of R1) rows.push(`${s},Station ${s},station,D1`);
  for (const s of R2) rows.push(`${s},Station ${s},station,R2`);
  rows.push('SX,Station outside,station,KZ');
  return rows.join('\n') + '\n';
}

function observersCsv() {
  return ['code,full_name', ...OBSERVERS.map((o) => `${o},Observer ${o}`)].join('\n') + '\n';
}

// A small deterministic generator (mulberry32).
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => String(n).padStart(2, '0');

// Answers to a checklist: each yes/no negative with probability 0.13,
// some left out; the rating weighted towards good.
function checklistAnswers(def, rand) {
  const a = {};
  for (const q of def.questions) {
    if (q.type === 'yesno') {
      if (rand() < 0.08) continue;
      const neg = q.negative[0];
      a[q.tag] = rand() < 0.13 ? neg : 1 - neg;
    } else if (q.type === 'rating') {
      a[q.tag] = [4, 3, 3, 3, 2, 1][Math.floor(rand() * 6)];
    } else if (q.type === 'integer' && rand() < 0.7) {
      a[q.tag] = 500 + Math.floor(rand() * 1500);
    } else if (q.type === 'time' && rand() < 0.8) {
      a[q.tag] = `07:${pad(Math.floor(rand() * 60))}`;
    }
  }
  if (a.M !== undefined && a.N !== undefined && a.N > a.M) a.N = a.M;
  return a;
}

// ---- sending ----

let srv, db, dir, forms = {}, sent = [], conflicts = [];

async function post(path, body) {
  const r = await fetch(`${srv.url}/api/v1/missions/${M}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

async function send(report) {
  const r = await post('/submissions', report);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const stored = { ...report, sid: r.body.id, rejected: false, current: true };
  if (report.replaces) sent.find((s) => s.id === report.replaces).current = false;
  sent.push(stored);
  return stored;
}

before(async () => {
  ({ dir, db } = missionDb());
  ok(['import', 'locations', writeFile(dir, 'locations.csv', locationsCsv()), '--db', db, '--mission', M]);
  ok(['import', 'observers', writeFile(dir, 'observers.csv', observersCsv()), '--db', db, '--mission', M]);
  srv = await serve(db);
  for (const code of ['OP', 'VO', 'CO', 'PR', 'TA', 'IN']) {
    forms[code] = (await getJson(`${srv.url}/api/v1/missions/${M}/forms/${code}`)).body;
  }
  const rand = rng(2023);
  for (let i = 0; i < 15; i++) {
    await send({ id: `op-${i}`, form: 'OP', station: STATIONS[i], observer: OBSERVERS[i % 12],
      observed_at: `2023-03-19T07:${pad(30 + i)}:00+06:00`, answers: checklistAnswers(forms.OP, rand) });
  }
  for (let i = 0; i < 60; i++) {
    let at = `2023-03-19T${pad(8 + (i * 7) % 12)}:${pad(i)}:00${i % 10 === 3 ? '+05:00' : '+06:00'}`;
    if (i === 13) at = '2023-03-19 18:30';
    const report = { id: `vo-${i}`, form: 'VO', station: STATIONS[i % 15], observer: OBSERVERS[i % 12],
      answers: checklistAnswers(forms.VO, rand) };
    if (i !== 11) report.observed_at = at;
    await send(report);
  }
  const cats = [1, 4, 8, 11, 3, 9, 12, 4];
  const sev = [1, 3, 2, 1, 3, 1, 2, null];
  for (let i = 0; i < 8; i++) {
    const answers = { A: cats[i], C: `incident ${i}`, D: `1${i}:05` };
    if (sev[i]) answers.B = sev[i];
    if (sev[i] === 3) answers.E = 1;
    await send({ id: `in-${i}`, form: 'IN', station: STATIONS[(i * 2) % 15], observer: OBSERVERS[(i + 3) % 12],
      observed_at: `2023-03-19T1${i}:05:00+06:00`, answers });
  }
  // A correction, a report sent twice, a rejection.
  const old = sent.find((s) => s.id === 'vo-5');
  await send({ ...old, id: 'vo-5b', replaces: 'vo-5', answers: { ...old.answers, A: 0, Z: 1 },
    sid: undefined, rejected: undefined, current: undefined });
  const again = await post('/submissions', { id: 'vo-0', form: 'VO', station: sent[15].station,
    observer: sent[15].observer, observed_at: sent[15].observed_at, answers: sent[15].answers });
  assert.equal(again.status, 200);
  assert.equal(again.body.duplicate, true);
  const bad = sent.find((s) => s.id === 'vo-7');
  const rej = await post(`/submissions/${bad.sid}/reject`, { note: 'wrong station' });
  assert.equal(rej.status, 200, JSON.stringify(rej.body));
  bad.rejected = true;

  // The conflicts the intake recorded are those expected; settle half.
  const listed = (await getJson(`${srv.url}/api/v1/missions/${M}/conflicts?limit=1000`)).body.items;
  assert.deepEqual(listed.map(conflictKey), expectedConflicts().map(conflictKey));
  assert.ok(listed.length >= 10, `only ${listed.length} conflicts`);
  for (const [k, c] of listed.entries()) {
    const entry = { form: c.form, tag: c.tag, values: c.values, resolved: false };
    if (k % 2 === 0) {
      const value = c.values[c.values.length - 1].value;
      const r = await post(`/conflicts/${c.id}/resolve`, { value });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      entry.resolved = true;
      entry.value = value;
    }
    conflicts.push(entry);
  }
});

after(async () => { if (srv) await srv.stop(); });

// ---- the recomputation ----

function counted(s) { return s.current && !s.rejected; }

// As the intake compares them: per station and form, each observer's
// latest current report that is not rejected; a tag answered differently
// by two of them is a conflict.
function expectedConflicts() {
  const groups = new Map();
  for (const s of sent.filter(counted)) {
    const key = `${s.station}\u0000${s.form}`;
    if (!groups.has(key)) groups.set(key, new Map());
    const g = groups.get(key);
    if (!g.has(s.observer) || g.get(s.observer).sid < s.sid) g.set(s.observer, s);
  }
  const out = [];
  for (const [key, g] of groups) {
    const reps = [...g.values()].sort((a, b) => a.sid - b.sid);
    if (reps.length < 2) continue;
    const [station, form] = key.split('\u0000');
    const tags = [...new Set(reps.flatMap((r) => Object.keys(r.answers)))].sort();
    for (const tag of tags) {
      const vals = reps.filter((r) => tag in r.answers)
        .map((r) => ({ submission: r.sid, observer: r.observer, value: r.answers[tag] }));
      if (new Set(vals.map((v) => JSON.stringify(v.value))).size > 1) out.push({ station, form, tag, values: vals });
    }
  }
  return out.sort((a, b) => (a.station < b.station ? -1 : a.station > b.station ? 1 :
    a.form < b.form ? -1 : a.form > b.form ? 1 : a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

function conflictKey(c) {
  return `${c.station} ${c.form} ${c.tag} ` + c.values.map((v) => `${v.submission}=${JSON.stringify(v.value)}`).join(',');
}

function wilson(k, n) {
  const p = k / n, z2 = Z95 * Z95, denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
  let low = k === 0 ? 0 : centre - half, high = k === n ? 1 : centre + half;
  if (low < 0) low = 0;
  if (high > 1) high = 1;
  return { share: p, low, high };
}

const RATING = { en: ['very bad', 'bad', 'good', 'very good'], ru: ['очень плохо', 'плохо', 'хорошо', 'очень хорошо'] };
const text = (t, def, lang) => t[lang] ?? t[def.languages[0]];
const PHASES = ['opening', 'voting', 'counting', 'tabulation'];
const rank = (p) => (PHASES.includes(p) ? PHASES.indexOf(p) : 4);

// The values of a question in the order shown, with labels and flags.
function values(q, def, lang) {
  let vs = [];
  if (q.type === 'yesno') vs = [[1, lang === 'ru' ? 'да' : 'yes'], [0, lang === 'ru' ? 'нет' : 'no']];
  else if (q.type === 'rating') vs = [4, 3, 2, 1].map((v) => [v, RATING[lang][v - 1]]);
  else if (q.type.startsWith('select')) vs = q.options.map((o) => [o.value, text(o.text, def, lang)]);
  return vs.map(([value, label]) => ({ value, label,
    negative: (q.negative || []).includes(value), critical: (q.critical || []).includes(value) }));
}

function hourOf(at) {
  return at && /^\d{4}-\d\d-\d\d[Tt ]\d\d/.test(at) ? `${at.slice(0, 10)}T${at.slice(11, 13)}` : null;
}

// The findings document, from what was sent and settled.
function expected({ form = null, region = null, lang = 'en' } = {}) {
  const defs = Object.values(forms).filter((d) => !form || d.code === form)
    .sort((a, b) => rank(a.phase) - rank(b.phase) || (a.code < b.code ? -1 : 1));
  const reports = sent.filter((s) => s.current && defs.some((d) => d.code === s.form) &&
    (!region || REGION_OF[s.station] === region));
  const counting = reports.filter((s) => !s.rejected);
  let regions = region ? REGIONS.filter((r) => r.code === region) : [...REGIONS];
  if (!region && counting.some((s) => REGION_OF[s.station] === null)) regions.push({ code: null, name: null });
  const settled = new Map(), disputed = new Set();
  for (const c of conflicts) {
    for (const v of c.values) {
      if (c.resolved) settled.set(`${v.submission} ${c.form} ${c.tag}`, c.value);
      else disputed.add(`${v.submission} ${c.form} ${c.tag}`);
    }
  }
  const doc = { lang, form, region, z: Z95, reports: counting.length,
    rejected: reports.length - counting.length, regions, forms: [] };
  for (const def of defs) {
    const mine = counting.filter((s) => s.form === def.code);
    const answer = (s, q) => (settled.has(`${s.sid} ${def.code} ${q.tag}`)
      ? settled.get(`${s.sid} ${def.code} ${q.tag}`) : s.answers[q.tag]);
    const isCritical = (q, v) => v !== undefined && (q.critical || []).some((c) =>
      (Array.isArray(v) ? v.includes(c) : v === c));
    const critical = (s) => def.questions.some((q) => isCritical(q, answer(s, q)));
    const inRegion = (r) => mine.filter((s) => REGION_OF[s.station] === r.code);
    const cell = (q, list) => {
      const vs = values(q, def, lang);
      const ans = list.filter((s) => answer(s, q) !== undefined);
      const neg = ans.filter((s) => (q.negative || []).includes(answer(s, q))).length;
      const w = ans.length ? wilson(neg, ans.length) : null;
      return { observations: ans.length,
        negative: q.negative ? { count: neg, share: w && w.share, low: w && w.low, high: w && w.high } : null,
        critical: q.critical ? ans.filter((s) => isCritical(q, answer(s, q))).length : null,
        counts: vs.map((v) => ans.filter((s) => answer(s, q) === v.value).length) };
    };
    const questions = def.questions.map((q) => {
      const t = cell(q, mine);
      const key = (s) => `${s.sid} ${def.code} ${q.tag}`;
      return { tag: q.tag, type: q.type, text: text(q.text, def, lang),
        observations: t.observations, negative: t.negative, critical: t.critical,
        resolved: mine.filter((s) => settled.has(key(s))).length,
        contested: mine.filter((s) => disputed.has(key(s))).length, left_out: 0,
        values: values(q, def, lang).map((v, k) => ({ ...v, count: t.counts[k],
          share: t.observations ? t.counts[k] / t.observations : null })),
        regions: regions.map((r) => ({ code: r.code, ...cell(q, inRegion(r)) })) };
    });
    const ratings = def.kind === 'checklist' ? def.questions.filter((q) => q.type === 'rating') : [];
    const cat = def.kind === 'incident' ? def.questions.find((q) => q.type === 'select_one') : undefined;
    const hours = new Map();
    for (const s of mine) hours.set(hourOf(s.observed_at), (hours.get(hourOf(s.observed_at)) || 0) + 1);
    const hourKeys = [...hours.keys()].filter((h) => h).sort();
    if (hours.has(null)) hourKeys.push(null);
    doc.forms.push({ code: def.code, name: text(def.name, def, lang), kind: def.kind, phase: def.phase,
      reports: mine.length, critical: mine.filter(critical).length,
      regions: regions.map((r) => ({ code: r.code, reports: inRegion(r).length,
        critical: inRegion(r).filter(critical).length })),
      rating: ratings.length ? ratings[ratings.length - 1].tag : null,
      questions,
      incidents: cat ? { category: cat.tag,
        uncategorised: mine.filter((s) => answer(s, cat) === undefined).length,
        categories: values(cat, def, lang).map((v) => {
          const of = (list) => list.filter((s) => answer(s, cat) === v.value);
          return { value: v.value, label: v.label, critical_value: v.critical,
            reports: of(mine).length, critical: of(mine).filter(critical).length,
            regions: regions.map((r) => ({ code: r.code, reports: of(inRegion(r)).length,
              critical: of(inRegion(r)).filter(critical).length })) };
        }) } : null,
      hours: hourKeys.map((h) => ({ hour: h, reports: hours.get(h) })) });
  }
  return doc;
}

// Reals as observa writes them: 15 significant digits.
function as15(x) {
  if (typeof x === 'number') return Number(x.toPrecision(15));
  if (Array.isArray(x)) return x.map(as15);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, as15(v)]));
  return x;
}

// ---- what people read ----

const groupDigits = (n, sep) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
function percent(share, decimals, lang) {
  const units = Math.floor(share * 100 * 10 ** decimals + 0.5);
  const s = decimals ? `${Math.floor(units / 10 ** decimals)}.${String(units % 10 ** decimals).padStart(decimals, '0')}`
    : String(units);
  return lang === 'ru' ? s.replace('.', ',') : s;
}

function headline(fm, lang) {
  const q = fm.questions.find((x) => x.tag === fm.rating);
  const subjects = lang === 'ru'
    ? { opening: 'Открытие участков', voting: 'Голосование', counting: 'Подсчёт голосов', tabulation: 'Установление итогов' }
    : { opening: 'The opening', voting: 'Voting', counting: 'The count', tabulation: 'Tabulation' };
  const subject = subjects[fm.phase];
  if (!q.observations) return lang === 'ru' ? `${subject}: наблюдений пока нет.` : `${subject}: no observations yet.`;
  const { count, share, low, high } = q.negative;
  let pct = percent(share, 0, lang);
  if ((pct === '0' && count > 0) || (pct === '100' && count < q.observations)) pct = percent(share, 1, lang);
  const n = groupDigits(q.observations, lang === 'ru' ? '\u00a0' : ',');
  const ci = `${percent(low, 1, lang)}–${percent(high, 1, lang)}%`;
  if (lang === 'ru') {
    const one = q.observations % 10 === 1 && q.observations % 100 !== 11;
    return `${subject}: отрицательная оценка в ${pct}% из ${n} ${one ? 'наблюдения' : 'наблюдений'} (95% ДИ ${ci}).`;
  }
  return `${subject} was assessed negatively in ${pct}% of ${n} observation${q.observations === 1 ? '' : 's'} (95% CI ${ci}).`;
}

function csvField(s) {
  if (s === null || s === undefined) return '';
  s = String(s);
  return /[,"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const six = (v) => {
  const units = Math.floor(v * 1e6 + 0.5);
  return `${Math.floor(units / 1e6)}.${String(units % 1e6).padStart(6, '0')}`;
};

function expectedCsv(doc) {
  const lines = ['form,form_name,question,question_type,question_text,scope,region,region_name,' +
    'observations,negative,negative_share,negative_low,negative_high,critical,' +
    'value,label,count,share,value_negative,value_critical'];
  for (const fm of doc.forms) {
    for (const q of fm.questions) {
      const scopes = doc.region ? [] : [['national', null, q]];
      doc.regions.forEach((r, k) => scopes.push([r.code ? 'region' : 'no_region', r, q.regions[k]]));
      for (const [scope, r, c] of scopes) {
        const neg = q.negative === null ? ['', '', '', ''] : [c.negative.count,
          c.observations ? six(c.negative.share) : '', c.observations ? six(c.negative.low) : '',
          c.observations ? six(c.negative.high) : ''];
        const head = [fm.code, fm.name, q.tag, q.type, q.text, scope, r ? r.code : '', r ? r.name : '',
          c.observations, ...neg, q.critical === null ? '' : c.critical].map(csvField);
        const counts = c.counts || q.values.map((v) => v.count);
        if (!q.values.length) lines.push([...head, '', '', '', '', '', ''].join(','));
        q.values.forEach((v, k) => lines.push([...head, v.value, csvField(v.label), counts[k],
          c.observations ? six(counts[k] / c.observations) : '', v.negative ? 1 : 0, v.critical ? 1 : 0].join(',')));
      }
    }
  }
  return lines.join('\r\n') + '\r\n';
}

const cli = (args) => ok(['analyze', 'findings', '--db', db, '--mission', M, ...args]).stdout;

// ---- the tests ----

test('the JSON of the command line and of the API is the recomputation, to the last digit', async () => {
  const want = as15(expected());
  const got = JSON.parse(cli(['--format', 'json']));
  assert.deepStrictEqual(got, want);
  const api = await getJson(`${srv.url}/api/v1/missions/${M}/findings`);
  assert.equal(api.status, 200);
  assert.deepStrictEqual(api.body, want);
  // The data are what the test meant: every kind of case is there.
  const vo = got.forms.find((f) => f.code === 'VO');
  assert.equal(got.rejected, 1);
  assert.equal(vo.reports, 59);
  assert.ok(vo.questions.some((q) => q.resolved > 0), 'a resolution was used');
  assert.ok(vo.questions.some((q) => q.contested > 0), 'an open conflict was counted');
  assert.equal(got.regions[2].code, null, 'SX reported, outside any region');
  assert.ok(vo.hours.some((h) => h.hour === null), 'a report without a time');
  assert.equal(got.forms.find((f) => f.code === 'CO').reports, 0);
  const inc = got.forms.find((f) => f.code === 'IN').incidents;
  assert.ok(inc.categories.some((c) => c.critical > 0 && !c.critical_value), 'critical by severity');
});

test('one form in one region, in Russian, from both ends', async () => {
  const want = as15(expected({ form: 'VO', region: 'R2', lang: 'ru' }));
  assert.deepStrictEqual(JSON.parse(cli(['--format', 'json', '--form', 'VO', '--region', 'R2', '--lang', 'ru'])), want);
  const api = await getJson(`${srv.url}/api/v1/missions/${M}/findings?form=VO&region=R2&lang=ru`);
  assert.deepStrictEqual(api.body, want);
  assert.equal(want.forms[0].questions[0].values[0].label, 'да');
});

test('the charts are the statement\'s bars of the shares the API gives', async () => {
  const base = `${srv.url}/api/v1/missions/${M}/findings`;
  const svg = async (q) => {
    const r = await fetch(`${base}/chart?${q}`);
    assert.equal(r.status, 200, q);
    assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
    return r.text();
  };
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  const doc = (await getJson(`${base}?form=VO`)).body.forms[0];
  const byQuestion = await svg('form=VO');
  assert.match(byQuestion, /^<\?xml[^]*<svg /);
  assert.match(byQuestion, /Voting: negative observations by question/);
  for (const q of doc.questions.filter((x) => x.negative && x.observations)) {
    assert.ok(byQuestion.includes(`>${q.tag}. `), q.tag);
    assert.ok(byQuestion.includes(`(n = ${q.observations})<`), `${q.tag} n`);
    assert.ok(byQuestion.includes(`>${pct(q.negative.share)}<`), `${q.tag} ${pct(q.negative.share)}`);
  }
  // By region for one question, in Russian: the regions' names and shares.
  const ru = (await getJson(`${base}?form=VO&lang=ru`)).body.forms[0];
  const q = ru.questions.find((x) => x.negative && x.observations);
  const byRegion = await svg(`form=VO&question=${q.tag}&lang=ru`);
  assert.match(byRegion, /По регионам:/);
  for (const r of q.regions.filter((x) => x.observations)) {
    assert.ok(byRegion.includes(`(n = ${r.observations})<`), r.code);
    assert.ok(byRegion.includes(`>${pct(r.negative.share)}<`), r.code);
  }
  assert.ok(byRegion.includes('Город Два'));
  // Every form's overall rating: the statement's chart by phase.
  assert.match(await svg(''), /Negative assessments by phase/);
  for (const [q2, message] of [['question=A', /^question: give the form it is of/],
    ['form=VO&question=QQ', /^question: form VO has no question QQ/], ['form=XX', /^form: /]]) {
    const r = await getJson(`${base}/chart?${q2}`);
    assert.equal(r.status, 400, q2);
    assert.match(r.body.error, message);
  }
});

test('the CSV is the recomputation, row for row', () => {
  assert.equal(cli(['--format', 'csv']), expectedCsv(expected()));
  assert.equal(cli(['--format', 'csv', '--region', 'R1', '--form', 'IN']),
    expectedCsv(expected({ region: 'R1', form: 'IN' })));
});

test('the text has the statement sentences and the tables', () => {
  for (const lang of ['en', 'ru']) {
    const doc = expected({ lang });
    const out = cli(['--lang', lang]);
    for (const fm of doc.forms.filter((f) => f.rating)) {
      assert.ok(out.includes(`\n  ${headline(fm, lang)}\n`), `${lang} ${fm.code}: ${headline(fm, lang)}\n${out}`);
    }
  }
  const out = cli([]);
  assert.match(out, /^Findings of kz-2023: 82 reports counted \(current versions\); 1 rejected left out$/m);
  assert.match(out, /^VO {2}Voting: 59 reports/m);
  assert.match(out, /^ {2}Overall rating \(Z\) by region$/m);
  assert.match(out, /^ {2}\(no region\) /m);
  assert.match(out, /^Reports by hour of observation/m);
  assert.match(out, /^ {2}no time /m);
});

test('wrong requests are refused with the reason', async () => {
  let r = run(['analyze', 'findings', '--db', db, '--mission', M, '--region', 'S01']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /region: the mission has no region "S01"/);
  r = run(['analyze', 'findings', '--db', db, '--mission', M, '--form', 'XX']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /form: the mission has no form "XX"/);
  r = run(['analyze', 'findings', '--db', db, '--mission', M, '--lang', 'de']);
  assert.equal(r.status, 2);
  r = run(['analyze', 'findings', '--db', db]);
  assert.equal(r.status, 2);
  r = run(['analyze', 'findings', '--db', db, '--mission', 'nope']);
  assert.equal(r.status, 1);
  for (const q of ['region=XX', 'form=XX', 'lang=de', 'form=']) {
    const a = await getJson(`${srv.url}/api/v1/missions/${M}/findings?${q}`);
    assert.equal(a.status, 400, q);
    assert.ok(a.body.error, q);
  }
  assert.equal((await getJson(`${srv.url}/api/v1/missions/nope/findings`)).status, 404);
});

test('the demo mission has findings for every checklist, with plausible shares', () => {
  const { db: demo } = demoCopy(tempDir());
  const doc = JSON.parse(ok(['analyze', 'findings', '--db', demo, '--mission', M,
    '--format', 'json']).stdout);
  const checklists = doc.forms.filter((f) => f.kind === 'checklist');
  assert.deepEqual(checklists.map((f) => f.code), ['OP', 'VO', 'CO', 'TA']);
  for (const f of checklists) {
    const z = f.questions.find((q) => q.tag === f.rating);
    assert.ok(f.reports > 20, `${f.code}: ${f.reports} reports`);
    assert.equal(z.observations, f.reports, `${f.code}: the rating is required`);
    const { share, low, high } = z.negative;
    assert.ok(share > 0.01 && share < 0.4, `${f.code}: ${share}`);
    assert.ok(low < share && share < high && high - low < 0.35, `${f.code}: ${low} ${high}`);
    assert.equal(z.values.reduce((t, v) => t + v.count, 0), z.observations);
    assert.equal(z.regions.reduce((t, r) => t + r.observations, 0), z.observations);
  }
  const inc = doc.forms.find((f) => f.code === 'IN');
  assert.ok(inc.reports > 10 && inc.critical > 0 && inc.critical < inc.reports);
  const text = ok(['analyze', 'findings', '--db', demo, '--mission', M]).stdout;
  assert.equal(text.match(/ was assessed negatively in \d+% of [\d,]+ observations \(95% CI /g).length, 4);
});
