// page-entry.js - data entry: a paper checklist keyed in by a clerk (or a
// report by an observer of its own stations), the questions generated from
// the form's definition in the chosen language.  Built for the keyboard:
// Enter goes to the next question, y/n (or 1/0) answer a yes/no question,
// digits a rating, Ctrl+Enter sends.  The server's problems (422) appear
// next to their questions at once; nothing is stored until there are none.
import { h, tx, clear, say, num } from './dom.js';
import { t, tn } from './i18n.js';
import { post, get, mpath, qs, ApiError } from './api.js';
import { forms as loadForms, form as loadForm } from './cache.js';

function newId() {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return 'web-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// The observer a signed-in observer account stands for.
function ownObserver(session, mission) {
  const m = (session?.missions || []).find((x) => x.mission === mission);
  return m?.observer || session?.observer || session?.user || '';
}

function normTime(v) {
  const m = v.trim().match(/^(\d{1,2})[:.]?(\d{2})$/);
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : v.trim();
}

// The checks made in the browser as the clerk types, by the rules of the
// form's definition the server applies too (it checks again): a whole
// number within the question's min and max, a time of day HH:MM (seconds
// allowed) from 00:00 to 23:59.  The problem's words, or null.
// final: the value is complete (the field was left), so a number below
// the minimum or an unfinished time counts; while typing only what more
// typing cannot mend does (not a number, above the maximum).
export function checkInteger(q, text, final) {
  const v = text.trim();
  if (v === '' || (v === '-' && !final)) return null;
  if (!/^-?\d+$/.test(v)) return t('entry.not_integer');
  const n = Number(v);
  const min = Number.isFinite(q.min) ? q.min : 0;
  const max = Number.isFinite(q.max) ? q.max : 1e9;
  if (n > max || (final && n < min) || (n < 0 && min >= 0)) return t('entry.out_of_range', { min: num(min), max: num(max) });
  return null;
}
export function checkTime(text, final) {
  const v = text.trim();
  if (v === '') return null;
  if (!/^[\d:.]*$/.test(v)) return t('entry.bad_time');
  if (!final) return null;
  const m = normTime(v).match(/^(\d{2}):(\d{2})(?::(\d{2}))?$/);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || (m[3] && Number(m[3]) > 59)) return t('entry.bad_time');
  return null;
}

// How a report keyed in by a clerk came: the X-Observa-Channel it is sent
// with, stored as the report's channel.
const SOURCES = ['paper', 'phone'];

