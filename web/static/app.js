// app.js - the dashboard's shell: the session (sign in, sign out, the
// permissions of each mission), the mission chosen, the language, the
// navigation (only the pages the role may see), the pages by their
// #/address, and the event stream that tells live pages to refresh.
import { h, clear, say } from './dom.js';
import { t, setLang, savedLang, lang, LANGS } from './i18n.js';
import { get, request, mpath, setCsrf, whenUnauthorized, ApiError } from './api.js';
import { signinPage } from './page-signin.js';
import overview from './page-overview.js';
import coverage from './page-coverage.js';
import reports from './page-reports.js';
import report from './page-report.js';
import entry from './page-entry.js';
import incidents from './page-incidents.js';
import findings from './page-findings.js';
import results from './page-results.js';
import observers from './page-observers.js';
import stations from './page-stations.js';
import timeline from './page-timeline.js';
import statement from './page-statement.js';

// Pages in the order of the navigation; nav: false ones are reached by link.
const PAGES = [overview, coverage, reports, report, entry, incidents, findings, results,
  observers, stations, timeline, statement];

const ALL_PERMS = ['read_mission', 'read_registry', 'read_observers', 'read_accreditation',
  'submit', 'read_submissions', 'review', 'read_coverage', 'read_assignments',
  'manage_assignments', 'read_forms', 'read_sms', 'send_sms', 'read_findings',
  'write_statement', 'read_ltm', 'write_ltm', 'manage_registry'];

const state = {
  session: null,   // the session JSON, or an open one before accounts
  open: false,     // the server has no accounts: everything is granted
  missions: [],    // [{code, name, role, permissions}]
  mission: null,   // the code chosen
  events: null,    // EventSource of the mission
  listeners: new Set(),
  cleanup: null,
};

function perms() {
  const m = state.missions.find((x) => x.code === state.mission);
  return new Set(m ? m.permissions : []);
}
export function can(perm) { return state.open || state.session?.admin || perms().has(perm); }
function role() { return state.missions.find((x) => x.code === state.mission)?.role || null; }

// ---- the session ----

async function loadSession() {
  let s;
  try {
    s = (await request('GET', '/api/v1/session')).body;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return false;
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) {
      // A server without accounts: every route is open to whoever reaches it.
      state.open = true;
      s = { user: null, admin: true, csrf: null, missions: [] };
    } else {
      throw e;
    }
  }
  state.session = s;
  setCsrf(s.csrf || null);
  let missions = (s.missions || []).map((m) => ({ code: m.mission, role: m.role, permissions: m.permissions || [] }));
  if (state.open || s.admin) {
    const all = await get('/api/v1/missions');
    missions = all.items.map((m) => ({ code: m.code, name: m.name, role: state.open ? null : 'admin', permissions: ALL_PERMS }));
  }
  state.missions = missions;
  let saved = null;
  try { saved = localStorage.getItem('observa.mission'); } catch { /* private mode */ }
  state.mission = missions.find((m) => m.code === saved)?.code || missions[0]?.code || null;
  return true;
}

async function signOut() {
  try { await request('DELETE', '/api/v1/session'); } catch { /* gone already */ }
  state.session = null;
  setCsrf(null);
  stopEvents();
  location.hash = '#/';
  await start();
}

// ---- the event stream ----

function startEvents() {
  stopEvents();
  if (!state.mission || !can('read_coverage') || typeof EventSource === 'undefined') return;
  const es = new EventSource(mpath(state.mission, 'events'));
  state.events = es;
  const tell = (type) => (ev) => {
    let data = {};
    try { data = JSON.parse(ev.data); } catch { /* a comment */ }
    // A page's refresh answered 401 (the session ended meanwhile) has
    // sent the dashboard to sign in already (whenUnauthorized); any other
    // failure is the page's, and is reported.
    for (const fn of state.listeners) {
      Promise.resolve(fn(type, data)).catch((e) => {
        if (!(e instanceof ApiError && e.status === 401)) throw e;
      });
    }
  };
  es.addEventListener('hello', tell('hello'));
  es.addEventListener('change', tell('change'));
  es.addEventListener('open', () => document.body.classList.add('live-on'));
  es.addEventListener('error', () => document.body.classList.remove('live-on'));
}
function stopEvents() {
  if (state.events) state.events.close();
  state.events = null;
  document.body.classList.remove('live-on');
}
// fn(type, data) on each event while the page is shown.
function live(fn) { state.listeners.add(fn); return () => state.listeners.delete(fn); }

// ---- the shell ----

function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const [id, ...rest] = path.split('/').map(decodeURIComponent);
  return { id: id || '', rest, params: new URLSearchParams(query) };
}

function visible(p) { return !p.perm || p.perm.every(can); }

function homePage() {
  if (visible(overview)) return 'overview';
  const first = PAGES.find((p) => p.nav !== false && visible(p));
  return first ? first.id : null;
}

