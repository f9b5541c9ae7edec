// A quota's projection at the pace of its last 30 days (CONTRACT section 9), as the report gives it.
import { addDays, daysBetween, day, number } from './format.js';

/**
 * The projected cumulative per day from `start` to `end`: a straight line from the entry's value
 * on the as-of date to the target on its projected completion, or to what the projected
 * shortfall leaves at the deadline, whichever comes first; null on other days.
 */
export function projectedLine(commitment, entry, asOf, end) {
  if (!entry || entry.projectedShortfall === undefined || asOf >= commitment.deadline) return null;
  const completes = entry.projectedCompletion !== null && entry.projectedCompletion <= commitment.deadline;
  const [until, reached] = completes
    ? [entry.projectedCompletion, commitment.target]
    : [commitment.deadline, commitment.target - entry.projectedShortfall];
  const slope = (reached - entry.value) / Math.max(daysBetween(asOf, until), 1);
  const line = [];
  for (let date = commitment.start; date <= end; date = addDays(date, 1)) {
    line.push(date >= asOf && date <= until ? entry.value + slope * daysBetween(asOf, date) : null);
  }
  return line;
}

/** One sentence on where the pace leads. */
export function paceText(commitment, entry) {
  if (!entry || entry.projectedShortfall === undefined) return '';
  if (entry.projectedShortfall === 0)
    return entry.projectedCompletion ? ` At the pace of the last 30 days the target is reached on ${day(entry.projectedCompletion)}.` : '';
  return ` At the pace of the last 30 days it ends ${number(entry.projectedShortfall)} short at the deadline${entry.projectedCompletion ? `, reaching the target on ${day(entry.projectedCompletion)}` : ''}.`;
}
