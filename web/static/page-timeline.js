// page-timeline.js - the long-term log as a timeline: the meetings with
// the election administration, parties, authorities and others, by date,
// each with its place, counterpart, participants, topics, summary,
// follow-ups and the documents handed over or received there; documents
// tied to no meeting stand on their own date.  Filters (institution kind,
// dates, a search word) live in the page's address and go to the server;
// meetings come a page at a time ("more"), documents likewise, merged in
// date order so that nothing is left out and nothing comes out of order.
import { h, day, num, clear } from './dom.js';
import { t, tn } from './i18n.js';
import { get, mpath, qs } from './api.js';

const PAGE = 50;   // meetings (and free documents) shown per step
const DPAGE = 200; // documents asked for at a time
const KEYS = ['kind', 'from', 'to', 'q'];
const KINDS = ['election_commission', 'parliament', 'government', 'candidate', 'party',
  'local_authority', 'media', 'civil_society', 'international', 'other'];
const DKINDS = ['legal_review', 'monitoring_report', 'interim_report', 'statement', 'letter',
  'complaint', 'minutes', 'programme', 'other'];

// A file's size: bytes below 1 KiB, then KiB and MiB with one decimal.
export function size(n) {
  if (n < 1024) return tn('timeline.bytes', n);
  if (n < 1024 * 1024) return t('timeline.kib', { n: num(Math.round(n / 102.4) / 10) });
  return t('timeline.mib', { n: num(Math.round(n / 104857.6) / 10) });
}

