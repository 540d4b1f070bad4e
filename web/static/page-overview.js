// page-overview.js - the mission at a glance: the election, its phases and
// the countdown to election day; the observers by accreditation status,
// organisation and country with the sentence missions publish; the reports
// received today by form and the alerts.
import { h, num, pct, day, tx, table } from './dom.js';
import { t, tn, lang } from './i18n.js';
import { get, mpath, qs } from './api.js';
import { forms as loadForms } from './cache.js';

const STATUSES = ['accredited', 'requested', 'refused', 'withdrawn'];
const FILL = { accredited: 'fill-ok', requested: 'fill-warn', refused: 'fill-bad', withdrawn: 'fill-muted' };

function countdown(date) {
  const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
  const d = new Date(date + 'T00:00:00Z');
  const days = Math.round((d - today) / 86400000);
  if (days > 0) return tn('overview.days_to', days);
  if (days === 0) return t('overview.today');
  return tn('overview.days_since', -days);
}

function phaseNow(m) {
  const today = new Date().toISOString().slice(0, 10);
  const p = m.phases || {};
  if (p.election_day === today) return t('phase.election_day');
  if (p.short_term?.start && p.short_term.start <= today && (!p.short_term.end || today <= p.short_term.end)) return t('phase.short_term');
  if (p.long_term?.start && p.long_term.start <= today && (!p.long_term.end || today <= p.long_term.end)) return t('phase.long_term');
  if (p.election_day && today > p.election_day) return t('phase.after');
  return t('phase.before');
}

function statusBar(by, total) {
  return h('div.bar', { role: 'img', 'aria-label': STATUSES.map((s) => `${t(`status.${s}`)} ${by[s] || 0}`).join(', ') },
    STATUSES.map((s) => {
      const w = total ? (100 * (by[s] || 0)) / total : 0;
      const span = h('span', { class: FILL[s] });
      span.style.width = `${w}%`;
      return span;
    }));
}

// The offset east of UTC, in minutes, of time zone tz at instant d.
function zoneOffset(tz, d) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric',
    day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(d);
  const v = Object.fromEntries(parts.map((p) => [p.type, Number(p.value)]));
  return Math.round((Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second) - Math.floor(d.getTime() / 1000) * 1000) / 60000);
}

