// The ceasefire-monitor dashboard: plain ES modules, same-origin only (the CSP allows nothing else).
import { apiKey, getJson, needsKey, postJson, setApiKey } from './api.js';
import { quotaChart, windowChart } from './charts.js';
import { addDays, day, daysBetween, h, metricLabel, number, percent, period, timestamp, verdictLabel } from './format.js';
import { keepAlertStream } from './stream.js';
import { openEvidence } from './evidence.js';
import { retireButton } from './retire.js';
import { markSilences } from './silences.js';
import { uncertainTag } from './bounds.js';
import { paceText } from './pace.js';

const CHART_DAYS = 90;

const state = {
  accords: [],
  accord: null,
  liveAsOf: null,
  live: null, // the report on the live clock: the alerts show their keys' current entries from it
  asOf: null,
  compliance: null,
  alerts: new Map(), // id -> latest known transition
  seen: new Set(), // `${id}:${transition}` already applied
  alertFilter: 'all',
  charts: [],
  loadSeq: 0,
  stream: null,
  refresh: null, // the pending re-read of the live clock after alerts arrive
};

const $ = (id) => document.getElementById(id);

function showError(error) {
  $('error').textContent = error ? String(error.message ?? error) : '';
}

// ---------------------------------------------------------------- accord and as-of

async function init() {
  bindControls();
  bindKey();
  bindAlerts();
  // The stream first, so an alert raised while the page loads is either in the first load or on the stream.
  state.stream = keepAlertStream({ onOpen: streamOpened, onAlert: streamAlert, onDown: streamDown });
  await loadAccords();
}

/** Lists the accords and shows the one the URL names (or the first); a failure is shown where the verdicts go, with a retry. */
async function loadAccords() {
  try {
    const { accords } = await getJson('/accords');
    state.accords = accords;
    const select = $('accord');
    select.replaceChildren(...accords.map((a) => h('option', { value: a.id, title: a.id }, a.name)));
    if (!accords.length) {
      showPlaceholder('No accords defined yet: PUT one to /accords/{id}.');
      return;
    }
    const params = new URLSearchParams(location.search);
    const wanted = accords.find((a) => a.id === params.get('accord')) ?? accords[0];
    select.value = wanted.id;
    await selectAccord(wanted.id, params.get('asOf'));
  } catch (error) {
    showError(error);
    const retry = h(
      'button',
      { type: 'button', class: 'secondary retry', onclick: () => (showPlaceholder('Loading…'), loadAccords()) },
      'Retry',
    );
    showPlaceholder(
      needsKey(error) ? 'This monitor needs an API key to read: enter one above.' : `Could not load the accords (${error.message}).`,
      retry,
    );
  }
}

function showPlaceholder(text, ...extra) {
  const main = $('commitments');
  main.replaceChildren(h('div', { class: 'placeholder' }, h('p', {}, text), ...extra));
  main.setAttribute('aria-busy', 'false');
}

/** The key field: kept for this tab (sessionStorage), never in the URL; a new key reconnects the stream and reloads. */
function bindKey() {
  const input = $('api-key');
  input.value = apiKey();
  input.addEventListener('change', () => {
    setApiKey(input.value.trim());
    state.stream.restart();
    loadAccords();
  });
}

function bindControls() {
  $('controls').addEventListener('submit', (event) => event.preventDefault());
  $('accord').addEventListener('change', (event) => selectAccord(event.target.value, null).catch(showError));
  $('as-of').addEventListener('change', (event) => {
    const value = event.target.value;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) setAsOf(value).catch(showError);
  });
  $('live').addEventListener('click', () => refreshLive(true).catch(showError));
}

async function selectAccord(id, asOf) {
  const accord = await getJson(`/accords/${encodeURIComponent(id)}`);
  if (state.accord?.id !== accord.id) state.alerts.clear();
  state.accord = accord;
  const live = await getJson(`/accords/${encodeURIComponent(id)}/compliance`);
  setLive(live);
  renderSummary();
  await Promise.all([loadAlerts(), loadClaims()]);
  if (asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) && asOf !== live.asOf) await setAsOf(asOf);
  else await showCompliance(live);
}

