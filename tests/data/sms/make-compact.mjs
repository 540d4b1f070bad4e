// make-compact.mjs - writes compact.tsv: reports in ODK's compact record
// representation for SMS, made by the npm package
// odk-xform-compact-record-representation-for-sms (ODK's encoder, as
// medic publishes it) from the XForms observa writes, each with the reading
// observa must get from it.  tests/unit/test_sms_parse.c reads the TSV, so
// the unit tests need no node.
//
// To make it again (after a change to the XForm writer, the shipped forms
// or this script), from the repository's root:
//
//   make observa
//   (cd tests/e2e && npm ci)     # the package, jquery and jsdom it runs on
//   node tests/data/sms/make-compact.mjs [path/to/observa]
//
// The script makes a mission in a temporary database (the shipped forms, a
// ballot of seven parties and "against all", and the test form XS.json
// beside it), takes each form's XForm and definition from observa, fills
// the XForm's instance with records, and hands each record to the package
// as ODK clients do.  The package reads a record with jQuery, so it runs
// in jsdom like the package's own tests.  Records are made from a fixed
// seed, so the file only changes when something it depends on changes.
//
// Columns (tab-separated, one report a line, no header):
//   form  message  station  answers
// answers is the JSON object of canonical answers (docs/forms.md).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..', '..');
const bin = resolve(process.argv[2] || join(repo, 'observa'));
const require = createRequire(join(repo, 'tests', 'e2e', 'package.json'));
const { JSDOM } = require('jsdom');
const window = new JSDOM('').window;
global.$ = require('jquery')(window);
const compact = require('odk-xform-compact-record-representation-for-sms');

// ------------------------------------------------------------ observa