// The start of today: midnight in the mission's time zone (an IANA name in
// the mission's time_zone, when it has one), else in the browser's; as the
// UTC time the API's since= takes, and the zone's name for the small print.
export function dayStart(m, now = new Date()) {
  let tz = typeof m.time_zone === 'string' && m.time_zone ? m.time_zone : null;
  if (tz) {
    try { zoneOffset(tz, now); } catch { tz = null; }
  }
  let start;
  if (tz) {
    const off = zoneOffset(tz, now);
    const wall = new Date(now.getTime() + off * 60000);
    const mid = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
    // The offset at midnight itself, which differs on a day clocks change.
    start = new Date(mid - zoneOffset(tz, new Date(mid - off * 60000)) * 60000);
  } else {
    start = new Date(now);
    start.setHours(0, 0, 0, 0);
  }
  return { since: start.toISOString().slice(0, 19) + 'Z', zone: tz || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', mission: !!tz };
}

// The election's type and country in words ("Parliamentary election ·
// Kazakhstan"); the country's name from the browser's own table.
function electionLine(e) {
  const type = e.type ? t(`etype.${e.type}`) : '';
  let country = e.country || '';
  if (country) {
    try { country = new Intl.DisplayNames([lang()], { type: 'region' }).of(country) || country; } catch { /* not a region code */ }
  }
  return [type, country].filter(Boolean).join(' · ') || '–';
}

export default {
  id: 'overview',
  perm: ['read_mission'],
  async render({ root, mission, can, live }) {
    const m = await get(mpath(mission));
    const start = dayStart(m);
    const today = start.since;
    const [acc, forms, todayList, alerts] = await Promise.all([
      can('read_accreditation') ? get(mpath(mission, 'accreditation')) : null,
      can('read_forms') ? loadForms(mission).then((items) => ({ items })) : null,
      can('read_submissions') ? get(mpath(mission, 'submissions') + qs({ since: today, limit: 0 })) : null,
      can('read_submissions') ? get(mpath(mission, 'alerts') + qs({ limit: 0 })) : null,
    ]);
    const e = m.election || {};
    const ph = m.phases || {};
    root.append(h('div.page-head',
      h('div', h('h1', m.name), h('p.muted', `${m.organisation || ''}${m.organisation ? ' · ' : ''}${m.code}`))));

    const cards = h('div.grid');
    cards.append(h('section.card', { 'aria-labelledby': 'ov-eday' },
      h('h2#ov-eday', t('overview.election_day')),
      h('div.stat', day(ph.election_day || e.date)),
      h('p.stat-label', countdown(ph.election_day || e.date)),
      h('dl.kv',
        h('dt', t('overview.phase')), h('dd', phaseNow(m)),
        h('dt', t('overview.long_term')), h('dd', ph.long_term?.start ? `${day(ph.long_term.start)} – ${day(ph.long_term.end)}` : '–'),
        h('dt', t('overview.short_term')), h('dd', ph.short_term?.start ? `${day(ph.short_term.start)} – ${day(ph.short_term.end)}` : '–'),
        h('dt', t('overview.election')), h('dd#ov-election', electionLine(e)))));
    if (acc) {
      cards.append(h('section.card', { 'aria-labelledby': 'ov-obs' },
        h('h2#ov-obs', t('overview.observers')),
        h('div.stat', num(acc.total)),
        h('p.sentence', lang() === 'ru' ? acc.summary_ru : acc.summary),
        statusBar(acc.by_status, acc.total),
        h('div.legend', STATUSES.map((s) => h('span', h('i', { class: FILL[s] }), `${t(`status.${s}`)} ${num(acc.by_status[s] || 0)}`)))));
    }
    if (todayList) {
      cards.append(h('section.card', { 'aria-labelledby': 'ov-today' },
        h('h2#ov-today', t('overview.reports_today')),
        h('div.stat#ov-today-count', num(todayList.total)),
        h('p.stat-label#ov-since', t(start.mission ? 'overview.since_mission' : 'overview.since_local', { zone: start.zone.replace(/_/g, ' ') })),
        alerts ? h('p', h('a#ov-alerts', { href: '#/incidents' }, tn('overview.alerts', alerts.total))) : null));
    }
    root.append(cards);

    if (todayList && forms) {
      const counts = await Promise.all(forms.items.map((f) =>
        get(mpath(mission, 'submissions') + qs({ since: today, form: f.code, limit: 0 })).then((r) => ({ f, n: r.total }))));
      root.append(h('section.card', { 'aria-labelledby': 'ov-forms' }, h('h2#ov-forms', t('overview.today_by_form')),
        table([
          { label: t('col.form'), cell: (r) => h('a', { href: `#/reports?form=${encodeURIComponent(r.f.code)}` }, `${r.f.code} · ${tx(r.f.name)}`) },
          { label: t('col.phase'), cell: (r) => t(`phase.${r.f.phase}`) },
          { label: t('overview.received_today'), num: true, cell: (r) => num(r.n) },
        ], counts)));
      root.lastChild.style.marginBottom = '16px';
    }
    if (acc) {
      const orgs = acc.by_organisation.slice(0, 12);
      const countries = acc.by_country.slice(0, 12);
      root.append(h('div.grid-2',
        h('section.card', { 'aria-labelledby': 'ov-orgs' }, h('h2#ov-orgs', t('overview.by_organisation')),
          table([
            { label: t('col.organisation'), cell: (r) => r.name || t('overview.none') },
            { label: t('col.observers'), num: true, cell: (r) => num(r.count) },
            { label: t('status.accredited'), num: true, cell: (r) => num(r.by_status.accredited) },
            { label: t('overview.share'), cell: (r) => statusBar(r.by_status, r.count) },
          ], orgs)),
        h('section.card', { 'aria-labelledby': 'ov-countries' }, h('h2#ov-countries', t('overview.by_country')),
          table([
            { label: t('col.country'), cell: (r) => (r.code ? `${lang() === 'ru' ? r.name_ru : r.name} (${r.code})` : t('overview.unknown')) },
            { label: t('col.observers'), num: true, cell: (r) => num(r.count) },
            { label: t('overview.accredited_share'), num: true, cell: (r) => pct(r.count ? r.by_status.accredited / r.count : null, 0) },
          ], countries),
          acc.by_country.length > countries.length ? h('p.muted', tn('overview.more_countries', acc.by_country.length - countries.length)) : null)));
    }
    if (!todayList) return undefined;
    // The day's count and the alerts follow the event stream.
    return live(async (type) => {
      if (type !== 'change') return;
      const [n, a] = await Promise.all([
        get(mpath(mission, 'submissions') + qs({ since: today, limit: 0 })),
        alerts ? get(mpath(mission, 'alerts') + qs({ limit: 0 })) : null,
      ]);
      const el = document.getElementById('ov-today-count');
      if (el) el.textContent = num(n.total);
      const al = document.getElementById('ov-alerts');
      if (al && a) al.textContent = tn('overview.alerts', a.total);
    });
  },
};