function setLive(report) {
  state.live = report;
  state.liveAsOf = report.asOf;
}

async function setAsOf(asOf) {
  const report = await getJson(`/accords/${encodeURIComponent(state.accord.id)}/compliance?asOf=${asOf}`);
  await showCompliance(report);
}

/** Re-reads the live clock; follows it when the page is on it (or when asked to). */
async function refreshLive(force) {
  if (!state.accord) return;
  const wasLive = state.asOf === state.liveAsOf;
  const live = await getJson(`/accords/${encodeURIComponent(state.accord.id)}/compliance`);
  setLive(live);
  renderAlerts();
  if (force || wasLive) await showCompliance(live);
  else updateClockState();
  await loadClaims();
}

async function showCompliance(report) {
  const seq = ++state.loadSeq;
  state.compliance = report;
  state.asOf = report.asOf;
  $('as-of').value = report.asOf;
  $('as-of-print').textContent = `Verdicts as of ${day(report.asOf)}`;
  updateClockState();
  const params = new URLSearchParams({ accord: state.accord.id });
  if (report.asOf !== state.liveAsOf) params.set('asOf', report.asOf);
  history.replaceState(null, '', `?${params}`);
  showError(null);
  await renderCommitments(report, seq);
}

function updateClockState() {
  const live = state.asOf === state.liveAsOf;
  // the clock is event time: the latest date in the data, which may be months before today
  const latest = `latest data ${day(state.liveAsOf)}`;
  $('clock-state').textContent = live ? `following the data · ${latest}` : `history · ${latest}`;
  $('clock-state').dataset.live = String(live);
  $('live').disabled = live;
}

function renderSummary() {
  const a = state.accord;
  $('accord-summary').replaceChildren(
    h('h2', {}, a.name),
    h(
      'dl',
      { class: 'facts' },
      fact('Signed', day(a.signedAt)),
      fact('Parties', a.parties?.join(', ') || '—'),
      fact('Commitments', String(a.commitments.length)),
      fact('Days in', a.timezone),
      fact('Revision', String(a.revision)),
    ),
    retireButton(a, { onRetired: () => loadAccords(), onError: showError }),
  );
}

const fact = (term, value) => h('div', {}, h('dt', {}, term), h('dd', {}, value));

// ---------------------------------------------------------------- commitments

async function renderCommitments(report, seq) {
  const main = $('commitments');
  for (const chart of state.charts) chart.destroy();
  state.charts = [];
  const byId = new Map(state.accord.commitments.map((c) => [c.id, c]));
  const cards = report.commitments.map((result) => commitmentCard(byId.get(result.id) ?? { id: result.id, kind: result.kind }, result));
  main.replaceChildren(...cards.map((c) => c.element));
  main.setAttribute('aria-busy', 'true');
  await Promise.all(cards.map((c) => c.chart(seq).catch((error) => c.chartFailed(error))));
  if (seq === state.loadSeq) main.setAttribute('aria-busy', 'false');
}

