// demo.test.mjs - "observa demo": creates the demo mission kz-2023 once in
// demo.db of the current directory, with realistic totals and an election
// day of reports (through the real intake), the same on every run, and
// serves it until SIGTERM.  On PostgreSQL each demo goes into a database
// of its own, given with --db.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { authorize, bin, demoArgs, demoCopy, demoDb, demoUrl, getJson, ok, onPostgres, provision, release, run,
  serve, sqliteOnly, tempDir, urlPattern } from './lib.mjs';

// Run an observa command in dir and parse its JSON output.
function json(dir, args) {
  return JSON.parse(ok([...args, '--db', demoDb(dir), '--format', 'json'], { cwd: dir }).stdout);
}

function total(dir, ...filters) {
  return json(dir, ['location', 'list', '--mission', 'kz-2023', ...filters, '--limit', '1']).total;
}

// The number of current reports matching the filters.
function reports(dir, ...filters) {
  return json(dir, ['submission', 'list', '--mission', 'kz-2023', ...filters, '--limit', '1']).total;
}

function coverage(dir, ...args) {
  return json(dir, ['analyze', 'coverage', '--mission', 'kz-2023', ...args]);
}

function codes(dir, level) {
  return new Set(json(dir, ['location', 'list', '--mission', 'kz-2023', '--level', level])
    .items.map((l) => l.code));
}

function between(x, lo, hi, what) {
  assert.ok(x >= lo && x <= hi, `${what}: ${x} not in [${lo}, ${hi}]`);
}

// One demo database shared by the read-only checks below.
const shared = tempDir();
const first = ok(['demo', '--no-serve', ...demoArgs(shared)], { cwd: shared });

test('demo --no-serve creates demo.db in the current directory and exits', () => {
  if (!onPostgres) assert.ok(existsSync(join(shared, 'demo.db')));
  assert.match(first.stderr,
    new RegExp(`creating the demo mission kz-2023 in ${urlPattern(demoDb(shared))}`));
  assert.match(first.stderr, /created in [\d.]+ s/);
  assert.match(first.stdout, /polling stations/);
  assert.match(first.stdout, /registered/);
  assert.match(first.stdout, /\d+ observers from 13 organisations and 41 countries/);
  assert.match(first.stdout, /\d+ regions and cities, \d+ territorial commissions/);
  assert.doesNotMatch(first.stdout, /districts/);
  for (const word of ['election day', 'tabulation', 'reports', 'review', 'conflicts', 'alerts', 'quick count']) {
    assert.match(first.stdout, new RegExp(`^${word} `, 'm'), word);
  }
  assert.doesNotMatch(first.stdout + first.stderr, /serving/);
});

test('the demo says how long it took to make', (t) => {
  // Measured, not asserted: a loaded machine and a sanitizer build are slow.
  const secs = Number(first.stderr.match(/created in ([\d.]+) s/)[1]);
  assert.ok(secs > 0, first.stderr);
  t.diagnostic(`the demo mission was made in ${secs} s`);
});

test('the mission is the early Mazhilis election of 19 March 2023', () => {
  const m = json(shared, ['mission', 'show', 'kz-2023']);
  assert.equal(m.code, 'kz-2023');
  assert.deepEqual(m.election, { type: 'parliament', date: '2023-03-19', country: 'KZ' });
  assert.equal(m.organisation, 'CIS Inter-Parliamentary Assembly');
  assert.deepEqual(m.phases.long_term, { start: '2023-02-20', end: '2023-03-18' });
  assert.deepEqual(m.phases.short_term, { start: '2023-03-15', end: '2023-03-21' });
  assert.equal(m.settings.timezone, 'Asia/Almaty');
});

test('the map: 17 regions, 3 cities, about 10,000 stations, about 70 abroad', () => {
  assert.equal(total(shared, '--level', 'country'), 1);
  assert.equal(total(shared, '--level', 'region'), 17);
  assert.equal(total(shared, '--level', 'city'), 3);
  // The districts and cities are territorial commissions, above the stations.
  const commissions = total(shared, '--level', 'territory');
  assert.ok(commissions >= 17 * 8 && commissions <= 20 * 20, `${commissions} commissions`);
  assert.equal(total(shared, '--level', 'district'), 0);
  const stations = total(shared, '--level', 'station');
  assert.ok(stations >= 9500 && stations <= 10500, `${stations} stations`);
  const abroad = total(shared, '--parent', 'ABR', '--level', 'station');
  assert.ok(abroad >= 60 && abroad <= 80, `${abroad} stations abroad`);
  const regions = json(shared, ['location', 'list', '--mission', 'kz-2023', '--level', 'region']);
  assert.ok(regions.items.some((r) => r.name === 'Қостанай облысы'));
  const almaty = json(shared, ['location', 'list', '--mission', 'kz-2023', '--parent', 'R19']);
  assert.ok(almaty.items.length === 8 && almaty.items.every((l) => l.level === 'territory'));
  assert.ok(almaty.items.some((l) => l.name === 'Медеу ауданы'));
  const medeu = almaty.items.find((l) => l.name === 'Медеу ауданы').code;
  const under = json(shared, ['location', 'list', '--mission', 'kz-2023', '--parent', medeu]);
  assert.ok(under.total > 10 && under.items.every((l) => l.level === 'station'));
});

