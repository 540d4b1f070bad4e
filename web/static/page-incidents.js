// page-incidents.js - incidents, live: the incident reports (form IN) and
// the alerts raised by critical answers on any form, critical ones first,
// then newest; filters by category, severity, region and follow-up (the
// review status: new, verified, rejected).  Refreshed by the event stream.
import { h, when, tx, table, badge, clear } from './dom.js';
import { t } from './i18n.js';
import { get, mpath, qs } from './api.js';
import { form as loadForm, forms as loadForms } from './cache.js';

export default {
  id: 'incidents',
  perm: ['read_submissions'],
  async render({ root, mission, can, live }) {
    const forms = can('read_forms') ? await loadForms(mission) : [];
    const inCode = (forms.find((f) => f.kind === 'incident') || { code: 'IN' }).code;
    const def = can('read_forms') ? await loadForm(mission, inCode).catch(() => null) : null;
    const qA = def?.questions.find((q) => q.tag === 'A');
    const qB = def?.questions.find((q) => q.tag === 'B');
    const crit = new Set(qA?.critical || []);
    const filt = { category: '', severity: '', status: '' };
    root.append(h('div.page-head', h('div', h('h1', t('nav.incidents')), h('p.muted', t('incidents.lead'))), h('p', h('span.live-dot#live-dot'), h('span.muted#inc-updated'))));
    const sel = (key, label, opts) => h('div.field', h('label', { for: `i-${key}` }, label),
      h('select', { id: `i-${key}`, onchange: (e) => { filt[key] = e.target.value; draw(); } }, h('option', { value: '' }, t('filter.any')),
        opts.map(([v, l]) => h('option', { value: v }, l))));
    root.append(h('div.filters',
      qA ? sel('category', tx(qA.text), qA.options.map((o) => [o.value, tx(o.text)])) : null,
      qB ? sel('severity', tx(qB.text), qB.options.map((o) => [o.value, tx(o.text)])) : null,
      sel('status', t('incidents.follow_up'), ['new', 'flagged', 'verified', 'rejected'].map((s) => [s, t(`rstatus.${s}`)]))));
    const alertsBox = h('section.card.stack', { 'aria-labelledby': 'al-h' });
    const listBox = h('section.card.stack#incident-list', { 'aria-labelledby': 'in-h' });
    root.append(listBox, alertsBox);
    let data = { items: [] };
    let alerts = { items: [] };
    const opt = (q, v) => { const o = q?.options.find((x) => x.value === v); return o ? tx(o.text) : v ?? '–'; };
    function draw() {
      let rows = data.items.filter((r) => (!filt.category || String(r.answers.A) === filt.category)
        && (!filt.severity || String(r.answers.B) === filt.severity) && (!filt.status || r.status === filt.status));
      rows = rows.sort((a, b) => (crit.has(b.answers.A) - crit.has(a.answers.A)) || b.id - a.id);
      clear(listBox).append(h('h2#in-h', t('incidents.reports', { n: rows.length })),
        table([
          { label: '', cell: (r) => (crit.has(r.answers.A) ? badge(t('report.critical'), 'critical') : '') },
          { label: t('incidents.category'), cell: (r) => h('a', { href: `#/report/${r.id}` }, opt(qA, r.answers.A)) },
          { label: t('incidents.severity'), cell: (r) => opt(qB, r.answers.B) },
          { label: t('incidents.what'), cell: (r) => r.answers.C || r.comment || '' },
          { label: t('col.station'), cell: (r) => r.station },
          { label: t('col.observer'), cell: (r) => r.observer },
          { label: t('col.received'), cell: (r) => h('span.nowrap', when(r.received_at)) },
          { label: t('incidents.follow_up'), cell: (r) => badge(t(`rstatus.${r.status}`), r.status) },
        ], rows, { empty: t('incidents.none'), rowClass: (r) => (crit.has(r.answers.A) ? 'critical' : null) }));
      clear(alertsBox).append(h('h2#al-h', t('incidents.alerts', { n: alerts.total ?? 0 })),
        table([
          { label: t('col.form'), cell: (a) => a.form },
          { label: t('incidents.alert'), cell: (a) => h('a', { href: `#/report/${a.submission}` }, a.message) },
          { label: t('col.station'), cell: (a) => a.station },
          { label: t('col.received'), cell: (a) => h('span.nowrap', when(a.created_at)) },
        ], alerts.items, { empty: t('incidents.no_alerts') }));
      document.getElementById('inc-updated').textContent = t('coverage.updated', { time: new Date().toLocaleTimeString() });
    }
    async function refresh() {
      [data, alerts] = await Promise.all([
        get(mpath(mission, 'submissions') + qs({ form: inCode, limit: 1000 })),
        get(mpath(mission, 'alerts') + qs({ limit: 100 })),
      ]);
      draw();
    }
    await refresh();
    const dot = document.getElementById('live-dot');
    if (document.body.classList.contains('live-on')) dot.classList.add('on');
    return live((type) => { dot.classList.add('on'); if (type === 'change') refresh(); });
  },
};
