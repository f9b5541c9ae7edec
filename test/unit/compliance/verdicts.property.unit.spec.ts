import * as fc from 'fast-check';
import { Accord, Commitment, QuotaCommitment, ReductionCommitment } from '../../../src/accords/accord.types';
import { claimFromAggregate } from '../../../src/compliance/claims';
import { CommitmentInput, evaluateAccord, evaluateSource } from '../../../src/compliance/commitment';
import { toDayNumber } from '../../../src/compliance/days';
import { DailySeries } from '../../../src/compliance/series';
import { SourceVerdict } from '../../../src/compliance/verdict.types';
import { reductionVerdict } from '../../../src/compliance/verdicts';
import { Aggregate } from '../../../src/observations/observation';

/**
 * evaluateAccord against a brute-force reading of CONTRACT sections 3 and 10: incidents and
 * claims as plain arrays, windows counted by looping over days, thresholds compared as exact
 * rationals, so neither the series nor the float arithmetic under test is trusted.
 */

const SIGNED = '2020-02-29';
const SOURCES = ['acled', 'taliban', 'unama'];
const PARTIES = ['taliban', 'united-states'];
const ACTORS = { taliban: ['taliban', 'islamic-emirate-of-afghanistan'] };
// thresholds with fractions whose float products and ratios land beside the decimal
const THRESHOLDS: Array<[number, number]> = [
  [0, 10],
  [5, 10],
  [0, 0.35],
  [0.29, 2.5],
  [2.5, 12.5],
];

const DAY_MS = 86_400_000;
const shift = (date: string, days: number) => new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
const between = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = shift(d, 1)) out.push(d);
  return out;
};
/** One year earlier, 29 February onto 28 February. */
function yearEarlier(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const same = new Date(Date.UTC(y - 1, m - 1, d));
  return (same.getUTCMonth() === m - 1 ? same : new Date(Date.UTC(y - 1, m, 0))).toISOString().slice(0, 10);
}

const DAYS = [...between('2019-02-15', '2019-03-12'), ...between('2020-01-20', '2020-03-12')];
const AS_OF = between('2020-02-20', '2020-03-12');

type Incident = { source: string; day: string; amount: number };
type Verdict = SourceVerdict['verdict'];

/** num/den > threshold, the threshold read as the decimal it was written as. */
function exceeds(num: bigint, den: bigint, threshold: number): boolean {
  const [whole, fraction = ''] = String(threshold).split('.');
  return num * 10n ** BigInt(fraction.length) > BigInt(whole + fraction) * den;
}

/** Section 3's reduction rule with section 10's zero and stated-change clarifications. */
function reduction(
  value: number,
  baseline: number | null,
  c: Pick<ReductionCommitment, 'threshold' | 'minEvents'>,
  stated?: number,
): { verdict: Verdict; changePct: number | null } {
  if (baseline === null) return { verdict: 'insufficient_data', changePct: null };
  if (value === 0 && baseline === 0) return { verdict: 'compliant', changePct: null };
  const changePct = stated ?? (baseline > 0 ? ((value - baseline) / baseline) * 100 : null);
  if (value + baseline < c.minEvents) return { verdict: 'insufficient_data', changePct };
  if (baseline === 0) return { verdict: 'breached', changePct };
  // whole counts: the change is (value - baseline) * 100 / baseline exactly
  const above = (t: number) => (stated !== undefined ? stated > t : exceeds(BigInt(value - baseline) * 100n, BigInt(baseline), t));
  if (above(c.threshold.breachPct)) return { verdict: 'breached', changePct };
  if (above(c.threshold.atRiskPct)) return { verdict: 'at_risk', changePct };
  return { verdict: 'compliant', changePct };
}

function quota(cumulative: number, asOf: string, c: QuotaCommitment): { verdict: Verdict; expected: number } {
  const span = between(c.start, c.deadline).length;
  const elapsed = asOf < c.start ? 0 : Math.min(between(c.start, asOf).length, span);
  const expected = c.target * (elapsed / span);
  if (cumulative >= c.target) return { verdict: 'fulfilled', expected };
  if (asOf > c.deadline) return { verdict: 'breached', expected };
  return { verdict: cumulative < expected * (1 - c.tolerancePct / 100) ? 'at_risk' : 'compliant', expected };
}

