// page-findings.js - the findings of a checklist: for each question (every
// one, whatever its type) the full distribution of its answers, each
// answer's count and share, the share answered negatively with its 95%
// Wilson interval where the question has negative answers; and, for the
// question chosen, the same by region as a chart and as a table of the
// numbers.  The figures are the API's (GET .../findings); the charts are
// the statement's own, drawn by the server (GET .../findings/chart).
import { h, s, num, pct, tx, table } from './dom.js';
import { t, lang } from './i18n.js';
import { get, mpath, qs } from './api.js';

// The server's SVG of the findings asked for, as an image.
function chart(mission, query, alt) {
  return h('img.chart', { src: mpath(mission, 'findings/chart') + qs({ ...query, lang: lang() }), alt, loading: 'lazy' });
}

// A bar of the answers' shares, negative answers in the warning colour.
function bar(values) {
  let x = 0;
  const parts = values.filter((v) => v.share > 0).map((v, i) => {
    const r = s('rect', { x: (x * 100).toFixed(3), y: 0, width: (v.share * 100).toFixed(3), height: 10, class: `seg ${v.negative ? 'neg' : `pos${i % 3}`}` },
      s('title', {}, `${v.label}: ${pct(v.share)}`));
    x += v.share;
    return r;
  });
  return s('svg', { class: 'dist-bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' }, parts);
}

// Every answer with its count and share, as a list under the bar.
function distribution(q) {
  if (!q.values.length) return h('span.muted', t('findings.no_distribution'));
  return h('div.dist', bar(q.values), h('ul.plain.dist-list', q.values.map((v) => h('li', { 'data-value': String(v.value), class: v.negative ? 'neg' : null },
    h('span.dist-label', v.label), ' ', h('span.dist-count', num(v.count)), ' ', h('span.muted.dist-share', `(${pct(v.share)})`)))));
}

const interval = (n) => (n && n.low !== null && n.low !== undefined ? `${pct(n.low)} – ${pct(n.high)}` : '–');

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
    const qsAll = f.questions.filter((q) => q.observations);
    // The question chosen, by default the first with negative answers (its
    // by-region chart is the statement's).
    const chosen = qsAll.find((q) => q.tag === params.get('q')) || qsAll.find((q) => q.negative) || qsAll[0];
    root.append(h('section.card.stack', { 'aria-labelledby': 'fq-h' }, h('h2#fq-h', t('findings.negative', { form: tx(f.name), n: num(f.reports) })),
      chart(mission, { form: code }, t('findings.chart_title')),
      h('p.muted', t('findings.note'))));
    root.append(h('section.card.stack#findings-questions', { 'aria-labelledby': 'ft-h' }, h('h2#ft-h', t('findings.table')),
      h('p.muted', t('findings.dist_note')),
      table([
        { label: t('col.tag'), cell: (q) => h('a', { href: `#/findings?form=${code}&q=${q.tag}` }, q.tag) },
        { label: t('col.question'), cell: (q) => q.text },
        { label: t('findings.observations'), num: true, cell: (q) => num(q.observations) },
        { label: t('findings.distribution'), cls: 'dist-cell', cell: distribution },
        { label: t('findings.neg_share'), num: true, cell: (q) => (q.negative ? pct(q.negative.share) : '–') },
        { label: t('findings.interval'), num: true, cell: (q) => h('span.nowrap', interval(q.negative)) },
        { label: t('findings.contested'), num: true, cell: (q) => num(q.contested) },
      ], qsAll, { rowClass: (q) => `q-${q.tag}` })));
    if (!chosen) return;
    const names = Object.fromEntries((all.regions || []).map((r) => [r.code, r.name]));
    const regs = chosen.regions.filter((r) => r.observations);
    const sel = h('select#findings-q', { onchange: (e) => go(`#/findings?form=${code}&q=${e.target.value}`) },
      qsAll.map((q) => h('option', { value: q.tag, selected: q === chosen }, `${q.tag}. ${q.text}`)));
    const cols = [
      { label: t('col.region'), cell: (r) => (names[r.code] ? `${r.code} · ${names[r.code]}` : r.code) },
      { label: t('findings.observations'), num: true, cell: (r) => num(r.observations) },
      ...chosen.values.map((v, i) => ({ label: v.label, num: true,
        cell: (r) => h('span.nowrap', num(r.counts[i]), ' ', h('span.muted', `(${pct(r.observations ? r.counts[i] / r.observations : null)})`)) })),
    ];
    if (chosen.negative) {
      cols.push({ label: t('findings.neg_share'), num: true, cell: (r) => pct(r.negative?.share) },
        { label: t('findings.interval'), num: true, cell: (r) => h('span.nowrap', interval(r.negative)) });
    }
    root.append(h('section.card.stack#findings-regions', { 'aria-labelledby': 'fr-h' }, h('h2#fr-h', t('findings.by_region')),
      h('div.field', h('label', { for: 'findings-q' }, t('col.question')), sel),
      chosen.negative && regs.length ? chart(mission, { form: code, question: chosen.tag }, `${chosen.tag}. ${chosen.text}`) : null,
      regs.length ? table(cols, regs, { caption: `${chosen.tag}. ${chosen.text}`, rowClass: (r) => `r-${r.code}` }) : h('p.muted', t('findings.none'))));
  },
};
