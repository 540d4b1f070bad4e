// page-results.js - results: the quick count (each choice's estimate with
// its margins at 95% and 99%, the official share beside it, and how the
// estimates converged as reports arrived), and the official results
// against the observers' copies of the protocols (discrepancies).
import { h, num, table, badge, when, say } from './dom.js';
import { t, lang } from './i18n.js';
import { get, mpath, qs, ApiError } from './api.js';
import { lines, intervals } from './chart.js';

const COLOURS = ['#1f4e79', '#b3261e', '#1e6b34', '#8a5300', '#6a1b9a', '#00707a', '#55606e', '#c2185b'];
const p2 = (v) => (v === null || v === undefined ? '–' : `${v.toFixed(2)}%`);

export default {
  id: 'results',
  perm: ['read_submissions'],
  async render({ root, mission, later }) {
    root.append(h('div.page-head', h('div', h('h1', t('nav.results')), h('p.muted', t('results.lead')))));
    let pvt = null;
    try { pvt = await get(mpath(mission, 'pvt')); } catch (e) { if (!(e instanceof ApiError) || e.status !== 404) throw e; }
    if (pvt) {
      root.append(h('section.card.stack#pvt', { 'aria-labelledby': 'pvt-h' }, h('h2#pvt-h', t('results.pvt')),
        h('p', t('results.pvt_sample', { reported: num(pvt.sample_reported), size: num(pvt.sample_size), votes: num(pvt.valid_votes) })),
        table([
          { label: t('results.choice'), cell: (c) => c.name },
          { label: t('results.estimate'), num: true, cell: (c) => h('strong', p2(c.estimate)) },
          { label: t('results.moe95'), num: true, cell: (c) => `± ${c.moe95.toFixed(2)}` },
          { label: t('results.moe99'), num: true, cell: (c) => `± ${c.moe99.toFixed(2)}` },
          { label: t('results.interval95'), num: true, cell: (c) => h('span.nowrap', `${p2(c.low95)} – ${p2(c.high95)}`) },
          { label: t('results.official'), num: true, cell: (c) => p2(c.official) },
          { label: '', cell: (c) => (c.official === undefined || c.official === null ? '' : c.inside95 ? badge(t('results.inside'), 'verified') : badge(t('results.outside'), 'rejected')) },
        ], pvt.choices),
        pvt.turnout ? h('p', t('results.turnout', { est: p2(pvt.turnout.estimate), moe: pvt.turnout.moe95.toFixed(2) })) : null,
        intervals(pvt.choices.map((c) => ({ label: c.name, share: c.estimate / 100, low: c.low95 / 100, high: c.high95 / 100 })), { title: t('results.pvt'), colour: () => '#1f4e79' })));
      if (pvt.convergence && pvt.convergence.length) {
        const names = pvt.choices.map((c) => c.name);
        const series = names.map((n, i) => ({ name: n, colour: COLOURS[i % COLOURS.length],
          points: pvt.convergence.map((cv) => [cv.reports, (cv.choices.find((c) => c.name === n) || {}).estimate]).filter((p) => p[1] !== undefined) }));
        root.append(h('section.card.stack', { 'aria-labelledby': 'conv-h' }, h('h2#conv-h', t('results.convergence')),
          lines(series, { title: t('results.convergence'), xLabel: t('results.reports_in') }),
          h('p.muted', t('results.convergence_note', { first: when(pvt.convergence[0].arrived), last: when(pvt.convergence[pvt.convergence.length - 1].arrived) }))));
      }
    }
    // Discrepancies, a page of stations at a time (the server pages them).
    const DPAGE = 50;
    const discPage = (offset) => get(mpath(mission, 'results/discrepancies') + qs({ lang: lang(), limit: DPAGE, offset }));
    let d = null;
    try { d = await discPage(0); } catch (e) { if (!(e instanceof ApiError) || e.status !== 400) throw e; }
    if (d) {
      const s = d.summary;
      const list = h('div#disc-list');
      const drawList = (page) => {
        const off = page.offset || 0;
        const lim = page.limit || DPAGE;
        list.replaceChildren(...[table([
          { label: t('col.station'), cell: (r) => h('a', { href: `#/reports?station=${encodeURIComponent(r.station)}&form=PR` }, r.station) },
          { label: t('col.region'), cell: (r) => r.region || '–' },
          { label: t('results.lines'), cell: (r) => r.lines.filter((l) => l.difference).map((l) => h('div', h('strong', l.line), ` ${l.name || l.label}: `,
            t('results.obs_off', { observed: num(l.observed), official: num(l.official) }), ' ', badge(`${l.difference > 0 ? '+' : ''}${num(l.difference)}`, Math.abs(l.relative || 0) > 0.05 ? 'rejected' : 'flagged'))) },
        ], page.items.filter((r) => r.differs), { empty: t('results.no_diff') }),
        page.total > lim ? h('div.pager#disc-pager',
          h('span.muted#disc-range', t('pager.range', { from: num(off + 1), to: num(Math.min(off + lim, page.total)), total: num(page.total) })),
          h('span',
            h('button.btn.btn-ghost#disc-prev', { type: 'button', disabled: off === 0, onclick: () => turn(off - lim) }, t('pager.prev')), ' ',
            h('button.btn.btn-ghost#disc-next', { type: 'button', disabled: off + lim >= page.total, onclick: () => turn(off + lim) }, t('pager.next')))) : null].filter(Boolean));
      };
      const turn = async (off) => {
        list.setAttribute('aria-busy', 'true');
        try {
          const page = await discPage(Math.max(0, off));
          drawList(page);
          say(t('pager.range', { from: num(page.offset + 1), to: num(Math.min(page.offset + (page.limit || DPAGE), page.total)), total: num(page.total) }));
        } catch (e) {
          list.append(h('p.msg.msg-bad', e.message));
        } finally {
          list.removeAttribute('aria-busy');
        }
      };
      drawList(d);
      root.append(h('section.card.stack#discrepancies', { 'aria-labelledby': 'disc-h' }, h('h2#disc-h', t('results.discrepancies')),
        h('div.grid.grid-stats',
          ...[['stations_observed', s.stations_observed], ['stations_compared', s.stations_compared], ['stations_differ', s.stations_differ], ['lines_differ', s.lines_differ]]
            .map(([k, v]) => h('div', h('div.stat', num(v)), h('p.stat-label', t(`results.${k}`))))),
        list));
    }
    // Seats and forensics come from the official results; slow ones last.
    const seatsBox = h('section.card.stack#seats', { 'aria-labelledby': 'seats-h' });
    const forBox = h('section.card.stack#forensics', { 'aria-labelledby': 'for-h' }, h('h2#for-h', t('results.forensics')), h('p.loading', t('app.loading')));
    root.append(seatsBox, forBox);
    let presets = [];
    try { presets = (await get(mpath(mission, 'results/seats'))).presets; } catch { /* no such route */ }
    const year = (await get(mpath(mission))).election?.date?.slice(0, 4) || '';
    const drawSeats = async (name) => {
      let r;
      try { r = await get(mpath(mission, 'results/seats') + qs({ preset: name })); } catch (e) {
        seatsBox.replaceChildren(h('h2#seats-h', t('results.seats')), h('p.muted', e.message));
        return;
      }
      const sel = h('select#seats-preset', { onchange: (e) => drawSeats(e.target.value) }, r.presets.map((p) => h('option', { value: p.name, selected: p.name === r.preset }, p.name)));
      seatsBox.replaceChildren(h('h2#seats-h', t('results.seats')),
        h('div.field', h('label', { for: 'seats-preset' }, t('results.preset')), sel),
        h('p.muted', r.preset_title),
        h('p', t('results.seats_base', { base: num(r.base_votes), threshold: num(r.threshold_votes), stations: num(r.stations) })),
        table([
          { label: t('results.choice'), cell: (x) => x.name },
          { label: t('results.votes'), num: true, cell: (x) => num(x.votes) },
          { label: t('results.share'), num: true, cell: (x) => (x.share === null ? '–' : `${(100 * x.share).toFixed(2)}%`) },
          { label: '', cell: (x) => (x.kind !== 'list' ? '' : x.qualified ? badge(t('results.passed'), 'verified') : badge(t('results.below'), 'muted')) },
          { label: t('results.seats_col'), num: true, cell: (x) => (x.kind === 'list' ? h('strong', num(x.seats)) : '') },
        ], r.results));
    };
    if (presets.length) await drawSeats((presets.find((p) => p.name.includes(year)) || presets[0]).name);
    else seatsBox.remove();
    later(get(mpath(mission, 'results/forensics')).then((f) => {
      const ip = f.integer_peaks;
      const chart = (which, alt) => h('figure.fchart', h('img', { src: mpath(mission, 'results/forensics') + qs({ chart: which, lang: lang() }), alt, width: which === 'fingerprint' ? 680 : 800 }));
      forBox.replaceChildren(h('h2#for-h', t('results.forensics')),
        h('p', t('results.forensics_lead', { used: num(f.stations_used), stations: num(f.stations), leader: f.leader })),
        h('div.grid.grid-stats',
          h('div', h('div.stat', num(f.high_turnout_stations)), h('p.stat-label', t('results.high_turnout'))),
          h('div', h('div.stat', num(f.high_leader_stations)), h('p.stat-label', t('results.high_leader', { leader: f.leader }))),
          ip ? h('div', h('div.stat', ip.z === null ? '–' : ip.z.toFixed(2)), h('p.stat-label', t('results.integer_z', { obs: num(ip.observed), exp: ip.expected.toFixed(0) }))) : null),
        h('div.fcharts', chart('turnout', t('results.chart_turnout')), chart('leader_share', t('results.chart_leader')),
          chart('fingerprint', t('results.chart_fingerprint')), chart('cumulative', t('results.chart_cumulative'))),
        h('p.muted', t('results.forensics_note')));
    }).catch((e) => forBox.replaceChildren(h('h2#for-h', t('results.forensics')), h('p.muted', e.message))));
    if (!pvt && !d) root.append(h('p.muted', t('results.nothing')));
  },
};
