// Formatting helpers shared by the dashboard modules (no dependencies).

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const VERDICT_LABELS = {
  compliant: 'compliant',
  fulfilled: 'fulfilled',
  at_risk: 'at risk',
  breached: 'breached',
  contested: 'contested',
  insufficient_data: 'insufficient data',
};

export function verdictLabel(verdict) {
  return VERDICT_LABELS[verdict] ?? String(verdict ?? '—');
}

export function number(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Math.abs(value) >= 100 || Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

export function percent(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${decimal.format(Math.abs(value))}%`;
}

/** '2020-04-15' -> '15 Apr 2020' */
export function day(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${months[m - 1]} ${y}`;
}

/** A period as '1 Mar – 15 Apr 2020' (the year once when both ends share it). */
export function period(p) {
  if (!p) return '—';
  const [fy, fm, fd] = p.from.split('-').map(Number);
  const [ty] = p.to.split('-').map(Number);
  const from = fy === ty ? `${fd} ${months[fm - 1]}` : day(p.from);
  return `${from} – ${day(p.to)}`;
}

/** A timestamp as '15 Apr 2020 10:42 UTC'. */
export function timestamp(iso) {
  if (!iso) return '—';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${day(t.toISOString())} ${hh}:${mm} UTC`;
}

/** Whole days between two ISO dates (to - from). */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(iso, days) {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** 'afghan-government' -> 'afghan-government' kept as the slug, but 'killed.security_forces' -> 'killed: security forces'. */
export function metricLabel(metric) {
  return String(metric).replace('.', ': ').replace(/_/g, ' ');
}

/** Builds an element: h('td', { class: 'num', dataset: { x: 1 } }, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
