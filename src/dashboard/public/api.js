// Requests to the monitor's API, carrying the API key the user entered. The key is kept in
// sessionStorage (this tab only, gone when it closes) and sent only as a header, never in a URL.

const KEY_ITEM = 'ceasefire-monitor.apiKey';

export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_ITEM) ?? '';
  } catch {
    return ''; // storage refused (privacy settings): work without a key
  }
}

export function setApiKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_ITEM, key);
    else sessionStorage.removeItem(KEY_ITEM);
  } catch {}
}

/** The headers of a request, plus the key as `x-api-key` (CONTRACT §5) when there is one. */
export function withKey(headers) {
  const key = apiKey();
  return key ? { ...headers, 'x-api-key': key } : headers;
}

/** A refused request, with its HTTP status. */
export class ApiError extends Error {
  constructor(path, status, message) {
    super(`${path}: ${status}${message ? `: ${message}` : ''}`);
    this.status = status;
  }
}

/** Refused for want of a key (401) or of the key's role (403). */
export const needsKey = (error) => error instanceof ApiError && (error.status === 401 || error.status === 403);

async function request(path, init = {}) {
  const response = await fetch(path, { ...init, headers: withKey({ accept: 'application/json', ...init.headers }) });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(path, response.status, body?.message ?? response.statusText);
  return body;
}

export const getJson = (path) => request(path);

export const postJson = (path, body) =>
  request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const deleteJson = (path) => request(path, { method: 'DELETE' });
