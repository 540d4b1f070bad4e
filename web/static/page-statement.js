// page-statement.js - the preliminary statement: made by the server from
// the mission's figures and the head of mission's texts, shown here and
// downloaded as HTML, Markdown or PDF, in English or Russian.
import { h } from './dom.js';
import { t, lang } from './i18n.js';
import { mpath, qs } from './api.js';

export default {
  id: 'statement',
  perm: ['read_findings'],
  async render({ root, mission }) {
    const l = lang();
    const link = (format, label) => h('a.btn.btn-ghost', { href: mpath(mission, 'statement') + qs({ format, lang: l }), download: format === 'html' ? null : '' }, label);
    root.append(h('div.page-head', h('div', h('h1', t('nav.statement')), h('p.muted', t('statement.lead'))),
      h('div.actions', link('pdf', t('statement.pdf')), link('md', t('statement.md')),
        h('a.btn', { href: mpath(mission, 'statement') + qs({ format: 'html', lang: l }), target: '_blank', rel: 'noopener' }, t('statement.open')))));
    const frame = h('iframe#statement-frame', { title: t('nav.statement'), src: mpath(mission, 'statement') + qs({ format: 'html', lang: l }), sandbox: '' });
    root.append(h('section.card.statement', frame));
  },
};
