import { Accord, Commitment, QuotaCommitment, ReductionCommitment } from '../../src/accords/accord.types';

/** A 30-day reduction on attacks against the previous year, every part overridable. */
export const reduction = (overrides: Partial<ReductionCommitment> = {}): ReductionCommitment => ({
  id: 'reduce',
  kind: 'reduction',
  metric: 'attacks',
  filter: {},
  alerting: { forDays: 0, keepFiringForDays: 0 },
  window: { days: 30 },
  baseline: 'previous-year',
  threshold: { atRiskPct: 0, breachPct: 10 },
  minEvents: 20,
  ...overrides,
});

/** A quota of 100 prisoner releases over March 2020, 10% tolerance, every part overridable. */
export const quota = (overrides: Partial<QuotaCommitment> = {}): QuotaCommitment => ({
  id: 'q',
  kind: 'quota',
  metric: 'prisoners_released',
  filter: {},
  alerting: { forDays: 0, keepFiringForDays: 0 },
  target: 100,
  start: '2020-03-01',
  deadline: '2020-03-31',
  tolerancePct: 10,
  ...overrides,
});

/** An accord signed 2020-02-29 in UTC with no parties or aliases, holding `commitments`. */
export const accordOf = (commitments: Commitment[] = []): Accord => ({
  id: 'a',
  name: 'a',
  signedAt: '2020-02-29',
  timezone: 'UTC',
  parties: [],
  actors: {},
  commitments,
});
