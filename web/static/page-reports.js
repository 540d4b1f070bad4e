// page-reports.js - the reports: a table paged by the server (50 a page,
// whatever the number of reports), filtered by form, region, station,
// observer, status, channel and time of arrival; the filters live in the
// page's address, so a filtered view can be bookmarked and sent.
import { h, num, when, table, badge, clear } from './dom.js';
import { t } from './i18n.js';
import { get, mpath, qs } from './api.js';
import { forms as loadForms, regions as loadRegions } from './cache.js';

const PAGE = 50;
const STATUSES = ['new', 'flagged', 'verified', 'rejected'];
const CHANNELS = ['api', 'web', 'paper', 'phone', 'csv', 'odk', 'sms'];
const KEYS = ['form', 'region', 'station', 'observer', 'status', 'channel', 'since'];

export default {
  id: 'reports',
  perm: ['read_submissions'],
  async render({ root, mission, params, can, go }) {
    const f = Object.fromEntries(KEYS.map((k) => [k, params.get(k) || '']));
    const offset = Math.max(0, Number(params.get('offset')) || 0);
    const [forms, regions] = await Promise.all([
      can('read_forms') ? loadForms(mission) : [],
      can('read_registry') ? loadRegions(mission) : [],
    ]);
    root.append(h('div.page-head', h('div', h('h1', t('nav.reports')), h('p.muted', t('reports.lead')))));

    const field = (id, label, input) => h('div.field', h('label', { for: id }, label), input);
    const sel = (id, key, options) => h('select', { id, name: key },
      h('option', { value: '' }, t('filter.any')),
      options.map(([v, label]) => h('option', { value: v, selected: f[key] === v }, label)));
    const text = (id, key, ph) => h('input', { id, name: key, type: 'search', value: f[key], placeholder: ph, autocomplete: 'off', spellcheck: 'false' });
    const form = h('form.filters#report-filters', { role: 'search', onsubmit: (e) => {
      e.preventDefault();
      const d = new FormData(e.target);
      const p = {};
      for (const k of KEYS) {
        let v = (d.get(k) || '').trim();
        if (k === 'since' && v) v = new Date(v).toISOString().slice(0, 16);
        if (v) p[k] = v;
      }
      go(`#/reports${qs(p)}`);
    } },
    field('f-form', t('col.form'), sel('f-form', 'form', forms.map((x) => [x.code, x.code]))),
    field('f-region', t('col.region'), sel('f-region', 'region', regions.map((x) => [x.code, `${x.code} · ${x.name}`]))),
    field('f-station', t('col.station'), text('f-station', 'station', '01-0001')),
    field('f-observer', t('col.observer'), text('f-observer', 'observer', 'OSCE-001')),
    field('f-status', t('col.status'), sel('f-status', 'status', STATUSES.map((s) => [s, t(`rstatus.${s}`)]))),
    field('f-channel', t('col.channel'), sel('f-channel', 'channel', CHANNELS.map((c) => [c, t(`channel.${c}`)]))),
    field('f-since', t('reports.since'), h('input#f-since', { type: 'datetime-local', name: 'since', value: f.since ? toLocalInput(f.since) : '' })),
    h('div.field', h('span.label', '\u00a0'), h('span', h('button.btn', { type: 'submit' }, t('filter.apply')), ' ',
      h('a.btn.btn-ghost', { href: '#/reports' }, t('filter.clear')))));
    root.append(form);

    const out = h('div#reports-table', h('p.loading', t('app.loading')));
    root.append(out);
    const started = performance.now();
    const query = { ...Object.fromEntries(Object.entries(f).filter(([, v]) => v)), limit: PAGE, offset };
    if (query.since) query.since = query.since.length === 16 ? `${query.since}:00Z` : query.since;
    let list;
    try {
      list = await get(mpath(mission, 'submissions') + qs(query));
    } catch (e) {
      clear(out).append(h('div.msg.msg-bad', { role: 'alert' }, e.message));
      return;
    }
    const ms = Math.round(performance.now() - started);
    const page = (o) => `#/reports${qs({ ...Object.fromEntries(KEYS.map((k) => [k, f[k]])), offset: o || '' })}`;
    clear(out).append(
      table([
        { label: '#', num: true, cell: (r) => h('a', { href: `#/report/${r.id}` }, String(r.id)) },
        { label: t('col.form'), cell: (r) => r.form },
        { label: t('col.station'), cell: (r) => h('a', { href: `#/reports${qs({ station: r.station })}` }, r.station) },
        { label: t('col.observer'), cell: (r) => h('a', { href: `#/reports${qs({ observer: r.observer })}` }, r.observer) },
        { label: t('col.status'), cell: (r) => [badge(t(`rstatus.${r.status}`), r.status), r.version > 1 ? h('span.muted', ` v${r.version}`) : null] },
        { label: t('col.channel'), cell: (r) => t(`channel.${r.channel}`) },
        { label: t('col.observed'), cell: (r) => h('span.nowrap', r.observed_at ? r.observed_at.replace('T', ' ').slice(0, 16) : '–') },
        { label: t('col.received'), cell: (r) => h('span.nowrap', when(r.received_at)) },
        { label: t('col.problems'), cell: (r) => (r.problems.length ? h('span.muted', r.problems.map((p) => p.check || p.tag || p.field).join(', ')) : '') },
      ], list.items, { empty: t('reports.none') }),
      h('div.pager',
        h('span.muted#reports-count', list.total ? t('pager.range', { from: num(offset + 1), to: num(Math.min(offset + PAGE, list.total)), total: num(list.total) }) + ` · ${ms} ms` : t('reports.none')),
        h('span',
          offset > 0 ? h('a.btn.btn-ghost', { href: page(Math.max(0, offset - PAGE)), rel: 'prev' }, t('pager.prev')) : null, ' ',
          offset + PAGE < list.total ? h('a.btn.btn-ghost', { href: page(offset + PAGE), rel: 'next' }, t('pager.next')) : null)));
  },
};

function toLocalInput(iso) {
  const d = new Date(iso.length <= 16 ? `${iso}Z` : iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
