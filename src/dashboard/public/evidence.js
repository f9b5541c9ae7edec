// The evidence behind a verdict (CONTRACT §8): a dialog listing the observations that make up a
// source's value and baseline, their revisions, and the same rows as a CSV download.
import { ApiError, getJson, withKey } from './api.js';
import { day, h, number, period } from './format.js';

const PAGE = 200;
let dialog = null;

/** Opens the evidence of `source` as of `asOf`; for `*` (an overall verdict), a picker goes through the commitment's sources. */
export async function openEvidence({ accordId, commitmentId, source, asOf }) {
  const box = ensureDialog();
  box.replaceChildren(h('p', { class: 'placeholder' }, 'Loading…'));
  if (!dialog.open) dialog.showModal();
  try {
    const sources = source === '*' ? await sourcesOf(accordId, commitmentId, asOf) : [source];
    if (sources.length) await show(box, { accordId, commitmentId, asOf, overall: source === '*' }, sources, sources[0]);
    else box.replaceChildren(header(commitmentId, 'overall', asOf), h('p', { class: 'empty' }, 'No source has a verdict as of this date.'));
  } catch (error) {
    failed(box, error);
  }
}

function failed(box, error) {
  box.append(h('p', { class: 'error' }, String(error.message ?? error)));
}

function ensureDialog() {
  if (!dialog) {
    document.head.append(h('link', { rel: 'stylesheet', href: '/assets/evidence.css' }));
    dialog = h('dialog', { id: 'evidence', class: 'evidence', 'aria-labelledby': 'evidence-title' });
    dialog.addEventListener('click', (event) => event.target === dialog && dialog.close());
    document.body.append(dialog);
  }
  return dialog.querySelector('.evidence-body') ?? dialog.appendChild(h('div', { class: 'evidence-body' }));
}

async function sourcesOf(accordId, commitmentId, asOf) {
  const report = await getJson(`/accords/${encodeURIComponent(accordId)}/compliance?asOf=${asOf}`);
  return (report.commitments.find((c) => c.id === commitmentId)?.sources ?? []).map((s) => s.source);
}

const query = (target, source, extra = {}) => {
  const params = new URLSearchParams({ commitment: target.commitmentId, source, asOf: target.asOf, ...extra });
  return `/accords/${encodeURIComponent(target.accordId)}/evidence?${params}`;
};
const pageOf = (target, source, cursor) => getJson(query(target, source, cursor ? { limit: PAGE, cursor } : { limit: PAGE }));

async function show(box, target, sources, source) {
  const first = await pageOf(target, source);
  const rows = h('tbody', {});
  const more = h('button', { type: 'button', class: 'secondary evidence-more' }, 'Load more');
  let cursor = first.nextCursor;
  const append = (items) => rows.append(...items.map(itemRow));
  more.hidden = !cursor;
  more.addEventListener('click', () =>
    pageOf(target, source, cursor).then(
      (page) => {
        append(page.items);
        cursor = page.nextCursor;
        more.hidden = !cursor;
      },
      (error) => failed(box, error),
    ),
  );
  append(first.items);
  const picker = target.overall ? sourcePicker(sources, source, (next) => show(box, target, sources, next)) : null;
  box.replaceChildren(
    header(target.commitmentId, source, target.asOf),
    ...(picker ? [picker] : []),
    h('p', { class: 'evidence-summary' }, summary(first)),
    h(
      'table',
      { class: 'evidence-items' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Date', 'Id', 'Revision', 'Counts in', 'Amount', 'What'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      rows,
    ),
    h(
      'div',
      { class: 'evidence-actions' },
      more,
      h(
        'button',
        { type: 'button', class: 'secondary evidence-csv', onclick: () => download(target, source).catch((error) => failed(box, error)) },
        'Download CSV',
      ),
    ),
  );
}

function header(commitmentId, source, asOf) {
  return h(
    'div',
    { class: 'evidence-head' },
    h('h2', { id: 'evidence-title' }, `Evidence · ${commitmentId} · ${source} · as of ${day(asOf)}`),
    h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Close'),
  );
}

function sourcePicker(sources, current, pick) {
  const select = h(
    'select',
    { 'aria-label': 'Source' },
    sources.map((s) => h('option', { value: s, selected: s === current }, s)),
  );
  select.addEventListener('change', () => pick(select.value));
  return h('label', { class: 'evidence-source' }, 'Source ', select);
}

function summary(body) {
  const baseline = body.baselinePeriod
    ? `; baseline ${number(body.baseline)} over ${period(body.baselinePeriod)}`
    : body.reason
      ? `; baseline: ${body.reason}`
      : '';
  return `${body.basis === 'claim' ? 'Claimed' : 'Counted'}: ${number(body.value)} over ${period(body.period)}${baseline}.`;
}

function itemRow(item) {
  const d = item.data ?? {};
  const what =
    item.occurredAt === null
      ? `claimed total of ${d.metric}`
      : [d.category, d.actor && `by ${d.actor}`, d.target && `on ${d.target}`, d.location?.place ?? d.location?.admin1]
          .filter(Boolean)
          .join(' ');
  return h(
    'tr',
    { class: 'evidence-item', dataset: { id: item.id, inWindow: item.inWindow } },
    h('td', {}, day(item.localDate)),
    h('td', { class: 'evidence-id' }, item.id),
    h('td', { class: 'num' }, `rev ${item.revision}`),
    h('td', {}, item.inWindow),
    h('td', { class: 'num' }, number(item.amount)),
    h('td', {}, what),
  );
}

/** Every page as one CSV, fetched with the API key (a plain link would carry none) and saved. */
async function download(target, source) {
  const path = query(target, source);
  const response = await fetch(path, { headers: withKey({ accept: 'text/csv' }) });
  if (!response.ok) throw new ApiError(path, response.status, response.statusText);
  const link = h('a', {
    href: URL.createObjectURL(await response.blob()),
    download: `evidence-${target.accordId}-${target.commitmentId}-${source}-${target.asOf}.csv`,
  });
  link.click();
  // the download reads the blob after click() returns, so it is freed a little later
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