function commitmentCard(commitment, result) {
  const badge = h('span', { class: 'verdict-badge', dataset: { verdict: result.verdict } }, verdictLabel(result.verdict));
  const chartBox = h('div', { class: 'chart' });
  const chartNote = h('p', { class: 'chart-note' });
  const sourcePicker = h('select', { class: 'chart-source', 'aria-label': 'Incidents counted in the chart' });
  const chartHead = h('div', { class: 'chart-head' }, h('h4', {}, chartTitle(commitment)), sourcePicker);

  const element = h(
    'article',
    { class: 'commitment', dataset: { commitment: result.id, kind: result.kind, verdict: result.verdict } },
    h(
      'header',
      { class: 'commitment-head' },
      h(
        'div',
        {},
        h('h3', {}, result.id, ' ', h('span', { class: 'kind' }, result.kind)),
        commitment.description ? h('p', { class: 'description' }, commitment.description) : null,
        h('p', { class: 'rule' }, ruleText(commitment)),
      ),
      h(
        'div',
        { class: 'overall' },
        h('span', { class: 'overall-label' }, 'Overall'),
        badge,
        result.certain === false
          ? h('span', { class: 'tag uncertain', title: "A source's verdict differs at its low or high estimate" }, 'uncertain')
          : null,
      ),
    ),
    h('p', { class: 'explanation', dataset: { verdict: result.verdict } }, explain(commitment, result)),
    sourcesTable(commitment, result),
    result.kind === 'quota' ? quotaProgress(result) : null,
    h('section', { class: 'chart-box' }, chartHead, chartBox, chartNote),
  );

  // Incidents per source: one series per source (sources may count the same incident), or all of them.
  const incidentSources = result.sources.filter((s) => s.basis === 'incidents').map((s) => s.source);
  const fixedSource = typeof commitment.filter?.source === 'string';
  const options = fixedSource ? [] : [...incidentSources.map((s) => [s, `${s} incidents`]), ['', 'all sources']];
  sourcePicker.replaceChildren(...options.map(([value, label]) => h('option', { value }, label)));
  sourcePicker.hidden = options.length <= 1;

  let plot = null;
  const draw = async (seq) => {
    if (!commitment.metric) return;
    const source = sourcePicker.value || undefined;
    const drawn =
      result.kind === 'quota'
        ? await drawQuota(commitment, result, chartBox, chartNote, source)
        : await drawWindows(commitment, result, chartBox, chartNote, source);
    if (seq !== undefined && seq !== state.loadSeq) {
      drawn?.destroy();
      return;
    }
    if (plot) (state.charts.splice(state.charts.indexOf(plot), 1), plot.destroy());
    plot = drawn;
    if (plot) state.charts.push(plot);
  };
  sourcePicker.addEventListener('change', () => draw(undefined).catch(showError));
  return {
    element,
    chart: draw,
    chartFailed: (error) => {
      chartNote.textContent = `Chart unavailable: ${error.message}`;
    },
  };
}

function chartTitle(commitment) {
  if (commitment.kind === 'quota') return `Cumulative ${metricLabel(commitment.metric)} against the expected pace`;
  return `${metricLabel(commitment.metric)}: rolling ${commitment.window?.days ?? 30}-day window, last ${CHART_DAYS} days`;
}

