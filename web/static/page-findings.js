// page-findings.js - the findings of a checklist: for each question the
// share of observations answered negatively with its 95% Wilson interval,
// and, for the question chosen, the same by region: the charts are the
// statement's own, drawn by the server (GET .../findings/chart).
import { h, num, pct, tx, table, clear } from './dom.js';
import { t, lang } from './i18n.js';
import { get, mpath, qs } from './api.js';

// The server's SVG of the findings asked for, as an image.
function chart(mission, query, alt) {
  return h('img.chart', { src: mpath(mission, 'findings/chart') + qs({ ...query, lang: lang() }), alt, loading: 'lazy' });
}

export default {
  id: 'findings',
  perm: ['read_findings'],
  async render({ root, mission, params, go }) {
    const all = await get(mpath(mission, 'findings') + qs({ lang: lang() }));
    const lists = all.forms.filter((f) => f.kind === 'checklist');
    const code = lists.some((f) => f.code === params.get('form')) ? params.get('form') : lists[0]?.code;
    const f = lists.find((x) => x.code === code);
    root.append(h('div.page-head', h('div', h('h1', t('nav.findings')), h('p.muted', t('findings.lead', { n: num(all.reports) })))));
    root.append(h('div.tabs', { role: 'group', 'aria-label': t('col.form') }, lists.map((x) => h('button', { type: 'button', 'aria-pressed': String(x.code === code),
      onclick: () => go(`#/findings?form=${x.code}`) }, `${x.code} · ${tx(x.name)}`))));
    if (!f) { root.append(h('p.muted', t('findings.none'))); return; }
    const qsNeg = f.questions.filter((q) => q.negative && q.observations);
    const chosen = qsNeg.find((q) => q.tag === params.get('q')) || qsNeg[0];
    root.append(h('section.card.stack', { 'aria-labelledby': 'fq-h' }, h('h2#fq-h', t('findings.negative', { form: tx(f.name), n: num(f.reports) })),
      chart(mission, { form: code }, t('findings.chart_title')),
      h('p.muted', t('findings.note'))));
    root.append(h('section.card.stack', { 'aria-labelledby': 'ft-h' }, h('h2#ft-h', t('findings.table')),
      table([
        { label: t('col.tag'), cell: (q) => h('a', { href: `#/findings?form=${code}&q=${q.tag}` }, q.tag) },
        { label: t('col.question'), cell: (q) => q.text },
        { label: t('findings.observations'), num: true, cell: (q) => num(q.observations) },
        { label: t('findings.neg_share'), num: true, cell: (q) => pct(q.negative.share) },
        { label: t('findings.interval'), num: true, cell: (q) => h('span.nowrap', `${pct(q.negative.low)} – ${pct(q.negative.high)}`) },
        { label: t('findings.contested'), num: true, cell: (q) => num(q.contested) },
      ], qsNeg)));
    if (chosen) {
      const regs = chosen.regions.filter((r) => r.observations);
      const sel = h('select#findings-q', { onchange: (e) => go(`#/findings?form=${code}&q=${e.target.value}`) },
        qsNeg.map((q) => h('option', { value: q.tag, selected: q === chosen }, `${q.tag}. ${q.text}`)));
      root.append(h('section.card.stack', { 'aria-labelledby': 'fr-h' }, h('h2#fr-h', t('findings.by_region')),
        h('div.field', h('label', { for: 'findings-q' }, t('col.question')), sel),
        regs.length ? chart(mission, { form: code, question: chosen.tag }, `${chosen.tag}. ${chosen.text}`)
          : h('p.muted', t('findings.none'))));
    }
    void clear;
  },
};
