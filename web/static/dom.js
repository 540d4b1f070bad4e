// dom.js - building elements without HTML strings (no inline handlers or
// styles, which the Content-Security-Policy forbids), and number, date and
// share formatting in the interface's language.
import { lang } from './i18n.js';

// h('tag.class#id', {attr: value, onclick: fn}, children...)
export function h(spec, attrs, ...children) {
  const m = spec.match(/^([a-z0-9]+)?((?:[.#][\w-]+)*)$/i);
  const el = document.createElement(m[1] || 'div');
  for (const part of (m[2] || '').match(/[.#][\w-]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1)); else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k in el && k !== 'list' && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) { el.replaceChildren(); return el; }

const locale = () => (lang() === 'ru' ? 'ru-RU' : 'en-GB');
export function num(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return new Intl.NumberFormat(locale()).format(n);
}
export function pct(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}
export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
// A time as it was written where it happened ("2023-03-19T07:45:00+05:00"
// -> "19 Mar 2023, 07:45 (UTC+05:00)"): the clock of the place, not turned
// into the reader's time zone; the zone, when given, said after it.
export function wallTime(iso) {
  if (!iso) return '–';
  const m = String(iso).match(/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/);
  if (!m) return String(iso);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0)));
  if (Number.isNaN(d.getTime())) return String(iso);
  const text = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d);
  if (!m[7]) return text;
  return `${text} (UTC${m[7] === 'Z' ? '' : m[7].length === 5 ? `${m[7].slice(0, 3)}:${m[7].slice(3)}` : m[7]})`;
}
export function day(iso) {
  if (!iso) return '–';
  const d = new Date(iso.length === 10 ? iso + 'T12:00:00Z' : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

// The text of a multilingual object ({en, ru}) in the interface's language.
export function tx(texts, fallbackLangs) {
  if (texts === null || texts === undefined) return '';
  if (typeof texts === 'string') return texts;
  return texts[lang()] ?? (fallbackLangs || []).map((l) => texts[l]).find(Boolean) ?? texts.en ?? Object.values(texts)[0] ?? '';
}

export function badge(text, kind) { return h('span.badge', { class: `badge b-${kind}` }, text); }

// A table: cols [{label, num, cell(row) -> node|string}], rows.
export function table(cols, rows, opts = {}) {
  const head = h('thead', h('tr', cols.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label))));
  const body = h('tbody', rows.map((r) => {
    const tr = h('tr', cols.map((c) => h('td', { class: c.num ? 'num' : (c.cls || null) }, c.cell(r))));
    if (opts.rowClass) { const k = opts.rowClass(r); if (k) tr.classList.add(k); }
    return tr;
  }));
  const t = h('table', opts.caption ? h('caption', opts.caption) : null, head, body);
  if (!rows.length) body.append(h('tr', h('td.empty', { colSpan: cols.length }, opts.empty || '—')));
  return h('div.table-wrap', t);
}

export function say(text) {
  const live = document.getElementById('live');
  if (live) { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 30); }
}
