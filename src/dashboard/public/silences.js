// What Alertmanager says of each firing alert on the list: silenced, inhibited, or a link to silence it.
import { getJson } from './api.js';
import { h } from './format.js';

// The list is redrawn on every streamed transition; Alertmanager is asked at most this often.
const FRESH_MS = 10_000;
let known = { accordId: null, at: 0, body: null };
let pending = null;

/** After the alert list is drawn: marks its items from the last answer, and asks again when that is old. */
export function markSilences(list, accordId) {
  if (known.accordId === accordId && known.body) apply(list, known.body);
  if (pending || (known.accordId === accordId && Date.now() - known.at < FRESH_MS)) return;
  pending = getJson(`/alerts/silences?${new URLSearchParams({ accordId })}`)
    .then((body) => {
      known = { accordId, at: Date.now(), body };
      apply(list, body);
    })
    .catch(() => undefined) // without Alertmanager the list simply shows no marks
    .finally(() => (pending = null));
}

function apply(list, { alertmanager, alerts }) {
  if (!alertmanager) return;
  const byId = new Map(alerts.map((a) => [a.id, a]));
  for (const item of list.querySelectorAll('li[data-alert-id]')) {
    item.querySelector('.silence')?.remove();
    const state = byId.get(item.dataset.alertId);
    if (state) item.append(mark(state));
  }
}

function mark(state) {
  if (state.silenced)
    return h(
      'p',
      { class: 'silence', dataset: { silence: 'silenced' }, title: `silences ${state.silencedBy.join(', ')}` },
      'Silenced in Alertmanager',
    );
  if (state.inhibited)
    return h(
      'p',
      { class: 'silence', dataset: { silence: 'inhibited' } },
      'Inhibited in Alertmanager: its commitment’s overall alert fires',
    );
  return h(
    'p',
    { class: 'silence', dataset: { silence: 'none' } },
    h('a', { href: state.silenceUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Silence in Alertmanager'),
  );
}