export default {
  id: 'entry',
  perm: ['submit', 'read_forms'],
  async render({ root, mission, params, can, role, session, go }) {
    const isObserver = role === 'observer';
    const forms = await loadForms(mission);
    const code = forms.some((f) => f.code === params.get('form')) ? params.get('form') : forms[0]?.code;
    const def = await loadForm(mission, code);
    const flang = def.languages || [];
    let stations = null;
    const me = isObserver ? ownObserver(session, mission) : '';
    if (isObserver) {
      // The stations this observer is assigned to (its own, from the server).
      const mine = await get(mpath(mission, 'my/assignments'));
      stations = [...new Set(mine.items.map((a) => a.station))];
      if (!stations.length) {
        // The server refuses a report from a station it is not assigned to:
        // no form to fill in, but who to ask.
        root.append(h('div.page-head', h('div', h('h1', t('nav.entry')))),
          h('div.card.stack#entry-unassigned', { role: 'status' }, h('h2', t('entry.unassigned')), h('p', t('entry.unassigned_text', { observer: me }))));
        return;
      }
    }
    root.append(h('div.page-head', h('div', h('h1', t('nav.entry')), h('p.muted', t('entry.lead')))));
    root.append(h('div.tabs', { role: 'group', 'aria-label': t('col.form') },
      forms.map((f) => h('button', { type: 'button', 'aria-pressed': String(f.code === code), 'data-form': f.code,
        onclick: () => go(`#/entry?form=${encodeURIComponent(f.code)}`) }, `${f.code} · ${tx(f.name)}`))));

    let clientId = newId();
    const slots = {};   // tag or field -> {box, msg}
    const inputs = {};  // tag -> read() of the answer
    const top = h('div#entry-messages', { role: 'alert' });
    const fieldBox = (id, label, input, key) => {
      const msg = h('p.problem', { id: `${id}-problem`, hidden: true });
      input.setAttribute('aria-describedby', `${id}-problem`);
      const box = h('div.field', { 'data-field': key }, h('label', { for: id }, label, ' ', h('span.req', { 'aria-hidden': 'true' }, '*')), input, msg);
      slots[key] = { box, msg, inputs: [input] };
      return box;
    };
    const station = stations
      ? h('select#entry-station', { name: 'station', required: true }, stations.map((s) => h('option', { value: s }, s)))
      : h('input#entry-station', { type: 'text', name: 'station', required: true, autocomplete: 'off', spellcheck: 'false', value: params.get('station') || '' });
    const observer = h('input#entry-observer', { type: 'text', name: 'observer', required: true, autocomplete: 'off', spellcheck: 'false', value: me || params.get('observer') || '', readOnly: isObserver });
    const observed = h('input#entry-observed', { type: 'datetime-local', name: 'observed_at' });
    const comment = h('textarea#entry-comment', { name: 'comment', rows: 2 });

    // A clerk says how the report came (paper or phone); left unsaid, or
    // an observer's own report, it is "web": keyed in on the dashboard.
    const source = isObserver ? null : h('fieldset.field.source#entry-source', h('legend.label', t('entry.source')),
      h('div.choices', SOURCES.map((c) => h('label', h('input', { type: 'radio', name: 'source', value: c, id: `entry-source-${c}` }), t(`entry.source_${c}`)))));
    const channel = () => (source && source.querySelector('input:checked')?.value) || 'web';
    const head = h('div.entry-head',
      fieldBox('entry-station', def.level && def.level !== 'station' ? t('entry.commission') : t('col.station'), station, 'station'),
      fieldBox('entry-observer', t('col.observer'), observer, 'observer'),
      h('div.field', { 'data-field': 'observed_at' }, h('label', { for: 'entry-observed' }, t('entry.observed_at')), observed),
      source);

    const qs_ = h('div.questions');
    for (const q of def.questions) qs_.append(question(q));
    const sendBtn = h('button.btn#entry-send', { type: 'submit' }, t('entry.send'));
    const form = h('form#entry-form', { novalidate: true, 'aria-describedby': 'entry-keys', onsubmit: (e) => { e.preventDefault(); send(); },
      onkeydown: (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); return; }
        if (e.key === 'Enter' && e.target.matches('input')) { e.preventDefault(); next(e.target); }
      } },
    h('section.card.stack', head),
    h('section.card.stack', { 'aria-labelledby': 'entry-form-name' }, h('h2#entry-form-name', `${def.code} · ${tx(def.name, flang)}`),
      def.description ? h('p.muted', tx(def.description, flang)) : null, qs_),
    h('section.card.stack', h('div.field', h('label', { for: 'entry-comment' }, t('report.comment')), comment)),
    top,
    h('div.actions', sendBtn, h('button.btn.btn-ghost', { type: 'reset', onclick: () => setTimeout(resetAll, 0) }, t('entry.clear')),
      h('span.muted#entry-keys', t('entry.keys'))));
    root.append(form);

    function question(q) {
      const id = `q-${q.tag}`;
      const name = q.tag;
      let input;
      let extra = null; // the id of a hint the inputs are described by too
      const label = h('span.text', { id: `${id}-text` }, q.required ? [tx(q.text, flang), ' ', h('span.req', { 'aria-label': t('entry.required') }, '*')] : tx(q.text, flang),
        q.hint ? h('span.hint', tx(q.hint, flang)) : null);
      const radios = (opts) => {
        const box = h('div.input', { role: 'radiogroup', 'aria-labelledby': `${id}-text`, 'data-tag': q.tag },
          opts.map(([v, text], i) => h('label', h('input', { type: 'radio', name, value: v, id: i === 0 ? id : null }), text)));
        box.addEventListener('keydown', (e) => {
          const key = e.key.toLowerCase();
          const hit = opts.find(([v, , keys]) => (keys || [String(v)]).includes(key));
          if (hit) {
            e.preventDefault();
            const r = box.querySelector(`input[value="${hit[0]}"]`);
            r.checked = true;
            next(r);
          }
        });
        inputs[q.tag] = () => { const c = box.querySelector('input:checked'); return c ? Number(c.value) : undefined; };
        return box;
      };
      if (q.type === 'yesno') {
        input = radios([[1, t('answer.yes'), ['1', 'y', 'д']], [0, t('answer.no'), ['0', 'n', 'н']]]);
      } else if (q.type === 'rating') {
        input = radios([1, 2, 3, 4].map((v) => [v, `${v} · ${t(`rating.${v}`)}`]));
      } else if (q.type === 'select_one') {
        const sel = h('select', { id, name, 'aria-labelledby': `${id}-text` }, h('option', { value: '' }, '—'),
          q.options.map((o) => h('option', { value: o.value }, `${o.value} · ${tx(o.text, flang)}`)));
        input = h('div.input', { 'data-tag': q.tag }, sel);
        inputs[q.tag] = () => (sel.value === '' ? undefined : Number(sel.value));
      } else if (q.type === 'select_multiple') {
        input = h('div.input', { role: 'group', 'aria-labelledby': `${id}-text`, 'data-tag': q.tag },
          q.options.map((o, i) => h('label', h('input', { type: 'checkbox', name, value: o.value, id: i === 0 ? id : null }), `${o.value} · ${tx(o.text, flang)}`)));
        inputs[q.tag] = () => { const v = [...input.querySelectorAll('input:checked')].map((c) => Number(c.value)); return v.length ? v : undefined; };
      } else if (q.type === 'integer') {
        const el = h('input', { id, name, type: 'text', inputmode: 'numeric', autocomplete: 'off', 'aria-labelledby': `${id}-text`,
          oninput: () => typed(q.tag, checkInteger(q, el.value, false)), onblur: () => typed(q.tag, checkInteger(q, el.value, true)) });
        input = h('div.input', { 'data-tag': q.tag }, el, h('span.range', { id: `${id}-range` }, t('entry.range', { min: num(q.min ?? 0), max: num(q.max ?? 1e9) })));
        extra = `${id}-range`;
        inputs[q.tag] = () => { const v = el.value.trim(); if (v === '') return undefined; return /^-?\d+$/.test(v) ? Number(v) : v; };
      } else if (q.type === 'time') {
        const el = h('input', { id, name, type: 'text', inputmode: 'numeric', placeholder: t('entry.hhmm'), autocomplete: 'off', 'aria-labelledby': `${id}-text`,
          oninput: () => typed(q.tag, checkTime(el.value, false)),
          onblur: () => { if (el.value) el.value = normTime(el.value); typed(q.tag, checkTime(el.value, true)); } });
        input = h('div.input', { 'data-tag': q.tag }, el);
        inputs[q.tag] = () => (el.value.trim() ? normTime(el.value) : undefined);
      } else {
        const el = h('textarea', { id, name, rows: 2, 'aria-labelledby': `${id}-text` });
        input = h('div.input', { 'data-tag': q.tag }, el);
        inputs[q.tag] = () => (el.value.trim() ? el.value.trim() : undefined);
      }
      const msg = h('p.problem', { id: `${id}-problem`, hidden: true });
      const box = h('div.q', { 'data-q': q.tag }, h('span.tag', { 'aria-hidden': 'true' }, q.tag), label, input, msg);
      // The problem (and the range) are read with the control that has
      // the focus: every input of the question, and its group.
      const controls = [...input.querySelectorAll('input, select, textarea')];
      if (input.matches('[role=radiogroup], [role=group]')) controls.push(input);
      for (const c of controls) c.setAttribute('aria-describedby', extra ? `${id}-problem ${extra}` : `${id}-problem`);
      slots[q.tag] = { box, msg, inputs: controls };
      return box;
    }

    // Focus the first input of the question after el's.
    function next(el) {
      const all = [...form.querySelectorAll('input:not([type=radio]):not([readonly]), select, textarea, .input[role=radiogroup]')];
      const groups = all.map((x) => (x.matches('[role=radiogroup]') ? x.querySelector('input:checked') || x.querySelector('input') : x));
      const here = el.closest('[role=radiogroup]') ? groups.indexOf(el.closest('[role=radiogroup]').querySelector('input:checked') || el) : groups.indexOf(el);
      const to = groups[here + 1] || sendBtn;
      to.focus();
    }

    function clearProblems() {
      top.replaceChildren();
      for (const slot of Object.values(slots)) unmark(slot);
    }

    function unmark({ box, msg, inputs: controls }) {
      box.classList.remove('has-problem', 'has-flag');
      msg.hidden = true;
      msg.textContent = '';
      msg.classList.remove('flag');
      delete msg.dataset.client;
      for (const c of controls) c.removeAttribute('aria-invalid');
    }

    // A problem found in the browser while typing, or none: shown like the
    // server's, and gone as soon as the answer is right.
    function typed(tag, problem) {
      const slot = slots[tag];
      if (!problem) {
        if (slot.msg.dataset.client) unmark(slot);
        return;
      }
      if (slot.msg.dataset.client && slot.msg.textContent === problem) return;
      unmark(slot);
      slot.box.classList.add('has-problem');
      slot.msg.hidden = false;
      slot.msg.textContent = problem;
      slot.msg.dataset.client = 'true';
      for (const c of slot.inputs) c.setAttribute('aria-invalid', 'true');
    }

    function show(problems, refused) {
      const loose = [];
      let first = null;
      for (const p of problems) {
        const slot = slots[p.tag] || slots[p.field];
        if (!slot) { loose.push(p); continue; }
        const flag = p.severity === 'flag';
        slot.box.classList.add(flag ? 'has-flag' : 'has-problem');
        slot.msg.hidden = false;
        if (flag) slot.msg.classList.add('flag');
        else for (const c of slot.inputs) c.setAttribute('aria-invalid', 'true');
        slot.msg.textContent = (slot.msg.textContent ? slot.msg.textContent + ' · ' : '') + p.message;
        if (!first && !flag) first = slot.box;
      }
      if (refused) {
        top.append(h('div.msg.msg-bad', h('strong', tn('entry.refused', problems.length)),
          loose.length ? h('ul', loose.map((p) => h('li', p.message))) : null));
      } else if (problems.length) {
        top.append(h('div.msg.msg-warn', h('strong', t('entry.flagged')), h('ul', problems.map((p) => h('li', p.tag ? `${p.tag}: ` : '', p.message)))));
      }
      return first;
    }

    function resetAll() {
      clearProblems();
      clientId = newId();
      if (isObserver) observer.value = me;
    }

    async function send() {
      clearProblems();
      const answers = {};
      for (const [tag, read] of Object.entries(inputs)) { const v = read(); if (v !== undefined) answers[tag] = v; }
      const body = { id: clientId, form: def.code, station: station.value.trim(), observer: observer.value.trim(), answers };
      if (observed.value) body.observed_at = observed.value;
      if (comment.value.trim()) body.comment = comment.value.trim();
      sendBtn.disabled = true;
      try {
        const r = await post(mpath(mission, 'submissions'), body, { 'X-Observa-Channel': channel() });
        const res = r.body;
        const link = can('read_submissions') ? h('a', { href: `#/report/${res.id}` }, t('entry.open', { id: res.id })) : `#${res.id}`;
        const okMsg = h('div.msg.msg-ok#entry-ok', h('strong', res.duplicate ? t('entry.duplicate') : t('entry.stored', { id: res.id })), ' ', link);
        // A stored report: a fresh form for the next paper, keeping who and where.
        const keepStation = station.value;
        const keepObserver = observer.value;
        const keepSource = channel();
        form.reset();
        station.value = keepStation;
        observer.value = keepObserver;
        const again = source && source.querySelector(`input[value="${keepSource}"]`);
        if (again) again.checked = true;
        clientId = newId();
        top.append(okMsg);
        show(res.problems || [], false);
        say(okMsg.textContent);
        (form.querySelector('.questions input, .questions select, .questions textarea') || sendBtn).focus();
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) {
          const first = show(e.problems, true);
          say(tn('entry.refused', e.problems.length));
          const f = first && first.querySelector('input, select, textarea');
          if (f) f.focus();
        } else {
          top.append(h('div.msg.msg-bad', e.message));
        }
      } finally {
        sendBtn.disabled = false;
      }
    }
  },
};
