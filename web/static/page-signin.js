// page-signin.js - the sign-in page: user name and password, POSTed to
// /api/v1/session; the server sets the session cookie and answers the
// session (its CSRF token, the missions and their permissions).
import { h } from './dom.js';
import { t, setLang, lang, LANGS } from './i18n.js';
import { request, ApiError } from './api.js';

export function signinPage(root, done) {
  const user = h('input#signin-user', { type: 'text', name: 'user', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input#signin-password', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div', { role: 'alert' });
  const btn = h('button.btn', { type: 'submit', id: 'signin-submit' }, t('signin.submit'));
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    msg.replaceChildren();
    if (!user.value || !pass.value) {
      msg.append(h('p.msg.msg-bad', t('signin.fill')));
      return;
    }
    btn.disabled = true;
    try {
      const r = await request('POST', '/api/v1/session', { user: user.value, password: pass.value });
      await done(r.body);
    } catch (err) {
      btn.disabled = false;
      let text = err.message;
      if (err instanceof ApiError && err.status === 401) text = t('signin.wrong');
      else if (err instanceof ApiError && err.status === 429) text = t('signin.too_many');
      msg.append(h('p.msg.msg-bad', text));
      pass.select();
    }
  } },
  h('div.field', h('label', { for: 'signin-user' }, t('signin.user')), user),
  h('div.field', h('label', { for: 'signin-password' }, t('signin.password')), pass),
  msg,
  h('div.actions', btn,
    h('select', { 'aria-label': t('app.language'), onchange: async (e) => { await setLang(e.target.value); signinPage(root.replaceChildren() || root, done); } },
      LANGS.map((l) => h('option', { value: l, selected: l === lang() }, l === 'en' ? 'English' : 'Русский')))));
  root.append(h('div.signin', h('div.card',
    h('div.brand', h('span.logo', { 'aria-hidden': 'true' }), 'observa'),
    h('h1', t('signin.title')), h('p.muted', t('signin.lead')), form)));
  user.focus();
}
