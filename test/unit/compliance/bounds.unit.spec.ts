import { ProhibitionCommitment } from '../../../src/accords/accord.types';
import { Claim } from '../../../src/compliance/verdict.types';
import { bounded, versionOf } from '../../support/bounded';
import { quota, reduction } from '../../support/commitments';

/** CONTRACT section 9: given incidents with ranges and low/high counts, when a commitment is evaluated, then its bounds. */
const exact = (prefix: string, count: number, occurredAt: string) =>
  Array.from({ length: count }, (_, i) => versionOf({ id: `${prefix}-${i}`, occurredAt }));
const week = { from: '2020-03-28', to: '2020-04-03' };
const rule = reduction({ minEvents: 0 });

describe('bounds of a reduction', () => {
  // the early incident makes the source a witness of every baseline period below
  const base = [...exact('c', 1, '2019-01-01'), ...exact('b', 10, '2019-04-10'), ...exact('w', 10, '2020-04-10')];

  it('counts an event whose week straddles the window start in high only, breaking the tie at +10% towards at_risk', () => {
    const [entry] = bounded(rule, [...base, versionOf({ id: 'x', occurredAt: '2020-03-30', dateRange: week })], '2020-04-30').sources;
    expect(entry).toMatchObject({ value: 10, baseline: 10, verdict: 'compliant', certain: false });
    expect(entry.bounds).toEqual({
      low: { value: 10, baseline: 10, changePct: 0, verdict: 'compliant' },
      high: { value: 11, baseline: 10, changePct: 10, verdict: 'at_risk' },
    });
  });

  it('leaves out of low an event the best reading counts on its recorded day inside the window', () => {
    const [entry] = bounded(rule, [...base, versionOf({ id: 'x', occurredAt: '2020-04-01', dateRange: week })], '2020-04-30').sources;
    expect([entry.bounds!.low.value, entry.value, entry.bounds!.high.value]).toEqual([10, 11, 11]);
  });

  it('moves the baseline the other way for a month-precise event of the baseline year', () => {
    const month = (occurredAt: string) => versionOf({ id: 'm', occurredAt, dateRange: { from: '2019-03-01', to: '2019-03-31' } });
    const before = bounded(rule, [...base, month('2019-03-01')], '2020-04-15').sources[0];
    expect(before).toMatchObject({ baseline: 10, bounds: { low: { baseline: 11 }, high: { baseline: 10 } }, certain: true });
    const inside = bounded(rule, [...base, month('2019-03-20')], '2020-04-15').sources[0];
    expect(inside).toMatchObject({ baseline: 11, bounds: { low: { baseline: 11 }, high: { baseline: 10, changePct: 0 } } });
  });

  it('judges coverage on the best reading only: an uncovered baseline stays null at every bound', () => {
    const [entry] = bounded(
      rule,
      [versionOf({ id: 'x', occurredAt: '2020-04-01', dateRange: { from: '2019-04-02', to: '2020-04-01' } })],
      '2020-04-30',
    ).sources;
    expect(entry).toMatchObject({
      verdict: 'insufficient_data',
      certain: true,
      bounds: { low: { baseline: null }, high: { baseline: null } },
    });
  });
});

describe('bounds of a prohibition and of counts per group', () => {
  const prohibition = (metric: string): ProhibitionCommitment => ({
    id: 'p',
    kind: 'prohibition',
    metric,
    filter: {},
    alerting: { forDays: 0, keepFiringForDays: 0 },
    window: { days: 30 },
  });

  it('is breached at the high estimate only for an event that may have happened in the window', () => {
    const verdict = bounded(prohibition('attacks'), [versionOf({ id: 'x', occurredAt: '2020-03-30', dateRange: week })], '2020-04-30');
    expect(verdict.sources[0]).toMatchObject({
      verdict: 'compliant',
      bounds: { low: { verdict: 'compliant' }, high: { value: 1, verdict: 'breached' } },
      certain: false,
    });
    expect(verdict.certain).toBe(false);
  });

  it('counts killed at low and high per group, a group the bound leaves out at its best', () => {
    const killed = versionOf({
      id: 'k',
      occurredAt: '2020-04-10',
      killed: { civilians: 1, police: 2 },
      killedLow: { civilians: 0 },
      killedHigh: { police: 5 },
    });
    const total = bounded(prohibition('killed'), [killed], '2020-04-30').sources[0];
    expect([total.bounds!.low.value, total.value, total.bounds!.high.value]).toEqual([2, 3, 6]);
    const civilians = bounded(prohibition('killed.civilians'), [killed], '2020-04-30').sources[0];
    expect(civilians).toMatchObject({
      value: 1,
      verdict: 'breached',
      bounds: { low: { value: 0, verdict: 'compliant' }, high: { value: 1 } },
      certain: false,
    });
  });

  it('marks a claim entry certain, and the commitment certain when every entry is', () => {
    const claim: Claim = {
      source: 'unama',
      id: 'c',
      metric: 'attacks',
      filter: {},
      period: { from: '2020-04-01', to: '2020-04-30' },
      value: 0,
      baseline: null,
    };
    const verdict = bounded(prohibition('attacks'), exact('w', 1, '2020-04-10'), '2020-04-30', [claim]);
    expect(verdict.sources.map((e) => [e.source, e.certain, e.bounds === undefined])).toEqual([
      ['acled', true, false],
      ['unama', true, true],
    ]);
    expect(verdict.certain).toBe(true);
  });
});

describe('bounds of a quota', () => {
  const commitment = quota();

  it('counts a release whose range begins before the start at high only, so low is the unfavourable reading', () => {
    const release = versionOf({
      id: 'r',
      occurredAt: '2020-03-01',
      category: 'prisoner_release',
      prisonersReleased: 50,
      dateRange: { from: '2020-02-25', to: '2020-03-05' },
    });
    const [entry] = bounded(commitment, [release], '2020-03-10').sources;
    expect(entry).toMatchObject({
      value: 50,
      verdict: 'compliant',
      bounds: { low: { value: 0, verdict: 'at_risk' }, high: { value: 50, verdict: 'compliant' } },
      certain: false,
    });
  });

  it('counts nothing at either bound as of a date before its start, however far a range reaches into it', () => {
    const reaching = versionOf({
      id: 'r',
      occurredAt: '2020-01-24',
      category: 'prisoner_release',
      prisonersReleased: 5,
      dateRange: { from: '2020-01-24', to: '2020-03-01' },
    });
    const [entry] = bounded(commitment, [reaching], '2020-02-19').sources;
    expect(entry).toMatchObject({ value: 0, bounds: { low: { value: 0 }, high: { value: 0 } }, certain: true });
  });
});
