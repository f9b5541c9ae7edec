import * as fc from 'fast-check';
import { localDate, toDayNumber } from '../../../src/compliance/days';
import { Dims, incidentMatches, resolveFilter } from '../../../src/compliance/filters';
import { IncidentContribution, incidentContribution, supersedes } from '../../../src/compliance/ledger';
import { metricValue } from '../../../src/compliance/metrics';
import { DailySeries } from '../../../src/compliance/series';
import { Incident, INCIDENT_CATEGORIES, RETRACTION_REVISION } from '../../../src/observations/observation';

/**
 * The projection in miniature: observations folded with `supersedes` and `incidentContribution`
 * into buckets, buckets into per-source series, must always equal a recount of the final
 * observation set, whatever the arrival order, duplicates, revisions and retractions.
 */

const TZ = 'Asia/Kabul';
const accord = {
  actors: {
    taliban: ['taliban', 'islamic-emirate-of-afghanistan'],
    'us-forces': ['us-forces', 'usfor-a'],
  },
};
const SOURCES = ['acled', 'unama', 'taliban'];
const IDS = ['i1', 'i2', 'i3'];
const REVISIONS = [1, 2, 3];

const OCCURRED = [
  '2019-03-01',
  '2020-02-28',
  '2020-02-29',
  '2020-03-01',
  '2020-03-02',
  '2020-02-28T19:29:59Z', // 23:59:59 Kabul, 28 Feb
  '2020-02-28T19:30:00Z', // 00:00 Kabul, 29 Feb
  '2020-03-01T19:29:00Z', // 23:59 Kabul, 1 Mar
  '2020-03-01T19:30:00Z', // 00:00 Kabul, 2 Mar
  '2020-03-01T23:59:59+04:30',
  '2020-03-02T00:00:00+04:30',
  '2020-02-29T00:00:00+04:30',
  '2020-03-01T23:00:00-05:00', // 04:00Z on 2 Mar: 08:30 Kabul, 2 Mar
  '2019-02-28T19:30:00Z', // 00:00 Kabul, 1 Mar 2019
];
const DAYS = [
  '2019-02-27',
  '2019-02-28',
  '2019-03-01',
  '2019-03-02',
  '2020-02-27',
  '2020-02-28',
  '2020-02-29',
  '2020-03-01',
  '2020-03-02',
  '2020-03-03',
];

/** Independent of days.ts: Kabul is UTC+04:30 all year. */
const kabulDate = (occurredAt: string) =>
  occurredAt.length === 10 ? occurredAt : new Date(Date.parse(occurredAt) + 4.5 * 3_600_000).toISOString().slice(0, 10);

const content = fc.record(
  {
    occurredAt: fc.constantFrom(...OCCURRED),
    category: fc.constantFrom(...INCIDENT_CATEGORIES),
    actor: fc.constantFrom('taliban', 'islamic-emirate-of-afghanistan', 'isis-k'),
    target: fc.constantFrom('us-forces', 'usfor-a', 'afghan-forces'),
    killed: fc.record({ civilians: fc.integer({ min: 0, max: 3 }), security_forces: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: [] }),
    wounded: fc.record({ civilians: fc.integer({ min: 0, max: 3 }) }),
    prisonersReleased: fc.integer({ min: 0, max: 50 }),
  },
  { requiredKeys: ['occurredAt', 'category'] },
);

type Arrival = { source: string; id: string; revision: number };
const arrival: fc.Arbitrary<Arrival> = fc.record({
  source: fc.constantFrom(...SOURCES),
  id: fc.constantFrom(...IDS),
  // mostly revisions, sometimes a retraction
  revision: fc.oneof({ arbitrary: fc.constantFrom(...REVISIONS), weight: 6 }, { arbitrary: fc.constant(RETRACTION_REVISION), weight: 1 }),
});

const METRICS = ['attacks', 'incidents', 'killed', 'killed.civilians', 'wounded', 'prisoners_released'];
const FILTERS: Array<Record<string, string | string[]>> = [
  {},
  { actor: 'taliban' },
  { actor: 'taliban', target: 'us-forces' },
  { category: ['airstrike', 'explosion'] },
  { target: 'afghan-forces', category: 'attack' },
];