function filterText(filter = {}) {
  return Object.entries(filter)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(' | ') : value}`)
    .join(', ');
}

function ruleText(c) {
  const parts = [metricLabel(c.metric ?? '?')];
  const filter = filterText(c.filter);
  if (filter) parts.push(filter);
  if (c.kind === 'reduction') {
    parts.push(
      `${c.window?.days ?? '?'}-day window vs ${typeof c.baseline === 'object' ? `fixed ${number(c.baseline.value)}` : (c.baseline ?? 'previous-year')}`,
    );
    if (c.threshold) parts.push(`at risk above ${percent(c.threshold.atRiskPct)}, breached above ${percent(c.threshold.breachPct)}`);
    if (c.minEvents) parts.push(`at least ${c.minEvents} events`);
  } else if (c.kind === 'prohibition') {
    parts.push(`${c.window?.days ?? '?'}-day window`, 'any event is a breach');
  } else if (c.kind === 'quota') {
    parts.push(`target ${number(c.target)} from ${day(c.start)} to ${day(c.deadline)}`, `tolerance ${c.tolerancePct ?? 0}%`);
  }
  return parts.join(' · ');
}

function sourceName(s) {
  return s.selfReported ? `${s.source} (self-reported)` : s.source;
}

/** One sentence on why the overall verdict is what it is. */
function explain(commitment, result) {
  const sources = result.sources;
  if (!sources.length) return 'No source has reported on this commitment yet.';
  const says = (s) => `${sourceName(s)} says ${verdictLabel(s.verdict)}`;
  if (result.verdict === 'contested') {
    const decisive = sources.filter((s) => s.verdict !== 'insufficient_data');
    const undecided = sources.filter((s) => s.verdict === 'insufficient_data');
    const aside = undecided.length ? ` (too little data from ${undecided.map(sourceName).join(', ')})` : '';
    return `Sources disagree: ${decisive.map(says).join(', ')}${aside}.`;
  }
  if (result.kind === 'quota') {
    const s = sources[0];
    const deadlinePassed = state.asOf > result.deadline;
    const share = result.target ? ` (${percent((s.value / result.target) * 100).replace('+', '')} of the target)` : '';
    return `${number(s.value)} of ${number(result.target)}${share} by ${day(state.asOf)}; ${
      deadlinePassed
        ? `the deadline was ${day(result.deadline)}`
        : `expected by now: ${number(result.expected)}, deadline ${day(result.deadline)}`
    }.`;
  }
  if (sources.length === 1) {
    const s = sources[0];
    const change = s.changePct === null ? '' : `, ${percent(s.changePct)} against the baseline`;
    return `Only ${sourceName(s)} reports: ${number(s.value)} ${s.basis === 'claim' ? 'claimed' : 'counted from incidents'} over ${period(s.period)}${change}.`;
  }
  return `All ${sources.length} sources agree: ${verdictLabel(result.verdict)}.`;
}

function sourcesTable(commitment, result) {
  const quota = result.kind === 'quota';
  const headers = quota
    ? ['Source', 'Verdict', 'Basis', 'Cumulative', 'Expected', 'Target', 'Period']
    : ['Source', 'Verdict', 'Basis', 'Value', 'Baseline', 'Change', 'Period'];
  const numeric = new Set([3, 4, 5]);
  // each cell names its column, so a narrow screen can show a row as labelled lines (dashboard.css)
  const cell = (i, attrs, ...content) => h('td', { ...attrs, dataset: { label: headers[i] } }, ...content);
  const rows = result.sources.map((s) =>
    h(
      'tr',
      { class: 'source-row', dataset: { source: s.source, verdict: s.verdict, selfReported: String(Boolean(s.selfReported)) } },
      h(
        'th',
        { scope: 'row' },
        h('span', { class: 'source-name' }, s.source),
        s.selfReported
          ? h('span', { class: 'tag self-reported', title: 'A party to the accord reporting on its own conduct' }, 'self-reported')
          : null,
      ),
      cell(
        1,
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'evidence-open',
            title: 'Show the evidence',
            onclick: () => openEvidence({ accordId: state.accord.id, commitmentId: result.id, source: s.source, asOf: state.asOf }),
          },
          h('span', { class: 'verdict-pill', dataset: { verdict: s.verdict } }, verdictLabel(s.verdict)),
        ),
        uncertainTag(s),
      ),
      cell(
        2,
        {},
        h(
          'span',
          {
            class: `tag basis basis-${s.basis}`,
            title: s.basis === 'claim' ? `Claimed total ${s.claimId ?? ''}` : 'Counted from incident reports',
          },
          s.basis,
        ),
      ),
      ...(quota
        ? [
            cell(3, { class: 'num' }, number(s.value)),
            cell(4, { class: 'num' }, number(s.expected)),
            cell(5, { class: 'num' }, number(s.target)),
          ]
        : [
            cell(3, { class: 'num' }, number(s.value)),
            cell(4, { class: 'num' }, number(s.baseline)),
            cell(5, { class: `num change ${s.changePct > 0 ? 'up' : s.changePct < 0 ? 'down' : ''}` }, percent(s.changePct)),
          ]),
      cell(6, { class: 'period' }, period(s.period)),
    ),
  );
  if (!rows.length)
    rows.push(h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, 'No evidence from any source as of this date.')));
  return h(
    'table',
    { class: 'sources' },
    h('caption', { class: 'visually-hidden' }, `Verdict of each source on ${result.id}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((t, i) => h('th', { scope: 'col', class: numeric.has(i) ? 'num' : undefined }, t)),
      ),
    ),
    h('tbody', {}, rows),
  );
}

