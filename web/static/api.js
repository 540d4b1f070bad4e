// api.js - the JSON API as the dashboard uses it: same-origin requests with
// the session cookie, the CSRF token on requests that change something,
// errors as exceptions carrying the status and the problems.
let csrf = null;
let onUnauthorized = () => {};

export function setCsrf(token) { csrf = token; }
export function whenUnauthorized(fn) { onUnauthorized = fn; }

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.problems = (body && body.problems) || [];
  }
}

// body is sent as JSON; raw (a string) as it is, with the type in headers.
export async function request(method, path, body, headers = {}, raw = undefined) {
  const opts = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (raw !== undefined) opts.body = raw;
  if (body !== undefined) {
    opts.body = JSON.stringify(body);
    opts.headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf) opts.headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, opts);
  const text = r.status === 204 ? '' : await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { error: text.slice(0, 200) }; }
  if (r.status === 401 && !path.endsWith('/session')) onUnauthorized();
  if (!r.ok) throw new ApiError(r.status, json);
  return { status: r.status, body: json };
}

export const get = async (path) => (await request('GET', path)).body;
export const post = (path, body, headers) => request('POST', path, body, headers);

// A query string from an object, leaving out empty values.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : '';
}

// The path of mission m's route: mpath('kz-2023', 'coverage').
export function mpath(m, rest = '') {
  return `/api/v1/missions/${encodeURIComponent(m)}${rest ? '/' + rest : ''}`;
}
