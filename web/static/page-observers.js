// page-observers.js - observers: the mission's list, paged by the server,
// filtered by accreditation status, organisation, country, role and team,
// or found by code or phone number; each with contacts and accreditation.
import { h, num, table, badge, clear } from './dom.js';
import { t } from './i18n.js';
import { get, mpath, qs, ApiError } from './api.js';

const PAGE = 50;
const KEYS = ['status', 'organisation', 'country', 'role', 'team', 'phone', 'code'];
const SCLASS = { accredited: 'verified', requested: 'flagged', refused: 'rejected', withdrawn: 'muted' };

export default {
  id: 'observers',
  perm: ['read_observers'],
  async render({ root, mission, params, can, go }) {
    const f = Object.fromEntries(KEYS.map((k) => [k, params.get(k) || '']));
    const offset = Math.max(0, Number(params.get('offset')) || 0);
    const acc = can('read_accreditation') ? await get(mpath(mission, 'accreditation')) : null;
    root.append(h('div.page-head', h('div', h('h1', t('nav.observers')), h('p.muted', acc ? acc.summary : ''))));
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
    sel('country', t('col.country'), (acc?.by_country || []).filter((c) => c.code).map((c) => [c.code, `${c.code} · ${c.name}`])),
    sel('role', t('observers.role'), ['head', 'coordinator', 'core_team', 'long_term', 'short_term', 'national', 'expert', 'interpreter', 'driver', 'security', 'other'].map((r) => [r, t(`orole.${r}`)])),
    text('team', t('observers.team')),
    h('div.field', h('span.label', '\u00a0'), h('span', h('button.btn', { type: 'submit' }, t('filter.apply')), ' ', h('a.btn.btn-ghost', { href: '#/observers' }, t('filter.clear'))))));
    const out = h('div#observers-table');
    root.append(out);
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
      { label: t('observers.code'), cell: (o) => h('a', { href: `#/reports?observer=${encodeURIComponent(o.code)}` }, o.code) },
      { label: t('observers.name'), cell: (o) => o.full_name },
      { label: t('col.organisation'), cell: (o) => o.organisation || '–' },
      { label: t('col.country'), cell: (o) => o.country || '–' },
      { label: t('observers.role'), cell: (o) => t(`orole.${o.role}`) },
      { label: t('observers.team'), cell: (o) => o.team || '–' },
      { label: t('observers.phone'), cell: (o) => o.phones.map((p) => h('div', h('a.nowrap', { href: `tel:${p}` }, p))) },
      { label: t('col.status'), cell: (o) => [badge(t(`status.${o.accreditation.status}`), SCLASS[o.accreditation.status] || 'muted'), o.accreditation.badge_number ? h('div.muted', o.accreditation.badge_number) : null] },
    ], list.items, { empty: t('observers.none') }),
    h('div.pager', h('span.muted', list.total ? t('pager.range', { from: num(offset + 1), to: num(Math.min(offset + PAGE, list.total)), total: num(list.total) }) : ''),
      h('span', offset > 0 ? h('a.btn.btn-ghost', { href: page(Math.max(0, offset - PAGE)) }, t('pager.prev')) : null, ' ',
        offset + PAGE < list.total ? h('a.btn.btn-ghost', { href: page(offset + PAGE) }, t('pager.next')) : null)));
  },
};
