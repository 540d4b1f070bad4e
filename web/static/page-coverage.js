// page-coverage.js - coverage, live: per region and per form, the stations
// expected, reported, missing, flagged and in conflict, as a table and a
// schematic map; the missing stations with their observers' phones.  The
// page fetches again when the event stream says something was committed.
import { h, num, pct, tx, table, clear, say } from './dom.js';
import { t, tn } from './i18n.js';
import { get, mpath, qs } from './api.js';
import { regionMap, SHADES } from './map.js';

const PAGE = 50;
let places = null; // region coordinates, by mission

async function regionPlaces(mission, can) {
  if (places && places.mission === mission) return places.byCode;
  const byCode = {};
  if (can('read_registry')) {
    for (const level of ['region', 'city', 'abroad']) {
      const r = await get(mpath(mission, 'locations') + qs({ level, limit: 1000 }));
      for (const l of r.items) byCode[l.code] = l;
    }
  }
  places = { mission, byCode };
  return byCode;
}

function share(c) { return c && c.expected ? c.reported / c.expected : null; }

export default {
  id: 'coverage',
  perm: ['read_coverage'],
  async render({ root, mission, params, can, live, go }) {
    const forms = (await get(mpath(mission, 'coverage') + qs({ limit: 0 }))).forms;
    const form = forms.includes(params.get('form')) ? params.get('form') : forms[0];
    let offset = Math.max(0, Number(params.get('offset')) || 0);
    const coords = await regionPlaces(mission, can);
    let formNames = {};
    if (can('read_forms')) for (const f of (await get(mpath(mission, 'forms'))).items) formNames[f.code] = tx(f.name);

    const status = h('p.muted#coverage-status', { 'aria-live': 'off' });
    root.append(h('div.page-head',
      h('div', h('h1', t('nav.coverage')), h('p.muted', t('coverage.lead'))),
      h('p', h('span.live-dot#live-dot'), status)));
    root.append(h('div.tabs', { role: 'group', 'aria-label': t('col.form') },
      forms.map((f) => h('button', { type: 'button', 'aria-pressed': String(f === form), 'data-form': f,
        onclick: () => go(`#/coverage?form=${encodeURIComponent(f)}`) }, formNames[f] ? `${f} · ${formNames[f]}` : f))));
    const totals = h('div.grid.grid-stats#coverage-totals');
    const mapCard = h('section.card', { 'aria-labelledby': 'cov-map' });
    const tableCard = h('section.card', { 'aria-labelledby': 'cov-table' });
    const missingCard = h('section.card#coverage-missing', { 'aria-labelledby': 'cov-missing' });
    mapCard.classList.add('stack');
    tableCard.classList.add('stack');
    root.append(totals, mapCard, tableCard, missingCard);

    let last = null;
    const draw = (c, changed) => {
      const tot = c.total[form] || {};
      const prev = last ? last.total[form] || {} : null;
      clear(totals).append(
        ...['expected', 'reported', 'missing', 'flagged', 'conflicts'].map((k) => {
          const card = h('div.card', h('div.stat', { 'data-key': k }, num(tot[k])), h('p.stat-label', t(`coverage.${k}`)));
          if (prev && prev[k] !== tot[k]) card.classList.add('flash');
          return card;
        }));
      const rows = c.regions.map((r) => ({ ...r, f: r.forms[form] || {} }));
      clear(tableCard).append(h('h2#cov-table', t('coverage.by_region')),
        table([
          { label: t('col.region'), cell: (r) => h('a', { href: `#/reports?form=${encodeURIComponent(form)}&region=${encodeURIComponent(r.code)}` }, r.name || r.code) },
          { label: t('coverage.expected'), num: true, cell: (r) => num(r.f.expected) },
          { label: t('coverage.reported'), num: true, cell: (r) => num(r.f.reported) },
          { label: '%', num: true, cell: (r) => pct(share(r.f), 0) },
          { label: t('coverage.missing'), num: true, cell: (r) => num(r.f.missing) },
          { label: t('coverage.flagged'), num: true, cell: (r) => (r.f.flagged ? h('span.badge.b-flagged', num(r.f.flagged)) : '0') },
          { label: t('coverage.conflicts'), num: true, cell: (r) => (r.f.conflicts ? h('span.badge.b-conflict', num(r.f.conflicts)) : '0') },
        ], rows, { rowClass: (r) => {
          const old = last && last.regions.find((x) => x.code === r.code);
          return old && (old.forms[form] || {}).reported !== r.f.reported ? 'flash' : null;
        } }));
      const regions = rows.map((r) => {
        const l = coords[r.code] || {};
        const sh = share(r.f);
        return { code: r.code, name: r.name, lat: l.latitude, lon: l.longitude, value: sh, weight: r.f.expected || 0,
          label: `${r.name || r.code}: ${t('coverage.map_label', { reported: num(r.f.reported || 0), expected: num(r.f.expected || 0), share: pct(sh, 0) })}` };
      });
      clear(mapCard).append(h('h2#cov-map', t('coverage.map')),
        regionMap(regions, { width: 960, height: 400, title: t('coverage.map_title', { form }), onPick: (r) => go(`#/reports?form=${encodeURIComponent(form)}&region=${encodeURIComponent(r.code)}`) }),
        h('div.legend', SHADES.map((x) => h('span', h('i', { class: 'sw' }), t(x.key))), h('span', t('map.size'))));
      mapCard.querySelectorAll('.legend i.sw').forEach((i, k) => { i.style.background = SHADES[k].fill; });
      const miss = c.missing;
      clear(missingCard).append(h('h2#cov-missing', t('coverage.missing_title', { n: num(c.missing_total) })),
        table([
          { label: t('col.station'), cell: (r) => h('span', h('strong', r.station), h('br'), h('span.muted', r.name || '')) },
          { label: t('col.region'), cell: (r) => r.region || '–' },
          { label: t('coverage.observers'), cell: (r) => (r.observers.length ? r.observers.map((o) => h('div', `${o.name || o.code} `, h('span.muted', `(${o.code}) `),
            o.phones.map((p) => h('a.nowrap', { href: `tel:${p}` }, p, ' ')))) : h('span.muted', t('coverage.no_observer'))) },
        ], miss, { empty: t('coverage.none_missing') }),
        h('div.pager',
          h('span.muted', c.missing_total ? t('pager.range', { from: num(offset + 1), to: num(Math.min(offset + PAGE, c.missing_total)), total: num(c.missing_total) }) : ''),
          h('span',
            h('button.btn.btn-ghost', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); refresh(); } }, t('pager.prev')), ' ',
            h('button.btn.btn-ghost', { type: 'button', disabled: offset + PAGE >= c.missing_total, onclick: () => { offset += PAGE; refresh(); } }, t('pager.next')))));
      status.textContent = t('coverage.updated', { time: new Date().toLocaleTimeString() });
      if (changed) say(t('coverage.changed', { n: num(tot.reported) }));
      last = c;
    };

    let inflight = false;
    let again = false;
    async function refresh(changed) {
      if (inflight) { again = true; return; }
      inflight = true;
      try {
        const c = await get(mpath(mission, 'coverage') + qs({ form, limit: PAGE, offset }));
        draw(c, changed);
      } catch (e) {
        status.textContent = e.message;
      } finally {
        inflight = false;
        if (again) { again = false; refresh(true); }
      }
    }
    await refresh(false);
    const dot = document.getElementById('live-dot');
    const stop = live((type) => {
      dot.classList.add('on');
      dot.title = t('coverage.live');
      if (type === 'change') refresh(true);
    });
    if (document.body.classList.contains('live-on')) dot.classList.add('on');
    return stop;
  },
};