function renderTop(current) {
  const top = document.getElementById('top');
  top.hidden = false;
  const nav = clear(document.getElementById('nav'));
  for (const p of PAGES) {
    if (p.nav === false || !visible(p)) continue;
    const a = h('a', { href: `#/${p.id}`, text: t(`nav.${p.id}`) });
    if (p.id === current || (current === 'report' && p.id === 'reports')) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  const toggle = document.getElementById('menu-toggle');
  toggle.textContent = t('nav.menu');
  const tools = clear(document.getElementById('tools'));
  if (state.missions.length > 1) {
    const sel = h('select', { 'aria-label': t('app.mission'), id: 'mission-select', onchange: (e) => chooseMission(e.target.value) },
      state.missions.map((m) => h('option', { value: m.code, selected: m.code === state.mission }, m.code)));
    tools.append(sel);
  }
  tools.append(h('select', { 'aria-label': t('app.language'), id: 'lang-select', onchange: (e) => changeLang(e.target.value) },
    LANGS.map((l) => h('option', { value: l, selected: l === lang() }, l === 'en' ? 'English' : 'Русский'))));
  if (!state.open) {
    const r = role();
    tools.append(h('span.who', state.session.user, r ? ` · ${t(`role.${r}`)}` : state.session.admin ? ` · ${t('role.admin')}` : ''));
    tools.append(h('button.btn.btn-ghost', { type: 'button', id: 'sign-out', onclick: signOut }, t('app.signout')));
  }
  document.querySelector('.skip').textContent = t('app.skip');
}

async function chooseMission(code) {
  state.mission = code;
  try { localStorage.setItem('observa.mission', code); } catch { /* private mode */ }
  startEvents();
  await show();
}

async function changeLang(l) {
  await setLang(l);
  await show();
  say(t('app.lang_changed'));
}

// The page's "drawn" marker: main gets data-ready (the #/address drawn)
// once a page's render() has resolved and the parts it draws later
// (ctx.later(promise)) are in.  Each show() counts, so a page left before
// it finished is never marked.
let shown = 0;
function unready() {
  document.getElementById('main').removeAttribute('data-ready');
  return { n: ++shown, hash: location.hash };
}
async function ready(at, pending = []) {
  await Promise.allSettled(pending);
  if (at.n === shown) document.getElementById('main').dataset.ready = at.hash || '#';
}

async function show() {
  if (state.cleanup) { state.cleanup(); state.cleanup = null; }
  state.listeners.clear();
  const n = unready();
  const main = clear(document.getElementById('main'));
  if (!state.mission) {
    renderTop('');
    main.append(h('div.card', h('h1', t('app.no_mission')), h('p', t('app.no_mission_text'))));
    ready(n);
    return;
  }
  let { id, rest, params } = route();
  const home = homePage();
  let page = PAGES.find((p) => p.id === id);
  if (!page || !visible(page)) {
    if (home && id !== home) { location.replace(`#/${home}`); return; }
    page = null;
  }
  renderTop(page ? page.id : '');
  if (!page) {
    main.append(h('div.card', h('h1', t('app.nothing')), h('p', t('app.nothing_text'))));
    ready(n);
    return;
  }
  document.title = `${t(`nav.${page.id}`)} · ${state.mission} · observa`;
  const pending = [];
  const ctx = {
    root: main, mission: state.mission, rest, params, can, live, role: role(),
    user: state.session?.user || null, session: state.session,
    go: (hash) => { location.hash = hash; },
    // A part drawn after render() resolves: the page is ready once it is.
    later: (promise) => { pending.push(promise); return promise; },
  };
  try {
    const cleanup = await page.render(ctx);
    if (typeof cleanup === 'function') state.cleanup = cleanup;
  } catch (e) {
    main.append(h('div.msg.msg-bad', { role: 'alert' }, `${t('app.error')}: ${e.message}`));
  }
  await ready(n, pending);
}

async function start() {
  const main = document.getElementById('main');
  whenUnauthorized(() => { if (state.session && !state.open) { state.session = null; start(); } });
  let signedIn;
  try {
    signedIn = await loadSession();
  } catch (e) {
    clear(main).append(h('div.msg.msg-bad', { role: 'alert' }, `${t('app.error')}: ${e.message}`));
    return;
  }
  if (!signedIn) {
    document.getElementById('top').hidden = true;
    stopEvents();
    const n = unready();
    signinPage(clear(main), async (session) => {
      state.session = session;
      await start();
    });
    ready(n);
    return;
  }
  startEvents();
  await show();
}

document.getElementById('menu-toggle').addEventListener('click', (e) => {
  const nav = document.getElementById('nav');
  const open = nav.classList.toggle('open');
  e.currentTarget.setAttribute('aria-expanded', String(open));
});
window.addEventListener('hashchange', () => {
  document.getElementById('nav').classList.remove('open');
  if (state.session) show().then(() => document.getElementById('main').focus({ preventScroll: true }));
});

await setLang(savedLang());
await start();
