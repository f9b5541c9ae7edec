// uPlot charts for one commitment: rolling windows against the year-earlier baseline and
// thresholds (reduction, prohibition), or cumulative against expected (quota).
import uPlot from './uPlot.esm.js';
import { addDays, daysBetween, number } from './format.js';
import { addBand } from './bounds.js';
import { projectedLine } from './pace.js';

const COLORS = {
  value: '#1d4ed8',
  valueFill: 'rgba(29, 78, 216, 0.10)',
  baseline: '#64748b',
  atRisk: '#d97706',
  breach: '#dc2626',
  expected: '#64748b',
  target: '#15803d',
  marker: '#94a3b8',
};
const CLAIM_COLORS = ['#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#c2410c'];

const seconds = (iso) => Date.parse(`${iso}T00:00:00Z`) / 1000;
const utc = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

/** Vertical dashed lines at given dates, labelled (accord signed, deadline, as-of). */
function markersPlugin(markers) {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx } = u;
          const { top, height, left, width } = u.bbox;
          ctx.save();
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          ctx.textBaseline = 'top';
          for (const marker of markers) {
            const x = Math.round(u.valToPos(seconds(marker.date), 'x', true));
            if (x < left - 1 || x > left + width + 1) continue;
            ctx.strokeStyle = marker.color ?? COLORS.marker;
            ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.lineWidth = devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            ctx.fillStyle = marker.color ?? '#475569';
            const text = marker.label;
            const w = ctx.measureText(text).width;
            const tx = x + 4 * devicePixelRatio + w > left + width ? x - 4 * devicePixelRatio - w : x + 4 * devicePixelRatio;
            ctx.fillText(text, tx, top + 4 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '7 Dec', with the year under the first tick and wherever it changes. */
function dayLabels(_u, splits) {
  let lastYear = null;
  return splits.map((ts) => {
    const d = new Date(ts * 1000);
    const year = d.getUTCFullYear();
    const label = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
    const withYear = year !== lastYear ? `${label}\n${year}` : label;
    lastYear = year;
    return withYear;
  });
}

function baseOptions(width, height, markers) {
  return {
    width,
    height,
    tzDate: utc,
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(10, Math.ceil((max || 0) * 1.12))] } },
    axes: [
      { stroke: '#475569', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#cbd5e1' }, values: dayLabels },
      {
        stroke: '#475569',
        grid: { stroke: '#eef2f7' },
        ticks: { stroke: '#cbd5e1' },
        size: 56,
        values: (_u, vals) => vals.map((v) => number(v)),
      },
    ],
    plugins: [markersPlugin(markers)],
  };
}

/** Keeps the chart as wide as its container. */
function autoSize(plot, container, height) {
  if (typeof ResizeObserver === 'undefined') return;
  let last = container.clientWidth;
  new ResizeObserver(() => {
    const width = container.clientWidth;
    if (width > 0 && width !== last) {
      last = width;
      plot.setSize({ width, height });
    }
  }).observe(container);
}

const valueFmt = (_u, v) => (v === null || v === undefined ? '—' : number(v));

/**
 * The rolling window per day and its baseline, with the threshold lines of a reduction and,
 * for claims (totals over their own period), the claimed level scaled to the window length.
 */
