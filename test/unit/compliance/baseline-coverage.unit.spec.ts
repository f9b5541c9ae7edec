import { ReductionCommitment } from '../../../src/accords/accord.types';
import { evaluateCommitment } from '../../../src/compliance/commitment';
import { toDayNumber } from '../../../src/compliance/days';
import { DailySeries } from '../../../src/compliance/series';
import { Claim } from '../../../src/compliance/verdict.types';
import { accordOf, reduction } from '../../support/commitments';

/** CONTRACT section 10: an incident-derived baseline counts only from a source that witnessed its period from the start. */
const withBaseline = (baseline: ReductionCommitment['baseline']) => reduction({ baseline });
const accord = accordOf();

function series(...points: Array<[string, number]>): DailySeries {
  const s = new DailySeries();
  for (const [date, amount] of points) s.add(toDayNumber(date), amount);
  return s;
}

const judge = (commitment: ReductionCommitment, s: DailySeries, claims: Claim[] = []) =>
  evaluateCommitment(accord, commitment, { series: new Map([['acled', s]]), claims }, '2020-03-30');

const uncovered = { verdict: 'insufficient_data', baseline: null, changePct: null, reason: 'no coverage of the baseline period' };

describe('baseline coverage', () => {
  it('a previous-year baseline without 2019 data is insufficient_data, not 108 against 0', () => {
    const v = judge(withBaseline('previous-year'), series(['2020-03-05', 108]));
    expect(v.sources[0]).toEqual(expect.objectContaining({ basis: 'incidents', value: 108, ...uncovered }));
    expect(v.verdict).toBe('insufficient_data');
  });

  it('a previous-year baseline counts from a source witnessing on the first day of the baseline period', () => {
    const v = judge(withBaseline('previous-year'), series(['2019-03-01', 20], ['2020-03-05', 30]));
    expect(v.sources[0]).toMatchObject({ value: 30, baseline: 20, changePct: 50, verdict: 'breached' });
    expect(v.sources[0]).not.toHaveProperty('reason');
  });

  it('a previous-year baseline does not count from a source first witnessing the day after it began', () => {
    expect(judge(withBaseline('previous-year'), series(['2019-03-02', 20], ['2020-03-05', 30])).sources[0]).toEqual(
      expect.objectContaining(uncovered),
    );
  });

  it('a witness long before the baseline period covers it even with nothing in it: 0 is then a count', () => {
    expect(judge(withBaseline('previous-year'), series(['2018-06-01', 1], ['2020-03-05', 30])).sources[0]).toMatchObject({
      baseline: 0,
      verdict: 'breached',
    });
  });

  it('a pre-accord baseline needs a witness on or before the day its window began (2020-01-30)', () => {
    expect(judge(withBaseline('pre-accord'), series(['2020-01-30', 20], ['2020-03-05', 20])).sources[0]).toMatchObject({
      baseline: 20,
      verdict: 'compliant',
    });
    expect(judge(withBaseline('pre-accord'), series(['2020-01-31', 20], ['2020-03-05', 20])).sources[0]).toEqual(
      expect.objectContaining(uncovered),
    );
  });

  it('a fixed baseline needs no coverage', () => {
    const v = judge(withBaseline({ value: 100 }), series(['2020-03-05', 108]));
    expect(v.sources[0]).toMatchObject({ value: 108, baseline: 100, changePct: 8, verdict: 'at_risk' });
    expect(v.sources[0]).not.toHaveProperty('reason');
  });

  it('a claim is judged on its own baseline, whatever the source witnessed', () => {
    const claim: Claim = {
      source: 'acled',
      id: 'c',
      metric: 'attacks',
      filter: {},
      period: { from: '2020-03-01', to: '2020-03-30' },
      value: 50,
      baseline: { period: { from: '2019-03-01', to: '2019-03-30' }, value: 100 },
    };
    expect(judge(withBaseline('previous-year'), series(['2020-03-05', 108]), [claim]).sources[0]).toMatchObject({
      basis: 'claim',
      baseline: 100,
      verdict: 'compliant',
    });
  });
});
