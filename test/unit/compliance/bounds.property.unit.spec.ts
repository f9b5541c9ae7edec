import * as fc from 'fast-check';
import { Commitment } from '../../../src/accords/accord.types';
import { addDays } from '../../../src/compliance/days';
import { evidencePeriods, ObservationVersion } from '../../../src/compliance/evidence-items';
import { DatePeriod } from '../../../src/compliance/verdict.types';
import { Incident } from '../../../src/observations/observation';
import { bounded, versionOf } from '../../support/bounded';
import { accordOf, reduction } from '../../support/commitments';

/**
 * Whatever the incidents' ranges and low/high counts: low <= best <= high, and the bounds are a
 * recount of every incident day by day, though only the uncertain incidents were looked at.
 */

const alerting = { forDays: 0, keepFiringForDays: 0 };
const COMMITMENTS: Commitment[] = [
  reduction({ metric: 'killed', minEvents: 0 }),
  reduction({ baseline: 'pre-accord', minEvents: 3 }),
  { id: 'p', kind: 'prohibition', metric: 'attacks', filter: {}, alerting, window: { days: 7 } },
  {
    id: 'q',
    kind: 'quota',
    metric: 'killed.x',
    filter: {},
    alerting,
    target: 20,
    start: '2020-03-01',
    deadline: '2020-05-31',
    tolerancePct: 10,
  },
];

const groups = fc.record({ x: fc.integer({ min: 0, max: 5 }), y: fc.integer({ min: 0, max: 5 }) }, { requiredKeys: [] });
const drawn = fc.record({
  day: fc.integer({ min: 0, max: 520 }),
  before: fc.option(fc.integer({ min: 0, max: 40 })),
  after: fc.integer({ min: 0, max: 40 }),
  source: fc.constantFrom('a', 'b'),
  category: fc.constantFrom('attack', 'other'),
  killed: groups,
  lowCut: groups,
  highAdd: groups,
});
type Drawn = typeof drawn extends fc.Arbitrary<infer T> ? T : never;

function asVersion(d: Drawn, i: number): ObservationVersion {
  const occurredAt = addDays('2019-01-15', d.day);
  const killed: Record<string, number> = d.killed;
  const bound = (by: Record<string, number>, sign: number) =>
    Object.fromEntries(Object.keys(by).flatMap((g) => (g in killed ? [[g, Math.max(killed[g] + sign * by[g], 0)]] : [])));
  return versionOf({
    id: `i${i}`,
    source: d.source,
    occurredAt,
    category: d.category as Incident['category'],
    killed: d.killed,
    killedLow: bound(d.lowCut, -1),
    killedHigh: bound(d.highAdd, 1),
    ...(d.before !== null && { dateRange: { from: addDays(occurredAt, -d.before), to: addDays(occurredAt, d.after) } }),
  });
}

/** The amount at a bound, counted from the maps directly. */
function amount(incident: Incident, metric: string, bound: Record<string, number> | undefined): number {
  const at = (g: string) => bound?.[g] ?? incident.killed?.[g] ?? 0;
  if (metric === 'attacks') return incident.category === 'attack' ? 1 : 0;
  if (metric === 'killed.x') return at('x');
  return Object.keys(incident.killed ?? {}).reduce((sum, g) => sum + at(g), 0);
}

function daysOf(incident: Incident): string[] {
  const { from, to } = incident.dateRange ?? { from: incident.occurredAt, to: incident.occurredAt };
  const days = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** What surely falls in `period` at low counts, and what may at high counts. */
function recount(incidents: Incident[], metric: string, period: DatePeriod) {
  const inside = (day: string) => period.from <= day && day <= period.to;
  let low = 0;
  let high = 0;
  for (const incident of incidents) {
    if (daysOf(incident).every(inside)) low += amount(incident, metric, incident.killedLow);
    if (daysOf(incident).some(inside)) high += amount(incident, metric, incident.killedHigh);
  }
  return { low, high };
}

describe('bounds (property)', () => {
  it('bracket the best reading and equal a recount, for every kind of commitment', () => {
    fc.assert(
      fc.property(
        fc.array(drawn, { maxLength: 40 }),
        fc.integer({ min: 400, max: 520 }),
        fc.constantFrom(...COMMITMENTS),
        (all, day, commitment) => {
          const versions = all.map(asVersion);
          const uncertain = versions.filter(({ data }) =>
            Object.keys(data as object).some((k) => k === 'dateRange' || k === 'killedLow' || k === 'killedHigh'),
          );
          const asOf = addDays('2019-01-15', day);
          const verdict = bounded(commitment, versions, asOf, [], uncertain);
          for (const entry of verdict.sources) {
            const { low, high } = entry.bounds!;
            expect(low.value).toBeLessThanOrEqual(entry.value);
            expect(entry.value).toBeLessThanOrEqual(high.value);
            const mine = versions.filter((v) => v.source === entry.source).map((v) => v.data as Incident);
            const periods = evidencePeriods(accordOf([commitment]), commitment, entry);
            const value = recount(mine, commitment.metric, periods.period);
            expect([low.value, high.value]).toEqual([value.low, value.high]);
            if (periods.baselinePeriod) {
              const baseline = recount(mine, commitment.metric, periods.baselinePeriod);
              expect([low.baseline, high.baseline]).toEqual([baseline.high, baseline.low]);
            }
            expect(entry.certain).toBe(low.verdict === entry.verdict && high.verdict === entry.verdict);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