export function windowChart(container, { commitment, points, claims, markers }) {
  const height = 240;
  const windowDays = commitment.window?.days ?? 30;
  const xs = points.map((p) => seconds(p.date));
  const data = [xs, points.map((p) => p.value), points.map((p) => p.baseline)];
  const series = [
    { label: 'Day', value: (_u, ts) => (ts === null ? '—' : new Date(ts * 1000).toISOString().slice(0, 10)) },
    { label: `Window (${windowDays} d)`, stroke: COLORS.value, width: 2, fill: COLORS.valueFill, value: valueFmt },
    { label: 'Baseline (a year earlier)', stroke: COLORS.baseline, width: 1.5, points: { show: false }, value: valueFmt },
  ];
  if (commitment.kind === 'reduction' && commitment.threshold) {
    const { atRiskPct, breachPct } = commitment.threshold;
    data.push(points.map((p) => p.baseline * (1 + atRiskPct / 100)));
    series.push({
      label: `At risk (${atRiskPct >= 0 ? '+' : ''}${atRiskPct}%)`,
      stroke: COLORS.atRisk,
      width: 1.5,
      dash: [6, 4],
      points: { show: false },
      value: valueFmt,
    });
    data.push(points.map((p) => p.baseline * (1 + breachPct / 100)));
    series.push({
      label: `Breach (${breachPct >= 0 ? '+' : ''}${breachPct}%)`,
      stroke: COLORS.breach,
      width: 1.5,
      dash: [6, 4],
      points: { show: false },
      value: valueFmt,
    });
  }
  claims.forEach((claim, i) => {
    const span = daysBetween(claim.period.from, claim.period.to) + 1;
    const inPeriod = (p) => p.date >= claim.period.from && p.date <= claim.period.to;
    const color = CLAIM_COLORS[i % CLAIM_COLORS.length];
    const who = `${claim.source}${claim.selfReported ? ' (self)' : ''}`;
    data.push(points.map((p) => (inPeriod(p) ? (claim.value * windowDays) / span : null)));
    series.push({ label: `${who} claim`, stroke: color, width: 3, points: { show: false }, value: valueFmt });
    if (claim.baseline !== null && claim.baseline !== undefined) {
      data.push(points.map((p) => (inPeriod(p) ? (claim.baseline * windowDays) / span : null)));
      series.push({ label: `${who} claimed baseline`, stroke: color, width: 1.5, dash: [3, 3], points: { show: false }, value: valueFmt });
    }
  });
  const bands = addBand(data, series, points);
  const width = container.clientWidth || 800;
  const opts = { ...baseOptions(width, height, markers), series, bands };
  const plot = new uPlot(opts, data, container);
  autoSize(plot, container, height);
  return plot;
}

/** Cumulative amount per day from the start against the expected pace and the target. */
export function quotaChart(container, { commitment, daily, asOf, markers, entry }) {
  const height = 220;
  const start = commitment.start;
  const end = asOf > commitment.deadline ? asOf : commitment.deadline;
  const byDate = new Map(daily.map((p) => [p.date, p.value]));
  const span = daysBetween(start, commitment.deadline) + 1;
  const xs = [];
  const cumulative = [];
  const expected = [];
  const target = [];
  let sum = 0;
  for (let date = start; date <= end; date = addDays(date, 1)) {
    xs.push(seconds(date));
    if (date <= asOf) {
      sum += byDate.get(date) ?? 0;
      cumulative.push(sum);
    } else cumulative.push(null);
    const elapsed = Math.min(Math.max((daysBetween(start, date) + 1) / span, 0), 1);
    expected.push(commitment.target * elapsed);
    target.push(commitment.target);
  }
  const series = [
    { label: 'Day', value: (_u, ts) => (ts === null ? '—' : new Date(ts * 1000).toISOString().slice(0, 10)) },
    { label: 'Cumulative', stroke: COLORS.value, width: 2.5, fill: COLORS.valueFill, value: valueFmt },
    { label: 'Expected pace', stroke: COLORS.expected, width: 1.5, dash: [6, 4], points: { show: false }, value: valueFmt },
    { label: 'Target', stroke: COLORS.target, width: 1.5, dash: [2, 3], points: { show: false }, value: valueFmt },
  ];
  const data = [xs, cumulative, expected, target];
  const projected = projectedLine(commitment, entry, asOf, end);
  if (projected)
    (data.push(projected),
      series.push({
        label: 'Projected (30-day pace)',
        stroke: COLORS.value,
        width: 1.5,
        dash: [2, 4],
        points: { show: false },
        value: valueFmt,
      }));
  const width = container.clientWidth || 800;
  const plot = new uPlot({ ...baseOptions(width, height, markers), series }, data, container);
  autoSize(plot, container, height);
  return plot;
}