function quotaProgress(result) {
  const target = result.target ?? 0;
  const bars = result.sources.map((s) => {
    const pct = target ? Math.min(100, (s.value / target) * 100) : 0;
    const expectedPct = target ? Math.min(100, ((s.expected ?? result.expected ?? 0) / target) * 100) : 0;
    return h(
      'div',
      { class: 'progress-row' },
      h('span', { class: 'progress-label' }, s.source),
      h(
        'div',
        {
          class: 'progress',
          role: 'progressbar',
          'aria-valuemin': '0',
          'aria-valuemax': String(target),
          'aria-valuenow': String(s.value),
          'aria-label': `${s.source}: ${number(s.value)} of ${number(target)}`,
          dataset: { verdict: s.verdict },
        },
        h('span', { class: 'progress-fill', style: `width:${pct}%` }),
        h('span', { class: 'progress-expected', style: `left:${expectedPct}%`, title: `expected by now: ${number(s.expected)}` }),
      ),
      h('span', { class: 'progress-text' }, `${number(s.value)} / ${number(target)} · expected ${number(s.expected)}`),
    );
  });
  return h('div', { class: 'progress-list' }, bars);
}

/** The series the commitment's verdicts are computed on (its metric, whole filter and window), narrowed to one source when picked. */
function commitmentWindows(commitment, source, range) {
  const params = new URLSearchParams({ commitment: commitment.id, ...range });
  if (source) params.set('source', source);
  return getJson(`/accords/${encodeURIComponent(state.accord.id)}/windows?${params}`);
}

function markersFor(commitment) {
  const markers = [];
  if (state.accord.signedAt) markers.push({ date: state.accord.signedAt, label: 'signed' });
  if (commitment.deadline) markers.push({ date: commitment.deadline, label: 'deadline', color: '#b91c1c' });
  return markers;
}

async function drawWindows(commitment, result, box, note, source) {
  const to = state.asOf;
  const from = addDays(to, 1 - CHART_DAYS);
  const { points } = await commitmentWindows(commitment, source, { from, to });
  box.replaceChildren();
  const claims = result.sources.filter((s) => s.basis === 'claim');
  const plot = windowChart(box, { commitment, points, claims, markers: markersFor(commitment) });
  const last = points[points.length - 1];
  const notes = [
    `Counted from incidents${source ? ` reported by ${source}` : ' of all sources'}: ${number(last?.value)} in the ${commitment.window?.days ?? 30} days to ${day(to)}, ${number(last?.baseline)} a year earlier.`,
  ];
  if (claims.length)
    notes.push(
      `Claims (solid) and their baselines (dashed) cover their own period, drawn scaled to ${commitment.window?.days ?? 30} days.`,
    );
  note.textContent = notes.join(' ');
  return plot;
}

async function drawQuota(commitment, result, box, note, source) {
  const to = state.asOf;
  if (to < commitment.start) {
    box.replaceChildren();
    note.textContent = `The quota starts on ${day(commitment.start)}.`;
    return null;
  }
  const { points } = await commitmentWindows(commitment, source, { days: '1', from: commitment.start, to });
  box.replaceChildren();
  const entry = result.sources.find((s) => s.basis === 'incidents' && s.source === source);
  const plot = quotaChart(box, { commitment, daily: points, asOf: state.asOf, markers: markersFor(commitment), entry });
  const total = points.reduce((sum, p) => sum + p.value, 0);
  note.textContent = `Counted from incidents${source ? ` reported by ${source}` : ' of all sources'}: ${number(total)} since ${day(commitment.start)} (${daysBetween(commitment.start, to) + 1} days).${paceText(commitment, entry)}`;
  return plot;
}