/** One source's entry on one commitment, or null when it has neither witnessed nor claimed. */
function oracleEntry(
  c: Commitment,
  incidents: Incident[],
  aggregates: Aggregate[],
  source: string,
  asOf: string,
): Partial<SourceVerdict> | null {
  const counting = incidents.filter((i) => i.source === source && i.amount > 0).map((i) => i.day);
  const firstDay = counting.length ? counting.reduce((a, b) => (a < b ? a : b)) : null;
  const witness = firstDay !== null && firstDay <= asOf;
  const sum = (from: string, to: string) =>
    incidents.filter((i) => i.source === source && i.day >= from && i.day <= to).reduce((n, i) => n + i.amount, 0);
  // the claim ending latest, on a tie of ends the greater id
  const claim = aggregates
    .filter((a) => a.source === source && a.period.to <= asOf)
    .sort((a, b) => (a.period.to === b.period.to ? (a.id < b.id ? -1 : 1) : a.period.to < b.period.to ? -1 : 1))
    .pop();
  const selfReported = PARTIES.includes(source) && ACTORS.taliban.includes(source);
  if (claim && (!witness || claim.period.to === asOf)) return { source, selfReported, ...fromClaim(c, claim) };
  if (!witness) return null;
  const window = (days: number) => ({ from: shift(asOf, 1 - days), to: asOf });
  switch (c.kind) {
    case 'reduction': {
      const period = window(c.window.days);
      const value = sum(period.from, period.to);
      if (typeof c.baseline === 'object')
        return {
          source,
          selfReported,
          basis: 'incidents',
          period,
          value,
          baseline: c.baseline.value,
          ...reduction(value, c.baseline.value, c),
        };
      const from = c.baseline === 'previous-year' ? yearEarlier(period.from) : shift(SIGNED, -c.window.days);
      const to = c.baseline === 'previous-year' ? yearEarlier(period.to) : shift(SIGNED, -1);
      if (firstDay! > from)
        return {
          source,
          selfReported,
          basis: 'incidents',
          period,
          value,
          baseline: null,
          changePct: null,
          verdict: 'insufficient_data',
          reason: 'no coverage of the baseline period',
        };
      const baseline = sum(from, to);
      return { source, selfReported, basis: 'incidents', period, value, baseline, ...reduction(value, baseline, c) };
    }
    case 'quota': {
      const value = sum(c.start, asOf);
      return {
        source,
        selfReported,
        basis: 'incidents',
        period: { from: c.start, to: asOf },
        value,
        baseline: null,
        changePct: null,
        ...quota(value, asOf, c),
      };
    }
    case 'prohibition': {
      const period = window(c.window.days);
      const value = sum(period.from, period.to);
      return {
        source,
        selfReported,
        basis: 'incidents',
        period,
        value,
        baseline: null,
        changePct: null,
        verdict: value > 0 ? 'breached' : 'compliant',
      };
    }
  }
}

function fromClaim(c: Commitment, a: Aggregate): Partial<SourceVerdict> {
  const base = { basis: 'claim' as const, period: a.period, value: a.value, claimId: a.id };
  if (c.kind === 'quota') return { ...base, baseline: null, changePct: null, ...quota(a.value, a.period.to, c) };
  if (c.kind === 'prohibition') return { ...base, baseline: null, changePct: null, verdict: a.value > 0 ? 'breached' : 'compliant' };
  const stated = a.baseline && 'changePct' in a.baseline ? a.baseline.changePct : undefined;
  const own = a.baseline ? ('value' in a.baseline ? a.baseline.value : a.value / (1 + stated! / 100)) : null;
  const baseline = own ?? (typeof c.baseline === 'object' ? c.baseline.value : null);
  return { ...base, baseline, ...reduction(a.value, baseline, c, stated) };
}

function overall(verdicts: Verdict[]): string {
  if (verdicts.includes('breached') && verdicts.includes('compliant')) return 'contested';
  return (['breached', 'at_risk', 'compliant', 'fulfilled'] as const).find((v) => verdicts.includes(v)) ?? 'insufficient_data';
}

const filter = { actor: 'taliban' };
const alerting = { forDays: 0, keepFiringForDays: 0 };

const scenario = fc
  .record({
    thresholds: fc.constantFrom(...THRESHOLDS),
    minEvents: fc.constantFrom(0, 1, 5, 20),
    days: fc.integer({ min: 2, max: 6 }),
    baseline: fc.oneof(
      fc.constantFrom<'previous-year' | 'pre-accord'>('previous-year', 'pre-accord'),
      fc.record({ value: fc.integer({ min: 0, max: 15 }) }),
    ),
    target: fc.constantFrom(5, 10, 20),
    tolerancePct: fc.constantFrom(0, 10, 50),
    asOf: fc.constantFrom(...AS_OF),
    incidents: fc.array(
      fc.record({ source: fc.constantFrom(...SOURCES), day: fc.constantFrom(...DAYS), amount: fc.integer({ min: 0, max: 3 }) }),
      { maxLength: 40 },
    ),
  })
  .chain((s) => {
    const stated = fc.oneof(fc.constantFrom(...s.thresholds), fc.constantFrom(-50, 0.1, 10.01, 30));
    const baseline = fc.oneof(
      fc.constant(undefined),
      fc.record({ changePct: stated }),
      fc.record({ period: fc.constant({ from: '2019-03-01', to: '2019-03-05' }), value: fc.integer({ min: 0, max: 20 }) }),
    );
    const aggregate = fc.record({
      source: fc.constantFrom(...SOURCES),
      to: fc.constantFrom(...AS_OF),
      value: fc.integer({ min: 0, max: 25 }),
      baseline,
    });
    return fc.record({ s: fc.constant(s), claims: fc.array(fc.array(aggregate, { maxLength: 3 }), { minLength: 3, maxLength: 3 }) });
  });