const scenario = fc
  .record({
    // one content per (source, id, revision): duplicates of a revision are identical
    contents: fc.array(content, {
      minLength: SOURCES.length * IDS.length * REVISIONS.length,
      maxLength: SOURCES.length * IDS.length * REVISIONS.length,
    }),
    arrivals: fc.array(arrival, { minLength: 0, maxLength: 40 }),
    metric: fc.constantFrom(...METRICS),
    filter: fc.constantFrom(...FILTERS),
    windows: fc.array(fc.tuple(fc.constantFrom(...DAYS), fc.constantFrom(...DAYS)), { minLength: 1, maxLength: 6 }),
  })
  .chain((s) =>
    fc.record({
      s: fc.constant(s),
      reordered: fc.shuffledSubarray(s.arrivals, { minLength: s.arrivals.length, maxLength: s.arrivals.length }),
    }),
  );

function incidentOf(contents: Array<Record<string, unknown>>, a: Arrival): Incident {
  const index = (SOURCES.indexOf(a.source) * IDS.length + IDS.indexOf(a.id)) * REVISIONS.length + REVISIONS.indexOf(a.revision);
  return { type: 'incident', source: a.source, id: a.id, revision: a.revision, ...(contents[index] as object) } as Incident;
}

type Head = { revision: number; incident: Incident | null };
type Bucket = { day: string; dims: Dims; metrics: Record<string, number> };

/** The fold under test: heads by (source, id), buckets by (day, dims). */
function fold(contents: Array<Record<string, unknown>>, arrivals: Arrival[]): Map<string, Bucket> {
  const heads = new Map<string, Head>();
  const buckets = new Map<string, Bucket>();
  const apply = (c: IncidentContribution, sign: 1 | -1) => {
    const key = `${c.day}|${JSON.stringify(c.dims)}`;
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { day: c.day, dims: c.dims, metrics: {} }));
    for (const [metric, amount] of Object.entries(c.metrics)) bucket.metrics[metric] = (bucket.metrics[metric] ?? 0) + sign * amount;
  };
  for (const a of arrivals) {
    const key = `${a.source}/${a.id}`;
    const head = heads.get(key);
    const incoming: Head = { revision: a.revision, incident: a.revision === RETRACTION_REVISION ? null : incidentOf(contents, a) };
    if (!supersedes(head, incoming)) continue;
    if (head?.incident) apply(incidentContribution(head.incident, TZ), -1);
    if (incoming.incident) apply(incidentContribution(incoming.incident, TZ), 1);
    heads.set(key, incoming);
  }
  return buckets;
}

function seriesOf(buckets: Map<string, Bucket>, metric: string, filter: Record<string, string | string[]>): Map<string, DailySeries> {
  const resolved = resolveFilter(filter, accord);
  const out = new Map<string, DailySeries>();
  for (const b of buckets.values()) {
    if (!incidentMatches(b.dims, resolved)) continue;
    let s = out.get(b.dims.source);
    if (!s) out.set(b.dims.source, (s = new DailySeries()));
    s.add(toDayNumber(b.day), b.metrics[metric] ?? 0);
  }
  return out;
}

/** The final observation set, by the rule: per (source, id) the highest revision, dropped if a retraction. */
function finalIncidents(contents: Array<Record<string, unknown>>, arrivals: Arrival[]): Incident[] {
  const best = new Map<string, Arrival>();
  for (const a of arrivals) {
    const key = `${a.source}/${a.id}`;
    if (!best.has(key) || a.revision > best.get(key)!.revision) best.set(key, a);
  }
  return [...best.values()].filter((a) => a.revision !== RETRACTION_REVISION).map((a) => incidentOf(contents, a));
}

function recount(
  incidents: Incident[],
  source: string,
  metric: string,
  filter: Record<string, string | string[]>,
  from: string,
  to: string,
): number {
  const resolved = resolveFilter(filter, accord);
  let sum = 0;
  for (const i of incidents) {
    const day = kabulDate(i.occurredAt);
    if (i.source !== source || day < from || day > to) continue;
    const dims: Dims = {
      source: i.source,
      actor: i.actor ?? '',
      target: i.target ?? '',
      category: i.category,
      country: i.location?.country ?? '',
      admin1: i.location?.admin1 ?? '',
    };
    if (incidentMatches(dims, resolved)) sum += metricValue(i, metric);
  }
  return sum;
}

function firstCounting(incidents: Incident[], source: string, metric: string, filter: Record<string, string | string[]>): number | null {
  const resolved = resolveFilter(filter, accord);
  const days = incidents
    .filter((i) => i.source === source && metricValue(i, metric) > 0)
    .filter((i) =>
      incidentMatches(
        { source: i.source, actor: i.actor ?? '', target: i.target ?? '', category: i.category, country: '', admin1: '' },
        resolved,
      ),
    )
    .map((i) => toDayNumber(kabulDate(i.occurredAt)));
  return days.length ? Math.min(...days) : null;
}