const dir = mkdtempSync(join(tmpdir(), 'observa-compact-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const db = `sqlite:${join(dir, 'm.db')}`;

function observa(args, input) {
  const r = spawnSync(bin, [...args, '--db', db], { input, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`observa ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

observa(['init']);
observa(['mission', 'create', 'kz-2023', '--name', 'Early Mazhilis election',
  '--election-type', 'mazhilis', '--election-date', '2023-03-19', '--country', 'KZ',
  '--organisation', 'CIS Inter-Parliamentary Assembly']);
observa(['import', 'choices', '-', '--mission', 'kz-2023'], [
  'order,code,name,kind', '1,AMANAT,Amanat,party', '2,AKZHOL,Ak Zhol,party',
  '3,AUYL,Auyl,party', '4,RESPUBLICA,Respublica,party', '5,NSDP,NSDP,party',
  "6,QHP,People's Party,party", '7,BAITAQ,Baitaq,party', '8,AGAINST,Against all,against_all',
  ''].join('\n'));
observa(['form', 'add', join(here, 'XS.json'), '--mission', 'kz-2023']);

// ------------------------------------------------------------ records

// A small fixed-seed generator (mulberry32), so the file is reproducible.
let seed = 20230319;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

// Descriptions for text answers.  Words that are a tag of the form, spelt
// as it spells it, would end the text (the package escapes only the first
// space of a value), so these have none.
const texts = [
  'Ballots were found in the box before opening',
  'two men in plain clothes told voters whom to choose',
  'the chairman  refused to show the voter list',
  'Камеры были выключены с 10 до 12 часов',
  'observers were asked to leave at 20:00, no reason given',
  'A\\B marked on the protocol in pencil',
];

const pad = (n) => String(n).padStart(2, '0');

// One value in ODK's encoding (odk.md, "Answer types") and its canonical
// answer.
function value(q) {
  switch (q.type) {
    case 'yesno': { const v = between(0, 1); return [String(v), v]; }
    case 'rating': { const v = between(1, 4); return [String(v), v]; }
    case 'integer': {
      const v = between(q.min ?? 0, Math.min(q.max ?? 1000000000, 20000));
      return [String(v), v];
    }
    case 'select_one': { const v = pick(q.options).value; return [String(v), v]; }
    case 'select_multiple': {
      const chosen = q.options.filter(() => random() < 0.5).map((o) => o.value);
      if (!chosen.length) chosen.push(q.options[0].value);
      return [chosen.join(' '), [...chosen].sort((a, b) => a - b)];
    }
    case 'time': {
      const h = between(6, 22), m = between(0, 59);
      return [`${pad(h)}:${pad(m)}:00.000+05:00`, `${pad(h)}:${pad(m)}`];
    }
    case 'text': { const v = pick(texts); return [v, v.trim()]; }
    default: throw new Error(`type ${q.type}`);
  }
}

// Records of one form: everything answered, only what is required, about
// half, and the same again at a station whose code has a space.
function records(def) {
  const out = [];
  const which = [() => true, (q) => q.required, () => random() < 0.5, () => random() < 0.7];
  const stations = ['15-0123', '02-0417', 'T-01', 'УИК №592'];
  which.forEach((wanted, i) => {
    const odk = {}, canonical = {};
    for (const q of def.questions) {
      if (!wanted(q) && !q.required) continue;
      [odk[q.tag], canonical[q.tag]] = value(q);
    }
    out.push({ station: def.level === 'territory' ? `T-0${i + 1}` : stations[i], odk, canonical });
  });
  return out;
}

// ------------------------------------------------------------ the package

// The XForm's instance filled with one record, written with explicit end
// tags: the package parses the record with jQuery as HTML, where <B/> would
// swallow the elements after it.
function recordXml(xform, rec) {
  const doc = new window.DOMParser().parseFromString(xform, 'text/xml');
  const data = doc.getElementsByTagName('instance')[0].getElementsByTagName('data')[0];
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  const write = (el) => {
    const attrs = [...el.attributes].map((a) => ` ${a.name}="${esc(a.value)}"`).join('');
    const tag = el.getAttribute('odk:tag');
    let inner;
    if (el.children.length) inner = [...el.children].map(write).join('');
    else if (tag === 'station') inner = esc(rec.station);
    else if (tag && rec.odk[tag] !== undefined) inner = esc(rec.odk[tag]);
    else inner = '';
    return `<${el.tagName}${attrs}>${inner}</${el.tagName}>`;
  };
  return write(data);
}

// Records chosen by hand for what chance may miss: two spaces in a row, a
// list of several options, options above 9, a negative number.
const extras = {
  IN: [{
    station: '15-0123',
    odk: { A: '8', C: 'the chairman  refused to show the voter list', D: '07:05:00.000+05:00' },
    canonical: { A: 8, C: 'the chairman  refused to show the voter list', D: '07:05' },
  }],
  XS: [{
    station: '15-0123',
    odk: { D: '1 3 5 7', E: '10 11 12', N: '-12', T: '06:00:00.000+05:00', R: '4',
      W: 'observers were asked to leave at 20:00, no reason given' },
    canonical: { D: [1, 3, 5, 7], E: [10, 11, 12], N: -12, T: '06:00', R: 4,
      W: 'observers were asked to leave at 20:00, no reason given' },
  }],
};

const lines = [];
for (const code of ['OP', 'VO', 'CO', 'TA', 'IN', 'PR', 'XS']) {
  const xform = observa(['form', 'show', code, '--mission', 'kz-2023', '--format', 'xform']);
  const def = JSON.parse(observa(['form', 'show', code, '--mission', 'kz-2023', '--format', 'json']));
  for (const rec of [...records(def), ...(extras[code] || [])]) {
    const message = compact(recordXml(xform, rec));
    if (/[\t\n]/.test(message)) throw new Error(`a tab or line break in ${message}`);
    lines.push([code, message, rec.station, JSON.stringify(rec.canonical)].join('\t'));
  }
}
writeFileSync(join(here, 'compact.tsv'), lines.join('\n') + '\n');
console.log(`make-compact: ${lines.length} messages in ${join(here, 'compact.tsv')}`);