// Every word of q, case-folded, somewhere in the texts (the API's rule for
// meetings, applied here to the documents tied to no meeting).
function matches(q, texts) {
  const hay = texts.filter(Boolean).join(' ').toLocaleLowerCase();
  return q.toLocaleLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

const mkey = (m) => `${m.date} ${m.time || ''}`;
const dkey = (d) => `${d.date} ~`; // after the meetings of its day

export default {
  id: 'timeline',
  perm: ['read_ltm'],
  async render({ root, mission, params, go }) {
    const f = Object.fromEntries(KEYS.map((k) => [k, params.get(k) || '']));
    const filtered = KEYS.some((k) => f[k]);
    const lead = h('p.muted#timeline-lead');
    root.append(h('div.page-head', h('div', h('h1', t('nav.timeline')), lead)));

    const field = (id, label, input) => h('div.field', h('label', { for: id }, label), input);
    root.append(h('form.filters#timeline-filters', { role: 'search', onsubmit: (e) => {
      e.preventDefault();
      const d = new FormData(e.target);
      const p = {};
      for (const k of KEYS) { const v = (d.get(k) || '').trim(); if (v) p[k] = v; }
      go(`#/timeline${qs(p)}`);
    } },
    field('tl-kind', t('timeline.kind'), h('select#tl-kind', { name: 'kind' }, h('option', { value: '' }, t('filter.any')),
      KINDS.map((k) => h('option', { value: k, selected: f.kind === k }, t(`ikind.${k}`))))),
    field('tl-from', t('timeline.from'), h('input#tl-from', { type: 'date', name: 'from', value: f.from })),
    field('tl-to', t('timeline.to'), h('input#tl-to', { type: 'date', name: 'to', value: f.to })),
    field('tl-q', t('timeline.search'), h('input#tl-q', { type: 'search', name: 'q', value: f.q, autocomplete: 'off' })),
    h('div.field', h('span.label', '\u00a0'), h('span', h('button.btn', { type: 'submit' }, t('filter.apply')), ' ',
      h('a.btn.btn-ghost', { href: '#/timeline' }, t('filter.clear'))))));

    const list = h('ol.timeline#timeline');
    const foot = h('div.pager#timeline-foot');
    const box = h('section.card', list, foot);
    root.append(box);

    // Two streams in date order: the meetings (filtered by the server) and
    // the documents (tied to no meeting, filtered here).  An item is shown
    // once neither stream can still bring one before it.
    const ms = { items: [], off: 0, total: 0, done: false, last: null };
    const ds = { items: [], off: 0, total: 0, done: !!f.kind, last: null };
    async function loadMeetings() {
      const r = await get(mpath(mission, 'meetings') + qs({ ...f, limit: PAGE, offset: ms.off }));
      ms.total = r.total;
      ms.off += r.items.length;
      ms.done = !r.items.length || ms.off >= r.total;
      if (r.items.length) ms.last = mkey(r.items[r.items.length - 1]);
      // Those with documents or participants in full: their documents, and
      // the observers among the participants by name.
      const full = await Promise.all(r.items.map((m) => (m.documents > 0 || m.participants?.length
        ? get(mpath(mission, `meetings/${m.id}`)).catch(() => m) : m))); // deleted since: as listed
      ms.items.push(...full);
    }
    async function loadDocuments() {
      const r = await get(mpath(mission, 'documents') + qs({ limit: DPAGE, offset: ds.off }));
      ds.total = r.total;
      ds.off += r.items.length;
      ds.done = !r.items.length || ds.off >= r.total;
      if (r.items.length) ds.last = dkey(r.items[r.items.length - 1]);
      ds.items.push(...r.items.filter((d) => d.meeting === null || d.meeting === undefined)
        .filter((d) => (!f.from || d.date >= f.from) && (!f.to || d.date <= f.to) && (!f.q || matches(f.q, [d.title, d.file_name]))));
    }
    const horizon = () => {
      const lim = [];
      if (!ms.done) lim.push(ms.last ?? '');
      if (!ds.done) lim.push(ds.last ?? '');
      return lim.length ? lim.sort()[0] : null;
    };
    const merged = () => {
      const hz = horizon();
      return [
        ...ms.items.map((m) => ({ key: mkey(m), m })),
        ...ds.items.map((d) => ({ key: dkey(d), d })),
      ].filter((it) => hz === null || it.key <= hz).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    };
    let target = PAGE;
    async function fill() {
      let guard = 0;
      while (merged().length < target && !(ms.done && ds.done) && guard++ < 1000) {
        const hz = horizon();
        const steps = [];
        if (!ms.done && (ms.last ?? '') === hz) steps.push(loadMeetings());
        if (!ds.done && (ds.last ?? '') === hz) steps.push(loadDocuments());
        await Promise.all(steps);
      }
    }

    const docItem = (d, meetingDate) => h('li.tl-doc', { 'data-document': d.id },
      h('span.tl-dir', `${t(`timeline.${d.direction}`)}${meetingDate && d.date !== meetingDate ? ` (${day(d.date)})` : ''}: `),
      h('a', { href: mpath(mission, `documents/${d.id}`), download: d.file_name }, d.title),
      h('span.muted', ` · ${DKINDS.includes(d.kind) ? t(`dkind.${d.kind}`) : d.kind} · ${d.file_name} · ${size(d.size)}`));
    const person = (m, p) => {
      const o = (m.observers || []).find((x) => x.code === p);
      return o ? `${o.full_name} (${o.code})` : p;
    };
    const meetingItem = (m) => h('li.tl-meeting', { 'data-meeting': m.id },
      h('div.when', `${day(m.date)}${m.time ? ' · ' + m.time : ''} · ${t(`ikind.${m.institution_kind}`)}`),
      h('h3', m.institution),
      m.counterpart ? h('p.tl-counterpart', m.counterpart) : null,
      h('dl.tl-facts',
        m.place ? [h('dt', t('timeline.place')), h('dd.tl-place', m.place)] : null,
        m.participants?.length ? [h('dt', t('timeline.participants')), h('dd.tl-participants', m.participants.map((p) => person(m, p)).join(', '))] : null,
        m.topics ? [h('dt', t('timeline.topics')), h('dd.tl-topics', m.topics)] : null),
      m.summary ? h('p.tl-summary.pre', m.summary) : null,
      m.follow_ups ? h('p.tl-follow.pre', h('strong', `${t('timeline.follow_ups')}: `), m.follow_ups) : null,
      Array.isArray(m.documents) && m.documents.length ? h('div.tl-docs',
        h('h4', tn('timeline.documents', m.documents.length)),
        h('ul', m.documents.map((d) => docItem(d, m.date)))) : null);
    const freeItem = (d) => h('li.doc.tl-free', { 'data-document': d.id },
      h('div.when', `${day(d.date)} · ${t(`timeline.${d.direction}`)}`),
      h('h3', h('a', { href: mpath(mission, `documents/${d.id}`), download: d.file_name }, d.title)),
      h('p.muted', `${DKINDS.includes(d.kind) ? t(`dkind.${d.kind}`) : d.kind} · ${d.file_name} · ${size(d.size)}`));

    function draw() {
      const items = merged();
      clear(list).append(...items.map((it) => (it.m ? meetingItem(it.m) : freeItem(it.d))));
      lead.textContent = t(filtered ? 'timeline.lead_found' : 'timeline.lead', { m: num(ms.total), d: num(ds.total) });
      clear(foot);
      if (!items.length && ms.done && ds.done) {
        list.hidden = true;
        foot.append(h('p.empty#timeline-none', t(filtered ? 'timeline.none_found' : 'timeline.none')));
        return;
      }
      list.hidden = false;
      const more = !(ms.done && ds.done);
      foot.append(h('span.muted#timeline-count', more ? t('timeline.shown', { n: num(items.length) }) : t('timeline.all', { n: num(items.length) })));
      if (more) {
        foot.append(h('button.btn#timeline-more', { type: 'button', onclick: async (e) => {
          e.currentTarget.disabled = true;
          target += PAGE;
          await fill();
          draw();
        } }, t('timeline.more')));
      }
    }
    await fill();
    draw();
  },
};