test('about 12 million voters on plausible stations', () => {
  const list = json(shared, ['location', 'list', '--mission', 'kz-2023', '--level', 'station']);
  assert.equal(list.items.length, list.total);
  let voters = 0;
  const strata = {};
  for (const s of list.items) {
    assert.match(s.code, /^(\d\d-\d{4}|ABR-\d{3})$/);
    assert.ok(Number.isInteger(s.registered_voters) && s.registered_voters > 0, s.code);
    assert.ok(Math.abs(s.latitude) <= 90 && Math.abs(s.longitude) <= 180, s.code);
    strata[s.stratum] = (strata[s.stratum] || 0) + 1;
    if (s.stratum === 'rural') assert.ok(s.registered_voters >= 100 && s.registered_voters <= 1200, s.code);
    if (s.stratum === 'urban' || s.stratum === 'capital') {
      assert.ok(s.registered_voters >= 1500 && s.registered_voters <= 3000, s.code);
    }
    if (!s.code.startsWith('ABR')) {
      // Stations at home lie in Kazakhstan (roughly 40-56 N, 46-88 E).
      assert.ok(s.latitude > 40 && s.latitude < 56 && s.longitude > 46 && s.longitude < 88, s.code);
    }
    voters += s.registered_voters;
  }
  assert.ok(voters >= 11_500_000 && voters <= 12_500_000, `${voters} voters`);
  assert.deepEqual(Object.keys(strata).sort(), ['abroad', 'capital', 'rural', 'urban']);
});

// The citizen network that runs the quick count: its observers' codes.
const NETWORK = /^SANAQ-\d{3}$/;

test('about 800 observers from 12 organisations and 41 countries, and a citizen network', () => {
  const acc = json(shared, ['accreditation', '--mission', 'kz-2023']);
  const list = json(shared, ['observer', 'list', '--mission', 'kz-2023']).items;
  assert.equal(list.length, acc.total);
  const network = list.filter((o) => NETWORK.test(o.code));
  const others = list.length - network.length;
  assert.ok(others >= 750 && others <= 850, `${others} observers besides the network`);
  // One observer per sample station, and the few who run the network.
  between(network.length, 250, 270, 'the network');
  assert.equal(acc.organisations, 13);
  assert.equal(new Set(list.filter((o) => !NETWORK.test(o.code)).map((o) => o.organisation)).size, 12);
  assert.equal(acc.countries, 41);
  const s = acc.by_status;
  assert.equal(s.requested + s.accredited + s.refused + s.withdrawn, acc.total);
  assert.ok(s.accredited > acc.total * 0.8, 'most are accredited');
  assert.ok(s.requested > 0 && s.refused > 0 && s.withdrawn > 0);
  // The network's observers are all accredited: the others' figures are as they were.
  assert.ok(network.every((o) => o.accreditation.status === 'accredited'));
  between(s.accredited - network.length, 650, 800, 'accredited besides the network');
  assert.match(acc.summary, /13 organisations and 41 countries/);
});

test('observers have unique E.164 phones, e-mails, teams of two and badges', () => {
  const list = json(shared, ['observer', 'list', '--mission', 'kz-2023']);
  const phones = new Set();
  const teams = {};
  for (const o of list.items) {
    for (const p of o.phones) {
      assert.match(p, /^\+[1-9]\d{7,14}$/, o.code);
      assert.ok(!phones.has(p), `phone ${p} twice`);
      phones.add(p);
    }
    if (o.email) assert.match(o.email, /^[a-z0-9.]+@[a-z0-9.-]+\.example$/, o.code);
    if (o.accreditation_status === 'accredited') assert.match(o.badge_number, /^CEC-2023-\d{5}$/);
    if (o.accreditation_status === 'requested') assert.ok(!o.badge_number && !o.decided_on);
    if (o.team && (o.role === 'short_term' || o.role === 'long_term')) {
      teams[o.team] = (teams[o.team] || 0) + 1;
    }
  }
  const sizes = Object.values(teams);
  assert.ok(sizes.length > 100, `${sizes.length} teams`);
  assert.ok(sizes.every((n) => n === 2 || n === 3), 'teams of two (one of three for an odd one out)');
  assert.ok(sizes.filter((n) => n === 2).length > sizes.length * 0.9);
  const roles = new Set(list.items.map((o) => o.role));
  for (const r of ['head', 'coordinator', 'core_team', 'long_term', 'short_term', 'interpreter', 'driver']) {
    assert.ok(roles.has(r), `role ${r}`);
  }
});

test('the ballot: the seven parties of 2023 and "against all"', () => {
  const pr = json(shared, ['form', 'show', 'PR', '--mission', 'kz-2023']);
  const lines = pr.questions.filter((q) => q.choice).map((q) => [q.tag, q.choice.name, q.choice.kind]);
  assert.deepEqual(lines, [
    ['P1', 'Amanat', 'party'], ['P2', 'Auyl', 'party'], ['P3', 'Respublica', 'party'],
    ['P4', 'Ak Zhol', 'party'], ['P5', "People's Party of Kazakhstan", 'party'],
    ['P6', 'National Social Democratic Party', 'party'], ['P7', 'Baytaq', 'party'],
    ['AA', 'Against all', 'against_all']]);
});

