// page-timeline.js - the long-term log as a timeline: the meetings with
// the election administration, parties, authorities and others, and the
// documents handed over or received, by date.
import { h, day } from './dom.js';
import { t } from './i18n.js';
import { get, mpath, qs } from './api.js';

export default {
  id: 'timeline',
  perm: ['read_ltm'],
  async render({ root, mission }) {
    const [meetings, docs] = await Promise.all([
      get(mpath(mission, 'meetings') + qs({ limit: 1000 })),
      get(mpath(mission, 'documents') + qs({ limit: 1000 })),
    ]);
    root.append(h('div.page-head', h('div', h('h1', t('nav.timeline')), h('p.muted', t('timeline.lead', { m: meetings.total, d: docs.total })))));
    const items = [
      ...meetings.items.map((m) => ({ date: m.date, time: m.time || '', kind: 'meeting', m })),
      ...docs.items.map((d) => ({ date: d.date, time: '99', kind: 'doc', d })),
    ].sort((a, b) => (a.date + a.time < b.date + b.time ? -1 : 1));
    root.append(h('section.card', h('ol.timeline', items.map((it) => (it.kind === 'meeting'
      ? h('li', h('div.when', `${day(it.date)}${it.m.time ? ' · ' + it.m.time : ''} · ${t(`ikind.${it.m.institution_kind}`)}`),
        h('h3', it.m.institution), it.m.counterpart ? h('p', it.m.counterpart) : null,
        it.m.topics ? h('p.muted', it.m.topics) : null,
        it.m.summary ? h('p', it.m.summary) : null,
        it.m.follow_ups ? h('p', h('strong', `${t('timeline.follow_ups')}: `), it.m.follow_ups) : null)
      : h('li.doc', h('div.when', `${day(it.date)} · ${t(`timeline.${it.d.direction}`)}`),
        h('h3', h('a', { href: mpath(mission, `documents/${it.d.id}`) }, it.d.title)),
        h('p.muted', `${it.d.file_name} · ${Math.round(it.d.size / 1024)} KiB`)))))));
  },
};
