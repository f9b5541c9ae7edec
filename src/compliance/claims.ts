import { Aggregate } from '../observations/observation';
import { oneYearEarlier } from './days';
import { Claim } from './verdict.types';

/**
 * An aggregate as a claim, its baseline resolved (CONTRACT section 1): given outright, or
 * derived from the change the source itself reported (baseline = value / (1 + changePct/100),
 * over the same dates one year earlier unless the source named the period), the stated change
 * kept beside it.
 */
export function claimFromAggregate(aggregate: Aggregate): Claim {
  const { baseline, period } = aggregate;
  let resolved: Claim['baseline'] = null;
  if (baseline && 'value' in baseline) resolved = { period: baseline.period, value: baseline.value };
  else if (baseline) {
    resolved = {
      period: baseline.period ?? { from: oneYearEarlier(period.from), to: oneYearEarlier(period.to) },
      value: aggregate.value / (1 + baseline.changePct / 100),
      changePct: baseline.changePct,
    };
  }
  return {
    source: aggregate.source,
    id: aggregate.id,
    metric: aggregate.metric,
    filter: (aggregate.filter ?? {}) as Claim['filter'],
    period,
    value: aggregate.value,
    baseline: resolved,
  };
}
