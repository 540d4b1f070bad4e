// page-observers.js - observers: the mission's list, paged by the server,
// filtered by accreditation status, organisation, country, role and team,
// or found by code or phone number; each with contacts and accreditation.
import { h, num, table, badge, clear } from './dom.js';
import { t, lang } from './i18n.js';
import { get, post, request, mpath, qs, ApiError } from './api.js';

const PAGE = 50;
const KEYS = ['status', 'organisation', 'country', 'role', 'team', 'phone', 'code'];
const SCLASS = { accredited: 'verified', requested: 'flagged', refused: 'rejected', withdrawn: 'muted' };
// The accreditation changes allowed from each status (observer.h).
const NEXT = { requested: ['accredited', 'refused', 'withdrawn'], accredited: ['withdrawn'], refused: ['requested'], withdrawn: ['requested'] };

// A status cell with, for whoever may, a small form to record a decision.
function statusCell(o, mission, can, redraw) {
  const cell = h('div', badge(t(`status.${o.accreditation.status}`), SCLASS[o.accreditation.status] || 'muted'),
    o.accreditation.badge_number ? h('div.muted', o.accreditation.badge_number) : null);
  if (!can('manage_registry') || !NEXT[o.accreditation.status]) return cell;
  const id = `acc-${o.code.replace(/[^\w-]/g, '_')}`;
  const sel = h('select', { id: `${id}-s`, 'aria-label': t('observers.new_status') }, NEXT[o.accreditation.status].map((st) => h('option', { value: st }, t(`status.${st}`))));
  const badgeIn = h('input', { id: `${id}-b`, type: 'text', placeholder: t('observers.badge'), 'aria-label': t('observers.badge'), size: 10 });
  const msg = h('div', { role: 'alert' });
  const sync = () => { badgeIn.hidden = sel.value !== 'accredited'; };
  sel.addEventListener('change', sync);
  sync();
  const save = h('button.btn', { type: 'submit' }, t('observers.save'));
  cell.append(h('details.change', h('summary', t('observers.change')),
    h('form.inline', { onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      save.disabled = true;
      try {
        const body = { status: sel.value };
        if (sel.value === 'accredited' && badgeIn.value.trim()) body.badge = badgeIn.value.trim();
        const r = await post(mpath(mission, `observers/${encodeURIComponent(o.code)}/accreditation`), body);
        redraw(r.body);
      } catch (err) {
        msg.append(h('p.problem', err.message));
        save.disabled = false;
      }
    } }, sel, badgeIn, save, msg)));
  return cell;
}

// Import a CSV file: checked first (a dry run: counts or the first problem
// with its line and column), stored only once it passes.
function importPanel(mission, after) {
  const what = h('select#imp-what', ['observers', 'locations', 'assignments'].map((w) => h('option', { value: w }, t(`import.${w}`))));
  const file = h('input#imp-file', { type: 'file', accept: '.csv,text/csv' });
  const out = h('div#imp-result', { role: 'status' });
  const doImport = h('button.btn#imp-import', { type: 'button', disabled: true }, t('import.import'));
  let text = null;
  const send = async (dry) => {
    out.replaceChildren();
    if (!file.files[0]) { out.append(h('p.msg.msg-bad', t('import.choose'))); return; }
    text = text ?? await file.files[0].text();
    try {
      const r = await request('POST', mpath(mission, `import/${what.value}`) + (dry ? '?dry_run=1' : ''), undefined, { 'Content-Type': 'text/csv; charset=utf-8' }, text);
      const c = r.body;
      out.append(h('p.msg', { class: `msg ${dry ? 'msg-warn' : 'msg-ok'}` }, t(dry ? 'import.checked' : 'import.done', { rows: c.rows, inserted: c.inserted, updated: c.updated, unchanged: c.unchanged })));
      doImport.disabled = !dry;
      if (!dry) { doImport.disabled = true; out.append(h('p', h('a', { href: after() }, t('import.show')))); }
    } catch (err) {
      doImport.disabled = true;
      const p = err.problems && err.problems[0];
      out.append(h('div.msg.msg-bad', h('strong', t('import.refused')), p ? h('p', p.line ? t('import.at', { line: p.line, column: p.column || '–' }) : '', p.message) : h('p', err.message)));
    }
  };
  const reset = () => { text = null; doImport.disabled = true; out.replaceChildren(); };
  what.addEventListener('change', reset);
  file.addEventListener('change', reset);
  doImport.addEventListener('click', () => send(false));
  return h('details.card.stack#import', h('summary', h('strong', t('import.title'))),
    h('p.muted', t('import.lead')),
    h('div.filters.plain', h('div.field', h('label', { for: 'imp-what' }, t('import.what')), what),
      h('div.field', h('label', { for: 'imp-file' }, t('import.file')), file),
      h('div.field', h('span.label', '\u00a0'), h('span', h('button.btn.btn-ghost#imp-check', { type: 'button', onclick: () => send(true) }, t('import.check')), ' ', doImport))),
    out);
}

// Deploy an observer to a station on a day (POST assignments).
function assignPanel(mission, election) {
  const obs = h('input#as-observer', { type: 'text', autocomplete: 'off' });
  const st = h('input#as-station', { type: 'text', autocomplete: 'off' });
  const day = h('input#as-day', { type: 'date', value: election || '' });
  const out = h('div', { role: 'status' });
  return h('details.card.stack#assign', h('summary', h('strong', t('assign.title'))),
    h('form.filters.plain', { onsubmit: async (e) => {
      e.preventDefault();
      out.replaceChildren();
      try {
        const r = await post(mpath(mission, 'assignments'), [{ observer: obs.value.trim(), station: st.value.trim(), ...(day.value ? { day: day.value } : {}) }]);
        out.append(h('p.msg.msg-ok', r.body.inserted ? t('assign.done', { observer: obs.value, station: st.value }) : t('assign.already')));
      } catch (err) {
        out.append(h('div.msg.msg-bad', err.problems.length ? err.problems.map((p) => h('div', p.message)) : err.message));
      }
    } },
    h('div.field', h('label', { for: 'as-observer' }, t('col.observer')), obs),
    h('div.field', h('label', { for: 'as-station' }, t('col.station')), st),
    h('div.field', h('label', { for: 'as-day' }, t('assign.day')), day),
    h('div.field', h('span.label', '\u00a0'), h('button.btn', { type: 'submit' }, t('assign.assign')))), out);
}