// ---------------------------------------------------------------- claims

function resolvedActors(value) {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return values.flatMap((v) => [v, ...(state.accord.actors?.[v] ?? [])]);
}

async function loadClaims() {
  if (!state.accord) return;
  const { claims } = await getJson(`/accords/${encodeURIComponent(state.accord.id)}/claims`);
  const beside = claims.filter((c) => !c.commitments?.length);
  const list = $('claim-list');
  if (!beside.length) {
    list.replaceChildren(h('li', { class: 'empty' }, 'No other claims.'));
    return;
  }
  list.replaceChildren(
    ...beside.map((c) => {
      const self = state.accord.parties?.includes(c.source) && resolvedActors(c.filter?.actor).includes(c.source);
      const base = c.baseline?.value ?? null;
      const max = Math.max(c.value, base ?? 0) || 1;
      return h(
        'li',
        { class: 'claim', dataset: { claim: c.id, source: c.source } },
        h(
          'div',
          { class: 'claim-head' },
          h('span', { class: 'source-name' }, c.source),
          self
            ? h('span', { class: 'tag self-reported', title: 'A party to the accord reporting on its own conduct' }, 'self-reported')
            : null,
          h('span', { class: `change ${c.changePct > 0 ? 'up' : c.changePct < 0 ? 'down' : ''}` }, percent(c.changePct)),
        ),
        h(
          'div',
          { class: 'claim-metric' },
          metricLabel(c.metric),
          filterText(c.filter) ? h('span', { class: 'muted' }, ` · ${filterText(c.filter)}`) : null,
        ),
        h(
          'div',
          { class: 'claim-bars' },
          h('span', { class: 'bar-label' }, period(c.period)),
          h('span', { class: 'bar now', style: `width:${(c.value / max) * 100}%` }),
          h('span', { class: 'bar-value' }, number(c.value)),
          base === null ? null : h('span', { class: 'bar-label' }, c.baseline.period ? period(c.baseline.period) : 'a year earlier'),
          base === null ? null : h('span', { class: 'bar before', style: `width:${(base / max) * 100}%` }),
          base === null ? null : h('span', { class: 'bar-value' }, number(base)),
        ),
        h('p', { class: 'claim-summary' }, `${number(c.value)} vs ${base === null ? '—' : number(base)} a year earlier`),
      );
    }),
  );
}

// ---------------------------------------------------------------- alerts

function bindAlerts() {
  const input = $('ack-by');
  try {
    const saved = localStorage.getItem('ceasefire-monitor.ackBy');
    if (saved) input.value = saved;
  } catch {}
  input.addEventListener('change', () => {
    try {
      localStorage.setItem('ceasefire-monitor.ackBy', input.value.trim());
    } catch {}
  });
  for (const button of document.querySelectorAll('.segmented button')) {
    button.addEventListener('click', () => {
      state.alertFilter = button.dataset.filter;
      for (const b of document.querySelectorAll('.segmented button')) b.setAttribute('aria-pressed', String(b === button));
      renderAlerts();
    });
  }
}

/**
 * The newest 500 alerts and every firing one (up to the API's 1,000): an old alert still firing
 * may be past the newest 500. Merged into what is known, not replacing it, so a transition the
 * stream delivered while this was in flight is kept.
 */
async function loadAlerts() {
  const accordId = state.accord.id;
  const list = (query) => getJson(`/alerts?${new URLSearchParams({ accordId, ...query })}`).then((body) => body.alerts);
  const [newest, firing] = await Promise.all([list({ limit: '500' }), list({ state: 'firing', limit: '1000' })]);
  if (state.accord?.id !== accordId) return; // another accord was picked meanwhile
  for (const alert of [...newest, ...firing]) applyAlert(alert);
  renderAlerts();
}

