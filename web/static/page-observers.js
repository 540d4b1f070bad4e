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

// The observer's team with, for whoever may, a small form to change it
// (POST observers/{code}/team).
function teamCell(o, mission, can, redraw) {
  const cell = h('div', o.team ? h('a', { href: `#/observers${qs({ team: o.team })}` }, o.team) : '–');
  if (!can('manage_registry')) return cell;
  const id = `team-${o.code.replace(/[^\w-]/g, '_')}`;
  // The form is made when the details open: a page of 50 rows holds no
  // 50 hidden forms.
  const more = h('details.change-team', h('summary', t('observers.change')));
  more.addEventListener('toggle', () => {
    if (!more.open || more.querySelector('form')) return;
    const input = h('input', { id, type: 'text', value: o.team || '', size: 8, 'aria-label': t('observers.new_team'), autocomplete: 'off' });
    const msg = h('div', { role: 'alert' });
    more.append(h('form.inline', { onsubmit: async (e) => {
      e.preventDefault();
      msg.replaceChildren();
      try {
        const r = await post(mpath(mission, `observers/${encodeURIComponent(o.code)}/team`), { team: input.value.trim() || null });
        redraw(r.body);
      } catch (err) {
        msg.append(h('p.problem', err.message));
      }
    } }, input, h('button.btn', { type: 'submit' }, t('observers.save')), msg));
    input.focus();
  });
  cell.append(more);
  return cell;
}

// The first rows of a CSV text, as records of fields (RFC 4180: quoted
// fields with commas, doubled quotes and line breaks), each with the line
// where it starts; for the preview only: the server reads the file.
function csvHead(text, max) {
  const rows = [];
  let row = [], field = '', quoted = false, line = 1, start = 1, any = false;
  const end = () => { row.push(field); field = ''; };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length && rows.length < max; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else { if (c === '\n') line++; field += c; }
    } else if (c === '"') { quoted = true; any = true; } else if (c === ',') { end(); any = true; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (any || field) { end(); rows.push({ line: start, fields: row }); }
      row = []; any = false; line++; start = line;
    } else { field += c; any = true; }
  }
  if ((any || field) && rows.length < max) { end(); rows.push({ line: start, fields: row }); }
  return rows;
}

// The problems of a refused file, every one with its line and column
// (by name, and its number in the header), and the file's first rows with
// the lines that have a problem marked.
function problemsView(err, text) {
  const probs = err.problems || [];
  const head = csvHead(text, 11);
  const header = head[0]?.fields.map((x) => x.trim().toLowerCase()) || [];
  const colNo = (c) => { const i = header.indexOf(String(c || '').toLowerCase()); return i >= 0 ? i + 1 : null; };
  const total = err.body?.problems_total ?? probs.length;
  const bad = new Set(probs.map((p) => p.line));
  const where = (p) => {
    if (!p.line) return '';
    const n = colNo(p.column);
    return p.column ? t('import.at', { line: p.line, column: n ? `${p.column} (${n})` : p.column }) : t('import.at_line', { line: p.line });
  };
  return [
    h('div.msg.msg-bad', h('strong', t('import.refused')), ' ', total > 1 ? t('import.problems', { n: total }) : '',
      h('ol.import-problems', probs.map((p) => h('li', { 'data-line': p.line || '' }, h('span.where', where(p)), p.message))),
      err.body?.problems_left_out ? h('p', t('import.left_out', { n: err.body.problems_left_out })) : null),
    head.length > 1 ? h('div.import-preview', h('h3', t('import.preview')),
      table([{ label: t('import.line'), num: true, cell: (r) => String(r.line) },
        ...head[0].fields.map((name, i) => ({ label: name, cell: (r) => r.fields[i] ?? '' }))],
      head.slice(1), { rowClass: (r) => (bad.has(r.line) ? 'bad-row' : null) })) : null,
  ];
}

