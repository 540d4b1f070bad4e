// cache.js - what pages share and rarely changes: the mission's forms
// (list and definitions) and its regions, fetched once per mission.
import { get, mpath, qs } from './api.js';

const store = new Map();
function once(key, fn) {
  if (!store.has(key)) store.set(key, fn().catch((e) => { store.delete(key); throw e; }));
  return store.get(key);
}

// The forms in the order of election day: opening, voting, counting,
// tabulation, then those of any time (incidents), by code within each.
const PHASES = ['opening', 'voting', 'counting', 'tabulation', 'any'];
const rank = (f) => { const i = PHASES.indexOf(f.phase); return i < 0 ? PHASES.length : i; };
export const forms = (m) => once(`forms:${m}`, async () => (await get(mpath(m, 'forms'))).items
  .sort((a, b) => rank(a) - rank(b) || (a.code < b.code ? -1 : 1)));
export const form = (m, code) => once(`form:${m}:${code}`, () => get(mpath(m, `forms/${encodeURIComponent(code)}`)));

// Regions, cities and the branch abroad: [{code, name, latitude, longitude}].
export const regions = (m) => once(`regions:${m}`, async () => {
  const out = [];
  for (const level of ['region', 'city', 'abroad']) out.push(...(await get(mpath(m, 'locations') + qs({ level, limit: 1000 }))).items);
  return out.sort((a, b) => (a.code < b.code ? -1 : 1));
});

// The text of an answer: yes/no, an option's text, a rating's word.
export function answerText(q, v, tx, t) {
  if (v === null || v === undefined) return '';
  if (q && q.type === 'yesno') return v === 1 ? t('answer.yes') : v === 0 ? t('answer.no') : String(v);
  if (q && q.type === 'rating') return `${v} · ${t(`rating.${v}`)}`;
  if (q && q.options) {
    const vals = Array.isArray(v) ? v : [v];
    return vals.map((x) => { const o = q.options.find((p) => p.value === x); return o ? `${x} · ${tx(o.text)}` : String(x); }).join('; ');
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