/** Keeps the latest transition of each alert; a repeat (same id and transition) changes nothing. */
function applyAlert(alert) {
  const key = `${alert.id}:${alert.transition}`;
  const known = state.alerts.get(alert.id);
  if (state.seen.has(key) && known && known.transition >= alert.transition) {
    // the same transition again: keep what we know, but take an acknowledgement it may carry
    if (alert.acknowledgedBy && !known.acknowledgedBy)
      Object.assign(known, { acknowledgedBy: alert.acknowledgedBy, acknowledgedAt: alert.acknowledgedAt });
    return false;
  }
  state.seen.add(key);
  if (known && known.transition > alert.transition) return false;
  const merged = { ...alert };
  if (known && !merged.acknowledgedBy && known.acknowledgedBy)
    Object.assign(merged, { acknowledgedBy: known.acknowledgedBy, acknowledgedAt: known.acknowledgedAt });
  state.alerts.set(alert.id, merged);
  return true;
}

function streamState(name, text) {
  $('stream-state').dataset.state = name;
  $('stream-state').textContent = text;
}

/** On every open, not only after a failure: the stream may open after the first load, and a gap may have missed transitions. */
function streamOpened() {
  streamState('live', 'live');
  if (state.accord) loadAlerts().catch(showError);
}

function streamDown() {
  streamState('reconnecting', 'reconnecting…');
}

function streamAlert(data) {
  let alert;
  try {
    alert = JSON.parse(data);
  } catch {
    return;
  }
  if (!state.accord || alert.accordId !== state.accord.id) return;
  if (applyAlert(alert)) {
    renderAlerts(alert.id);
    clearTimeout(state.refresh);
    state.refresh = setTimeout(() => refreshLive(false).catch(showError), 800);
  }
}

const severityOrder = { critical: 0, warning: 1 };

function renderAlerts(flashId) {
  const all = [...state.alerts.values()].sort(
    (a, b) =>
      (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1) ||
      (severityOrder[a.severity] ?? 2) - (severityOrder[b.severity] ?? 2) ||
      String(b.raisedAt).localeCompare(String(a.raisedAt)) ||
      String(a.key).localeCompare(String(b.key)),
  );
  const firing = all.filter((a) => a.state === 'firing').length;
  // a small screen shows the alerts before the verdicts while any fire (dashboard.css)
  document.body.dataset.firing = String(firing > 0);
  $('alert-count').textContent = `${firing} firing · ${all.length - firing} resolved`;
  const shown = all.filter((a) => state.alertFilter === 'all' || a.state === state.alertFilter);
  const list = $('alert-list');
  if (!shown.length) {
    list.replaceChildren(h('li', { class: 'empty' }, all.length ? 'None in this view.' : 'No alerts for this accord.'));
    return;
  }
  list.replaceChildren(...shown.map((a) => alertItem(a, a.id === flashId)));
  markSilences(list, state.accord.id);
}

/** `value 5 vs 3 (+66.7%)`, from whichever of the figures the entry has. */
function figures(entry) {
  if (entry.value === undefined) return '';
  const baseline = entry.baseline === null || entry.baseline === undefined ? '' : ` vs ${number(entry.baseline)}`;
  const change = entry.changePct === null || entry.changePct === undefined ? '' : ` (${percent(entry.changePct)})`;
  return `value ${number(entry.value)}${baseline}${change}`;
}

/** The live report's entry of the alert's key: the commitment's overall verdict for `*`, else the source's; null when it has none. */
function currentEntry(a) {
  const result = state.live?.commitments.find((c) => c.id === a.commitmentId);
  if (!result || a.source === '*') return result ?? null;
  return result.sources.find((s) => s.source === a.source) ?? null;
}

