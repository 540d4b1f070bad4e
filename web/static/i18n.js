// i18n.js - the interface's language (English or Russian) and its words:
// one dictionary per language, i18n-en.json and i18n-ru.json, loaded once;
// a word missing in one falls back to English, then to its key.
const dicts = {};
let current = 'en';
export const LANGS = ['en', 'ru'];

export function lang() { return current; }

export async function setLang(l) {
  if (!LANGS.includes(l)) l = 'en';
  for (const want of new Set(['en', l])) {
    if (!dicts[want]) {
      const r = await fetch(`/static/i18n-${want}.json`, { credentials: 'same-origin' });
      dicts[want] = r.ok ? await r.json() : {};
    }
  }
  current = l;
  document.documentElement.lang = l;
  try { localStorage.setItem('observa.lang', l); } catch { /* private mode */ }
}

export function savedLang() {
  try { return localStorage.getItem('observa.lang') || (navigator.language || 'en').slice(0, 2); } catch { return 'en'; }
}

// t('coverage.reported', {n: 3}): the word, with {name} replaced.
export function t(key, vars) {
  let s = dicts[current]?.[key] ?? dicts.en?.[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// A plural: keys KEY.one, KEY.few, KEY.many (Russian), KEY.other.
export function tn(key, n, vars = {}) {
  const rule = new Intl.PluralRules(current === 'ru' ? 'ru' : 'en').select(n);
  const k = dicts[current]?.[`${key}.${rule}`] !== undefined ? `${key}.${rule}` : `${key}.other`;
  return t(k, { n: new Intl.NumberFormat(current === 'ru' ? 'ru-RU' : 'en-GB').format(n), ...vars });
}
