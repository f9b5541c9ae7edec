// The uncertainty of CONTRACT section 9 on the dashboard: verdicts that hold at one estimate only, and the low-high band of a window chart.
import { h, number, verdictLabel } from './format.js';

/** "breached at the high estimate only" and the like; null when the entry's verdict holds at both estimates. */
export function uncertainText(entry) {
  if (entry.certain !== false || !entry.bounds) return null;
  const { low, high } = entry.bounds;
  const only = [];
  if (low.verdict !== entry.verdict) only.push(`${verdictLabel(low.verdict)} at the low estimate only`);
  if (high.verdict !== entry.verdict) only.push(`${verdictLabel(high.verdict)} at the high estimate only`);
  return only.join('; ');
}

/** A tag beside a source's verdict when it is uncertain, its figures at each estimate in the title. */
export function uncertainTag(entry) {
  const text = uncertainText(entry);
  if (!text) return null;
  const { low, high } = entry.bounds;
  const title = `low ${number(low.value)} · best ${number(entry.value)} · high ${number(high.value)}`;
  return h('span', { class: 'tag uncertain', title, dataset: { low: low.verdict, high: high.verdict } }, text);
}

/**
 * Adds the windows' low and high estimates to a chart's data and series, with the band between
 * them; no band (and no legend entries) when every point is certain.
 */
export function addBand(data, series, points) {
  if (!points.some((p) => p.low !== undefined && (p.low !== p.value || p.high !== p.value))) return [];
  const high = series.length;
  data.push(
    points.map((p) => p.high),
    points.map((p) => p.low),
  );
  const edge = { stroke: 'rgba(29, 78, 216, 0.35)', width: 1, points: { show: false } };
  series.push({ label: 'High estimate', ...edge }, { label: 'Low estimate', ...edge });
  return [{ series: [high, high + 1], fill: 'rgba(29, 78, 216, 0.16)' }];
}