test('teams cover 2,000-3,000 stations on election day and commissions at night', () => {
  const day = coverage(shared, '--day', '2023-03-19');
  // The teams' stations and the quick count's (the network's observers
  // are assigned to theirs, and send the protocol only).
  between(day.total.VO.expected, 2200, 3200, 'stations assigned');
  assert.equal(day.total.TA.expected, 0);
  const night = coverage(shared, '--day', '2023-03-20');
  between(night.total.TA.expected, 10, 80, 'commissions assigned');
  assert.equal(night.total.VO.expected, 0);
  assert.ok(night.total.TA.reported > 0 && night.total.TA.reported <= night.total.TA.expected);

  const all = coverage(shared);
  const vo = all.total.VO;
  assert.equal(vo.expected, day.total.VO.expected);
  assert.equal(vo.extra, 0);
  const missing = all.missing.filter((m) => m.form === 'VO');
  assert.equal(missing.length, vo.missing);
  assert.ok(missing.every((m) => m.observers.length > 0 && m.observers[0].phones.length > 0));
  // Stations of the network's observers alone never report voting.
  const networkOnly = missing.filter((m) => m.observers.every((o) => NETWORK.test(o.code)));
  between(networkOnly.length, 150, 250, 'stations of the quick count alone');
  // Most of the teams' stations were visited, some never reported.
  const teams = vo.expected - networkOnly.length;
  between(teams, 2000, 3000, 'stations assigned to teams');
  assert.ok(vo.reported >= 0.9 * teams && missing.length > networkOnly.length, JSON.stringify(vo));
  // Teams stay mostly in one region: a region's teams work its stations.
  const regions = all.regions.filter((r) => r.forms.VO.expected > 0).length;
  assert.ok(regions >= 15, `${regions} regions with observers`);
  // Missing commissions are commissions.
  for (const m of all.missing.filter((x) => x.form === 'TA')) assert.match(m.station, /^R\d\d-D\d\d$/);
});

test('reports by form and channel add up, with corrections and duplicates', () => {
  const n = reports(shared);
  const forms = {};
  for (const f of ['OP', 'VO', 'CO', 'PR', 'TA', 'IN']) forms[f] = reports(shared, '--form', f);
  assert.equal(Object.values(forms).reduce((a, b) => a + b, 0), n);
  // The quick count's protocols, by SMS: most of the sample's 250.
  const quick = json(shared, ['submission', 'list', '--mission', 'kz-2023', '--form', 'PR'])
    .items.filter((r) => NETWORK.test(r.observer));
  between(quick.length, 225, 249, 'protocols of the quick count');
  assert.ok(quick.every((r) => r.channel === 'sms'));
  // One opening, one count and one protocol per team; voting at most stations.
  for (const f of ['OP', 'CO']) between(forms[f], 200, 400, f);
  between(forms.PR - quick.length, 200, 400, 'PR of the teams');
  assert.equal(forms.PR - quick.length, forms.CO, 'a protocol where a team watched the count');
  between(forms.VO, 1800, 3000, 'VO');
  assert.ok(forms.VO >= coverage(shared, '--form', 'VO').total.VO.reported);
  between(forms.TA, 10, 80, 'TA');
  between(forms.IN, 24, 80, 'IN');

  const api = reports(shared, '--channel', 'api');
  const csv = reports(shared, '--channel', 'csv');
  const sms = reports(shared, '--channel', 'sms');
  assert.equal(api + csv + sms, n);
  between(csv / n, 0.08, 0.25, 'share of paper forms');
  // The teams' reports: some by coded SMS; the quick count's: all.
  between((sms - quick.length) / (n - quick.length), 0.04, 0.2, 'share of coded SMS by teams');
  between(sms / n, 0.1, 0.25, 'share of coded SMS');

  // About 20 corrections: their earlier versions are kept, not counted.
  const versions = reports(shared, '--all-versions');
  between(versions - n, 15, 25, 'corrections');

  // What intake answered: reports sent twice were acknowledged, not stored.
  const m = first.stderr.match(/(\d+) reports sent through intake, (\d+) stored, (\d+) sent twice/);
  assert.ok(m, first.stderr);
  const [sent, stored, dups] = m.slice(1).map(Number);
  assert.equal(sent, stored + dups);
  assert.equal(stored, versions);
  between(dups, 5, 30, 'duplicates');

  const st = {};
  for (const s of ['new', 'flagged', 'verified', 'rejected']) st[s] = reports(shared, '--status', s);
  assert.equal(st.new + st.flagged + st.verified + st.rejected, n);
  assert.equal(st.rejected, 2);
  assert.ok(st.verified >= 5, `${st.verified} verified`);
  assert.ok(st.new > 0.9 * n);
});

test('TA reports are at territorial commissions, PR reports at polling stations', () => {
  const commissions = codes(shared, 'territory');
  const ta = json(shared, ['submission', 'list', '--mission', 'kz-2023', '--form', 'TA']).items;
  assert.ok(ta.length > 0);
  for (const r of ta) {
    assert.ok(commissions.has(r.station), `TA at ${r.station}`);
    assert.match(r.observed_at, /^2023-03-20T0[0-6]:\d\d:\d\d\+0[56]:00$/, r.client_id);
  }
  const stations = codes(shared, 'station');
  const pr = json(shared, ['submission', 'list', '--mission', 'kz-2023', '--form', 'PR']).items;
  for (const r of pr) assert.ok(stations.has(r.station), `PR at ${r.station}`);
});

