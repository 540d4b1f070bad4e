// page-stations.js - polling stations: found by code or name, filtered by
// region and level, paged by the server (GET .../locations); for each
// station on the page, the observers deployed there (GET .../assignments
// for the page's stations at once) and its reports' coverage: per form
// of election day, reported, flagged or missing.
import { h, num, table, badge, clear } from './dom.js';
import { t } from './i18n.js';
import { get, mpath, qs } from './api.js';
import { forms as loadForms, regions as loadRegions } from './cache.js';

const PAGE = 25;
const KEYS = ['q', 'region', 'level'];
const LEVELS = ['station', 'territory', 'district', 'region', 'city', 'abroad', 'country'];

// A station's state for one form, from its current reports; without one,
// missing when the station is expected to report (coverage's rule: an
// observer is deployed there, or the mission deploys nobody anywhere),
// else not expected.
function formState(reports, form, expected) {
  const mine = reports.filter((r) => r.form === form && r.status !== 'rejected');
  if (!mine.length) return expected ? 'missing' : 'not_expected';
  return mine.some((r) => r.status === 'flagged' || r.problems.length) ? 'flagged' : 'reported';
}
const STATE_CLASS = { reported: 'verified', flagged: 'flagged', missing: 'rejected', not_expected: 'muted' };

export default {
  id: 'stations',
  perm: ['read_registry'],
  async render({ root, mission, params, can, go }) {
    const f = Object.fromEntries(KEYS.map((k) => [k, params.get(k) || '']));
    // Stations unless another level (or "any": every level) is asked for.
    f.level ||= 'station';
    const offset = Math.max(0, Number(params.get('offset')) || 0);
    const [regions, forms] = await Promise.all([loadRegions(mission), can('read_forms') ? loadForms(mission) : []]);
    // The forms a station owes on election day: not incidents, and not
    // the tabulation, which territorial commissions fill.
    const owed = forms.filter((x) => x.kind !== 'incident' && !['any', 'tabulation'].includes(x.phase)).map((x) => x.code);
    root.append(h('div.page-head', h('div', h('h1', t('nav.stations')), h('p.muted', t('stations.lead')))));
    const field = (id, label, input) => h('div.field', h('label', { for: id }, label), input);
    root.append(h('form.filters#station-filters', { role: 'search', onsubmit: (e) => {
      e.preventDefault();
      const d = new FormData(e.target);
      go(`#/stations${qs(Object.fromEntries(KEYS.map((k) => [k, (d.get(k) || '').trim()])))}`);
    } },
    field('s-q', t('stations.search'), h('input#s-q', { name: 'q', type: 'search', value: f.q, placeholder: t('stations.search_ph'), autocomplete: 'off', spellcheck: 'false' })),
    field('s-region', t('col.region'), h('select#s-region', { name: 'region' }, h('option', { value: '' }, t('filter.any')),
      regions.map((r) => h('option', { value: r.code, selected: f.region === r.code }, `${r.code} · ${r.name}`)))),
    field('s-level', t('stations.level'), h('select#s-level', { name: 'level' }, h('option', { value: 'any', selected: f.level === 'any' }, t('filter.any')),
      LEVELS.map((l) => h('option', { value: l, selected: f.level === l }, t(`level.${l}`))))),
    h('div.field', h('span.label', '\u00a0'), h('span', h('button.btn', { type: 'submit' }, t('filter.apply')), ' ',
      h('a.btn.btn-ghost', { href: '#/stations' }, t('filter.clear'))))));
    const out = h('div#stations-table', h('p.loading', t('app.loading')));
    root.append(out);
    let list;
    try {
      list = await get(mpath(mission, 'locations') + qs({ q: f.q, region: f.region, level: f.level === 'any' ? '' : f.level, limit: PAGE, offset }));
    } catch (e) {
      clear(out).append(h('div.msg.msg-bad', { role: 'alert' }, e.message));
      return;
    }
    const codes = list.items.map((l) => l.code);
    // Who is deployed to the page's stations, and their reports.
    const deployed = {};
    const reports = {};
    let deploysAny = true;
    if (codes.length && can('read_assignments')) {
      const [a, every] = await Promise.all([
        get(mpath(mission, 'assignments') + qs({ station: codes.join(','), limit: 1000 })),
        get(mpath(mission, 'assignments') + qs({ limit: 0 })),
      ]);
      for (const x of a.items) (deployed[x.station] ||= []).push(x);
      deploysAny = every.total > 0;
    }
    const expected = (code) => !can('read_assignments') || !deploysAny || Boolean(deployed[code]);
    if (codes.length && can('read_submissions')) {
      await Promise.all(list.items.filter((l) => l.level === 'station').map(async (l) => {
        reports[l.code] = (await get(mpath(mission, 'submissions') + qs({ station: l.code, limit: 100 }))).items;
      }));
    }
    const page = (o) => `#/stations${qs({ ...f, offset: o || '' })}`;
    const cols = [
      { label: t('stations.code'), cls: 'nowrap', cell: (l) => (can('read_submissions') ? h('a', { href: `#/reports${qs({ station: l.code })}` }, l.code) : l.code) },
      { label: t('stations.name'), cell: (l) => l.name },
      { label: t('stations.level'), cell: (l) => t(`level.${l.level}`) },
      { label: t('stations.parent'), cls: 'nowrap', cell: (l) => l.parent || '–' },
      { label: t('stations.voters'), num: true, cell: (l) => num(l.registered_voters) },
    ];
    if (can('read_assignments')) {
      cols.push({ label: t('stations.observers'), cell: (l) => {
        const d = deployed[l.code] || [];
        if (!d.length) return h('span.muted', l.level === 'station' ? t('stations.nobody') : '–');
        return h('ul.plain.deployed', d.map((x) => h('li', h('a', { href: `#/observers${qs({ code: x.observer })}` }, x.observer), h('span.muted', ` ${x.day}`))));
      } });
    }
    if (can('read_submissions') && owed.length) {
      cols.push({ label: t('stations.coverage'), cell: (l) => {
        if (l.level !== 'station') return '–';
        return h('span.coverage-forms', owed.map((fc) => {
          const st = formState(reports[l.code] || [], fc, expected(l.code));
          return h('span', { 'data-form': fc, 'data-state': st, title: `${fc}: ${t(`stations.state_${st}`)}` }, badge(`${fc} ${t(`stations.state_${st}`)}`, STATE_CLASS[st]), ' ');
        }));
      } });
    }
    clear(out).append(table(cols, list.items, { empty: t('stations.none') }),
      h('div.pager', h('span.muted#stations-count', list.total ? t('pager.range', { from: num(offset + 1), to: num(Math.min(offset + PAGE, list.total)), total: num(list.total) }) : t('stations.none')),
        h('span', offset > 0 ? h('a.btn.btn-ghost', { href: page(Math.max(0, offset - PAGE)), rel: 'prev' }, t('pager.prev')) : null, ' ',
          offset + PAGE < list.total ? h('a.btn.btn-ghost', { href: page(offset + PAGE), rel: 'next' }, t('pager.next')) : null)));
  },
};
