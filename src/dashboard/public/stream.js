// The live alert feed, kept open for as long as the page is: EventSource without an API key;
// with one, fetch() and a streamed body reader, since EventSource cannot send headers.
import { apiKey, withKey } from './api.js';
import { readEvents } from './sse.js';

const STREAM = '/alerts/stream';
const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;

/** The wait before reopening: doubling from 1 s up to 30 s, jittered so pages a proxy dropped together do not return together. */
function backoff(attempt) {
  const ceiling = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** attempt);
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

/**
 * Keeps one connection to the alert stream. EventSource gives up for good on any answer but a
 * 200 (a proxy's 502 or 503, the rate limiter's 429), and a fetch ends when the connection does:
 * either way a new one is opened after a growing, bounded wait. `onOpen` runs on every open, so
 * the caller can catch up on what the gap missed; `onAlert` gets each alert's JSON text.
 * `restart()` reconnects at once (the key changed).
 */
export function keepAlertStream({ onOpen, onAlert, onDown }) {
  let attempt = 0;
  let timer;
  let connection;
  const handlers = {
    opened() {
      attempt = 0;
      onOpen();
    },
    alert: onAlert,
    interrupted: onDown, // EventSource retries by itself
    ended() {
      onDown();
      timer = setTimeout(connect, backoff(attempt++));
    },
  };
  const connect = () => {
    connection = apiKey() ? viaFetch(handlers) : viaEventSource(handlers);
  };
  connect();
  return {
    restart() {
      clearTimeout(timer);
      connection.close();
      attempt = 0;
      connect();
    },
  };
}

function viaEventSource({ opened, alert, interrupted, ended }) {
  const source = new EventSource(STREAM);
  source.addEventListener('open', opened);
  source.addEventListener('alert', (event) => alert(event.data));
  source.addEventListener('error', () => (source.readyState === EventSource.CLOSED ? ended() : interrupted()));
  return { close: () => source.close() };
}

function viaFetch({ opened, alert, ended }) {
  const abort = new AbortController();
  const read = async () => {
    const response = await fetch(STREAM, { headers: withKey({ accept: 'text/event-stream' }), cache: 'no-store', signal: abort.signal });
    if (!response.ok || !response.body) return;
    opened();
    await readEvents(response.body, (event) => {
      if (event.type === 'alert') alert(event.data);
    });
  };
  read()
    .catch(() => {}) // a refused or dropped connection: reopened below like any other end
    .finally(() => {
      if (!abort.signal.aborted) ended();
    });
  return { close: () => abort.abort() };
}