test('protocols add up except a few planted ones; turnout and shares are plausible', () => {
  const pr = json(shared, ['submission', 'list', '--mission', 'kz-2023', '--form', 'PR']).items;
  const choices = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'AA'];
  const votes = Object.fromEntries(choices.map((c) => [c, 0]));
  let broken = 0;
  let implausible = 0;
  for (const r of pr) {
    const a = r.answers;
    const issued = a.C + a.D + a.E;
    const abroad = r.station.startsWith('ABR-');
    const sum = choices.reduce((s, c) => s + a[c], 0);
    const adds = a.J === sum && a.G + a.H === a.I + a.J && a.B + a.L === issued + a.F + a.K &&
      a.G + a.H <= issued && issued <= a.A;
    // The form's checks flag exactly the protocols that do not add up.
    assert.equal(adds, r.problems.length === 0, `${r.client_id}: ${JSON.stringify(r.problems)}`);
    if (!adds) broken++;
    const turnout = issued / a.A;
    if (turnout > 0.95) implausible++;
    // Fewer vote abroad (the quick count's sample has stations there).
    else if (abroad) between(turnout, 0.2, 0.55, `turnout at ${r.station}`);
    else between(turnout, 0.45, 0.75, `turnout at ${r.station}`);
    for (const c of choices) votes[c] += a[c];
  }
  between(broken, 6, 15, 'protocols that do not add up');
  between(implausible, 1, 2, 'turnouts near 100%');
  const valid = Object.values(votes).reduce((a, b) => a + b, 0);
  between(votes.P1 / valid, 0.45, 0.62, 'Amanat');
  between(votes.P2 / valid, 0.07, 0.16, 'Auyl');
  between(votes.P7 / valid, 0.01, 0.04, 'Baytaq');
  between(votes.AA / valid, 0.015, 0.05, 'against all');
});

test('checklists: openings in the morning, mostly positive answers, worse in some regions', () => {
  const items = json(shared, ['submission', 'list', '--mission', 'kz-2023']).items;
  for (const r of items.filter((x) => x.form === 'OP')) {
    assert.match(r.observed_at, /^2023-03-19T07:[3-5]\d:\d\d\+0[56]:00$/, r.client_id);
  }
  for (const r of items.filter((x) => x.form === 'CO' || x.form === 'PR')) {
    assert.match(r.observed_at, /^2023-03-(19T2[0-3]|20T00)/, r.client_id);
  }
  const rated = items.filter((x) => ['OP', 'VO', 'CO', 'TA'].includes(x.form));
  const bad = rated.filter((x) => x.answers.Z <= 2).length / rated.length;
  between(bad, 0.03, 0.25, 'rated bad or very bad');
  // Negative answers on the voting checklist, by region.
  const negative = { A: 0, B: 0, C: 1, D: 1, G: 1, J: 1, K: 1, L: 0 };
  const byRegion = {};
  for (const r of items.filter((x) => x.form === 'VO')) {
    const g = (byRegion[r.station.slice(0, 2)] ||= { n: 0, neg: 0 });
    for (const [tag, v] of Object.entries(negative)) {
      if (tag in r.answers) { g.n++; g.neg += r.answers[tag] === v ? 1 : 0; }
    }
  }
  const shares = Object.values(byRegion).filter((g) => g.n > 500).map((g) => g.neg / g.n);
  const overall = Object.values(byRegion).reduce((s, g) => s + g.neg, 0) /
    Object.values(byRegion).reduce((s, g) => s + g.n, 0);
  between(overall, 0.02, 0.10, 'negative answers');
  assert.ok(Math.max(...shares) > 2 * Math.min(...shares), `regional shares ${shares}`);
  const incidents = items.filter((x) => x.form === 'IN');
  assert.ok(incidents.some((r) => r.answers.B === 3), 'some critical incidents');
});

test('double observation gives conflicts; a clerk resolved some', () => {
  const c = json(shared, ['conflict', 'list', '--mission', 'kz-2023']);
  between(c.total, 5, 30, 'conflicts');
  for (const x of c.items) {
    assert.ok(x.values.length >= 2);
    assert.equal(new Set(x.values.map((v) => v.observer)).size, x.values.length);
  }
  const resolved = c.items.filter((x) => !x.open);
  assert.ok(resolved.length > 0 && resolved.length < c.total);
  assert.ok(resolved.every((x) => x.resolved_by === 'demo-clerk'));
  const open = json(shared, ['conflict', 'list', '--mission', 'kz-2023', '--open', '--limit', '1']).total;
  assert.equal(open, c.total - resolved.length);
  assert.match(first.stdout, new RegExp(`conflicts +${c.total} .*${open} open, ${resolved.length} resolved`));
});

test('a clerk verified flagged reports and rejected two with a note', () => {
  const rejected = json(shared, ['submission', 'list', '--mission', 'kz-2023', '--status', 'rejected']).items;
  assert.equal(rejected.length, 2);
  for (const r of rejected) {
    assert.equal(r.review.by, 'demo-clerk');
    assert.ok(r.review.note.length > 20);
  }
  const verified = json(shared, ['submission', 'list', '--mission', 'kz-2023', '--status', 'verified']).items;
  assert.ok(verified.every((r) => r.review.by === 'demo-clerk' && r.problems.length > 0));
});

