// page-statement.js - the preliminary statement: made by the server from
// the mission's figures and the head of mission's texts, shown here and
// downloaded as HTML, Markdown or PDF, in English or Russian.
import { h } from './dom.js';
import { t, lang } from './i18n.js';
import { get, request, mpath, qs } from './api.js';

export default {
  id: 'statement',
  perm: ['read_findings'],
  async render({ root, mission, can }) {
    const l = lang();
    // The downloads are named as the server names them: statement-kz-2023-en.pdf.
    const link = (format, label) => h('a.btn.btn-ghost', { id: `statement-${format}`, href: mpath(mission, 'statement') + qs({ format, lang: l }),
      download: `statement-${mission}-${l}.${format}` }, label);
    root.append(h('div.page-head', h('div', h('h1', t('nav.statement')), h('p.muted', t('statement.lead'))),
      h('div.actions', link('pdf', t('statement.pdf')), link('md', t('statement.md')),
        h('a.btn', { href: mpath(mission, 'statement') + qs({ format: 'html', lang: l }), target: '_blank', rel: 'noopener' }, t('statement.open')))));
    const frame = h('iframe#statement-frame', { title: t('nav.statement'), src: mpath(mission, 'statement') + qs({ format: 'html', lang: l }), sandbox: '' });
    root.append(h('section.card.statement', frame));
    if (!can('write_statement')) return;
    // The head of mission's texts, in the interface's language.
    const blocks = (await get(mpath(mission, 'statement/blocks') + qs({ lang: l }))).items;
    const editor = h('section.card.stack#statement-blocks', { 'aria-labelledby': 'sb-h' }, h('h2#sb-h', t('statement.texts', { lang: l })));
    for (const key of ['summary', 'conclusions', 'recommendations']) {
      const cur = blocks.find((b) => b.key === key);
      const area = h('textarea', { id: `block-${key}`, rows: 5 });
      area.value = cur ? cur.text : '';
      const msg = h('span.muted', { role: 'status' });
      editor.append(h('div.field.block', h('label', { for: `block-${key}` }, t(`statement.${key}`)), area,
        h('div.actions', h('button.btn', { type: 'button', onclick: async () => {
          msg.textContent = '';
          try {
            const r = await request('PUT', mpath(mission, `statement/blocks/${key}`), { lang: l, text: area.value });
            msg.textContent = t(`statement.${r.body.result}`);
            frame.src = frame.src;
          } catch (e) { msg.textContent = e.message; }
        } }, t('statement.save')), msg)));
    }
    root.append(editor);
  },
};
