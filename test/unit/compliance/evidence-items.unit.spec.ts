import * as fc from 'fast-check';
import { Commitment, ReductionCommitment } from '../../../src/accords/accord.types';
import { evaluateSource } from '../../../src/compliance/commitment';
import { toDayNumber } from '../../../src/compliance/days';
import {
  claimItem,
  EvidenceItem,
  evidencePeriods,
  incidentItems,
  ObservationVersion,
  pageAfter,
} from '../../../src/compliance/evidence-items';
import { incidentMatches, resolveFilter } from '../../../src/compliance/filters';
import { incidentContribution } from '../../../src/compliance/ledger';
import { DailySeries } from '../../../src/compliance/series';
import { Claim, SourceVerdict } from '../../../src/compliance/verdict.types';
import { Incident, RETRACTION_REVISION } from '../../../src/observations/observation';
import { shippedAccord } from '../../support/accord-monitor';

/** CONTRACT section 8: given stored versions, when a verdict is explained, then its items are the current versions that add up to it. */
const accord = shippedAccord();
const commitment = (id: string) => accord.commitments.find((c) => c.id === id)!;
const reduction = commitment('reduce-violence') as ReductionCommitment;

const version = (id: string, revision: number, data: Partial<Incident> = {}): ObservationVersion => ({
  source: 'unama',
  id,
  revision,
  type: 'incident',
  data: { type: 'incident', source: 'unama', id, revision, occurredAt: '2020-04-01', category: 'attack', actor: 'taliban', ...data },
});
const retracted = (id: string): ObservationVersion => ({
  source: 'unama',
  id,
  revision: RETRACTION_REVISION,
  type: 'retraction',
  data: { type: 'retraction', source: 'unama', id, reason: 'x' },
});

const windowOnly = { period: { from: '2020-03-17', to: '2020-04-15' }, baselinePeriod: null };
const withBaseline = { ...windowOnly, baselinePeriod: { from: '2019-03-17', to: '2019-04-15' } };
const ids = (items: EvidenceItem[]) => items.map((i) => `${i.id}@${i.revision}`);

describe('evidence items', () => {
  it('keep the highest revision of each observation, whatever order the versions come in', () => {
    const items = incidentItems(accord, reduction, windowOnly, [
      version('a', 2, { occurredAt: '2020-04-02' }),
      version('a', 1),
      version('a', 3, { occurredAt: '2020-04-03' }),
    ]);
    expect(items.map((i) => [i.id, i.revision, i.localDate])).toEqual([['a', 3, '2020-04-03']]);
  });

  it('drop a retracted observation, and one whose current version left the filter or the window', () => {
    const versions = [
      version('kept', 1),
      version('gone', 1),
      retracted('gone'),
      version('relabelled', 1),
      version('relabelled', 2, { actor: 'afghan-forces' }),
      version('moved', 1),
      version('moved', 2, { occurredAt: '2020-04-16' }),
    ];
    expect(ids(incidentItems(accord, reduction, windowOnly, versions))).toEqual(['kept@1']);
  });

  it('count through aliases, by the local date in the accord time zone, and leave out zero amounts', () => {
    const versions = [
      version('alias', 1, { actor: 'taliban-fighters' }),
      version('kabul-17-march', 1, { occurredAt: '2020-03-16T20:00:00Z' }), // 00:30 in Kabul
      version('kabul-16-march', 1, { occurredAt: '2020-03-16T19:00:00Z' }), // 23:30 in Kabul
      version('not-an-attack', 1, { category: 'prisoner_release' }),
    ];
    const items = incidentItems(accord, reduction, windowOnly, versions);
    expect(items.map((i) => [i.id, i.localDate, i.amount])).toEqual([
      ['kabul-17-march', '2020-03-17', 1],
      ['alias', '2020-04-01', 1],
    ]);
  });

  it('put each item in the window or the baseline period, and nothing outside both', () => {
    const versions = [
      version('now', 1),
      version('year-ago', 1, { occurredAt: '2019-04-01' }),
      version('between', 1, { occurredAt: '2019-10-01' }),
    ];
    expect(incidentItems(accord, reduction, withBaseline, versions).map((i) => [i.id, i.inWindow])).toEqual([
      ['year-ago', 'baseline'],
      ['now', 'window'],
    ]);
  });

  it('give their amount of the metric: the prisoners a release counts', () => {
    const release = version('r', 1, {
      category: 'prisoner_release',
      actor: 'government-of-afghanistan',
      prisonersReleased: 250,
      occurredAt: '2020-03-05',
    });
    const items = incidentItems(
      accord,
      commitment('prisoner-release'),
      { period: { from: '2020-02-29', to: '2020-04-15' }, baselinePeriod: null },
      [release],
    );
    expect(items.map((i) => i.amount)).toEqual([250]);
  });
});

