/**
 * The control API (`/__sim/v1`), the only thing the pages talk to besides the live feed. A refusal
 * becomes an Error carrying the simulator's own message, which says what to do.
 */
export async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`/__sim/v1${path}`, init);
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const error = new Error(data && data.message ? data.message : `${method} ${path} answered ${res.status}`);
    error.status = res.status;
    throw error;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
