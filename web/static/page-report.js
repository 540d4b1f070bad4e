// page-report.js - one report: its answers with the form's questions, the
// checks that failed when it came, its versions, the conflicts with the
// other observer's report on the same station and form, its alerts and
// review; a reviewer verifies or rejects it (a rejection needs a note).
import { h, when, wallTime, tx, table, badge, clear, say } from './dom.js';
import { t } from './i18n.js';
import { get, post, mpath } from './api.js';
import { form as loadForm, answerText } from './cache.js';

export default {
  id: 'report',
  nav: false,
  perm: ['read_submissions'],
  async render(ctx) {
    const { root, mission, rest, can } = ctx;
    const id = rest[0];
    const r = await get(mpath(mission, `submissions/${encodeURIComponent(id)}`));
    const def = can('read_forms') ? await loadForm(mission, r.form).catch(() => null) : null;
    const qByTag = Object.fromEntries((def?.questions || []).map((q) => [q.tag, q]));
    const flang = def?.languages || [];

    root.append(h('p', h('a', { href: '#/reports' }, `← ${t('nav.reports')}`)));
    root.append(h('div.page-head',
      h('div', h('h1', t('report.title', { id: r.id, form: r.form })),
        h('p.muted', `${def ? tx(def.name, flang) + ' · ' : ''}${t('col.station')} ${r.station} · ${t('col.observer')} ${r.observer}`)),
      h('p#report-status', badge(t(`rstatus.${r.status}`), r.status), r.superseded_by ? [' ', badge(t('report.superseded'), 'muted')] : null)));

    const review = h('section.card#report-review', { 'aria-labelledby': 'rv-h' });
    const drawReview = (cur) => {
      clear(review).append(h('h2#rv-h', t('report.review')));
      if (cur.review) review.append(h('p', t('report.reviewed', { by: cur.review.by, at: when(cur.review.at) }), cur.review.note ? h('br') : null, cur.review.note ? h('q', cur.review.note) : null));
      else review.append(h('p.muted', t('report.not_reviewed')));
      if (!can('review') || cur.superseded_by) return;
      const note = h('textarea#review-note', { name: 'note', rows: 2, maxlength: 2000 });
      const msg = h('div', { role: 'alert' });
      const act = (what) => async () => {
        msg.replaceChildren();
        if (what === 'reject' && !note.value.trim()) {
          msg.append(h('p.msg.msg-bad', t('report.note_needed')));
          note.focus();
          return;
        }
        try {
          const res = await post(mpath(mission, `submissions/${r.id}/${what}`), note.value.trim() ? { note: note.value.trim() } : {});
          const now = res.body;
          document.getElementById('report-status').replaceChildren(badge(t(`rstatus.${now.status}`), now.status));
          drawReview(now);
          say(t(`report.done_${what}`));
          review.prepend(h('p.msg.msg-ok', t(`report.done_${what}`)));
        } catch (e) {
          msg.append(h('p.msg.msg-bad', e.message));
        }
      };
      review.append(h('div.field', h('label', { for: 'review-note' }, t('report.note')), note), msg,
        h('div.actions',
          h('button.btn.btn-ok#verify', { type: 'button', onclick: act('verify') }, t('report.verify')),
          h('button.btn.btn-bad#reject', { type: 'button', onclick: act('reject') }, t('report.reject'))));
    };
    drawReview(r);

    const facts = h('section.card', { 'aria-labelledby': 'rf-h' }, h('h2#rf-h', t('report.facts')), h('dl.kv',
      h('dt', t('col.station')), h('dd', h('a', { href: `#/reports?station=${encodeURIComponent(r.station)}` }, r.station)),
      h('dt', t('col.observer')), h('dd', h('a', { href: `#/reports?observer=${encodeURIComponent(r.observer)}` }, r.observer)),
      h('dt', t('col.observed')), h('dd#report-observed', wallTime(r.observed_at)),
      h('dt', t('col.received')), h('dd', when(r.received_at)),
      h('dt', t('col.channel')), h('dd', t(`channel.${r.channel}`)),
      h('dt', t('report.client_id')), h('dd', h('code', r.client_id || '–')),
      h('dt', t('report.version')), h('dd', String(r.version)),
      r.comment ? [h('dt', t('report.comment')), h('dd', r.comment)] : null));
    root.append(h('div.grid-2', facts, review));

    const problemsByTag = {};
    for (const p of r.problems || []) (problemsByTag[p.tag || ''] ||= []).push(p);
    const conflictTags = new Set((r.conflicts || []).map((c) => c.tag));
    const tags = def ? def.questions.map((q) => q.tag).filter((tag) => tag in r.answers) : Object.keys(r.answers);
    for (const tag of Object.keys(r.answers)) if (!tags.includes(tag)) tags.push(tag);
    root.append(h('section.card', { 'aria-labelledby': 'ra-h' }, h('h2#ra-h', t('report.answers')),
      table([
        { label: t('col.tag'), cell: (tag) => h('strong', tag) },
        { label: t('col.question'), cell: (tag) => (qByTag[tag] ? tx(qByTag[tag].text, flang) : '') },
        { label: t('col.answer'), cell: (tag) => {
          const q = qByTag[tag];
          const v = r.answers[tag];
          const neg = q && Array.isArray(q.negative) && q.negative.includes(v);
          const crit = q && Array.isArray(q.critical) && q.critical.includes(v);
          return [answerText(q, v, (x) => tx(x, flang), t), neg ? [' ', badge(t('report.negative'), 'flagged')] : null, crit ? [' ', badge(t('report.critical'), 'critical')] : null,
            conflictTags.has(tag) ? [' ', badge(t('report.in_conflict'), 'conflict')] : null,
            (problemsByTag[tag] || []).map((p) => h('div.problem', p.message))];
        } },
      ], tags, { rowClass: (tag) => (problemsByTag[tag] ? 'critical' : null) })));

    const checks = (r.problems || []).filter((p) => !p.tag);
    root.append(h('section.card#report-checks', { 'aria-labelledby': 'rc-h' }, h('h2#rc-h', t('report.checks')),
      r.problems.length ? h('ul', r.problems.map((p) => h('li', badge(t(`severity.${p.severity}`), p.severity === 'flag' ? 'flagged' : 'rejected'), ' ',
        p.check ? h('code', p.check) : p.tag ? h('strong', p.tag) : null, ' ', p.message, p.expr ? [' ', h('code.muted', p.expr)] : null)))
        : h('p.muted', t('report.checks_passed'))));
    void checks;

    if (r.conflicts && r.conflicts.length) {
      root.append(h('section.card#report-conflicts', { 'aria-labelledby': 'rcf-h' }, h('h2#rcf-h', t('report.conflicts')),
        table([
          { label: t('col.tag'), cell: (c) => h('strong', c.tag) },
          { label: t('col.question'), cell: (c) => (qByTag[c.tag] ? tx(qByTag[c.tag].text, flang) : '') },
          { label: t('report.answers_given'), cell: (c) => c.values.map((v) => h('div',
            v.submission === r.id ? h('strong', `${v.observer}: `) : h('a', { href: `#/report/${v.submission}` }, `${v.observer}: `),
            answerText(qByTag[c.tag], v.value, (x) => tx(x, flang), t))) },
          { label: t('col.status'), cell: (c) => {
            const box = h('div');
            const draw = (cur) => {
              box.replaceChildren(...(cur.open ? [badge(t('report.open'), 'conflict')] : [badge(t('report.settled'), 'verified'), ' ', answerText(qByTag[cur.tag], cur.resolved_value, (x) => tx(x, flang), t)]));
              if (!cur.open || !can('review')) return;
              // A clerk who called the observers settles it with one of their answers.
              const values = [...new Map(cur.values.map((v) => [JSON.stringify(v.value), v.value])).values()];
              box.append(h('div.settle', values.map((v) => h('button.btn.btn-ghost', { type: 'button', onclick: async (e) => {
                e.currentTarget.disabled = true;
                try {
                  draw((await post(mpath(mission, `conflicts/${cur.id}/resolve`), { value: v })).body.open === false ? { ...cur, open: false, resolved_value: v } : cur);
                  say(t('report.settled_as', { value: answerText(qByTag[cur.tag], v, (x) => tx(x, flang), t) }));
                } catch (err) { box.append(h('p.problem', err.message)); }
              } }, t('report.settle_as', { value: answerText(qByTag[cur.tag], v, (x) => tx(x, flang), t) })))));
            };
            draw(c);
            return box;
          } },
        ], r.conflicts)));
    }
    if (r.alerts && r.alerts.length) {
      root.append(h('section.card', { 'aria-labelledby': 'ral-h' }, h('h2#ral-h', t('report.alerts')),
        h('ul', r.alerts.map((a) => h('li', badge(t('report.critical'), 'critical'), ' ', a.message)))));
    }
    root.append(h('section.card', { 'aria-labelledby': 'rvv-h' }, h('h2#rvv-h', t('report.versions')),
      table([
        { label: t('report.version'), cell: (v) => (v.id === r.id ? h('strong', `v${v.version}`) : h('a', { href: `#/report/${v.id}` }, `v${v.version}`)) },
        { label: '#', num: true, cell: (v) => String(v.id) },
        { label: t('col.received'), cell: (v) => when(v.received_at) },
        { label: t('col.channel'), cell: (v) => t(`channel.${v.channel}`) },
        { label: t('col.status'), cell: (v) => badge(t(`rstatus.${v.status}`), v.status) },
        { label: t('report.changed'), cell: (v) => {
          const i = r.versions.indexOf(v);
          if (i === 0) return '';
          const before = r.versions[i - 1].answers;
          return Object.keys({ ...before, ...v.answers }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(v.answers[k])).join(', ');
        } },
      ], r.versions || [])));
    const cards = root.querySelectorAll('section.card');
    cards.forEach((c) => c.classList.add('stack'));
  },
};