describe('ledger fold (property)', () => {
  it('the kabulDate oracle agrees with localDate on the +04:30 boundaries', () => {
    for (const occurredAt of OCCURRED) expect(localDate(occurredAt, TZ)).toBe(kabulDate(occurredAt));
  });

  it('a higher revision supersedes, an equal or lower one does not, a retraction outranks every revision', () => {
    expect(supersedes(undefined, { revision: 1 })).toBe(true);
    expect(supersedes({ revision: 1 }, { revision: 2 })).toBe(true);
    expect(supersedes({ revision: 2 }, { revision: 2 })).toBe(false);
    expect(supersedes({ revision: 3 }, { revision: 2 })).toBe(false);
    expect(supersedes({ revision: 3 }, { revision: RETRACTION_REVISION })).toBe(true);
    expect(supersedes({ revision: RETRACTION_REVISION }, { revision: RETRACTION_REVISION - 1 })).toBe(false);
  });

  it('window sums over the folded buckets equal a recount of the final observation set, in any arrival order', () => {
    fc.assert(
      fc.property(scenario, ({ s, reordered }) => {
        const contents = s.contents as Array<Record<string, unknown>>;
        const truth = finalIncidents(contents, s.arrivals);
        for (const order of [s.arrivals, reordered]) {
          const series = seriesOf(fold(contents, order), s.metric, s.filter);
          for (const source of SOURCES) {
            const sourceSeries = series.get(source) ?? new DailySeries();
            for (const [a, b] of s.windows) {
              const [from, to] = a <= b ? [a, b] : [b, a];
              expect(sourceSeries.sum(toDayNumber(from), toDayNumber(to))).toBe(recount(truth, source, s.metric, s.filter, from, to));
            }
            // the whole range
            expect(sourceSeries.sum(toDayNumber('2019-01-01'), toDayNumber('2020-12-31'))).toBe(
              recount(truth, source, s.metric, s.filter, '2019-01-01', '2020-12-31'),
            );
            // the witness day: the first counting incident of the final set
            expect(sourceSeries.firstPositiveDay(toDayNumber('2020-12-31'))).toBe(firstCounting(truth, source, s.metric, s.filter));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the folded buckets do not depend on arrival order (property)', () => {
    const nonZero = (buckets: Map<string, Bucket>) => {
      const out: Record<string, Record<string, number>> = {};
      for (const [key, b] of buckets) {
        const metrics = Object.fromEntries(Object.entries(b.metrics).filter(([, v]) => v !== 0));
        if (Object.keys(metrics).length) out[key] = metrics;
      }
      return out;
    };
    fc.assert(
      fc.property(scenario, ({ s, reordered }) => {
        const contents = s.contents as Array<Record<string, unknown>>;
        expect(nonZero(fold(contents, reordered))).toEqual(nonZero(fold(contents, s.arrivals)));
      }),
      { numRuns: 200 },
    );
  });

  it('a retraction removes an incident whichever order it arrives in, and later revisions do not bring it back', () => {
    const contents = Array.from({ length: 27 }, () => ({ occurredAt: '2020-03-01T19:30:00Z', category: 'attack' }));
    const rev = (revision: number): Arrival => ({ source: 'acled', id: 'i1', revision });
    for (const order of [
      [rev(1), rev(RETRACTION_REVISION), rev(2)],
      [rev(RETRACTION_REVISION), rev(1), rev(3)],
      [rev(2), rev(1), rev(RETRACTION_REVISION)],
    ]) {
      const series = seriesOf(fold(contents, order), 'attacks', {}).get('acled') ?? new DailySeries();
      expect(series.sum(toDayNumber('2020-01-01'), toDayNumber('2020-12-31'))).toBe(0);
      expect(series.firstPositiveDay(toDayNumber('2020-12-31'))).toBeNull();
    }
  });

  it('an incident at 19:30Z lands in the next Kabul day’s bucket', () => {
    const contents = Array.from({ length: 27 }, () => ({ occurredAt: '2020-03-01T19:30:00Z', category: 'attack' }));
    const series = seriesOf(fold(contents, [{ source: 'acled', id: 'i1', revision: 1 }]), 'attacks', {}).get('acled')!;
    expect(series.sum(toDayNumber('2020-03-01'), toDayNumber('2020-03-01'))).toBe(0);
    expect(series.sum(toDayNumber('2020-03-02'), toDayNumber('2020-03-02'))).toBe(1);
  });
});