describe('evidence periods', () => {
  const entry = (overrides: Partial<SourceVerdict>): SourceVerdict => ({
    source: 'unama',
    verdict: 'compliant',
    basis: 'incidents',
    value: 1,
    baseline: 1,
    changePct: 0,
    period: windowOnly.period,
    selfReported: false,
    ...overrides,
  });

  it('are the window and, for a counted baseline, the same dates a year earlier or the window before signing', () => {
    expect(evidencePeriods(accord, reduction, entry({}))).toEqual(withBaseline);
    const preAccord = { ...reduction, baseline: 'pre-accord' } as Commitment;
    expect(evidencePeriods(accord, preAccord, entry({})).baselinePeriod).toEqual({ from: '2020-01-30', to: '2020-02-28' });
  });

  it('have no baseline period for a fixed baseline, one without coverage, a quota or a prohibition', () => {
    expect(evidencePeriods(accord, { ...reduction, baseline: { value: 120 } }, entry({ baseline: 120 })).baselinePeriod).toBeNull();
    expect(
      evidencePeriods(accord, reduction, entry({ baseline: null, reason: 'no coverage of the baseline period' })).baselinePeriod,
    ).toBeNull();
    expect(evidencePeriods(accord, commitment('prisoner-release'), entry({ baseline: null })).baselinePeriod).toBeNull();
    expect(evidencePeriods(accord, commitment('no-attacks-on-us-forces'), entry({ baseline: null })).baselinePeriod).toBeNull();
  });

  it('are a claim-decided entry’s own period and the baseline period its source named', () => {
    const claim: Claim = {
      source: 'c',
      id: 'x',
      metric: 'attacks',
      filter: { actor: 'taliban' },
      period: { from: '2020-03-01', to: '2020-04-15' },
      value: 537,
      baseline: { period: { from: '2019-03-01', to: '2019-04-15' }, value: 1185 },
    };
    const periods = evidencePeriods(accord, reduction, entry({ basis: 'claim', period: claim.period, baseline: 1185 }), claim);
    expect(periods).toEqual({ period: claim.period, baselinePeriod: claim.baseline!.period });
    const stored = { source: 'c', id: 'x', revision: 2, type: 'aggregate', data: { value: 537 } };
    expect(claimItem(claim, stored)).toEqual({
      source: 'c',
      id: 'x',
      revision: 2,
      occurredAt: null,
      localDate: '2020-04-15',
      amount: 537,
      inWindow: 'window',
      data: { value: 537 },
    });
  });
});

describe('evidence pages', () => {
  const items = incidentItems(
    accord,
    reduction,
    windowOnly,
    ['2020-04-02', '2020-04-01', '2020-04-02', '2020-03-20', '2020-04-15'].map((d, i) => version(`i${i}`, 1, { occurredAt: d })),
  );

  it('follow (localDate, source, id) order and concatenate to the whole list', () => {
    expect(ids(items)).toEqual(['i3@1', 'i1@1', 'i0@1', 'i2@1', 'i4@1']);
    const first = pageAfter(items, null, 2);
    const second = pageAfter(items, first.next, 2);
    const third = pageAfter(items, second.next, 2);
    expect([...first.items, ...second.items, ...third.items]).toEqual(items);
    expect(third.next).toBeNull();
    expect(pageAfter(items, null, 5).next).toBeNull();
  });
});

/** Independent of the selection: what the buckets would hold, from the final observation set. */
function seriesOf(current: Incident[], c: Commitment): DailySeries {
  const series = new DailySeries();
  const filter = resolveFilter(c.filter, accord);
  for (const incident of current) {
    const { day, dims, metrics } = incidentContribution(incident, accord.timezone);
    if (incidentMatches(dims, filter)) series.add(toDayNumber(day), metrics[c.metric] ?? 0);
  }
  return series;
}

describe('evidence adds up', () => {
  const day = fc.integer({ min: 0, max: 420 }).map((n) => new Date(Date.UTC(2019, 2, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const arrival = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    revision: fc.integer({ min: 1, max: 3 }),
    retract: fc.boolean(),
    occurredAt: day,
    actor: fc.constantFrom('taliban', 'taliban-fighters', 'afghan-forces'),
    target: fc.constantFrom('us-forces', 'civilians'),
    prisonersReleased: fc.integer({ min: 0, max: 9 }),
  });

  it.each(['reduce-violence', 'prisoner-release', 'no-attacks-on-us-forces'])(
    '%s: window and baseline items sum to the verdict’s value and baseline',
    (id) => {
      const c = commitment(id);
      fc.assert(
        fc.property(fc.array(arrival, { maxLength: 40 }), day, (arrivals, asOf) => {
          const versions = arrivals.map((a) =>
            a.retract
              ? retracted(a.id)
              : version(a.id, a.revision, {
                  occurredAt: a.occurredAt,
                  actor: id === 'prisoner-release' ? 'afghan-government' : a.actor,
                  target: a.target,
                  prisonersReleased: a.prisonersReleased,
                }),
          );
          const heads = new Map<string, ObservationVersion>();
          for (const v of versions) if (!heads.has(v.id) || v.revision > heads.get(v.id)!.revision) heads.set(v.id, v);
          const current = [...heads.values()].filter((v) => v.type === 'incident').map((v) => v.data as Incident);
          const entry = evaluateSource(accord, c, { series: new Map([['unama', seriesOf(current, c)]]), claims: [] }, 'unama', asOf);
          if (!entry) return;
          const items = incidentItems(accord, c, evidencePeriods(accord, c, entry), versions);
          const sum = (part: string) => items.filter((i) => i.inWindow === part).reduce((total, i) => total + i.amount, 0);
          expect(sum('window')).toBe(entry.value);
          expect(sum('baseline')).toBe(entry.baseline ?? 0);
        }),
        { numRuns: 300 },
      );
    },
  );
});