describe('evaluateAccord against a brute-force reading of the contract (property)', () => {
  it('every report, entry and overall verdict agrees, inForce included', () => {
    fc.assert(
      fc.property(scenario, ({ s, claims }) => {
        const commitments: Commitment[] = [
          {
            id: 'reduce',
            kind: 'reduction',
            metric: 'attacks',
            filter,
            alerting,
            window: { days: s.days },
            baseline: s.baseline,
            threshold: { atRiskPct: s.thresholds[0], breachPct: s.thresholds[1] },
            minEvents: s.minEvents,
          },
          {
            id: 'release',
            kind: 'quota',
            metric: 'prisoners_released',
            filter,
            alerting,
            target: s.target,
            start: '2020-02-25',
            deadline: '2020-03-05',
            tolerancePct: s.tolerancePct,
          },
          { id: 'none', kind: 'prohibition', metric: 'attacks', filter, alerting, window: { days: s.days } },
        ];
        const accord: Accord = { id: 'a', name: 'a', signedAt: SIGNED, timezone: 'UTC', parties: PARTIES, actors: ACTORS, commitments };
        const aggregates = claims.map((list, k) =>
          list.map(
            (c, n): Aggregate => ({
              type: 'aggregate',
              id: `${k}-${n}`,
              source: c.source,
              metric: 'attacks',
              period: { from: shift(c.to, -4), to: c.to },
              value: c.value,
              baseline: c.baseline,
              revision: 1,
            }),
          ),
        );
        const inputs = new Map<string, CommitmentInput>(
          commitments.map((c, k) => {
            const series = new Map<string, DailySeries>();
            for (const i of s.incidents) {
              if (!series.has(i.source)) series.set(i.source, new DailySeries());
              series.get(i.source)!.add(toDayNumber(i.day), i.amount);
            }
            return [c.id, { series, claims: aggregates[k].map(claimFromAggregate) }];
          }),
        );

        const report = evaluateAccord(accord, inputs, s.asOf);
        expect(report.inForce).toBe(s.asOf >= SIGNED);
        commitments.forEach((c, k) => {
          const expected = SOURCES.map((source) => oracleEntry(c, s.incidents, aggregates[k], source, s.asOf));
          SOURCES.forEach((source, n) => {
            const actual = evaluateSource(accord, c, inputs.get(c.id)!, source, s.asOf);
            if (expected[n] === null) {
              expect(actual).toBeNull();
              return;
            }
            const { baseline, changePct, expected: share, ...exact } = expected[n]!;
            expect(actual).toMatchObject(exact);
            expect(actual!.reason).toBe(exact.reason);
            for (const [got, want] of [
              [actual!.baseline, baseline],
              [actual!.changePct, changePct],
              [actual!.expected, share],
            ] as const) {
              if (want === null || want === undefined) expect(got).toBe(want);
              else expect(got).toBeCloseTo(want, 9);
            }
            // a stated change is reported as stated, not recomputed
            if (exact.basis === 'claim' && c.kind === 'reduction') {
              const stated = aggregates[k].find((a) => a.id === exact.claimId)!.baseline;
              if (stated && 'changePct' in stated && actual!.value > 0) expect(actual!.changePct).toBe(stated.changePct);
            }
          });
          const entries = expected.filter((e) => e !== null);
          expect(report.commitments[k].sources.map((e) => [e.source, e.verdict])).toEqual(entries.map((e) => [e!.source, e!.verdict]));
          expect(report.commitments[k].verdict).toBe(overall(entries.map((e) => e!.verdict!)));
        });
      }),
      { numRuns: 400 },
    );
  });

  it('whole counts on, just under and just over a decimal threshold get the exact verdict', () => {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    // breachPct = k / 10^f; baselines that are multiples of 10^(f+2) / gcd(k, 10^(f+2)) put a whole change exactly on it
    const near = fc
      .record({
        k: fc.integer({ min: 1, max: 5000 }),
        f: fc.integer({ min: 0, max: 2 }),
        m: fc.integer({ min: 1, max: 1000 }),
        step: fc.integer({ min: -1, max: 1 }),
      })
      .map(({ k, f, m, step }) => {
        const scale = 10 ** (f + 2);
        const baseline = (scale / gcd(k, scale)) * m;
        return {
          baseline,
          value: baseline + (k * baseline) / scale + step,
          rule: { threshold: { atRiskPct: 0, breachPct: k / 10 ** f }, minEvents: 0 },
        };
      });
    fc.assert(
      fc.property(near, ({ baseline, value, rule }) => {
        expect(reductionVerdict(value, baseline, rule).verdict).toBe(reduction(value, baseline, rule).verdict);
      }),
      { numRuns: 2000 },
    );
  });
});