export default {
  id: 'observers',
  perm: ['read_observers'],
  async render({ root, mission, params, can, go }) {
    const f = Object.fromEntries(KEYS.map((k) => [k, params.get(k) || '']));
    const offset = Math.max(0, Number(params.get('offset')) || 0);
    const acc = can('read_accreditation') ? await get(mpath(mission, 'accreditation')) : null;
    root.append(h('div.page-head', h('div', h('h1', t('nav.observers')), h('p.muted#observers-summary', acc ? (lang() === 'ru' ? acc.summary_ru || acc.summary : acc.summary) : ''))));
    const text = (k, label) => h('div.field', h('label', { for: `o-${k}` }, label), h('input', { id: `o-${k}`, name: k, type: 'search', value: f[k], autocomplete: 'off' }));
    const sel = (k, label, opts) => h('div.field', h('label', { for: `o-${k}` }, label), h('select', { id: `o-${k}`, name: k }, h('option', { value: '' }, t('filter.any')),
      opts.map(([v, l]) => h('option', { value: v, selected: f[k] === v }, l))));
    root.append(h('form.filters', { role: 'search', onsubmit: (e) => {
      e.preventDefault();
      const d = new FormData(e.target);
      go(`#/observers${qs(Object.fromEntries(KEYS.map((k) => [k, (d.get(k) || '').trim()])))}`);
    } },
    text('code', t('observers.code')), text('phone', t('observers.phone')),
    sel('status', t('col.status'), ['accredited', 'requested', 'refused', 'withdrawn'].map((s) => [s, t(`status.${s}`)])),
    sel('organisation', t('col.organisation'), (acc?.by_organisation || []).filter((o) => o.name).map((o) => [o.name, o.name])),
    sel('country', t('col.country'), (acc?.by_country || []).filter((c) => c.code).map((c) => [c.code, `${c.code} · ${(lang() === 'ru' ? c.name_ru : c.name) || c.name}`])),
    sel('role', t('observers.role'), ['head', 'coordinator', 'core_team', 'long_term', 'short_term', 'national', 'expert', 'interpreter', 'driver', 'security', 'other'].map((r) => [r, t(`orole.${r}`)])),
    text('team', t('observers.team')),
    h('div.field', h('span.label', '\u00a0'), h('span', h('button.btn', { type: 'submit' }, t('filter.apply')), ' ', h('a.btn.btn-ghost', { href: '#/observers' }, t('filter.clear'))))));
    const out = h('div#observers-table');
    root.append(out);
    if (can('manage_registry')) root.append(importPanel(mission, () => `#/observers${qs({ ...f, t: Date.now() })}`));
    if (can('manage_assignments')) root.append(assignPanel(mission, (await get(mpath(mission))).election?.date));
    let list;
    try {
      if (f.code) {
        const one = await get(mpath(mission, `observers/${encodeURIComponent(f.code)}`)).catch((e) => { if (e instanceof ApiError && e.status === 404) return null; throw e; });
        list = { total: one ? 1 : 0, items: one ? [one] : [] };
      } else {
        const q = Object.fromEntries(KEYS.filter((k) => k !== 'code' && f[k]).map((k) => [k, f[k]]));
        list = await get(mpath(mission, 'observers') + qs({ ...q, limit: PAGE, offset }));
      }
    } catch (e) {
      out.append(h('div.msg.msg-bad', { role: 'alert' }, e.message));
      return;
    }
    const page = (o) => `#/observers${qs({ ...f, offset: o || '' })}`;
    clear(out).append(table([
      { label: t('observers.code'), cls: 'nowrap', cell: (o) => h('a', { href: `#/reports?observer=${encodeURIComponent(o.code)}` }, o.code) },
      { label: t('observers.name'), cell: (o) => o.full_name },
      { label: t('col.organisation'), cell: (o) => o.organisation || '–' },
      { label: t('col.country'), cell: (o) => o.country || '–' },
      { label: t('observers.role'), cell: (o) => t(`orole.${o.role}`) },
      { label: t('observers.team'), cls: 'nowrap', cell: (o) => o.team || '–' },
      { label: t('observers.phone'), cell: (o) => o.phones.map((p) => h('div', h('a.nowrap', { href: `tel:${p}` }, p))) },
      { label: t('col.status'), cell: (o) => {
        const box = h('div');
        const draw = (cur) => box.replaceChildren(statusCell(cur, mission, can, draw));
        draw(o);
        return box;
      } },
    ], list.items, { empty: t('observers.none') }),
    h('div.pager', h('span.muted', list.total ? t('pager.range', { from: num(offset + 1), to: num(Math.min(offset + PAGE, list.total)), total: num(list.total) }) : ''),
      h('span', offset > 0 ? h('a.btn.btn-ghost', { href: page(Math.max(0, offset - PAGE)) }, t('pager.prev')) : null, ' ',
        offset + PAGE < list.total ? h('a.btn.btn-ghost', { href: page(offset + PAGE) }, t('pager.next')) : null)));
  },
};