// Import a CSV file: checked first (a dry run: counts, or every problem
// with its line and column and a preview of the first rows), stored only
// once it passes.
function importPanel(mission, can, after) {
  // Locations are the coordinator's (manage_locations): a clerk is not
  // offered what the server would refuse.
  const kinds = ['observers', ...(can('manage_locations') ? ['locations'] : []), 'assignments'];
  const what = h('select#imp-what', kinds.map((w) => h('option', { value: w }, t(`import.${w}`))));
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
      if (err.problems && err.problems.length) out.append(...problemsView(err, text).filter(Boolean));
      else out.append(h('div.msg.msg-bad', h('strong', t('import.refused')), h('p', err.message)));
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

// Deploy an observer, or every member of a team, to a station on a day
// (POST assignments: all or nothing).
function assignPanel(mission, election, after) {
  const obs = h('input#as-observer', { type: 'text', autocomplete: 'off' });
  const team = h('input#as-team', { type: 'text', autocomplete: 'off' });
  const st = h('input#as-station', { type: 'text', autocomplete: 'off' });
  const day = h('input#as-day', { type: 'date', value: election || '' });
  const out = h('div#as-result', { role: 'status' });
  return h('details.card.stack#assign', h('summary', h('strong', t('assign.title'))),
    h('p.muted', t('assign.lead')),
    h('form.filters.plain', { onsubmit: async (e) => {
      e.preventDefault();
      out.replaceChildren();
      try {
        let who = obs.value.trim() ? [obs.value.trim()] : [];
        if (team.value.trim()) {
          const members = await get(mpath(mission, 'observers') + qs({ team: team.value.trim(), limit: 1000 }));
          if (!members.items.length) throw new Error(t('assign.no_team', { team: team.value.trim() }));
          who = [...new Set([...who, ...members.items.map((o) => o.code)])];
        }
        if (!who.length) throw new Error(t('assign.who'));
        const r = await post(mpath(mission, 'assignments'), who.map((o) => ({ observer: o, station: st.value.trim(), ...(day.value ? { day: day.value } : {}) })));
        out.append(h('p.msg.msg-ok', r.body.inserted ? t('assign.done_n', { n: r.body.inserted, station: st.value.trim(), observers: who.join(', ') }) : t('assign.already')));
        after();
      } catch (err) {
        out.append(h('div.msg.msg-bad', err.problems?.length ? err.problems.map((p) => h('div', p.message)) : err.message));
      }
    } },
    h('div.field', h('label', { for: 'as-observer' }, t('col.observer')), obs),
    h('div.field', h('label', { for: 'as-team' }, t('assign.or_team')), team),
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
    if (can('manage_registry')) root.append(importPanel(mission, can, () => `#/observers${qs({ ...f, t: Date.now() })}`));
    if (can('manage_assignments')) root.append(assignPanel(mission, (await get(mpath(mission))).election?.date, () => showDeployments()));
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
      { label: t('observers.team'), cls: 'nowrap', cell: (o) => {
        const box = h('div');
        const draw = (cur) => box.replaceChildren(teamCell(cur, mission, can, draw));
        draw(o);
        return box;
      } },
      ...(can('read_assignments') ? [{ label: t('observers.deployed'), cell: (o) => h('div.deployed', { 'data-observer': o.code }, '…') }] : []),
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
    await showDeployments();

    // Each observer's stations on the page (one request for the page).
    async function showDeployments() {
      if (!can('read_assignments') || !list?.items.length) return;
      const a = await get(mpath(mission, 'assignments') + qs({ observer: list.items.map((o) => o.code).join(','), limit: 1000 }));
      for (const box of out.querySelectorAll('.deployed[data-observer]')) {
        const mine = a.items.filter((x) => x.observer === box.dataset.observer);
        const li = (x) => h('li.nowrap', can('read_registry') ? h('a', { href: `#/stations${qs({ q: x.station, level: 'any' })}` }, x.station) : x.station, h('span.muted', ` ${x.day}`));
        // A mobile team visits many stations: the first few, the rest folded.
        box.replaceChildren(!mine.length ? h('span.muted', t('observers.not_deployed'))
          : h('ul.plain', mine.slice(0, 3).map(li)),
        mine.length > 3 ? h('details.more', h('summary', t('observers.more', { n: mine.length - 3 })), h('ul.plain', mine.slice(3).map(li))) : null);
      }
    }
  },
};