/** The key's entry now, when it no longer says what the alert's transition said (the numbers move while the severity holds). */
function currentLine(a) {
  const entry = currentEntry(a);
  const compared = ['verdict', 'value', 'baseline', 'changePct'].filter((k) => entry && k in entry);
  if (entry && compared.every((k) => (entry[k] ?? null) === (a[k] ?? null))) return null;
  const when = `now (${day(state.liveAsOf)})`;
  if (!entry) return h('p', { class: 'alert-now' }, `${when}: no verdict`);
  const numbers = figures(entry);
  return h(
    'p',
    { class: 'alert-now' },
    `${when}: `,
    h('span', { class: 'verdict-pill', dataset: { verdict: entry.verdict } }, verdictLabel(entry.verdict)),
    numbers ? `, ${numbers}` : '',
    entry.since ? ` · since ${day(entry.since)}` : '',
  );
}

/**
 * The verdict with who is judged (the commitment's filter actor), since "reuters: breached" reads
 * as if the reporting source were the one in breach.
 */
function judgedVerdict(a) {
  const pill = h('span', { class: 'verdict-pill', dataset: { verdict: a.verdict } }, verdictLabel(a.verdict));
  const actor = state.accord?.commitments.find((c) => c.id === a.commitmentId)?.filter?.actor;
  const judged = Array.isArray(actor) ? actor.join(' or ') : actor;
  if (!judged) return ['the commitment ', pill];
  return a.verdict === 'breached' ? [pill, ` by ${judged}`] : [`${judged} `, pill];
}

function alertItem(a, flash) {
  const ack = a.acknowledgedBy
    ? h(
        'p',
        { class: 'acked' },
        '✓ Acknowledged by ',
        h('strong', { class: 'acknowledged-by' }, a.acknowledgedBy),
        a.acknowledgedAt ? ` · ${timestamp(a.acknowledgedAt)}` : '',
      )
    : h('button', { type: 'button', class: 'ack', onclick: (event) => acknowledge(a, event.currentTarget) }, 'Acknowledge');
  return h(
    'li',
    { class: `alert${flash ? ' flash' : ''}`, dataset: { alertId: a.id, severity: a.severity, state: a.state } },
    h(
      'div',
      { class: 'alert-head' },
      h('span', { class: 'severity', dataset: { severity: a.severity } }, a.severity),
      h('span', { class: 'state', dataset: { state: a.state } }, a.state),
      h('span', { class: 'alert-when', title: 'event-time date that crossed the line' }, `raised ${day(a.raisedAt)}`),
    ),
    h(
      'p',
      { class: 'alert-title' },
      h('strong', {}, a.commitmentId),
      ' · ',
      a.source === '*' ? 'overall, all sources' : `reported by ${a.source}`,
      ': ',
      ...judgedVerdict(a),
    ),
    h(
      'p',
      { class: 'alert-detail', title: 'at the transition' },
      figures(a),
      a.period ? ` · ${period(a.period)}` : '',
      a.since ? ` · verdict since ${day(a.since)}` : '',
      a.transition > 1 ? ` · transition ${a.transition}` : '',
      a.resolvedAt ? ` · resolved ${day(a.resolvedAt)}` : '',
    ),
    currentLine(a),
    ack,
    h(
      'button',
      { type: 'button', class: 'secondary evidence-alert', onclick: () => openEvidence({ ...a, asOf: a.period?.to ?? a.raisedAt }) },
      'Evidence',
    ),
  );
}

async function acknowledge(alert, button) {
  const by = $('ack-by').value.trim() || 'analyst';
  button.disabled = true;
  button.textContent = 'Acknowledging…';
  try {
    const body = await postJson(`/alerts/${encodeURIComponent(alert.id)}/ack`, { by }).catch((error) => {
      if (needsKey(error)) throw new Error('it needs an API key with the analyst role: enter one above');
      throw error;
    });
    const known = state.alerts.get(alert.id);
    if (known) Object.assign(known, { acknowledgedBy: body.acknowledgedBy, acknowledgedAt: body.acknowledgedAt });
    renderAlerts();
  } catch (error) {
    button.disabled = false;
    button.textContent = 'Acknowledge';
    showError(new Error(`Acknowledge failed: ${error.message}`));
  }
}

init();
