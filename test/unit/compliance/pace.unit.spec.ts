import { toDayNumber } from '../../../src/compliance/days';
import { entryPace, projectPace } from '../../../src/compliance/pace';
import { DailySeries } from '../../../src/compliance/series';
import { SourceVerdict } from '../../../src/compliance/verdict.types';
import { quota } from '../../support/commitments';

/** CONTRACT section 9: a quota's projection at the pace of its last 30 days. */
const rule = { target: 100, deadline: '2020-03-31' };

describe('quota pace', () => {
  it('projects the day the target is reached and the shortfall left at the deadline', () => {
    expect(projectPace(40, 30, 30, '2020-03-10', rule)).toEqual({ projectedCompletion: '2020-05-09', projectedShortfall: 39 });
  });

  it('has no completion date at a pace of 0, and falls short by all that is missing', () => {
    expect(projectPace(40, 0, 30, '2020-03-10', rule)).toEqual({ projectedCompletion: null, projectedShortfall: 60 });
  });

  it('falls short by nothing when the pace reaches the target before the deadline', () => {
    expect(projectPace(40, 90, 30, '2020-03-10', rule)).toEqual({ projectedCompletion: '2020-03-30', projectedShortfall: 0 });
  });

  it('has no completion date once fulfilled', () => {
    expect(projectPace(120, 30, 30, '2020-03-10', rule)).toEqual({ projectedCompletion: null, projectedShortfall: 0 });
  });

  it('after the deadline falls short by what is still missing', () => {
    expect(projectPace(40, 30, 30, '2020-04-10', rule).projectedShortfall).toBe(60);
  });

  const commitment = quota(rule);
  const entry = (basis: SourceVerdict['basis'], value: number, period: SourceVerdict['period']): SourceVerdict => ({
    source: 's',
    verdict: 'compliant',
    basis,
    value,
    baseline: null,
    changePct: null,
    period,
    selfReported: false,
  });

  it('measures an incident-derived pace over the days since the start when fewer than 30', () => {
    const series = new DailySeries();
    series.add(toDayNumber('2020-03-02'), 20);
    // 20 in the 10 days since the start: 2 a day, 80 missing, 40 days
    expect(entryPace(commitment, entry('incidents', 20, { from: '2020-03-01', to: '2020-03-10' }), series).projectedCompletion).toBe(
      '2020-04-19',
    );
  });

  it('measures only the last 30 days of a longer run', () => {
    // 30 in 12 March-10 April: 1 a day, 20 missing
    const series = new DailySeries();
    series.add(toDayNumber('2020-03-01'), 50);
    series.add(toDayNumber('2020-03-20'), 30);
    expect(
      entryPace({ ...commitment, deadline: '2020-06-30' }, entry('incidents', 80, { from: '2020-03-01', to: '2020-04-10' }), series)
        .projectedCompletion,
    ).toBe('2020-04-30');
  });

  it('measures a claim over its own period', () => {
    // 50 claimed over 10 days: 5 a day, 50 missing, 10 days
    expect(entryPace(commitment, entry('claim', 50, { from: '2020-03-01', to: '2020-03-10' }), undefined).projectedCompletion).toBe(
      '2020-03-20',
    );
  });
});