test('official results: the stations changed on the way up are found, and only they', async () => {
  const said = first.stdout.match(/^results +official results: ([\d,]+) stations, (\d+) differ from the observers' copies$/m);
  assert.ok(said, first.stdout);
  const [stations, differ] = [Number(said[1].replace(/,/g, '')), Number(said[2])];
  assert.equal(stations, total(shared, '--level', 'station'), 'every station has official results');
  assert.equal(differ, 7, 'four stations with votes moved, three with ballots added');

  // Every official row, read through the API.
  const srv = await serve(demoUrl(shared));
  const official = new Map();
  try {
    for (let offset = 0; ; offset += 1000) {
      const page = (await getJson(`${srv.url}/api/v1/missions/kz-2023/results/official?limit=1000&offset=${offset}`)).body;
      for (const r of page.items) official.set(r.station, r.lines);
      if (offset + 1000 >= page.total) break;
    }
  } finally {
    await srv.stop();
  }
  assert.equal(official.size, stations);

  // The observers' copies: each observer's current, not rejected protocol.
  const copies = new Map();
  for (const r of json(shared, ['submission', 'list', '--mission', 'kz-2023', '--form', 'PR']).items) {
    if (r.status === 'rejected') continue;
    if (!copies.has(r.station)) copies.set(r.station, []);
    copies.get(r.station).push(r);
  }
  // Stations where observers agree on every line and the official figures
  // differ from theirs, found here without observa's analysis.
  const changed = new Map();
  for (const [station, reports] of copies) {
    const off = official.get(station);
    assert.ok(off, `official results of ${station}`);
    const diff = {};
    for (const [tag, value] of Object.entries(off)) {
      const seen = new Set(reports.map((r) => r.answers[tag]));
      if (seen.size === 1 && !seen.has(value)) diff[tag] = value - reports[0].answers[tag];
    }
    if (Object.keys(diff).length) changed.set(station, diff);
  }
  assert.equal(changed.size, differ);

  // Each is one of the two frauds: votes moved from a party to Amanat, or
  // ballots added for Amanat and taken from the cancelled ones.
  let moved = 0, inflated = 0;
  for (const [station, d] of changed) {
    const tags = Object.keys(d).sort().join(',');
    if (tags === 'D,F,H,J,P1') {
      const x = d.P1;
      assert.ok(x > 0 && d.D === x && d.H === x && d.J === x && d.F === -x, `${station}: ${JSON.stringify(d)}`);
      inflated++;
    } else {
      assert.equal(Object.keys(d).length, 2, `${station}: ${JSON.stringify(d)}`);
      const other = Object.keys(d).find((t) => t !== 'P1');
      assert.match(other, /^P[2-7]$/);
      assert.ok(d.P1 > 0 && d[other] === -d.P1, `${station}: ${JSON.stringify(d)}`);
      moved++;
    }
  }
  assert.deepEqual([moved, inflated], [4, 3]);

  // observa's analysis finds the same stations and the same differences.
  const doc = json(shared, ['analyze', 'discrepancies', '--mission', 'kz-2023']);
  assert.equal(doc.summary.stations_official, stations);
  assert.equal(doc.summary.stations_observed, copies.size);
  assert.equal(doc.summary.stations_compared, copies.size);
  assert.equal(doc.summary.stations_differ, differ);
  const found = doc.items.filter((x) => x.differs);
  assert.deepEqual(found.map((x) => x.station).sort(), [...changed.keys()].sort());
  for (const x of found) {
    const own = x.lines.filter((l) => l.source !== 'observer');
    assert.deepEqual(Object.fromEntries(own.map((l) => [l.line, l.difference])), changed.get(x.station));
  }
  const p1 = doc.summary.by_line.find((l) => l.line === 'P1');
  assert.equal(p1.stations, differ);
  assert.equal(p1.net, [...changed.values()].reduce((s, d) => s + d.P1, 0));
  // The official protocols still add up: only the comparison shows the change.
  const checks = json(shared, ['analyze', 'protocols', '--mission', 'kz-2023']);
  assert.ok(checks.items.every((x) => !changed.has(x.station)), 'a changed station fails no check');
});

test('a citizen network runs a quick count by SMS on a sample drawn by region', async () => {
  const q = json(shared, ['pvt', 'estimate', '--mission', 'kz-2023']);
  const stations = total(shared, '--level', 'station');
  // The sample, drawn and kept as "observa pvt sample" does it.
  assert.equal(q.sample_size, 250);
  assert.equal(q.sample.method, 'proportional');
  assert.equal(q.sample.strata_by, 'region');
  assert.equal(q.sample.frame_size, stations);
  assert.equal(q.sample.generator, 'xoshiro256**/splitmix64 v1');
  assert.equal(q.strata.length, 21, '17 regions, 3 cities and the stations abroad');
  assert.equal(q.strata.reduce((n, x) => n + x.sampled, 0), q.sample_size);
  // Most sample stations reported, a few never did.
  between(q.sample_reported, 225, 249, 'sample stations reported');
  assert.equal(q.strata.reduce((n, x) => n + x.reported, 0), q.sample_reported);

  // Against the official results of every station: no more than sampling error.
  assert.equal(q.official_stations, stations);
  assert.equal(q.choices.length, 8);
  let inside = 0;
  for (const c of q.choices) {
    assert.ok(Math.abs(c.estimate - c.official) <= 2, `${c.name}: ${c.estimate} against ${c.official}`);
    assert.ok(c.moe95 > 0 && c.moe95 < 2, `${c.name}: ± ${c.moe95}`);
    if (c.inside95) inside++;
  }
  assert.ok(inside >= 6, `${inside} of 8 official shares inside the 95% interval`);

  // The summary says the same.
  const said = first.stdout.match(/^quick count +(.+): (\d+) sample stations drawn by region \(seed (\d+)\), one observer each; (\d+) reported by SMS; (.+) ([\d.]+)% ± ([\d.]+) \(official ([\d.]+)%, (inside|outside) the 95% interval\)$/m);
  assert.ok(said, first.stdout);
  assert.deepEqual(said.slice(2, 5).map(Number), [q.sample_size, q.sample.seed, q.sample_reported]);
  const leader = q.choices.reduce((a, b) => (b.estimate > a.estimate ? b : a));
  assert.equal(said[5], leader.name);
  for (const [text, value] of [[said[6], leader.estimate], [said[7], leader.moe95], [said[8], leader.official]]) {
    assert.ok(Math.abs(Number(text) - value) <= 0.051, `${text} for ${value}`);
  }
  assert.equal(said[9] === 'inside', leader.inside95);

  // The reports came in the evening, and the estimates followed them.
  const points = q.convergence;
  assert.equal(points.length, 10);
  assert.equal(points.at(-1).reports, q.sample_reported);
  for (let i = 1; i < points.length; i++) assert.ok(points[i].arrived >= points[i - 1].arrived);
  assert.ok(points.every((p) => /^2023-03-19T(1[5-9]|2[0-3]):/.test(p.arrived)), JSON.stringify(points.map((p) => p.arrived)));

  // The network: one national observer per sample station, accredited,
  // with a Kazakh mobile number and a Kazakh or Russian name.
  const network = json(shared, ['observer', 'list', '--mission', 'kz-2023']).items
    .filter((o) => NETWORK.test(o.code));
  assert.equal(said[1], network[0].organisation);
  const national = network.filter((o) => o.role === 'national');
  assert.equal(national.length, q.sample_size);
  assert.deepEqual([...new Set(network.map((o) => o.role))].sort(), ['coordinator', 'core_team', 'head', 'national']);
  for (const o of network) {
    assert.equal(o.organisation, said[1], o.code);
    assert.equal(o.country, 'KZ', o.code);
    assert.equal(o.accreditation.status, 'accredited', o.code);
    assert.match(o.accreditation.badge_number, /^CEC-2023-\d{5}$/, o.code);
    assert.ok(o.phones.length === 1 && /^\+77\d{9}$/.test(o.phones[0]), `${o.code}: ${o.phones}`);
    assert.match(o.full_name, /^[\p{Script=Cyrillic}]+ [\p{Script=Cyrillic}]+$/u, o.code);
  }
  const sample = json(shared, ['pvt', 'show', '--mission', 'kz-2023']).stations;
  assert.equal(sample.length, q.sample_size);

  const srv = await serve(demoUrl(shared));
  const official = new Map();
  const posted = new Map(); // observer -> stations
  let api;
  try {
    for (let offset = 0; ; offset += 1000) {
      const page = (await getJson(`${srv.url}/api/v1/missions/kz-2023/results/official?limit=1000&offset=${offset}`)).body;
      for (const r of page.items) official.set(r.station, r.lines);
      if (offset + 1000 >= page.total) break;
    }
    for (let offset = 0; ; offset += 1000) {
      const page = (await getJson(`${srv.url}/api/v1/missions/kz-2023/assignments?limit=1000&offset=${offset}`)).body;
      for (const a of page.items) {
        if (!NETWORK.test(a.observer)) continue;
        assert.equal(a.day, '2023-03-19');
        posted.set(a.observer, [...(posted.get(a.observer) || []), a.station]);
      }
      if (offset + 1000 >= page.total) break;
    }
    api = await getJson(`${srv.url}/api/v1/missions/kz-2023/pvt`);
  } finally {
    await srv.stop();
  }
  assert.equal(api.status, 200);
  assert.equal(api.body.sample_reported, q.sample_reported);
  // Each national observer at one sample station, each sample station with one.
  assert.equal(posted.size, q.sample_size);
  assert.ok(national.every((o) => posted.get(o.code)?.length === 1), 'one station each');
  assert.deepEqual([...posted.values()].flat().sort(), sample.map((s) => s.station).sort());

  // Their protocols: by SMS, at their own stations, once the count was over,
  // with the figures the commission published, except where they were
  // changed on the way up.
  const changed = new Set(json(shared, ['analyze', 'discrepancies', '--mission', 'kz-2023'])
    .items.filter((x) => x.differs).map((x) => x.station));
  const protocols = json(shared, ['submission', 'list', '--mission', 'kz-2023', '--form', 'PR']).items
    .filter((r) => NETWORK.test(r.observer));
  assert.equal(protocols.length, q.sample_reported);
  for (const r of protocols) {
    assert.equal(r.channel, 'sms', r.client_id);
    assert.deepEqual(posted.get(r.observer), [r.station]);
    const [h, m] = r.observed_at.match(/T(\d\d):(\d\d)/).slice(1).map(Number);
    between(h * 60 + m, 21 * 60, 23 * 60 + 30, `local time of ${r.station}`);
    const off = official.get(r.station);
    const same = Object.entries(off).every(([tag, v]) => r.answers[tag] === v);
    assert.equal(same, !changed.has(r.station), `${r.station} against the official protocol`);
  }
  const arrived = sample.filter((s) => s.arrived);
  assert.equal(arrived.length, q.sample_reported);
  assert.deepEqual(arrived.map((s) => s.station).sort(), protocols.map((r) => r.station).sort());

  // The messages: a couple sent twice, one refused for a slip and sent again.
  const log = json(shared, ['sms', 'log', '--mission', 'kz-2023', '--limit', '100000']).items
    .filter((x) => NETWORK.test(x.observer));
  const by = (status) => log.filter((x) => x.status === status);
  assert.equal(by('accepted').length, q.sample_reported);
  assert.equal(by('duplicate').length, 2);
  assert.equal(by('rejected').length, 1);
  assert.equal(log.length, q.sample_reported + 3);
  for (const d of by('duplicate')) {
    const orig = log.find((x) => x.id === d.duplicate_of);
    assert.ok(orig && orig.status === 'accepted' && orig.text === d.text && orig.received_at < d.received_at);
  }
  const slip = by('rejected')[0];
  assert.ok(slip.reply.length > 0 && slip.problems.length > 0, JSON.stringify(slip));
  const again = by('accepted').find((x) => x.phone === slip.phone);
  assert.ok(again && again.received_at > slip.received_at, 'sent again, correctly');
});

test('a second run reuses the database instead of regenerating it', () => {
  const before = ok(['audit', '--mission', 'kz-2023', '--limit', '1', '--format', 'json', '--db',
    demoDb(shared)], { cwd: shared }).stdout;
  const again = ok(['demo', '--no-serve', ...demoArgs(shared)], { cwd: shared });
  assert.match(again.stderr, /already holds the demo mission kz-2023: reusing it/);
  assert.doesNotMatch(again.stderr, /creating/);
  assert.equal(again.stdout, first.stdout);
  const after = ok(['audit', '--mission', 'kz-2023', '--limit', '1', '--format', 'json', '--db',
    demoDb(shared)], { cwd: shared }).stdout;
  assert.equal(after, before, 'nothing new in the audit log');
});

test('every run makes the same demo', () => {
  // A second run.  On SQLite by the release build: the sanitizers have
  // watched the first, and the two builds must make the same demo too.
  // On PostgreSQL, whose pass runs the release build throughout, the run
  // that made the demo the other files copy (demoCopy): one demo fewer to
  // make there, where a demo takes a minute under the suite's load.
  let again, at;
  if (onPostgres) {
    const copy = demoCopy(tempDir());
    again = { stdout: copy.stdout };
    at = (args) => JSON.parse(ok([...args, '--db', copy.db, '--format', 'json']).stdout);
  } else {
    const other = tempDir();
    again = ok(['demo', '--no-serve', ...demoArgs(other)], { cwd: other, program: release });
    at = (args) => json(other, args);
  }
  // The summary holds every count: reports, flags, conflicts, alerts,
  // coverage; only the database it names differs (on PostgreSQL, each run
  // has a database of its own).
  const counts = (text) => text.replace(/^database .*$/m, 'database');
  assert.equal(counts(again.stdout), counts(first.stdout));
  for (const args of [['location', 'list', '--mission', 'kz-2023'],
    ['observer', 'list', '--mission', 'kz-2023']]) {
    assert.deepEqual(at(args), json(shared, args), args.join(' '));
  }
  // The same reports, with the same ids and answers (times of arrival and
  // of review differ).
  const strip = (list) => list.items.map(({ received_at, review, ...r }) => r);
  const subs = ['submission', 'list', '--mission', 'kz-2023', '--all-versions'];
  const mine = (args) => json(shared, args);
  assert.deepEqual(strip(at(subs)), strip(mine(subs)));
  const conflicts = (read) => read(['conflict', 'list', '--mission', 'kz-2023'])
    .items.map(({ resolved_at, ...c }) => c);
  assert.deepEqual(conflicts(at), conflicts(mine));
  // The same long-term log: meetings and documents (times of entry differ).
  const log = (read, what) => read([what, 'list', '--mission', 'kz-2023'])
    .items.map(({ created_at, ...m }) => m);
  for (const what of ['meeting', 'document']) {
    assert.deepEqual(log(at, what), log(mine, what), what);
  }
});

test('--db chooses the database; $OBSERVA_DB does not', {
  skip: sqliteOnly('checks which database files the demo creates') }, () => {
  // Which database is used is decided before the demo is made or found,
  // so copies of a demo already made (demoCopy) stand for it here: each
  // run finds the demo in the database it chose and reuses it, and says
  // which one that is.
  const named = (r) => r.stdout.match(/^database +(.*)$/m)[1];
  const dir = tempDir();
  demoCopy(dir, 'other.db');
  const chosen = ok(['demo', '--no-serve', '--db', 'sqlite:other.db'], { cwd: dir, program: release });
  assert.match(chosen.stderr, /reusing it/);
  assert.equal(named(chosen), 'sqlite:other.db');
  assert.ok(!existsSync(join(dir, 'demo.db')));
  const home = tempDir();
  demoCopy(home, 'demo.db');
  const plain = ok(['demo', '--no-serve'], { cwd: home, env: { OBSERVA_DB: 'sqlite:real.db' }, program: release });
  assert.match(plain.stderr, /reusing it/);
  assert.equal(named(plain), 'sqlite:demo.db');
  assert.ok(!existsSync(join(home, 'real.db')));
});

test('a wrong command line is a usage error', () => {
  const dir = tempDir();
  assert.equal(run(['demo', '--port', 'x'], { cwd: dir }).status, 2);
  assert.equal(run(['demo', 'extra'], { cwd: dir }).status, 2);
  assert.ok(!existsSync(join(dir, 'demo.db')));
  const help = ok(['demo', '--help'], { cwd: dir });
  assert.match(help.stdout, /--no-serve/);
});

// Start "observa demo --port 0" in dir; resolves once it says where it listens.
function startDemo(dir) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ['demo', '--port', '0', ...demoArgs(dir)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    const timer = setTimeout(() => {
      if (!done) { done = true; proc.kill('SIGKILL'); reject(new Error('demo did not start: ' + err)); }
    }, 120000);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => { out += chunk; });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      err += chunk;
      const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}`, proc, stdout: () => out, stderr: () => err });
      }
    });
    proc.on('exit', (code) => {
      if (!done) { done = true; clearTimeout(timer); reject(new Error(`demo exited ${code}: ${err}`)); }
    });
  });
}

// The demo made at the start, served: making it again would only repeat
// what the tests above check (and this test comes last, as it adds a token).
test('demo --port 0 serves the mission and stops on SIGTERM with exit 0', async () => {
  const dir = shared;
  const d = await startDemo(dir);
  const exited = new Promise((res) => d.proc.on('exit', (code, signal) => res({ code, signal })));
  authorize(d.url, provision(demoUrl(dir)));
  try {
    const health = await getJson(`${d.url}/healthz`);
    assert.equal(health.status, 200);
    const acc = await getJson(`${d.url}/api/v1/missions/kz-2023/accreditation`);
    assert.equal(acc.status, 200);
    assert.equal(acc.body.organisations, 13);
    assert.equal(acc.body.countries, 41);
    const st = await getJson(`${d.url}/api/v1/missions/kz-2023/locations?level=station&limit=1`);
    assert.equal(st.status, 200);
    assert.ok(st.body.total >= 9500 && st.body.total <= 10500);
    const abroad = await getJson(`${d.url}/api/v1/missions/kz-2023/locations/ABR-001`);
    assert.equal(abroad.status, 200);
    assert.equal(abroad.body.stratum, 'abroad');
    // Critical answers raised alerts, as many as the summary says.
    const alerts = await getJson(`${d.url}/api/v1/missions/kz-2023/alerts?limit=1000`);
    assert.equal(alerts.status, 200);
    const said = Number(d.stdout().match(/^alerts +(\d+)/m)[1]);
    assert.equal(alerts.body.total, said);
    assert.ok(said >= 10 && alerts.body.items.every((a) => a.tag && a.message && a.station));
    const flagged = await getJson(`${d.url}/api/v1/missions/kz-2023/submissions?status=flagged&limit=5`);
    assert.equal(flagged.status, 200);
    const cov = await getJson(`${d.url}/api/v1/missions/kz-2023/coverage?day=2023-03-19`);
    assert.equal(cov.status, 200);
    assert.ok(cov.body.total.VO.expected >= 2000);
    // Before serving it says how to log in and what to try, never port 0.
    assert.match(d.stdout(), /the server listens on 127\.0\.0\.1: this machine only/);
    // The login it prints works: a session for the coordinator of kz-2023.
    const login = d.stdout().match(/^login: user (\S+), password (\S+) \(a coordinator of kz-2023/m);
    assert.ok(login, d.stdout());
    const signIn = await fetch(`${d.url}/api/v1/session`, { method: 'POST', noAuth: true,
      body: JSON.stringify({ user: login[1], password: login[2] }) });
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers.get('set-cookie').split(';')[0];
    const mine = await fetch(`${d.url}/api/v1/missions/kz-2023/coverage`, { headers: { cookie } });
    assert.equal(mine.status, 200);
    for (const who of ['clerk', 'viewer']) {
      assert.match(d.stdout(), new RegExp(`^ +user ${who}, password \\S+ \\(a ${who}\\)`, 'm'));
    }
    assert.match(d.stdout(), /\/api\/v1\/missions\/kz-2023\/accreditation/);
    const db = urlPattern(demoDb(dir));
    assert.match(d.stdout(), new RegExp(`observa accreditation --mission kz-2023 --db ${db}\\n`));
    // The quick count, by the command line and the API.
    assert.match(d.stdout(), new RegExp(`observa pvt estimate --mission kz-2023 --db ${db}\\n`));
    assert.match(d.stdout(), /curl -b observa\.cookies 'http:\/\/127\.0\.0\.1:PORT\/api\/v1\/missions\/kz-2023\/pvt'/);
    assert.doesNotMatch(d.stdout() + d.stderr(), /127\.0\.0\.1:0\//);
  } finally {
    d.proc.kill('SIGTERM');
  }
  const { code, signal } = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
  if (!onPostgres) assert.ok(existsSync(join(dir, 'demo.db')));
});
