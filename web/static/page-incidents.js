// page-incidents.js - incidents, live: the incident reports, filtered and
// paged by the server (GET .../incidents: critical first, then newest),
// by category, severity, critical or not, region and follow-up (the
// form's "follow-up needed" answer with the review: open, closed, none);
// and the alerts raised by critical answers on any form.  The filters live
// in the page's address; the event stream refreshes the page shown.
import { h, num, when, tx, table, badge, clear } from './dom.js';
import { t } from './i18n.js';
import { get, mpath, qs } from './api.js';
import { form as loadForm, forms as loadForms, regions as loadRegions } from './cache.js';

const PAGE = 50;
const KEYS = ['category', 'severity', 'critical', 'region', 'follow_up', 'status'];
const FCLASS = { open: 'flagged', closed: 'verified', none: 'muted' };

export default {
  id: 'incidents',
  perm: ['read_submissions'],
  async render({ root, mission, params, can, live, go }) {
    const f = Object.fromEntries(KEYS.map((k) => [k, params.get(k) || '']));
    const offset = Math.max(0, Number(params.get('offset')) || 0);
    const [forms, regions] = await Promise.all([can('read_forms') ? loadForms(mission) : [], can('read_registry') ? loadRegions(mission) : []]);
    const inCode = (forms.find((x) => x.kind === 'incident') || { code: 'IN' }).code;
    const def = can('read_forms') ? await loadForm(mission, inCode).catch(() => null) : null;
    // Category and severity: the form's first two single-choice questions.
    const [qA, qB] = (def?.questions || []).filter((q) => q.type === 'select_one');
    root.append(h('div.page-head', h('div', h('h1', t('nav.incidents')), h('p.muted', t('incidents.lead'))), h('p', h('span.live-dot#live-dot'), h('span.muted#inc-updated'))));
    const sel = (key, label, opts) => h('div.field', h('label', { for: `i-${key}` }, label),
      h('select', { id: `i-${key}`, name: key }, h('option', { value: '' }, t('filter.any')),
        opts.map(([v, l]) => h('option', { value: v, selected: f[key] === String(v) }, l))));
    root.append(h('form.filters#incident-filters', { role: 'search', onsubmit: (e) => {
      e.preventDefault();
      const d = new FormData(e.target);
      go(`#/incidents${qs(Object.fromEntries(KEYS.map((k) => [k, d.get(k) || ''])))}`);
    } },
    qA ? sel('category', tx(qA.text), qA.options.map((o) => [o.value, tx(o.text)])) : null,
    qB ? sel('severity', tx(qB.text), qB.options.map((o) => [o.value, tx(o.text)])) : null,
    sel('critical', t('incidents.critical'), [['1', t('incidents.critical_only')]]),
    regions.length ? sel('region', t('col.region'), regions.map((r) => [r.code, `${r.code} · ${r.name}`])) : null,
    sel('follow_up', t('incidents.follow_up'), ['open', 'closed', 'none'].map((s) => [s, t(`follow.${s}`)])),
    sel('status', t('col.status'), ['new', 'flagged', 'verified', 'rejected'].map((s) => [s, t(`rstatus.${s}`)])),
    h('div.field', h('span.label', '\u00a0'), h('span', h('button.btn', { type: 'submit' }, t('filter.apply')), ' ',
      h('a.btn.btn-ghost', { href: '#/incidents' }, t('filter.clear'))))));
    const listBox = h('section.card.stack#incident-list', { 'aria-labelledby': 'in-h' });
    const alertsBox = h('section.card.stack', { 'aria-labelledby': 'al-h' });
    root.append(listBox, alertsBox);
    const opt = (q, v) => { const o = q?.options.find((x) => x.value === v); return o ? tx(o.text) : v ?? '–'; };
    const query = {
      form: inCode, region: f.region, status: f.status, follow_up: f.follow_up, critical: f.critical,
      ...(qA && f.category ? { [`answer.${qA.tag}`]: f.category } : {}),
      ...(qB && f.severity ? { [`answer.${qB.tag}`]: f.severity } : {}),
      limit: PAGE, offset,
    };
    const page = (o) => `#/incidents${qs({ ...f, offset: o || '' })}`;
    function draw(data, alerts) {
      clear(listBox).append(h('h2#in-h', t('incidents.reports', { n: num(data.total) }), data.critical ? h('span.muted', ` · ${t('incidents.n_critical', { n: num(data.critical) })}`) : null),
        table([
          { label: '', cell: (r) => (r.critical ? badge(t('report.critical'), 'critical') : '') },
          { label: t('incidents.category'), cell: (r) => h('a', { href: `#/report/${r.id}` }, qA ? opt(qA, r.answers[qA.tag]) : `#${r.id}`) },
          { label: t('incidents.severity'), cell: (r) => (qB ? opt(qB, r.answers[qB.tag]) : '–') },
          { label: t('incidents.what'), cell: (r) => r.answers.C || r.comment || '' },
          { label: t('col.station'), cell: (r) => r.station },
          { label: t('col.observer'), cell: (r) => r.observer },
          { label: t('col.received'), cell: (r) => h('span.nowrap', when(r.received_at)) },
          { label: t('incidents.follow_up'), cell: (r) => h('span.nowrap', { 'data-follow-up': r.follow_up }, badge(t(`follow.${r.follow_up}`), FCLASS[r.follow_up]), ' ', badge(t(`rstatus.${r.status}`), r.status)) },
        ], data.items, { empty: t('incidents.none'), rowClass: (r) => (r.critical ? 'critical' : null) }),
        h('div.pager', h('span.muted#incidents-count', data.total ? t('pager.range', { from: num(offset + 1), to: num(Math.min(offset + PAGE, data.total)), total: num(data.total) }) : ''),
          h('span', offset > 0 ? h('a.btn.btn-ghost', { href: page(Math.max(0, offset - PAGE)), rel: 'prev' }, t('pager.prev')) : null, ' ',
            offset + PAGE < data.total ? h('a.btn.btn-ghost', { href: page(offset + PAGE), rel: 'next' }, t('pager.next')) : null)));
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
      const [data, alerts] = await Promise.all([
        get(mpath(mission, 'incidents') + qs(query)),
        get(mpath(mission, 'alerts') + qs({ limit: 20 })),
      ]);
      draw(data, alerts);
    }
    try {
      await refresh();
    } catch (e) {
      clear(listBox).append(h('div.msg.msg-bad', { role: 'alert' }, e.message));
      return undefined;
    }
    const dot = document.getElementById('live-dot');
    if (document.body.classList.contains('live-on')) dot.classList.add('on');
    let busy = false, again = false;
    const onChange = async () => {
      if (busy) { again = true; return; }
      busy = true;
      try { await refresh(); } catch { /* the next change tries again */ }
      busy = false;
      if (again) { again = false; onChange(); }
    };
    return live((type) => { dot.classList.add('on'); if (type === 'change') onChange(); });
  },
};
